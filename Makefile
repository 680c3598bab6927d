# VNR Portal: `make run` sets up and runs the portal, `make test` sets up and tests it,
# `make test-fast` is the quick check to run on every change. They create the virtualenv,
# install requirements.txt (the tests: requirements-dev.txt; each only when it changed),
# compile the translations and, as root on Debian, install the system packages they miss.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PORT ?= 8000
PYTEST_ARGS ?=
# pytest-xdist processes for make test and make test-fast: auto is one per CPU core
# (PYTEST_ARGS="-n 0" runs in one process again, e.g. for --pdb).
TEST_WORKERS ?= auto
PYTHON ?= $(shell command -v python3.11 || command -v python3)

PY := $(VENV)/bin/python
# Development commands run with DEBUG=1: a development key, SQLite and kombu's
# filesystem broker unless DATABASE_URL / REDIS_URL say otherwise.
MANAGE := DEBUG=1 $(PY) manage.py
# Copies of the requirements files last installed into $(VENV).
INSTALLED_REQUIREMENTS := $(VENV)/.requirements.txt
INSTALLED_DEV_REQUIREMENTS := $(VENV)/.requirements-dev.txt
PIP_INSTALL := $(PY) -m pip install --disable-pip-version-check --require-virtualenv -q
# The requirements are installed with uv (pinned, from PyPI, into $(VENV) itself), several
# times faster than pip on a first install; INSTALLER=pip uses pip alone, and pip takes
# over when uv cannot be installed or fails (docs/dependencies.md#installer).
INSTALLER ?= uv
UV_VERSION := 0.13.8
UV := $(VENV)/bin/uv
# pip's output boiled down to what it is doing: each package as it is collected, then the
# installation itself (the long part), and any warning or error.
PIP_PROGRESS := awk '/^Collecting /{n++; printf "  %3d  collecting %s\n", n, $$2; fflush(); next} \
	/^Installing collected packages/{print "  installing the " n " packages (the longest step) ..."; fflush(); next} \
	/^Successfully installed/{print "  installed."; next} /ERROR|WARNING|rror:/{print}'

# $(call install_requirements,file): install `file` into $(VENV) with uv, else with pip.
define install_requirements
	if [ "$(INSTALLER)" = uv ] && { "$(UV)" --version 2>/dev/null | grep -qF " $(UV_VERSION)" || { \
		echo "  getting uv $(UV_VERSION), the fast installer (pip install uv==$(UV_VERSION)) ..."; \
		$(PIP_INSTALL) "uv==$(UV_VERSION)"; }; }; then \
		"$(UV)" pip install --python "$(PY)" -r $(1) \
		|| { echo "  uv failed: installing with pip instead (slower) ..."; set -o pipefail; \
			$(PY) -m pip install --disable-pip-version-check --require-virtualenv -r $(1) 2>&1 | $(PIP_PROGRESS); }; \
	else \
		echo "  with pip (slower than uv) ..."; set -o pipefail; \
		$(PY) -m pip install --disable-pip-version-check --require-virtualenv -r $(1) 2>&1 | $(PIP_PROGRESS); \
	fi
endef

# The lint steps as one shell command: every step runs, and it fails if any step failed.
LINT_SH := status=0; \
	echo "ruff check ."; $(VENV)/bin/ruff check . || status=1; \
	echo "ruff format --check ."; $(VENV)/bin/ruff format --check . || status=1; \
	echo "lint-imports"; $(VENV)/bin/lint-imports --no-logo || status=1; \
	echo "tools/check_noqa.py"; $(PY) tools/check_noqa.py || status=1; \
	[ $$status = 0 ] || { echo "make lint: fix what is listed above (ruff format . fixes the formatting)."; exit 1; }

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

.PHONY: help install install-packages install-dev system-packages system-packages-test run test test-fast e2e lint \
	migrations-check migrations-apply bundle-check image-steps bench editor screenshots

help:
	@echo "make run               set up and run the portal on http://localhost:$(PORT)/ (web + worker)"
	@echo "make test              set up, lint and check, then run every test (PostgreSQL/Redis if"
	@echo "                       DATABASE_URL/REDIS_URL); what CI runs"
	@echo "make test-fast         every test but the browser ones, in parallel, then lint: run it on every change"
	@echo "make e2e               the browser tests only"
	@echo "make lint              ruff check, ruff format --check, lint-imports (contracts in pyproject.toml),"
	@echo "                       a reason beside every noqa"
	@echo "make migrations-check  fail if the models have changes without a migration"
	@echo "make migrations-apply  apply every migration to an empty throw-away database"
	@echo "make bundle-check      fail if static/js/editor is not what frontend/editor last built"
	@echo "make image-steps       the Dockerfile's build steps after pip install, in $(VENV) (no Docker needed)"
	@echo "make editor            rebuild the editor bundle (needs Node.js 20+ and npm) and record its checksums"
	@echo "make bench             run the benchmarks and print their figures (BENCH=load: only the pages"
	@echo "                       of a big review under gunicorn; BENCH=cpu: their CPU in the process;"
	@echo "                       BENCH=\"diffing evidence\"...: those parts)"
	@echo "make screenshots       seed the demo, then save every role's main pages at 1280 and 390 px"
	@echo "                       into docs/screenshots/ (tools/screenshots.py)"
	@echo "make install           create $(VENV), install requirements.txt, compile translations"
	@echo "make install-dev       the same with requirements-dev.txt (tests and tools)"
	@echo "Variables: PORT=$(PORT) VENV=$(VENV) PYTHON=$(PYTHON) TEST_WORKERS=$(TEST_WORKERS) PYTEST_ARGS=..."
	@echo "           INSTALLER=$(INSTALLER) (uv $(UV_VERSION) from PyPI into $(VENV), or pip)"

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 or later is needed: install python3.11."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or later is needed; $(PYTHON) is older."; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

