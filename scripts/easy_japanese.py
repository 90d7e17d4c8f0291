"""How easy the やさしい日本語 result pages are to read: sentence lengths, and how much of
what a resident sees falls back to the original Japanese (issue 28; docs/furigana.md has
the figures).

Pages: the やさしい日本語 result of every case the staff preview shows (each group of
residents, every set of answers), in both built-in cities and both years, and a household's
result (tests/crawl.py: the same crawl as the tests).

- **Visible text**: the text of <main> as a sighted resident reads it: without the readings
  (<rt>), without what only a screen reader (.visually-hidden) or a print (.print-only)
  shows; a gloss is visible text.
- **Sentence**: a piece of one block (a paragraph, an item, a heading, a label…) up to and
  including 。, ？ or ！ outside brackets, or the block's end; one with no kana or kanji (a
  phone number) is none. Its length is its characters.
- **The data's texts**: every text of the city files and national.yaml (a mapping with
  ``ja`` and ``en``), as the page shows it in やさしい日本語: its ``ja-easy`` (the city's own),
  its ``ja-easy-paraphrase`` (ours, for the city to approve), or else its ``ja``.
- **Fallback**: the characters of the visible text that are a data text's original Japanese,
  shown because the text has no やさしい日本語 (each occurrence of one of its sentences). A
  name (of a city, an office, a place, a union, a document or its publisher) is said as it
  is in every Japanese: never a fallback, and not one of the data's texts here.
- A sentence is **the data's** where it holds one of the data texts' sentences (of 8
  characters or more), else **the app's own**.

    python scripts/easy_japanese.py
"""
from __future__ import annotations

import re
import statistics
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.crawl import YEARS, pages  # noqa: E402
from webapp.citydata import CITIES_DIR, NATIONAL_FILE, TEXT_KEYS  # noqa: E402

CITIES = tuple(sorted(path.stem for path in CITIES_DIR.glob("*.yaml")))  # the built-in cities
LIMIT = 40
HIDDEN = re.compile(r'<(\w+)\b[^>]*class="(?:[^"]*\s)?(?:visually-hidden|print-only)["\s][^>]*>.*?</\1>', re.S)
READING = re.compile(r"<rt\b[^>]*>.*?</rt>", re.S)
BLOCK = re.compile(r"</?(?:p|li|dd|dt|h[1-6]|td|th|label|legend|summary|caption|div|section|ul|ol|dl|br)\b[^>]*>")
TAG = re.compile(r"<[^>]+>")
GLOSS = re.compile(r'<span class="gloss">[^<]*(?:<(?!/span>)[^<]*)*</span>')  # its own ruby inside
JAPANESE = re.compile(r"[ぁ-んァ-ヶ\u3400-\u9fff々]")
MIN_DATA_SENTENCE = 8
NAMES = frozenset({"name", "place", "publisher"})  # and a source's title


def sentences(block: str) -> Iterator[str]:
    """A block's sentences: cut after 。？！ outside brackets."""
    depth, start = 0, 0
    for at, char in enumerate(block):
        if char in "（「『(":
            depth += 1
        elif char in "）」』)":
            depth = max(depth - 1, 0)
        elif char in "。？！" and depth == 0:
            yield block[start:at + 1].strip()
            start = at + 1
    if block[start:].strip():
        yield block[start:].strip()


def visible_blocks(page: str) -> list[tuple[str, str]]:
    """Each block's visible text, and the same without the glosses (which the data's texts
    do not hold: what the page quotes is found in them without)."""
    main = page[page.index("<main"):page.index("</main>")]
    main = BLOCK.sub("\n", READING.sub("", HIDDEN.sub("", main)))
    shown, bare = (unescape(TAG.sub("", text)).split("\n") for text in (main, GLOSS.sub("", main)))
    return [(" ".join(a.split()), " ".join(b.split())) for a, b in zip(shown, bare, strict=True) if a.strip()]


@dataclass
class DataTexts:
    easy: list[str] = field(default_factory=list)  # as shown in やさしい日本語
    fallback: list[str] = field(default_factory=list)  # the original Japanese, shown for want of one
    paraphrased: int = 0
    total: int = 0


def data_texts() -> DataTexts:
    found = DataTexts()

    def walk(value, key: object = None, within: object = None) -> None:
        if isinstance(value, dict):
            if "ja" in value and "en" in value and value.keys() <= TEXT_KEYS:
                if key in NAMES or (within == "sources" and key == "title"):
                    return
                found.total += 1
                easy = value.get("ja-easy") or value.get("ja-easy-paraphrase")
                found.paraphrased += "ja-easy-paraphrase" in value
                found.easy.append(easy or value["ja"])
                if not easy:
                    found.fallback.append(value["ja"])
                return
            for name, item in value.items():
                walk(item, name, key if key is not None else within)
        elif isinstance(value, list):
            for item in value:
                walk(item, None, key)

    for path in [NATIONAL_FILE, *(CITIES_DIR / f"{city}.yaml" for city in CITIES)]:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def main() -> None:
    texts = data_texts()
    data_sentences = {s for text in texts.easy for s in sentences(text) if len(s) >= MIN_DATA_SENTENCE}
    fallback_sentences = sorted({s for text in texts.fallback for s in sentences(text) if JAPANESE.search(s)},
                                key=len, reverse=True)
    seen: dict[str, str] = {}  # each sentence as shown, and without its glosses
    shown = covered = 0
    worst = (0.0, "")
    for city in CITIES:
        for year in YEARS:
            for name, page in pages(city, year, "ja-easy"):
                if "/result" not in name:
                    continue
                blocks = visible_blocks(page)
                page_shown = sum(len(block) for block, _ in blocks)
                page_covered = 0
                for block, bare in blocks:
                    for said, unglossed in zip(sentences(block), sentences(bare), strict=True):
                        if JAPANESE.search(said):
                            seen[said] = unglossed
                    for original in fallback_sentences:
                        if original in bare:
                            page_covered += len(original) * bare.count(original)
                            bare = bare.replace(original, "")
                shown += page_shown
                covered += page_covered
                worst = max(worst, (page_covered / page_shown, f"{city}, {year}: {name}"))
    data = [s for s, bare in seen.items() if any(d in bare for d in data_sentences)]
    own = [s for s in seen if s not in set(data)]
    lengths = [len(s) for s in seen]
    print(f"pages: the やさしい日本語 results of {', '.join(CITIES)} in both years ({', '.join(YEARS)})")
    print(f"distinct sentences: {len(seen)}; over {LIMIT} characters: "
          f"{sum(n > LIMIT for n in lengths)} ({100 * sum(n > LIMIT for n in lengths) / len(lengths):.1f} %)")
    for label, group in (("the app's own", own), ("the data's (cities', national)", data)):
        over = sum(len(s) > LIMIT for s in group)
        print(f"  {label}: {len(group)}, median {statistics.median(len(s) for s in group):g} characters, "
              f"over {LIMIT}: {over} ({100 * over / len(group):.1f} %)")
    print(f"visible text falling back to the original Japanese: {100 * covered / shown:.1f} % "
          f"(the worst page: {100 * worst[0]:.1f} %, {worst[1]})")
    print(f"the data's texts: {texts.total}; in やさしい日本語: {texts.total - len(texts.fallback)} "
          f"(of them our paraphrases: {texts.paraphrased})")
    if "--long" in sys.argv:
        for s in sorted(seen, key=len, reverse=True):
            if len(s) > LIMIT:
                print(f"{len(s):4d} {'data' if s in set(data) else 'app '} {s}")


if __name__ == "__main__":
    main()
