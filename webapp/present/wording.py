"""How sentences and labels are put together in each language, in one place: the space
between two sentences and after a label, the colon, the separators of a list and of
alternatives, brackets. Japanese and やさしい日本語 write them one way, English another;
every module that joins statements asks ``wording(lang)`` instead of testing the language.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..i18n import is_japanese


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
