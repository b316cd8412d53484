"""Search results' headlines and snippets with the query's words marked (articles.search)."""

from django import template

from articles import search

register = template.Library()


@register.filter
def highlight(text, words):
    """``{{ article.title|highlight:words }}``: escaped, the words in ``<mark>``."""
    return search.highlight(text, words)


@register.filter
def snippet(body, words):
    """``{{ article.body|snippet:words }}``: about 120 characters around the first match."""
    return search.snippet(body, words)
