"""The production set-up as a city runs it (docs/deploying.md), walked end to end over HTTPS:
Chromium takes one resident and one household to their results; then, under a bounded load
of residents and API clients (POSTs included), one instance is restarted and the key is
rotated in two rounds, one instance at a time. No client sees anything but 2xx/3xx, every
walk keeps its answers, and the browser finds its results unchanged afterwards.
"""
from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest

from tests.browser.pages import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    Monitor,
    Tab,
    answer_questions,
    button,
    context_options,
    open_city,
    see_result,
    squash,
)
from tests.corpus import HOUSEHOLD, HOUSEHOLD_CITY
from webapp import create_app

from .cluster import AS_OF, TOKEN, Client, Cluster

pytestmark = [pytest.mark.system, pytest.mark.browser]

# (city, birth-date form, answers): residents of both cities, with and without a card.
WALKS = (
    ("yamagata", {"era": "showa", "year": "31", "month": "3", "day": "1"},
     {"my_number_card": "held", "insurance_registration": "unknown", "restricted_view": "no",
      "care_need": "yes", "employer_insurance": "yes", "wants_deregistration": "yes"}),
    ("shiroishi", {"era": "seireki", "year": "1954", "month": "9", "day": "1"},
     {"my_number_card": "none", "employer_insurance": "no"}),
    ("yamagata", {"era": "heisei", "year": "2", "month": "5", "day": "20"},
     {"my_number_card": "lost", "insurance_registration": "registered", "restricted_view": "yes",
      "employer_insurance": "no", "wants_deregistration": "no"}),
)
API_BODIES = (
    ("yamagata", {"birth_date": "1956-03-01", "my_number_card": "held", "insurance_registration": "registered"}),
    ("shiroishi", {"members": [{"birth_date": "1954-09-01", "my_number_card": "none"},
                               {"birth_date": "1980-01-02", "my_number_card": "held",
                                "insurance_registration": "not_registered"}], "lang": "en"}),
)
WALKERS, API_CLIENTS = 16, 4
PAUSE = {"walk": 0.2, "api": 0.3}  # seconds between a client's requests: under nginx's limits


def without_tokens(html: str) -> str:
    return TOKEN.sub('name="csrf_token" value=""', html)


@dataclass
class Expected:
    """The pages and answers each walk must end with, made in this process."""
    check: dict[int, str] = field(default_factory=dict)
    result: dict[int, str] = field(default_factory=dict)
    api: dict[int, object] = field(default_factory=dict)


def expected_pages() -> Expected:
    app = create_app({"SECRET_KEY": "in-process", "AS_OF": AS_OF, "WTF_CSRF_ENABLED": False})
    found = Expected()
    for number, (city, birth, answers) in enumerate(WALKS):
        client = app.test_client()
        client.post(f"/{city}/q/birth_date", data=birth)
        for step, value in answers.items():
            assert client.post(f"/{city}/q/{step}", data={"answer": value}).status_code == 302
        found.check[number] = without_tokens(client.get(f"/{city}/check").get_data(as_text=True))
        found.result[number] = without_tokens(client.get(f"/{city}/result").get_data(as_text=True))
    for number, (city, body) in enumerate(API_BODIES):
        response = app.test_client().post(f"/api/v1/{city}/outcome", json={"as_of": AS_OF, **body})
        assert response.status_code == 200
        found.api[number] = response.get_json()
    return found


class Load:
    """Residents walking the wizard again and again, and API clients, each from an address
    of its own, until stopped. Every answer other than 2xx/3xx, every page that is not the
    expected one, every failed connection is a problem."""

    def __init__(self, cluster: Cluster, expected: Expected):
        self.cluster = cluster
        self.expected = expected
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.methods: Counter = Counter()
        self.problems: list[str] = []
        self.walks = 0
        self.threads = [threading.Thread(target=self.run, args=(self.walk, n), daemon=True)
                        for n in range(WALKERS)]
        self.threads += [threading.Thread(target=self.run, args=(self.api, n), daemon=True)
                         for n in range(API_CLIENTS)]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def run(self, work, number: int) -> None:
        client = self.cluster.client(f"127.0.0.{10 + number + (WALKERS if work == self.api else 0)}")
        while not self.stop.is_set():
            try:
                work(client, number)
            except Exception as error:  # every failure is reported; none stops the load
                self.problem(f"{type(error).__name__}: {error}")
        client.close()

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)

    def send(self, kind: str, method: str, path: str, do, *args):
        """``do(path, *args)`` at the client's pace; counts the answer, raises on a 4xx/5xx."""
        time.sleep(PAUSE[kind])
        response = do(path, *args)
        with self.lock:
            self.statuses[response.status] += 1
            self.methods[method] += 1
        if not 200 <= response.status < 400:
            raise AssertionError(f"{response.status} for {method} {path}")
        return response

    def walk(self, client: Client, number: int) -> None:
        which = number % len(WALKS)
        city, birth, answers = WALKS[which]
        at, fields = f"/{city}/q/birth_date", birth
        while at.startswith(f"/{city}/q/"):
            token = self.send("walk", "GET", at, client.get).token()
            fields = fields or {"answer": answers[at.rsplit("/", 1)[-1]]}
            sent = self.send("walk", "POST", at, client.post_form, fields, token)
            assert sent.status == 302, (at, sent.status)
            at, fields = sent.location, None
        assert at == f"/{city}/check", at
        check = self.send("walk", "GET", at, client.get)
        if without_tokens(check.text) != self.expected.check[which]:
            raise AssertionError(f"walk {which}: the check page lost or changed its answers")
        result = self.send("walk", "GET", f"/{city}/result", client.get)
        if without_tokens(result.text) != self.expected.result[which]:
            raise AssertionError(f"walk {which}: the result page differs")
        self.send("walk", "POST", f"/{city}/restart", client.post_form, {}, result.token())
        with self.lock:
            self.walks += 1

    def api(self, client: Client, number: int) -> None:
        which = number % len(API_BODIES)
        city, body = API_BODIES[which]
        path = f"/api/v1/{city}/outcome"
        answer = self.send("api", "POST", path, client.post_json, {"as_of": AS_OF, **body})
        if json.loads(answer.body) != self.expected.api[which]:
            raise AssertionError(f"API answer {which} differs")


