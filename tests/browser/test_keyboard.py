"""One full walk with the keyboard only: Tab and Shift+Tab to move, the arrow keys and
Space to pick a radio, Enter to follow a link or press a button. Wherever the focus goes
it must be visible: an outline or a box-shadow, on screen."""
from __future__ import annotations

from datetime import date

import pytest

from .pages import FOCUS_STATE, LANGUAGE_LINKS, NOTICE, Kind, Paper, assert_outcome, current_step

pytestmark = pytest.mark.browser

CITY = "yamagata"
ANSWERS = {"my_number_card": "held", "insurance_registration": "registered",
           "restricted_view": "no", "care_need": "yes", "employer_insurance": "yes",
           "wants_deregistration": "yes"}
EXPECTED = Kind("keyboard", CITY, ("showa", "31", "5", "20"), date(1956, 5, 20), ANSWERS, (),
                papers=(Paper(NOTICE, None, date(2026, 5, 31)),  # the flyer gives no start date
                        Paper(NOTICE, date(2026, 6, 1), date(2026, 7, 31), current=False,
                              cost_share=True)),
                actions=("leave_nhi", "apply_certificate", "deregister"))


class Keyboard:
    def __init__(self, tab):
        self.tab, self.page = tab, tab.page
        self.focused: list[str] = []

    def focus(self, sel: str | None = None) -> dict | None:
        state = self.page.evaluate(FOCUS_STATE, sel)
        if state is not None:
            self.focused.append(state["what"])
            assert state["onScreen"], f"focus is off screen: {state['what']}"
            assert state["outline"] or state["shadow"], \
                f"focus is not visible on {state['what']} ({self.tab.page.url})"
        return state

    def press(self, key: str, sel: str | None = None) -> dict | None:
        self.page.keyboard.press(key)
        return self.focus(sel)

    def tab_to(self, sel: str, *, limit: int = 40) -> dict:
        """Tab until the focus is on ``sel``, checking every stop on the way."""
        for _ in range(limit):
            state = self.press("Tab", sel)
            if state and state["matches"]:
                return state
        pytest.fail(f"{sel} was not reached with {limit} Tabs on {self.page.url}")

    def enter(self) -> None:
        self.tab.nav(None, key="Enter")

    def pick_radio(self, value: str) -> None:
        """Tab into the group, arrow to ``value``, Space to pick it."""
        state = self.tab_to("input[type=radio]")
        for _ in range(6):
            if state["value"] == value:
                break
            state = self.press("ArrowDown", "input[type=radio]")
        assert state["value"] == value, state
        state = self.press("Space", "input[type=radio]")
        assert state["checked"] and state["value"] == value, state

    def submit(self) -> None:
        """Tab to the Continue button; Shift+Tab away and back; Enter."""
        button = "#answer-form button[type=submit]"
        self.tab_to(button)
        before = self.press("Shift+Tab", button)
        assert before is not None and not before["matches"], "Shift+Tab did not move back"
        assert self.press("Tab", button)["matches"], "Tab did not come back to Continue"
        self.enter()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_whole_walk_with_the_keyboard_only(tabs, lang):
    tab = tabs(390, js=True)
    keys = Keyboard(tab)
    tab.goto("/")

    # The first Tab shows the skip link; it takes the focus to the main content.
    skip = keys.press("Tab", ".skip-link")
    assert skip["matches"] and skip["width"] >= 44 and skip["height"] >= 44, skip
    keys.page.keyboard.press("Enter")
    assert keys.page.evaluate("document.activeElement.id") == "main"

    if tab.lang != lang:
        keys.tab_to(f"[data-switch-language={lang}]")
        keys.enter()
    assert tab.lang == lang

    keys.tab_to(f"a[href='/{CITY}/']")
    keys.enter()
    keys.tab_to(f"a[href='/{CITY}/q/birth_date']")
    keys.enter()

    assert current_step(tab, CITY) == "birth_date"
    era = keys.tab_to("input[name=era]")
    assert era["value"] == "showa" and era["checked"], era  # the default calendar
    keys.press("Space")
    for field, value in (("#year", "31"), ("#month", "5"), ("#day", "20")):
        assert keys.press("Tab", field)["matches"], f"Tab did not go to {field}"
        keys.page.keyboard.type(value)
    keys.submit()

    for step, value in ANSWERS.items():
        assert current_step(tab, CITY) == step
        keys.pick_radio(value)
        keys.submit()

    assert tab.path == f"/{CITY}/check"
    keys.tab_to(f"a[href='/{CITY}/result']")
    keys.enter()
    assert tab.path == f"/{CITY}/result"
    assert tab.lang == lang
    assert_outcome(tab, EXPECTED)

    # Every stop on the result page shows the focus, the print button included.
    reached = set()
    for _ in range(80):
        state = keys.press("Tab", "[data-print], .restart button")
        if state and state["matches"]:
            reached.add(state["tag"] + state["what"])
        if state and state["tag"] == "button" and "restart" in keys.page.evaluate(
                "document.activeElement.closest('form')?.className || ''"):
            break
    assert len(reached) == 2, f"print and start-again buttons not both reached: {reached}"
    keys.enter()
    assert tab.path == f"/{CITY}/"
    assert len(keys.focused) > 40
    # Going back with the keyboard also works: Shift+Tab reaches the language link.
    keys.page.evaluate("document.activeElement.blur()")
    other = "en" if lang == "ja" else "ja"
    for _ in range(40):
        state = keys.press("Shift+Tab", f"[data-switch-language={other}]")
        if state and state["matches"]:
            break
    else:
        pytest.fail("Shift+Tab did not reach the language link")
    assert f'"{LANGUAGE_LINKS[other]}"' in state["what"], state["what"]
