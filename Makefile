# The two commands a newcomer needs: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
PYTHON ?= python3
HOST   ?= 127.0.0.1:8000

.PHONY: install run test lint format lock browser nginx clean bench mutation

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

# The site's address is the one it is served at, unless SITE_URL says otherwise.
run: export SITE_URL ?= http://$(HOST)
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py import_issue --dates seeds/dates.tsv seeds/*.txt
	$(PY) manage.py render_parts
	$(PY) manage.py ensure_editor
	$(PY) manage.py runserver $(HOST)

test: install browser nginx
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Every benchmark of docs/performance.md (PostgreSQL, Redis, wrk and nginx on this machine;
# about 15 minutes), then the page rewritten from bench/results/.
bench: install
	$(PY) bench/report.py --run --output docs/performance.md

# Mutation testing of the modules that hold the rules (docs/testing.md; [tool.mutmut] in
# pyproject.toml): on demand, never in CI. SQLite, one in-memory test database per worker.
mutation: install
	@test -z "$$CI" || { echo "make mutation runs on demand, not in CI" >&2; exit 1; }
	$(PY) -m pip show mutmut >/dev/null 2>&1 || $(PY) -m pip install --quiet "mutmut==3.8.1"
	rm -rf mutants
	-env -u DATABASE_URL $(VENV)/bin/mutmut run
	$(VENV)/bin/mutmut results

# Browser tests drive Debian's Chromium; Chinese text needs a CJK font.
browser:
	@test -x /usr/bin/chromium && test -d /usr/share/fonts/opentype/noto || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; }

# tests/test_nginx.py runs deploy/nginx.conf in front of the application.
nginx:
	@test -x /usr/sbin/nginx || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }

# Re-pin every dependency after editing pyproject.toml.
lock:
	rm -rf /tmp/newsroom-lock && $(PYTHON) -m venv /tmp/newsroom-lock
	/tmp/newsroom-lock/bin/pip install --quiet ".[dev]"
	rm -rf build *.egg-info
	/tmp/newsroom-lock/bin/pip freeze --exclude newsroom > requirements.lock
	rm -rf /tmp/newsroom-lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache mutants
