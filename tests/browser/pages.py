"""What the browser tests share: the browser set-up, a watched tab, the wizard walked
through its real pages, a household of two walked through them, the outcome kinds with
their expected papers, a tour of every page, and the in-page checks (layout, targets, text
size, focus). The data all suites share (cities, languages) is in tests/corpus.py.

Text is never hard-coded in Japanese: the expected words come from the app's own catalog
through ``LiveServer.t``, looked up by their English source strings. Dates are formatted
here, independently of the app, in both languages.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from flask_babel import force_locale, gettext

from tests.conftest import walk_household, walk_wizard
from tests.corpus import HOUSEHOLD
from tests.corpus import HOUSEHOLD_CITY as HOUSEHOLD_CITY
from tests.corpus import LANGS as LANGS  # the browser modules take them from here
from tests.corpus import PAGE_LANGS as PAGE_LANGS
from tests.expected import ACTION_TITLES, STEPS
from webapp import create_app
from webapp.languages import LOCALES
from webapp.questions import USUAL, YES_NO_NAMES

CHROMIUM = "/usr/bin/chromium"
# Root needs --no-sandbox; the rest keep Chromium off the (closed) network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
VIEWPORTS = {320: 568, 360: 640, 390: 844}
WIDTHS = tuple(VIEWPORTS)
# The phone of issue 17's measures: what a resident sees without scrolling is 740 px tall.
PHONE = (360, 740)
LANGUAGE_LINKS = {"ja": "日本語", "ja-easy": "やさしい日本語", "en": "English"}  # the header link to it


def context_options(width: int, *, height: int | None = None, js: bool = True,
                    bypass_csp: bool = False) -> dict:
    size = {"width": width, "height": height or VIEWPORTS[width]}
    return dict(viewport=size, screen=size, is_mobile=True, has_touch=True,
                device_scale_factor=1, java_script_enabled=js, bypass_csp=bypass_csp,
                locale="ja-JP", timezone_id="Asia/Tokyo")


# --- the server and its words ----------------------------------------------------------------

class LiveServer:
    def __init__(self, app, url: str):
        self.app = app
        self.url = url

    def t(self, lang: str, msgid: str, **params) -> str:
        """The page's words for a source string, from the app's own catalog."""
        with self.app.test_request_context("/"), force_locale(LOCALES[lang]):
            return gettext(msgid, **params)

    def city_name(self, city: str, lang: str) -> str:
        return self.app.extensions["loaded_data"].cities[city].name[lang]

    @cached_property
    def twin(self):
        """The same app (its key, its day) with CSRF off, for walks made in-process."""
        return create_app({"SECRET_KEY": self.app.config["SECRET_KEY"], "AS_OF": str(self.app.config["AS_OF"]),
                           "WTF_CSRF_ENABLED": False})

    def answers_cookie(self, city: str, *people: Mapping[str, object]) -> str:
        """The session cookie a walk through the pages leaves: one person's answers, or a
        household's (then on its result), each with the usual answer for any not named. The
        walk is made in-process, so that a layout test loads one page, not the whole wizard
        (walking the real pages in Chromium is test_walks' and test_household's job)."""
        client = self.twin.test_client()
        if len(people) == 1:
            walk_wizard(client, city, people[0])
        else:
            walk_household(client, city, people)
        return client.get_cookie("session").value


ERA_STARTS = ((date(2019, 5, 1), "令和"), (date(1989, 1, 8), "平成"), (date(1926, 12, 25), "昭和"))
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def shown_date(day: date, lang: str) -> str:
    """How a date reads on the pages: 令和8年7月31日（2026年7月31日） / 31 July 2026."""
    if lang == "en":
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    start, era = next((start, era) for start, era in ERA_STARTS if day >= start)
    year = day.year - start.year + 1
    return (f"{era}{'元' if year == 1 else year}年{day.month}月{day.day}日"
            f"（{day.year}年{day.month}月{day.day}日）")


def squash(text: str) -> str:
    return " ".join(text.split())


# --- watching a tab ----------------------------------------------------------------------

_FAVICONS_SEEN: set[str] = set()


class Monitor:
    """Collects console errors, page errors, failed requests and error responses."""

    def __init__(self, context):
        self.problems: list[str] = []
        self.expected: set[tuple[str, int]] = set()  # (path, status) a test announced
        self.closing = False
        self.reported = 0  # problems already raised by assert_clean
        context.on("response", self._response)
        context.on("requestfailed", self._failed)

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._add(f"uncaught exception: {error}"))

    def expect(self, path: str, status: int) -> None:
        self.expected.add((path, status))

    def _add(self, problem: str) -> None:
        if not self.closing:
            self.problems.append(problem)

    def _console(self, message) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        status = re.match(r"Failed to load resource: the server responded with a status of (\d+)",
                          message.text)
        if status and (urlsplit(url).path, int(status[1])) in self.expected:
            return  # Chromium's own note about an error page the test asked for
        self._add(f"console error: {message.text} ({url})")

    def _response(self, response) -> None:
        path = urlsplit(response.url).path
        if response.status >= 400 and (path, response.status) not in self.expected:
            self._add(f"HTTP {response.status} for {response.request.method} {response.url}")

    def _failed(self, request) -> None:
        if request.failure == "net::ERR_ABORTED" and re.search(r"/favicon(\.[0-9a-f]+)?\.svg$", request.url):
            # Chromium fetches the icon after the load event and drops the fetch when the
            # next page starts: the test moved on, the icon is fine (Tab.loaded checks it).
            return
        self._add(f"request failed: {request.method} {request.url}: {request.failure}")

    def assert_clean(self) -> None:
        new, self.reported = self.problems[self.reported:], len(self.problems)
        assert not new, "the browser reported problems:\n" + "\n".join(new)


@dataclass
class Tab:
    """One browser context with one page, and the moves a resident makes in it."""

    server: LiveServer
    context: object
    page: object
    monitor: Monitor
    width: int
    js: bool

    # -- where we are
    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    @property
    def lang(self) -> str:
        """The language chosen (its cookie): やさしい日本語 is lang="ja" on the page."""
        chosen = {cookie["name"]: cookie["value"] for cookie in self.context.cookies()}.get("lang")
        return chosen or self.page.locator("html").get_attribute("lang")

    def t(self, msgid: str, **params) -> str:
        return self.server.t(self.lang, msgid, **params)

    # -- moving
    def goto(self, path: str, status: int = 200):
        if status != 200:
            self.monitor.expect(path, status)
        response = self.page.goto(self.server.url + path)
        assert response.status == status, (path, response.status)
        self.loaded()
        return response

    def nav(self, locator, *, status: int | None = None, key: str | None = None):
        """Click (or press ``key`` on) something that loads a new page; wait for it."""
        with self.page.expect_navigation(wait_until="load") as info:
            if key:
                locator.press(key) if locator is not None else self.page.keyboard.press(key)
            else:
                locator.click()
        response = info.value
        if status is not None:
            assert response is not None and response.status == status, (self.page.url, status)
        self.loaded()
        return response

    def back(self):
        self.page.go_back(wait_until="load")
        self.loaded()

    def loaded(self) -> None:
        """Every page: no problem reported so far, and a favicon that loads."""
        self.monitor.assert_clean()
        icon = self.page.locator("link[rel=icon]")
        assert icon.count() == 1, f"{self.page.url} has no favicon link"
        url = urljoin(self.page.url, icon.get_attribute("href"))
        if url not in _FAVICONS_SEEN:
            response = self.context.request.get(url)
            assert response.status == 200, (url, response.status)
            assert "image/svg+xml" in response.headers.get("content-type", ""), url
            _FAVICONS_SEEN.add(url)


# --- the wizard --------------------------------------------------------------------------

Birth = tuple[str, str, str, str]  # (era key, year, month, day) as typed


def choose_language(tab: Tab, lang: str) -> None:
    """Use the header link, as a resident would; the lang cookie keeps the choice."""
    if tab.lang != lang:
        tab.nav(tab.page.get_by_role("link", name=LANGUAGE_LINKS[lang], exact=True))
    assert tab.lang == lang
    if tab.page.locator("html.furigana").count():
        # The walks find links and buttons by their words, which ruby reads out in
        # Playwright's names: they walk without it; the tests of ruby turn it back on.
        switch_furigana(tab, False)


def switch_furigana(tab: Tab, on: bool) -> None:
    """The header's ふりがな link, found by where it goes (its name is read with ruby)."""
    tab.nav(tab.page.locator(f"[data-switch-furigana={'on' if on else 'off'}]"))
    assert (tab.page.locator("html.furigana").count() == 1) == on


