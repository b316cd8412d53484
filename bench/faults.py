"""Helpers of ``run_faults.sh``: a page probe, an editor in the admin, and the reports.

``faults.py probe URL --path P … --marker TEXT > probe.tsv``
    requests the paths in turn, one every 0.1 s, until SIGINT or SIGTERM, and prints
    "unix-time latency-ms status has-marker last-modified path" lines (status 0: no
    response; has-marker 1 when the page holds TEXT, the headline an edit gave it).
``faults.py admin URL --password-file F --article PK --title T --correction C > admin.json``
    logs the editor in through the admin's own login form and, as a browser would (form
    fetched for its CSRF and submission tokens, every field posted back), saves the
    article with a new headline, adds a correction to it, and posts that same correction
    form again, as an editor does who thinks the first post failed. Prints what each
    request answered.
``faults.py check URL PATH TEXT [PATH TEXT …]``
    fetches each page once and prints, as JSON, its status and whether it holds TEXT.
``faults.py follow FILE``
    prints the lines added to FILE (gunicorn's log), each after the unix time it was read.
``faults.py report OUT [--json FILE]``
    the figures of a redis-kill or redis-freeze run, from the files run_faults.sh left in OUT.
``faults.py writes-report OUT [--json FILE]``
    the figures of a redis-writes run.

Standard library only; every request carries ``X-Forwarded-Proto: https`` and
``Host: localhost``, as behind the TLS proxy.
"""

import argparse
import email.utils
import glob
import http.client
import http.cookies
import json
import math
import re
import signal
import sys
import time
import urllib.parse
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

HOST = "localhost"
HEADERS = {"X-Forwarded-Proto": "https", "Host": HOST}
VERSION_SECONDS = 1.0  # READER_VERSION_SECONDS: how long a process may serve a page after an edit


# Probe ------------------------------------------------------------------------------------


def probe(url: str, paths: list[str], marker: str, interval: float) -> None:
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    server = urllib.parse.urlsplit(url)
    number = 0
    while not stop:
        path = paths[number % len(paths)]
        number += 1
        started = time.time()
        status, body, modified = 0, b"", "-"
        try:
            connection = http.client.HTTPConnection(server.hostname, server.port, timeout=10)
            connection.request("GET", path, headers=HEADERS)
            answer = connection.getresponse()
            status, body = answer.status, answer.read()
            modified = answer.getheader("Last-Modified") or "-"
            connection.close()
        except OSError:
            pass
        latency = (time.time() - started) * 1000
        has_marker = int(marker.encode() in body)
        line = f"{started:.6f}\t{latency:.1f}\t{status}\t{has_marker}\t{modified}\t{path}"
        print(line, flush=True)
        time.sleep(max(0.0, interval - (time.time() - started)))


def check(url: str, pairs: list[str], repeat: int, every: float) -> None:
    server = urllib.parse.urlsplit(url)
    pages = []
    rounds = list(zip(pairs[::2], pairs[1::2], strict=True))
    for path, text in [pair for _ in range(repeat) for pair in rounds]:
        if pages and (path, text) == tuple(pairs[:2]):
            time.sleep(every)
        started = time.time()
        connection = http.client.HTTPConnection(server.hostname, server.port, timeout=10)
        connection.request("GET", path, headers=HEADERS)
        answer = connection.getresponse()
        body = answer.read()
        connection.close()
        pages.append(
            {"path": path, "at": round(started, 3), "status": answer.status,
             "holds": text, "found": text.encode() in body,
             "last-modified": answer.getheader("Last-Modified")}
        )  # fmt: skip
    print(json.dumps(pages, ensure_ascii=False))


def follow(path: str) -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with open(path, errors="replace") as log:
        log.seek(0, 2)
        while True:
            line = log.readline()
            if line:
                print(f"{time.time():.6f} {line.rstrip()}", flush=True)
            else:
                time.sleep(0.02)


# An editor in the admin -------------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields a browser would post from the form whose id is ``form_id``."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None
        self.select_options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text: list[str] = []
        self.option: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []
        elif tag == "select" and name:
            self.select, self.select_options = name, []
        elif tag == "option" and self.select:
            self.option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": ""}

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)
        if self.option is not None:
            self.option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None
        elif tag == "option" and self.option is not None:
            value = self.option["value"]
            value = self.option["text"].strip() if value is None else value
            self.select_options.append((value, self.option["selected"]))
            self.option = None
        elif tag == "select" and self.select is not None:
            chosen = [value for value, selected in self.select_options if selected]
            if not chosen and self.select_options:
                chosen = [self.select_options[0][0]]  # what a browser posts
            self.fields += [(self.select, value) for value in chosen]
            self.select = None


