"""Fixtures for the real-browser tests.

- ``live_server`` (session): the real app, ``create_app({"SECRET_KEY": "browser-tests",
  "AS_OF": "2026-01-15"})`` with CSRF on, served by werkzeug on 127.0.0.1 and a free port
  in a background thread: the day in the year the cities' documents describe.
- ``projected_server`` (session): the same app on ``PROJECTED_AS_OF`` (2026-12-05), the year
  residents live in, whose dates the cities have not published (issue 27).
- ``chromium`` (session): Debian's /usr/bin/chromium, launched once through
  pytest-playwright's ``playwright`` fixture (Playwright's own browser download does not
  work here, so ``executable_path`` is always set; ``browser_type_launch_args`` is
  overridden too, so that pytest-playwright's own ``page``/``browser`` fixtures would also
  use it).
- ``tabs``: a factory of fresh browser contexts, one page each, on the documented year's
  server or (``year="projected"``) the projected one: a phone viewport (320×568,
  360×640 or 390×844, touch, mobile), JavaScript on or off, and ``bypass_csp`` only where a
  test must add a script or a style element itself (none of the tours does: axe and the
  200 % text go in without one, so the app's own policy stays on). Every context watches its
  pages: a console error, an uncaught exception, a failed request or any 4xx/5xx response
  that the test did not announce fails the test (see pages.Monitor).
- ``screenshot_dir`` (session): the folder of ``--screenshots DIR``, or None.
- ``card_ends`` (session): where each answer card measured ends, {(resident, year, reading):
  px}; with ``--screenshots DIR``, written as a table to DIR/card-ends.md at the end (the
  README's table).

"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.corpus import FIRST_SCREEN_AS_OF, PROJECTED_AS_OF
from webapp import create_app

from .pages import CHROMIUM, CHROMIUM_ARGS, LiveServer, Monitor, Tab, context_options


def serve(as_of: str):
    app = create_app({"SECRET_KEY": "browser-tests", "AS_OF": as_of})
    # Real forms: the CSRF token must travel with every POST, as it does for residents.
    assert app.config.get("WTF_CSRF_ENABLED", True), "CSRF must stay on for the browser tests"
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log in the output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name=f"live-server-{as_of}", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server():
    yield from serve(FIRST_SCREEN_AS_OF)


@pytest.fixture(scope="session")
def projected_server():
    yield from serve(PROJECTED_AS_OF)


@pytest.fixture(scope="session")
def screenshot_dir(pytestconfig) -> Path | None:
    """The folder given with ``--screenshots DIR`` (make screenshots), or None."""
    value = pytestconfig.getoption("screenshots")
    return Path(value).resolve() if value else None


@pytest.fixture(scope="session")
def card_ends(screenshot_dir):
    ends: dict[tuple[str, str, str], float] = {}
    yield ends
    if screenshot_dir and ends:
        names = list(dict.fromkeys(name for name, _, _ in ends))
        columns = list(dict.fromkeys((year, reading) for _, year, reading in ends))
        lines = ["| resident | " + " | ".join(f"{year}, {reading}" for year, reading in columns) + " |",
                 "|---|" + "---:|" * len(columns)]
        lines += [f"| {name} | " + " | ".join(f"{ends[(name, *column)]:.0f}" if (name, *column) in ends else ""
                                               for column in columns) + " |" for name in names]
        screenshot_dir.mkdir(parents=True, exist_ok=True)
        (screenshot_dir / "card-ends.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Only for pytest-playwright's own fixtures, should a test ever use them."""
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def chromium(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def tabs(chromium, live_server, request):
    """tabs(width=360, js=True, bypass_csp=False, height=None, year="documented") -> Tab, in a
    new context (``height`` None: the width's usual phone, VIEWPORTS; ``year="projected"``:
    on the projected year's server)."""
    opened: list[Tab] = []

    def open_tab(width: int = 360, js: bool = True, bypass_csp: bool = False,
                 height: int | None = None, year: str = "documented") -> Tab:
        server = live_server if year == "documented" else request.getfixturevalue("projected_server")
        context = chromium.new_context(**context_options(width, height=height, js=js,
                                                         bypass_csp=bypass_csp))
        context.set_default_timeout(15_000)
        context.set_default_navigation_timeout(15_000)
        monitor = Monitor(context)
        page = context.new_page()
        monitor.watch(page)
        tab = Tab(server, context, page, monitor, width=width, js=js)
        opened.append(tab)
        return tab

    yield open_tab
    problems = []
    for tab in opened:
        tab.monitor.closing = True
        problems += tab.monitor.problems[tab.monitor.reported:]
        tab.context.close()
    assert not problems, "the browser reported problems:\n" + "\n".join(problems)
