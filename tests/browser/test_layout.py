"""Layout on phones, on every page and error state, in both languages, at 320, 360 and
390 px:

- no sideways scrolling (document.documentElement.scrollWidth <= clientWidth);
- with all text at 200 % (html font-size set to 200 % by an injected style: the context
  bypasses CSP for it), still no sideways scrolling, no box with overflow hidden/clip that
  cuts its content off, no text outside the viewport, no field too narrow for its value;
- every visible link, button, radio, field, summary and label is at least 44×44 CSS px.
  Exempt, per WCAG 2.5.8's inline exception: a link that is ``display: inline`` inside a
  block that has other text (a link in a sentence, whose height the line sets). The
  skip link is measured when it has the focus (test_keyboard.py);
- every visible piece of text is at least 16 CSS px, the body text included.

Colour contrast is axe's color-contrast rule (test_axe.py)."""
from __future__ import annotations

import pytest

from .pages import (LANGS, SMALL_TEXT, TARGET_PROBLEMS, WIDTHS, layout_problems, tour,
                    with_text_200)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_a_phone(tabs, width, lang):
    tab = tabs(width, js=True, bypass_csp=True)
    problems: dict[str, list[str]] = {}
    exempt: set[str] = set()

    def visit(name: str) -> None:
        found = list(layout_problems(tab))
        targets = tab.page.evaluate(TARGET_PROBLEMS)
        found += [f"target too small: {p}" for p in targets["problems"]]
        exempt.update(targets["inline"])
        text = tab.page.evaluate(SMALL_TEXT)
        assert text["body"] >= 16, f"{name}: body text is {text['body']}px"
        found += [f"text below 16px: {p}" for p in text["problems"]]
        found += [f"at 200% text: {p}" for p in with_text_200(tab, lambda: layout_problems(tab))]
        if found:
            problems[name] = found

    names = tour(tab, lang, visit)
    assert len(names) >= 30
    assert not problems, f"layout problems at {width} px [{lang}]:\n" + "\n".join(
        f"  {name}: {p}" for name, found in problems.items() for p in found)
