"""ふりがな: ruby over the kanji of a page's Japanese text.

A reading comes from the domain dictionary (``data/readings.yaml``: the papers' names,
offices, era and place names, read as the pages mean them, and the names a city file reads
in its ``readings``) where a term of it stands, and from SudachiPy with SudachiDict-core
elsewhere (docs/furigana.md says why these).

Every text is read once and its ruby kept: a text without a digit whole, a text with
numbers as a template of its masked form. What a resident typed or was told of their own
birth date never enters that memory: digits are masked ("0"), and so are an era name
before them and 元 of 元年 ("令和0"), so a kept key holds the page's words only; the
digits, the era and the number's counter ("1日" ついたち) are read afterwards, each time.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from .caching import forget, memoized
from .rules.era import ERAS

READINGS_FILE = Path(__file__).parent / "data" / "readings.yaml"
KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
HAS_KANJI = re.compile(f"[{KANJI}]")
RUNS = re.compile(f"[{KANJI}]+|[^{KANJI}]+")
ERA_NAMES = frozenset(era.kanji for era in ERAS)  # read as the domain dictionary says
# A number, an era before it, 元 of 元年: may be a resident's own (a birth year), masked in keys.
NUMBER = re.compile(f"({'|'.join(ERA_NAMES)})(元|[0-9０-９]+)|([0-9０-９]+)")
ERA_MASK = ERAS[-1].kanji
FIRST_YEAR = "元"  # 令和元年: がん
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# A counter after a number, read by the number (a national reading, not the dictionary's).
DAYS = {1: "ついたち", 2: "ふつか", 3: "みっか", 4: "よっか", 5: "いつか", 6: "むいか", 7: "なのか",
        8: "ようか", 9: "ここのか", 10: "とおか", 14: "じゅうよっか", 20: "はつか", 24: "にじゅうよっか"}
PEOPLE = {1: "ひとり", 2: "ふたり"}
COUNTERS = {"年": "ねん", "月": "がつ", "日": "にち", "歳": "さい", "人": "にん", "時": "じ", "階": "かい",
            "回": "かい", "枚": "まい", "件": "けん", "割": "わり", "円": "えん", "号": "ごう", "番": "ばん",
            "週間": "しゅうかん", "年間": "ねんかん", "日間": "にちかん", "時間": "じかん", "歳以上": "さいいじょう",
            "歳未満": "さいみまん", "歳以下": "さいいか"}

READ_BY_WHAT_PRECEDES = frozenset({*COUNTERS, "頃", "分"})
DATE_FIELDS = frozenset({"年", "月", "日"})  # the birth date's fields, each labelled by its unit
Part = tuple[str, str | None]  # a piece of text and its reading (None: no kanji in it)


def hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


class Dictionary:
    """The domain dictionary: data/readings.yaml's terms, with the readings the loaded city
    files add for their own names (a city file's ``readings``: a new city needs no edit of
    data/readings.yaml). Data read once, at the first page (and again as a city file adds
    to it), not a cache."""

    def __init__(self, terms: Mapping[str, dict], city_terms: Mapping[str, str] | None = None):
        self.terms = terms
        self.city_terms = dict(city_terms or {})
        self.readings = {**{term: entry["reading"] for term, entry in terms.items()}, **self.city_terms}
        starts: dict[str, list[str]] = {}
        for term in self.readings:
            starts.setdefault(term[0], []).append(term)
        # The terms by their first character, the longest first.
        self.by_first_character = {first: tuple(sorted(found, key=len, reverse=True))
                                   for first, found in starts.items()}
        # The やさしい日本語 gloss of each domain term that has one; found the longest first.
        self.glosses = {term: entry["easy"] for term, entry in terms.items() if entry.get("easy")}
        self.gloss_terms = re.compile("|".join(re.escape(term) for term in sorted(self.glosses, key=len, reverse=True)))

    def with_readings(self, more: Mapping[str, str]) -> Dictionary:
        return Dictionary(self.terms, {**self.city_terms, **more})


_dictionary: Dictionary | None = None


def dictionary() -> Dictionary:
    global _dictionary
    if _dictionary is None:
        _dictionary = Dictionary(yaml.safe_load(READINGS_FILE.read_text(encoding="utf-8"))["terms"])
    return _dictionary


def domain_reading(term: str) -> str | None:
    """How the domain dictionary (data/readings.yaml) reads ``term``, if it has it."""
    entry = dictionary().terms.get(term)
    return entry["reading"] if entry else None


def add_readings(by_whom: Mapping[str, Mapping[str, str]]) -> None:
    """Add city files' readings of their own names to the dictionary, each file's by its
    name, at once (the dictionary is made again for an addition: once, for 1,700 cities). A
    term the dictionary, or a file before, reads otherwise is refused (ValueError), so that
    no city changes how another city's page is read; what was read before is read again
    (the memories are emptied)."""
    global _dictionary
    known = dictionary().readings
    readings = dict(known)
    new: dict[str, str] = {}
    for whose, terms in by_whom.items():
        for term, read in terms.items():
            if readings.setdefault(term, read) != read:
                raise ValueError(f"{whose}: readings/{term}: {read!r}, but it is read {readings[term]!r} already "
                                 f"(by data/readings.yaml or another city's file)")
            if term not in known:
                new[term] = read
    if new:
        _dictionary = dictionary().with_readings(new)
        forget()


def glosses() -> dict[str, str]:
    """The やさしい日本語 gloss of each domain term that has one."""
    return dictionary().glosses


_local = threading.local()


_sudachi: Any = None  # SudachiDict-core, loaded on the first Japanese page with ふりがな


def _tokenizer():
    # One per thread: a Sudachi tokenizer is not to be shared between threads. Mode C:
    # the longest units, so that a compound (有効期限) is read as one word.
    global _sudachi
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        if _sudachi is None:
            from sudachipy import Dictionary as Sudachi
            _sudachi = Sudachi(dict="core")
        tokenizer = _local.tokenizer = _sudachi.tokenizer(mode="C")
    return tokenizer


def align(surface: str, reading: str) -> list[Part]:
    """A word's reading split over its kanji, its kana left bare: 届きます → 届(とど)きます."""
    runs = RUNS.findall(surface)
    if len(runs) == 1:
        return [(surface, reading)]
    pattern = "".join("(.+?)" if HAS_KANJI.match(run) else f"({re.escape(hiragana(run))})" for run in runs)
    # Matched in hiragana, so that a term's katakana (マイナ保険証 マイナほけんしょう) stands
    # bare like its kana: ruby over its kanji only (issue 28).
    found = re.fullmatch(pattern, hiragana(reading))
    if found is None:
        return [(surface, reading)]  # the reading does not split: over the whole word
    return [(run, reading[found.start(number + 1):found.end(number + 1)] if HAS_KANJI.match(run) else None)
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


@memoized(maxsize=4096)  # a term of the dictionary
def _term_parts(term: str) -> tuple[Part, ...]:
    """A domain term's ruby: by short unit where the analyser's units read as the
    dictionary says, else over the term's kanji as a whole."""
    units = [unit for morpheme in _tokenizer().tokenize(term) for unit in (morpheme.split("A") or [morpheme])]
    if "".join(unit.surface() for unit in units) == term:
        found = list(_in_short_units(term, dictionary().readings[term], units))
        if hiragana("".join(read or piece for piece, read in found)) == hiragana(dictionary().readings[term]):
            return tuple(found)
    return tuple(align(term, dictionary().readings[term]))


def _domain_spans(text: str) -> Iterator[Part]:
    """The text cut at the domain's terms (each read as the dictionary says), the rest
    analysed."""
    starts = dictionary().by_first_character
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
    if masked in DATE_FIELDS:  # a date field's label alone: its unit (issue 28: 月 つき, 日 ひ)
        return ((masked, COUNTERS[masked]),)
    merged: list[Part] = []
    for surface, reading in _domain_spans(masked):
        if not surface:
            continue
        if reading is None and merged and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + surface, None)
        else:
            # Escaped here, once (a reading is kana: this never changes one).
            merged.append((surface, None if reading is None else str(escape(reading))))
    return tuple(merged)


