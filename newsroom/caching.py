"""Reader pages cached whole, and forgotten as soon as anything they show is edited.

The commonest edit, an article's text (its headline, its body: the ``TEXT_FIELDS`` its model
declares), changes only the pages that show that article, and searches. Each page is stored
with the rows it read while it was rendered (``shows``, noted as the ORM makes each one) and
the last *stamp* given before it began (``stamped``); such an edit stamps the row, and every
page that read it, being older than the stamp, is a miss, while the rest of the site stays
cached. Search pages show ``any_text_of(Article)``, stamped by every such edit: any article
may match a search now.

Every other save or delete of a model readers see (an article moved or published, a byline,
an author, an issue, the programme) moves the site-wide *content version* that every page
is stored with, and every page is a miss: such an edit may change which articles a list
holds, and a new version reaches every page without a list of which pages list what.

Each process keeps the version and the stamps it last read for ``READER_VERSION_SECONDS``
(1 s) and its hottest pages beside them (``ProcessPages``): a hit on a hot page asks Redis
nothing, which on a busy machine is most of what a hit would cost. An edit moves the version
or the stamps of its own process at once; the other processes and servers see it within
that second, the same second ``deploy/nginx.conf``'s micro-cache already allows.

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
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_save
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

page_shows: ContextVar[set[str] | None] = ContextVar("page_shows", default=None)

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


def text_changed(names) -> None:
    """Stamp ``names`` now and again when this transaction commits (as ``content_changed``);
    this process reads their stamps again at once."""

    def stamp():
        process_pages.forget_stamps(names)
        process_pages.forget_version()  # pages rendered from now on are stamped after it
        # Kept past the life of every page rendered before it (clocks may differ a little).
        shared_cache.stamp(names, timeout=2 * settings.READER_CACHE_SECONDS + 60)

    stamp()
    transaction.on_commit(stamp, robust=True)


def row_name(model, pk) -> str:
    """The name a page that shows row ``pk`` of ``model`` knows it by."""
    return f"{model._meta.label_lower}:{pk}"


def any_text_of(model) -> str:
    """What a page shows whose rows of ``model`` are chosen by their text: a search."""
    return f"{model._meta.label_lower}:text"


def shows(name: str) -> None:
    """The reader page being rendered shows ``name``: a change of it renders the page again."""
    shown = page_shows.get()
    if shown is not None:
        shown.add(name)


@contextmanager
def rows_shown():
    """The names of what is read inside the block, noted as a page notes them (and for the
    page being rendered, if any): for what is rendered once and shown on many pages."""
    outer, names = page_shows.get(), set()
    token = page_shows.set(names)
    try:
        yield names
    finally:
        page_shows.reset(token)
        if outer is not None:
            outer.update(names)


def row_read(sender, instance, **kwargs) -> None:
    """A row the page being rendered has read (post_init): it may show it."""
    if instance.pk is not None:
        shows(row_name(sender, instance.pk))


def row_saving(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Tell, before the save (pre_save), whether it changes only the row's text."""
    instance._changes_text_only = not raw and changes_text_only(instance, update_fields)


def changes_text_only(row, update_fields) -> bool:
    """Whether saving ``row`` changes none but its ``TEXT_FIELDS``: a field named in
    ``update_fields`` is taken as changed; on a whole save the stored row tells."""
    if row._state.adding:
        return False
    if update_fields is not None:
        return all(name in row.TEXT_FIELDS for name in update_fields)
    others = [
        field.attname for field in row._meta.concrete_fields if field.name not in row.TEXT_FIELDS
    ]
    stored = type(row)._base_manager.filter(pk=row.pk).values(*others).first()
    return stored is not None and all(stored[name] == getattr(row, name) for name in others)


def row_saved(sender, instance, **kwargs) -> None:
    if instance.__dict__.pop("_changes_text_only"):  # set by row_saving, before every save
        text_changed([row_name(sender, instance.pk), any_text_of(sender)])
    else:
        content_changed(sender)


def connect_invalidation() -> None:
    """Every save and delete of a reader model moves the content version, but a save that
    changes only the ``TEXT_FIELDS`` its model declares (fields that change the row as
    shown, never which lists hold it or in what order), which stamps the row instead."""
    for label in READER_MODELS:
        model = apps.get_model(label)
        stamped = hasattr(model, "TEXT_FIELDS")
        saved = row_saved if stamped else content_changed
        post_save.connect(saved, sender=model)
        post_delete.connect(content_changed, sender=model)
        if stamped:
            pre_save.connect(row_saving, sender=model)
            post_init.connect(row_read, sender=model)


def page_key(request) -> str:
    """The page's key: its address and language. The version is stored with the page."""
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"reader-page:{get_language()}:{url}"


