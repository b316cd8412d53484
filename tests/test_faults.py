"""Faults cost neither a page nor a save (issue 16): the shared cache may fail for reads,
writes and the bumps after a commit, the database may go away under cached pages, and
commands end an outage with one line."""

import os
import shutil
import signal
import socket
import subprocess
import time
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from articles.models import Article, Correction, Issue
from newsroom import caching
from newsroom.caching import CONTENT_VERSION_KEY
from newsroom.shared_cache import SharedCache

from .factories import make_member
from .helpers import admin_url, article_form_data, pages_showing, retitle_unseen
from .seed_expectations import SEED_LEAD

pytestmark = pytest.mark.django_db

OPERATIONS = ("get", "set", "add", "incr", "delete", "get_many", "set_many", "has_key", "touch")


class SwitchableCache(LocMemCache):
    """Local memory whose operations named in ``failing`` raise, as an unreachable Redis does."""

    failing: set[str] = set()
    calls: list[str] = []


def _switchable(name):
    def operation(self, *args, **kwargs):
        SwitchableCache.calls.append(name)
        if name in SwitchableCache.failing:
            raise RedisConnectionError(
                "Error 111 connecting to 127.0.0.1:6379. Connection refused."
            )
        return getattr(LocMemCache, name)(self, *args, **kwargs)

    return operation


for _name in OPERATIONS:
    setattr(SwitchableCache, _name, _switchable(_name))


@pytest.fixture
def switchable_cache(settings, imported_seed):
    """The seed, pages cached as in production in a cache the test can break."""
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.SwitchableCache", "LOCATION": "faults"}}
    settings.READER_CACHE_SECONDS = 60
    SwitchableCache.failing, SwitchableCache.calls = set(), []
    cache.clear()  # local memory of one name is shared by every test
    yield SwitchableCache
    SwitchableCache.failing = set()


def reader_urls(article) -> list[str]:
    """Every kind of cached reader page: those showing the article, a search, the programme."""
    search = reverse("articles:search") + "?q=签约"
    return [*pages_showing(article), search, reverse("events:index")]


def refused(execute, sql, params, many, context):
    """Every query, as with PostgreSQL stopped: the driver's error for a lost server."""
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: refused")


# The cache fails: pages from the database, saves and imports go through ------------------


@pytest.mark.parametrize(
    "failing",
    [{"get"}, {"get_many"}, {"set"}, {"add", "incr"}, set(OPERATIONS)],
    ids=", ".join,
)
def test_pages_come_from_the_database_while_the_cache_fails(
    client, switchable_cache, lead, failing, settings
):
    settings.SHARED_CACHE_RETRY_SECONDS = 0  # every request tries the cache again
    switchable_cache.failing = failing
    for url in reader_urls(lead):
        for attempt in range(2):
            response = client.get(url)
            assert response.status_code == 200, (url, attempt)
    assert SEED_LEAD in client.get(lead.get_absolute_url()).content.decode()
    assert caching.shared_cache.errors.total() > 0
    assert client.get("/healthz").json()["cache_errors"] > 0


def test_a_failing_cache_is_left_alone_until_the_retry_seconds_pass(
    client, switchable_cache, lead, settings
):
    """An unreachable server costs one request its timeout, not every request."""
    settings.SHARED_CACHE_RETRY_SECONDS = 3600
    settings.READER_VERSION_SECONDS = 0  # every request asks for the version
    client.get(reverse("home"))  # a version to come back to
    switchable_cache.failing = set(OPERATIONS)
    client.get(lead.get_absolute_url())
    switchable_cache.calls.clear()
    for _ in range(3):
        assert client.get(lead.get_absolute_url()).status_code == 200
    assert switchable_cache.calls == []
    caching.shared_cache.resting_until = 0  # the rest is over
    switchable_cache.failing = set()
    client.get(lead.get_absolute_url())
    # First the version, moved on for the outage (claimed, so that only one process does).
    assert switchable_cache.calls[:3] == ["get", "add", "incr"]


def test_an_edit_the_cache_missed_is_not_served_from_it_afterwards(
    client, switchable_cache, lead, settings
):
    """The cache comes back with the pages it kept; the edit made while it was down could
    not move the version, so the first process to reach it again moves it."""
    client.get(lead.get_absolute_url())
    settings.SHARED_CACHE_RETRY_SECONDS = 0
    switchable_cache.failing = set(OPERATIONS)
    lead.title = "缓存断开时改的标题"
    lead.save()  # its version bumps fail: no error for the editor
    switchable_cache.failing = set()
    assert "缓存断开时改的标题" in client.get(lead.get_absolute_url()).content.decode()


def test_an_edit_by_another_process_during_the_outage_is_not_served_stale(
    client, switchable_cache, lead, settings
):
    """This process only saw the cache fail; the editor's process, whose bump was lost,
    may be gone. Having seen the failure is enough to move the version when it is back."""
    client.get(lead.get_absolute_url())
    settings.SHARED_CACHE_RETRY_SECONDS = 0
    switchable_cache.failing = set(OPERATIONS)
    assert client.get(reverse("home")).status_code == 200  # this process sees the outage
    retitle_unseen(lead, "别的进程在断开时改的")  # no bump at all
    switchable_cache.failing = set()
    assert "别的进程在断开时改的" in client.get(lead.get_absolute_url()).content.decode()