def open_city(tab: Tab, city: str, lang: str) -> None:
    """From the home page to the first question of ``city``, in ``lang``."""
    tab.goto("/")
    choose_language(tab, lang)
    tab.nav(tab.page.get_by_role("link", name=tab.server.city_name(city, lang), exact=True))
    assert tab.path == f"/{city}/"
    tab.nav(tab.page.get_by_role("link", name=tab.t("Start now"), exact=True))
    assert tab.path == f"/{city}/q/birth_date"


def click_label_of(tab: Tab, radio) -> None:
    """Pick a radio by clicking its label (the big target residents use)."""
    tab.page.locator(f"label[for='{radio.get_attribute('id')}']").click()
    assert radio.is_checked()


def pick(tab: Tab, value: str) -> None:
    click_label_of(tab, tab.page.locator(f"input[name=answer][value='{value}']"))


def fill_birth_date(tab: Tab, birth: Birth) -> None:
    era, year, month, day = birth
    click_label_of(tab, tab.page.locator(f"input[name=era][value='{era}']"))
    tab.page.locator("#year").fill(year)
    tab.page.locator("#month").fill(month)
    tab.page.locator("#day").fill(day)


def continue_button(tab: Tab):
    return tab.page.locator("#answer-form").get_by_role("button", name=tab.t("Continue"),
                                                         exact=True)


