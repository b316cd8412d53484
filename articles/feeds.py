"""RSS and Atom feeds of the latest published articles: the whole paper, a section, a
series or an author; and a feed of the latest corrections.

Every feed asks ``Article.objects.published()`` what readers may see and
``for_listing()`` for the sections, columns, series and bylines an item names, so a
feed costs the same few queries however many items it has. An article's item carries its
corrections, and is updated as of the latest; a correction to an article too old to be
among the latest items reaches subscribers through the corrections feed.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsroom.addresses import absolute_url

from .models import (
    Article,
    Author,
    Correction,
    Section,
    Series,
    last_modified,
    prefetch_published_corrections,
)
from .sanitize import plain_text

PAPER = "解放区报"
ITEMS_PER_FEED = 20
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


def first_paragraph(body: str) -> str:
    """The first non-empty paragraph of stored rich text, as plain text."""
    for paragraph in body.split("</p>"):
        if text := plain_text(paragraph):
            return text
    return ""


def correction_line(correction: Correction) -> str:
    """A correction as one marked line of plain text: 更正（2022年8月27日）：……"""
    day = date_format(timezone.localtime(correction.published_at), "DATE_FORMAT")
    return gettext("Correction (%(date)s): %(text)s") % {"date": day, "text": correction.text}


def feed_title(thing=None) -> str:
    """The paper's name, after the section, series or author a feed is about."""
    return PAPER if thing is None else f"{thing.name} · {PAPER}"


class RssWithAuthors(Rss201rev2Feed):
    """RSS 2.0 with one ``dc:creator`` per author: RSS's own ``author`` wants an email."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["author_names"]:
            handler.addQuickElement("dc:creator", name, {"xmlns:dc": DUBLIN_CORE})


class AtomWithAuthors(Atom1Feed):
    """Atom with one ``author`` element per author, as RFC 4287 allows."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["author_names"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class SiteFeed(Feed):
    """A feed whose every address is the site's own (``SITE_URL``), whatever name it was read by."""

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute_url(request.path)
        return feed

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())


class LatestArticlesFeed(SiteFeed):
    """The newest published articles of the whole paper; subclasses narrow ``articles()``."""

    feed_type = RssWithAuthors
    language = "zh-Hans"
    author_name = PAPER  # Atom needs an author for items without a byline.
    item_guid_is_permalink = True
    description = _("The latest articles of 解放区报, the district newspaper of Jiefang District.")

    def title(self, obj=None):
        return feed_title(obj)

    def subtitle(self, obj=None):
        """Atom's name for the description."""
        return self.description

    def link(self, obj=None):
        return absolute_url(reverse("home") if obj is None else obj.get_absolute_url())

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        newest_first = self.articles(obj).for_listing().order_by("-published_at", "position", "pk")
        return newest_first.prefetch_related(prefetch_published_corrections())[:ITEMS_PER_FEED]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        """Subtitles, the lead paragraph, then each correction: plain text, escaped for
        readers that read HTML."""
        lines = [
            *article.subtitle_list,
            first_paragraph(article.body),
            *map(correction_line, article.published_corrections),
        ]
        return escape("\n".join(line for line in lines if line))

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return last_modified(article)

    def item_categories(self, article):
        named = (article.section, article.column, article.series)
        return [thing.name for thing in named if thing is not None]

    def item_extra_kwargs(self, article):
        names = [byline.author.name for byline in article.bylines.all()]
        return {"author_names": list(dict.fromkeys(names))}  # one entry for two roles


class SectionFeed(LatestArticlesFeed):
    description = _("The latest articles of one section of 解放区报.")

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def articles(self, section):
        return Article.objects.published().filter(section=section)


class SeriesFeed(LatestArticlesFeed):
    """A series, newest first; like its page, not there before something of it is published."""

    description = _("The latest articles of a series in 解放区报.")

    def get_object(self, request, slug):
        return get_object_or_404(Series.objects.in_print(), slug=slug)

    def articles(self, series):
        return Article.objects.published().filter(series=series)


class AuthorFeed(LatestArticlesFeed):
    """An author's articles; like their page, not there for an author known only from drafts."""

    description = _("The latest articles of one author in 解放区报.")

    def get_object(self, request, slug):
        return get_object_or_404(Author.objects.in_print(), slug=slug)

    def articles(self, author):
        return Article.objects.published().by_author(author)


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = AtomWithAuthors


class SectionAtomFeed(SectionFeed):
    feed_type = AtomWithAuthors


class SeriesAtomFeed(SeriesFeed):
    feed_type = AtomWithAuthors


class AuthorAtomFeed(AuthorFeed):
    feed_type = AtomWithAuthors


class CorrectionsFeed(SiteFeed):
    """The newest corrections, each linking to its place on the corrected article's page."""

    feed_type = Rss201rev2Feed
    language = "zh-Hans"
    author_name = PAPER
    item_guid_is_permalink = True
    description = _("The latest corrections of 解放区报: what it got wrong and what is right.")

    def title(self):
        return f"{gettext('Corrections')} · {PAPER}"

    def subtitle(self):
        return self.description

    def link(self):
        return absolute_url(reverse("articles:corrections"))

    def items(self):
        newest_first = Correction.objects.published().order_by("-published_at", "-pk")
        return newest_first.select_related("article")[:ITEMS_PER_FEED]

    def item_title(self, correction):
        return gettext("Correction: %(headline)s") % {"headline": correction.article.title}

    def item_description(self, correction):
        return escape(correction.text)

    def item_pubdate(self, correction):
        return correction.published_at

    def item_updateddate(self, correction):
        return correction.published_at


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = Atom1Feed


def corrections_feeds() -> dict:
    """The title and the RSS and Atom URLs of the corrections feed, for its page's links."""
    return {
        "title": CorrectionsFeed().title(),
        "rss_url": reverse("articles:corrections_rss"),
        "atom_url": reverse("articles:corrections_atom"),
    }
