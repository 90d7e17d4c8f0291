"""How sentences and labels are put together in each language, in one place: the space
between two sentences and after a label, the colon, the separators of a list and of
alternatives, brackets. Japanese and やさしい日本語 write them one way, English another;
every module that joins statements asks ``wording(lang)`` instead of testing the language.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..languages import is_japanese


@dataclass(frozen=True)
class Wording:
    space: str  # between two sentences, and between a label and what it labels
    colon: str  # after a list's heading
    items: str  # between the items of a list (people, titles)
    rules: str  # between long items of a list that may carry commas of their own
    either: str  # between two alternatives ("A／B")
    open: str
    close: str
    quote_open: str  # a document's title
    quote_close: str

    def labelled(self, text: str, label: str | None) -> str:
        """``text`` followed by a label of the app's (which case it is for)."""
        return f"{text}{self.space}{label}" if label else text

    def prefixed(self, label: str | None, text: str) -> str:
        """``text`` after a label of the app's."""
        return f"{label}{self.space}{text}" if label else text

    def bracketed(self, text: str, inner: str) -> str:
        """国民健康保険課（山形市役所）; National Health Insurance Division (Yamagata City Hall)."""
        return f"{text}{self.open}{inner}{self.close}"

    def quoted(self, text: str) -> str:
        """A document's title: 「…」; “…”."""
        return f"{self.quote_open}{text}{self.quote_close}"

    def listed(self, heading: str, items: Iterable[str]) -> str:
        return f"{heading}{self.colon}{self.rules.join(items)}"


JAPANESE = Wording(space="", colon="：", items="、", rules="、", either="／", open="（", close="）",
                   quote_open="「", quote_close="」")
ENGLISH = Wording(space=" ", colon=": ", items=", ", rules="; ", either=" / ", open=" (", close=")",
                  quote_open=", “", quote_close="”")


def wording(lang: str) -> Wording:
    """The wording of ``lang`` (ja and ja-easy write alike)."""
    return JAPANESE if is_japanese(lang) else ENGLISH


# The app's own sentences name the resident's municipality as a city (市, "the city's guide",
# 市役所); for a town or a village (柴田町) they say 町 or 村 and "town" or "village", for a
# Tokyo ward (中野区) 区 and, as the ward itself does in English, "city". One rule, applied to
# the app's message before the values are put in it: never to a city's own words, nor to an
# office's or a city's name. The kind is City.municipality, as the name ends: the word and
# its office in Japanese, then in English.
MUNICIPALITIES = {
    "市": ("市", "市役所", "city", "city hall"),
    "町": ("町", "町役場", "town", "town hall"),
    "村": ("村", "村役場", "village", "village office"),
    # A Tokyo ward calls itself a city in English (中野区: Nakano City, its 区役所 City Hall).
    "区": ("区", "区役所", "city", "city hall"),
}
CITY = "市"
_JA_HALL, _JA_WORD = re.compile("市役所"), re.compile("市(?!区町村)")  # not 「住民票のある市区町村」
# Not a placeholder's name (%(city)s); "The city" keeps its capital.
_EN_HALL, _EN_WORD = re.compile(r"\bcity hall\b"), re.compile(r"(?<!%\()\b([Cc])ity\b")


def municipal(text: str, kind: str, lang: str) -> str:
    """One of the app's messages, written for a city, said for a municipality of ``kind``."""
    if kind == CITY:
        return text
    word, hall, word_en, hall_en = MUNICIPALITIES[kind]
    if is_japanese(lang):
        return _JA_WORD.sub(word, _JA_HALL.sub(hall, text))
    text = _EN_HALL.sub(hall_en, text)
    return _EN_WORD.sub(lambda found: word_en.capitalize() if found.group(1) == "C" else word_en, text)
