"""Household mode through the real pages at 360 px: two people in Shiroishi, with
JavaScript on and off, in both languages; axe, layout and target sizes on each new page.

The live server's AS_OF is 2026-01-15 (the 2025 cycle). Expected facts as in
tests/test_household.py: Shiroishi papers from 2025-10-01; a certificate to 2026-07-31;
notices and certificates mailed separately to the householder in a mixed household.
"""
from __future__ import annotations

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from .pages import (
    LANGS,
    SMALL_TEXT,
    TARGET_PROBLEMS,
    answer_questions,
    choose_language,
    layout_problems,
    shown_date,
    squash,
)

pytestmark = pytest.mark.browser

CITY = "shiroishi"
HOLDER = {"birth_date": ("seireki", "1970", "10", "10"), "my_number_card": "held",
          "insurance_registration": "registered", "restricted_view": "no", "care_need": "no",
          "employer_insurance": "yes", "wants_deregistration": "no"}
NO_CARD = {"birth_date": ("showa", "40", "6", "15"), "my_number_card": "none", "employer_insurance": "yes"}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def button(tab, msgid):
    return tab.page.get_by_role("button", name=tab.t(msgid), exact=True)


def household_walk(tab, lang, visit=lambda name: None):
    tab.goto("/")
    choose_language(tab, lang)
    tab.goto(f"/{CITY}/")
    visit("start")
    tab.nav(button(tab, "Answer for several people in your household"))
    assert tab.path == f"/{CITY}/q/birth_date"
    assert squash(tab.page.locator(".person-caption").inner_text()) == tab.t("Person %(number)s", number=1)
    visit("q-birth_date-person-1")
    answer_questions(tab, CITY, HOLDER)
    visit("check-person-1")
    tab.nav(button(tab, "Add another person"))
    assert squash(tab.page.locator(".person-caption").inner_text()) == tab.t("Person %(number)s", number=2)
    answer_questions(tab, CITY, NO_CARD)
    tab.nav(button(tab, "Save and see everyone in the household"))
    assert tab.path == f"/{CITY}/household"
    visit("overview")
    tab.nav(tab.page.get_by_role("link", name=tab.t("See the household result"), exact=True))
    assert tab.path == f"/{CITY}/household/result"
    visit("result")


@pytest.mark.parametrize("lang, js", [("ja", True), ("en", False)], ids=["ja-js", "en-nojs"])
def test_two_people_through_the_real_pages(tabs, lang, js):
    tab = tabs(360, js=js)
    household_walk(tab, lang)
    page = tab.page
    assert squash(page.locator("h1").inner_text()) == tab.t("Your household's result")
    people = page.locator("section.person")
    assert people.count() == 2
    first, second = (squash(people.nth(i).inner_text()) for i in range(2))
    assert tab.t("Notice of insurance qualification") in first
    assert tab.t("From %(start)s until %(end)s", start=shown_date(date(2025, 10, 1), lang),
                 end=shown_date(date(2026, 7, 31), lang)) in second
    mail = squash(page.locator("section[aria-labelledby=mail-title]").inner_text())
    mixed = tab.server.app.extensions["hoken"]["cities"][CITY].mixed_household["text"][lang]
    assert squash(mixed) in mail
    actions = page.locator("div.action")
    assert actions.count() == 1
    who = tab.t("Person %(number)s", number=1) + ("、" if lang == "ja" else ", ") + \
        tab.t("Person %(number)s", number=2)
    assert tab.t("For: %(people)s", people=who) in squash(actions.first.inner_text())
    assert page.locator("[data-print]").is_visible() is js
    # Remove Person 1 from the overview: Person 2 becomes Person 1.
    tab.nav(page.get_by_role("link", name=tab.t("Change or remove someone's answers, or add a person")))
    tab.nav(page.locator(".summary-row").first.locator("button", has_text=tab.t("Remove")))
    assert page.locator(".summary-row").count() == 1
    tab.monitor.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_household_pages_pass_axe_and_fit_a_phone(tabs, lang):
    tab = tabs(360, js=True, bypass_csp=True)
    axe = Axe()
    problems: dict[str, list[str]] = {}

    def visit(name):
        found = [f"axe: {v['id']}" for v in axe.run(
            tab.page, options={"runOnly": {"type": "tag", "values": TAGS},
                               "resultTypes": ["violations"]}).response["violations"]]
        found += list(layout_problems(tab))
        found += [f"target too small: {p}" for p in tab.page.evaluate(TARGET_PROBLEMS)["problems"]]
        found += [f"text below 16px: {p}" for p in tab.page.evaluate(SMALL_TEXT)["problems"]]
        if found:
            problems[name] = found

    household_walk(tab, lang, visit)
    assert not problems, problems
