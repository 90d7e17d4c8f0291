"""ふりがな: ruby over the kanji of a page's Japanese text.

A reading comes from the domain dictionary (``data/readings.yaml``: the papers' names,
offices, era and place names, read as the pages mean them) where a term of it stands, and
from SudachiPy with SudachiDict-core elsewhere (docs/furigana.md says why these).

Every text is read once: ``reading_parts`` is remembered per text. What a resident typed
or was told of their own birth date never enters that memory: digits are masked ("0") and
an era name before digits is masked too ("令和"), so a kept key holds the page's words
only; the digits, the era and the number's counter ("1日" ついたち) are put back
afterwards, each time.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import yaml
from markupsafe import escape

from .caching import memoized

READINGS_FILE = Path(__file__).parent / "data" / "readings.yaml"
KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
HAS_KANJI = re.compile(f"[{KANJI}]")
RUNS = re.compile(f"[{KANJI}]+|[^{KANJI}]+")
ERAS = {"明治": "めいじ", "大正": "たいしょう", "昭和": "しょうわ", "平成": "へいせい", "令和": "れいわ"}
# A number and an era before it may be a resident's own (a birth year): masked in keys.
NUMBER = re.compile(r"(明治|大正|昭和|平成|令和)?([0-9０-９]+)")
ERA_MASK = "令和"
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# A counter after a number, read by the number (a national reading, not the dictionary's).
DAYS = {1: "ついたち", 2: "ふつか", 3: "みっか", 4: "よっか", 5: "いつか", 6: "むいか", 7: "なのか",
        8: "ようか", 9: "ここのか", 10: "とおか", 14: "じゅうよっか", 20: "はつか", 24: "にじゅうよっか"}
PEOPLE = {1: "ひとり", 2: "ふたり"}
COUNTERS = {"年": "ねん", "月": "がつ", "日": "にち", "歳": "さい", "人": "にん", "時": "じ", "階": "かい",
            "回": "かい", "枚": "まい", "件": "けん", "割": "わり", "円": "えん", "号": "ごう", "番": "ばん",
            "週間": "しゅうかん", "年間": "ねんかん", "日間": "にちかん", "時間": "じかん", "歳以上": "さいいじょう",
            "歳未満": "さいみまん", "歳以下": "さいいか"}

Part = tuple[str, str | None]  # a piece of text and its reading (None: no kanji in it)


def hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


@cache
def dictionary() -> dict[str, str]:
    terms = yaml.safe_load(READINGS_FILE.read_text(encoding="utf-8"))["terms"]
    return {term: entry["reading"] for term, entry in terms.items()}


@cache
def glosses() -> dict[str, str]:
    """The やさしい日本語 gloss of each domain term that has one."""
    terms = yaml.safe_load(READINGS_FILE.read_text(encoding="utf-8"))["terms"]
    return {term: entry["easy"] for term, entry in terms.items() if entry.get("easy")}


@cache
def _by_first_character() -> dict[str, tuple[str, ...]]:
    starts: dict[str, list[str]] = {}
    for term in dictionary():
        starts.setdefault(term[0], []).append(term)
    return {first: tuple(sorted(terms, key=len, reverse=True)) for first, terms in starts.items()}


_local = threading.local()


@cache
def _sudachi():
    from sudachipy import Dictionary  # loaded on the first Japanese page with ふりがな
    return Dictionary(dict="core")


def _tokenizer():
    # One per thread: a Sudachi tokenizer is not to be shared between threads. Mode C:
    # the longest units, so that a compound (有効期限) is read as one word.
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        tokenizer = _local.tokenizer = _sudachi().tokenizer(mode="C")
    return tokenizer


def align(surface: str, reading: str) -> list[Part]:
    """A word's reading split over its kanji, its kana left bare: 届きます → 届(とど)きます."""
    runs = RUNS.findall(surface)
    if len(runs) == 1:
        return [(surface, reading)]
    pattern = "".join("(.+?)" if HAS_KANJI.match(run) else f"({re.escape(hiragana(run))})" for run in runs)
    found = re.fullmatch(pattern, reading)
    if found is None:
        return [(surface, reading)]  # the reading does not split: over the whole word
    return [(run, found.group(number + 1) if HAS_KANJI.match(run) else None)
            for number, run in enumerate(runs)]