def submit(tab: Tab) -> None:
    tab.nav(continue_button(tab))


def current_step(tab: Tab, city: str) -> str | None:
    match = re.fullmatch(rf"/{city}/q/(\w+)", tab.path)
    return match[1] if match else None


def answer_questions(tab: Tab, city: str, answers: Mapping[str, object]) -> list[str]:
    """Answer whatever is asked, from ``answers`` or else the question's usual answer
    (questions.USUAL), until the check page. ``None`` leaves the optional question
    unanswered. Returns the steps asked, in order."""
    asked: list[str] = []
    for _ in range(len(STEPS) + 1):
        step = current_step(tab, city)
        if step is None:
            break
        assert step in answers or step in USUAL, f"the wizard asked {step!r}, which has no usual answer"
        assert step not in asked, f"{step!r} was asked twice: {asked}"
        asked.append(step)
        assert tab.page.locator("h1").count() == 1
        value = answers[step] if step in answers else USUAL[step]
        if step == "birth_date":
            fill_birth_date(tab, value)
        elif value is not None:
            pick(tab, value)
        submit(tab)
    assert tab.path == f"/{city}/check", f"expected the check page, at {tab.page.url}"
    return asked


def see_result(tab: Tab, city: str) -> None:
    # The first of two: on the first screen, and after the answers (issue 27).
    tab.nav(tab.page.get_by_role("link", name=tab.t("See your result"), exact=True).first)
    assert tab.path == f"/{city}/result"
    assert squash(tab.page.locator("h1").inner_text()) == tab.t("Your result")


def open_result(tab: Tab, city: str, lang: str, *people: Mapping[str, object],
                furigana: bool | None = None) -> None:
    """The result page of ``people`` (one person, or a household) in ``lang``, loaded once:
    the answers cookie made in-process, the language chosen and ふりがな as asked, or as a
    resident of that language reads it (on in やさしい日本語, off otherwise)."""
    furigana = lang == "ja-easy" if furigana is None else furigana
    cookies = {"session": tab.server.answers_cookie(city, *people), "lang": lang,
               "furigana": "on" if furigana else "off"}
    tab.context.add_cookies([{"name": name, "value": value, "url": tab.server.url}
                             for name, value in cookies.items()])
    path = f"/{city}/result" if len(people) == 1 else f"/{city}/household/result"
    tab.goto(path)
    assert tab.page.locator("html.furigana").count() == furigana


def change(tab: Tab, city: str, step: str, value, more: Mapping[str, object] = ()) -> None:
    """On the check page, follow the Change link of ``step`` and answer ``value``; answer
    any question that newly applies from ``more``; back on the check page."""
    assert tab.path == f"/{city}/check"
    tab.nav(tab.page.locator(f".summary-action a[href='/{city}/q/{step}']"))
    assert current_step(tab, city) == step
    answer_questions(tab, city, {step: value, **dict(more)})


# --- a household of two ------------------------------------------------------------------

# Two people in Shiroishi (tests/corpus.py): tests/browser/test_household.py and the answer
# card's household.
HOUSEHOLD_HOLDER, HOUSEHOLD_NO_CARD = HOUSEHOLD


def button(tab: Tab, msgid: str):
    """The first button of that name (the check page has its main one twice: issue 27)."""
    return tab.page.get_by_role("button", name=tab.t(msgid), exact=True).first


def household_walk(tab: Tab, lang: str, visit: Callable[[str], object] = lambda name: None) -> None:
    """From the home page, in ``lang``, through the household's pages to its result:
    ``visit`` is called on each new page with its name."""
    city = HOUSEHOLD_CITY
    tab.goto("/")
    choose_language(tab, lang)
    tab.goto(f"/{city}/")
    visit("start")
    tab.nav(button(tab, "Answer for several people in your household"))
    assert tab.path == f"/{city}/q/birth_date"
    assert squash(tab.page.locator(".person-caption").inner_text()) == tab.t("Person %(number)s", number=1)
    visit("q-birth_date-person-1")
    answer_questions(tab, city, HOUSEHOLD_HOLDER)
    visit("check-person-1")
    tab.nav(button(tab, "Add another person"))
    assert squash(tab.page.locator(".person-caption").inner_text()) == tab.t("Person %(number)s", number=2)
    answer_questions(tab, city, HOUSEHOLD_NO_CARD)
    tab.nav(button(tab, "Save and see everyone in the household"))
    assert tab.path == f"/{city}/household"
    visit("overview")
    tab.nav(tab.page.get_by_role("link", name=tab.t("See the household result"), exact=True))
    assert tab.path == f"/{city}/household/result"
    visit("result")


