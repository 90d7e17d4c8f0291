"""A measurement, not a test: how many of the hand-written readings (tests/readings.yaml)
each morphological analyser gets wrong through the app's own pipeline (furigana.py: the
domain dictionary, numbers and their counters, ruby by short unit), with and without the
domain dictionary. docs/furigana.md shows the figures and why SudachiDict-core was chosen.

    .venv/bin/python scripts/analysers.py

SudachiDict-core is the app's own, fugashi and unidic-lite the tests' (requirements-dev.lock);
SudachiDict-small is measured where it is installed, e.g. in a folder of its own:
    .venv/bin/pip install --no-deps --target /tmp/small sudachidict_small
    PYTHONPATH=/tmp/small .venv/bin/python scripts/analysers.py
"""
from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

from webapp import furigana
from webapp.caching import forget

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
    forget()  # the readings of the analyser before
    return sum(furigana.reading(item["text"]) != item["reading"] for item in items)


def main() -> None:
    everything = READINGS["terms"] + READINGS["city_terms"] + READINGS["sentences"]
    sentences = READINGS["sentences"]
    # The dictionary as the app reads it with the test cities served (their own names).
    with_dictionary = furigana.dictionary().with_readings(
        {item["text"]: item["reading"] for item in READINGS["city_terms"]})
    print(f"{'analyser':32} {'wrong of ' + str(len(everything)):>14} {'no dictionary, of ' + str(len(sentences)):>22}")
    for name, (module, make) in ANALYSERS.items():
        if importlib.util.find_spec(module) is None:
            print(f"{name:32} {'not installed':>14}")
            continue
        furigana._analysed = make()
        furigana._dictionary = with_dictionary
        with_it = wrong(everything)
        # Without it: only the era names, which a number's reading needs (昭和31年).
        furigana._dictionary = furigana.Dictionary({term: entry for term, entry in with_dictionary.terms.items()
                                                    if term in furigana.ERA_NAMES})
        without = wrong(sentences)
        print(f"{name:32} {with_it:>14} {without:>22}")
    furigana._analysed, furigana._dictionary = ORIGINAL, None  # read again from the file
    forget()


if __name__ == "__main__":
    main()
