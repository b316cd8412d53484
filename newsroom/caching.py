"""Reader pages cached whole, and forgotten as soon as anything they may show is edited.

Invalidation is by version, not by page: every cached page is stored with the site-wide
*content version* it was rendered under, which any save or delete of a model readers see
moves on; a page of an older version is a miss. An edit to one author
can change the issue, home, section, search and author pages at once; a new version
reaches them all without a list of which pages show what, at the price of re-rendering
pages that did not change (a few hundred milliseconds of work, once per page per edit).
The version and the page are read together, in one round trip to the cache (one ``MGET``
on Redis): a hit costs no more than that, and no edit is ever missed by a stale copy of the
version kept anywhere else.

Time also changes pages without an edit: an article scheduled for 8:00 appears, a
performance moves from "upcoming" to "past". Cached pages therefore live only
``READER_CACHE_SECONDS`` (60 s in production), which bounds how late a scheduled
publication shows.

Only anonymous readers' GET and HEAD requests are cached, and only ``200`` responses
that set no cookie: staff get fresh pages marked never to be cached anywhere, and a page
carrying a message for one visitor is never kept for the next. The footer's language form
carries no CSRF token for the same reason (see ``newsroom.views.switch_language``).
"""

import hashlib
import time
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.translation import get_language

CONTENT_VERSION_KEY = "content-version"
READER_MODELS = (  # everything a reader page may show
    "articles.Issue",
    "articles.Article",
    "articles.Byline",
    "articles.Author",
    "articles.Section",
    "articles.Column",
    "articles.Series",
    "events.Programme",
    "events.Performance",
    "events.Act",
    "events.ActPerformer",
    "events.Piece",
    "events.Performer",
)


def content_version() -> int:
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        # Started from the clock, not from 1: if the key is evicted, the versions of pages
        # still cached are not reached again.
        cache.add(CONTENT_VERSION_KEY, time.time_ns())
        version = cache.get(CONTENT_VERSION_KEY)
    return version


def new_content_version() -> None:
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # no version yet, or evicted
        content_version()


def content_changed(sender, **kwargs) -> None:
    """A new version now, for this transaction's own reads, and again when it commits.

    The second one matters: while the write was not yet committed, another request may
    have cached the old rows under the first new version.
    """
    new_content_version()
    transaction.on_commit(new_content_version)


def connect_invalidation() -> None:
    for label in READER_MODELS:
        model = apps.get_model(label)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-{label}")


def page_key(request) -> str:
    """The page's key: its address and language. The version is stored with the page."""
    url = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
    return f"reader-page:{get_language()}:{url}"


def cached_page(key: str):
    """The page stored under ``key`` if it is of the current content version, and that version.

    One read of the cache for both; the version is set up first if it is missing.
    """
    found = cache.get_many([CONTENT_VERSION_KEY, key])
    version = found.get(CONTENT_VERSION_KEY)
    if version is None:
        return None, content_version()
    page_version, response = found.get(key, (None, None))
    return (response if page_version == version else None), version


def is_private_request(request) -> bool:
    """A logged-in user, or a visitor with a message waiting: their pages are their own."""
    if "messages" in request.COOKIES:
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # no session, so nobody is logged in: spares a query
    return request.user.is_authenticated


def reader_page(view):
    """Serve ``view``'s page from the cache to anonymous readers, with headers for proxies.

    Does nothing while ``READER_CACHE_SECONDS`` is 0 (development and tests, unless a
    test turns it on), so an editor sees their change at once.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        seconds = settings.READER_CACHE_SECONDS
        if not seconds or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if is_private_request(request):
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        key = page_key(request)
        response, version = cached_page(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.cookies or response.streaming:
                return response
            set_response_etag(response)  # once, not on every hit
            cache.set(key, (version, response), seconds)
        patch_cache_control(
            response,
            public=True,
            max_age=seconds,
            stale_while_revalidate=settings.READER_STALE_SECONDS,
        )
        patch_vary_headers(response, ("Cookie",))  # the language cookie
        return response

    return cached_view
