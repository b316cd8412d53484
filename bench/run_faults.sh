#!/usr/bin/env bash
# Redis fault benchmarks: the page cache failing under load, and under an editor's saves and
# an import. Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres), wrk and
# redis-server; starts its own redis-server and gunicorn and never touches another.
#
#   MODE=redis-kill bench/run_faults.sh     # SIGKILL Redis under load, start it again empty
#   MODE=redis-freeze bench/run_faults.sh   # SIGSTOP Redis under load (timeouts), then SIGCONT
#   MODE=redis-writes bench/run_faults.sh   # Redis killed during admin saves and an import
#
# Builds its own database (FAULT_DB, dropped and re-created) as run_soak.sh does, serves it
# with gunicorn (deploy/gunicorn.conf.py, production settings, WORKERS workers) and points
# REDIS_URL at a redis-server of its own on REDIS_PORT. Prints the figures and writes them
# to $RESULTS (redis-kill.json and .txt, redis-freeze.*, redis-writes-kill.json, …); the raw
# files (every request, Redis's MONITOR, gunicorn's log) stay in OUT. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${MODE:-redis-kill}            # redis-kill | redis-freeze | redis-writes
DURATION=${DURATION:-75}            # load modes: seconds of measured load
WARMUP=${WARMUP:-15}                # load modes: seconds of load before it (caches warm)
FAULT_AFTER=${FAULT_AFTER:-20}      # load modes: seconds into the load when Redis fails
OUTAGE=${OUTAGE:-20}                # seconds Redis stays down (load modes)
EDIT_AFTER=${EDIT_AFTER:-3}         # load modes: seconds into the outage of the article edit
CONNECTIONS=${CONNECTIONS:-8}       # wrk connections, one thread each (see faults.lua)
WORKERS=${WORKERS:-2}
PORT=${PORT:-18460}
REDIS_PORT=${REDIS_PORT:-16390}
WRITES_FAULT=${WRITES_FAULT:-kill}  # redis-writes: kill | freeze
IMPORT_KILL_AFTER=${IMPORT_KILL_AFTER:-3.5}  # redis-writes: seconds into the import
IMPORT_ARTICLES=${IMPORT_ARTICLES:-2000}     # redis-writes: articles in the imported file
IMPORT_DATE=2022-09-01
FAULT_DB=${FAULT_DB:-faultbench_redis}
RESULTS=${RESULTS:-bench/results}
mkdir -p "$RESULTS"
OUT=${OUT:-$(mktemp -d "/tmp/faultbench-$MODE.XXXXXX")}
PG="-h 127.0.0.1 -U postgres"
PY=.venv/bin/python

case $MODE in
  redis-kill) FAULT=kill ;;
  redis-freeze) FAULT=freeze ;;
  redis-writes) FAULT=$WRITES_FAULT ;;
  *) echo "MODE is redis-kill, redis-freeze or redis-writes" >&2; exit 2 ;;
esac
case $FAULT in kill|freeze) ;; *) echo "WRITES_FAULT is kill or freeze" >&2; exit 2 ;; esac
if [ "$REDIS_PORT" = 6379 ]; then echo "REDIS_PORT 6379 is the shared Redis" >&2; exit 2; fi
for port in "$PORT" "$REDIS_PORT"; do
  if ss -ltn "sport = :$port" | grep -q LISTEN; then echo "port $port is taken" >&2; exit 1; fi
done

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$FAULT_DB"
export DJANGO_SETTINGS_MODULE=bench.fault_settings  # production, static files in OUT
export FAULT_STATIC_ROOT=$OUT/static
export SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(60))')
export ALLOWED_HOSTS=127.0.0.1,localhost
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_WORKERS=$WORKERS
URL="http://127.0.0.1:$PORT"
echo "$MODE ($FAULT)" > "$OUT/mode.txt"
: > "$OUT/marks.txt"
mark() { echo "$1 $EPOCHREALTIME" >> "$OUT/marks.txt"; }
since() { $PY -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.2f}')" "$1"; }
plus() { $PY -c "import sys; print(float(sys.argv[1]) + float(sys.argv[2]))" "$1" "$2"; }
sleep_until() { $PY -c "import sys, time; time.sleep(max(0, float(sys.argv[1]) - time.time()))" "$1"; }
manage() { $PY manage.py "$@"; }

