"""Shared fixtures for the non-browser tests.

- ``app``: the real app and the real city files, AS_OF fixed to 2025-08-01, CSRF on
  (one for the session, as is ``flow_app``, the same with CSRF off).
- ``client``: a test client for walking the wizard (CSRF off, English pages so that
  assertions can use the source strings).
- ``make_app``: build another app with extra settings (AS_OF, CITY_DATA_DIR, CSRF …).
- ``walk``: post answers through the pages, following the redirects (``walk_household``
  for several people).
- ``html``: a small DOM of a response for assertions on rendered pages (standard
  library only).
- Every app's test client checks each /api/ response against the OpenAPI document
  (tests/api_contract.py); ``api_contract`` hands out the checker.

Helpers are handed out as fixtures (``walk``, ``post_answer``, ``html``) rather than
imported, so that another conftest.py further down cannot shadow them.

Browser tests keep their own fixtures in tests/browser/conftest.py.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from flask import Flask

from tests.api_contract import CONTRACT, ContractClient
from webapp import create_app
from webapp.questions import USUAL

BASE_CONFIG = {"SECRET_KEY": "test", "TESTING": True, "AS_OF": "2025-08-01"}


@pytest.fixture(scope="session", autouse=True)
def _every_api_response_follows_the_contract():
    """Flask's own hook for the test client class, set for every app the tests build (also
    those made with create_app directly), so no API answer escapes the check."""
    before = Flask.test_client_class
    Flask.test_client_class = ContractClient
    yield
    Flask.test_client_class = before


@pytest.fixture(scope="session")
def api_contract():
    return CONTRACT


def build_app(**overrides):
    return create_app({**BASE_CONFIG, **overrides})


def app_with_test_cities(tmp_path_factory, **config):
    """An app serving the built-in cities and every test city (tests/cities/*.yaml, copied
    to a folder of its own, as a city's clerk would add them)."""
    from tests.corpus import TEST_CITIES
    folder = tmp_path_factory.mktemp("cities")
    for path in TEST_CITIES.glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    return create_app({"SECRET_KEY": "test", "TESTING": True, "CITY_DATA_DIR": str(folder), **config})


@pytest.fixture
def make_app():
    """create_app with BASE_CONFIG plus ``overrides``: a new app of the test's own."""
    return build_app


# Building an app reads and checks every city file: done once per session for the two
# apps most tests share. Tests only make requests through them (each with a new test
# client, so a new cookie jar); a test that needs other settings or its own routes builds
# its own app with make_app. (Flask refuses a new route on an app that has already served
# a request, so a test adding one to a shared app fails loudly.)
@pytest.fixture(scope="session")
def app():
    return build_app()


@pytest.fixture(scope="session")
def flow_app():
    return build_app(WTF_CSRF_ENABLED=False)


def english(client):
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def client(flow_app):
    return english(flow_app.test_client())


@pytest.fixture
def csrf_client(app):
    """A client of the app with CSRF protection on."""
    return english(app.test_client())


# --- walking the wizard ------------------------------------------------------------------

def birth_form(value) -> dict:
    """The birth-date form for a value: "1956-04-01" (Western calendar), the fields as typed
    (era, year, month, day), as the browser tests give them, or a dict."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple):
        return dict(zip(("era", "year", "month", "day"), value, strict=True))
    year, month, day = str(value).split("-")
    return {"era": "seireki", "year": year, "month": str(int(month)), "day": str(int(day))}


@dataclass
class Walk:
    city: str
    visited: list[str] = field(default_factory=list)  # the question steps asked, in order
    locations: list[str] = field(default_factory=list)  # every redirect Location
    last: object = None  # the last response

    @property
    def at(self) -> str:
        return self.locations[-1] if self.locations else ""


def step_of(url: str, city: str) -> str | None:
    prefix = f"/{city}/q/"
    return url[len(prefix):] if url.startswith(prefix) else None


def post_step(client, city: str, step: str, value, walk: Walk | None = None):
    """POST one answer; returns the response (a redirect when it was accepted)."""
    if step == "birth_date":
        data = birth_form(value)
    else:
        data = {} if value is None else {"answer": value}
    response = client.post(f"/{city}/q/{step}", data=data)
    if walk is not None:
        walk.last = response
        if response.status_code in (301, 302, 303):
            walk.locations.append(response.headers["Location"])
    return response


def walk_wizard(client, city: str, answers: Mapping[str, object], *, start: bool = True) -> Walk:
    """Answer whatever question the wizard asks next, from ``answers``, until the check
    page. A question asked but missing from ``answers`` fails the test; an answer given
    but never asked is reported in ``walk.visited`` (compare it to what you expect).
    ``None`` as a value posts no answer at all (the optional question)."""
    walk = Walk(city)
    if start:
        assert client.get(f"/{city}/").status_code == 200
    url = f"/{city}/q/birth_date"
    for _ in range(20):
        step = step_of(url, city)
        if step is None:
            break
        page = client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        # A question the test does not name gets its usual answer (questions.USUAL).
        assert step in answers or step in USUAL, f"the wizard asked {step!r}, which has no usual answer"
        walk.visited.append(step)
        response = post_step(client, city, step, answers[step] if step in answers else USUAL[step], walk)
        assert response.status_code == 302, (step, response.status_code,
                                              response.get_data(as_text=True)[:2000])
        url = response.headers["Location"]
    else:  # pragma: no cover
        pytest.fail("the wizard did not end")
    assert url == f"/{city}/check", url
    return walk


def walk_household(client, city: str, people, *, last: str = "result") -> list[str]:
    """Start a household and walk each person through the question pages; on each check
    page choose "Add another person", and ``last`` after the last one. Returns every
    redirect seen."""
    response = client.post(f"/{city}/household/start")
    assert response.status_code == 302
    locations = [response.headers["Location"]]
    for number, answers in enumerate(people, start=1):
        locations += walk_wizard(client, city, answers, start=False).locations
        then = "add" if number < len(people) else last
        response = client.post(f"/{city}/household/save", data={"then": then})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        locations.append(response.headers["Location"])
    return locations


@pytest.fixture
def walk():
    """walk(client, city, answers) -> Walk; see walk_wizard."""
    return walk_wizard


@pytest.fixture
def post_answer():
    """post_answer(client, city, step, value) -> response; see post_step."""
    return post_step


# --- reading the answers cookie ----------------------------------------------------------

def read_session_cookie(app, value: str) -> object:
    """The JSON in an answers cookie, read with the app's keys, whatever its age (see
    webapp/web/session.py; ``decode`` also gives when it was made and last written)."""
    from webapp.web.session import app_keys, decode
    return decode(value, *app_keys(app)).data


@pytest.fixture
def session_of():
    """session_of(app, client) -> the client's session content, or None without a cookie."""
    def read(app, client):
        cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
        return None if cookie is None else read_session_cookie(app, cookie.value)
    return read


# --- reading HTML --------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)
    parent: Node | None = None

    @property
    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return " ".join(" ".join(parts).split())

    def iter(self) -> Iterable[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs) -> list[Node]:
        """Nodes with this tag whose attributes match; class_ matches one class."""
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            ok = True
            for name, want in attrs.items():
                if name == "class_":
                    if want not in (node.attrs.get("class") or "").split():
                        ok = False
                elif node.attrs.get(name) != want:
                    ok = False
            if ok:
                found.append(node)
        return found

    def find(self, tag: str | None = None, **attrs) -> Node | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: ("" if v is None else v) for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(
            Node(tag, {k: ("" if v is None else v) for k, v in attrs}, parent=self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


# The spans that keep a day on one line (datefmt.kept_whole) are presentation only: tests
# read a page's words without them (tests/test_result_page.py checks them on the raw page).
DAY_SPAN = re.compile(r'<span class="date">(.*?)</span>', re.S)


def without_day_spans(text: str) -> str:
    return DAY_SPAN.sub(r"\1", text)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(without_day_spans(text))
    builder.close()
    return builder.root


@pytest.fixture
def html():
    """html(response) -> the parsed page (a Node)."""
    return lambda response: parse_html(response.get_data(as_text=True))



def pytest_addoption(parser):
    parser.addoption(
        "--extra-cities", metavar="DIR", default=None,
        help="serve DIR's city files (and the texts beside them) as built-in ones too, as if a clerk had "
             "added them to webapp/data/cities/ (make test-fast EXTRA_CITIES=DIR): no test may turn red")
    parser.addoption(
        "--screenshots", metavar="DIR", default=None,
        help="the browser tour (tests/browser/test_tour.py) also writes a full-page "
             "screenshot of every page it visits into DIR (make screenshots)")


def pytest_configure(config):
    """--extra-cities: the built-in cities' folder, for this process, is a copy of the real
    one with DIR's files added (the real folder is never written)."""
    extra = config.getoption("--extra-cities")
    if not extra:
        return
    import shutil
    import tempfile
    from pathlib import Path

    from webapp import citydata
    folder = Path(tempfile.mkdtemp(prefix="hoken-cities-"))
    shutil.copytree(citydata.CITIES_DIR, folder, dirs_exist_ok=True)
    shutil.copytree(extra, folder, dirs_exist_ok=True)
    citydata.CITIES_DIR = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
