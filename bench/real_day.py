"""A real day: readers over the whole archive while an editor saves, the page cache as in
production.

    .venv/bin/python bench/real_day.py --database newsroom_bench_archive
    .venv/bin/python bench/real_day.py --database newsroom_bench_archive --nginx --no-edits

Readers' requests are drawn beforehand, with a fixed seed: 80 % article pages, Zipf-like
(s = 1.0, the newest first) over every published article; 10 % the home page; 5 % issue
pages, Zipf-like over the issues; 5 % section pages. gunicorn serves them as bench/run.py
starts it (2 workers, production settings, pages cached in Redis, which is emptied first),
alone or behind deploy/nginx.conf (``--nginx``). With edits, an editor logs into the admin
and every ``--edit-every`` seconds (5) saves an article of the newest issue through its
change form, as a browser posts it: its body gains, or loses again, a closing sentence.

wrk (-t2 -c8) replays the requests for ``--warm`` seconds unmeasured, then for
``--seconds``, between two runs of the baseline, ``/health/`` through the same front. The
ratio is the replay's requests/s over the mean of the two baselines. Reported: requests/s,
ratio, p50/p90/p99, how the application served the pages (its ``X-Cache``: hit or miss) and
how nginx did, and the editor's saves. Writes
bench/results/real-day-<database>-<direct|nginx>-<edits|no-edits>.json.
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from faults import Editor, replaced
from run import (
    APP_PORT,
    HOST,
    NGINX_PORT,
    PYTHON,
    RESULTS,
    ROOT,
    start_app,
    start_nginx,
    wait_for,
    wrk,
)

EDITOR = "bench-editor"
ADDED = "<p>（本报记者 补充报道）</p>"  # what the editor's saves add and take away again
SHARES = {"article": 0.80, "home": 0.10, "issue": 0.05, "section": 0.05}

PAPER = """
import json
from django.contrib.auth.models import Group, User
from articles.models import Article, Issue, Section
articles = Article.objects.readable().newest_first().values_list("pk", flat=True)
issues = Issue.objects.published().order_by("-date")
newest = issues.first()
user, _ = User.objects.get_or_create(username={editor!r}, defaults={{"is_staff": True}})
user.set_password({password!r})
user.save()
user.groups.add(Group.objects.get(name="编辑"))
print(json.dumps({{
    "articles": [f"/articles/{{pk}}/" for pk in articles],
    "issues": [issue.get_absolute_url() for issue in issues],
    "sections": [section.get_absolute_url() for section in Section.objects.all()],
    "edited": list(newest.articles.published().values_list("pk", flat=True)),
}}))
"""


def the_paper(database: str, password: str) -> dict:
    """Every published article and issue, newest first, the sections, and the articles of
    the newest issue; the editor's login is made (or its password set) on the way."""
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}"}
    script = PAPER.format(editor=EDITOR, password=password)
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def zipf(rng: random.Random, items: list, count: int) -> list:
    """``count`` draws from ``items``, the n-th (from 1) weighted 1/n."""
    weights = [1 / rank for rank in range(1, len(items) + 1)]
    return rng.choices(items, weights=weights, k=count)