# --- outcome kinds -------------------------------------------------------------------------

NOTICE, CERTIFICATE = "Notice of insurance qualification", "Eligibility certificate"
IF_REGISTERED, IF_NOT_REGISTERED = "If your card is registered", "If your card is not registered"
CHECK_LABELS = {
    "birth_date": "Date of birth",
    "my_number_card": "My Number card",
    "insurance_registration": "Registered for health insurance",
    "restricted_view": "Own information hidden in Mynaportal or at clinics",
    "care_need": "Needs help to use the card at a clinic",
    "employer_insurance": "Health insurance through work",
    "wants_deregistration": "Wants to cancel the registration",
}
CYCLE_END = date(2026, 7, 31)
# Shiroishi's first cycle starts late: its old cards ran to 2025-09-30.
PAPERS_FROM = {"yamagata": date(2025, 8, 1), "shiroishi": date(2025, 10, 1)}
ALL_NO = {name: value for name, value in USUAL.items() if name in YES_NO_NAMES}


@dataclass(frozen=True)
class Paper:
    name: str  # source string of the paper's name
    valid_from: date | None  # None: the city's document gives no start date
    expires: date | None  # None: no expiry date, or (stated=False) none stated
    current: bool = True
    stated: bool = True  # False: the city's document does not say until when
    cost_share: bool = False
    group: str | None = None  # source string of the heading above it, when there are two


@dataclass(frozen=True)
class Kind:
    name: str
    city: str
    birth: Birth
    born: date  # what the birth entry means
    answers: Mapping[str, object]
    steps: tuple[str, ...]  # the questions the wizard must ask, in order
    papers: tuple[Paper, ...] = ()
    actions: tuple[str, ...] = ()
    late_elderly_since: date | None = None


def _registered(**overrides) -> dict:
    return {"my_number_card": "held", "insurance_registration": "registered", **ALL_NO,
            **overrides}


KINDS = (
    Kind("late_elderly", "yamagata", ("seireki", "1950", "1", "1"), date(1950, 1, 1),
         {}, ("birth_date",), late_elderly_since=date(2025, 1, 1)),
    Kind("card_none", "shiroishi", ("showa", "40", "6", "15"), date(1965, 6, 15),
         {"my_number_card": "none", "employer_insurance": "no"},
         ("birth_date", "my_number_card", "employer_insurance"),
         papers=(Paper(CERTIFICATE, date(2025, 10, 1), CYCLE_END),)),
    # Yamagata's flyer gives no start date, and says nothing of a certificate's expiry.
    Kind("not_registered", "yamagata", ("heisei", "2", "3", "3"), date(1990, 3, 3),
         {"my_number_card": "held", "insurance_registration": "not_registered",
          "employer_insurance": "no"},
         ("birth_date", "my_number_card", "insurance_registration", "employer_insurance"),
         papers=(Paper(CERTIFICATE, None, None, stated=False),), actions=("register_card",)),
    Kind("registered_under_70", "yamagata", ("seireki", "1970", "10", "10"), date(1970, 10, 10),
         _registered(), STEPS, papers=(Paper(NOTICE, None, None),)),
    # Reaches 70 on 2026-05-19: the cost share shows from 1 June (national); Shiroishi's page
    # has no row for turning 70, so its under-70 notice stands.
    Kind("turning_70", "shiroishi", ("showa", "31", "5", "20"), date(1956, 5, 20),
         _registered(), STEPS, papers=(Paper(NOTICE, date(2025, 10, 1), None),)),
    Kind("registration_unknown", "yamagata", ("showa", "50", "1", "1"), date(1975, 1, 1),
         _registered(insurance_registration="unknown"), STEPS,
         papers=(Paper(NOTICE, None, None, group=IF_REGISTERED),
                 Paper(CERTIFICATE, None, None, group=IF_NOT_REGISTERED, stated=False)),
         actions=("check_registration",)),
    Kind("restricted_skipped", "yamagata", ("seireki", "1980", "2", "29"), date(1980, 2, 29),
         _registered(restricted_view=None), STEPS,
         papers=(Paper(NOTICE, None, None),)),
    Kind("restricted_yes", "shiroishi", ("heisei", "1", "1", "8"), date(1989, 1, 8),
         _registered(restricted_view="yes"),
         ("birth_date", "my_number_card", "insurance_registration", "restricted_view",
          "employer_insurance", "wants_deregistration"),
         papers=(Paper(CERTIFICATE, date(2025, 10, 1), CYCLE_END),)),
    Kind("care_need", "yamagata", ("showa", "35", "12", "31"), date(1960, 12, 31),
         _registered(care_need="yes"), STEPS,
         papers=(Paper(NOTICE, None, None),), actions=("apply_certificate",)),
    Kind("lost_card", "shiroishi", ("showa", "45", "7", "7"), date(1970, 7, 7),
         _registered(my_number_card="lost"), STEPS,
         papers=(Paper(NOTICE, date(2025, 10, 1), None),),
         actions=("apply_certificate", "replace_card")),
    Kind("employer_and_deregistration", "yamagata", ("seireki", "1985", "11", "3"),
         date(1985, 11, 3), _registered(employer_insurance="yes", wants_deregistration="yes"),
         STEPS, papers=(Paper(NOTICE, None, None),),
         actions=("leave_nhi", "deregister")),
)


