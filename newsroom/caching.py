"""Reader pages cached whole, and forgotten as soon as anything they may show is edited.

Invalidation is by version, not by page: every cached page is stored with the site-wide
*content version* it was rendered under, which any save or delete of a model readers see
moves on; a page of an older version is a miss. An edit to one author
can change the issue, home, section, search and author pages at once; a new version
reaches them all without a list of which pages show what, at the price of re-rendering
pages that did not change (a few hundred milliseconds of work, once per page per edit).

Each process keeps the version it last read for ``READER_VERSION_SECONDS`` (1 s) and its
hottest pages beside it (``ProcessPages``): a hit on a hot page asks Redis nothing, which
on a busy machine is most of what a hit would cost. An edit moves the version of its own
process at once; the other processes and servers see it within that second, the same
second ``deploy/nginx.conf``'s micro-cache already allows.

Time also changes pages without an edit: an article scheduled for 8:00 appears, a
performance moves from "upcoming" to "past". Cached pages therefore live only
``READER_CACHE_SECONDS`` (60 s in production), which bounds how late a scheduled
publication shows.

Only anonymous readers' GET and HEAD requests are cached, and only ``200`` responses that
set no cookie, nor will once middleware adds its own (a CSRF token, a session): staff get
fresh pages marked never to be cached anywhere, and a page carrying a message for one
visitor is never kept for the next. The footer's language form carries no CSRF token for
the same reason (see ``newsroom.views.switch_language``). Each page says when it was
rendered (``Last-Modified``) and what it holds (``ETag``), for conditional requests.
"""

import hashlib
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date
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
    "articles.Correction",
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
    process_pages.forget_version()  # this process sees its own edit at once
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


@dataclass(frozen=True)
class CachedPage:
    """A rendered page, the content version it shows and when it was rendered."""

    version: int
    rendered_at: float  # time.time(): the same clock in every process
    response: HttpResponse

    def fresh(self, version: int) -> bool:
        """Of this content version and younger than ``READER_CACHE_SECONDS``: time alone
        changes pages too (a scheduled article appears), in a process's copy as in Redis."""
        age = time.time() - self.rendered_at
        return self.version == version and age < settings.READER_CACHE_SECONDS


class ProcessPages:
    """This process's copy of the content version, and of its hottest pages under it."""

    def __init__(self, size: int):
        self.size = size
        self.lock = threading.Lock()
        self.pages: OrderedDict[str, CachedPage] = OrderedDict()
        self.forget_version()

    def forget_version(self) -> None:
        self.version, self.read_at = None, -math.inf

    def current_version(self) -> int:
        """The shared content version, read again once ``READER_VERSION_SECONDS`` are past."""
        now = time.monotonic()
        if self.version is None or now - self.read_at >= settings.READER_VERSION_SECONDS:
            self.version, self.read_at = content_version(), now
        return self.version

    def get(self, key: str, version: int) -> "CachedPage | None":
        with self.lock:
            page = self.pages.get(key)
            if page is None or not page.fresh(version):
                return None
            self.pages.move_to_end(key)
            return page

    def put(self, key: str, page: "CachedPage") -> None:
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


process_pages = ProcessPages(size=200)  # ~40 kB a page: 8 MB at most per process


def shared_page(key: str, version: int) -> "CachedPage | None":
    """The page Redis holds under ``key``, if it was rendered under ``version`` and is due."""
    page = cache.get(key)
    return page if isinstance(page, CachedPage) and page.fresh(version) else None


def is_private_request(request) -> bool:
    """A logged-in user, or a visitor with a message waiting: their pages are their own."""
    if "messages" in request.COOKIES:
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # no session, so nobody is logged in: spares a query
    return request.user.is_authenticated


def sets_cookies_later(request) -> bool:
    """Whether middleware will add a cookie of this visitor's to the page after the view:
    a CSRF token the page used, or a session it changed (a message kept there)."""
    session = getattr(request, "session", None)
    modified_session = session is not None and session.modified
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")) or modified_session


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
        version = process_pages.current_version()
        page = process_pages.get(key, version)
        if page is None:
            page = shared_page(key, version)
            if page is None:
                response = view(request, *args, **kwargs)
                if (
                    response.status_code != 200
                    or response.cookies
                    or response.streaming
                    or sets_cookies_later(request)
                ):
                    return response
                set_response_etag(response)  # once, not on every hit
                page = CachedPage(version, time.time(), response)
                cache.set(key, page, seconds)
            process_pages.put(key, page)
        # A response of its own for each request: middleware adds headers, and must not
        # add them to the kept copy.
        kept = page.response
        response = HttpResponse(kept.content, status=kept.status_code, headers=kept.headers)
        response["Last-Modified"] = http_date(page.rendered_at)  # for If-Modified-Since
        patch_cache_control(
            response,
            public=True,
            max_age=seconds,
            stale_while_revalidate=settings.READER_STALE_SECONDS,
        )
        patch_vary_headers(response, ("Cookie",))  # the language cookie
        return response

    return cached_view