def test_the_processes_back_from_an_outage_move_the_version_once(switchable_cache, settings):
    """Each saw the cache fail; the first back moves the version for all of them, so that
    the pages kept again by the first are not thrown away by the second."""
    settings.SHARED_CACHE_RETRY_SECONDS = 0
    first, second = SharedCache(CONTENT_VERSION_KEY), SharedCache(CONTENT_VERSION_KEY)
    before = first.version()
    switchable_cache.failing = set(OPERATIONS)
    assert first.version() is None and second.version() is None
    switchable_cache.failing = set()
    assert first.version() == before + 1
    assert second.version() == before + 1


def test_a_cache_restarted_empty_gets_one_new_version_for_every_process(switchable_cache, settings):
    settings.SHARED_CACHE_RETRY_SECONDS = 0
    first, second = SharedCache(CONTENT_VERSION_KEY), SharedCache(CONTENT_VERSION_KEY)
    before = first.version()
    switchable_cache.failing = set(OPERATIONS)
    assert first.version() is None and second.version() is None
    cache.clear()  # restarted without its data
    switchable_cache.failing = set()
    started = first.version()
    assert started > before
    assert second.version() == started


def test_an_edit_made_in_the_outage_moves_the_version_whoever_came_back_first(
    switchable_cache, settings
):
    """The editor's process owes its own move: made after the others' move for the outage,
    its edit may be newer than the pages they kept since."""
    settings.SHARED_CACHE_RETRY_SECONDS = 0
    editor, reader = SharedCache(CONTENT_VERSION_KEY), SharedCache(CONTENT_VERSION_KEY)
    before = editor.version()
    switchable_cache.failing = set(OPERATIONS)
    assert reader.version() is None
    assert not editor.new_version()
    switchable_cache.failing = set()
    assert reader.version() == before + 1
    assert editor.version() == before + 2
    assert not editor.owes_new_version


def test_admin_saves_go_through_while_the_cache_fails(
    client, switchable_cache, lead, django_capture_on_commit_callbacks
):
    client.force_login(make_member("编辑"))
    switchable_cache.failing = set(OPERATIONS)
    with django_capture_on_commit_callbacks(execute=True) as bumps:
        article = client.post(
            admin_url(Article, "change", lead.pk), article_form_data(lead, title="断开时保存")
        )
        correction = client.post(
            admin_url(Correction, "add"),
            {
                "article": lead.pk,
                "published_at_0": "2022-08-27",
                "published_at_1": "10:00:00",
                "text": "本文第二段有误，已更正。",
            },
        )
    assert bumps  # the bumps after the commit ran, and failed quietly
    assert article.status_code == 302 and correction.status_code == 302
    assert Article.objects.get(pk=lead.pk).title == "断开时保存"
    assert Correction.objects.filter(article=lead).count() == 1


def test_the_article_form_opens_and_renews_while_the_cache_fails(client, switchable_cache, lead):
    """Presence (articles.presence) lives in the cache: without it, no one is named."""
    client.force_login(make_member("编辑"))
    switchable_cache.failing = set(OPERATIONS)
    page = client.get(admin_url(Article, "change", lead.pk))
    renewal = client.get(reverse("admin:articles_article_presence", args=[lead.pk]))
    assert page.status_code == 200 and page.context["editing_now"] == []
    assert renewal.status_code == 200 and renewal.json() == {"others": []}


def test_an_import_during_a_cache_outage_exits_0_with_a_warning(
    switchable_cache, seed_path, settings
):
    Issue.objects.all().delete()
    settings.SHARED_CACHE_RETRY_SECONDS = 0
    switchable_cache.failing = set(OPERATIONS)
    out, err = StringIO(), StringIO()
    call_command("import_issue", str(seed_path), "--date", "2022-08-25", stdout=out, stderr=err)
    assert "articles 9 created" in out.getvalue()
    assert err.getvalue().strip() == (
        "issue 2022-08-25 saved, but the page cache could not be told: readers may see "
        "earlier copies of pages for up to 60 s."
    )
    again = StringIO()
    call_command("import_issue", str(seed_path), "--date", "2022-08-25", stdout=again)
    assert "already imported from this file; nothing changed." in again.getvalue()
    assert Article.objects.count() == 9


def test_an_import_whose_cache_comes_back_before_it_ends_says_nothing(
    switchable_cache, seed_path, settings, monkeypatch
):
    """The bump owed is delivered before the command ends: no warning to give."""
    Issue.objects.all().delete()
    settings.SHARED_CACHE_RETRY_SECONDS = 0
    switchable_cache.failing = set(OPERATIONS)
    monkeypatch.setattr(
        caching.shared_cache,
        "deliver_owed",
        lambda deliver=caching.shared_cache.deliver_owed: (
            switchable_cache.failing.clear() or deliver()
        ),
    )
    err = StringIO()
    call_command(
        "import_issue", str(seed_path), "--date", "2022-08-25", stdout=StringIO(), stderr=err
    )
    assert err.getvalue() == ""
    assert not caching.shared_cache.owes_new_version


