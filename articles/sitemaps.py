"""What search engines should crawl: ``sitemap.xml`` and the Google News sitemap.

Only what readers may see is listed (``published()`` decides), and each sitemap costs
the same queries however long it is. Sections, series and authors take their ``lastmod``
from their latest published article. The theatre's performances have their own sitemap
in ``events.sitemaps`` (``articles`` never imports ``events``); ``newsroom.urls`` puts
them together.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from .models import Article, Author, Column, Issue, Page, Section, Series, published_article

NEWS_SITEMAP_DAYS = 2  # Google News reads articles published in the last two days
NEWS_SITEMAP_LIMIT = 1000  # and at most this many URLs per sitemap


class SiteSitemap(Sitemap):
    """URLs on the site's own address (``SITE_URL``), whatever name the sitemap was read by."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class HomeSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return Article.objects.published().aggregate(latest=Max("updated"))["latest"]


class CorrectionsSitemap(SiteSitemap):
    """The corrections page; its lastmod is left out to keep the sitemap's queries as they are."""

    changefreq = "weekly"

    def items(self):
        return ["articles:corrections"]

    def location(self, name):
        return reverse(name)


class IssueSitemap(SiteSitemap):
    def items(self):
        return Issue.objects.published().order_by("-date").only("date", "updated")

    def lastmod(self, issue):
        return issue.updated


class PageSitemap(SiteSitemap):
    """The printed pages that show their image: a page without one is its issue's list."""

    def items(self):
        pages = Page.objects.filter(issue__in=Issue.objects.published()).exclude(image="")
        return pages.select_related("issue").only("number", "issue__date", "issue__updated")

    def lastmod(self, page):
        return page.issue.updated


class ArticleSitemap(SiteSitemap):
    def items(self):
        # Every published article of the archive: only what a <url> needs, not the text.
        return Article.objects.published().order_by("-published_at", "pk").only("updated")

    def lastmod(self, article):
        return article.updated


class LatestArticleSitemap(SiteSitemap):
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


class ColumnSitemap(LatestArticleSitemap):
    """Columns with something published: the page of one without is not found."""

    def items(self):
        latest = Max("articles__updated")  # of the published ones, as for series
        return Column.objects.in_print().annotate(latest_article_update=latest).order_by("name")


class ArchiveSitemap(SiteSitemap):
    """The archive: its list of months, and each month with an issue as a calendar."""

    def items(self):
        return [None, *(row["month"] for row in Issue.objects.published().months())]

    def location(self, month):
        if month is None:
            return reverse("articles:issue_list")
        return reverse("articles:issue_month", kwargs={"year": month.year, "month": month.month})


class AuthorSitemap(LatestArticleSitemap):
    """Authors with something published: the page of one known only from drafts is not found."""

    def items(self):
        latest = Max("bylines__article__updated")  # of the published ones, as for series
        return Author.objects.in_print().annotate(latest_article_update=latest).order_by("name")


class NewsSitemap(SiteSitemap):
    """Articles of the last two days, for ``sitemap-news.xml``."""

    limit = NEWS_SITEMAP_LIMIT

    def items(self):
        """The last two days' articles; when none, the newest, as a sitemap lists at least one
        URL (sitemaps.org's schema) and Google News reads one older than two days as known."""
        since = timezone.now() - datetime.timedelta(days=NEWS_SITEMAP_DAYS)
        newest = (
            Article.objects.published()
            .order_by("-published_at", "pk")
            .only("title", "published_at", "updated")
        )
        return newest.filter(published_at__gte=since) or newest[:1]

    def lastmod(self, article):
        return article.updated


SITEMAPS = {
    "home": HomeSitemap,
    "archive": ArchiveSitemap,
    "issues": IssueSitemap,
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "columns": ColumnSitemap,
    "series": SeriesSitemap,
    "authors": AuthorSitemap,
    "corrections": CorrectionsSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}
