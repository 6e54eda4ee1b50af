# Two commands on a fresh machine with Python 3.11 and make:
#   make run    virtual environment, install, migrate, demo data, serve on http://127.0.0.1:8000
#   make test   install what the tests need and run the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev migrate seed lint format clean benchmark

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	$(PY) manage.py runserver $(HOST)

# The suite on every core (pytest-xdist: one worker a core, each with its own test database,
# test_<name>_gw0, _gw1, ... on PostgreSQL). A PostgreSQL test database is kept and reused from the
# last run; CI starts clean (TEST_DB=--create-db), and so should you after a migration was renamed.
# SQLite's test database is in memory, loaded from a migrated copy kept in test-artifacts/test-db/
# (coaching/tests/testdb.py). Workers steal work from each other, and the longest tests start first
# (conftest.py), so both end together.
# Compiled modules are kept (__pycache__, which git ignores) even where the environment asks
# Python not to write them (PYTHONDONTWRITEBYTECODE): every worker, and every process a test
# starts, imports the whole project and its tests, and compiling them again costs each about 2 s.
TEST_WORKERS ?= auto
TEST_DB ?= --reuse-db
test: install-dev
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(TEST_DB)

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts

# The key pages at network scale (README, "Benchmark at network scale"): seeds a benchmark database
# of its own on PostgreSQL (127.0.0.1, or DATABASE_URL's server) once, serves it with gunicorn as
# in production, loads each page with wrk and writes benchmarks/results.md. Needs PostgreSQL,
# Redis (127.0.0.1:6379) and wrk (installed here with apt-get when it is missing).
# BENCHMARK_ARGS="--quick" for a smoke test; "--reseed", "--explain", "--pages inbox,verify"...
BENCHMARK_ARGS ?= --explain
benchmark: install
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "wrk is missing: installing it with apt-get."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y wrk || { $$SUDO apt-get update && $$SUDO apt-get install -y wrk; }; \
	} ; command -v wrk >/dev/null 2>&1 || { \
	  echo "wrk could not be installed: install it by hand (Debian/Ubuntu: apt-get install wrk;" \
	    "macOS: brew install wrk) and run make benchmark again."; exit 1; }
	$(PY) manage.py benchmark_pages $(BENCHMARK_ARGS)