HELPERS=()
REDIS_PID=
cleanup() {
  for pid in "${HELPERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$OUT/gunicorn.pid" ] && kill "$(cat "$OUT/gunicorn.pid")" 2>/dev/null || true
  if [ -n "$REDIS_PID" ]; then kill -CONT "$REDIS_PID" 2>/dev/null; kill "$REDIS_PID" 2>/dev/null; fi
  wait 2>/dev/null || true
}
trap cleanup EXIT

# Redis: our own server, no persistence (a restart comes back empty) -----------------------
redis_start() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$OUT" --logfile "$OUT/redis.log" &
  REDIS_PID=$!
  for _ in $(seq 250); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.02
  done
  echo "redis-server did not start" >&2; exit 1
}
monitor() {  # what the site asks Redis in the first seconds after it is back (lines cut short)
  (timeout 8 redis-cli -p "$REDIS_PORT" monitor 2>/dev/null | cut -c1-400 > "$OUT/monitor.txt") &
}
redis_fail() {  # [mark name]
  mark "${1:-fault begins}"
  if [ "$FAULT" = kill ]; then
    kill -KILL "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=
  else
    kill -STOP "$REDIS_PID"
  fi
}
redis_back() {  # [mark name]
  if [ "$FAULT" = kill ]; then
    redis_start; mark "${1:-redis back}"; monitor
  else
    monitor; sleep 0.05; kill -CONT "$REDIS_PID"; mark "${1:-redis back}"
  fi
}

