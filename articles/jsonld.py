"""An article as schema.org ``NewsArticle`` JSON-LD, with where it was printed.

Who did what is said the way search engines read it: writers (reporters,
correspondents, commentators) are ``author`` Persons whose ``jobTitle`` is their role on
the byline; photographers (the photo's credited photographer, then any other
photographer bylines) are the ``creator`` of the photo, or ``contributor`` when no photo file is
attached. The ``image`` is the photo's largest rendition (``newsroom.images``), or without a
photo the paper's card, as Google asks an image of every article. The print location
uses ``printEdition`` (the issue), ``printSection`` and, when the article is on a page,
``printPage`` (its number). Corrections are ``correction`` CorrectionComments, and
``dateModified`` is at least the date of the latest: a correction changes the article for its
readers.
"""

import json

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from newsroom.addresses import absolute_url, site_picture

from .models import Article, Byline, Correction, last_modified

PAPER = "解放区报"

# Inside <script>, "</script>" or "<!--" in a headline would end or break the element.
# JSON may spell any character as \uXXXX, so these never appear literally.
SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


def script_text(data: dict) -> str:
    """``data`` as JSON that can stand inside a ``<script>`` element as it is."""
    return json.dumps(data, ensure_ascii=False).translate(SCRIPT_SAFE)


def iso_time(moment) -> str:
    """A time in the paper's zone (Asia/Shanghai), e.g. 2022-08-25T00:00:00+08:00."""
    return timezone.localtime(moment, timezone.get_default_timezone()).isoformat("T", "seconds")


def print_edition(issue) -> str:
    """The issue as the masthead prints it (第1234期), or its date when the number is unknown."""
    return f"第{issue.number}期" if issue.number else issue.date.isoformat()


def person(byline: Byline) -> dict:
    return {
        "@type": "Person",
        "name": byline.author.name,
        "url": absolute_url(byline.author.get_absolute_url()),
        "jobTitle": byline.get_role_display(),
    }


def correction_comment(correction: Correction) -> dict:
    return {
        "@type": "CorrectionComment",
        "url": absolute_url(correction.get_absolute_url()),
        "text": correction.text,
        "datePublished": iso_time(correction.published_at),
    }


def present(mapping: dict) -> dict:
    """The entries that say something: empty strings and lists and ``None`` are left out."""
    return {key: value for key, value in mapping.items() if value not in ("", None, [])}


def picture(article: Article) -> dict:
    """The picture that stands for ``article`` where it is shared or listed by machines: its
    photo's largest rendition, or the paper's card (``SITE_CARD``) when it has none; with its
    absolute ``url``, ``width``, ``height`` (None when unknown) and ``alt`` text."""
    if not article.photo:
        return site_picture(settings.SITE_CARD)
    largest = article.photo.largest
    return {
        "url": absolute_url(largest.url if largest else article.photo.url),
        "width": largest.width if largest else None,
        "height": largest.height if largest else None,
        "alt": article.photo_alt or article.photo_caption or article.title,
    }