def walk_to_check(tab: Tab, kind: Kind, lang: str) -> list[str]:
    open_city(tab, kind.city, lang)
    asked = answer_questions(tab, kind.city, {"birth_date": kind.birth, **kind.answers})
    assert tuple(asked) == kind.steps, f"asked {asked}, expected {kind.steps}"
    return asked


def walk(tab: Tab, kind: Kind, lang: str) -> Tab:
    """Through the real pages to the outcome of ``kind`` in ``lang``; checks the check page
    on the way. Returns the tab, on the result page."""
    walk_to_check(tab, kind, lang)
    assert_check_page(tab, kind)
    see_result(tab, kind.city)
    return tab


READ_CHECK_PAGE = """() => [...document.querySelectorAll('.summary-row')].map(row => ({
  label: row.querySelector('dt').innerText, value: row.querySelector('dd').innerText,
  change: row.querySelector('.summary-action a').getAttribute('href')}))"""


def assert_check_page(tab: Tab, kind: Kind) -> None:
    assert squash(tab.page.locator("h1").inner_text()) == tab.t("Check your answers")
    rows = tab.page.evaluate(READ_CHECK_PAGE)
    assert [squash(r["label"]) for r in rows] == [tab.t(CHECK_LABELS[s]) for s in kind.steps]
    assert [r["change"] for r in rows] == [f"/{kind.city}/q/{s}" for s in kind.steps]
    assert squash(rows[0]["value"]) == shown_date(kind.born, tab.lang)
    for row, step in zip(rows[1:], kind.steps[1:]):
        if kind.answers[step] is None:
            assert squash(row["value"]) == tab.t("Not answered"), step
        else:
            assert squash(row["value"]), f"no answer shown for {step}"


READ_OUTCOME = """() => {
  // textContent: the sections below the answer card may be folded.
  const text = el => el ? el.textContent.replace(/\\s+/g, ' ').trim() : null;
  const papers = [];
  const section = document.querySelector('details#papers');
  let group = null;
  for (const el of section ? section.querySelectorAll('h3, li.paper') : []) {
    if (el.tagName === 'H3') { group = text(el); continue; }
    const facts = {};
    for (const div of el.querySelectorAll('.facts > div')) {
      facts[text(div.querySelector('dt'))] = text(div.querySelector('dd'));
    }
    const name = el.querySelector('.paper-name');
    papers.push({group, name: name.firstChild.textContent.trim(), tag: text(name.querySelector('.tag')),
                 current: el.classList.contains('paper-current'), facts});
  }
  const actions = [...document.querySelectorAll('#steps details .section-title')].map(text);
  const row = id => document.querySelector('.answer-card .card-' + id);
  return {papers, actions, late: text(row('change') && row('change').querySelector('dt')),
          lateSection: text(row('change')), step: text(row('step') && row('step').querySelector('dd'))};
}"""


def validity_text(t, paper: Paper, lang: str) -> str:
    """The "Valid" line: each date shown only where the city's document (or a national rule)
    gives it."""
    start = paper.valid_from and shown_date(paper.valid_from, lang)
    end = paper.expires and shown_date(paper.expires, lang)
    if start and end:
        return t("From %(start)s until %(end)s", start=start, end=end)
    if start:
        return (t("From %(start)s; no expiry date", start=start) if paper.stated
                else t("From %(start)s; the city's guide does not say until when", start=start))
    if end:
        return t("Until %(end)s", end=end)
    return t("No expiry date") if paper.stated else t("The city's guide does not say until when")


