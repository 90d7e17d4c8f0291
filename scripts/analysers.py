"""A measurement, not a test: how many of the hand-written readings (tests/readings.yaml)
each morphological analyser gets wrong through the app's own pipeline (furigana.py: the
domain dictionary, numbers and their counters, ruby by short unit), with and without the
domain dictionary. docs/furigana.md shows the figures and why SudachiDict-core was chosen.

    .venv/bin/python scripts/analysers.py

SudachiDict-core is the app's own; the others are measured where they are installed (they
are not in the locks), e.g. in a scratch copy of the environment:
    python3 -m venv /tmp/analysers && /tmp/analysers/bin/pip install -r requirements-dev.lock \
        -e . sudachidict_small fugashi unidic-lite && /tmp/analysers/bin/python scripts/analysers.py
"""
from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

from webapp import furigana

READINGS = yaml.safe_load((Path(__file__).resolve().parent.parent / "tests" / "readings.yaml")
                          .read_text(encoding="utf-8"))


def sudachi(name: str) -> Callable[[str], Iterator[furigana.Part]]:
    from sudachipy import Dictionary
    tokenizer = Dictionary(dict=name).tokenizer(mode="C")

    def analysed(text: str) -> Iterator[furigana.Part]:
        furigana._local.tokenizer = tokenizer
        yield from ORIGINAL(text)
    return analysed


def unidic() -> Callable[[str], Iterator[furigana.Part]]:
    import fugashi
    tagger = fugashi.Tagger()

    def analysed(text: str) -> Iterator[furigana.Part]:
        if not furigana.HAS_KANJI.search(text):
            yield text, None
            return
        for word in tagger(text):
            reading = furigana.hiragana(word.feature.kana or "")
            if not furigana.HAS_KANJI.search(word.surface) or not reading or furigana.HAS_KANJI.search(reading):
                yield word.surface, None
            elif word.surface == "方":
                yield word.surface, "かた"
            else:
                yield from furigana.align(word.surface, reading)
    return analysed


ORIGINAL = furigana._analysed
ANALYSERS = {
    "SudachiPy + SudachiDict-core": ("sudachidict_core", lambda: sudachi("core")),
    "SudachiPy + SudachiDict-small": ("sudachidict_small", lambda: sudachi("small")),
    "fugashi + unidic-lite": ("unidic_lite", unidic),
}


def wrong(items: list[dict]) -> int:
    furigana._masked_parts.cache_clear()
    furigana._term_parts.cache_clear()
    return sum(furigana.reading(item["text"]) != item["reading"] for item in items)


def main() -> None:
    everything = READINGS["terms"] + READINGS["sentences"]
    sentences = READINGS["sentences"]
    with_dictionary = furigana.dictionary
    print(f"{'analyser':32} {'wrong of ' + str(len(everything)):>14} {'no dictionary, of ' + str(len(sentences)):>22}")
    for name, (module, make) in ANALYSERS.items():
        if importlib.util.find_spec(module) is None:
            print(f"{name:32} {'not installed':>14}")
            continue
        furigana._analysed = make()
        furigana.dictionary = with_dictionary
        furigana._by_first_character.cache_clear()
        with_it = wrong(everything)
        furigana.dictionary = lambda: {}
        furigana._by_first_character.cache_clear()
        without = wrong(sentences)
        print(f"{name:32} {with_it:>14} {without:>22}")
    furigana._analysed, furigana.dictionary = ORIGINAL, with_dictionary
    furigana._by_first_character.cache_clear()


if __name__ == "__main__":
    main()