class Editor:
    """A browser's worth of an editor: cookies, CSRF token, forms posted back whole."""

    def __init__(self, url: str):
        server = urllib.parse.urlsplit(url)
        self.host, self.port = server.hostname, server.port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields=None, referer=None):
        headers = dict(HEADERS)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{referer or path}"
        started = time.time()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        content = answer.read()
        for header in answer.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        connection.close()
        return {
            "method": method,
            "path": path,
            "status": answer.status,
            "location": answer.getheader("Location"),
            "seconds": round(time.time() - started, 3),
            "at": round(started, 3),
        }, content.decode("utf-8", "replace")

    def form(self, path: str, form_id: str) -> tuple[dict, list[tuple[str, str]]]:
        answer, html = self.request("GET", path)
        parser = FormFields(form_id)
        parser.feed(html)
        return answer, parser.fields

    def login(self, username: str, password: str) -> dict:
        answer, fields = self.form("/admin/login/?next=/admin/", "login-form")
        fields = [(k, v) for k, v in fields if k not in ("username", "password")]
        fields += [("username", username), ("password", password)]
        answer, _ = self.request("POST", "/admin/login/?next=/admin/", fields)
        return answer


def replaced(fields, name: str, value: str, *, add=False):
    out = [(k, v) for k, v in fields if k != name]
    if not add and len(out) == len(fields):
        raise SystemExit(f"the form has no field {name}: {[k for k, _ in fields]}")
    return [*out, (name, value)]


def admin(url, password_file, article, title, correction) -> None:
    username, password = Path(password_file).read_text().split()[:2]
    editor = Editor(url)
    steps = {"login": editor.login(username, password)}

    change = f"/admin/articles/article/{article}/change/"
    steps["article form"], fields = editor.form(change, "article_form")
    fields = replaced(replaced(fields, "title", title), "_save", "保存", add=True)
    steps["article save"], _ = editor.request("POST", change, fields)

    add = "/admin/articles/correction/add/"
    steps["correction form"], fields = editor.form(add, "correction_form")
    fields = replaced(fields, "article", str(article), add=True)  # autocomplete: no options
    fields = replaced(replaced(fields, "text", correction), "_save", "保存", add=True)
    steps["correction token"] = dict(fields).get("_submission_token")
    steps["correction save"], _ = editor.request("POST", add, fields)
    steps["correction retry"], _ = editor.request("POST", add, fields)
    json.dump(steps, sys.stdout, ensure_ascii=False, indent=2)
    print()


# Reports ----------------------------------------------------------------------------------


def read_marks(out: Path) -> dict[str, float]:
    marks = {}
    for line in (out / "marks.txt").read_text().splitlines():
        name, _, value = line.rpartition(" ")
        marks.setdefault(name, float(value))
    return marks


def http_seconds(value: str) -> float | None:
    if value in ("", "-"):
        return None
    try:
        return email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None


def read_requests(out: Path) -> list[dict]:
    rows = []
    for name in glob.glob(str(out / "requests.tsv.*")):
        for line in Path(name).read_text().splitlines():
            parts = line.split("\t")
            if len(parts) != 5:
                continue  # a line cut short when wrk stopped
            started, latency, status, modified, path = parts
            modified_at = http_seconds(modified)
            # Rendered in an earlier second than asked for: served from a cache.
            hit = None if modified_at is None else modified_at < math.floor(float(started))
            rows.append(
                {
                    "t": float(started),
                    "ms": int(latency) / 1000 if int(latency) >= 0 else None,
                    "status": int(status),
                    "hit": hit,
                    "path": path,
                }
            )
    rows.sort(key=lambda row: row["t"])
    return rows


def failed(row) -> bool:
    """A response that is not 2xx or 3xx. A request without an answer is counted apart:
    wrk also calls request() again when its first write on a new connection had to wait,
    so such a line need not be a failure; wrk's socket errors say which were."""
    return row["ms"] is not None and not 200 <= row["status"] < 400


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))]


def phase_figures(rows: list[dict]) -> dict:
    latencies = [row["ms"] for row in rows if row["ms"] is not None]
    known = [row for row in rows if row["hit"] is not None and 200 <= row["status"] < 400]
    seconds = (rows[-1]["t"] - rows[0]["t"]) if len(rows) > 1 else 0
    return {
        "requests": len(rows),
        "requests per s": round(len(rows) / seconds, 1) if seconds else None,
        "failed": sum(failed(row) for row in rows),
        "unanswered": sum(row["ms"] is None for row in rows),
        "statuses": dict(Counter(str(row["status"]) for row in rows)),
        "p50 ms": percentile(latencies, 50),
        "p90 ms": percentile(latencies, 90),
        "p99 ms": percentile(latencies, 99),
        "max ms": max(latencies) if latencies else None,
        "cache hit rate": (
            round(sum(row["hit"] for row in known) / len(known), 3) if known else None
        ),
    }


