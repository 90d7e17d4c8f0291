# Two commands for a new machine: `make run` and `make test`. Each sets up what it needs.
# Production: `make serve-build` once, then `make serve` or deploy/systemd/ (gunicorn; needs FLASK_SECRET_KEY). Figures: `make bench`.
VENV       ?= .venv
SERVE_VENV ?= .venv-serve
PYTHON     ?= python3
BIN         = $(VENV)/bin
SERVE_BIN   = $(SERVE_VENV)/bin
# Development and tests install requirements-dev.lock; `make serve-build` only requirements.lock.
DEV_LOCK    = requirements-dev.lock
SERVE_LOCK  = requirements.lock
STAMP       = $(VENV)/.installed-$(shell cat pyproject.toml $(DEV_LOCK) | cksum | cut -d' ' -f1)
SERVE_STAMP = $(SERVE_VENV)/.installed-$(shell cat pyproject.toml $(SERVE_LOCK) | cksum | cut -d' ' -f1)
# The first line of the key `make run` writes for local use; `make serve` will not use it.
RUN_KEY_MARK = \# written by make run: a key for this machine only, never for production
CHROMIUM = /usr/bin/chromium
NGINX    = /usr/sbin/nginx
WRK      = /usr/bin/wrk
SUDO     = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run serve serve-build serve-key install-serve error-pages test test-fast install lock lint coverage translations extract update compile browser system-deps wrk screenshots bench bench-cities benchmark clean

run: install compile instance/config.py
	$(BIN)/flask --app webapp run --host 127.0.0.1 --port 5000

# Production: `make serve-build` once per release (the serving lock only, in its own
# .venv-serve, and the catalogs), then `make serve` per instance, which installs and writes
# nothing, so two instances start at once without racing (deploy/systemd/ runs the same
# gunicorn command). It never writes a secret, and it will not start on the key `make run`
# wrote into instance/config.py for local use (unless USE_RUN_KEY=1): every instance runs on
# the key it is given.
serve-build: install-serve
	$(SERVE_BIN)/python scripts/catalogs.py compile
	@# The city files checked once (instance/city-build.bin, webapp/citybuild.py): instances read it.
	$(SERVE_BIN)/python -m webapp.staff build
	@# The static files' build (instance/static-build/, webapp/assets.py), which start-up then only reads.
	FLASK_SECRET_KEY=serve-build $(SERVE_BIN)/python -c 'from webapp import create_app; create_app()'

serve: serve-key
	@test -x $(SERVE_BIN)/gunicorn && test -f webapp/translations/ja/LC_MESSAGES/messages.mo \
	    && test -d instance/static-build || \
	    { echo "make serve: nothing is built yet: run 'make serve-build' once first" >&2; exit 1; }
	exec $(SERVE_BIN)/gunicorn -c gunicorn.conf.py 'webapp:create_app()'

serve-key:
	@if [ -z "$$FLASK_SECRET_KEY" ]; then \
	    if [ ! -f instance/config.py ]; then \
	        echo "make serve: FLASK_SECRET_KEY is not set. Set it to a long random string, the same on" >&2; \
	        echo "every instance (python3 -c 'import secrets; print(secrets.token_hex(32))')." >&2; \
	        exit 1; \
	    fi; \
	    if [ "$(USE_RUN_KEY)" != 1 ] && { grep -q "^$(RUN_KEY_MARK)" instance/config.py || \
	            ! grep -qv "^SECRET_KEY = '[0-9a-f]\{64\}'$$" instance/config.py; }; then \
	        echo "make serve: FLASK_SECRET_KEY is not set, and instance/config.py holds the key" >&2; \
	        echo "\`make run\` wrote for this machine. Set FLASK_SECRET_KEY, the same on every instance" >&2; \
	        echo "(or run \`make serve USE_RUN_KEY=1\` to serve with that key on purpose)." >&2; \
	        exit 1; \
	    fi; \
	fi

# On every core (pytest-xdist; the production tests on one worker, their cluster started
# once), then the 15 slowest tests. .venv-serve first: `make serve` runs from it in the tests.
PYTEST_PARALLEL = -n auto --dist loadgroup --durations=15
test: install install-serve compile browser system-deps lint
	$(BIN)/pytest $(PYTEST_PARALLEL)

