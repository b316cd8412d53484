"""Cached reader pages (newsroom.caching): fresh after each edit, never personal, HTTP-cacheable."""

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import reverse
from django.utils.cache import has_vary_header
from django.utils.http import http_date, parse_http_date

from articles.models import Article, ArticleStatus, Author
from articles.workflow import transition
from events.models import Performance, Performer
from newsroom import caching
from newsroom.caching import (
    CONTENT_VERSION_KEY,
    CachedPage,
    ProcessPages,
    new_content_version,
    page_key,
    process_pages,
    reader_page,
)
from newsroom.redis_cache import ReusedClientRedisCache

from .factories import make_article, make_staff_user
from .helpers import pages_showing, retitle_unseen
from .seed_expectations import SEED_LEAD

pytestmark = pytest.mark.django_db


def test_a_second_visit_is_served_from_the_cache_without_a_query(
    client, page_cache, lead, django_assert_num_queries
):
    first = client.get(lead.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(lead.get_absolute_url())
    assert second.content == first.content
    assert second["Cache-Control"] == (
        "public, max-age=60, stale-while-revalidate=600, stale-if-error=86400"
    )
    assert has_vary_header(second, "Cookie") and has_vary_header(second, "Accept-Language")


@pytest.fixture
def shared_cache_calls(monkeypatch):
    """The names of the cache operations the pages ask for (not the ones inside them)."""
    calls, depth = [], []

    def recorded(name, method):
        def call(*args, **kwargs):
            if not depth:  # local memory's get_many calls get: count what was asked
                calls.append(name)
            depth.append(name)
            try:
                return method(*args, **kwargs)
            finally:
                depth.pop()

        return call

    for name in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(cache, name, recorded(name, getattr(cache, name)))
    return calls


def test_a_hot_page_is_served_without_asking_the_shared_cache(
    client, page_cache, lead, shared_cache_calls, settings
):
    first = client.get(lead.get_absolute_url())
    shared_cache_calls.clear()
    client.get(lead.get_absolute_url())
    assert shared_cache_calls == ["get_many"]  # the stamps of the articles it shows, once
    shared_cache_calls.clear()
    second = client.get(lead.get_absolute_url())
    assert shared_cache_calls == []
    assert second.content == first.content and second["ETag"] == first["ETag"]
    # Read again: the version with the last stamp, then the stamps; nothing else.
    settings.READER_VERSION_SECONDS = 0
    client.get(lead.get_absolute_url())
    assert shared_cache_calls == ["get_many", "get_many"]


def test_another_process_edit_shows_within_the_version_seconds(client, page_cache, lead, settings):
    """An edit through another worker moves the shared version only; this process trusts
    the version it read for READER_VERSION_SECONDS, then sees the new page."""
    settings.READER_VERSION_SECONDS = 3600
    client.get(lead.get_absolute_url())
    retitle_unseen(lead, "别的进程改了标题")  # the page cache is told nothing
    cache.incr(CONTENT_VERSION_KEY)  # what the other process's signal did
    assert SEED_LEAD in client.get(lead.get_absolute_url()).content.decode()
    settings.READER_VERSION_SECONDS = 0
    assert "别的进程改了标题" in client.get(lead.get_absolute_url()).content.decode()


def test_the_version_is_read_again_once_the_version_seconds_are_past(
    reader_cache, settings, monkeypatch
):
    """Exactly READER_VERSION_SECONDS after the last read, another process's edit is seen."""
    settings.READER_VERSION_SECONDS = 1
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    version = process_pages.current_version()
    cache.incr(CONTENT_VERSION_KEY)  # another process's edit
    clock[0] = 1000.9
    assert process_pages.current_version() == version
    clock[0] = 1001.0
    assert process_pages.current_version() == version + 1


def test_a_stamp_is_read_again_once_the_version_seconds_are_past(
    reader_cache, settings, monkeypatch
):
    """Exactly READER_VERSION_SECONDS after the last read, another process's stamp is seen."""
    settings.READER_VERSION_SECONDS = 1
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    before = process_pages.stamps(["articles.article:1"])
    caching.shared_cache.stamp(["articles.article:1"], timeout=60)  # another process's edit
    clock[0] = 1000.9
    assert process_pages.stamps(["articles.article:1"]) == before
    clock[0] = 1001.0
    assert process_pages.stamps(["articles.article:1"])["articles.article:1"] > 0


def test_the_process_keeps_the_stamps_read_last(monkeypatch, reader_cache):
    monkeypatch.setattr(caching, "STAMPS_KEPT", 2)
    pages = ProcessPages(size=2)
    for name in ("a", "b", "c"):
        pages.stamps([name])
    assert list(pages.stamps_read) == ["b", "c"]


def test_an_edit_of_the_text_is_seen_at_once_by_its_own_process(client, page_cache, lead, settings):
    settings.READER_VERSION_SECONDS = 3600  # nothing is read again unless the edit says so
    client.get(lead.get_absolute_url())
    client.get(lead.get_absolute_url())  # served from the cache, its stamps read
    lead.title = "解放区项目签约仪式举行(更正)"
    lead.save()
    assert "解放区项目签约仪式举行(更正)" in client.get(lead.get_absolute_url()).content.decode()
    assert client.get(lead.get_absolute_url())["X-Cache"] == "hit"  # rendered after the stamp


def test_a_stamp_outlives_every_page_rendered_before_it(lead, settings, monkeypatch):
    """Kept longer than a page may be served, and not for ever."""
    settings.READER_CACHE_SECONDS = 60
    timeouts = []
    monkeypatch.setattr(
        caching.shared_cache, "stamp", lambda names, timeout: timeouts.append(timeout)
    )
    lead.title = "改过的标题"
    lead.save()
    assert timeouts and all(60 < timeout < 3600 for timeout in timeouts)


def test_a_new_article_is_on_the_lists_at_once(client, page_cache, lead):
    issue_url = lead.issue.get_absolute_url()
    client.get(issue_url)
    make_article(issue=lead.issue, position=20, title="刚刚加进本期的稿件")
    assert "刚刚加进本期的稿件" in client.get(issue_url).content.decode()


def test_a_save_of_the_state_alone_refreshes_the_lists(client, page_cache, lead):
    """A draft no page has read, published by saving its state alone (update_fields)."""
    draft = make_article(
        issue=lead.issue, position=20, title="刚刚发布的稿件", status=ArticleStatus.DRAFT
    )
    issue_url = lead.issue.get_absolute_url()
    client.get(issue_url)
    draft.status, draft.published_at = ArticleStatus.PUBLISHED, lead.published_at
    draft.save(update_fields=["status", "published_at"])
    assert "刚刚发布的稿件" in client.get(issue_url).content.decode()


def test_a_workflow_step_saved_with_its_own_fields_refreshes_every_list(
    client, page_cache, lead, members
):
    """A step saves only the fields it changes (update_fields): the state decides which
    lists hold the article, so every page's version moves, not the article's stamp alone."""
    issue_url = lead.issue.get_absolute_url()
    assert SEED_LEAD in client.get(issue_url).content.decode()
    transition(lead, "withdraw", members["总编辑"], note="本文已撤回。")
    assert client.get(issue_url)["X-Cache"] == "miss"


def test_a_page_from_the_shared_cache_is_kept_by_the_process(
    client, page_cache, lead, settings, shared_cache_calls, django_assert_num_queries
):
    """A page another process rendered comes from the shared cache once; after that this
    process serves its own copy of it without asking the shared cache."""
    settings.READER_VERSION_SECONDS = 3600  # the version is not read again meanwhile
    first = client.get(lead.get_absolute_url())
    process_pages.pages.clear()  # as in another process: only the shared cache has the page
    with django_assert_num_queries(0):
        assert client.get(lead.get_absolute_url()).content == first.content
    shared_cache_calls.clear()
    assert client.get(lead.get_absolute_url()).content == first.content
    assert shared_cache_calls == []


def test_each_request_gets_a_response_of_its_own(client, page_cache, lead):
    """Middleware adds headers and cookies to the response it is given: never to the kept page."""
    client.get(lead.get_absolute_url())
    served = client.get(lead.get_absolute_url())
    served["X-Added-Later"] = "1"
    served.set_cookie("visitor", "one")
    again = client.get(lead.get_absolute_url())
    assert again is not served
    assert "X-Added-Later" not in again and not again.cookies
    assert again.content == served.content


def test_a_page_of_an_older_version_is_not_served(client, page_cache, lead):
    """Pages are kept under their address; the version stored with each decides."""
    client.get(lead.get_absolute_url())
    retitle_unseen(lead, "改了标题")  # the page cache is told nothing
    assert SEED_LEAD in client.get(lead.get_absolute_url()).content.decode()
    new_content_version()
    assert "改了标题" in client.get(lead.get_absolute_url()).content.decode()


def test_a_kept_page_lives_no_longer_than_the_cache_seconds(client, page_cache, lead, monkeypatch):
    """Time changes pages without an edit (a scheduled article appears): neither the
    process's copy nor the shared one outlives READER_CACHE_SECONDS."""
    rendered = float(int(time.time()))  # a whole second: the ages below are exact
    monkeypatch.setattr(time, "time", lambda: rendered)
    client.get(lead.get_absolute_url())
    retitle_unseen(lead, "到点发布的新标题")  # the page cache is told nothing
    monkeypatch.setattr(time, "time", lambda: rendered + 59.9)
    assert SEED_LEAD in client.get(lead.get_absolute_url()).content.decode()
    monkeypatch.setattr(time, "time", lambda: rendered + 60)  # exactly READER_CACHE_SECONDS old
    assert "到点发布的新标题" in client.get(lead.get_absolute_url()).content.decode()


def a_page(text: str) -> CachedPage:
    return CachedPage(1, time.time(), HttpResponse(text))


def test_the_process_keeps_its_last_pages_only():
    pages = ProcessPages(size=3)
    kept = {key: a_page(key) for key in "abcd"}
    for key, page in kept.items():
        pages.put(key, page)
    assert pages.get("a") is None
    assert [pages.get(key) for key in "bcd"] == [kept[key] for key in "bcd"]


def test_the_process_drops_the_page_used_longest_ago():
    """Asked for, or kept again, a page is the last to go."""
    pages = ProcessPages(size=2)
    kept = {key: a_page(key) for key in "abcd"}
    pages.put("a", kept["a"])
    pages.put("b", kept["b"])
    pages.get("a")
    pages.put("c", kept["c"])
    assert pages.get("b") is None and pages.get("a") is kept["a"]
    pages.put("c", kept["c"])
    pages.put("d", kept["d"])
    assert pages.get("a") is None and pages.get("c") is kept["c"]


def test_editing_a_headline_refreshes_every_page_that_shows_it(client, page_cache, lead):
    urls = pages_showing(lead)
    for url in urls:
        assert SEED_LEAD in client.get(url).content.decode(), url
    lead.title = "解放区项目签约仪式举行(更正)"
    lead.save()
    for url in urls:
        html = client.get(url).content.decode()
        assert "解放区项目签约仪式举行(更正)" in html, url
        assert SEED_LEAD not in html, url


def test_unpublishing_and_publishing_an_article_is_seen_at_once(client, page_cache, lead):
    issue_url = lead.issue.get_absolute_url()
    assert SEED_LEAD in client.get(issue_url).content.decode()
    lead.status = ArticleStatus.DRAFT
    lead.save()
    assert client.get(lead.get_absolute_url()).status_code == 404
    assert SEED_LEAD not in client.get(issue_url).content.decode()
    lead.status = ArticleStatus.PUBLISHED
    lead.save()
    assert client.get(lead.get_absolute_url()).status_code == 200
    assert SEED_LEAD in client.get(issue_url).content.decode()


def test_renaming_an_author_refreshes_their_articles(client, page_cache, lead):
    client.get(lead.get_absolute_url())
    author = Author.objects.get(name="詹长松")
    author.name = "詹长青"
    author.save()
    assert "詹长青" in client.get(lead.get_absolute_url()).content.decode()


def test_renaming_a_performer_refreshes_the_programme(client, page_cache):
    url = reverse("events:index")
    assert "展奇" in client.get(url).content.decode()
    performer = Performer.objects.get(name="展奇")
    performer.name = "展奇奇"
    performer.save()
    assert "展奇奇" in client.get(url).content.decode()


def test_saving_what_no_reader_sees_keeps_the_pages(
    client, page_cache, lead, django_assert_num_queries
):
    """Only the models of READER_MODELS move the content version: an account made, changed
    or deleted leaves every page cached."""
    client.get(lead.get_absolute_url())
    user = make_staff_user()
    user.first_name = "编辑"
    user.save()
    user.delete()
    with django_assert_num_queries(0):
        assert SEED_LEAD in client.get(lead.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "changes, call",
    [({"title": "提交以后才出错"}, "stamp"), ({"position": 99}, "new_version")],
    ids=["its text: the pages that show it stamped", "the issue's order: the version moved"],
)
def test_a_failure_after_the_commit_does_not_fail_the_save(
    lead, monkeypatch, django_capture_on_commit_callbacks, changes, call
):
    """The version is moved (or the article stamped) again once the save commits; should
    that go wrong for any reason, the save stays done and nobody is told it failed."""
    broken_calls = []

    def broken(*args, **kwargs):
        broken_calls.append(args)
        raise RuntimeError("a bug in the shared cache")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for name, value in changes.items():
            setattr(lead, name, value)
        lead.save()
        monkeypatch.setattr(caching.shared_cache, call, broken)
    ours = [callback for callback in callbacks if callback.__module__ == caching.__name__]
    assert len(ours) == 1 and len(broken_calls) == 1
    stored = Article.objects.filter(pk=lead.pk).values(*changes).get()
    assert stored == changes


def test_staff_get_fresh_pages_that_nobody_may_keep(client, page_cache, lead):
    client.force_login(make_staff_user())
    client.get(lead.get_absolute_url())
    response = client.get(lead.get_absolute_url())
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    lead.title = "只在数据库里改了"
    retitle_unseen(lead, lead.title)  # the page cache is told nothing
    assert lead.title in client.get(lead.get_absolute_url()).content.decode()


def test_staff_get_a_fresh_page_after_a_reader_cached_it(client, page_cache, lead):
    """The staff check comes before the cache is looked up: once a reader has cached a
    page, an editor must still see the database's version, in a page nobody may keep."""
    assert SEED_LEAD in client.get(lead.get_absolute_url()).content.decode()  # now cached
    retitle_unseen(lead, "只在数据库里改了")  # the page cache is told nothing
    assert SEED_LEAD in client.get(lead.get_absolute_url()).content.decode()  # readers: the copy

    editor = Client()
    editor.force_login(make_staff_user())
    response = editor.get(lead.get_absolute_url())

    assert "只在数据库里改了" in response.content.decode()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_each_language_has_its_own_copy(client, page_cache):
    chinese = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "往期回顾" in chinese and "Past issues" in english


def test_a_matching_etag_gets_304(client, page_cache, lead):
    etag = client.get(lead.get_absolute_url())["ETag"]
    response = client.get(lead.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_a_page_not_modified_since_its_last_modified_gets_304(client, page_cache, lead):
    last_modified = client.get(lead.get_absolute_url())["Last-Modified"]
    not_modified = client.get(lead.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=last_modified)
    assert not_modified.status_code == 304
    earlier = http_date(parse_http_date(last_modified) - 1)
    assert client.get(lead.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_cached_page_keeps_the_headers_its_view_gave_it(
    client, page_cache, django_assert_num_queries
):
    performance = Performance.objects.first()
    url = reverse("events:performance_calendar", args=[performance.pk])
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    for response in (first, second):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == (
            f'attachment; filename="performance-{performance.pk}.ics"'
        )


def test_last_modified_is_when_the_page_was_rendered(client, page_cache, lead, monkeypatch):
    rendered = time.time()
    monkeypatch.setattr(time, "time", lambda: rendered)
    client.get(lead.get_absolute_url())
    monkeypatch.setattr(time, "time", lambda: rendered + 30)
    assert client.get(lead.get_absolute_url())["Last-Modified"] == http_date(rendered)


@pytest.mark.parametrize(
    "personal",
    [get_token, lambda request: request.session.__setitem__("seen", True)],
    ids=["csrf token", "session"],
)
def test_a_page_that_gives_its_visitor_a_cookie_is_not_kept(page_cache, rf, personal):
    """Middleware adds these cookies after the view, where the page cache cannot see them."""
    rendered = []

    @reader_page
    def page(request):
        personal(request)
        rendered.append(request)
        return HttpResponse("读者页面")

    for _ in range(2):
        request = rf.get("/personal/")
        request.session = SessionStore()
        page(request)
    assert len(rendered) == 2


def test_a_request_without_a_session_is_served_from_the_cache(reader_cache, rf):
    """Outside the session middleware, no session can be given a cookie: the page is kept."""
    rendered = []

    @reader_page
    def page(request):
        rendered.append(request)
        return HttpResponse("读者页面")

    for _ in range(2):
        assert page(rf.get("/no-session/")).content == "读者页面".encode()
    assert len(rendered) == 1


def test_what_is_no_page_under_a_page_key_is_not_served(reader_cache, rf):
    """Something else in the shared cache under a page's key (an older release's format)
    is a miss: the page is rendered, and kept in its place."""
    rendered = []

    @reader_page
    def page(request):
        rendered.append(request)
        return HttpResponse("读者页面")

    cache.set(page_key(rf.get("/garbage/")), "<p>旧版本存的页面</p>")
    for _ in range(2):
        assert page(rf.get("/garbage/")).content == "读者页面".encode()
    assert len(rendered) == 1


def test_a_message_for_one_visitor_is_not_kept_for_the_next(client, page_cache):
    day_without_issue = reverse("articles:issue", kwargs={"year": 2022, "month": 8, "day": 26})
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    response = client.get(day_without_issue, follow=True, **english)
    assert "No issue came out" in response.content.decode()
    seed_issue = response.redirect_chain[-1][0]
    assert "No issue came out" not in client.get(seed_issue, **english).content.decode()


def test_cached_pages_carry_no_csrf_token(client, page_cache):
    html = client.get(reverse("home")).content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert f'action="{reverse("switch_language")}"' in html
    assert "csrftoken" not in client.cookies


def test_the_language_switch_sets_the_cookie_and_goes_back(client, page_cache):
    response = client.get(reverse("switch_language"), {"language": "en", "next": "/theatre/"})
    assert response.status_code == 302 and response["Location"] == "/theatre/"
    assert client.cookies["django_language"].value == "en"
    assert "Past issues" in client.get(reverse("home")).content.decode()


def test_the_language_switch_goes_nowhere_else(client, page_cache):
    response = client.get(
        reverse("switch_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert "django_language" not in client.cookies


def test_nothing_is_cached_in_development(client, imported_seed, lead, settings):
    settings.READER_CACHE_SECONDS = 0
    response = client.get(lead.get_absolute_url())
    assert "Cache-Control" not in response


def test_the_redis_cache_builds_one_client_per_pool():
    """Building a redis-py client costs more than a cached page's MGET: one is kept."""
    cache = ReusedClientRedisCache("redis://127.0.0.1:6379/7", {})  # connects on first use
    reader = cache._cache.get_client()
    assert cache._cache.get_client() is reader
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)
