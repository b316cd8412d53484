"""The site's absolute addresses, made from its own address (``SITE_URL``), never from the name
a request came by: a page read through a CDN or another alias names the same canonical URLs,
and what is rendered once (an article's part) is the same for every reader."""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.templatetags.static import static
from django.utils.encoding import iri_to_uri


def absolute_url(location: str) -> str:
    """``location``, a path on this site or an address elsewhere (a media CDN's), absolute,
    its Chinese characters percent-encoded as a URI's are."""
    return iri_to_uri(urljoin(settings.SITE_URL, location))


def site_domain() -> str:
    """The site's own host name, as names meant to last (calendar UIDs) carry it."""
    return urlsplit(settings.SITE_URL).hostname


def site_picture(picture: dict) -> dict:
    """``SITE_LOGO`` or ``SITE_CARD``, with the absolute URL of its static file."""
    return {**picture, "url": absolute_url(static(picture["path"]))}
