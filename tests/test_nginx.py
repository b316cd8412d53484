"""deploy/nginx.conf as shipped, in front of the application: what it keeps and for whom.

Runs Debian's nginx (``make test`` installs it) on a free port before the live server.
"""

import gzip
import shutil
import signal
import socket
import time
import urllib.error
import urllib.request
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from bench.run import start_nginx

from .seed_expectations import SEED

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def nginx(live_server, settings, tmp_path):
    """The address of nginx in front of the live server, whose pages are cached as in
    production (so that they say ``Vary: Cookie``)."""
    if not shutil.which("nginx"):
        pytest.fail("nginx is missing: run `make test`, which installs it (apt-get install nginx).")
    settings.READER_CACHE_SECONDS = 60
    port = free_port()
    proxy = start_nginx(tmp_path, port=port, app_port=urlsplit(live_server.url).port)
    address = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield address
    proxy.send_signal(signal.SIGQUIT)
    proxy.wait(timeout=10)


def cache_status(url: str, **headers) -> str:
    """What nginx's micro-cache did with a GET of ``url``: MISS, HIT, BYPASS …"""
    request = urllib.request.Request(url, headers={"Accept-Language": "zh-CN", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers["X-Cache-Status"]
    except urllib.error.HTTPError as error:
        return error.headers["X-Cache-Status"]


def test_a_reader_page_is_kept_for_every_reader_whatever_their_other_cookies(nginx):
    assert cache_status(f"{nginx}/", Cookie="_ga=reader-one") == "MISS"
    assert cache_status(f"{nginx}/", Cookie="_ga=reader-two") == "HIT"
    assert cache_status(f"{nginx}/") == "HIT"


def test_each_language_has_its_own_copy(nginx):
    assert cache_status(f"{nginx}/theatre/") == "MISS"
    assert cache_status(f"{nginx}/theatre/", **{"Accept-Language": "en"}) == "MISS"
    assert cache_status(f"{nginx}/theatre/", Cookie="django_language=en") == "MISS"


@pytest.mark.parametrize("cookie", ["sessionid=staff", "messages=one-visitor"])
def test_staff_and_visitors_with_a_message_get_pages_of_their_own(nginx, cookie):
    cache_status(f"{nginx}/")
    assert cache_status(f"{nginx}/", Cookie=f"_ga=x; {cookie}") == "BYPASS"


@pytest.mark.parametrize("path", ["/healthz", "/health/"])
def test_health_checks_always_reach_the_application(nginx, path):
    """A copy would tell a load balancer the application is up when it is not."""
    assert [cache_status(f"{nginx}{path}") for _ in range(2)] == ["BYPASS", "BYPASS"]


def test_pages_feeds_sitemaps_calendars_and_json_are_compressed_for_clients_that_ask(
    nginx, migration_data
):
    call_command("import_issue", str(SEED), "--date", "2022-08-25", stdout=StringIO())
    paths = ["/", "/feeds/rss/", "/sitemap.xml", "/theatre/calendar.ics", "/api/v1/openapi.json"]
    for path in paths:
        asked = urllib.request.Request(f"{nginx}{path}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(asked, timeout=10) as response:
            assert response.headers["Content-Encoding"] == "gzip", path
            assert "Accept-Encoding" in response.headers["Vary"], path
            compressed = response.read()
        with urllib.request.urlopen(f"{nginx}{path}", timeout=10) as response:
            assert response.headers["Content-Encoding"] is None, path
            plain = response.read()
        assert len(compressed) < len(plain), path
        assert gzip.decompress(compressed)[:100] == plain[:100], path
