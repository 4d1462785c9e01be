# 政民互动办理台 — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_USER ?= root

.PHONY: run test install lint typecheck bench screenshots serve demo clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# npm packages, then the ECharts bundle with only the parts the pages use (frontend/charts.mjs,
# esbuild) into frontend/build/ (git-ignored), served as static/vendor/echarts/echarts.min.js.
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json frontend/charts.mjs
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	cd frontend && npm run --silent build
	touch $@

install: $(VENV)/.installed frontend/node_modules/.installed

## Install, migrate, load the demo city and serve everything at http://127.0.0.1:8000
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py import_cases demo/data/history.csv --mapping demo/data/history_mapping.yaml
	$(PY) manage.py load_demo_training
	$(PY) manage.py train_router --if-missing
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

## Lint, format check, type check and the whole test suite (DATABASE_URL/REDIS_URL honoured)
test: install lint typecheck
	$(PY) -m pytest

lint:
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck:
	$(VENV)/bin/mypy .

## Benchmarks that print figures (need PostgreSQL for the large-table ones)
bench: install
	$(PY) bench/intake.py
	$(PY) bench/intake.py --database-url postgres://$(PG_USER)@127.0.0.1:5432/desk_bench --redis-url redis://127.0.0.1:6379/15 --workers 2
	psql -q -h 127.0.0.1 -U $(PG_USER) -d postgres -c 'drop database if exists desk_profile' -c 'create database desk_profile'
	DATABASE_URL=postgres://$(PG_USER)@127.0.0.1:5432/desk_profile REDIS_URL=redis://127.0.0.1:6379/11 $(PY) bench/intake_profile.py
	$(PY) bench/worker_throughput.py --database-url postgres://$(PG_USER)@127.0.0.1:5432/desk_bench_worker --redis-url redis://127.0.0.1:6379/14
	$(PY) bench/deadlines.py --database-url postgres://$(PG_USER)@127.0.0.1:5432/desk_bench
	$(PY) bench/supervision.py --database-url postgres://$(PG_USER)@127.0.0.1:5432/desk_bench
	$(PY) bench/supervision_reports.py
	$(PY) bench/import_cases.py --database-url postgres://$(PG_USER)@127.0.0.1:5432/desk_bench_import
	$(PY) bench/routing.py
	$(PY) bench/kb_core.py --data-dir ../shared/data
	$(PY) bench/redaction.py
	$(PY) bench/page_weight.py

## Screenshots of the main pages at phone and desktop widths, saved under bench/screenshots/
screenshots: install
	$(PY) bench/screenshots.py

clean:
	rm -rf $(VENV) frontend/node_modules frontend/build var staticfiles