# requirements.txt into $(VENV), only when it changed since it was last installed there.
install-packages: $(PY)
	@cmp -s requirements.txt $(INSTALLED_REQUIREMENTS) || { \
		echo "Installing requirements.txt into $(VENV) ..." && \
		{ $(call install_requirements,requirements.txt); } \
		&& cp requirements.txt $(INSTALLED_REQUIREMENTS); }

install: install-packages
	@$(MANAGE) compile_translations

# requirements-dev.txt includes requirements.txt, so one run brings both up to date.
install-dev: $(PY)
	@{ cmp -s requirements.txt $(INSTALLED_REQUIREMENTS) && cmp -s requirements-dev.txt $(INSTALLED_DEV_REQUIREMENTS); } || { \
		echo "Installing requirements-dev.txt into $(VENV) ..." && \
		{ $(call install_requirements,requirements-dev.txt); } \
		&& cp requirements.txt $(INSTALLED_REQUIREMENTS) && cp requirements-dev.txt $(INSTALLED_DEV_REQUIREMENTS); }
	@$(MANAGE) compile_translations

system-packages:
	$(call ensure_debs,$(RUN_DEBS))

system-packages-test:
	$(call ensure_debs,$(TEST_DEBS))

# With DEBUG=1 WhiteNoise serves static files straight from the apps' and the project's
# static folders, so collectstatic is only for production. Each step says what it does and
# skips what is done: the packages when requirements.txt is unchanged, then in one process
# (manage.py prepare_run --serve, from devserver.sh) translations, checks, migrations, the
# SDG framework, the demo and the web server. Python writes its bytecode caches (__pycache__,
# ignored by git) even where PYTHONDONTWRITEBYTECODE is set, as in some containers: without
# them every start compiles some 1,500 modules again, seconds of each start.
run: system-packages install-packages
	@env -u PYTHONDONTWRITEBYTECODE VENV=$(VENV) PORT=$(PORT) vnr_portal/devserver.sh

# The demo database as `make run` prepares it, then tools/screenshots.py starts the
# development server on a free port and signs in as each demo account.
screenshots: system-packages-test install-dev
	@$(MANAGE) prepare_run
	DEBUG=1 $(PY) tools/screenshots.py

# The migrations check runs on SQLite: it compares models with migration files and
# needs no server (on PostgreSQL it would warn that the CI database does not exist).
migrations-check: install
	env -u DATABASE_URL $(MANAGE) makemigrations --check --dry-run

# The tests build their database without migrations (pytest.ini), so this applies every
# migration to an empty database: <name>_migrations beside DATABASE_URL's (PostgreSQL),
# else a temporary SQLite file; dropped afterwards either way.
migrations-apply: install
	DEBUG=1 $(PY) tools/migrations_from_zero.py

# Python's standard library only: no virtualenv needed.
bundle-check:
	@$(or $(PYTHON),python3) tools/editor_checksum.py check && echo "static/js/editor is what frontend/editor builds."

# What the Dockerfile runs after `pip install`, with the same settings, into a throw-away
# folder: compiled translations and collectstatic under the production settings (WhiteNoise's
# manifest fails on a missing file a stylesheet names). CI runs it; no Docker needed.
image-steps: install
	@build=$$(mktemp -d) && trap 'rm -rf "$$build"' EXIT && \
	echo "Dockerfile steps: compile_translations, collectstatic (production settings) ..." && \
	VAR_DIR=$$build/var $(MANAGE) compile_translations && \
	env -u DEBUG SECRET_KEY=image-build-only VAR_DIR=$$build/var STATIC_ROOT=$$build/static \
		$(PY) manage.py collectstatic --noinput -v0 && \
	echo "Static files collected: $$(find $$build/static -type f | wc -l) files."

lint: install-dev
	@$(LINT_SH)

# Cheap checks first, so that a lint error fails in seconds rather than after the tests.
# make's exit status is pytest's: a failure, or 5 if no test ran, fails the target.
test: system-packages-test install-dev lint migrations-check bundle-check migrations-apply
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The tests, then the lint (about a second): both run, and either failing fails the target.
test-fast: install-dev
	@$(PY) -m pytest -m "not e2e" -n $(TEST_WORKERS) $(PYTEST_ARGS); tests=$$?; \
	( $(LINT_SH) ); lint=$$?; \
	if [ $$tests != 0 ]; then exit $$tests; fi; exit $$lint

# In parallel as in make test: each process has its own live server and Chromium.
e2e: system-packages-test install-dev
	$(PY) -m pytest -m e2e -n $(TEST_WORKERS) $(PYTEST_ARGS)

bench: system-packages install
	$(PY) -m bench.run $(BENCH)

# The section editor's bundle (static/js/editor/editor.js) is committed, so run/test need
# no npm; rebuild it with Node.js 20+ after changing frontend/editor/src or package.json.
# The build then records the checksums of its sources and output that bundle-check compares.
editor:
	cd frontend/editor && npm ci && npm run build
	$(or $(PYTHON),python3) tools/editor_checksum.py write
