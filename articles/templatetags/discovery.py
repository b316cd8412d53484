"""Template helpers that help readers and machines find the paper: feeds, JSON-LD, URLs."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.feeds import feed_title
from articles.jsonld import news_article, script_text

register = template.Library()


@register.filter
def json_ld(data):
    """``data`` as a ``<script type="application/ld+json">`` element (Django's ``json_script``
    writes ``application/json``, which search engines ignore), escaped as it escapes."""
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(script_text(data))
    )


@register.simple_tag
def news_article_jsonld(article):
    """The article's JSON-LD, escaped to stand inside <script type="application/ld+json">."""
    return mark_safe(script_text(news_article(article)))


def feeds_of(thing=None) -> dict:
    """The title and the RSS and Atom URLs of the feeds of a section, series or author
    (the routes are named after the model), or of the whole paper."""
    if thing is None:
        return {
            "title": feed_title(),
            "rss_url": reverse("articles:latest_rss"),
            "atom_url": reverse("articles:latest_atom"),
        }
    name, kwargs = thing._meta.model_name, {"slug": thing.slug}
    return {
        "title": feed_title(thing),
        "rss_url": reverse(f"articles:{name}_rss", kwargs=kwargs),
        "atom_url": reverse(f"articles:{name}_atom", kwargs=kwargs),
    }


@register.inclusion_tag("articles/includes/feed_alternates.html")
def feed_alternates(thing=None):
    """<link rel="alternate"> elements for the page's <head>, so browsers find the feeds."""
    return feeds_of(thing)


@register.inclusion_tag("articles/includes/feed_links.html")
def feed_links(thing):
    """Visible links to the feeds, for readers who subscribe by hand."""
    return feeds_of(thing)
