"""A resident who arrives at / without their city's address finds it (issue 31), without
JavaScript, on a 320 px phone: by its name typed in katakana and sent with Enter, or through
their prefecture; the language switch keeps the search."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CITY = "shiroishi"


def test_without_javascript_a_resident_finds_their_city_by_its_name_in_katakana(tabs):
    tab = tabs(320, js=False)
    page = tab.page
    tab.goto("/")
    page.get_by_role("searchbox").fill("シロイシ")
    tab.nav(page.get_by_role("searchbox"), key="Enter")
    assert tab.path == "/search"
    city = tab.server.city_name(CITY, "ja")
    tab.nav(page.get_by_role("link", name=f"{city} 宮城県", exact=True))
    assert tab.path == f"/{CITY}/"
    tab.monitor.assert_clean()


def test_an_empty_search_says_what_to_type_and_the_language_switch_keeps_a_search(tabs):
    tab = tabs(320, js=False)
    page = tab.page
    tab.goto("/")
    tab.nav(page.get_by_role("button", name=tab.t("Search"), exact=True))
    assert page.locator("#q-error").inner_text().endswith(tab.t("Enter the name of your city, town or village"))
    assert page.get_by_role("searchbox").get_attribute("aria-invalid") == "true"
    page.get_by_role("searchbox").fill("しろいし")
    tab.nav(page.get_by_role("button", name=tab.t("Search"), exact=True))
    tab.nav(page.get_by_role("link", name="English", exact=True))
    assert tab.path == "/search" and page.get_by_role("searchbox").input_value() == "しろいし"
    assert page.get_by_role("link", name="Shiroishi City Miyagi", exact=True).is_visible()
    tab.monitor.assert_clean()


def test_through_the_prefectures_page(tabs):
    tab = tabs(360, js=False)
    page = tab.page
    tab.goto("/prefecture/miyagi/")
    assert page.get_by_role("heading", level=1).inner_text() == "宮城県の市区町村"
    tab.nav(page.get_by_role("link", name=tab.server.city_name(CITY, "ja"), exact=True))
    assert tab.path == f"/{CITY}/"
    tab.monitor.assert_clean()
