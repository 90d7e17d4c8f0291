"""The catalogs match the source, and Japanese has every message."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from scripts.catalogs import CATALOGS, TEMPLATE, extract_args

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def read_catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def source_ids(tmp_path_factory) -> set[str]:
    """What `make extract` would write, extracted afresh from the code and templates."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    CommandLineInterface().run(extract_args(pot))
    return {message.id for message in read_catalog(pot) if message.id}


CATALOG_LANGS = ["ja", "ja_easy", "en"]  # ja_easy: やさしい日本語
JAPANESE = ["ja", "ja_easy"]


@pytest.mark.parametrize("lang", CATALOG_LANGS)
def test_catalog_matches_source(source_ids, lang):
    catalog = {m.id for m in read_catalog(CATALOGS / f"{lang}/LC_MESSAGES/messages.po") if m.id}
    assert sorted(source_ids - catalog) == [], "new strings: run `make update` and translate"
    assert sorted(catalog - source_ids) == [], "stale strings: run `make update`"


def test_template_file_matches_source(source_ids):
    pot = {m.id for m in read_catalog(TEMPLATE) if m.id}
    assert pot == source_ids, "translations/messages.pot is out of date: run `make update`"


@pytest.mark.parametrize("lang", JAPANESE)
def test_every_japanese_message_is_translated(lang):
    catalog = read_catalog(CATALOGS / f"{lang}/LC_MESSAGES/messages.po")
    missing = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []


@pytest.mark.parametrize("lang", JAPANESE)
def test_japanese_keeps_every_placeholder(lang):
    catalog = read_catalog(CATALOGS / f"{lang}/LC_MESSAGES/messages.po")
    wrong = [m.id for m in catalog if m.id and m.string
             and set(PLACEHOLDER.findall(m.id)) != set(PLACEHOLDER.findall(m.string))]
    assert wrong == []


def test_easy_japanese_is_rewritten_not_copied():
    """やさしい日本語 is the app's own strings written again (short labels may stay)."""
    standard = {m.id: m.string for m in read_catalog(CATALOGS / "ja/LC_MESSAGES/messages.po") if m.id}
    easy = {m.id: m.string for m in read_catalog(CATALOGS / "ja_easy/LC_MESSAGES/messages.po") if m.id}
    sentences = [msgid for msgid, text in standard.items() if "。" in text]
    rewritten = [msgid for msgid in sentences if easy[msgid] != standard[msgid]]
    assert len(rewritten) >= 0.9 * len(sentences)
