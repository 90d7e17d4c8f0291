"""One tour of every page and every error state (pages.tour), in 日本語, やさしい日本語 and
English (with ふりがな: test_furigana.py).
Each page is visited once, and every check runs there:

- axe-core, for the WCAG 2.0/2.1/2.2 A and AA rules (AXE_TAGS), at 360 px: no violation
  at all, and the rules in AXE_ALWAYS_RUN must have run;
- layout on phones at 320, 360 and 390 px (the viewport is resized on the page):
  - no sideways scrolling (document.documentElement.scrollWidth <= clientWidth);
  - with all text at 200 % (the root font size set through the CSSOM), still no sideways
    scrolling, no box with overflow hidden/clip that cuts its content off, no text outside
    the viewport, no field too narrow for its value;
  - every visible link, button, radio, field, summary and label is at least 44×44 CSS px.
    Exempt, per WCAG 2.5.8's inline exception: a link that is ``display: inline`` inside
    a block that has other text (a link in a sentence, whose height the line sets). The
    skip link is measured when it has the focus (test_keyboard.py);
  - every visible piece of text is at least 16 CSS px, the body text included;
- no console error, uncaught exception, failed request or unannounced 4xx/5xx (the tab's
  Monitor). The context keeps the app's Content-Security-Policy: axe goes in through the
  DevTools protocol and the 200 % text through the CSSOM, neither of which the policy
  governs, so a violation of the policy by the app itself would show as a console error.

With ``--screenshots DIR`` (``make screenshots``) the tour also writes a full-page
screenshot of each page at 360 px: DIR/360-<lang>-<nn>-<page>.png, in tour order. Without
it no file is written; the screenshots are for people to look at, not a test.
"""
from __future__ import annotations

import struct
from pathlib import Path

import pytest

from .pages import (
    PAGE_LANGS,
    SMALL_TEXT,
    TARGET_PROBLEMS,
    VIEWPORTS,
    axe_violations,
    layout_problems,
    tour,
    with_text_200,
)

pytestmark = pytest.mark.browser

TOUR_WIDTH = 360  # axe and the screenshots; the layout checks run at every width
# The layout widths, ending on TOUR_WIDTH so that the tour goes on at that width.
LAYOUT_WIDTHS = sorted(VIEWPORTS, key=lambda width: width == TOUR_WIDTH)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def layout_at(tab, name: str, width: int, exempt: set[str]) -> list[str]:
    tab.page.set_viewport_size({"width": width, "height": VIEWPORTS[width]})
    inner = tab.page.evaluate("document.documentElement.clientWidth")
    assert inner == width, f"{name}: the page is {inner} px wide in a {width} px viewport"
    found = list(layout_problems(tab))
    targets = tab.page.evaluate(TARGET_PROBLEMS)
    found += [f"target too small: {p}" for p in targets["problems"]]
    exempt.update(targets["inline"])
    text = tab.page.evaluate(SMALL_TEXT)
    assert text["body"] >= 16, f"{name} at {width} px: body text is {text['body']}px"
    found += [f"text below 16px: {p}" for p in text["problems"]]
    found += [f"at 200% text: {p}" for p in with_text_200(tab, lambda: layout_problems(tab))]
    return found


@pytest.mark.parametrize("lang", PAGE_LANGS)
def test_every_page_passes_every_check(tabs, screenshot_dir, lang):
    tab = tabs(TOUR_WIDTH, js=True)
    axe_reports: list[str] = []
    layout: dict[str, list[str]] = {}
    exempt: set[str] = set()
    written: list[Path] = []
    if screenshot_dir is not None:
        screenshot_dir.mkdir(parents=True, exist_ok=True)
        for old in screenshot_dir.glob(f"{TOUR_WIDTH}-{lang}-*.png"):
            old.unlink()

    def visit(name: str) -> None:
        report = axe_violations(tab, name)
        if report:
            axe_reports.append(report)
        if screenshot_dir is not None:
            path = screenshot_dir / f"{TOUR_WIDTH}-{lang}-{len(written) + 1:02d}-{name}.png"
            tab.page.screenshot(path=str(path), full_page=True, animations="disabled")
            written.append(path)
        for width in LAYOUT_WIDTHS:
            found = layout_at(tab, name, width, exempt)
            if found:
                layout[f"{name} at {width} px"] = found
        tab.monitor.assert_clean()

    names = tour(tab, lang, visit)
    assert len(names) == len(set(names)) >= 30
    assert not axe_reports, "axe found violations:\n" + "\n".join(axe_reports)
    assert not layout, f"layout problems [{lang}]:\n" + "\n".join(
        f"  {where}: {p}" for where, found in layout.items() for p in found)
    if screenshot_dir is not None:
        assert len(written) == len(names)
        for path in written:
            width, height = png_size(path)
            assert width == TOUR_WIDTH and height >= VIEWPORTS[TOUR_WIDTH], \
                (path.name, width, height)
