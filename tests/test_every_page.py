"""Issue 28, over every page a crawl reaches (tests/crawl.py: the site's pages, each question
with and without its error, the check page and the result of every case the staff preview
shows, a household of eight), in both cities and both years: each reading agrees with an
independent analyser or is judged in tests/readings.yaml; no private-use character reaches
a page; no gloss nests in brackets or hides in the print header; ruby stands over kanji only,
and text meant for a screen reader alone carries none."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from tests.corpus import CITIES
from tests.crawl import YEARS, pages
from tests.ruby_text import RUBY, disagreements, runs

JUDGED = {(item["words"], item["ours"], item["unidic"]): item["why"] for item in yaml.safe_load(
    (Path(__file__).parent / "readings.yaml").read_text(encoding="utf-8"))["judged"]}
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
KANA = re.compile(r"[ぁ-んァ-ヶー]")
VISUALLY_HIDDEN = re.compile(r'<([a-z][a-z0-9]*)\b[^>]*\bclass="(?:[^"]*\s)?visually-hidden["\s][^>]*>(.*?)</\1>', re.S)
GLOSS = '<span class="gloss">'
BLOCK = re.compile(r"<(?:p|li|dd|td|h[1-4])[\s>]")
TAG_OR_READING = re.compile(r"<rt[^>]*>.*?</rt>|<[^>]+>", re.S)

cities_and_years = pytest.mark.parametrize(("city", "year"), [(c, y) for c in CITIES for y in YEARS])


@cache
def crawl(city: str, year: str, lang: str) -> tuple[tuple[str, str], ...]:
    return tuple(pages(city, year, lang))


@cities_and_years
def test_every_reading_agrees_with_unidic_or_is_judged(city, year):
    """Issue 28: 1.5 readings in 1,000 were wrong. Each text with ruby, in Japanese and in
    やさしい日本語, is read again by MeCab with unidic-lite; where the two differ, the reading
    is listed and judged in tests/readings.yaml (a new disagreement fails until judged)."""
    unjudged: dict[tuple[str, str, str], str] = {}
    seen: set[str] = set()
    for lang in ("ja", "ja-easy"):
        for _, page in crawl(city, year, lang):
            for text, spans in runs(page):
                if text in seen:
                    continue
                seen.add(text)
                for found in disagreements(text, spans):
                    key = (found.words, found.ours, found.unidic)
                    if key not in JUDGED:
                        unjudged.setdefault(key, found.text)
    assert len(seen) > 500, "the crawl read too few texts"
    assert not unjudged, "\n".join(f"{words}: ours {ours}, unidic {unidic} in 「{text}」"
                                   for (words, ours, unidic), text in unjudged.items())


@cities_and_years
@pytest.mark.parametrize("lang", ["ja", "ja-easy", "en"])
def test_no_private_use_character_reaches_any_page(city, year, lang):
    """Issue 28: the gloss marks reached 102 pages as □. The app's own marks (the glosses',
    the dates') are private-use characters; none may reach a page."""
    found = {name: sorted(set(PRIVATE_USE.findall(page))) for name, page in crawl(city, year, lang)
             if PRIVATE_USE.search(page)}
    assert not found, found


@cities_and_years
def test_a_gloss_never_stands_inside_brackets(city, year):
    """Issue 28: 「負担割合（病院で自分が払うお金の割合）」 inside another bracket. A term
    inside brackets is glossed where it next stands outside them."""
    nested = set()
    for _, page in crawl(city, year, "ja-easy"):
        for found in re.finditer(re.escape(GLOSS), page):
            block = max((m.end() for m in BLOCK.finditer(page, 0, found.start())), default=0)
            before = TAG_OR_READING.sub("", page[block:found.start()])
            if before.count("（") > before.count("）"):
                nested.add(before[-40:])
    assert not nested, nested


@cities_and_years
def test_each_gloss_shows_once_and_on_screen(city, year):
    """Issue 28: the print-only header took a term's one gloss, so the screen never showed it.
    A gloss is on screen (not in the print header, not on the answer card), once per term."""
    glossed_pages = 0
    for name, page in crawl(city, year, "ja-easy"):
        glosses = [TAG_OR_READING.sub("", gloss) for gloss in re.findall(
            re.escape(GLOSS) + r"(.*?)</span>", page)]
        assert len(glosses) == len(set(glosses)), (name, glosses)
        header = re.search(r'<header class="print-only.*?</header>', page, re.S)
        assert header is None or GLOSS not in header.group(), name
        glossed_pages += bool(glosses)
    assert glossed_pages > 100


@cities_and_years
def test_ruby_stands_over_kanji_only_and_never_in_text_for_screen_readers(city, year):
    """Issue 28: 「マイナ保険証」 read マイナほけんしょう over the whole term; and readings
    sat in text only a screen reader reads. Every ruby's base is kanji (with a number's
    digits where the number reads its counter: 1日 ついたち); .visually-hidden holds none."""
    over_kana, hidden = set(), set()
    for lang in ("ja", "ja-easy"):
        for name, page in crawl(city, year, lang):
            over_kana |= {base for base, _ in RUBY.findall(page) if KANA.search(base)}
            hidden |= {f"{name}: {text}" for _, text in VISUALLY_HIDDEN.findall(page) if "<ruby>" in text}
    assert not over_kana, over_kana
    assert not hidden, hidden
