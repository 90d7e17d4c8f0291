"""A full-page screenshot of every page and error state at 360 px, in Japanese and in
English, into screenshots/ at the repo root (git-ignored), for people to look at.

Part of every run of the suite (``make screenshots`` runs only these). Files: screenshots/360-<lang>-<nn>-<page>.png, in tour order."""
from __future__ import annotations

import struct
from pathlib import Path

import pytest

from .pages import LANGS, tour

pytestmark = pytest.mark.browser

OUT = Path(__file__).resolve().parents[2] / "screenshots"
WIDTH = 360


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("lang", LANGS)
def test_screenshot_every_page(tabs, lang):
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob(f"{WIDTH}-{lang}-*.png"):
        old.unlink()
    tab = tabs(WIDTH, js=True)
    written: list[Path] = []

    def visit(name: str) -> None:
        path = OUT / f"{WIDTH}-{lang}-{len(written) + 1:02d}-{name}.png"
        tab.page.screenshot(path=str(path), full_page=True, animations="disabled")
        written.append(path)

    names = tour(tab, lang, visit)
    assert len(written) == len(names) >= 30
    for path in written:
        width, height = png_size(path)
        assert width == WIDTH and height >= 568, (path.name, width, height)
