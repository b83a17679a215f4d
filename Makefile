# The two commands of the README: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PRODUCTION_VENV := var/production-venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The translations: catalogues (.po) in git, compiled (.mo) by make install and scripts/build-production, never
# committed.
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

export PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test test-sqlite test-postgres serve-production soak-production load services-down bench bench-org-index soak install lint format lock vendor \
	messages chromium gettext clean

## run: install, migrate, seed the local tenant's demo directory and serve on http://127.0.0.1:$(PORT), with a worker
## beside it for background work (the organisation index's sync: docs/org-index.md)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo_tenant
	$(BIN)/python manage.py sync_org_index --schedule --delay 5  # once the server below is listening
	$(BIN)/python manage.py db_worker --queue-name org_index,default & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## test: install what the tests need (Debian's chromium, PostgreSQL and Redis included), lint, and run the whole
## suite twice: on SQLite (the embedded default) and on PostgreSQL and Redis with the production build
test: test-sqlite test-postgres

test-sqlite: install node_modules/.package-lock.json chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/hadolint Dockerfile
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# The production build (scripts/build-production, as the Dockerfile runs it) serves tests/production's gunicorn
# instances, so the locked production set alone is proven enough to serve.
test-postgres: install node_modules/.package-lock.json chromium
	scripts/build-production $(PRODUCTION_VENV)
	eval "$$(scripts/services up)" && export DATABASE_URL REDIS_URL=$${REDIS_URL%/0}/1 && \
		CACHE_KEY_PREFIX=interests-portal-test-$$$$ PRODUCTION_PYTHON=$(PRODUCTION_VENV)/bin/python $(BIN)/pytest

## serve-production: the production configuration on this machine, on https://127.0.0.1:8443: the production build
## under gunicorn, on PostgreSQL and Redis from Debian's packages, with the local tenant as a separate process
serve-production: install
	scripts/build-production $(PRODUCTION_VENV)
	eval "$$(scripts/services up)" && export DATABASE_URL REDIS_URL && \
		$(PRODUCTION_VENV)/bin/python manage.py serve_production

## soak-production: the fault soak against the production configuration (make serve-production's), on a database of
## its own; SOAK_ARGS passes options (docs/fault-soak.md)
soak-production: install
	scripts/build-production $(PRODUCTION_VENV)
	eval "$$(scripts/services up)" && export DATABASE_URL="$${DATABASE_URL%/*}/portal_soak" REDIS_URL && \
		scripts/services createdb portal_soak && \
		$(BIN)/python manage.py migrate --noinput -v0 && \
		$(BIN)/python manage.py fault_soak --production $(SOAK_ARGS)

## load: wrk against the production configuration, 100 ms added per Graph request (docs/load.md)
load: install
	@command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends wrk; }
	scripts/build-production $(PRODUCTION_VENV)
	eval "$$(scripts/services up)" && export DATABASE_URL="$${DATABASE_URL%/*}/portal_load" REDIS_URL && \
		scripts/services createdb portal_load && \
		$(PRODUCTION_VENV)/bin/python manage.py load_test $(LOAD_ARGS)

## services-down: stop the PostgreSQL and Redis that scripts/services started
services-down:
	scripts/services down

## bench: print the portal's figures, the portal and the local tenant each a gunicorn process of its own, on SQLite
## files in var/bench/ (docs/benchmarks.md); BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--runs 3"
bench: install
	DJANGO_SECRET_KEY=collectstatic-only-not-a-secret LOCAL_TENANT=0 $(BIN)/python manage.py collectstatic --noinput -v0
	mkdir -p var/bench
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench/tenant.sqlite3 $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench/tenant.sqlite3 $(BIN)/python manage.py benchmark $(BENCH_ARGS)

## bench-org-index: seed a directory of 20,000 people (8 interests each) into the local tenant, sync the organisation
## index from it with 100 ms added per Graph request, and time 1,000 searches on PostgreSQL (docs/benchmarks.md);
## BENCH_ARGS passes options, e.g. make bench-org-index BENCH_ARGS="--users 2000"
bench-org-index: install
	DJANGO_SECRET_KEY=collectstatic-only-not-a-secret LOCAL_TENANT=0 $(BIN)/python manage.py collectstatic --noinput -v0
	mkdir -p var/bench-org-index
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench-org-index/tenant.sqlite3 $(BIN)/python manage.py migrate --noinput -v0
	eval "$$(scripts/services up)" && scripts/services createdb portal_org_index && \
		DATABASE_URL=sqlite:///$(CURDIR)/var/bench-org-index/tenant.sqlite3 $(BIN)/python manage.py \
		benchmark_org_index --portal-database "$${DATABASE_URL%/*}/portal_org_index" $(BENCH_ARGS)

## soak: 300 user actions through the portal while 20% of Graph operations answer 429 or 503, on a database of its
## own (var/soak.sqlite3); SOAK_ARGS passes options, e.g. make soak SOAK_ARGS="--seed 2" (docs/fault-soak.md)
soak: install
	DATABASE_URL=sqlite:///$(CURDIR)/var/soak.sqlite3 $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:///$(CURDIR)/var/soak.sqlite3 $(BIN)/python manage.py seed_demo_tenant
	DATABASE_URL=sqlite:///$(CURDIR)/var/soak.sqlite3 $(BIN)/python manage.py fault_soak $(SOAK_ARGS)

install: $(VENV)/.installed gettext $(MO_FILES)

$(VENV)/.installed: requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

$(MO_FILES) &: $(PO_FILES) | $(VENV)/.installed gettext
	$(BIN)/python manage.py compilemessages -v0

## messages: bring every catalogue (locale/de/…/django.po) up to date with the code and templates, and compile them;
## then translate what is new or marked fuzzy: tests/test_translations.py fails until every catalogue is complete
messages: $(VENV)/.installed gettext
	$(BIN)/python manage.py makemessages --all
	$(BIN)/python manage.py compilemessages

gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
		echo "Installing Debian's gettext for the translations"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends gettext; }

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/hadolint Dockerfile

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# This machine's own package mirrors must not leak into the locks: they install from PyPI anywhere.
LOCK_FLAGS := --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links

## lock: re-resolve the pinned, hashed dependency locks from pyproject.toml
lock: install
	$(BIN)/pip-compile $(LOCK_FLAGS) -o requirements.lock pyproject.toml
	$(BIN)/pip-compile $(LOCK_FLAGS) --extra dev -o requirements-dev.lock pyproject.toml

## vendor: copy the JavaScript the portal serves (pinned in package.json) from node_modules into static/vendor/
vendor: node_modules/.package-lock.json
	cp node_modules/idiomorph/dist/idiomorph-ext.min.js node_modules/idiomorph/LICENSE static/vendor/idiomorph/

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache staticfiles $(MO_FILES)
