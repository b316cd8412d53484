"""`/healthz` for the load balancer, and the 503 page readers get while the database is down."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from articles import views as article_views
from newsroom import health

pytestmark = pytest.mark.django_db


class BrokenCursor:
    """Stands in for ``connection.cursor()`` when the database refuses connections."""

    def __enter__(self):
        raise OperationalError("connection refused")

    def __exit__(self, *exc_info):
        return False


class LosingCache:
    """A cache that takes every write and keeps none (as a full or restarting one may)."""

    def set(self, *args, **kwargs):
        pass

    def get(self, *args, **kwargs):
        return None

    def delete(self, *args, **kwargs):
        pass


class FailingCache:
    def set(self, *args, **kwargs):
        raise ConnectionError("cache server down")


OK = {"cache_errors": 0, "stale_pages_served": 0}  # what the process did without them


def test_healthz_reports_database_and_cache_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", **OK}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_writes_nothing_to_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        client.get("/healthz")
    assert captured.captured_queries[0]["sql"].strip().upper() == "SELECT 1"


def test_healthz_is_503_naming_the_database_when_it_is_down(client, monkeypatch):
    monkeypatch.setattr(health.connection, "cursor", BrokenCursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "cache": "ok", **OK}
    assert "refused" not in response.content.decode()  # no error details for the outside


@pytest.mark.parametrize("broken_cache", [LosingCache(), FailingCache()])
def test_healthz_names_a_failing_cache_but_stays_200(client, monkeypatch, broken_cache):
    """Pages are served without the cache (newsroom.shared_cache): a load balancer must not
    take every server out because Redis is down."""
    monkeypatch.setattr(health, "cache", broken_cache)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "unavailable", **OK}


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_outage_gives_a_503_page_in_chinese_with_retry_after(monkeypatch, error):
    def lost_connection(*args, **kwargs):
        raise error("server closed the connection unexpectedly")

    monkeypatch.setattr(article_views, "search_articles", lost_connection)
    response = Client().get("/search/", {"q": "相声"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert '<html lang="zh-Hans">' in page
    assert "Traceback" not in page and "server closed" not in page


def test_other_errors_stay_server_errors(monkeypatch):
    def bug(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(article_views, "search_articles", bug)
    with pytest.raises(ZeroDivisionError):
        Client().get("/search/", {"q": "相声"})
