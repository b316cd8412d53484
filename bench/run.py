"""Reader throughput: wrk against gunicorn (2 workers, production settings) on one database.

    .venv/bin/python bench/run.py --database newsroom_bench_seed --mode uncached
    .venv/bin/python bench/run.py --database newsroom_bench_archive --mode nginx

Modes: ``uncached`` (READER_CACHE_SECONDS=0), ``cached`` (Redis page cache) and ``nginx``
(cached, behind deploy/nginx.conf with micro-caching; its baseline is also a static file
served by that nginx). Each page's requests/s is divided by the trivial page's (/health/,
a static template) measured in the same run just before and just after that page,
averaged: the machine's load drifts during a run.
Writes bench/results/<database>-<mode>.json and prints a Markdown table.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
APP_PORT, NGINX_PORT = 8790, 8791
HOST = "localhost"
SECRET = "bench-" + "x7Kq2" * 12


def page_urls(database: str) -> dict[str, str]:
    """The pages to measure, with ids looked up in the database (the seed's lead article)."""
    script = (
        "from articles.models import Article, Author;"
        "a = Article.objects.get(title='解放区以企招商“云推介”暨项目签约仪式举行');"
        "print(a.pk, a.issue.get_absolute_url(), Author.objects.get(name='詹长松').slug)"
    )
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}"}
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    pk, issue_url, author_slug = out[-3:]
    return {
        "home": "/",
        "issue": issue_url,
        "article": f"/articles/{pk}/",
        "section": "/sections/community-news/",
        "author": f"/authors/{quote(author_slug)}/",
        "search": "/search/?q=%E6%8B%9B%E5%95%86%E5%BC%95%E8%B5%84",  # 招商引资
        "programme": "/theatre/",
    }


def wrk(url: str, seconds: int, connections: int) -> dict:
    command = [
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
        "-H", "X-Forwarded-Proto: https", "-H", "Accept-Language: zh-CN,zh;q=0.9", url,
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Latency Distribution" not in out:
        raise RuntimeError(f"wrk gave no latencies for {url}:\n{out}")
    latency = dict(re.findall(r"^\s*(50|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": to_ms(latency["50"]),
        "p99_ms": to_ms(latency["99"]),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([a-z]+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wait_for(url: str) -> None:
    for _ in range(100):
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            urllib.request.urlopen(request, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def worker_memory(master_pid: int) -> list[dict]:
    """RSS and PSS (RSS with shared pages divided among their sharers) of each worker, MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    memory = []
    for pid in children:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        rss, pss = (
            int(re.search(rf"^{k}:\s+(\d+)", rollup, re.M).group(1)) for k in ("Rss", "Pss")
        )
        memory.append(
            {"pid": int(pid), "rss_mb": round(rss / 1024, 1), "pss_mb": round(pss / 1024, 1)}
        )
    return memory


def start_app(database: str, cache_seconds: int) -> subprocess.Popen:
    """gunicorn with deploy/gunicorn.conf.py (2 workers, preloaded) and the production
    settings on ``database``, on APP_PORT; pages cached ``cache_seconds`` in Redis (db 7)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{APP_PORT}",
        "READER_CACHE_SECONDS": str(cache_seconds),
        "REDIS_URL": "redis://127.0.0.1:6379/7",
    }
    return subprocess.Popen(
        [GUNICORN, "-c", "deploy/gunicorn.conf.py", "newsroom.wsgi"], cwd=ROOT, env=env
    )


def start_nginx(workdir: Path, port: int = NGINX_PORT, app_port: int = APP_PORT):
    """deploy/nginx.conf as shipped, with its paths pointed at this checkout, on ``port``
    in front of the application on ``app_port`` (tests/test_nginx.py runs it too)."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = (
        site.replace("/var/cache/nginx/newsroom", str(workdir / "cache"))
        .replace("/srv/newsroom/staticfiles/", f"{ROOT / 'staticfiles'}/")
        .replace("/srv/newsroom/media/", f"{ROOT / 'media'}/")
        .replace("listen 80;", f"listen {port};")
        .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
        .replace("X-Forwarded-Proto $scheme", "X-Forwarded-Proto https")  # TLS ends here
    )
    (workdir / "site.conf").write_text(site)
    (workdir / "nginx.conf").write_text(
        "user root; worker_processes 1; pid nginx.pid; error_log error.log; daemon off;\n"
        "events { worker_connections 1024; }\n"
        "http { include /etc/nginx/mime.types; access_log off; "
        "client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp; "
        "uwsgi_temp_path tmp; scgi_temp_path tmp; include site.conf; }\n"
    )
    (workdir / "tmp").mkdir()
    return subprocess.Popen(["nginx", "-p", str(workdir), "-c", str(workdir / "nginx.conf")])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--mode", choices=["uncached", "cached", "nginx"], required=True)
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    urls = page_urls(args.database)
    app = start_app(args.database, cache_seconds=0 if args.mode == "uncached" else 60)
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-nginx-"))  # nginx's files, if used
    proxy = start_nginx(workdir) if args.mode == "nginx" else None
    port = NGINX_PORT if proxy else APP_PORT
    base = f"http://{HOST}:{port}"
    try:
        wait_for(f"{base}/health/")
        for path in urls.values():  # warm-up: caches, templates, connections
            wrk(base + path, 2, args.connections)
        baseline_url = f"{base}/static/newsroom/site.css" if proxy else f"{base}/health/"
        baselines = [wrk(baseline_url, args.seconds, args.connections)]
        pages = {}
        for name, path in urls.items():  # each page between two baselines: load drifts
            pages[name] = wrk(base + path, args.seconds, args.connections)
            baselines.append(wrk(baseline_url, args.seconds, args.connections))
        memory = worker_memory(app.pid)
    finally:
        if proxy:
            proxy.send_signal(signal.SIGQUIT)
            proxy.wait()
        app.send_signal(signal.SIGTERM)
        app.wait()
    around = {  # the mean of the baselines just before and just after each page
        name: (baselines[n]["rps"] + baselines[n + 1]["rps"]) / 2 for n, name in enumerate(pages)
    }
    result = {
        "database": args.database,
        "mode": args.mode,
        "baseline": "nginx static file" if proxy else "/health/ (static template)",
        "baseline_rps": [b["rps"] for b in baselines],
        "pages": {
            name: {**r, "baseline_rps": around[name], "ratio": round(r["rps"] / around[name], 3)}
            for name, r in pages.items()
        },
        "workers": memory,
        "load_average": os.getloadavg(),
        "urls": urls,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": "bench/run.py " + " ".join(sys.argv[1:]),
        "wrk": f"wrk -t2 -c{args.connections} -d{args.seconds}s --latency",
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.database}-{args.mode}.json").write_text(json.dumps(result, indent=2))
    print(f"| {args.database} {args.mode} | req/s | ratio | p50 ms | p99 ms |")
    print("|---|---|---|---|---|")
    mean = sum(result["baseline_rps"]) / len(baselines)
    print(f"| baseline ({result['baseline']}), mean | {mean:.0f} | 1 | | |")
    for name, r in result["pages"].items():
        figures = f"{r['rps']:.0f} | {r['ratio']:.2f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f}"
        print(f"| {name} | {figures} |")
    print("workers:", memory, file=sys.stderr)


if __name__ == "__main__":
    main()
