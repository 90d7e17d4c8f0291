# Two commands for a new machine: `make run` and `make test`. Each sets up what it needs.
# Production: `make serve` (gunicorn; needs FLASK_SECRET_KEY). Figures: `make bench`.
VENV    ?= .venv
PYTHON  ?= python3
BIN      = $(VENV)/bin
STAMP    = $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
CHROMIUM = /usr/bin/chromium
NGINX    = /usr/sbin/nginx
WRK      = /usr/bin/wrk
SUDO     = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run serve test install lock lint coverage translations extract update compile browser system-deps wrk screenshots bench benchmark clean

run: install compile instance/config.py
	$(BIN)/flask --app webapp run --host 127.0.0.1 --port 5000

# Production server. Never writes a secret: without FLASK_SECRET_KEY (or SECRET_KEY in
# instance/config.py) it stops here, so instances cannot start with different keys.
serve: install compile
	@if [ -z "$$FLASK_SECRET_KEY" ] && [ ! -f instance/config.py ]; then \
	    echo "make serve: FLASK_SECRET_KEY is not set. Set it to a long random string, the same on" >&2; \
	    echo "every instance (python3 -c 'import secrets; print(secrets.token_hex(32))')." >&2; \
	    exit 1; \
	fi
	$(BIN)/gunicorn -c gunicorn.conf.py 'webapp:create_app()'

test: install compile browser system-deps lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

# The same suite under coverage, with the lines no test reaches.
coverage: install compile browser system-deps
	$(BIN)/coverage run -m pytest -q
	$(BIN)/coverage report

install: $(STAMP)

# Exactly the versions in requirements.lock, then the project itself without resolving again.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

# After changing the dependencies in pyproject.toml: pin them again (pip-tools).
lock: install
	$(BIN)/python -m pip install --quiet "pip-tools>=7.4,<8"
	$(BIN)/pip-compile --quiet --extra test --strip-extras --no-emit-index-url --no-emit-find-links \
	    -o requirements.lock pyproject.toml

# A random secret for local use; production sets FLASK_SECRET_KEY itself.
instance/config.py:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" > $@

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

# Debian's nginx for the scale-out test (tests/test_scale_out.py).
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
	$(BIN)/pytest -q tests/browser/test_tour.py --screenshots screenshots

# Under gunicorn, against a Flask hello-world: req/s ratios, p99 and page weights.
bench: install compile wrk
	$(BIN)/python scripts/bench.py

# In-process timings of decide() and of each page `make bench` loads (the WSGI app called directly).
benchmark: install compile
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf $(VENV) instance/config.py screenshots build webapp/translations/*/LC_MESSAGES/*.mo
