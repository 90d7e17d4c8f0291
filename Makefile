# Two commands for a new machine: `make run` and `make test`. Each sets up what it needs.
VENV    ?= .venv
PYTHON  ?= python3
BIN      = $(VENV)/bin
STAMP    = $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
CHROMIUM = /usr/bin/chromium
SUDO     = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install translations extract update compile browser screenshots benchmark clean

run: install compile instance/config.py
	$(BIN)/flask --app webapp run --host 127.0.0.1 --port 5000

test: install compile browser
	$(BIN)/pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

# A random secret for local use; production sets FLASK_SECRET_KEY itself.
instance/config.py:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" > $@

# The pybabel cycle: extract the source strings, merge them into each catalog, compile.
extract: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --no-location \
	    --sort-output --omit-header --no-wrap -o translations/messages.pot .

update: extract
	$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete --no-wrap \
	    -i translations/messages.pot -d translations

compile: install
	$(BIN)/pybabel -q compile --statistics -d translations

translations: update compile

# Debian's Chromium and Japanese fonts for the browser tests (Playwright's own download
# does not work here).
browser:
	@if [ ! -x $(CHROMIUM) ] || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

screenshots: install compile browser
	$(BIN)/pytest -q tests/browser/test_tour.py --screenshots screenshots

benchmark: install compile
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf $(VENV) instance/config.py screenshots translations/*/LC_MESSAGES/*.mo