def requests(paper: dict, count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    kinds = rng.choices(list(SHARES), weights=list(SHARES.values()), k=count)
    drawn = {
        "article": iter(zipf(rng, paper["articles"], kinds.count("article"))),
        "home": iter(["/"] * kinds.count("home")),
        "issue": iter(zipf(rng, paper["issues"], kinds.count("issue"))),
        "section": iter(rng.choices(paper["sections"], k=kinds.count("section"))),
    }
    return [next(drawn[kind]) for kind in kinds]


class EditorAtWork(threading.Thread):
    """Saves an article of the newest issue through the admin every ``every`` seconds."""

    def __init__(self, base: str, password: str, articles: list[int], every: float):
        super().__init__(daemon=True)
        self.editor, self.password = Editor(base), password
        self.articles, self.every = articles, every
        self.saves: list[dict] = []
        self.stopping = threading.Event()

    def run(self):
        answer = self.editor.login(EDITOR, self.password)
        if answer["status"] != 302:
            raise SystemExit(f"the editor could not log in: {answer}")
        turn = 0
        while not self.stopping.wait(self.every):
            self.saves.append(self.save(self.articles[turn % len(self.articles)]))
            turn += 1

    def save(self, pk: int) -> dict:
        change = f"/admin/articles/article/{pk}/change/"
        form, fields = self.editor.form(change, "article_form")
        body = dict(fields)["body"]
        body = body.replace(ADDED, "") if ADDED in body else body + ADDED
        fields = replaced(replaced(fields, "body", body), "_save", "保存", add=True)
        answer, _ = self.editor.request("POST", change, fields)
        saved = answer["status"] == 302 and "/change/" not in (answer["location"] or "")
        return {"article": pk, "saved": saved, "form_s": form["seconds"], **answer}


def replay(url: str, paths: Path, seconds: int, connections: int) -> dict:
    command = [
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
        "-s", str(ROOT / "bench" / "real_day.lua"),
        "-H", "X-Forwarded-Proto: https", "-H", "Accept-Language: zh-CN,zh;q=0.9", url,
    ]  # fmt: skip
    out = subprocess.run(
        command, capture_output=True, text=True, check=True, env={**os.environ, "PATHS": paths}
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="newsroom_bench_archive")
    parser.add_argument("--nginx", action="store_true")
    parser.add_argument("--no-edits", dest="edits", action="store_false")
    parser.add_argument("--edit-every", type=float, default=5.0)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--warm", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    password = f"bench-{random.getrandbits(64):x}"
    paper = the_paper(args.database, password)
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-real-day-"))
    paths = workdir / "paths.txt"
    paths.write_text("\n".join(requests(paper, 200_000)) + "\n")
    subprocess.run(["redis-cli", "-n", "7", "flushdb"], check=True, capture_output=True)
    app = start_app(args.database, cache_seconds=60)
    proxy = start_nginx(workdir) if args.nginx else None
    base = f"http://{HOST}:{NGINX_PORT if proxy else APP_PORT}"
    editor = None
    try:
        wait_for(f"{base}/health/")
        if args.edits:
            editor = EditorAtWork(base, password, paper["edited"], args.edit_every)
            editor.start()
        replay(base, paths, args.warm, args.connections)
        before = wrk(f"{base}/health/", 6, args.connections)
        day = replay(base, paths, args.seconds, args.connections)
        after = wrk(f"{base}/health/", 6, args.connections)
    finally:
        if editor:
            editor.stopping.set()
            editor.join(timeout=30)
        if proxy:
            proxy.send_signal(signal.SIGQUIT)
            proxy.wait()
        app.send_signal(signal.SIGTERM)
        app.wait()
    baseline = (before["rps"] + after["rps"]) / 2
    served_by_app = day["app_hit"] + day["app_miss"] + day["app_stale"]
    saves = editor.saves if editor else []
    result = {
        "database": args.database,
        "front": "nginx" if proxy else "gunicorn",
        "edits": args.edits,
        "baseline_rps": [before["rps"], after["rps"]],
        "rps": round(day["rps"], 1),
        "ratio": round(day["rps"] / baseline, 3),
        **{key: day[key] for key in ("p50_ms", "p90_ms", "p99_ms", "max_ms")},
        "requests": day["requests"],
        "errors": day["errors"] + day["socket_errors"],
        "app_hit_ratio": round(day["app_hit"] / served_by_app, 3) if served_by_app else None,
        "app_requests": served_by_app,
        "nginx_hit_ratio": round(day["nginx_hit"] / day["requests"], 3) if proxy else None,
        "saves": len(saves),
        "saves_failed": sum(not save["saved"] for save in saves),
        "save_seconds_max": max((save["seconds"] for save in saves), default=None),
        "articles": len(paper["articles"]),
        "issues": len(paper["issues"]),
        "load_average": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": "bench/real_day.py " + " ".join(sys.argv[1:]),
        "wrk": f"wrk -t2 -c{args.connections} -d{args.seconds}s after {args.warm}s unmeasured",
    }
    RESULTS.mkdir(exist_ok=True)
    name = f"real-day-{args.database}-{result['front']}-{'edits' if args.edits else 'no-edits'}"
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
