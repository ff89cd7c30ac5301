# Two commands for a new machine: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
ASSETS := inclusion/core/static/govuk/govuk-frontend.min.css
PYTEST_WORKERS ?= 2

.PHONY: setup run test test-only lint bench chromium demo-code clean

$(PY):
	python3 -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(ASSETS): node_modules/.installed scripts/copy_assets.py | $(INSTALLED)
	$(PY) scripts/copy_assets.py

## setup: virtualenv, Python and npm packages, GOV.UK Frontend assets, static files.
setup: $(INSTALLED) $(ASSETS)
	@mkdir -p var
	$(PY) manage.py collectstatic --noinput --verbosity 0

## run: set everything up on SQLite, load the demo county, print demo sign-ins and serve,
## with the background worker (chasers, reminders, imports) beside the web server.
run: setup
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py seed_demo
	$(PY) manage.py worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

## demo-code: the demo authenticator's 6-digit code now (for signing in to the demo).
demo-code:
	@$(PY) manage.py demo_code

## chromium: Debian's Chromium for the browser tests (Playwright cannot download browsers here).
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## test: set up, then run the whole suite (browser tests included).
test: setup chromium test-only

test-only:
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -n $(PYTEST_WORKERS) -q

## lint: ruff, ruff format, mypy, and models that agree with migrations.
lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy inclusion tests bench scripts manage.py
	$(PY) manage.py makemigrations --check --dry-run

## bench: build a county-scale database, serve it with gunicorn, measure (see bench/README.md).
## `make bench LOAD=1` (or `make bench-load`) runs the load test instead: 50 people of mixed
## personas for 5 minutes against gunicorn and PostgreSQL on 127.0.0.1 (LOAD_DURATION=30s for a
## quick check); results in bench/results/load-<date>.md and .json.
bench: setup
ifdef LOAD
	$(PY) bench/load.py --scale $${SCALE:-1}
else
	$(PY) bench/run.py --scale $${SCALE:-1}
endif

bench-load: setup
	$(PY) bench/load.py --scale $${SCALE:-1}

clean:
	rm -rf $(VENV) node_modules var inclusion/core/static/govuk tests/browser/vendor