# Without the browser and nginx, for quick rounds while working (`make test` runs it all).
# EXTRA_CITIES=DIR: DIR's city files served as built-in ones too (.ci/run: tests/cities).
test-fast: install install-serve compile lint
	$(BIN)/pytest $(PYTEST_PARALLEL) --ignore=tests/browser --ignore=tests/production \
	    $(if $(EXTRA_CITIES),--extra-cities $(EXTRA_CITIES))

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

# The same suite under coverage, with the lines no test reaches.
coverage: install compile browser system-deps
	$(BIN)/coverage run -m pytest -q
	$(BIN)/coverage report

install: $(STAMP)
install-serve: $(SERVE_STAMP)

# Exactly the versions in a lock, then the project itself without resolving again.
define setup
	$(PYTHON) -m venv $(1)
	$(1)/bin/python -m pip install --quiet --upgrade pip
	$(1)/bin/python -m pip install --quiet -r $(2)
	$(1)/bin/python -m pip install --quiet --no-deps -e .
	rm -f $(1)/.installed-*
	touch $@
endef

$(STAMP): pyproject.toml $(DEV_LOCK)
	$(call setup,$(VENV),$(DEV_LOCK))

$(SERVE_STAMP): pyproject.toml $(SERVE_LOCK)
	$(call setup,$(SERVE_VENV),$(SERVE_LOCK))

# After changing the dependencies in pyproject.toml: pin them again (pip-tools), the serving
# lock first; the development lock keeps the same versions of what both install.
lock: install
	$(BIN)/python -m pip install --quiet "pip-tools>=7.4,<8"
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
	    -o $(SERVE_LOCK) pyproject.toml
	$(BIN)/pip-compile --quiet --extra test --strip-extras --no-emit-index-url --no-emit-find-links \
	    --constraint $(SERVE_LOCK) -o $(DEV_LOCK) pyproject.toml

# A random secret for local use; production sets FLASK_SECRET_KEY itself.
instance/config.py:
	mkdir -p instance
	echo "$(RUN_KEY_MARK)" > $@
	$(BIN)/python -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" >> $@

# The pybabel cycle: extract the source strings, merge them into each catalog, compile.
# (the flags live in scripts/catalogs.py, which the translation tests use too)
extract update compile: install
	$(BIN)/python scripts/catalogs.py $@

translations: update compile

# Debian's Chromium and Japanese fonts for the browser tests (Playwright's own download
# does not work here).
browser:
	@if [ ! -x $(CHROMIUM) ] || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# Debian's nginx for the production test (tests/production/).
system-deps:
	@if [ ! -x $(NGINX) ]; then \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx >/dev/null; \
	fi

# Debian's wrk drives the load in `make bench`.
wrk:
	@if [ ! -x $(WRK) ]; then \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; \
	fi

screenshots: install compile browser
	$(BIN)/pytest -q tests/browser/test_tour.py tests/browser/test_answer_card.py -k "every_page or first_screen" --screenshots screenshots

# Under gunicorn, against a Flask hello-world: req/s ratios, p99 and page weights.
# `make bench AGAINST=<git ref>`: this tree beside that ref (built in build/against/), in one sitting.
bench: install compile wrk
	$(BIN)/python scripts/bench.py $(if $(AGAINST),--against $(AGAINST))

# One deployment for many cities: N copies of the test city, start time, memory, answer time.
bench-cities: install compile
	$(BIN)/python scripts/bench_cities.py $(or $(N),1700)

# In-process timings of decide() and of each page `make bench` loads (the WSGI app called directly).
benchmark: install compile
	$(BIN)/python scripts/benchmark.py

# The pages nginx answers with itself (deploy/errors/), from their texts in the script.
error-pages: install
	$(BIN)/python scripts/error_pages.py

clean:
	rm -rf $(VENV) $(SERVE_VENV) instance/config.py screenshots build webapp/translations/*/LC_MESSAGES/*.mo
