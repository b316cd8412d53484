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

Faults cost neither a page nor a save. The shared cache may fail (``SharedCache``): a page
is then rendered from the database, and an edit that could not move the version is made
good once the cache answers again. Copies are kept ``READER_STALE_IF_ERROR_SECONDS`` past
their freshness, so that while the database is down a reader gets the last copy of the page
(stale if error), not the 503 page, whatever was edited before.

Only anonymous readers' GET and HEAD requests are cached, and only ``200`` responses that
set no cookie, nor will once middleware adds its own (a CSRF token, a session): staff get
fresh pages marked never to be cached anywhere, and a page carrying a message for one
visitor is never kept for the next. The footer's language form carries no CSRF token for
the same reason (see ``newsroom.views.switch_language``). Each page says when it was
rendered (``Last-Modified``) and what it holds (``ETag``), for conditional requests.
"""

import hashlib
import logging
import math
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.conf import settings
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

from newsroom.middleware import DATABASE_OUTAGES
from newsroom.shared_cache import SharedCache

logger = logging.getLogger(__name__)

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


shared_cache = SharedCache(version_key=CONTENT_VERSION_KEY)
counts = Counter()  # "stale pages served" while the database was down, since the process started


def content_version() -> int | None:
    """The site-wide content version, or None while the shared cache cannot tell it."""
    return shared_cache.version()


def new_content_version() -> bool:
    """Move the content version on; never raises (a failed move is owed, see SharedCache)."""
    process_pages.forget_version()  # this process sees its own edit at once
    return shared_cache.new_version()


def content_changed(sender, **kwargs) -> None:
    """A new version now, for this transaction's own reads, and again when it commits.

    The second one matters: while the write was not yet committed, another request may
    have cached the old rows under the first new version.
    """
    new_content_version()
    # Robust: nothing that runs after the commit may make a committed write look failed.
    transaction.on_commit(new_content_version, robust=True)


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

    def fresh(self, version: int | None) -> bool:
        """Of this content version and younger than ``READER_CACHE_SECONDS``: time alone
        changes pages too (a scheduled article appears), in a process's copy as in Redis.
        Never while the version is unknown: an edit may have gone unannounced."""
        age = time.time() - self.rendered_at
        return (
            version is not None and self.version == version and age < settings.READER_CACHE_SECONDS
        )


class ProcessPages:
    """This process's copy of the content version, and of its hottest pages under it."""

    def __init__(self, size: int):
        self.size = size
        self.lock = threading.Lock()
        self.pages: OrderedDict[str, CachedPage] = OrderedDict()
        self.forget_version()

    def forget_version(self) -> None:
        self.version, self.read_at = None, -math.inf

    def current_version(self) -> int | None:
        """The shared content version, read again once ``READER_VERSION_SECONDS`` are past."""
        now = time.monotonic()
        if (
            self.version is None
            or shared_cache.failing  # since then, edits may have gone unannounced
            or now - self.read_at >= settings.READER_VERSION_SECONDS
        ):
            self.version, self.read_at = content_version(), now
        return self.version

    def get(self, key: str) -> "CachedPage | None":
        """The copy kept under ``key``, fresh or not (a stale one may serve an outage)."""
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: str, page: "CachedPage") -> None:
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


process_pages = ProcessPages(size=200)  # ~40 kB a page: 8 MB at most per process


def shared_page(key: str) -> "CachedPage | None":
    """The page Redis holds under ``key``, fresh or not."""
    page = shared_cache.get(key)
    return page if isinstance(page, CachedPage) else None


def kept_page(key: str, version: int | None) -> "CachedPage | None":
    """The newest copy of the page this process can find: its own, else the shared one.

    The shared cache is not asked while the version is unknown (it could not be reached).
    """
    page = process_pages.get(key)
    if version is None or (page is not None and page.fresh(version)):
        return page
    shared = shared_page(key)
    if shared is None or (page is not None and page.rendered_at >= shared.rendered_at):
        return page
    if shared.fresh(version):
        process_pages.put(key, shared)
    return shared


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
        kept = kept_page(key, version)
        if kept is not None and kept.fresh(version):
            return served(kept, fresh=True)
        try:
            response = view(request, *args, **kwargs)
        except DATABASE_OUTAGES as error:
            if kept is None:
                raise  # the 503 page (newsroom.middleware)
            counts["stale pages served"] += 1
            logger.warning(
                "database unavailable for %s; served the copy of %s: %s",
                request.path,
                http_date(kept.rendered_at),
                error,
            )
            return served(kept, fresh=False)
        if (
            response.status_code != 200
            or response.cookies
            or response.streaming
            or sets_cookies_later(request)
        ):
            return response
        set_response_etag(response)  # once, not on every hit
        page = CachedPage(version, time.time(), response)
        process_pages.put(key, page)  # under an unknown version, only as a copy for an outage
        if version is not None:
            shared_cache.set(key, page, seconds + settings.READER_STALE_IF_ERROR_SECONDS)
        return served(page, fresh=True)

    return cached_view


def served(page: CachedPage, *, fresh: bool) -> HttpResponse:
    """A response of its own for each request: middleware adds headers, and must not add
    them to the kept copy. A stale copy, served while the database is down, is for this
    request only."""
    kept = page.response
    response = HttpResponse(kept.content, status=kept.status_code, headers=kept.headers)
    response["Last-Modified"] = http_date(page.rendered_at)  # for If-Modified-Since
    if not fresh:
        add_never_cache_headers(response)
        return response
    patch_cache_control(
        response,
        public=True,
        max_age=settings.READER_CACHE_SECONDS,
        stale_while_revalidate=settings.READER_STALE_SECONDS,
        stale_if_error=settings.READER_STALE_IF_ERROR_SECONDS,
    )
    patch_vary_headers(response, ("Cookie",))  # the language cookie
    return response