def news_article(article: Article) -> dict:
    """The JSON-LD of ``article`` (from ``for_reading()``, with its corrections from
    ``prefetch_published_corrections()``)."""
    url = absolute_url(article.get_absolute_url())
    # Role labels in the content's language, whatever language the interface speaks.
    with translation.override(settings.LANGUAGE_CODE):
        bylines = [(b.role, person(b)) for b in article.bylines.all()]
    writers = [p for role, p in bylines if role != Byline.Role.PHOTOGRAPHER]
    photographers = [p for role, p in bylines if role == Byline.Role.PHOTOGRAPHER]
    subtitles = article.subtitle_list
    if article.photographer:
        # The credit names the photographer, whether or not a byline does.
        with translation.override(settings.LANGUAGE_CODE):
            credited = Byline(author=article.photographer, role=Byline.Role.PHOTOGRAPHER)
            credited = person(credited)
        photographers = [credited, *(p for p in photographers if p["url"] != credited["url"])]
    shown = picture(article)
    image = present(
        {
            "@type": "ImageObject",
            "url": shown["url"],
            "width": shown["width"],
            "height": shown["height"],
            "caption": article.photo_caption if article.photo else "",
            "description": shown["alt"],
            "creditText": article.photo_credit if article.photo else "",
            "creator": photographers if article.photo else [],
        }
    )
    series = (
        {
            "@type": "CreativeWorkSeries",
            "name": article.series.name,
            "url": absolute_url(article.series.get_absolute_url()),
        }
        if article.series
        else None
    )
    return present(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
            "headline": article.title,
            "alternativeHeadline": subtitles[0] if len(subtitles) == 1 else subtitles,
            "description": article.summary,
            "dateline": article.dateline,
            "datePublished": iso_time(article.published_at),
            "dateModified": iso_time(last_modified(article)),
            "inLanguage": "zh-Hans",
            "author": writers,
            "contributor": [] if article.photo else photographers,
            "image": image,
            "articleSection": article.section.name,
            "isPartOf": series,
            "position": article.series_number,  # the article's place in its series
            "printEdition": print_edition(article.issue) if article.issue else None,
            "printSection": article.section.name,
            "correction": [correction_comment(c) for c in article.published_corrections],
            "printPage": str(article.page.number) if article.page else None,
            "publisher": publisher(),
        }
    )


def publisher() -> dict:
    """The paper, with its logo (``SITE_LOGO``)."""
    logo = site_picture(settings.SITE_LOGO)
    return {
        "@type": "NewsMediaOrganization",
        "name": PAPER,
        "url": absolute_url(reverse("home")),
        "logo": {"@type": "ImageObject", **{key: logo[key] for key in ("url", "width", "height")}},
    }


def website() -> dict:
    """The home page: the site, by the paper, and how to search it (Google's sitelinks box)."""
    search = absolute_url(reverse("articles:search"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": PAPER,
        "url": absolute_url(reverse("home")),
        "inLanguage": "zh-Hans",
        "publisher": publisher(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumbs(*steps: tuple[str, str]) -> dict:
    """A ``BreadcrumbList`` of (name, path) steps from the home page down."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": absolute_url(path)}
            for n, (name, path) in enumerate(steps, start=1)
        ],
    }


def archive_steps(month) -> list[tuple[str, str]]:
    """The way from the home page to a month of the archive (in the content's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        archive, named = gettext("Past issues"), date_format(month, "YEAR_MONTH_FORMAT")
    return [
        (PAPER, reverse("home")),
        (archive, reverse("articles:issue_list")),
        (
            named,
            reverse("articles:issue_month", kwargs={"year": month.year, "month": month.month}),
        ),
    ]


def month_page(month) -> dict:
    """A month of the archive: where it stands in the site."""
    return {"@context": "https://schema.org", **breadcrumbs(*archive_steps(month))}


def collection_page(issue) -> dict:
    """An issue's page: the collection of its articles, and where it stands in the archive."""
    with translation.override(settings.LANGUAGE_CODE):
        name = f"{PAPER} {date_format(issue.date, 'DATE_FORMAT')} {print_edition(issue)}"
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": name,
        "url": absolute_url(issue.get_absolute_url()),
        "datePublished": issue.date.isoformat(),
        "inLanguage": "zh-Hans",
        "isPartOf": {"@type": "WebSite", "name": PAPER, "url": absolute_url(reverse("home"))},
        "breadcrumb": breadcrumbs(
            *archive_steps(issue.date), (print_edition(issue), issue.get_absolute_url())
        ),
    }


def profile_page(name: str, path: str) -> dict:
    """A person's page (an author's, a performer's): Google's ``ProfilePage`` of a ``Person``."""
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": absolute_url(path),
        "mainEntity": {"@type": "Person", "name": name, "url": absolute_url(path)},
    }
