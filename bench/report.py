"""Every benchmark of issue 6 in one command, and docs/performance.md written from the results.

    make bench                                  # = the line below
    .venv/bin/python bench/report.py --run --output docs/performance.md
    .venv/bin/python bench/report.py --output docs/performance.md   # only rewrite the page

``--run`` makes the benchmark databases if they are missing (bench/setup_databases.sh),
then runs bench/run.py (uncached, cached, nginx) on the seed and on the 10-year archive,
bench/search_latency.py and bench/page_costs.py on both, bench/explain.py on the archive,
and times ``generate_archive --years 1`` into a fresh database (the import figure). About
15 minutes on the 2-core machine. The page is written from bench/results/ alone, so it
always shows the figures of the last runs, each with its command, date and the load of the
machine.
"""

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG = "postgres://postgres@127.0.0.1:5432"
DATABASES = ("newsroom_bench_seed", "newsroom_bench_archive")
MODES = ("uncached", "cached", "nginx")
IMPORT_DB = "newsroom_bench_import"
IMPORT_YEARS = 1
SEARCH_RUNS = "50"


def sh(*command, env=None, **kwargs):
    print("$", " ".join(str(part) for part in command), file=sys.stderr)
    return subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})}, **kwargs)


def database_exists(name: str) -> bool:
    query = "SELECT datname FROM pg_database"
    listed = sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", query,
                capture_output=True, text=True, check=True)  # fmt: skip
    return name in listed.stdout.split()


def run_all() -> None:
    if not all(database_exists(db) for db in DATABASES):
        sh("sh", "bench/setup_databases.sh", "10", check=True)
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        sh(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", check=True, env={
            "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
            "SECRET_KEY": "bench-" + "x7Kq2" * 12, "ALLOWED_HOSTS": "localhost"})  # fmt: skip
    for db in DATABASES:
        for mode in MODES:
            sh(PYTHON, "bench/run.py", "--database", db, "--mode", mode, check=True)
        sh(PYTHON, "bench/search_latency.py", check=True,
           env={"DATABASE_URL": f"{PG}/{db}", "RUNS": SEARCH_RUNS})  # fmt: skip
        sh(PYTHON, "bench/page_costs.py", check=True, env={"DATABASE_URL": f"{PG}/{db}"})
    for front, edits in REAL_DAYS:
        options = (["--nginx"] if front == "nginx" else []) + (
            ["--no-edits"] if edits == "no-edits" else []
        )
        sh(PYTHON, "bench/real_day.py", "--database", "newsroom_bench_archive", *options,
           check=True)  # fmt: skip
    with (RESULTS / "explain-newsroom_bench_archive.txt").open("w") as out:
        sh(PYTHON, "bench/explain.py", stdout=out, check=True,
           env={"DATABASE_URL": f"{PG}/newsroom_bench_archive"})  # fmt: skip
    time_import()


