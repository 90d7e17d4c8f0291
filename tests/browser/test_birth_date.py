"""The birth-date page as residents use it: 和暦 with full-width digits, a pasted date, a
date that does not exist, and switching language half-way through typing."""
from __future__ import annotations

from datetime import date

import pytest

from .pages import (
    LANGUAGE_LINKS,
    answer_questions,
    choose_language,
    click_label_of,
    continue_button,
    current_step,
    fill_birth_date,
    open_city,
    pick,
    shown_date,
    squash,
    submit,
)

pytestmark = pytest.mark.browser

CITY = "yamagata"
BORN = date(1956, 4, 1)  # 昭和31年4月1日
REST = {"my_number_card": "none", "employer_insurance": "no"}


def typed(tab) -> list[str]:
    return [tab.page.locator(f"#{name}").input_value() for name in ("year", "month", "day")]


def assert_error_prefix(tab, text: str, rest: str) -> None:
    """``text`` is the word "Error" (with or without a colon, in the page's language)
    followed by ``rest``."""
    assert text.endswith(rest) and len(text) > len(rest), (text, rest)
    words = {tab.t(word).strip(" :：") for word in ("Error", "Error:")}
    assert text[: -len(rest)].strip(" :：") in words, (text, words)


def birth_date_on_check_page(tab) -> str:
    assert tab.path == f"/{CITY}/check"
    return squash(tab.page.locator(".summary-row dd").first.inner_text())


@pytest.mark.parametrize("lang, js, width", [("ja", True, 320), ("en", False, 390)])
def test_wareki_with_full_width_digits(tabs, lang, js, width):
    tab = tabs(width, js=js)
    open_city(tab, CITY, lang)
    fill_birth_date(tab, ("showa", "３１", "４", "１"))
    submit(tab)
    assert current_step(tab, CITY) == "my_number_card"
    answer_questions(tab, CITY, REST)
    assert birth_date_on_check_page(tab) == shown_date(BORN, lang)
    # Written back as it was meant: 昭和 31 4 1, in plain digits.
    tab.nav(tab.page.locator(f".summary-action a[href='/{CITY}/q/birth_date']"))
    assert tab.page.locator("input[name=era][value=showa]").is_checked()
    assert typed(tab) == ["31", "4", "1"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_pasted_wareki_date_in_the_year_box(tabs, live_server, lang):
    tab = tabs(360, js=True)
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    open_city(tab, CITY, lang)
    # The Western calendar is picked, but the era written in the pasted date wins.
    click_label_of(tab, tab.page.locator("input[name=era][value=seireki]"))
    tab.page.evaluate("text => navigator.clipboard.writeText(text)", "昭和31年4月1日")
    year = tab.page.locator("#year")
    year.click()
    tab.page.keyboard.press("ControlOrMeta+V")
    assert year.input_value() == "昭和31年4月1日"
    assert typed(tab)[1:] == ["", ""]
    submit(tab)
    answer_questions(tab, CITY, REST)
    assert birth_date_on_check_page(tab) == shown_date(BORN, lang)


@pytest.mark.parametrize("lang, js, width", [("ja", True, 390), ("ja", False, 320),
                                             ("en", True, 360), ("en", False, 390)])
def test_a_day_that_does_not_exist(tabs, lang, js, width):
    tab = tabs(width, js=js)
    open_city(tab, CITY, lang)
    normal_title = tab.page.title()
    fill_birth_date(tab, ("showa", "31", "2", "30"))
    submit(tab)
    page, t = tab.page, tab.t
    assert current_step(tab, CITY) == "birth_date"
    message = t("Month %(month)s has only %(max)s days in %(year)s", month=2, max=29, year=1956)
    assert_error_prefix(tab, page.title(), normal_title)
    # The summary at the top names the problem and links to the field...
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert squash(summary.locator("h2").inner_text()) == t("There is a problem")
    link = summary.get_by_role("link", name=message, exact=True)
    assert link.get_attribute("href") == "#day"
    # ...which says it again, is marked invalid and points at the message.
    assert_error_prefix(tab, squash(page.locator("#day-error").inner_text()), message)
    day = page.locator("#day")
    assert day.get_attribute("aria-invalid") == "true"
    assert "day-error" in day.get_attribute("aria-describedby").split()
    assert page.locator("[aria-invalid=true]").count() == 1
    # What was typed is kept.
    assert page.locator("input[name=era][value=showa]").is_checked()
    assert typed(tab) == ["31", "2", "30"]
    if js:  # the script moves focus to the summary, so screen readers read it first
        assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    link.click()
    assert page.evaluate("location.hash") == "#day"
    # Mending the day is enough.
    day.fill("29")
    submit(tab)
    answer_questions(tab, CITY, REST)
    assert birth_date_on_check_page(tab) == shown_date(date(1956, 2, 29), lang)


@pytest.mark.parametrize("first, second", [("ja", "en"), ("en", "ja")])
def test_switching_language_keeps_what_was_typed(tabs, first, second):
    tab = tabs(390, js=True)
    open_city(tab, CITY, first)
    fill_birth_date(tab, ("heisei", "3", "12", "24"))
    tab.nav(tab.page.get_by_role("link", name=LANGUAGE_LINKS[second], exact=True))
    assert tab.lang == second
    assert current_step(tab, CITY) == "birth_date"
    assert tab.page.locator("input[name=era][value=heisei]").is_checked()
    assert typed(tab) == ["3", "12", "24"]
    assert tab.page.title().startswith(tab.t("What is your date of birth?"))
    # Nothing was checked or saved yet: no error shown.
    assert tab.page.locator("[data-error-summary]").count() == 0
    submit(tab)
    # The choice is remembered on the next page.
    assert current_step(tab, CITY) == "my_number_card"
    assert tab.lang == second
    # A radio chosen but not sent is kept too, and switching back works the same way.
    pick(tab, "lost")
    tab.nav(tab.page.get_by_role("link", name=LANGUAGE_LINKS[first], exact=True))
    assert tab.lang == first
    assert current_step(tab, CITY) == "my_number_card"
    assert tab.page.locator("input[name=answer][value=lost]").is_checked()
    submit(tab)
    assert current_step(tab, CITY) == "insurance_registration"
    assert tab.lang == first
    assert continue_button(tab).is_visible()


def test_switching_language_without_javascript_is_a_plain_link(tabs):
    """Without a script the link cannot send the form: the same question comes back in the
    other language with the saved answers, and the choice sticks."""
    tab = tabs(320, js=False)
    open_city(tab, CITY, "ja")
    fill_birth_date(tab, ("showa", "31", "4", "1"))
    submit(tab)
    choose_language(tab, "en")
    assert current_step(tab, CITY) == "my_number_card"
    tab.nav(tab.page.locator(".back-link"))
    assert tab.lang == "en"
    assert typed(tab) == ["31", "4", "1"]
