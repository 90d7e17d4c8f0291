"""Every outcome kind walked through the real pages, by clicking labels and buttons; the
back button and the change links keep the answers.

The walks are pairwise rather than the full product of kinds × languages × JavaScript
on/off: each kind is walked at least once, each (language, JavaScript) pair walks several
kinds, and within each family of kinds (the same questions asked, the same kind of
result) both languages and both JavaScript settings are walked. The full product would
repeat the same pages and the same server code with nothing new to find: the language
and the script change the page around the walk, not the route or the result, and the
page itself is checked in both languages by the tour (test_tour.py)."""
from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import product

import pytest

from .pages import (
    KINDS,
    LANGS,
    WIDTHS,
    Kind,
    Paper,
    answer_questions,
    assert_check_page,
    assert_outcome,
    current_step,
    pick,
    see_result,
    shown_date,
    squash,
    submit,
    walk,
    walk_to_check,
)

pytestmark = pytest.mark.browser

FAMILIES = {
    # Only the birth date is asked; no paper from the city.
    "late elderly": ("late_elderly",),
    # No notice possible: a certificate, and the notice's questions are not asked.
    "certificate": ("card_none", "not_registered", "restricted_yes"),
    # A registered (or maybe registered) card: a notice, every question asked.
    "notice": ("registered_under_70", "turning_70", "registration_unknown",
               "restricted_skipped", "care_need", "lost_card", "employer_and_deregistration"),
}
PAIRS = (  # (kind, lang, JavaScript on)
    ("late_elderly", "ja", False), ("late_elderly", "en", True),
    ("card_none", "ja", True), ("not_registered", "en", False), ("restricted_yes", "en", True),
    ("registered_under_70", "ja", True), ("turning_70", "en", False),
    ("registration_unknown", "ja", False), ("restricted_skipped", "en", True),
    ("care_need", "ja", True), ("lost_card", "en", False),
    ("employer_and_deregistration", "ja", False),
)
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
# The table keeps its promises (checked when the module loads, before any walk).
assert sorted(name for names in FAMILIES.values() for name in names) == sorted(KINDS_BY_NAME)
assert {name for name, _, _ in PAIRS} == set(KINDS_BY_NAME), "a kind is never walked"
assert all(count >= 3 for count in Counter((lang, js) for _, lang, js in PAIRS).values()) \
    and len({(lang, js) for _, lang, js in PAIRS}) == 4
for _family, _names in FAMILIES.items():
    _walked = [(lang, js) for name, lang, js in PAIRS if name in _names]
    assert {lang for lang, _ in _walked} == set(LANGS), _family
    assert {js for _, js in _walked} == {True, False}, _family

WALKS = [
    pytest.param(KINDS_BY_NAME[name], lang, js, WIDTHS[i % len(WIDTHS)],
                 id=f"{name}-{lang}-{'js' if js else 'nojs'}-{WIDTHS[i % len(WIDTHS)]}")
    for i, (name, lang, js) in enumerate(PAIRS)
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
                      papers=(Paper("Notice of insurance qualification", None,  # no start date said
                                    date(2026, 5, 31)),
                              Paper("Notice of insurance qualification", date(2026, 6, 1),
                                    date(2026, 7, 31), current=False, cost_share=True)))
    assert_outcome(tab, turning_70)
