"""What search engines should crawl: ``sitemap.xml`` and the Google News sitemap.

Only what readers may see is listed (``published()`` decides), and each sitemap costs
the same queries however long it is. Sections, series and authors take their ``lastmod``
from their latest published article. The theatre's performances have their own sitemap
in ``events.sitemaps`` (``articles`` never imports ``events``); ``newsroom.urls`` puts
them together.
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from .models import Article, Author, Issue, Page, Section, Series, published_article

NEWS_SITEMAP_DAYS = 2  # Google News reads articles published in the last two days
NEWS_SITEMAP_LIMIT = 1000  # and at most this many URLs per sitemap


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return Article.objects.published().aggregate(latest=Max("updated"))["latest"]


class CorrectionsSitemap(Sitemap):
    """The corrections page; its lastmod is left out to keep the sitemap's queries as they are."""

    changefreq = "weekly"

    def items(self):
        return ["articles:corrections"]

    def location(self, name):
        return reverse(name)


class IssueSitemap(Sitemap):
    def items(self):
        return Issue.objects.published().order_by("-date").only("date", "updated")

    def lastmod(self, issue):
        return issue.updated


class PageSitemap(Sitemap):
    """The printed pages that show their image: a page without one is its issue's list."""

    def items(self):
        pages = Page.objects.filter(issue__in=Issue.objects.published()).exclude(image="")
        return pages.select_related("issue").only("number", "issue__date", "issue__updated")

    def lastmod(self, page):
        return page.issue.updated


class ArticleSitemap(Sitemap):
    def items(self):
        # Every published article of the archive: only what a <url> needs, not the text.
        return Article.objects.published().order_by("-published_at", "pk").only("updated")

    def lastmod(self, article):
        return article.updated


class LatestArticleSitemap(Sitemap):
    """Things listed with the time their newest published article last changed."""

    def lastmod(self, thing):
        return thing.latest_article_update


class SectionSitemap(LatestArticleSitemap):
    def items(self):
        latest = Max("articles__updated", filter=published_article("articles__"))
        return Section.objects.annotate(latest_article_update=latest).order_by("position", "name")


class SeriesSitemap(LatestArticleSitemap):
    """Series with something published: the page of one without is not found."""

    def items(self):
        latest = Max("articles__updated")  # of the published ones: in_print() joined them
        return Series.objects.in_print().annotate(latest_article_update=latest).order_by("name")


class AuthorSitemap(LatestArticleSitemap):
    """Authors with something published: the page of one known only from drafts is not found."""

    def items(self):
        latest = Max("bylines__article__updated")  # of the published ones, as for series
        return Author.objects.in_print().annotate(latest_article_update=latest).order_by("name")


class NewsSitemap(Sitemap):
    """Articles of the last two days, for ``sitemap-news.xml``."""

    limit = NEWS_SITEMAP_LIMIT

    def items(self):
        since = timezone.now() - datetime.timedelta(days=NEWS_SITEMAP_DAYS)
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .order_by("-published_at", "pk")
            .only("title", "published_at", "updated")
        )

    def lastmod(self, article):
        return article.updated


SITEMAPS = {
    "home": HomeSitemap,
    "issues": IssueSitemap,
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "series": SeriesSitemap,
    "authors": AuthorSitemap,
    "corrections": CorrectionsSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}
