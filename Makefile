# The two commands of the README: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

export PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test bench soak install lint format lock vendor chromium clean

## run: install, migrate, seed the local tenant's demo directory and serve on http://127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo_tenant
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## test: install what the tests need (Debian chromium included) and run lint and the whole suite
test: install node_modules/.package-lock.json chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

## bench: print the portal's figures against the local tenant, on a database of its own (var/bench.sqlite3)
bench: install
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(BIN)/python manage.py seed_demo_tenant
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(BIN)/python manage.py benchmark

## soak: 300 user actions through the portal while 20% of Graph operations answer 429 or 503, on a database of its
## own (var/soak.sqlite3); SOAK_ARGS passes options, e.g. make soak SOAK_ARGS="--seed 2" (docs/fault-soak.md)
soak: install
	DATABASE_URL=sqlite:///$(CURDIR)/var/soak.sqlite3 $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:///$(CURDIR)/var/soak.sqlite3 $(BIN)/python manage.py seed_demo_tenant
	DATABASE_URL=sqlite:///$(CURDIR)/var/soak.sqlite3 $(BIN)/python manage.py fault_soak $(SOAK_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

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
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache staticfiles