def _mask(text: str) -> str:
    return NUMBER.sub(lambda m: ERA_MASK + "0" * len(m[2]) if m[1] else "0" * len(m[3]), text)


def _number_reading(piece: str, read: str | None) -> str | None:
    """The reading of a masked part, from what stood there: an era, 元, or digits."""
    if piece in ERA_NAMES:
        return dictionary().readings[piece]
    return "がん" if piece == FIRST_YEAR else read


def reading_parts(text: str) -> tuple[Part, ...]:
    """``text`` as (piece, reading) pairs, in order; the pieces join to ``text``."""
    out: list[Part] = []
    at = 0
    for masked, read in _masked_parts(_mask(text)):
        piece = text[at:at + len(masked)]
        at += len(masked)
        if piece != masked:
            read = _number_reading(piece, read)
        _add_counted(out, piece, read)
    return tuple(part for part in out if part[0])


def _add_counted(out: list[Part], piece: str, read: str | None) -> None:
    """Adds a part, a counter after a number read by the number: 31日 31にち, but 1日
    ついたち and 2人 ふたり over the whole "1日" (the digits join the ruby's base)."""
    if piece not in READ_BY_WHAT_PRECEDES:
        out.append((piece, read))
        return
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
    """HTML-escaped ``text`` (a page's text node) with <ruby> over its kanji: the parts
    the numbers do not change come made (``_ruby_template``), the rest is read here."""
    out: list[str] = []
    numbered: list[Part] = []  # a number, its era, its counter: read with the text's own digits
    at = 0
    for made, length, read in _ruby_template(_mask(text)):
        piece = text[at:at + length]
        at += length
        if made is None:
            _add_counted(numbered, piece, _number_reading(piece, read))
            continue
        if numbered:
            out += _marked(numbered)
            numbered.clear()
        out.append(made)
    out += _marked(numbered)
    return "".join(out)