def read_wrk(out: Path) -> dict:
    text = (out / "wrk.txt").read_text()
    figures = {}
    if match := re.search(r"requests: (\d+) in ([\d.]+) s", text):
        figures["requests"], figures["seconds"] = int(match[1]), float(match[2])
    if match := re.search(r"responses 200: (\d+); other statuses: (\d+) ?(.*)", text):
        figures["200"], figures["other statuses"] = int(match[1]), int(match[2])
        figures["statuses"] = match[3].strip()
    if match := re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        names = ("connect", "read", "write", "timeout")
        figures["socket errors"] = dict(zip(names, map(int, match.groups()), strict=True))
    return figures


MONITOR_LINE = re.compile(r'^([\d.]+) \[\d+ [^\]]+\] "(\w+)"(?: "([^"]*)")?')


def read_monitor(out: Path, back: float) -> dict:
    """From ``redis-cli monitor`` after Redis came back: when the site used it again."""
    path = out / "monitor.txt"
    if not path.exists():
        return {}
    first_command = version_moved = first_page_set = first_page_hit = None
    moves = []  # when the content version was moved: pages stored before are misses
    stored, set_times = {}, []
    page_gets = page_sets = 0
    for line in path.read_text(errors="replace").splitlines():
        match = MONITOR_LINE.match(line)
        if not match:
            continue
        at, command, key = float(match[1]) - back, match[2].upper(), match[3] or ""
        if first_command is None:
            first_command = at
        if key.endswith(":content-version") and command in ("INCR", "INCRBY", "SET"):
            version_moved = at if version_moved is None else version_moved
            moves.append(round(at, 3))
        if ":reader-page:" in key:
            if command == "SET":
                page_sets += 1
                stored[key] = at
                set_times.append(at)
                first_page_set = at if first_page_set is None else first_page_set
            elif command == "GET":
                page_gets += 1
                # A hit: stored after the last move of the version (so of the current one).
                if key in stored and stored[key] >= max(moves, default=-math.inf):
                    first_page_hit = at if first_page_hit is None else first_page_hit
    return {
        "first command": first_command,
        "version moved": version_moved,
        "version moves": moves,
        "pages stored before the last move (wasted)": sum(
            at < max(moves, default=-math.inf) for at in set_times
        ),
        "first page stored": first_page_set,
        "first page read back (Redis hit)": first_page_hit,
        "page GETs": page_gets,
        "page SETs": page_sets,
    }


def read_probe(out: Path, marks: dict) -> dict:
    path = out / "probe.tsv"
    if not path.exists() or "edit committed" not in marks:
        return {}
    committed, back = marks["edit committed"], marks["redis back"]
    by_path: dict[str, dict] = {}
    for line in path.read_text().splitlines():
        parts = line.split("\t")
        if len(parts) != 6:
            continue
        started, _latency, status, has_marker, _modified, page = parts
        started = float(started)
        if started < committed:
            continue
        figures = by_path.setdefault(
            page,
            {"after the edit": 0, "stale after the edit": 0,
             "stale more than 1 s after the edit": 0, "after recovery": 0,
             "stale after recovery": 0, "failed": 0, "last stale (s after Redis back)": None},
        )  # fmt: skip
        if status != "200":
            figures["failed"] += 1
            continue
        stale = has_marker != "1"
        figures["after the edit"] += 1
        figures["stale after the edit"] += stale
        if stale and started - committed >= VERSION_SECONDS:
            figures["stale more than 1 s after the edit"] += 1
        if started >= back:
            figures["after recovery"] += 1
            figures["stale after recovery"] += stale
            if stale:
                figures["last stale (s after Redis back)"] = round(started - back, 3)
    return by_path


def read_gunicorn(out: Path, back: float) -> dict:
    log = (out / "gunicorn.log").read_text(errors="replace")
    stamped = out / "gunicorn-ts.log"
    again = []
    if stamped.exists():
        for line in stamped.read_text(errors="replace").splitlines():
            stamp, _, text = line.partition(" ")
            if "reachable again" in text:
                again.append(round(float(stamp) - back, 3))
    return {
        "cache warnings": log.count("shared cache unavailable"),
        "'reachable again' lines (s after Redis back)": again,
        "tracebacks": log.count("Traceback"),
        "errors (500s, worker failures)": len(re.findall(r"Internal Server Error|\[ERROR\]", log)),
        "worker timeouts": log.count("WORKER TIMEOUT"),
    }