def _analysed(text: str) -> Iterator[Part]:
    if not HAS_KANJI.search(text):
        yield text, None
        return
    for morpheme in _tokenizer().tokenize(text):
        surface = morpheme.surface()
        reading = hiragana(morpheme.reading_form())
        if not HAS_KANJI.search(surface):
            yield surface, None
        elif HAS_KANJI.search(reading) or not reading:
            yield surface, None  # a word the dictionary cannot read: left bare, never guessed
        elif surface == "方":
            yield surface, "かた"  # on these pages a person ("お持ちの方"), not a direction
        else:
            yield from _in_short_units(surface, reading, morpheme.split("A"))


def _in_short_units(surface: str, reading: str, units) -> Iterator[Part]:
    """A compound read as a whole (健康保険証 けんこうほけんしょう), its ruby set per short
    unit where their readings make up the whole (健康|保険|証): a line may then break
    inside it, and each reading stands over its own kanji."""
    readings = [hiragana(unit.reading_form()) for unit in units]
    if len(units) < 2 or "".join(readings) != reading:
        yield from align(surface, reading)
        return
    for unit, unit_reading in zip(units, readings, strict=True):
        if HAS_KANJI.search(unit.surface()):
            yield from align(unit.surface(), unit_reading)
        else:
            yield unit.surface(), None


@cache
def _term_parts(term: str) -> tuple[Part, ...]:
    """A domain term's ruby: by short unit where the analyser's units read as the
    dictionary says, else over the term's kanji as a whole."""
    units = [unit for morpheme in _tokenizer().tokenize(term) for unit in (morpheme.split("A") or [morpheme])]
    if "".join(unit.surface() for unit in units) == term:
        found = list(_in_short_units(term, dictionary()[term], units))
        if "".join(read or piece for piece, read in found) == dictionary()[term]:
            return tuple(found)
    return tuple(align(term, dictionary()[term]))


def _domain_spans(text: str) -> Iterator[Part]:
    """The text cut at the domain's terms (each read as the dictionary says), the rest
    analysed."""
    starts = _by_first_character()
    plain_from = at = 0
    while at < len(text):
        term = next((t for t in starts.get(text[at], ()) if text.startswith(t, at)), None)
        if term is None:
            at += 1
            continue
        yield from _analysed(text[plain_from:at])
        yield from _term_parts(term)
        at = plain_from = at + len(term)
    yield from _analysed(text[plain_from:])


@memoized(maxsize=50_000)
def _masked_parts(masked: str) -> tuple[Part, ...]:
    merged: list[Part] = []
    for surface, reading in _domain_spans(masked):
        if not surface:
            continue
        if reading is None and merged and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + surface, None)
        else:
            merged.append((surface, reading))
    return tuple(merged)


def _mask(text: str) -> str:
    return NUMBER.sub(lambda m: (ERA_MASK if m.group(1) else "") + "0" * len(m.group(2)), text)


def reading_parts(text: str) -> tuple[Part, ...]:
    """``text`` as (piece, reading) pairs, in order; the pieces join to ``text``."""
    out: list[Part] = []
    at = 0
    for masked, read in _masked_parts(_mask(text)):
        piece = text[at:at + len(masked)]
        at += len(masked)
        if piece in ERAS and masked == ERA_MASK:
            read = ERAS[piece]
        _add_counted(out, piece, read)
    return tuple(part for part in out if part[0])


def _add_counted(out: list[Part], piece: str, read: str | None) -> None:
    """Adds a part, a counter after a number read by the number: 31日 31にち, but 1日
    ついたち and 2人 ふたり over the whole "1日" (the digits join the ruby's base)."""
    before = out[-1][0] if out else ""
    digits = re.search(r"[0-9０-９]+$", before)
    if piece == "月" and re.search(r"[0-9０-９][かヶカケ]$", before):
        out.append((piece, "げつ"))  # 3か月
        return
    if piece == "頃" and (digits or out and out[-1][1]):
        out.append((piece, "ごろ"))  # after a day or a word: 下旬頃, 10日頃
        return
    if piece == "分" and digits:
        out.append((piece, "ぷん" if digits.group()[-1] in "134680１３４６８０" else "ふん"))
        return
    if not digits or piece not in COUNTERS:
        out.append((piece, read))
        return
    number = int(digits.group().translate(FULL_WIDTH_DIGITS))
    special = {"日": DAYS, "人": PEOPLE}.get(piece, {}).get(number)
    if special is None:
        out.append((piece, COUNTERS[piece]))
        return
    out[-1] = (before[:digits.start()], out[-1][1])
    out.append((digits.group() + piece, special))


