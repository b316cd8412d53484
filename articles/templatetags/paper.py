"""Small template helpers for the reader pages: series numbers, canonical URLs, nav, QR codes."""

import functools

import segno
from django import template
from django.conf import settings
from django.utils.encoding import escape_uri_path
from django.utils.safestring import mark_safe

from articles.models import Section
from newsroom.addresses import absolute_url, site_picture

register = template.Library()

CIRCLED_DIGITS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@register.filter
def series_number(number):
    """The number of an article in its series as the paper prints it: ④, or 第21篇 past ⑳.

    This is the content's own typography (it follows the Chinese series name), not an
    interface string, so it is not translated.
    """
    if number is None or number == "":
        return ""
    number = int(number)
    if 1 <= number <= len(CIRCLED_DIGITS):
        return CIRCLED_DIGITS[number - 1]
    return f"第{number}篇"


def this_path(context) -> str:
    """The address of the page being rendered, as links give it (``get_absolute_url``): its
    own (``page_path``) when it is rendered to be kept for every reader (``articles.parts``),
    else the request's."""
    request = context.get("request")
    return context.get("page_path") or (escape_uri_path(request.path) if request else "/")


@register.simple_tag(takes_context=True)
def canonical_url(context, obj=None):
    """The absolute URL of ``obj`` (or of this page), keeping only the page number."""
    path = obj.get_absolute_url() if obj is not None else this_path(context)
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        path = f"{path}?page={page.number}"
    return absolute_url(path)


@register.simple_tag
def site_card():
    """The paper's card (``SITE_CARD``), the picture of a shared page without one of its own."""
    return site_picture(settings.SITE_CARD)


@register.inclusion_tag("includes/nav.html", takes_context=True)
def site_nav(context):
    """The main navigation: home, the sections (one query), the theatre, the issue list."""
    return {"sections": Section.objects.all(), "current_path": this_path(context)}


@register.simple_tag
@functools.lru_cache(maxsize=1024)
def qr_code(url):
    """``url`` as a QR code in inline SVG (about 2 KB), drawn here: no image request, no script.

    Sized by CSS (no width or height attributes); dark modules on white keep it scannable in
    any colour scheme. Drawing takes tens of milliseconds and a URL's code never changes, so
    each process keeps the latest thousand.
    """
    code = segno.make(url, error="m")
    # Safe: segno writes the SVG itself; the URL is only encoded in the modules' pattern.
    return mark_safe(
        code.svg_inline(
            scale=1, border=2, dark="#000", light="#fff", omitsize=True, svgclass="qr-code"
        )
    )