def assert_outcome(tab: Tab, kind: Kind) -> None:
    """The result page shows exactly the papers and the tasks of ``kind``."""
    lang, t = tab.lang, tab.t
    seen = tab.page.evaluate(READ_OUTCOME)
    if kind.late_elderly_since:
        # The answer card's one row: since when, in the card's short form of the date.
        assert seen["late"] == t("Your insurance")
        assert shown_date(kind.late_elderly_since, lang).split("（")[0] in seen["lateSection"]
        assert seen["papers"] == [] and seen["actions"] == []
        return
    expected = []
    for paper in kind.papers:
        facts = {t("Valid"): validity_text(t, paper, lang)}
        if paper.cost_share:
            facts[t("Shows")] = t("the share of medical costs you pay (負担割合)")
        expected.append({"group": t(paper.group) if paper.group else None, "name": t(paper.name),
                         "tag": t("In use today") if paper.current else None,
                         "current": paper.current, "facts": facts})
    for got in seen["papers"]:
        del got["facts"][t("How it arrives")]
        got["facts"].pop(t("Form"), None)  # Shiroishi's page gives the paper's size
    assert seen["papers"] == expected
    assert seen["actions"] == [t(ACTION_TITLES[a]) for a in kind.actions]
    if not kind.actions:
        assert t("You do not need to do anything.") in seen["step"]


# --- a tour of every page ------------------------------------------------------------------

Visit = Callable[[str], None]
TOUR_CITY = "yamagata"
TOUR_ANSWERS = (("my_number_card", "held"), ("insurance_registration", "registered"),
                ("restricted_view", "no"), ("care_need", "no"), ("employer_insurance", "no"),
                ("wants_deregistration", "no"))


def tour(tab: Tab, lang: str, visit: Visit) -> list[str]:
    """Every page and every error state, in ``lang``: ``visit(name)`` is called on each.
    Needs JavaScript on (it forges two requests from the page). Returns the names."""
    names: list[str] = []
    page, city = tab.page, TOUR_CITY

    def seen(name: str) -> None:
        assert tab.lang == lang, (name, tab.lang)
        names.append(name)
        visit(name)

    tab.goto("/")
    choose_language(tab, lang)
    seen("index")
    # The way to one's city without its address (issue 31): the search, its error, the
    # city's prefecture's page, from which the city's own link.
    served = tab.server.app.extensions["loaded_data"].cities[city]
    search = page.get_by_role("button", name=tab.t("Search"), exact=True)
    tab.nav(search)
    seen("search-error-empty")
    page.get_by_role("searchbox").fill(served.name["en"].split()[0] if lang == "en" else served.name_reading[:4])
    tab.nav(search)
    seen("search-results")
    tab.nav(page.get_by_role("link", name=served.prefecture.name["en" if lang == "en" else "ja"], exact=True))
    seen("prefecture")
    tab.nav(page.get_by_role("link", name=tab.server.city_name(city, lang), exact=True))
    seen("start")
    tab.nav(page.get_by_role("link", name=tab.t("Start now"), exact=True))
    seen("q-birth_date")
    submit(tab)
    seen("q-birth_date-error-empty")
    fill_birth_date(tab, ("showa", "31", "2", "30"))
    submit(tab)
    seen("q-birth_date-error-day")
    fill_birth_date(tab, ("showa", "31", "5", "20"))  # turns 70 in this cycle
    submit(tab)
    for step, value in TOUR_ANSWERS:
        assert current_step(tab, city) == step
        seen(f"q-{step}")
        if step == "insurance_registration":
            page.locator("details.details > summary").click()
            assert page.locator("details.details").get_attribute("open") is not None
            seen(f"q-{step}-details-open")
        if step == "restricted_view":
            # Optional: only a forged value can be refused.
            page.locator("input[name=answer][value=no]").evaluate(
                "el => { el.value = 'forged'; el.checked = true; }")
            submit(tab)
            seen(f"q-{step}-error-forged")
        else:
            submit(tab)
            seen(f"q-{step}-error")
        pick(tab, value)
        submit(tab)
    assert tab.path == f"/{city}/check"
    seen("check")
    see_result(tab, city)
    seen("result-two-papers")
    for name, changes in (
        ("result-registration-unknown", [("insurance_registration", "unknown")]),
        ("result-not-registered", [("insurance_registration", "not_registered")]),
        ("result-lost-card", [("my_number_card", "lost"), ("insurance_registration", "registered")]),
        ("result-employer-and-deregistration", [("employer_insurance", "yes"),
                                                ("wants_deregistration", "yes")]),
        ("result-care-need", [("employer_insurance", "no"), ("wants_deregistration", "no"),
                              ("care_need", "yes")]),
        ("result-card-none", [("my_number_card", "none")]),
        ("result-late-elderly", [("birth_date", ("seireki", "1950", "1", "1"))]),
    ):
        tab.goto(f"/{city}/check")
        for step, value in changes:
            change(tab, city, step, value)
        see_result(tab, city)
        seen(name)
    tab.nav(page.get_by_role("button", name=tab.t("Start again"), exact=True))
    assert tab.path == f"/{city}/"
    # The answers are gone: the start page offers a fresh start, not "Continue".
    assert page.get_by_role("link", name=tab.t("Start now"), exact=True).count() == 1
    seen("start-after-restart")
    tab.goto("/accessibility")
    seen("accessibility")
    tab.goto(f"/{city}/no-such-page", status=404)
    seen("error-404")
    tab.goto(f"/{city}/q/birth_date")
    page.locator("input[name=csrf_token]").evaluate("el => { el.value = 'forged'; }")
    tab.monitor.expect(f"/{city}/q/birth_date", 403)
    tab.nav(continue_button(tab), status=403)
    seen("error-csrf-expired")
    return names


