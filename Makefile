# The two set-up commands are `make demo` and `make test`; both install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DATA ?= $(CURDIR)/var/demo
DEMO_SLUG := after-ulaanbaatar
PORT ?= 8000

.PHONY: install demo serve test test-postgres lint bench chromium clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -qq --upgrade pip
	$(PY) -m pip install -qq -e '.[all,dev]'
	@if $(BIN)/symposia model --help >/dev/null 2>&1; then $(BIN)/symposia model install; fi
	@touch $(STAMP)

install: $(STAMP)

demo: export SYMPOSIA_DATA_DIR ?= $(DEMO_DATA)
demo: install
	@$(BIN)/symposia demo load
	@if $(BIN)/symposia synthesis --help >/dev/null 2>&1; then \
		$(BIN)/symposia synthesis run $(DEMO_SLUG) || echo "synthesis skipped (see the error above)"; fi
	@echo
	@echo "  symposia demo is starting on http://127.0.0.1:$(PORT)"
	@echo "  hub:    http://127.0.0.1:$(PORT)/s/$(DEMO_SLUG)/"
	@echo "  a take: http://127.0.0.1:$(PORT)$$($(BIN)/symposia demo first-take-url)"
	@echo "  synthesis: http://127.0.0.1:$(PORT)/s/$(DEMO_SLUG)/synthesis/"
	@echo "  editors: http://127.0.0.1:$(PORT)/editor/  and admin: http://127.0.0.1:$(PORT)/admin/"
	@echo "           log in as 'editor' with the password in $$SYMPOSIA_DATA_DIR/demo-editor-password.txt"
	@echo "  API:    http://127.0.0.1:$(PORT)/api/docs"
	@echo "  Stop with Ctrl-C."
	@echo
	@$(BIN)/symposia serve --port $(PORT)

# Debian's chromium drives the browser tests; never `playwright install` (it downloads).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "chromium is missing and we are not root: browser tests will be skipped"; fi; }

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src/symposia

test: install chromium lint
	$(BIN)/pytest -n 2 --dist loadfile

# The database tests again on a throwaway PostgreSQL cluster (Debian's postgresql).
test-postgres: install
	@bash scripts/with-postgres.sh $(BIN)/pytest -n 2 --dist loadfile -m "not browser and not model" tests/web

bench: install
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