# The database goes away: cached pages stay, commands say what happened -------------------


def test_readers_get_the_kept_page_while_the_database_is_down_after_an_edit(
    client, switchable_cache, lead
):
    urls = reader_urls(lead)
    kept = {url: client.get(url).content for url in urls}
    lead.title = "数据库停机前的最后一次修改"
    lead.save()  # every kept page that shows it, or a search, is now older than its text
    programme = reverse("events:index")  # shows no article: still fresh
    with connection.execute_wrapper(refused):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.content == kept[url]
            stale = "no-store" in response["Cache-Control"]  # for this request only
            assert stale == (url != programme), url
    assert caching.counts["stale pages served"] == len(urls) - 1
    assert "数据库停机前的最后一次修改" in client.get(lead.get_absolute_url()).content.decode()


def test_another_process_serves_the_shared_copy_while_the_database_is_down(
    client, switchable_cache, lead
):
    kept = client.get(lead.get_absolute_url()).content
    caching.process_pages.pages.clear()  # a worker that never rendered it
    with connection.execute_wrapper(refused):
        response = client.get(lead.get_absolute_url())
    assert response.status_code == 200 and response.content == kept


def test_with_database_and_cache_down_the_process_copy_serves(client, switchable_cache, lead):
    kept = client.get(lead.get_absolute_url()).content
    switchable_cache.failing = set(OPERATIONS)
    with connection.execute_wrapper(refused):
        response = client.get(lead.get_absolute_url())
    assert response.status_code == 200 and response.content == kept


def test_a_page_never_kept_is_the_503_page_while_the_database_is_down(
    client, switchable_cache, lead
):
    with connection.execute_wrapper(refused):
        response = client.get(lead.get_absolute_url())
    assert response.status_code == 503 and response["Retry-After"] == "30"


def test_an_import_that_loses_the_database_says_so_in_one_line(seed_path, db):
    with connection.execute_wrapper(refused), pytest.raises(CommandError) as failure:
        call_command("import_issue", str(seed_path), "--date", "2022-08-25", stdout=StringIO())
    assert str(failure.value) == (
        f"{seed_path}: not imported, nothing of it written: the database is unavailable "
        "(connection to server at 127.0.0.1, port 5432 failed: refused)"
    )
    assert not Article.objects.exists()


def test_other_commands_end_an_outage_in_one_line(db):
    with connection.execute_wrapper(refused), pytest.raises(CommandError) as failure:
        call_command("rebuild_search_index", stdout=StringIO())
    assert str(failure.value) == (
        "stopped, some articles' search words refreshed, the rest unchanged: run it again: "
        "the database is unavailable (connection to server at 127.0.0.1, port 5432 failed: "
        "refused)"
    )


# A real Redis, stopped and killed under the pages -----------------------------------------


@pytest.fixture
def redis_server(tmp_path, settings):
    """A Redis of the test's own, on a free port, with the production cache settings."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs redis-server")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def start():
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", tmp_path],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            with socket.socket() as ping:
                if ping.connect_ex(("127.0.0.1", port)) == 0:
                    return process
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "newsroom.redis_cache.ReusedClientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.READER_CACHE_SECONDS = 60
    servers = [start()]
    yield servers, start
    for process in servers:
        process.kill()
        process.wait()


def test_a_stopped_redis_costs_a_timeout_not_a_page(
    client, imported_seed, lead, redis_server, settings, django_assert_num_queries
):
    (server,), _ = redis_server
    settings.SHARED_CACHE_RETRY_SECONDS = 3600
    settings.READER_VERSION_SECONDS = 0  # every request asks Redis for the version
    client.get(lead.get_absolute_url())
    os.kill(server.pid, signal.SIGSTOP)  # it takes connections and never answers
    try:
        for _ in range(3):
            assert client.get(lead.get_absolute_url()).status_code == 200
        # One timeout (the version and the last stamp, read together), then no more asking.
        assert caching.shared_cache.errors == {"get_many": 1}
    finally:
        os.kill(server.pid, signal.SIGCONT)


def test_a_killed_redis_costs_no_page_and_no_save(
    client, imported_seed, lead, redis_server, settings, django_assert_num_queries
):
    servers, start = redis_server
    settings.SHARED_CACHE_RETRY_SECONDS = 0
    settings.READER_VERSION_SECONDS = 0  # every request asks Redis for the version
    client.get(lead.get_absolute_url())
    servers[0].kill()
    servers[0].wait()
    assert client.get(lead.get_absolute_url()).status_code == 200
    lead.title = "Redis 停了以后保存"
    lead.save()
    servers.append(start())  # back, empty
    assert "Redis 停了以后保存" in client.get(lead.get_absolute_url()).content.decode()
    with django_assert_num_queries(0):  # kept again
        assert client.get(lead.get_absolute_url()).status_code == 200
