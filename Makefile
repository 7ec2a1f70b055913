# Parity: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PARITY_HOME ?= $(CURDIR)/var
export PARITY_HOME
TEST_HOME := $(CURDIR)/var/test
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
PORT ?= 8000

.PHONY: install assets run setup test test-sqlite test-postgres test-browser audit docs benchmark clean

install: $(VENV)/.installed node_modules/.installed assets

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	node scripts/build-assets.mjs

setup: install
	$(BIN)/parity setup --demo

run: setup
	$(BIN)/parity serve --port $(PORT)

test: install
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-browser

test-sqlite: install
	@echo "== suite on SQLite =="
	rm -rf $(TEST_HOME)/sqlite && mkdir -p $(TEST_HOME)/sqlite
	PARITY_HOME=$(TEST_HOME)/sqlite DATABASE_URL= $(BIN)/pytest -m "not browser" -q

test-postgres: install
	@echo "== suite on PostgreSQL ($(POSTGRES_URL)) =="
	@if [ -n "$$PARITY_SKIP_POSTGRES" ]; then echo "PARITY_SKIP_POSTGRES is set: PostgreSQL suite NOT run"; exit 0; fi; \
	 $(BIN)/python -c "import psycopg,sys; psycopg.connect(sys.argv[1].replace('postgres://','postgresql://',1)).close()" "$(POSTGRES_URL)" \
	 || { echo "PostgreSQL is not reachable at $(POSTGRES_URL): start it, set POSTGRES_URL, or set PARITY_SKIP_POSTGRES=1"; exit 1; }
	rm -rf $(TEST_HOME)/postgres && mkdir -p $(TEST_HOME)/postgres
	PARITY_HOME=$(TEST_HOME)/postgres DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -m "not browser" -q

test-browser: install
	@echo "== browser tests (Playwright driving /usr/bin/chromium) =="
	@test -x /usr/bin/chromium || { echo "Chromium is missing: sudo apt-get install -y chromium"; exit 1; }
	rm -rf $(TEST_HOME)/browser && mkdir -p $(TEST_HOME)/browser
	PARITY_HOME=$(TEST_HOME)/browser DATABASE_URL= $(BIN)/pytest -m browser -q

audit: install
	$(BIN)/python scripts/audit_dependencies.py

docs: install
	$(BIN)/parity formats-doc --output-dir docs

benchmark: install
	$(BIN)/python benchmarks/ingest_benchmark.py

clean:
	rm -rf $(VENV) node_modules var src/parity/app/static/css src/parity/app/static/govuk
