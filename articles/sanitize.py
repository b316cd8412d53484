"""The one place rich text is made safe: every stored body passes through ``clean_html``.

django-ckeditor does no server-side cleaning, so the allowlist here is what keeps
hostile HTML (scripts, event handlers, ``javascript:`` links) out of the database.
``plain_text`` is the other way out of HTML: the words alone, for summaries, feeds, search.
"""

import html
import re

import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html: str) -> str:
    """Return ``html`` with everything outside the newsroom's allowlist removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


BLOCK_BOUNDARY = re.compile(
    r"<(?:br|/?(?:p|div|h[1-6]|li|ul|ol|blockquote|figure|figcaption|tr|td|th))\b[^>]*>",
    re.IGNORECASE,
)


def plain_text(body: str) -> str:
    """The body's text as readers see it: no tags, entities decoded, blocks kept apart."""
    return " ".join(html.unescape(strip_tags(BLOCK_BOUNDARY.sub(" ", body))).split())