def read_healthz(out: Path, marks: dict) -> dict:
    path = out / "healthz.txt"
    if not path.exists():
        return {}
    samples = []
    for line in path.read_text().splitlines():
        stamp, _, body = line.partition(" ")
        status, _, body = body.partition(" ")
        try:
            samples.append((float(stamp), status, json.loads(body) if body else None))
        except ValueError:
            samples.append((float(stamp), status, None))
    outage = [s for s in samples if marks["fault begins"] <= s[0] < marks["redis back"]]
    return {
        "statuses during the outage": dict(Counter(status for _, status, _ in outage)),
        "cache reported during the outage": dict(
            Counter((body or {}).get("cache", "no answer") for _, _, body in outage)
        ),
        "last sample": samples[-1][2] if samples else None,
    }


def timeline(rows, back, start=-4, end=12, step=1.0):
    lines = ["  s after Redis back | requests | failed | hit rate | p50 ms | p99 ms"]
    t = start
    while t < end:
        window = [row for row in rows if back + t <= row["t"] < back + t + step]
        figures = phase_figures(window) if window else None
        if figures:
            lines.append(
                f"  {t:+5.1f} .. {t + step:+5.1f}     | {figures['requests']:8d} | "
                f"{figures['failed']:6d} | {fmt(figures['cache hit rate'])} | "
                f"{fmt(figures['p50 ms'])} | {fmt(figures['p99 ms'])}"
            )
        t += step
    return lines


def fmt(value) -> str:
    if value is None:
        return "    -   "
    return f"{value:8.3g}" if isinstance(value, float) else f"{value:8}"


def recovery(rows, back, before_rate) -> dict:
    after = [row for row in rows if row["t"] >= back and row["ms"] is not None]
    first_hit = next((row for row in after if row["hit"]), None)
    # The hit rate of the responses in a sliding second back to 90 % of what it was before.
    recovered_at = None
    known = [row for row in after if row["hit"] is not None]
    end = hits = 0  # known[index:end] is the second from known[index]; hits among them
    for index, row in enumerate(known):
        while end < len(known) and known[end]["t"] < row["t"] + 1.0:
            hits += known[end]["hit"]
            end += 1
        whole = end < len(known)  # the run went on past the second
        if (
            whole
            and end - index >= 20
            and before_rate
            and hits / (end - index) >= 0.9 * before_rate
        ):
            recovered_at = row["t"] + 1.0 - back
            break
        hits -= row["hit"]
    return {
        "first response served from a cache (s after Redis back)": (
            round(first_hit["t"] - back, 3) if first_hit else None
        ),
        "hit rate back to 90% of before, over a second ending (s after Redis back)": (
            round(recovered_at, 3) if recovered_at is not None else None
        ),
    }