def time_import() -> None:
    """generate_archive into a fresh database holding the seed: the loader's write path."""
    env = {"DATABASE_URL": f"{PG}/{IMPORT_DB}"}
    sh("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", IMPORT_DB, check=True)
    sh("createdb", "-h", "127.0.0.1", "-U", "postgres", IMPORT_DB, check=True)
    sh(PYTHON, "manage.py", "migrate", "-v0", env=env, check=True)
    sh(PYTHON, "manage.py", "import_issue", "--dates", "seeds/dates.tsv",
       *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "seeds").glob("*.txt")),
       env=env, check=True, capture_output=True)  # fmt: skip
    command = ["manage.py", "generate_archive", "--years", str(IMPORT_YEARS), "--seed", "1"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = sh(PYTHON, *command, env=env, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    articles = int(re.search(r"(\d+) articles created", done.stdout).group(1))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result = {
        "command": f"DATABASE_URL={PG}/{IMPORT_DB} .venv/bin/python {' '.join(command)}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "articles": articles,
        "seconds": round(seconds, 1),
        "articles_per_second": round(articles / seconds, 1),
        "python_cpu_seconds": round(cpu, 1),
        "articles_per_python_cpu_second": round(articles / cpu, 1),
        "load_average": os.getloadavg(),
        "output": done.stdout.strip(),
    }
    (RESULTS / "import.json").write_text(json.dumps(result, indent=2))
    sh("dropdb", "-h", "127.0.0.1", "-U", "postgres", IMPORT_DB, check=True)


# The page --------------------------------------------------------------------------------


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    memory = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    postgres = sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW server_version",
                  capture_output=True, text=True).stdout.strip()  # fmt: skip
    return (
        f"{cpu.group(1) if cpu else platform.processor()}, {os.cpu_count()} cores, "
        f"{int(memory.group(1)) // 1024 // 1024} GB RAM, Linux {platform.release()}; "
        f"PostgreSQL {postgres.split()[0] if postgres else '?'} and Redis on the same machine; "
        f"Python {platform.python_version()}"
    )


def load(values) -> str:
    return " / ".join(f"{v:.1f}" for v in values)


def read(name: str):
    path = RESULTS / name
    return json.loads(path.read_text()) if path.exists() else None


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def throughput_section(runs: dict) -> list[str]:
    columns = [(db, mode) for mode in MODES for db in DATABASES if (db, mode) in runs]
    short = {"newsroom_bench_seed": "seed", "newsroom_bench_archive": "archive"}
    head = [f"{short[db]} {mode}" for db, mode in columns]
    lines = [
        "| page | " + " | ".join(head) + " |",
        "|---|" + "---|" * len(columns),
        "| baseline req/s (mean) | "
        + " | ".join(f"{mean(runs[c]['baseline_rps']):,.0f}" for c in columns)
        + " |",
    ]
    for page in runs[columns[0]]["pages"]:
        cells = []
        for column in columns:
            r = runs[column]["pages"][page]
            cells.append(
                f"{r['rps']:,.0f} · **{r['ratio']:.2f}** · {r['p50_ms']:.1f} / {r['p99_ms']:.1f}"
            )
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Each cell: requests/s · **ratio to the baseline of the same run** · p50 / p99 ms. "
        "Baseline: `/health/` (a static template through the whole middleware stack), "
        "in nginx mode a static file served by that nginx.",
        "",
        "| run | command | date | load average (1/5/15 min) after it |",
        "|---|---|---|---|",
    ]
    for column in columns:
        r = runs[column]
        lines.append(
            f"| {short[column[0]]} {column[1]} | `{r.get('command', '')}` ({r.get('wrk', '')}) "
            f"| {r.get('date', '')} | {load(r['load_average'])} |"
        )
    return lines


def targets_section(runs: dict) -> list[str]:
    def ratio(db, mode, page="article"):
        run = runs.get((db, mode))
        return run["pages"][page]["ratio"] if run else None

    seed, archive = DATABASES
    lines = ["| target | seed | archive | verdict |", "|---|---|---|---|"]
    for label, mode, goal in (
        ("uncached article ≥ 0.5 of the trivial view", "uncached", 0.5),
        ("cached article ≥ 0.9 of the trivial view", "cached", 0.9),
        ("hot article behind nginx ≥ 0.5 of a static file", "nginx", 0.5),
    ):
        s, a = ratio(seed, mode), ratio(archive, mode)
        if s is None or a is None:
            continue
        lines.append(f"| {label} | {s:.2f} | {a:.2f} | {verdict(min(s, a) >= goal)} |")
    for mode in MODES:
        s, a = ratio(seed, mode), ratio(archive, mode)
        if s and a:
            change = a / s - 1
            lines.append(
                f"| {mode} article: archive ratio within 10 % of the seed's | {s:.2f} | {a:.2f} "
                f"| {change:+.0%}: {verdict(abs(change) <= 0.10)} |"
            )
    return lines


def memory_section(runs: dict) -> list[str]:
    lines = ["| run | worker RSS / PSS, MB |", "|---|---|"]
    for (db, mode), r in runs.items():
        workers = ", ".join(f"{w['rss_mb']:.0f} / {w['pss_mb']:.0f}" for w in r["workers"])
        lines.append(f"| {db} {mode} | {workers} |")
    worst = max(w["rss_mb"] for r in runs.values() for w in r["workers"])
    lines += ["", f"Largest worker RSS {worst:.0f} MB: target ≤ 150 MB {verdict(worst <= 150)}."]
    return lines


def after_edit(page: dict) -> str:
    """A kept page's time and ratio just after an edit moved it on; none for the others."""
    if "after_edit_ms" not in page:
        return "rendered for each request | –"
    return f"{page['after_edit_ms']} ms | {page['after_edit_ratio']}"


