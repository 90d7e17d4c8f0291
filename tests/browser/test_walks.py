"""Every outcome kind walked through the real pages, by clicking labels and buttons, in
Japanese and in English, with JavaScript on and off; the back button and the change
links keep the answers."""
from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from .pages import (KINDS, LANGS, WIDTHS, Kind, Paper, answer_questions, assert_check_page,
                    assert_outcome, current_step, pick, see_result, shown_date, squash, submit,
                    walk, walk_to_check)

pytestmark = pytest.mark.browser

# Every kind in both languages, with and without JavaScript; the viewports take turns.
WALKS = [
    pytest.param(kind, lang, js, WIDTHS[i % len(WIDTHS)],
                 id=f"{kind.name}-{lang}-{'js' if js else 'nojs'}-{WIDTHS[i % len(WIDTHS)]}")
    for i, (kind, lang, js) in enumerate(product(KINDS, LANGS, (True, False)))
]


@pytest.mark.parametrize("kind, lang, js, width", WALKS)
def test_every_outcome_through_the_real_pages(tabs, kind: Kind, lang, js, width):
    tab = walk(tabs(width, js=js), kind, lang)
    assert tab.lang == lang
    assert_outcome(tab, kind)
    # The print button needs a script; without one it stays hidden.
    assert tab.page.locator("[data-print]").is_visible() is js
    tab.monitor.assert_clean()


def saved_answer_is_shown(tab, city, step, kind) -> None:
    if step == "birth_date":
        era, year, month, day = kind.birth
        assert tab.page.locator(f"input[name=era][value={era}]").is_checked()
        assert [tab.page.locator(f"#{name}").input_value() for name in ("year", "month", "day")] \
            == [year, month, day]
    else:
        checked = tab.page.locator("input[name=answer]:checked")
        assert checked.count() == 1, f"{step}: no saved answer shown"
        assert checked.get_attribute("value") == kind.answers[step]


BACK_AND_CHANGE = [pytest.param(lang, js, width, id=f"{lang}-{'js' if js else 'nojs'}-{width}")
                   for (lang, js), width in zip(product(LANGS, (True, False)), (390, 320, 360, 390))]


@pytest.mark.parametrize("lang, js, width", BACK_AND_CHANGE)
def test_back_button_and_change_links_keep_the_answers(tabs, lang, js, width):
    kind = next(k for k in KINDS if k.name == "registered_under_70")
    city = kind.city
    tab = tabs(width, js=js)
    walk_to_check(tab, kind, lang)
    assert_check_page(tab, kind)

    # The browser's back button, all the way to the first question: every answer is shown.
    for step in reversed(kind.steps):
        tab.back()
        assert current_step(tab, city) == step
        saved_answer_is_shown(tab, city, step, kind)
    # Nothing was lost: continuing from the first question goes straight to the check page.
    submit(tab)
    assert tab.path == f"/{city}/check"
    assert_check_page(tab, kind)

    # A change link: the question shows the saved answer; a new answer drops the questions
    # that no longer apply...
    tab.nav(tab.page.locator(f".summary-action a[href='/{city}/q/my_number_card']"))
    saved_answer_is_shown(tab, city, "my_number_card", kind)
    pick(tab, "none")
    submit(tab)
    assert tab.path == f"/{city}/check"
    none = Kind("card_none", city, kind.birth, kind.born,
                {"my_number_card": "none", "employer_insurance": "no"},
                ("birth_date", "my_number_card", "employer_insurance"))
    assert_check_page(tab, none)
    assert tab.t("No, I do not have one") in squash(tab.page.locator(".summary-list").inner_text())

    # ...and changing it back brings them back with their earlier answers: no question asked.
    tab.nav(tab.page.locator(f".summary-action a[href='/{city}/q/my_number_card']"))
    pick(tab, "held")
    submit(tab)
    assert tab.path == f"/{city}/check"
    assert_check_page(tab, kind)
    assert tab.t("Yes, it is registered") in squash(tab.page.locator(".summary-list").inner_text())

    # The birth date comes back in the calendar it was typed in; a new one changes the result.
    tab.nav(tab.page.locator(f".summary-action a[href='/{city}/q/birth_date']"))
    saved_answer_is_shown(tab, city, "birth_date", kind)
    answer_questions(tab, city, {"birth_date": ("showa", "31", "5", "20")})
    assert squash(tab.page.locator(".summary-row dd").first.inner_text()) == \
        shown_date(date(1956, 5, 20), lang)
    see_result(tab, city)
    turning_70 = Kind("turning_70", city, kind.birth, date(1956, 5, 20), kind.answers, kind.steps,
                      papers=(Paper("Notice of insurance qualification", date(2025, 8, 1),
                                    date(2026, 5, 31)),
                              Paper("Notice of insurance qualification", date(2026, 6, 1),
                                    date(2026, 7, 31), current=False, cost_share=True)))
    assert_outcome(tab, turning_70)
