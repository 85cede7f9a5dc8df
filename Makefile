# Each target bootstraps .venv itself; only Python 3.11+ is needed on the machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test test-fast lint format messages bench lighthouse shots

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# Migrates SQLite (or DATABASE_URL), loads the demo content and serves http://127.0.0.1:8000.
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py create_dev_admin
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Screenshots of every page type at 390 and 1280 px and of the admin dashboard, into shots/
# (needs Debian's chromium), on the database `make run` uses, with the demo content loaded.
shots: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py shots --out shots

# Uses DATABASE_URL when set (PostgreSQL in CI), else SQLite. The whole suite; on PostgreSQL in
# one process per core and one more (pytest-xdist; browsers, servers and sleeps leave a core
# idle now and then), tests that start processes or change the whole Redis server one after
# another in a group of their own (tests/conftest.py). SQLite, one writer at a time, runs it in
# one process. Extra arguments: PYTEST_ARGS="-x".
TEST_PROCESSES ?= $(if $(findstring postgres,$(DATABASE_URL)),$(shell echo $$(( $$(nproc) + 1 ))),0)
test: $(STAMP)
	$(BIN)/pytest -n $(TEST_PROCESSES) --dist loadgroup $(PYTEST_ARGS)

# A quick subset while working, never in place of `make test` before a submission: everything
# but the browser tests and the shipped stack (gunicorn, db_worker, Redis, Java).
test-fast: $(STAMP)
	$(BIN)/pytest -n $(TEST_PROCESSES) --dist loadgroup -m "not browser and not stack" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Collects new UI strings into the German catalog and compiles it (needs GNU gettext).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale de --ignore '.venv/*' --ignore 'tests/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --locale de --ignore '.venv/*'

# Performance figures (not part of `make test`) on the stack compose.yaml ships (PostgreSQL and
# Redis, started by .ci/services): see benchmarks/*.py for what each measures.
bench: $(STAMP)
	bash .ci/services
	$(BIN)/python benchmarks/newsletter_send.py
	$(BIN)/python benchmarks/newsletter_import.py
	$(BIN)/python benchmarks/bank_statement_import.py
	$(BIN)/python benchmarks/site_speed.py

# Lighthouse scores and weights of four pages (needs Node.js/npm, chromium, the services of
# .ci/services): see benchmarks/lighthouse.sh.
lighthouse: $(STAMP)
	PYTHON=$(BIN)/python benchmarks/lighthouse.sh
