"""Search results' headlines and snippets with the query's words marked (articles.highlight)."""

from django import template

from articles import highlight as marking

register = template.Library()


@register.filter
def highlight(text, words):
    """``{{ article.title|highlight:words }}``: escaped, the words in ``<mark>``."""
    return marking.highlight(text, words)


@register.filter
def snippet(body, words):
    """``{{ article.body|snippet:words }}``: about 120 characters around the first match."""
    return marking.snippet(body, words)
