"""What an uncached page costs, in-process, beside what any page of the site costs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_archive \
        .venv/bin/python bench/page_costs.py

Medians of RUNS (default 300) calls each, under the production settings with the page cache
off, in one process (no HTTP, no other worker): ``/health/`` through the test client (the
whole middleware stack and a static template, the baseline of bench/run.py); the site's
layout (``base.html``) rendered alone, without a query; as many ``SELECT 1`` round trips
as the article page makes queries; and the article page through the test client, with its
page kept whole (``articles.parts``: read in one query, no template rendered) and just
after an edit moved it on (the page rendered again; the time includes the one ``UPDATE``
that stands for the edit).

The sum of the first three is the least any reader page of the site costs that renders the
site's layout per request and asks the database as often as the article page does. With
one round trip in place of the article page's, it bounds a page rendered per request from
fragments stored beforehand and read in one query; a page kept whole (the article and
issue pages) renders no layout, and is bounded by ``/health/`` and its one query alone.

Then each page of bench/run.py, RUNS // 3 times: where its time goes (a page kept whole, as
kept after its first request); and for a kept page, its time just after an edit moved it on
(rendered again). *Database* is the
time spent in the driver's ``execute`` (PostgreSQL's planning and execution and the round
trip); *template* the rendering of the page's template less its database time (with what
the template evaluates lazily: a list's query built and its rows made into models when the
template loops over it); *Python* the rest: the middleware, the view, and the queries the
view builds and compiles and the model instances they return.
Writes bench/results/page-costs-<database>.json.
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
from django.db.models import F  # noqa: E402
from django.template.backends.django import Template  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from run import page_urls  # noqa: E402

from articles.models import Article, ArticlePart, IssuePart, ListPart  # noqa: E402

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


class Split:
    """Where one request's time goes: the database driver's, the page template's (less the
    queries its tags make), the rest Python's. Only the outermost template is timed."""

    def __init__(self):
        self.depth = 0
        self.reset()

    def reset(self):
        self.database = self.template = 0.0
        self.queries = 0

    def execute(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.database += time.perf_counter() - began
            self.queries += 1

    def rendering(self, render):
        def timed(template, context=None, request=None):
            if self.depth:
                return render(template, context, request)
            self.depth += 1
            began, database = time.perf_counter(), self.database
            try:
                return render(template, context, request)
            finally:
                self.depth -= 1
                elapsed = time.perf_counter() - began
                self.template += elapsed - (self.database - database)

        return timed


def page_split(client, url: str, runs: int) -> dict:
    """Medians of ``url``'s whole time, and of its database, template and Python parts."""
    parts = {"total": [], "database": [], "template": [], "python": []}
    split = Split()
    render = Template.render
    Template.render = split.rendering(render)
    try:
        with connection.execute_wrapper(split.execute):
            for run in range(runs + 10):
                split.reset()
                began = time.perf_counter()
                assert client.get(url).status_code == 200, url
                total = time.perf_counter() - began
                if run < 10:  # warming
                    continue
                for name, seconds in (
                    ("total", total),
                    ("database", split.database),
                    ("template", split.template),
                    ("python", total - split.database - split.template),
                ):
                    parts[name].append(seconds * 1000)
    finally:
        Template.render = render
    return {
        **{f"{name}_ms": round(statistics.median(ms), 2) for name, ms in parts.items()},
        "queries": split.queries,
    }


def kept_part(page: str, url: str, article):
    """The kept page of ``page`` at ``url`` (the article's, its issue's, a list's), or None
    for one rendered per request (search)."""
    if page == "article":
        return ArticlePart.objects.filter(article=article)
    if page == "issue":
        return IssuePart.objects.filter(issue=article.issue_id)
    kept = ListPart.objects.filter(path=url)  # as the page split above left it
    return kept if kept.exists() else None


def rendered_again(client, url: str, kept) -> None:
    """The page at ``url`` just after an edit moved its part ``kept`` on: rendered again
    (with the one ``UPDATE`` that stands for the edit)."""
    kept.update(edition=F("edition") + 1)
    client.get(url)


def main():
    client = Client(headers={"x-forwarded-proto": "https"})
    article = Article.objects.get(title=ARTICLE)
    article_url = article.get_absolute_url()
    assert client.get("/health/").status_code == 200  # served, not redirected
    assert client.get(article_url).status_code == 200  # its article's part kept
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

    costs["one_round_trip_ms"] = costs["round_trips_ms"] / queries
    floor = costs["health_ms"] + costs["layout_ms"] + costs["round_trips_ms"]
    fragment_floor = costs["health_ms"] + costs["layout_ms"] + costs["one_round_trip_ms"]
    name = connection.settings_dict["NAME"]
    pages = {
        page: {**page_split(client, url, RUNS // 3), "url": url}
        for page, url in page_urls(name).items()
    }
    for page, split in pages.items():
        split["ratio"] = round(costs["health_ms"] / split["total_ms"], 3)
        kept = kept_part(page, split["url"], article)
        if kept is not None:
            again = median_ms(lambda: rendered_again(client, split["url"], kept))  # noqa: B023
            split["after_edit_ms"] = round(again, 2)
            split["after_edit_ratio"] = round(costs["health_ms"] / split["after_edit_ms"], 3)
    costs["article_after_edit_ms"] = pages["article"]["after_edit_ms"]
    result = {
        **{name: round(ms, 2) for name, ms in costs.items()},
        "queries": queries,
        "floor_ms": round(floor, 2),
        "floor_ratio": round(costs["health_ms"] / floor, 3),
        "article_ratio": round(costs["health_ms"] / costs["article_ms"], 3),
        "article_after_edit_ratio": round(costs["health_ms"] / costs["article_after_edit_ms"], 3),
        "fragment_floor_ms": round(fragment_floor, 2),
        "fragment_floor_ratio": round(costs["health_ms"] / fragment_floor, 3),
        "pages": pages,
        "runs": RUNS,
        "load_average": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": f"RUNS={RUNS} bench/page_costs.py",
    }
    (Path(__file__).resolve().parent / "results" / f"page-costs-{name}.json").write_text(
        json.dumps(result, indent=2)
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