@dataclass(frozen=True)
class CachedPage:
    """A rendered page, the content version it shows and when it was rendered; the articles
    it shows (``shows``) and the last stamp given before it was rendered (``stamped``)."""

    version: int
    rendered_at: float  # time.time(): the same clock in every process
    response: HttpResponse
    shows: frozenset[str] = frozenset()
    stamped: int = 0

    def fresh(self, version: int | None) -> bool:
        """Of this content version, younger than ``READER_CACHE_SECONDS`` (time alone
        changes pages too: a scheduled article appears, in a process's copy as in Redis),
        and rendered after the last change of the text of each article it shows. Never while
        the version or a stamp is unknown: an edit may have gone unannounced."""
        age = time.time() - self.rendered_at
        if version is None or self.version != version or age >= settings.READER_CACHE_SECONDS:
            return False
        stamps = process_pages.stamps(self.shows)
        return stamps is not None and all(stamp <= self.stamped for stamp in stamps.values())


class ProcessPages:
    """This process's copy of the content version, of the stamps of the texts its pages
    show, and of its hottest pages under them."""

    def __init__(self, size: int):
        self.size = size
        self.lock = threading.Lock()
        self.pages: OrderedDict[str, CachedPage] = OrderedDict()
        self.stamps_read: OrderedDict[str, tuple[int, float]] = OrderedDict()  # and when
        self.forget_version()

    def forget_version(self) -> None:
        self.version, self.stamped, self.read_at = None, None, -math.inf

    def forget_stamps(self, names) -> None:
        with self.lock:
            for name in names:
                self.stamps_read.pop(name, None)

    def current_version(self) -> int | None:
        """The shared content version, read again once ``READER_VERSION_SECONDS`` are past;
        with it, the last stamp given (``stamped``)."""
        now = time.monotonic()
        if (
            self.version is None
            or shared_cache.failing  # since then, edits may have gone unannounced
            or now - self.read_at >= settings.READER_VERSION_SECONDS
        ):
            version, stamped = shared_cache.counters()
            known = version is not None and stamped is not None
            self.version, self.stamped = (version, stamped) if known else (None, None)
            self.read_at = now
        return self.version

    def stamps(self, names) -> dict[str, int] | None:
        """The stamp of each of ``names``, each read again from the shared cache once
        ``READER_VERSION_SECONDS`` are past; None while they cannot be known."""
        now = time.monotonic()
        with self.lock:
            known = {}
            for name in names:
                stamp, read_at = self.stamps_read.get(name, (None, -math.inf))
                if now - read_at < settings.READER_VERSION_SECONDS:
                    known[name] = stamp
        missing = [name for name in names if name not in known]
        if not missing:
            return known
        read = shared_cache.stamps(missing)
        if read is None:
            return None
        with self.lock:
            for name, stamp in read.items():
                self.stamps_read[name] = (stamp, now)
                self.stamps_read.move_to_end(name)
            while len(self.stamps_read) > STAMPS_KEPT:
                self.stamps_read.popitem(last=False)
        return known | read

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
STAMPS_KEPT = 20_000  # the articles of 200 pages, many times over


def shared_page(key: str) -> "CachedPage | None":
    """The page Redis holds under ``key``, fresh or not."""
    page = shared_cache.get(key)
    return page if isinstance(page, CachedPage) else None


def kept_page(key: str, version: int | None) -> tuple["CachedPage | None", bool]:
    """The newest copy of the page this process can find, its own or else the shared one,
    and whether it is fresh.

    The shared cache is not asked while the version is unknown (it could not be reached).
    """
    page = process_pages.get(key)
    if version is None:
        return page, False
    if page is not None and page.fresh(version):
        return page, True
    shared = shared_page(key)
    if shared is None or (page is not None and page.rendered_at >= shared.rendered_at):
        return page, False
    fresh = shared.fresh(version)
    if fresh:
        process_pages.put(key, shared)
    return shared, fresh


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
        stamped = process_pages.stamped  # before the page reads anything
        kept, fresh = kept_page(key, version)
        if fresh:
            return served(kept, HIT)
        shown = page_shows.set(set())
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
            return served(kept, STALE)
        finally:
            shows = frozenset(page_shows.get())
            page_shows.reset(shown)
        if (
            response.status_code != 200
            or response.cookies
            or response.streaming
            or sets_cookies_later(request)
        ):
            return response
        set_response_etag(response)  # once, not on every hit
        page = CachedPage(version, time.time(), response, shows, stamped or 0)
        process_pages.put(key, page)  # under an unknown version, only as a copy for an outage
        if version is not None:
            shared_cache.set(key, page, seconds + settings.READER_STALE_IF_ERROR_SECONDS)
        return served(page, MISS)

    cached_view.is_reader_page = True  # for the tests that go through every reader page
    return cached_view


HIT, MISS, STALE = "hit", "miss", "stale"  # how a page was served, in its X-Cache header


def served(page: CachedPage, how: str) -> HttpResponse:
    """A response of its own for each request: middleware adds headers, and must not add
    them to the kept copy. A stale copy, served while the database is down, is for this
    request only. ``X-Cache`` says whether the page was rendered for it, as proxies' do."""
    kept = page.response
    response = HttpResponse(kept.content, status=kept.status_code, headers=kept.headers)
    response["Last-Modified"] = http_date(page.rendered_at)  # for If-Modified-Since
    response["X-Cache"] = how
    if how == STALE:
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
