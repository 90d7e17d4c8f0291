"""A page's ふりがな as the tests read it: each run of text with its readings, and how an
independent analyser (MeCab's fugashi with unidic-lite) reads the same words (issue 28).
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from webapp.furigana import HAS_KANJI, align, hiragana

RUBY = re.compile(r'<ruby>(.*?)<rt aria-hidden="true">(.*?)</rt></ruby>', re.S)
# Any tag but a ruby's own: what a text run stops at.
OTHER_TAG = re.compile(r"<(?!/?(?:ruby|rt)\b)[^>]*>")
SKIPPED = re.compile(r"<(script|style|title|textarea|option)\b.*?</\1\s*>", re.S | re.I)
DIGIT = re.compile(r"[0-9０-９]")

Span = tuple[int, int, str | None]  # where a piece stands in its text, and its reading


@dataclass(frozen=True)
class Disagreement:
    words: str  # the piece of text both read, cut where both cut it
    ours: str
    unidic: str
    text: str  # the whole run it stands in


def runs(page: str) -> Iterator[tuple[str, tuple[Span, ...]]]:
    """Each run of text with ruby in it: its plain text, and where each reading stands."""
    for run in OTHER_TAG.split(SKIPPED.sub("", page)):
        if "<ruby>" not in run:
            continue
        text, spans, at = [], [], 0
        for piece in re.split(r"(<ruby>.*?</ruby>)", run, flags=re.S):
            found = RUBY.fullmatch(piece)
            base, read = (html.unescape(found[1]), found[2]) if found else (html.unescape(piece), None)
            if base:
                spans.append((at, at + len(base), read))
                text.append(base)
                at += len(base)
        yield "".join(text), tuple(spans)


@cache
def _tagger():
    import fugashi  # unidic-lite's dictionary, found by fugashi itself
    return fugashi.Tagger()


@cache
def unidic_spans(text: str) -> tuple[Span, ...]:
    """How unidic-lite reads ``text``: each word's reading split over its kanji (as the
    app splits its own, furigana.align), its kana and digits without one."""
    spans: list[Span] = []
    at = 0
    for word in _tagger()(text):
        surface = word.surface
        start = text.index(surface, at)
        if start > at:  # spaces MeCab skips
            spans.append((at, start, None))
        kana = word.feature.kana
        if not HAS_KANJI.search(surface) or not kana or kana == "*":
            spans.append((start, start + len(surface), None))
        else:
            offset = start
            for piece, read in align(surface, hiragana(kana)):
                spans.append((offset, offset + len(piece), read))
                offset += len(piece)
        at = start + len(surface)
    if at < len(text):
        spans.append((at, len(text), None))
    return tuple(spans)


def disagreements(text: str, ours: tuple[Span, ...]) -> Iterator[Disagreement]:
    """Where our reading and unidic-lite's differ, each over the shortest piece both cut at
    its ends. A piece with a digit or after one is left out: a counter after a number (31日,
    1日, 2人, 30分) is read by the number, by the app's rule, and test_furigana pins those."""
    theirs = unidic_spans(text)
    i = j = 0
    start = 0
    while i < len(ours) and j < len(theirs):
        end_ours, end_theirs = ours[i][1], theirs[j][1]
        first_i, first_j = i, j
        while end_ours != end_theirs:
            if end_ours < end_theirs:
                i += 1
                end_ours = ours[i][1]
            else:
                j += 1
                end_theirs = theirs[j][1]
        piece = text[start:end_ours]
        said = "".join(read or text[a:b] for a, b, read in ours[first_i:i + 1])
        heard = "".join(read or text[a:b] for a, b, read in theirs[first_j:j + 1])
        after_number = start > 0 and DIGIT.match(text[start - 1]) is not None
        if (HAS_KANJI.search(piece) and not DIGIT.search(piece) and not after_number
                and hiragana(said) != hiragana(heard)):
            yield Disagreement(piece, hiragana(said), hiragana(heard), text)
        i, j, start = i + 1, j + 1, end_ours
