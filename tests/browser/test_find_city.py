"""A resident who arrives at / without their city's address finds it (issue 31), without
JavaScript, on a 320 px phone: by its name typed in katakana and sent with Enter, or through
their prefecture; the language switch keeps the search. The city is the served data's first."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def first_city(tab):
    return next(iter(tab.server.app.extensions["loaded_data"].cities.values()))


def test_without_javascript_a_resident_finds_their_city_by_its_name_in_katakana(tabs):
    tab = tabs(320, js=False)
    page, city = tab.page, first_city(tab)
    tab.goto("/")
    page.get_by_role("searchbox").fill("".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c
                                               for c in city.name_reading))
    tab.nav(page.get_by_role("searchbox"), key="Enter")
    assert tab.path == "/search"
    tab.nav(page.get_by_role("link", name=f"{city.name['ja']} {city.prefecture.name['ja']}", exact=True))
    assert tab.path == f"/{city.id}/"
    tab.monitor.assert_clean()


def test_an_empty_search_says_what_to_type_and_the_language_switch_keeps_a_search(tabs):
    tab = tabs(320, js=False)
    page, city = tab.page, first_city(tab)
    tab.goto("/")
    tab.nav(page.get_by_role("button", name=tab.t("Search"), exact=True))
    assert page.locator("#q-error").inner_text().endswith(tab.t("Enter the name of your city, town or village"))
    assert page.get_by_role("searchbox").get_attribute("aria-invalid") == "true"
    page.get_by_role("searchbox").fill(city.name_reading)
    tab.nav(page.get_by_role("button", name=tab.t("Search"), exact=True))
    tab.nav(page.get_by_role("link", name="English", exact=True))
    assert tab.path == "/search" and page.get_by_role("searchbox").input_value() == city.name_reading
    assert page.get_by_role("link", name=f"{city.name['en']} {city.prefecture.name['en']}", exact=True).is_visible()
    tab.monitor.assert_clean()


def test_through_the_prefectures_page(tabs):
    tab = tabs(360, js=False)
    page, city = tab.page, first_city(tab)
    tab.goto(f"/prefecture/{city.prefecture.id}/")
    assert page.get_by_role("heading", level=1).inner_text() == \
        tab.t("Cities, towns and villages of %(prefecture)s", prefecture=city.prefecture.name["ja"])
    tab.nav(page.get_by_role("link", name=city.name["ja"], exact=True))
    assert tab.path == f"/{city.id}/"
    tab.monitor.assert_clean()
