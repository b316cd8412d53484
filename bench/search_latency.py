"""Latency of the search page's queries (the newest matches in rank order, then the first
page's articles and their bylines) on a benchmark database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_archive \
        .venv/bin/python bench/search_latency.py

Prints per query word: how many articles match; p50/p99 of the page's queries end to end
from Django (RUNS runs each, default 200, after 5 warm-up runs: ORM, driver and database;
``DEBUG`` off, as served, so no query is logged); p50/p99 of the database's own execution
time of the same queries (EXPLAIN ANALYZE's "Execution Time", summed over the page's
queries; it leaves out Python, so it holds on a machine busy with other work); then the
plans of the page's queries for the first word.
"""

import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DEBUG", "false")
django.setup()

from django.contrib.postgres.search import SearchQuery  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402
from articles.search import search_articles  # noqa: E402
from articles.segmentation import query_words  # noqa: E402
from newsroom.pagination import PER_PAGE  # noqa: E402

QUERIES = ("招商引资", "营商环境", "志愿服务", "相声", "解放区", "詹长松")
RUNS = int(os.environ.get("RUNS", "200"))


def search_page(q: str) -> int:
    """What the search view asks the database: the newest matches in rank order, and the
    first page's articles; returns how many are listed."""
    results = search_articles(q)
    results[:PER_PAGE]
    return len(results)


def page_queries(q: str) -> list[str]:
    """The SQL of every query the search page's results make, parameters filled in."""
    with CaptureQueriesContext(connection) as captured:
        search_page(q)
    return [query["sql"] for query in captured.captured_queries]


def explain(sql: str, options: str = "ANALYZE, TIMING OFF, FORMAT JSON"):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}")
        return cursor.fetchall()


def in_database_ms(q: str) -> float:
    """The database's own time for all of the page's queries, in milliseconds."""
    return sum(explain(sql)[0][0][0]["Execution Time"] for sql in page_queries(q))


def all_matches(q: str) -> int:
    """How many published articles hold the words, ranked or not."""
    return (
        Article.objects.published()
        .filter(
            search_vector=SearchQuery(
                " ".join(query_words(q)), search_type="plain", config="simple"
            )
        )
        .count()
    )


def main():
    for q in QUERIES:  # loads rjieba's dictionary, the ORM's caches, a connection
        search_page(q)
    # As a served worker does (deploy/gunicorn.conf.py): what is loaded by now is never
    # collected, so a full collection of Django's own objects (~60 ms) is not timed as search.
    gc.freeze()
    print("| query | matches | listed | p50 ms | p99 ms | database p50 ms | database p99 ms |")
    print("|---|---|---|---|---|---|---|")
    report = {}
    for q in QUERIES:
        for _ in range(5):
            search_page(q)
        timings = []
        for _ in range(RUNS):
            began = time.perf_counter()
            count = search_page(q)
            timings.append((time.perf_counter() - began) * 1000)
        cuts = statistics.quantiles(timings, n=100)
        db_cuts = statistics.quantiles([in_database_ms(q) for _ in range(RUNS)], n=100)
        matches = all_matches(q)
        report[q] = {
            "matches": matches,
            "listed": count,
            "p50_ms": round(cuts[49], 2),
            "p99_ms": round(cuts[98], 2),
            "database_p50_ms": round(db_cuts[49], 2),
            "database_p99_ms": round(db_cuts[98], 2),
        }
        print(
            f"| {q} | {matches} | {count} | {cuts[49]:.1f} | {cuts[98]:.1f} "
            f"| {db_cuts[49]:.2f} | {db_cuts[98]:.2f} |"
        )
    plan = "\n\n".join(
        "\n".join(row[0] for row in explain(sql, "ANALYZE, BUFFERS"))
        for sql in page_queries(QUERIES[0])
    )
    print(plan)
    name = connection.settings_dict["NAME"]
    out = Path(__file__).resolve().parent / "results" / f"search-{name}.json"
    load = os.getloadavg()
    out.write_text(
        json.dumps(
            {
                "queries": report,
                "plan": plan,
                "runs": RUNS,
                "load_average": load,
                "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                "command": f"RUNS={RUNS} bench/search_latency.py",
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