def page_costs_section() -> list[str]:
    results = [(db, r) for db in DATABASES if (r := read(f"page-costs-{db}.json"))]
    if not results:
        return []
    lines = [
        "| database | `/health/` | layout alone | round trips | floor (sum) | floor ratio "
        "| article page | article ratio | after an edit | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {db} | {r['health_ms']} ms | {r['layout_ms']} ms "
        f"| {r['queries']} × `SELECT 1`: {r['round_trips_ms']} ms | {r['floor_ms']} ms "
        f"| {r['floor_ratio']} | {r['article_ms']} ms | {r['article_ratio']} "
        f"| {r['article_after_edit_ms']} ms | {r['article_after_edit_ratio']} |"
        for db, r in results
    ]
    lines += [
        "",
        "A page rendered per request from fragments stored beforehand and read in one query "
        "(the layout, `/health/`'s stack and one round trip) would cost "
        + "; ".join(
            f"{r['fragment_floor_ms']} ms on {db}, a ratio of {r['fragment_floor_ratio']}"
            for db, r in results
        )
        + ".",
        "",
        "Where each page's time goes (medians; *template* includes the rows a template's "
        "loops make into models, *Python* the middleware, the view and the queries it builds):",
        "",
        "| database | page | queries | total | database | template | Python | ratio "
        "| rendered again after an edit | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {db} | {page} | {p['queries']} | {p['total_ms']} ms | {p['database_ms']} ms "
        f"| {p['template_ms']} ms | {p['python_ms']} ms | {p['ratio']} "
        f"| {after_edit(p)} |"
        for db, r in results
        for page, p in r["pages"].items()
    ]
    runs = "; ".join(
        f"`{r['command']}` on {db}, {r['date']}, load {load(r['load_average'])}"
        for db, r in results
    )
    return [*lines, "", f"{runs}."]


def search_section() -> list[str]:
    lines = []
    for db in DATABASES:
        result = read(f"search-{db}.json")
        if not result:
            continue
        lines += [
            f"**{db}** — `DATABASE_URL={PG}/{db} {result.get('command', '')}`, "
            f"{result.get('date', '')}, load {load(result.get('load_average', []))}",
            "",
            "| query | matches | listed | p50 ms | p99 ms | in database p50 ms | p99 ms |",
            "|---|---|---|---|---|---|---|",
        ]
        for q, r in result["queries"].items():
            lines.append(
                f"| {q} | {r['matches']:,} | {r.get('listed', r['matches'])} | {r['p50_ms']} "
                f"| {r['p99_ms']} | {r['database_p50_ms']} | {r['database_p99_ms']} |"
            )
        lines.append("")
    archive = read("search-newsroom_bench_archive.json")
    if archive:
        worst_p50 = max(r["p50_ms"] for r in archive["queries"].values())
        worst_p99 = max(r["p99_ms"] for r in archive["queries"].values())
        db_p50 = max(r["database_p50_ms"] for r in archive["queries"].values())
        db_p99 = max(r["database_p99_ms"] for r in archive["queries"].values())
        lines += [
            f"Target p50 ≤ 10 ms, p99 ≤ 50 ms on the archive: in the database (worst query) "
            f"p50 {db_p50} / p99 {db_p99} ms, {verdict(db_p50 <= 10 and db_p99 <= 50)}; "
            f"end to end from Django p50 {worst_p50} / p99 {worst_p99} ms, "
            f"{verdict(worst_p50 <= 10 and worst_p99 <= 50)}.",
            "",
            f"Plans of the search page's queries for {next(iter(archive['queries']))} "
            "(EXPLAIN ANALYZE, BUFFERS) on the archive:",
            "",
            "```",
            archive["plan"],
            "```",
        ]
    return lines


def explain_section() -> list[str]:
    path = RESULTS / "explain-newsroom_bench_archive.txt"
    if not path.exists():
        return []
    lines = [
        "| page | queries | slowest execution, ms | longest planning, ms | all queries, ms |",
        "|---|---|---|---|---|",
    ]
    page, count, executions, plannings = None, 0, [], []
    rows = []
    for line in path.read_text().splitlines():
        heading = re.match(r"=== (\S+) (\S+): (\d+) queries", line)
        if heading:
            if page:
                rows.append((page, count, executions, plannings))
            page, count, executions, plannings = heading.group(1), int(heading.group(3)), [], []
        timing = re.search(r"(Execution|Planning) Time: ([\d.]+) ms", line)
        if timing:
            (executions if timing.group(1) == "Execution" else plannings).append(
                float(timing.group(2))
            )
    if page:
        rows.append((page, count, executions, plannings))
    lines += [
        f"| {p} | {n} | {max(e, default=0):.1f} | {max(pl, default=0):.1f} "
        f"| {sum(e) + sum(pl):.1f} |"
        for p, n, e, pl in rows
    ]
    return lines


REAL_DAYS = [  # (front, edits) of bench/real_day.py, in the order the table lists them
    (front, edits) for front in ("gunicorn", "nginx") for edits in ("edits", "no-edits")
]


