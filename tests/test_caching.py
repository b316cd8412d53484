"""Cached reader pages (newsroom.caching): fresh after each edit, never personal, HTTP-cacheable."""

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date, parse_http_date

from articles.models import Article, ArticleStatus, Author
from events.models import Performer
from newsroom.caching import (
    CONTENT_VERSION_KEY,
    new_content_version,
    process_pages,
    reader_page,
)
from newsroom.redis_cache import ReusedClientRedisCache

from .factories import make_staff_user
from .helpers import pages_showing
from .seed_expectations import SEED_LEAD

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings, imported_seed):
    """The seed issue, with pages cached as in production."""
    settings.READER_CACHE_SECONDS = 60
    cache.clear()
    process_pages.forget_version()
    yield
    cache.clear()


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
    assert "Cookie" in second["Vary"] and "Accept-Language" in second["Vary"]


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
    second = client.get(lead.get_absolute_url())
    assert shared_cache_calls == []
    assert second.content == first.content and second["ETag"] == first["ETag"]
    settings.READER_VERSION_SECONDS = 0  # the version is read again, and nothing else
    client.get(lead.get_absolute_url())
    assert shared_cache_calls == ["get"]


def test_another_process_edit_shows_within_the_version_seconds(client, page_cache, lead, settings):
    """An edit through another worker moves the shared version only; this process trusts
    the version it read for READER_VERSION_SECONDS, then sees the new page."""
    settings.READER_VERSION_SECONDS = 3600
    client.get(lead.get_absolute_url())
    Article.objects.filter(pk=lead.pk).update(title="别的进程改了标题")  # no signal here
    cache.incr(CONTENT_VERSION_KEY)  # what the other process's signal did
    assert SEED_LEAD in client.get(lead.get_absolute_url()).content.decode()
    settings.READER_VERSION_SECONDS = 0
    assert "别的进程改了标题" in client.get(lead.get_absolute_url()).content.decode()


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
    Article.objects.filter(pk=lead.pk).update(title="改了标题")  # no signal: same version
    assert SEED_LEAD in client.get(lead.get_absolute_url()).content.decode()
    new_content_version()
    assert "改了标题" in client.get(lead.get_absolute_url()).content.decode()


def test_a_kept_page_lives_no_longer_than_the_cache_seconds(client, page_cache, lead, monkeypatch):
    """Time changes pages without an edit (a scheduled article appears): neither the
    process's copy nor the shared one outlives READER_CACHE_SECONDS."""
    client.get(lead.get_absolute_url())
    Article.objects.filter(pk=lead.pk).update(title="到点发布的新标题")  # no signal: same version
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 59)
    assert SEED_LEAD in client.get(lead.get_absolute_url()).content.decode()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    assert "到点发布的新标题" in client.get(lead.get_absolute_url()).content.decode()


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


def test_staff_get_fresh_pages_that_nobody_may_keep(client, page_cache, lead):
    client.force_login(make_staff_user())
    client.get(lead.get_absolute_url())
    response = client.get(lead.get_absolute_url())
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    lead.title = "只在数据库里改了"
    Article.objects.filter(pk=lead.pk).update(title=lead.title)  # no signal, no new version
    assert lead.title in client.get(lead.get_absolute_url()).content.decode()


def test_staff_get_a_fresh_page_after_a_reader_cached_it(client, page_cache, lead):
    """The staff check comes before the cache is looked up: once a reader has cached a
    page, an editor must still see the database's version, in a page nobody may keep."""
    assert SEED_LEAD in client.get(lead.get_absolute_url()).content.decode()  # now cached
    Article.objects.filter(pk=lead.pk).update(title="只在数据库里改了")  # no new version
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
