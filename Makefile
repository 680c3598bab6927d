# VNR Portal: `make run` sets up and runs the portal, `make test` sets up and tests it.
# Both create the virtualenv, install requirements.txt (only when it changed), compile
# the translations and, as root on Debian, install the system packages they miss.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PORT ?= 8000
PYTEST_ARGS ?=
PYTHON ?= $(shell command -v python3.11 || command -v python3)

PY := $(VENV)/bin/python
# Development commands run with DEBUG=1: a development key, SQLite and kombu's
# filesystem broker unless DATABASE_URL / REDIS_URL say otherwise.
MANAGE := DEBUG=1 $(PY) manage.py
# A copy of the requirements.txt last installed into $(VENV).
INSTALLED_REQUIREMENTS := $(VENV)/.requirements.txt

# Debian packages: Pango, HarfBuzz and fonts for WeasyPrint's PDFs (without
# libharfbuzz-subset0 a Chinese PDF takes ~14x longer; plain fonts-noto is hundreds of
# MB, so only -core and -cjk), then Poppler (PDF checks) and Chromium for the tests.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig \
	fonts-dejavu-core fonts-noto-core fonts-noto-cjk
TEST_DEBS := $(RUN_DEBS) poppler-utils chromium

# $(call ensure_debs,packages): install the missing ones as root, else say how to.
define ensure_debs
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "Not a Debian system: make sure these (Debian names) are installed: $(1)"; \
	else \
		missing=""; \
		for package in $(1); do \
			dpkg-query -W -f='$${db:Status-Abbrev}' "$$package" 2>/dev/null | grep -q '^ii' || missing="$$missing $$package"; \
		done; \
		if [ -z "$$missing" ]; then \
			:; \
		elif [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "Missing Debian packages; install them with:"; \
			echo "    sudo apt-get install --no-install-recommends$$missing"; \
		fi; \
	fi
endef

.PHONY: help install system-packages system-packages-test run test e2e migrations-check bench

help:
	@echo "make run               set up and run the portal on http://localhost:$(PORT)/ (web + worker)"
	@echo "make test              set up and run every test (PostgreSQL/Redis if DATABASE_URL/REDIS_URL)"
	@echo "make e2e               the browser tests only"
	@echo "make migrations-check  fail if the models have changes without a migration"
	@echo "make bench             run the benchmarks and print their figures"
	@echo "make install           create $(VENV), install requirements.txt, compile translations"
	@echo "Variables: PORT=$(PORT) VENV=$(VENV) PYTHON=$(PYTHON) PYTEST_ARGS=..."

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 or later is needed: install python3.11."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or later is needed; $(PYTHON) is older."; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

install: $(PY)
	@cmp -s requirements.txt $(INSTALLED_REQUIREMENTS) || { \
		echo "Installing requirements.txt into $(VENV) ..." && \
		$(PY) -m pip install --disable-pip-version-check --require-virtualenv -q -r requirements.txt \
		&& cp requirements.txt $(INSTALLED_REQUIREMENTS); }
	@$(MANAGE) compile_translations

system-packages:
	$(call ensure_debs,$(RUN_DEBS))

system-packages-test:
	$(call ensure_debs,$(TEST_DEBS))

# With DEBUG=1 WhiteNoise serves static files straight from the apps' and the project's
# static folders, so collectstatic is only for production.
run: system-packages install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_sdg_framework
	$(MANAGE) seed_demo
	@VENV=$(VENV) PORT=$(PORT) vnr_portal/devserver.sh

# The migrations check runs on SQLite: it compares models with migration files and
# needs no server (on PostgreSQL it would warn that the CI database does not exist).
migrations-check: install
	env -u DATABASE_URL $(MANAGE) makemigrations --check --dry-run

test: system-packages-test install migrations-check
	$(PY) -m pytest $(PYTEST_ARGS)

e2e: system-packages-test install
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

bench: system-packages install
	$(PY) -m bench.run

# The section editor's bundle (static/js/editor/editor.js) is committed, so run/test need
# no npm; rebuild it with Node.js 20+ after changing frontend/editor/src or package.json.
.PHONY: editor
editor:
	cd frontend/editor && npm ci && npm run build
