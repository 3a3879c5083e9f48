# Two commands on a fresh machine: `make run` and `make test`.
PYTHON := $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
DEV := DJANGO_DEBUG=1
HOST ?= 127.0.0.1:8000
# axe-core, the accessibility checker the browser tests inject (npm, test-only).
AXE := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: install axe run serve migrate demo test fuzz lint format check clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $@

install: $(VENV)/.installed

# Without npm the accessibility checks skip (as the browser tests do without
# chromium); everything else still runs.
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd tests/browser && npm ci --no-audit --no-fund --silent && touch node_modules/axe-core/axe.min.js; \
	else \
		echo "npm not found: the accessibility checks (axe-core) will be skipped"; \
	fi

axe: $(AXE)

migrate: install
	$(DEV) $(BIN)/python manage.py migrate --no-input

demo: migrate
	$(DEV) $(BIN)/python manage.py load_catalog catalog/fixtures/demo_catalog.json
	$(DEV) $(BIN)/python manage.py create_local_admin --address $(HOST)

run: demo serve

serve:
	$(DEV) $(BIN)/python manage.py runserver $(HOST)

test: install axe
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The API's schema test with fresh random inputs, ten times the examples.
fuzz: install
	FUZZ=1 $(BIN)/python -m pytest tests/test_api_schema.py $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(DEV) $(BIN)/python manage.py check
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) tests/browser/node_modules staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm .local-admin-password