# The database, as run_soak.sh builds it ------------------------------------------------------
echo "== database $FAULT_DB (output in $OUT)"
psql $PG -qc "DROP DATABASE IF EXISTS $FAULT_DB" -c "CREATE DATABASE $FAULT_DB" >/dev/null
redis_start  # the imports below announce their writes to it, as in production
manage migrate --no-input -v0
manage import_issue --dates seeds/dates.tsv seeds/*.txt >/dev/null
for sample in tests/samples/variant_*.txt; do
  case $sample in *furniture_only*) ;; *) manage import_issue "$sample" >/dev/null ;; esac
done
manage collectstatic --no-input -v0
PATHS=$OUT/paths.txt $PY bench/reader_paths.py > "$OUT/paths.txt"
echo "$(wc -l < "$OUT/paths.txt") reader paths"

# The article edited during the outage: the lead of the newest issue, on the front page too.
IFS='|' read -r _ ARTICLE ARTICLE_PATH ISSUE_PATH OLD_TITLE < <(manage shell -c "
from articles.models import Article
a = Article.objects.readable().order_by('-issue__date', 'position').first()
print('|'.join(('pick', str(a.pk), a.get_absolute_url(), a.issue.get_absolute_url(), a.title)))
" 2>/dev/null | grep '^pick|')
MARKER="故障演练标题$(date +%s)"

echo "== gunicorn, $WORKERS workers on :$PORT, Redis on :$REDIS_PORT"
.venv/bin/gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi --error-logfile "$OUT/gunicorn.log" \
  --capture-output --pid "$OUT/gunicorn.pid" --daemon
for _ in $(seq 100); do curl -sf -o /dev/null -H "Host: localhost" "$URL/healthz" && break; sleep 0.2; done
curl -sf -H "Host: localhost" "$URL/healthz" || { echo "gunicorn did not start" >&2; exit 1; }
echo
$PY bench/faults.py follow "$OUT/gunicorn.log" > "$OUT/gunicorn-ts.log" &
HELPERS+=($!)
sleep 0.3
wait_for_pages() {  # curl until the page answers 200 (sessions, first queries)
  curl -s -o /dev/null -H "Host: localhost" -H "X-Forwarded-Proto: https" "$URL$1" || true
}

# Load modes: redis-kill, redis-freeze ------------------------------------------------------
load() {  # requests-log seconds
  PATHS=$OUT/paths.txt REQUESTS_LOG=$1 wrk --threads "$CONNECTIONS" --connections "$CONNECTIONS" \
    --duration "${2}s" --timeout 10s -H "X-Forwarded-Proto: https" -H "Host: localhost" \
    --script bench/faults.lua "$URL"
}
healthz() {  # "unix-time status body" every 0.5 s
  while :; do
    local at=$EPOCHREALTIME answer
    answer=$(curl -s -m 5 -w ' %{http_code}' -H "Host: localhost" "$URL/healthz" || true)
    echo "$at ${answer##* } ${answer% *}"
    sleep 0.5
  done
}

if [ "$MODE" != redis-writes ]; then
  PROBED=("$ARTICLE_PATH" "$ISSUE_PATH")
  if curl -s -H "Host: localhost" -H "X-Forwarded-Proto: https" "$URL/" | grep -qF "$OLD_TITLE"; then
    PROBED+=(/)
  fi
  echo "== warm-up ${WARMUP}s"
  mkdir -p "$OUT/warmup"
  load "$OUT/warmup/requests.tsv" "$WARMUP" > "$OUT/warmup/wrk.txt"

  echo "== load ${DURATION}s, $CONNECTIONS connections; Redis ${FAULT}ed ${FAULT_AFTER}s in for ${OUTAGE}s"
  mark "load begins"
  load "$OUT/requests.tsv" "$DURATION" > "$OUT/wrk.txt" &
  LOAD=$!
  $PY bench/faults.py probe "$URL" $(printf -- '--path %s ' "${PROBED[@]}") --marker "$MARKER" \
    > "$OUT/probe.tsv" &
  HELPERS+=($!)
  healthz > "$OUT/healthz.txt" &
  HELPERS+=($!)
  BEGAN=$(grep '^load begins' "$OUT/marks.txt" | awk '{print $3}')
  sleep_until "$(plus "$BEGAN" "$FAULT_AFTER")"
  redis_fail
  FAILED_AT=$EPOCHREALTIME
  echo "Redis ${FAULT}ed"
  sleep "$EDIT_AFTER"
  mark "edit begins"  # an ORM save, as the admin's, in a process of its own
  manage shell -c "
import time
from articles.models import Article
article = Article.objects.get(pk=$ARTICLE)
article.title = '$MARKER'
article.save()
print('edit committed', f'{time.time():.6f}')
" > "$OUT/edit.txt" 2> "$OUT/edit.stderr" || echo "edit failed: $?" >> "$OUT/edit.txt"
  grep '^edit committed' "$OUT/edit.txt" >> "$OUT/marks.txt" || true
  echo "article $ARTICLE ($ARTICLE_PATH) is now '$MARKER' ($(since "$FAILED_AT") s into the outage)"
  sleep_until "$(plus "$FAILED_AT" "$OUTAGE")"
  redis_back
  echo "Redis back"
  wait "$LOAD"
  mark "load ends"
  sleep 0.5
  for pid in "${HELPERS[@]:1}"; do kill "$pid" 2>/dev/null || true; done
  echo "== results"
  $PY bench/faults.py report "$OUT" --json "$RESULTS/redis-$FAULT.json" | tee "$RESULTS/redis-$FAULT.txt"
  exit 0
fi

# redis-writes: the admin and an import while Redis is down ---------------------------------
manage ensure_editor --password-file "$OUT/editor-password" >/dev/null
$PY bench/make_big_issue.py --articles "$IMPORT_ARTICLES" "$OUT/big-issue.txt"
EXPECTED=$(manage import_issue --dry-run --date "$IMPORT_DATE" "$OUT/big-issue.txt" \
  | sed -n 's/.* with \([0-9]*\) articles.*/\1/p')