def real_day_section() -> list[str]:
    results = [
        r
        for front, edits in REAL_DAYS
        if (r := read(f"real-day-newsroom_bench_archive-{front}-{edits}.json"))
    ]
    if not results:
        return []
    lines = [
        "| front | editor saving | req/s | ratio to `/health/` | target | p50 / p90 / p99 ms "
        "| application hit ratio | nginx hit ratio | saves (failed) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        goal = 0.3 if r["edits"] else 0.5
        met = r["ratio"] >= goal and r["p99_ms"] <= 100
        nginx = f"{r['nginx_hit_ratio']:.0%}" if r["nginx_hit_ratio"] is not None else ""
        lines.append(
            f"| {r['front']} | {'every 5 s' if r['edits'] else 'no'} | {r['rps']:,.0f} "
            f"| **{r['ratio']:.2f}** | ≥ {goal}, p99 ≤ 100 ms: {verdict(met)} "
            f"| {r['p50_ms']:.1f} / {r['p90_ms']:.1f} / {r['p99_ms']:.1f} "
            f"| {r['app_hit_ratio']:.0%} of {r['app_requests']:,} | {nginx} "
            f"| {r['saves']} ({r['saves_failed']}) |"
        )
    first = results[0]
    lines += [
        "",
        f"Over {first['articles']:,} published articles and {first['issues']:,} issues of "
        "newsroom_bench_archive. "
        + "; ".join(
            f"`{r['command']}` ({r['wrk']}), {r['date']}, load {load(r['load_average'])}"
            for r in results
        )
        + ".",
    ]
    return lines


def import_section() -> list[str]:
    result = read("import.json")
    if not result:
        return []
    rate = result["articles_per_second"]
    return [
        f"`{result['command']}` ({result['date']}, load after it {load(result['load_average'])}):",
        "",
        f"- {result['articles']:,} articles in {result['seconds']} s: "
        f"**{rate} articles/s** end to end, target ≥ 100/s {verdict(rate >= 100)};",
        f"- the command's own CPU time {result['python_cpu_seconds']} s, i.e. "
        f"{result['articles_per_python_cpu_second']} articles per CPU-second of Python "
        "(the rest of the wall time is PostgreSQL's work and waiting for it).",
    ]


def write_page(output: Path) -> None:
    runs = {}
    for db in DATABASES:
        for mode in MODES:
            result = read(f"{db}-{mode}.json")
            if result:
                runs[(db, mode)] = result
    intro = (ROOT / "bench" / "performance-notes.md").read_text()
    parts = [
        "# Performance",
        "",
        "Written by `make bench` (`.venv/bin/python bench/report.py --run --output "
        "docs/performance.md`) from the results in `bench/results/`; how each benchmark "
        "works is in `bench/README.md`. Do not edit the figures by hand: rerun.",
        "",
        f"Machine: {machine()}. Page written {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        intro.strip(),
        "",
        "## Targets",
        "",
        *targets_section(runs),
        "",
        "## Reader throughput",
        "",
        *throughput_section(runs),
        "",
        "## A real day",
        "",
        "Readers over the whole archive (`bench/real_day.py`): 80 % article pages drawn "
        "Zipf-like over every published article, newest first, 10 % home, 5 % issue pages, "
        "5 % section pages, the page cache on as in production, with and without an editor "
        "saving an article every 5 seconds through the admin; the ratio is to `/health/` "
        "through the same front in the same run.",
        "",
        *real_day_section(),
        "",
        "## What an uncached page is made of",
        "",
        "Medians in one process (no HTTP), production settings, page cache off: the "
        "floor is what any page rendering the site's layout per request and asking the "
        "database as often as the article page costs, before its own queries and template. "
        "The article and issue pages are kept whole (`articles/parts.py`): read in one "
        "query, they render no template at all.",
        "",
        *page_costs_section(),
        "",
        "## Memory",
        "",
        *memory_section(runs),
        "",
        "## Search on PostgreSQL",
        "",
        *search_section(),
        "",
        "## Queries per page on the 10-year archive",
        "",
        "From `DATABASE_URL=…/newsroom_bench_archive bench/explain.py` "
        "(`bench/results/explain-newsroom_bench_archive.txt` has every plan). The query "
        "budgets (article ≤ 6, home ≤ 8, issue ≤ 8) are asserted by "
        "`tests/test_generate_archive.py`.",
        "",
        *explain_section(),
        "",
        "## Import",
        "",
        *import_section(),
        "",
    ]
    output.write_text("\n".join(parts))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", action="store_true", help="run every benchmark first")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args()
    if args.run:
        run_all()
    write_page(args.output)


if __name__ == "__main__":
    main()