# --- the browser ------------------------------------------------------------------------------

BROWSER_RESIDENT = ("yamagata", {"birth_date": ("showa", "23", "4", "2"), "my_number_card": "held",
                                 "insurance_registration": "registered", "restricted_view": "no",
                                 "care_need": "no", "employer_insurance": "no"})


def browser_tab(browser, cluster: Cluster, app) -> Tab:
    """A phone in Japanese, trusting this test's certificate authority only by exception."""
    context = browser.new_context(**context_options(360), ignore_https_errors=True)
    context.set_default_timeout(20_000)
    monitor = Monitor(context)
    page = context.new_page()
    monitor.watch(page)
    return Tab(LiveServer(app, cluster.base), context, page, monitor, width=360, js=True)


def walk_one(tab: Tab) -> str:
    city, answers = BROWSER_RESIDENT
    open_city(tab, city, "ja")
    answer_questions(tab, city, answers)
    see_result(tab, city)
    return squash(tab.page.locator("main").text_content())  # folded sections too


def walk_household(tab: Tab) -> str:
    tab.goto(f"/{HOUSEHOLD_CITY}/")
    tab.nav(button(tab, "Answer for several people in your household"))
    answer_questions(tab, HOUSEHOLD_CITY, HOUSEHOLD[0])
    tab.nav(button(tab, "Add another person"))
    answer_questions(tab, HOUSEHOLD_CITY, HOUSEHOLD[1])
    tab.nav(button(tab, "See the household result"))
    assert tab.path == f"/{HOUSEHOLD_CITY}/household/result"
    assert tab.page.locator("details.person").count() == 2
    return squash(tab.page.locator("main").text_content())  # folded sections too


def reopened(tab: Tab, path: str) -> str:
    tab.goto(path)
    return squash(tab.page.locator("main").text_content())  # folded sections too


@pytest.fixture(scope="module")
def chromium_browser(playwright):
    found = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield found
    found.close()


@pytest.mark.load
def test_restarts_and_a_key_rotation_under_load_lose_no_request_and_no_answer(cluster, chromium_browser):
    one, two = cluster.instances
    app = create_app({"SECRET_KEY": "in-process", "AS_OF": AS_OF})
    resident, household = (browser_tab(chromium_browser, cluster, app) for _ in range(2))
    result = walk_one(resident)
    household_result = walk_household(household)
    assert resident.page.url.startswith("https://")

    load = Load(cluster, expected_pages())
    load.start()
    try:
        time.sleep(2)
        cluster.restart(two, "old")  # a graceful restart, the same key
        # The key changes in two rounds, one instance at a time (docs/deploying.md, Changing the key):
        # first the new key is read everywhere, then it becomes the key.
        for secret, fallbacks in (("old", ["new"]), ("new", ["old"])):
            for instance in (two, one):
                cluster.restart(instance, secret, fallbacks)
        time.sleep(2)
    finally:
        load.finish()

    total = sum(load.statuses.values())
    summary = f"{total} requests, {dict(load.statuses)}, {dict(load.methods)}, {load.walks} walks"
    assert not load.problems, f"{summary}; {len(load.problems)} problems, e.g. {load.problems[:5]}"
    assert set(load.statuses) <= {200, 302}, summary
    assert total >= 2000 and load.methods["POST"] >= 600 and load.walks >= 100, summary
    for instance in (one, two):  # both answered after the last restart
        assert instance.proxied_requests() > 0, instance.name

    # The browser's answers were made under the old key only: still read, unchanged.
    assert reopened(resident, f"/{BROWSER_RESIDENT[0]}/result") == result
    assert reopened(household, f"/{HOUSEHOLD_CITY}/household/result") == household_result
    for tab in (resident, household):
        tab.monitor.assert_clean()
        tab.context.close()
