"""ふりがな in Chromium: the switch with and without JavaScript, and every kind of page with
ruby (in 日本語 and in やさしい日本語) checked as the tour checks pages: axe, no sideways
scrolling at 320, 360 and 390 px and with text at 200 %, 44 px targets, text of 16 px, and
each reading readable (RUBY_PROBLEMS: half its text's size at least, above its kanji, over
no other text) at 100 % and at 200 %.

The walks find links by their words, which ruby reads out in Playwright's names: they go to
each page without ruby and then turn it on (the page is the same, see test_furigana.py);
error states are reached through the form itself.
"""
from __future__ import annotations

import pytest

from .pages import (
    RUBY_PROBLEMS as RUBY,
)
from .pages import (
    SMALL_TEXT,
    TARGET_PROBLEMS,
    VIEWPORTS,
    answer_questions,
    axe_violations,
    fill_birth_date,
    layout_problems,
    open_city,
    switch_furigana,
    with_text_200,
)

pytestmark = pytest.mark.browser

CITY = "yamagata"
BIRTH = ("showa", "31", "5", "20")


def check_page(tab, name: str) -> list[str]:
    found = []
    if report := axe_violations(tab, name):
        found.append(report)
    for width in sorted(VIEWPORTS, key=lambda width: width == 360):
        tab.page.set_viewport_size({"width": width, "height": VIEWPORTS[width]})
        ruby = tab.page.evaluate(RUBY)
        assert ruby["count"] > 0, f"{name}: no ruby"
        found += [f"{name} at {width} px: {problem}" for problem in ruby["problems"]]
        found += [f"{name} at {width} px: {problem}" for problem in layout_problems(tab)]
        found += [f"{name} at {width} px: target {p}" for p in tab.page.evaluate(TARGET_PROBLEMS)["problems"]]
        found += [f"{name} at {width} px: text {p}" for p in tab.page.evaluate(SMALL_TEXT)["problems"]]
        at_200 = with_text_200(tab, lambda: [*layout_problems(tab), *tab.page.evaluate(RUBY)["problems"]])
        found += [f"{name} at {width} px, 200 % text: {problem}" for problem in at_200]
    tab.monitor.assert_clean()
    return found


@pytest.mark.parametrize("lang", ["ja", "ja-easy"])
def test_every_kind_of_page_with_ruby_passes_every_check(tabs, lang):
    tab = tabs(360, js=True)
    open_city(tab, CITY, lang)
    answer_questions(tab, CITY, {"birth_date": BIRTH, "my_number_card": "held",
                                "insurance_registration": "registered"})
    switch_furigana(tab, True)
    problems: list[str] = []
    pages = ["/", f"/{CITY}/", f"/{CITY}/q/birth_date", f"/{CITY}/q/my_number_card",
             f"/{CITY}/q/insurance_registration", f"/{CITY}/q/restricted_view", f"/{CITY}/q/care_need",
             f"/{CITY}/q/employer_insurance", f"/{CITY}/q/wants_deregistration", f"/{CITY}/check",
             f"/{CITY}/result", f"/{CITY}/household", "/accessibility"]
    for path in pages:
        tab.goto(path)
        problems += check_page(tab, path)
    # An error state, through the form: a day that does not exist.
    tab.goto(f"/{CITY}/q/birth_date")
    fill_birth_date(tab, ("showa", "31", "2", "30"))
    tab.nav(tab.page.locator("#answer-form button[type=submit]"))  # its name is read with ruby
    assert tab.page.locator(".error-summary").count() == 1
    problems += check_page(tab, "birth date, error")
    tab.goto("/no-such-city/", status=404)
    problems += check_page(tab, "404")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_the_switch_turns_ruby_on_and_off_and_keeps_what_was_typed(tabs, js):
    tab = tabs(360, js=js)
    open_city(tab, CITY, "ja")
    assert tab.page.locator("ruby").count() == 0
    fill_birth_date(tab, BIRTH)
    switch_furigana(tab, True)
    assert tab.page.locator("ruby").count() > 0
    # With JavaScript the link sends the form: what was typed comes back.
    assert tab.page.locator("#year").input_value() == (BIRTH[1] if js else "")
    tab.goto(f"/{CITY}/")  # remembered on the next page
    assert tab.page.locator("ruby").count() > 0
    switch_furigana(tab, False)
    assert tab.page.locator("ruby").count() == 0


# The words of an element, its ruby readings aside, without spaces.
WORDS = ("el => { const c = el.cloneNode(true); c.querySelectorAll('rt').forEach(r => r.remove());"
         " return c.textContent.replace(/\\s+/g, ''); }")


def accessible_names(tab) -> dict[str, set[str]]:
    """{role: names, without spaces} from Chromium's own accessibility tree (CDP); under
    "description", every node's description (Chromium gives a <ruby> its reading as one)."""
    session = tab.context.new_cdp_session(tab.page)
    names: dict[str, set[str]] = {}
    for node in session.send("Accessibility.getFullAXTree")["nodes"]:
        role, name = node.get("role", {}).get("value"), node.get("name", {}).get("value")
        if role and name:
            names.setdefault(role, set()).add("".join(str(name).split()))
        if description := node.get("description", {}).get("value"):
            names.setdefault("description", set()).add(str(description))
    session.detach()
    return names


@pytest.mark.parametrize("lang", ["ja", "ja-easy"])
def test_each_word_is_heard_once(tabs, lang):
    """Issue 28: with ruby, a screen reader heard each word and then its reading, in every
    link, button, label and heading. In Chromium's accessibility tree each of them is named
    by its words alone (the readings are aria-hidden), visually hidden text too."""
    tab = tabs(360)
    open_city(tab, CITY, lang)
    switch_furigana(tab, True)
    tab.goto(f"/{CITY}/q/birth_date")
    fill_birth_date(tab, BIRTH)
    tab.nav(tab.page.locator("form#answer-form button[type=submit]"))
    page = tab.page
    names = accessible_names(tab)
    assert page.locator("main h1 rt, a.back-link rt, form#answer-form button rt, label rt").count() > 0
    for role, selector in (("heading", "main h1"), ("link", "a.back-link"),
                           ("button", "form#answer-form button[type=submit]"), ("radio", "input[type=radio]")):
        element = page.locator(selector).first
        if role == "radio":
            element = page.locator(f"label[for='{element.get_attribute('id')}']")
        words = element.evaluate(WORDS)
        assert words in names.get(role, set()), (role, words, names.get(role))
    # Read through the page (a screen reader's browse mode), no reading is said: neither as
    # a text of its own nor as its word's description.
    readings = set(page.locator("rt").evaluate_all("els => els.map(el => el.textContent)"))
    heard = (names.get("StaticText", set()) | names.get("description", set())) & readings
    assert not heard, f"readings in the accessibility tree: {sorted(heard)[:10]}"