echo "import file: $EXPECTED articles"
for _ in 1 2; do wait_for_pages "$ARTICLE_PATH"; wait_for_pages /; wait_for_pages /issues/; done
CORRECTION="故障演练更正$(date +%s)"
NEW_MONTH="/issues/${IMPORT_DATE:0:4}/$((10#${IMPORT_DATE:5:2}))/"
BEFORE_MONTH=/issues/2022/8/  # the seed issue's month

echo "== admin saves with Redis ${FAULT}ed"
pages() {  # name rounds: the article page, for the headline and the correction saved
  $PY bench/faults.py check "$URL" --repeat "$2" "$ARTICLE_PATH" "$MARKER" "$ARTICLE_PATH" \
    "$CORRECTION" > "$OUT/pages-$1.json"
}
redis_fail
$PY bench/faults.py admin "$URL" --password-file "$OUT/editor-password" --article "$ARTICLE" \
  --title "$MARKER" --correction "$CORRECTION" > "$OUT/admin.json"
cat "$OUT/admin.json"
pages outage 10  # 2 s: a process may trust the version it read for READER_VERSION_SECONDS
redis_back
pages back 15

echo "== import_issue of $EXPECTED articles, Redis ${FAULT}ed ${IMPORT_KILL_AFTER}s in"
run_import() {  # name: runs import_issue on the big file, timing it
  local started=$EPOCHREALTIME rc=0
  manage import_issue --date "$IMPORT_DATE" "$OUT/big-issue.txt" \
    > "$OUT/$1.stdout" 2> "$OUT/$1.stderr" || rc=$?
  echo "$rc" > "$OUT/$1.rc"
  since "$started" > "$OUT/$1.seconds"
}
( while sleep 0.05; do
    psql $PG -Atc "SELECT extract(epoch FROM now()), extract(epoch FROM xact_start) FROM pg_stat_activity
                   WHERE datname = '$FAULT_DB' AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
  done ) > "$OUT/import-xact.txt" 2>/dev/null &
XACT=$!
HELPERS+=($XACT)
for _ in 1 2; do wait_for_pages /issues/; wait_for_pages "$BEFORE_MONTH"; done  # kept copies
mark "import begins"
run_import import-1-fault &
IMPORT=$!
sleep "$IMPORT_KILL_AFTER"
redis_fail "import fault begins"
wait "$IMPORT" || true
mark "import ends"
kill "$XACT" 2>/dev/null || true
run_import import-2-again-redis-down
redis_back "import redis back"
run_import import-3-again-redis-back
# Pages kept from before the import that list the months of the archive: the new month
# must be there (the month page before it links to it as the next month).
$PY bench/faults.py check "$URL" --repeat 10 /issues/ "$NEW_MONTH" "$BEFORE_MONTH" "$NEW_MONTH" \
  > "$OUT/pages-after-import.json"
$PY -c "
import json
pages = {name: json.load(open(f'$OUT/pages-{name}.json')) for name in ('outage', 'back', 'after-import')}
json.dump(pages, open('$OUT/pages.json', 'w'), ensure_ascii=False)
"
manage shell -c "
import json
from articles.models import Article, Correction, Issue
from newsroom.models import FormSubmission
article = Article.objects.get(pk=$ARTICLE)
issues = Issue.objects.filter(date='$IMPORT_DATE')
print(json.dumps({
    'article title is the one saved': article.title == '$MARKER',
    'corrections with the text posted (twice)': Correction.objects.filter(text='$CORRECTION').count(),
    'corrections of the article': article.corrections.count(),
    'form submissions recorded': FormSubmission.objects.count(),
    'issues of the import date': issues.count(),
    'articles expected from the file': $EXPECTED,
    'articles of the imported issue': Article.objects.filter(issue__in=issues).count(),
    'distinct headlines in it': Article.objects.filter(issue__in=issues).values('title').distinct().count(),
}, ensure_ascii=False))
" 2>/dev/null | tail -1 > "$OUT/counts.json"
echo "== results"
$PY bench/faults.py writes-report "$OUT" --json "$RESULTS/redis-writes-$FAULT.json"
cp "$OUT/import-1-fault.stderr" "$RESULTS/redis-writes-$FAULT-import-stderr.txt"