def reading(text: str) -> str:
    """The text with each kanji read (tests compare it with the hand-written readings)."""
    return "".join(read or piece for piece, read in reading_parts(text))


def ruby(text: str) -> str:
    """HTML-escaped ``text`` (a page's text node) with <ruby> over its kanji."""
    return "".join(f"<ruby>{piece}<rt>{escape(read)}</rt></ruby>" if read else piece
                   for piece, read in reading_parts(text))


SKIPPED = frozenset({"script", "style", "title", "textarea", "option", "ruby", "rt", "rp", "code", "pre"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                  "track", "wbr"})
# A gloss goes in running text only: never in a heading, a link, a label or the answer card.
GLOSSED_IN = frozenset({"p", "li", "dd", "td"})
NOT_GLOSSED_IN = frozenset({"h1", "h2", "h3", "h4", "a", "button", "label", "summary", "legend", "dt",
                            "th", "caption"})
PIECES = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>|[^<]+|<", re.S)
GLOSS_OPEN, GLOSS_CLOSE = "\ue000", "\ue001"  # marks kept through the reading, then made tags


def ruby_html(html: str, gloss: bool = False) -> str:
    """A page with ruby over the kanji of its text; tags, attributes and the text of
    elements that cannot hold ruby (title, option, script…) left as they are. With
    ``gloss`` (やさしい日本語), each hard term of the dictionary is glossed the first time
    it stands in the page's running text, unless the text explains it there already."""
    out: list[str] = []
    skipping = 0
    open_tags: list[str] = []
    card_at: int | None = None  # how deep the answer card starts, while inside it
    glossed: set[str] = set()
    for found in PIECES.finditer(html):
        piece = found.group()
        name = found.group(2)
        if name is not None:
            name = name.lower()
            closing = bool(found.group(1))
            if name in SKIPPED and not piece.endswith("/>"):
                skipping += -1 if closing else 1
            if name not in VOID:
                if not closing:
                    open_tags.append(name)
                    if card_at is None and 'class="answer-card' in piece:
                        card_at = len(open_tags)
                elif name in open_tags:
                    del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name):]
                    if card_at is not None and len(open_tags) < card_at:
                        card_at = None
            out.append(piece)
        elif skipping or piece[0] == "<" or not HAS_KANJI.search(piece):
            out.append(piece)
        elif gloss and card_at is None and "main" in open_tags and _running_text(open_tags):
            out.append(_one_run(ruby(_with_glosses(piece, glossed))
                                .replace(GLOSS_OPEN, '<span class="gloss">（').replace(GLOSS_CLOSE, "）</span>")))
        else:
            out.append(_one_run(ruby(piece)))
    return "".join(out)


def _one_run(marked: str) -> str:
    # One element for the text as it was one text node: in a flex box (a link, a label)
    # each <ruby> would be an item of its own, and the line could no longer wrap.
    return f"<span>{marked}</span>" if "<ruby>" in marked else marked


def _running_text(open_tags: list[str]) -> bool:
    for name in reversed(open_tags):
        if name in NOT_GLOSSED_IN:
            return False
        if name in GLOSSED_IN:
            return True
    return False


def _with_glosses(text: str, glossed: set[str]) -> str:
    """The text with a gloss after each term not glossed before on the page (the longest
    term first: 後期高齢者医療広域連合 is glossed, not the 広域連合 in it)."""
    inserts: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for term, gloss in sorted(glosses().items(), key=lambda item: -len(item[0])):
        at = text.find(term)
        if term in glossed or at < 0:
            continue
        glossed.add(term)
        if any(start <= at < end for start, end in taken):
            continue
        end = at + len(term)
        taken.append((at, end))
        end += text.startswith("」", end)
        if not text.startswith("（", end):  # else explained here already
            inserts.append((end, gloss))
    for end, gloss in sorted(inserts, reverse=True):
        text = f"{text[:end]}{GLOSS_OPEN}{gloss}{GLOSS_CLOSE}{text[end:]}"
    return text
