"""The index of a deployment's cities (issue 31): the prefectures that have one, each
prefecture's cities in the order of their readings (in English, of their names), and the
search by name in kanji, kana or English. Built once from the loaded cities (create_app):
the same for every resident, so nothing here is computed per request but the search itself."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .citydata import KIND_READINGS, City
from .furigana import hiragana
from .prefectures import PREFECTURES, Prefecture, Region

# Up to this many cities in all, the index lists them under their prefectures (a few of a
# phone's screens); more, and it lists the prefectures, each linking to its page.
LISTED_ON_INDEX = 24
# A prefecture's page with more cities than this is cut into rows (あ行, か行…; A, B…), with
# links to each at the top: 北海道 alone has 179 municipalities.
ROWS_FROM = 20
# A search lists at most this many cities, and says how many more it found.
SHOWN_AT_MOST = 50
# The longest name a search takes (the longest municipality's name, with its prefecture's,
# is well under it).
LONGEST_QUERY = 30

KANA_ROWS = {row[0]: row for row in ("あぁいぃうぅゔえぇおぉ", "かがきぎくぐけげこごゕゖ", "さざしじすずせぜそぞ",
                                     "ただちぢつづってでとど", "なにぬねの", "はばぱひびぴふぶぷへべぺほぼぽ",
                                     "まみむめも", "やゃゆゅよょ", "らりるれろ", "わゎゐゑをん")}
ROW_OF = {kana: first for first, row in KANA_ROWS.items() for kana in row}
# Folded alike: ヶ (a small ケ, as in 霞ヶ浦) and ケ; long vowels written with a macron and without.
SAME = str.maketrans({"ゖ": "け", "ゕ": "か", "ā": "a", "ī": "i", "ū": "u", "ē": "e", "ō": "o", "â": "a",
                      "û": "u", "ô": "o", " ": None, "・": None, "･": None, "-": None, "'": None})
EN_KINDS = (" city", " town", " village", " ward")


def folded(text: str) -> str:
    """A name or a query as the search compares it: full-width and half-width alike (NFKC),
    katakana as hiragana, lower case, without spaces or dots."""
    return hiragana(unicodedata.normalize("NFKC", text).lower()).translate(SAME)


@dataclass(frozen=True)
class Listed:
    """A city as the index lists and finds it."""
    id: str
    name: Mapping[str, str]  # ja, en
    reading: str
    prefecture: Prefecture
    keys: tuple[str, ...]  # folded: its name, reading and English name, whole and without 市/町/村/区

    @classmethod
    def of(cls, city: City) -> Listed:
        name, read, english = city.name["ja"], city.name_reading, city.name["en"].lower()
        ending = next(end for end in KIND_READINGS[name[-1]] if read.endswith(end))
        bare_english = next((english[:-len(kind)] for kind in EN_KINDS if english.endswith(kind)), english)
        keys = dict.fromkeys(folded(key) for key in (name, name[:-1], read, read[:-len(ending)], english,
                                                     bare_english, city.id) if key)
        return cls(city.id, {"ja": name, "en": city.name["en"]}, read, city.prefecture, tuple(keys))

    def rank(self, query: str) -> int | None:
        """0: a key is the query; 1: a key begins with it; 2: a key holds it; None: no match."""
        if query in self.keys:
            return 0
        if any(key.startswith(query) for key in self.keys):
            return 1
        return 2 if any(query in key for key in self.keys) else None

    def row(self, english: bool) -> str:
        """The row it is listed in: あ, か… (by its reading), or A, B… in English."""
        return self.name["en"][:1].upper() if english else ROW_OF.get(self.reading[0], self.reading[0])


@dataclass(frozen=True)
class Found:
    """What a search found: the prefectures named (with cities here), and the cities, best first."""
    prefectures: tuple[Prefecture, ...]
    cities: tuple[Listed, ...]  # at most SHOWN_AT_MOST
    count: int  # every city found


def _prefecture_keys(prefecture: Prefecture) -> tuple[str, ...]:
    name, read = prefecture.name["ja"], prefecture.reading
    bare = (name[:-1], read.removesuffix("けん").removesuffix("と").removesuffix("ふ")) \
        if name[-1] in "都府県" else ()
    return tuple(folded(key) for key in (name, read, prefecture.name["en"], *bare))


class CityIndex:
    def __init__(self, cities: Iterable[City]) -> None:
        by_prefecture: dict[str, list[Listed]] = {}
        for city in cities:
            by_prefecture.setdefault(city.prefecture.id, []).append(Listed.of(city))
        self.prefectures = tuple(prefecture for prefecture in PREFECTURES if prefecture.id in by_prefecture)
        self._by_reading = {key: tuple(sorted(listed, key=lambda city: (city.reading, city.id)))
                            for key, listed in by_prefecture.items()}
        self._by_english = {key: tuple(sorted(listed, key=lambda city: (city.name["en"].lower(), city.id)))
                            for key, listed in by_prefecture.items()}
        self._all = tuple(city for prefecture in self.prefectures for city in self._by_reading[prefecture.id])
        self._prefecture_keys = {prefecture.id: _prefecture_keys(prefecture) for prefecture in self.prefectures}
        self.first = self._all[0] if self._all else None  # the search's example

    @property
    def count(self) -> int:
        return len(self._all)

    @property
    def lists_cities(self) -> bool:
        """Whether the index lists the cities themselves (else their prefectures only)."""
        return self.count <= LISTED_ON_INDEX

    def regions(self) -> tuple[tuple[Region, tuple[Prefecture, ...]], ...]:
        """The regions with cities here, each with its prefectures, north to south."""
        grouped: dict[str, list[Prefecture]] = {}
        for prefecture in self.prefectures:
            grouped.setdefault(prefecture.region.id, []).append(prefecture)
        return tuple((prefectures[0].region, tuple(prefectures)) for prefectures in grouped.values())

    def cities_in(self, prefecture_id: str, english: bool = False) -> tuple[Listed, ...]:
        """A prefecture's cities, in the order of their readings (of their names in English)."""
        return (self._by_english if english else self._by_reading).get(prefecture_id, ())

    def rows(self, prefecture_id: str, english: bool = False) -> tuple[tuple[str | None, tuple[Listed, ...]], ...]:
        """A prefecture's cities cut into rows (あ, か…), or one row without a name (None)
        where they are few."""
        cities = self.cities_in(prefecture_id, english)
        if len(cities) <= ROWS_FROM:
            return ((None, cities),)
        rows: dict[str, list[Listed]] = {}
        for city in cities:
            rows.setdefault(city.row(english), []).append(city)
        return tuple((first, tuple(listed)) for first, listed in rows.items())

    def search(self, query: str) -> Found:
        """The cities whose name, reading or English name holds ``query``: those it names
        whole first, then those it begins, then the rest; a prefecture's name before it
        (宮城県白石市) keeps to that prefecture's cities."""
        wanted = folded(query)
        if not wanted:  # only dots or dashes: nothing of a name
            return Found((), (), 0)
        named = tuple(prefecture for prefecture in self.prefectures
                      if any(key.startswith(wanted) for key in self._prefecture_keys[prefecture.id]))
        cities = self._all
        for prefecture in self.prefectures:
            whole = folded(prefecture.name["ja"])
            if wanted.startswith(whole) and len(wanted) > len(whole):
                wanted, cities = wanted[len(whole):], self._by_reading[prefecture.id]
                break
        ranked = sorted(((rank, number, city) for number, city in enumerate(cities)
                         if (rank := city.rank(wanted)) is not None), key=lambda found: found[:2])
        return Found(named, tuple(city for _, _, city in ranked[:SHOWN_AT_MOST]), len(ranked))
