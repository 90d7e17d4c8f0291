"""The checks themselves can fail: each one is shown a page with the fault it looks for.

Without this a check that silently found nothing (a wrong selector, axe not running, a
listener never attached) would pass every page of the app."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .pages import (
    AXE_OPTIONS,
    FOCUS_STATE,
    KINDS,
    LAYOUT_PROBLEMS,
    SMALL_TEXT,
    TARGET_PROBLEMS,
    assert_check_page,
    assert_outcome,
    walk,
    with_text_200,
)

pytestmark = pytest.mark.browser

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
BAD_PAGE = """<!doctype html><html lang="en"><head>""" + VIEWPORT + """<style>
  body { margin: 0; font-size: 18px; }
  .wide { width: 600px; }
  .clip { width: 100px; height: 30px; overflow: hidden; white-space: nowrap; }
  .tiny { font-size: 12px; }
  .small-button { width: 20px; height: 20px; padding: 0; }
</style></head><body>
  <div class="wide">Too wide for a phone</div>
  <div class="clip">This text is far too long for its box</div>
  <p class="tiny">Tiny text</p>
  <p><button class="small-button">x</button></p>
  <p><a id="alone" href="#a">A link on its own</a></p>
  <p>Read <a id="inline" href="#b">the policy</a> before you start.</p>
</body></html>"""


def test_layout_target_and_text_checks_find_faults(tabs):
    tab = tabs(320, js=True, bypass_csp=True)
    tab.page.set_content(BAD_PAGE)
    layout = "\n".join(tab.page.evaluate(LAYOUT_PROBLEMS))
    assert "horizontal scroll" in layout
    assert 'clipped sideways: div.clip "This text is far' in layout
    targets = tab.page.evaluate(TARGET_PROBLEMS)
    found = "\n".join(targets["problems"])
    assert 'button.small-button "x" is 20.0×20.0 px' in found
    assert 'a#alone "A link on its own"' in found  # alone in its paragraph: not exempt
    assert targets["inline"] == ['a#inline "the policy"']  # in a sentence: exempt
    text = tab.page.evaluate(SMALL_TEXT)
    assert text["body"] == 18 and any('p.tiny "Tiny text" is 12px' in p for p in text["problems"])


def test_the_200_percent_check_finds_text_that_only_fits_at_100(tabs):
    tab = tabs(390, js=True, bypass_csp=True)
    tab.page.set_content('<!doctype html><html lang="en"><head>' + VIEWPORT + '</head>'
                         '<body style="margin:0"><p style="white-space:nowrap;font-size:1rem">'
                         "This line fits at normal text size only</p></body></html>")
    assert tab.page.evaluate(LAYOUT_PROBLEMS) == []
    at_200 = with_text_200(tab, lambda: tab.page.evaluate(LAYOUT_PROBLEMS))
    assert any("horizontal scroll" in p for p in at_200), at_200


def test_the_focus_check_sees_a_missing_focus_indicator(tabs):
    tab = tabs(360, js=True, bypass_csp=True)
    tab.page.set_content('<!doctype html><html lang="en"><head><style>'
                         "#hidden:focus { outline: none; box-shadow: none; }</style></head>"
                         '<body><button id="hidden">no ring</button>'
                         '<button id="ringed">ring</button></body></html>')
    tab.page.keyboard.press("Tab")
    hidden = tab.page.evaluate(FOCUS_STATE, "#hidden")
    assert hidden["matches"] and not hidden["outline"] and not hidden["shadow"]
    tab.page.keyboard.press("Tab")
    ringed = tab.page.evaluate(FOCUS_STATE, "#ringed")
    assert ringed["matches"] and ringed["outline"]


def test_the_monitor_catches_errors_and_failed_requests(tabs, live_server):
    tab = tabs(360, js=True)
    tab.goto("/")
    tab.page.evaluate("console.error('boom')")
    tab.page.evaluate("fetch('/static/missing.css').catch(() => null)")
    tab.context.route("**/static/dropped.css", lambda route: route.abort("connectionrefused"))
    tab.page.evaluate("fetch('/static/dropped.css').catch(() => null)")
    tab.page.wait_for_timeout(300)
    problems = "\n".join(tab.monitor.problems)
    with pytest.raises(AssertionError):
        tab.monitor.assert_clean()
    assert "console error: boom" in problems
    assert "HTTP 404 for GET " + live_server.url + "/static/missing.css" in problems
    assert "request failed: GET " + live_server.url + "/static/dropped.css" in problems
    # A page that is not the app's (a missing favicon) is caught by Tab.loaded.
    tab.page.set_content("<title>x</title>")
    with pytest.raises(AssertionError, match="no favicon"):
        tab.loaded()
    tab.monitor.problems.clear()
    tab.monitor.reported = 0


def test_axe_reports_violations(tabs):
    tab = tabs(360, js=True, bypass_csp=True)
    tab.page.set_content('<!doctype html><html><body><p style="color:#bbb;background:#fff">'
                         "Pale text</p><button></button></body></html>")
    results = Axe().run(tab.page, options=AXE_OPTIONS)
    found = {v["id"] for v in results.response["violations"]}
    assert {"color-contrast", "button-name", "html-has-lang"} <= found, found


def test_the_tour_keeps_the_apps_policy_and_its_checks_still_work(tabs):
    """The tour's context does not bypass CSP: the app's policy refuses (and the monitor
    reports) an inline style, while axe and the 200 % text still go in and find faults."""
    tab = tabs(360, js=True)
    tab.goto("/")
    with tab.page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        with pytest.raises(Exception, match="Content Security Policy"):
            tab.page.add_style_tag(content="body { color: red }")
    with pytest.raises(AssertionError, match="console error: .*Content Security Policy"):
        tab.monitor.assert_clean()
    body = with_text_200(tab, lambda: tab.page.evaluate(
        "parseFloat(getComputedStyle(document.body).fontSize)"))
    assert body >= 32
    tab.page.evaluate("""() => { const p = document.createElement('p');
        p.textContent = 'Pale text'; p.style.color = '#ccc';
        document.querySelector('main').append(p); }""")
    found = {v["id"] for v in Axe().run(tab.page, options=AXE_OPTIONS).response["violations"]}
    assert found == {"color-contrast"}, found
    tab.monitor.assert_clean()


def test_the_outcome_checks_notice_a_wrong_result(tabs):
    kinds = {kind.name: kind for kind in KINDS}
    tab = walk(tabs(390, js=True), kinds["registered_under_70"], "en")
    for wrong in ("turning_70", "care_need", "late_elderly", "registration_unknown"):
        with pytest.raises(AssertionError):
            assert_outcome(tab, kinds[wrong])
    tab.page.go_back()
    with pytest.raises(AssertionError):
        assert_check_page(tab, kinds["restricted_skipped"])  # shows "No", not "Not answered"
    assert_check_page(tab, kinds["registered_under_70"])