def ruby_read_as(surface: str, read: str) -> str:
    """HTML-escaped ``surface`` with ruby over its kanji from the reading given (a city's
    name as its own file reads it: the dictionary is shared, and 朝日町 is あさひまち in one
    prefecture and あさひちょう in another)."""
    return "".join(_marked([(str(escape(piece)), part) for piece, part in align(surface, read)]))


def _marked(parts: list[Part]) -> list[str]:
    # The reading is for the eye: a screen reader reads the words once (issue 28: readings
    # were heard after each word, in every link, button, label and heading).
    return [f"<ruby>{piece}{RT}{read}</rt></ruby>" if read else piece for piece, read in parts if piece]


@memoized(maxsize=50_000)
def _ruby_template(masked: str) -> tuple[tuple[str | None, int, str | None], ...]:
    """A masked text's parts as (its HTML, its length, None) where the numbers cannot change
    it, or (None, its length, its reading before the numbers are known) where they can:
    the digits, an era before them, a counter after them."""
    parts = list(_masked_parts(masked))
    counted: list[Part] = []
    for piece, read in parts:
        _add_counted(counted, piece, read)  # masked digits are 0: no merging, reads as counted
    template: list[tuple[str | None, int, str | None]] = []
    for index, ((piece, read), (_, counted_read)) in enumerate(zip(parts, counted, strict=True)):
        before = parts[index - 1][0] if index else ""
        after = parts[index + 1][0] if index + 1 < len(parts) else ""
        numbered = (DIGIT.search(piece) is not None
                    or piece == ERA_MASK and after[:1] == "0"
                    or piece in READ_BY_WHAT_PRECEDES and re.search(r"0[かヶカケ]?$", before) is not None)
        if numbered:
            template.append((None, len(piece), read))
        elif template and (made := template[-1][0]) is not None:  # one made run, however many parts
            template[-1] = (made + _marked([(piece, counted_read)])[0], template[-1][1] + len(piece), None)
        else:
            template.append((_marked([(piece, counted_read)])[0], len(piece), None))
    return tuple(template)


# A gloss goes in running text only: never in a heading, a link, a label or the answer card.
GLOSSED_IN = frozenset({"p", "li", "dd", "td"})
NOT_GLOSSED_IN = frozenset({"h1", "h2", "h3", "h4", "a", "button", "label", "summary", "legend", "dt",
                            "th", "caption"})
RT = '<rt aria-hidden="true">'
GLOSS_OPEN, GLOSS_CLOSE = "\ue000", "\ue001"  # marks kept through the reading, then made tags
# Elements whose text never gets ruby, found whole in one pass.
SKIPPED_ELEMENTS = re.compile(r"<(script|style|title|textarea|option|ruby|code|pre)\b.*?</\1\s*>", re.S | re.I)
# Text only a screen reader reads: a reading there is for no one's eye (issue 28). Found by
# its class first (str.find): a pattern tried at every tag cost a third of a page's ruby.
HIDDEN_CLASS = 'class="visually-hidden"'
HIDDEN_ELEMENT = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*>[^<]*</\1\s*>")
TAGS = re.compile(r"(<[^>]*>)")
PLACE_TAG = re.compile(r"<(/?)(main|section|header|p|li|dd|td|h[1-4]|a|button|label|summary|legend|dt|th|caption)[\s>]")
# Where a term is said but not explained: the answer card (short), and the header only a print
# shows (issue 28: it took each term's one gloss, and the screen never showed it): a <section>
# and a <header> (no <div> is followed: that cost 2 % of a やさしい日本語 result). Looked for
# as plain text in each opening tag.
UNGLOSSED = ('class="answer-card', 'class="print-only')
DIGIT = re.compile(r"[0-9０-９]")