# --- in-page checks ------------------------------------------------------------------------

JS_HELPERS = r"""
const describe = el => {
  const cls = typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\s+/).join('.') : '';
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim();
  return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} "${text.slice(0, 50)}"`;
};
const shown = el => {
  // .visually-hidden-narrow: read, not shown, at a phone's width (every width tested here)
  if (el.closest('.visually-hidden, .visually-hidden-narrow')) return false;
  if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
};
const ownText = el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
"""

# No sideways scrolling, nothing clipped, no text outside the viewport.
LAYOUT_PROBLEMS = "() => {" + JS_HELPERS + r"""
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`horizontal scroll: scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el) || el.closest('.skip-link')) continue;
    const cs = getComputedStyle(el);
    const field = el.matches('input:not([type=radio]):not([type=checkbox]), textarea, select');
    if ((field || ['hidden', 'clip'].includes(cs.overflowX)) && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`clipped sideways: ${describe(el)} (${el.scrollWidth} > ${el.clientWidth})`);
    }
    if (['hidden', 'clip'].includes(cs.overflowY) && el.scrollHeight > el.clientHeight + 1) {
      problems.push(`clipped at the bottom: ${describe(el)} (${el.scrollHeight} > ${el.clientHeight})`);
    }
    if (cs.textOverflow === 'ellipsis' || cs.webkitLineClamp !== 'none') {
      problems.push(`text may be truncated: ${describe(el)}`);
    }
    if (ownText(el) || field) {
      const r = el.getBoundingClientRect();
      if (r.left < -0.5 || r.right > root.clientWidth + 0.5) {
        problems.push(`outside the viewport: ${describe(el)} (${r.left.toFixed(1)}..${r.right.toFixed(1)})`);
      }
    }
  }
  return problems;
}"""

# Targets. A link counts as inline (WCAG 2.5.8's exception) when it is display:inline and
# the block it sits in has other text: its height is set by the line of text around it.
# Every other visible link, button, input, summary and label must be 44×44 CSS px or more.
TARGET_PROBLEMS = "() => {" + JS_HELPERS + r"""
  const problems = [], inline = [];
  const blockOf = el => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display === 'inline') node = node.parentElement;
    return node;
  };
  const inSentence = el => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const block = blockOf(el);
    return block && block.textContent.replace(el.textContent, '').trim().length > 0;
  };
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, label';
  for (const el of document.querySelectorAll(sel)) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right <= 0 || r.bottom <= 0) continue;  // off-screen until focused: the skip link
    if (inSentence(el)) { inline.push(describe(el)); continue; }
    if (r.width < 44 || r.height < 44) {
      problems.push(`${describe(el)} is ${r.width.toFixed(1)}×${r.height.toFixed(1)} px`);
    }
  }
  return {problems, inline};
}"""

# Every visible piece of text (and every field) at 16 CSS px or more.
SMALL_TEXT = "() => {" + JS_HELPERS + r"""
  const problems = [];
  for (const el of document.body.querySelectorAll('*')) {
    const control = 'input:not([type=radio]):not([type=checkbox]), button, select, textarea';
    if (!shown(el) || !(ownText(el) || el.matches(control))) continue;
    if (el.closest('rt')) continue;  // ふりがな: half size (JIS X 4051), RUBY_PROBLEMS checks it
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 16) problems.push(`${describe(el)} is ${size}px`);
  }
  return {body: parseFloat(getComputedStyle(document.body).fontSize), problems};
}"""

