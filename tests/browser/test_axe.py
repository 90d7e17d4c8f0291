"""axe-core on every page and every error state, in Japanese and in English, for the
WCAG 2.0/2.1/2.2 A and AA rules: no violation at all.

axe is injected by Playwright into the page, so the context bypasses the page's CSP; the
app's own policy is untouched (the other tests run with it and fail on any violation
report in the console)."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .pages import LANGS, tour

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
# Rules that must have looked at every page (a guard against axe silently doing nothing).
ALWAYS_RUN = {"color-contrast", "document-title", "html-has-lang", "html-lang-valid",
              "link-name", "target-size"}


@pytest.mark.parametrize("lang", LANGS)
def test_no_axe_violations_on_any_page(tabs, lang):
    tab = tabs(360, js=True, bypass_csp=True)
    axe = Axe()
    reports: dict[str, str] = {}

    def visit(name: str) -> None:
        results = axe.run(tab.page, options=OPTIONS)
        response = results.response
        assert response["toolOptions"]["runOnly"]["values"] == TAGS
        ran = {rule["id"] for kind in ("passes", "violations", "incomplete", "inapplicable")
               for rule in response.get(kind, [])}
        assert ALWAYS_RUN <= ran, f"{name}: axe did not run {ALWAYS_RUN - ran}"
        if results.violations_count:
            rules = ", ".join(sorted(v["id"] for v in response["violations"]))
            reports[name] = f"== {name} [{lang}] ({tab.page.url}): {rules}\n" + \
                results.generate_report()

    names = tour(tab, lang, visit)
    assert len(names) == len(set(names)) >= 30
    assert not reports, "axe found violations:\n" + "\n".join(reports.values())
