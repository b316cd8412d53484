"""What an uncached article page costs, in-process, beside what any page of the site costs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_archive \
        .venv/bin/python bench/page_costs.py

Medians of RUNS (default 300) calls each, under the production settings with the page cache
off, in one process (no HTTP, no other worker): ``/health/`` through the test client (the
whole middleware stack and a static template, the baseline of bench/run.py); the site's
layout (``base.html``) rendered alone, without a query; as many ``SELECT 1`` round trips
as the article page makes queries; and the article page through the test client.

The sum of the first three is the least any reader page of the site costs that shows the
site's layout and asks the database as often as the article page does; its ratio to
``/health/`` bounds what the article page's ratio can reach uncached, whatever its own
queries and template. Writes bench/results/page-costs-<database>.json.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.production"
os.environ.setdefault("SECRET_KEY", "bench-" + "x7Kq2" * 12)
os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")
os.environ["READER_CACHE_SECONDS"] = "0"

import django

django.setup()

from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402

RUNS = int(os.environ.get("RUNS", "300"))
ARTICLE = "解放区以企招商“云推介”暨项目签约仪式举行"  # the seed's lead, as bench/run.py


def median_ms(call) -> float:
    for _ in range(10):
        call()
    timings = []
    for _ in range(RUNS):
        began = time.perf_counter()
        call()
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def main():
    client = Client(headers={"x-forwarded-proto": "https"})
    article_url = Article.objects.get(title=ARTICLE).get_absolute_url()
    assert client.get("/health/").status_code == 200  # served, not redirected
    with CaptureQueriesContext(connection) as captured:
        assert client.get(article_url).status_code == 200
    queries = len(captured.captured_queries)
    request = RequestFactory().get("/")
    cursor = connection.cursor()

    def round_trips():
        for _ in range(queries):
            cursor.execute("SELECT 1")
            cursor.fetchall()

    costs = {
        "health_ms": median_ms(lambda: client.get("/health/")),
        "layout_ms": median_ms(lambda: render_to_string("base.html", {}, request=request)),
        "round_trips_ms": median_ms(round_trips),
        "article_ms": median_ms(lambda: client.get(article_url)),
    }
    floor = costs["health_ms"] + costs["layout_ms"] + costs["round_trips_ms"]
    result = {
        **{name: round(ms, 2) for name, ms in costs.items()},
        "queries": queries,
        "floor_ms": round(floor, 2),
        "floor_ratio": round(costs["health_ms"] / floor, 3),
        "article_ratio": round(costs["health_ms"] / costs["article_ms"], 3),
        "runs": RUNS,
        "load_average": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": f"RUNS={RUNS} bench/page_costs.py",
    }
    name = connection.settings_dict["NAME"]
    (Path(__file__).resolve().parent / "results" / f"page-costs-{name}.json").write_text(
        json.dumps(result, indent=2)
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
