"""Watch the front page through a database restart: one request every 0.1 s, until Ctrl-C.

``probe.py URL > probe.txt`` prints "unix-time status" lines (0 for no response at all);
``probe.py --summary probe.txt restart.txt`` says when readers saw failures, with what
status, and how long after the database was back the site served pages again.
"""

import signal
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

INTERVAL = 0.1
HEADERS = {"X-Forwarded-Proto": "https", "Host": "localhost"}


def probe(url: str) -> None:
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    while True:
        started = time.time()
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=HEADERS), timeout=10):
                status = 200
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        print(f"{started:.3f} {status}", flush=True)
        time.sleep(max(0.0, INTERVAL - (time.time() - started)))


def summary(probe_file: str, restart_file: str) -> None:
    lines = Path(probe_file).read_text().split("\n")
    samples = [(float(t), int(status)) for t, status in (line.split() for line in lines if line)]
    marks = dict(line.rsplit(" ", 1) for line in Path(restart_file).read_text().splitlines())
    begins, ends = float(marks["restart begins"]), float(marks["restart ends"])
    failed = [(t, status) for t, status in samples if status != 200]
    print(f"probe: {len(samples)} requests, {len(failed)} failed", end="")
    print(f" (statuses {sorted({s for _t, s in failed})})" if failed else "")
    print(f"database restart took {ends - begins:.2f} s")
    if failed:
        first, last = failed[0][0], failed[-1][0]
        print(f"failures from {first - begins:+.2f} s to {last - begins:+.2f} s after it began")
    last_failure = failed[-1][0] if failed else begins
    back = next((t for t, status in samples if t > last_failure and status == 200), None)
    if back is None:
        print("the site did NOT recover")
    else:
        print(
            f"pages again from {back - begins:+.2f} s after the restart began "
            f"({back - ends:+.2f} s from the restart command's return)"
        )


if __name__ == "__main__":
    if sys.argv[1] == "--summary":
        summary(sys.argv[2], sys.argv[3])
    else:
        probe(sys.argv[1] + "/")