# ふりがな readable: each reading at least half its text's size (9 px at 18 px), above its
# own kanji, and over no other text (the line above, a neighbour's reading).
RUBY_PROBLEMS = "() => {" + JS_HELPERS + r"""
  const problems = [];
  const rects = node => { const range = document.createRange(); range.selectNodeContents(node);
                          return [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0); };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || !shown(node.parentElement)) continue;
    texts.push({node, size: parseFloat(getComputedStyle(node.parentElement).fontSize), rects: rects(node)});
  }
  const meets = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  let count = 0;
  for (const rt of document.querySelectorAll('rt')) {
    if (!shown(rt)) continue;
    count++;
    const size = parseFloat(getComputedStyle(rt).fontSize);
    const base = parseFloat(getComputedStyle(rt.parentElement).fontSize);
    if (size < base / 2 - 0.01 || size < 9) problems.push(`${describe(rt.parentElement)}: reading ${size}px`);
    const own = rects(rt)[0];
    const kanji = [...rt.parentElement.childNodes].filter(n => n.nodeType === 3).flatMap(rects);
    if (!own || !kanji.length) continue;
    const middle = r => (r.top + r.bottom) / 2;
    if (middle(own) >= kanji[0].top + 1) problems.push(`${describe(rt.parentElement)}: reading not above its kanji`);
    // Text of a line above (its middle above the reading's) may not reach into the reading.
    // A text box is the font's whole height: Japanese glyphs leave its lowest 0.17 em
    // empty, and the top 0.28 em of the reading's own box (Noto Sans CJK's metrics).
    for (const text of texts) {
      if (text.node.parentElement === rt || rt.parentElement.contains(text.node)) continue;
      const room = 0.17 * text.size + 0.28 * size;
      if (text.rects.some(r => middle(r) < middle(own) && r.bottom - own.top > room && meets(own, r))) {
        problems.push(`${describe(rt.parentElement)}: reading over "${text.node.textContent.trim().slice(0, 20)}"`);
        break;
      }
    }
  }
  return {count, problems};
}"""

# What has the focus, and whether a sighted keyboard user can see where it is.
FOCUS_STATE = "(sel) => {" + JS_HELPERS + r"""
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const cs = getComputedStyle(el);
  const clear = c => !/^rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent';
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && clear(cs.outlineColor);
  const shadow = cs.boxShadow !== 'none' && cs.boxShadow !== '';
  const r = el.getBoundingClientRect();
  return {what: describe(el), tag: el.tagName.toLowerCase(), id: el.id, type: el.type || null,
          name: el.name || null, value: el.value || null, href: el.getAttribute('href'),
          checked: !!el.checked, matches: !!sel && el.matches(sel), outline, shadow, outlineStyle: cs.outlineStyle,
          boxShadow: cs.boxShadow, onScreen: r.width > 0 && r.height > 0 && r.right > 0 &&
          r.left < innerWidth, width: r.width, height: r.height};
}"""

# All text at 200 %: the root font size set through the CSSOM, as an important inline
# declaration (it beats any rule of the page's own). The CSSOM is not subject to the
# page's Content-Security-Policy, so the app's policy stays on while this runs.
TEXT_200_ON = "() => document.documentElement.style.setProperty('font-size', '200%', 'important')"
TEXT_200_OFF = "() => document.documentElement.style.removeProperty('font-size')"


def layout_problems(tab: Tab) -> list[str]:
    return tab.page.evaluate(LAYOUT_PROBLEMS)


def with_text_200(tab: Tab, check: Callable[[], object]):
    """Run ``check`` with all text at 200 %."""
    before = tab.page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    tab.page.evaluate(TEXT_200_ON)
    try:
        body = tab.page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert body >= 32 and body >= 2 * before - 0.5, \
            f"200 % text did not apply (body text is {body}px, was {before}px)"
        return check()
    finally:
        tab.page.evaluate(TEXT_200_OFF)


# axe-core: the WCAG 2.0/2.1/2.2 A and AA rules. axe_playwright_python injects axe with
# page.evaluate (the DevTools protocol, not a script element), so the page's CSP stays on.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
# Rules that must have looked at every page (a guard against axe silently doing nothing).
AXE_ALWAYS_RUN = {"color-contrast", "document-title", "html-has-lang", "html-lang-valid",
                  "link-name", "target-size"}


def axe_violations(tab: Tab, name: str) -> str | None:
    """axe-core's report on the page as it stands, or None when it finds nothing."""
    from axe_playwright_python.sync_playwright import Axe
    results = Axe().run(tab.page, options=AXE_OPTIONS)
    response = results.response
    assert response["toolOptions"]["runOnly"]["values"] == AXE_TAGS
    ran = {rule["id"] for kind in ("passes", "violations", "incomplete", "inapplicable")
           for rule in response.get(kind, [])}
    assert AXE_ALWAYS_RUN <= ran, f"{name}: axe did not run {AXE_ALWAYS_RUN - ran}"
    if not results.violations_count:
        return None
    rules = ", ".join(sorted(v["id"] for v in response["violations"]))
    return f"== {name} [{tab.lang}] ({tab.page.url}): {rules}\n" + results.generate_report()
