#!/bin/sh
# The two benchmark databases on the local PostgreSQL: the seed alone, and the seed with a
# ten-year synthetic archive before it (timed: its log is the import figure of the report).
# Usage: bench/setup_databases.sh [YEARS]   (default 10)
set -eu
cd "$(dirname "$0")/.."
YEARS="${1:-10}"
PG=postgres://postgres@127.0.0.1:5432
mkdir -p bench/results
for db in newsroom_bench_seed newsroom_bench_archive; do
    dropdb -h 127.0.0.1 -U postgres --if-exists "$db"
    createdb -h 127.0.0.1 -U postgres "$db"
    DATABASE_URL="$PG/$db" .venv/bin/python manage.py migrate -v0
    DATABASE_URL="$PG/$db" .venv/bin/python manage.py import_issue seeds/*.txt --dates seeds/dates.tsv
done
DATABASE_URL="$PG/newsroom_bench_archive" /usr/bin/time -v \
    .venv/bin/python manage.py generate_archive --years "$YEARS" --seed 1 \
    > bench/results/generate_archive.txt 2>&1
for db in newsroom_bench_seed newsroom_bench_archive; do
    psql -h 127.0.0.1 -U postgres -d "$db" -c "VACUUM ANALYZE" -q
done
# Static files for the production settings (whitenoise's manifest) and nginx.
DJANGO_SETTINGS_MODULE=newsroom.settings.production SECRET_KEY="bench-$(printf 'x7Kq2%.0s' $(seq 12))" \
    ALLOWED_HOSTS=localhost .venv/bin/python manage.py collectstatic --noinput -v0