def ruby_html(html: str, gloss: bool = False) -> str:
    """A page with ruby over the kanji of its text; tags, attributes and the text of
    elements that cannot hold ruby (title, option, script…) left as they are. With
    ``gloss`` (やさしい日本語), each hard term of the dictionary is glossed the first time
    it stands in the page's running text, unless the text explains it there already."""
    out: list[str] = []
    on_page = set(dictionary().gloss_terms.findall(html)) if gloss else set()
    place = _Place(on_page) if on_page else None
    at = 0
    for skipped in _skipped(html):
        if skipped.start() < at:
            continue  # inside one skipped already
        out += _ruby_between_tags(html[at:skipped.start()], place)
        out.append(skipped.group())
        at = skipped.end()
    out += _ruby_between_tags(html[at:], place)
    return "".join(out)


def _skipped(html: str) -> list[re.Match]:
    """The elements left as they are, in the page's order."""
    found = list(SKIPPED_ELEMENTS.finditer(html))
    at = html.find(HIDDEN_CLASS)
    if at == -1:
        return found
    while at != -1:
        element = HIDDEN_ELEMENT.match(html, html.rfind("<", 0, at))
        if element is not None:
            found.append(element)
        at = html.find(HIDDEN_CLASS, at + len(HIDDEN_CLASS))
    return sorted(found, key=lambda match: match.start())


def _ruby_between_tags(html: str, place: _Place | None) -> list[str]:
    parts = TAGS.split(html)  # text, tag, text, tag, …, text
    for index, piece in enumerate(parts):
        if index % 2:
            if place is not None and place.waiting:
                place.tags.append(piece)  # read only when a text needs to know where it stands
        elif piece and HAS_KANJI.search(piece):
            glossed = piece
            if place is not None and place.waiting and dictionary().gloss_terms.search(piece) and place.glossed_here():
                glossed = _with_glosses(piece, place.glossed)
            parts[index] = (_ruby_run(glossed) if not DIGIT.search(glossed)
                            else _glosses_as_tags(_one_run(ruby(glossed))))
    return parts


@memoized(maxsize=50_000)
def _ruby_run(text: str) -> str:
    """A text without a digit (so without anything of a resident's), marked once."""
    return _glosses_as_tags(_one_run(ruby(text)))


def _glosses_as_tags(marked: str) -> str:
    """The gloss marks made tags, on either path (issue 28: a text with a digit, 「内線362」,
    kept the private-use marks and showed them as □)."""
    if GLOSS_OPEN not in marked:
        return marked
    return marked.replace(GLOSS_OPEN, '<span class="gloss">（').replace(GLOSS_CLOSE, "）</span>")


class _Place:
    """Where the text stands, for glosses: in <main>, outside the answer card and the print
    header, in running text (a paragraph, an item) rather than a heading, a link or a label."""

    def __init__(self, on_page: set[str]) -> None:
        self.on_page = on_page  # the terms the page holds: once each is glossed, stop looking
        self.tags: list[str] = []  # passed since last looked at
        self.open: list[str] = []
        self.unglossed_at: int | None = None  # how deep the card (or print header) starts, while in it
        self.glossed: set[str] = set()

    @property
    def waiting(self) -> bool:
        return not self.on_page <= self.glossed

    def glossed_here(self) -> bool:
        for tag in self.tags:
            self.passes(tag)
        self.tags.clear()
        return self.unglossed_at is None and "main" in self.open and _running_text(self.open)

    def passes(self, tag: str) -> None:
        found = PLACE_TAG.match(tag)  # only the elements that decide; the others pass by
        if found is None:
            return
        name = found.group(2)
        if not found.group(1):
            self.open.append(name)
            if self.unglossed_at is None and (UNGLOSSED[0] in tag or UNGLOSSED[1] in tag):
                self.unglossed_at = len(self.open)
        elif name in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(name):]
            if self.unglossed_at is not None and len(self.open) < self.unglossed_at:
                self.unglossed_at = None


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


def _in_brackets(text: str, at: int) -> bool:
    before = text[:at]
    return before.count("（") > before.count("）")


def _with_glosses(text: str, glossed: set[str]) -> str:
    """The text with a gloss after each term not glossed before on the page (the longest
    term first: 後期高齢者医療広域連合 is glossed, not the 広域連合 in it)."""
    inserts: list[tuple[int, str]] = []
    for found in dictionary().gloss_terms.finditer(text):  # the longest term at each place
        term = found.group()
        if term in glossed or _in_brackets(text, found.start()):
            continue  # inside brackets a gloss would nest (issue 28): glossed where it next stands outside
        glossed.add(term)
        end = found.end() + text.startswith("」", found.end())
        if not text.startswith("（", end):  # else explained here already
            inserts.append((end, glosses()[term]))
    for end, gloss in reversed(inserts):
        text = f"{text[:end]}{GLOSS_OPEN}{gloss}{GLOSS_CLOSE}{text[end:]}"
    return text
