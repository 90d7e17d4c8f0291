"""The languages a page is read in, and one Babel Locale object each: what the translations
(i18n.py), the kept values (caching.py) and the pages all name a language by. Nothing of the
app's is imported here."""
from __future__ import annotations

from babel import Locale

EASY = "ja-easy"  # やさしい日本語: Japanese for dates and numbers, its own catalog
LANGUAGES = ("ja", EASY, "en")  # Japanese first: the default
EASY_CATALOG = "ja_easy"  # its folder in translations/ (a gettext folder name has no "-")


class EasyJapanese(Locale):
    """Babel's Japanese (dates, numbers) under an identity of its own, so that a lookup
    kept by Locale (the catalogs, the cache's keys) never takes standard Japanese for it."""

    __eq__ = object.__eq__
    __hash__ = object.__hash__


# One Locale object per language: Flask-Babel parses the selector's string again on every
# request (a file-system check each time) unless it is handed a Locale.
LOCALES = {"ja": Locale.parse("ja"), EASY: EasyJapanese("ja"), "en": Locale.parse("en")}
CODES = {id(locale): code for code, locale in LOCALES.items()}


def base(lang: str) -> str:
    """The language of dates, numbers and punctuation: やさしい日本語 is Japanese."""
    return "ja" if lang == EASY else lang


# Each language by its own name, and its HTML lang (the header's links, the staff preview).
LANGUAGE_NAMES = {"ja": "日本語", EASY: "やさしい日本語", "en": "English"}
LANGUAGE_LINKS = tuple((code, LANGUAGE_NAMES[code], base(code)) for code in LANGUAGES)


def is_japanese(lang: str) -> bool:
    return base(lang) == "ja"