def report(out: Path, json_path: Path | None) -> None:
    marks = read_marks(out)
    rows = read_requests(out)
    begins, back = marks["fault begins"], marks["redis back"]
    before = [row for row in rows if row["t"] < begins]
    steady = [row for row in before if row["t"] >= begins - 10]
    outage = [row for row in rows if begins <= row["t"] < back]
    after = [row for row in rows if row["t"] >= back]
    first_seconds = [row for row in after if row["t"] < back + 5]
    figures = {
        "mode": (out / "mode.txt").read_text().strip() if (out / "mode.txt").exists() else None,
        "marks (s after the fault began)": {k: round(v - begins, 3) for k, v in marks.items()},
        "wrk": read_wrk(out),
        "all": phase_figures(rows),
        "before (last 10 s)": phase_figures(steady),
        "outage": phase_figures(outage),
        # Without its first 2 s, in which processes still trust the version they had read.
        "outage from 2 s in": phase_figures([row for row in outage if row["t"] >= begins + 2]),
        "first 5 s after Redis back": phase_figures(first_seconds),
        "after": phase_figures(after),
        "recovery": recovery(rows, back, phase_figures(steady)["cache hit rate"]),
        "redis monitor (s after Redis back)": read_monitor(out, back),
        "edited article (probe)": read_probe(out, marks),
        "healthz": read_healthz(out, marks),
        "gunicorn": read_gunicorn(out, back),
        "edit": (out / "edit.txt").read_text().strip() if (out / "edit.txt").exists() else None,
    }
    wrk, monitor = figures["wrk"], figures["redis monitor (s after Redis back)"]
    probes = figures["edited article (probe)"].values()
    first_redis_hit = monitor.get("first page read back (Redis hit)")
    first_client_hit = figures["recovery"][
        "first response served from a cache (s after Redis back)"
    ]
    figures["summary"] = {
        "requests": wrk.get("requests"),
        "failed (non-2xx/3xx, socket errors, timeouts)": (
            wrk.get("other statuses", 0) + sum(wrk.get("socket errors", {}).values())
        ),
        "first cache hit after Redis back, s": min(
            (value for value in (first_redis_hit, first_client_hit) if value is not None),
            default=None,
        ),
        "hit rate back to 90% of before, s": figures["recovery"][
            "hit rate back to 90% of before, over a second ending (s after Redis back)"
        ],
        "edited pages stale after the edit": sum(p["stale after the edit"] for p in probes),
        "of which more than 1 s after it": sum(
            p["stale more than 1 s after the edit"] for p in probes
        ),
        "edited pages stale after Redis back": sum(p["stale after recovery"] for p in probes),
    }
    for key, value in figures.items():
        print(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    print("\n".join(timeline(rows, back, start=math.floor(begins - back) - 3)))
    if json_path:
        json_path.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")


def writes_report(out: Path, json_path: Path | None) -> None:
    figures = {
        "mode": (out / "mode.txt").read_text().strip(),
        "marks": read_marks(out),
        "admin": json.loads((out / "admin.json").read_text()),
        "database": json.loads((out / "counts.json").read_text()),
    }
    saved = figures["admin"]["correction save"]
    written = saved["at"] + saved["seconds"]  # the last admin write was answered
    pages = {}
    for name, checks in json.loads((out / "pages.json").read_text()).items():
        since = written if name != "after-import" else figures["marks"]["import ends"]
        for check in checks:
            key = f"{name}: {check['path']} holds {check['holds']}"
            entry = pages.setdefault(
                key, {"fetched": 0, "failed": 0, "stale": 0, "stale at (s after the write)": []}
            )
            entry["fetched"] += 1
            if check["status"] != 200:
                entry["failed"] += 1
            elif not check["found"]:
                entry["stale"] += 1
                entry["stale at (s after the write)"].append(round(check["at"] - since, 3))
    figures["reader pages"] = pages
    figures["reader pages (raw)"] = json.loads((out / "pages.json").read_text())
    imports = {}
    for rc in sorted(out.glob("import-*.rc")):
        name = rc.stem
        stderr = (out / f"{name}.stderr").read_text(errors="replace").splitlines()
        stdout = (out / f"{name}.stdout").read_text(errors="replace").splitlines()
        imports[name] = {
            "exit status": int(rc.read_text()),
            "seconds": float((out / f"{name}.seconds").read_text()),
            "stderr lines": [line for line in stderr if line.strip()],
            "stdout (without parse warnings)": [
                line for line in stdout if line.strip() and not line.startswith("  warning:")
            ],
        }
    figures["imports"] = imports
    xact = out / "import-xact.txt"
    if xact.exists() and xact.read_text().strip():
        stamps = [line.split("|") for line in xact.read_text().split()]
        figures["import write transaction (first seen, last seen, began)"] = [
            float(stamps[0][0]),
            float(stamps[-1][0]),
            float(stamps[0][1]),
        ]
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if json_path:
        json_path.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("probe")
    p.add_argument("url")
    p.add_argument("--path", action="append", required=True)
    p.add_argument("--marker", required=True)
    p.add_argument("--interval", type=float, default=0.1)
    p = commands.add_parser("admin")
    p.add_argument("url")
    p.add_argument("--password-file", required=True)
    p.add_argument("--article", type=int, required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--correction", required=True)
    p = commands.add_parser("check")
    p.add_argument("url")
    p.add_argument("pairs", nargs="+", metavar="PATH TEXT")
    p.add_argument("--repeat", type=int, default=1, help="times to fetch them all")
    p.add_argument("--every", type=float, default=0.2, help="seconds between the rounds")
    p = commands.add_parser("follow")
    p.add_argument("file")
    for name in ("report", "writes-report"):
        p = commands.add_parser(name)
        p.add_argument("out", type=Path)
        p.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.command == "probe":
        probe(args.url, args.path, args.marker, args.interval)
    elif args.command == "admin":
        admin(args.url, args.password_file, args.article, args.title, args.correction)
    elif args.command == "check":
        check(args.url, args.pairs, args.repeat, args.every)
    elif args.command == "follow":
        follow(args.file)
    elif args.command == "report":
        report(args.out, args.json)
    else:
        writes_report(args.out, args.json)
