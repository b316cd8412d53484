#!/usr/bin/env bash
# Soak test: mixed reader traffic against gunicorn on PostgreSQL, with worker memory sampled.
#
#   bench/run_soak.sh                      # 5 minutes of load
#   DURATION=60 bench/run_soak.sh          # shorter
#   MODE=restart bench/run_soak.sh         # restart PostgreSQL in the middle (see README)
#
# Builds its own database (SOAK_DB, dropped and re-created), imports seeds/ and the sample
# issues, starts gunicorn with production settings, warms up, then runs wrk with
# bench/mixed.lua. Prints requests, errors, latency percentiles and RSS growth of the workers.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-300}          # seconds of measured load
WARMUP=${WARMUP:-20}               # seconds of load before measuring (caches, first queries)
CONNECTIONS=${CONNECTIONS:-8}
WORKERS=${WORKERS:-2}
PORT=${PORT:-18431}
MODE=${MODE:-soak}                 # soak | restart
RESTART_AFTER=${RESTART_AFTER:-20} # restart mode: seconds into the load
SOAK_DB=${SOAK_DB:-newsroom_soak}
PG="-h 127.0.0.1 -U postgres"
OUT=${OUT:-$(mktemp -d /tmp/newsroom-soak.XXXXXX)}
PY=.venv/bin/python

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$SOAK_DB"
export DJANGO_SETTINGS_MODULE=newsroom.settings.production
export SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(60))')
export ALLOWED_HOSTS=127.0.0.1,localhost
HELD_BACK=tests/samples/variant_series.txt  # restart mode imports it just before the restart

echo "== database $SOAK_DB (output in $OUT)"
psql $PG -qc "DROP DATABASE IF EXISTS $SOAK_DB" -c "CREATE DATABASE $SOAK_DB" >/dev/null
$PY manage.py migrate --no-input -v0
$PY manage.py collectstatic --no-input -v0  # production pages need the manifest
$PY manage.py import_issue --dates seeds/dates.tsv seeds/*.txt >/dev/null
for sample in tests/samples/variant_*.txt; do
  case $sample in
    *furniture_only*|$HELD_BACK) ;;  # not an issue; imported mid-load in restart mode
    *) $PY manage.py import_issue "$sample" >/dev/null ;;
  esac
done
PATHS=$OUT/paths.txt $PY bench/reader_paths.py > "$OUT/paths.txt"
echo "$(wc -l < "$OUT/paths.txt") reader paths"

echo "== gunicorn, $WORKERS workers on :$PORT"
if ss -ltn "sport = :$PORT" | grep -q LISTEN; then echo "port $PORT is taken; set PORT" >&2; exit 1; fi
.venv/bin/gunicorn newsroom.wsgi --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
  --error-logfile "$OUT/gunicorn.log" --capture-output --pid "$OUT/gunicorn.pid" --daemon
trap 'kill "$(cat "$OUT/gunicorn.pid")" 2>/dev/null || true' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 50); do curl -sf -o /dev/null -H "Host: localhost" "$URL/healthz" && break; sleep 0.2; done
curl -sf -H "Host: localhost" "$URL/healthz" || { echo "gunicorn did not start" >&2; exit 1; }
echo

load() {  # seconds
  PATHS=$OUT/paths.txt wrk --threads 2 --connections "$CONNECTIONS" --duration "${1}s" \
    --timeout 10s -H "X-Forwarded-Proto: https" -H "Host: localhost" \
    --script bench/mixed.lua "$URL"
}
data_checksum() {  # every row; pg_dump's \restrict lines carry a random key each time
  pg_dump $PG --data-only "$SOAK_DB" | grep -v '^\\\(un\)\?restrict ' | md5sum
}
worker_rss_kb() {  # total resident memory of the gunicorn workers
  local total=0
  for pid in $(pgrep -P "$(cat "$OUT/gunicorn.pid")"); do
    total=$((total + $(awk '/VmRSS/ {print $2}' "/proc/$pid/status")))
  done
  echo "$total"
}

echo "== warm-up ${WARMUP}s"
load "$WARMUP" > "$OUT/warmup.txt"

echo "== load ${DURATION}s, $CONNECTIONS connections ($MODE)"
load "$DURATION" > "$OUT/wrk.txt" &
LOAD=$!
if [ "$MODE" = restart ]; then
  $PY bench/probe.py "$URL" > "$OUT/probe.txt" &
  PROBE=$!
  sleep "$RESTART_AFTER"
  $PY manage.py import_issue "$HELD_BACK" > "$OUT/import.txt"
  data_checksum > "$OUT/before.md5"
  echo "restart begins $(date +%s.%N)" | tee "$OUT/restart.txt"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main restart
  echo "restart ends $(date +%s.%N)" | tee -a "$OUT/restart.txt"
  wait "$LOAD"
  kill -INT "$PROBE"; wait "$PROBE" || true
  data_checksum > "$OUT/after.md5"
else
  echo "seconds rss_kb" > "$OUT/rss.txt"
  start=$(date +%s)
  while kill -0 "$LOAD" 2>/dev/null; do
    echo "$(( $(date +%s) - start )) $(worker_rss_kb)" >> "$OUT/rss.txt"
    sleep 10
  done
  wait "$LOAD"
fi

echo "== results"
cat "$OUT/wrk.txt" | sed -n '/^requests:/,$p'
if [ "$MODE" = restart ]; then
  cat "$OUT/restart.txt"
  $PY bench/probe.py --summary "$OUT/probe.txt" "$OUT/restart.txt"
  if cmp -s "$OUT/before.md5" "$OUT/after.md5"; then
    echo "data: identical before and after the restart (pg_dump checksum)"
  else
    echo "data: CHANGED across the restart"
  fi
  echo "tracebacks in gunicorn log: $(grep -c Traceback "$OUT/gunicorn.log" || true)"
else
  awk 'NR == 2 {first = $2} NR > 1 {last = $2; if ($2 > max) max = $2}
       END {printf "worker RSS: %.1f MB at start, %.1f MB at end, %.1f MB max, growth %+.1f%%\n",
            first / 1024, last / 1024, max / 1024, (last - first) * 100 / first}' "$OUT/rss.txt"
fi
