"""What must hold for every city file, whoever wrote it: each file in webapp/data/cities/
(a new one is tested here with no test edit) and each test city in tests/cities/ (five
cities' real pages, transcribed, and a made-up one), which between them use every
variation a city's page can state (docs/adding.md).

For every group of the city's table × every set of answers × this cycle and the next ×
both languages (staff/preview.cases), the answer:
- has a basis for every date: a date is shown only where the city's words, a national
  rule or a projection give it, and a date no source gives is null;
- says no two things that contradict: a paper without expiry is never "sent every year",
  a paper with an expiry is never "kept as it is";
- leaves no list dangling ("one of these ways:" and nothing);
- names only offices the city's file names (or the national line, or the union);
- carries no other city's name or document;
- is complete in both languages.
The preview a clerk proofreads is generated for each file too.
"""
from __future__ import annotations

import html
import re

import orjson
import pytest
from flask_babel import force_locale

from tests.conftest import app_with_test_cities
from tests.corpus import CITY_FILES, LANGS, TEST_CITIES
from webapp.citydata import CITIES_DIR, load_city, load_national
from webapp.i18n import LOCALES
from webapp.present import answer, to_json
from webapp.staff.preview import cases, preview_html

NATIONAL = load_national()
CITIES = {path.stem: load_city(path, NATIONAL) for path in CITY_FILES}

# "Sent every year" and "keep it as it is", in the words pages and the app use.
EVERY_YEAR = {"ja": ("毎年",), "en": ("every year",)}
# A sentence that says so in the negative (「毎年の更新はされません」) claims no yearly paper.
NEGATIVE = {"ja": re.compile(r"(ません|ない|なし)[。）)]*$"), "en": re.compile(r"\b(not|never|no)\b")}
SENTENCE_END = {"ja": re.compile(r"(?<=。)"), "en": re.compile(r"(?<=\.)\s+")}


def says_every_year(line: str, lang: str) -> bool:
    """Whether a sentence of ``line`` says a paper comes every year (not that it does not)."""
    return any(word in sentence and not NEGATIVE[lang].search(sentence.strip())
               for sentence in SENTENCE_END[lang].split(line) for word in EVERY_YEAR[lang])


def test_a_negative_sentence_is_no_yearly_paper():
    """Issue 26: 「…毎年の更新はされません」 is no contradiction of a paper without expiry."""
    assert not says_every_year("有効期限はありません。毎年の更新はされません。", "ja")
    assert not says_every_year("It has no expiry date. It is not renewed every year.", "en")
    assert says_every_year("有効期限はありません。毎年7月に郵送します。", "ja")
    assert says_every_year("It is not kept. A new one is sent every year.", "en")
KEPT_AS_IT_IS = {"ja": ("そのまま",), "en": ("keep using",)}
# A pointer to the office line under a step or topic.
BELOW = {"ja": ("下の", "下記"), "en": ("below",)}
# Japanese an English page may carry: the terms the app gives in brackets.
JAPANESE_TERMS = ("マイナ保険証", "登録済", "負担割合", "マイナポータル", "こんなときは")
KANA = re.compile(r"[\u3040-\u309f]")  # hiragana: a Japanese sentence, not a term


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return app_with_test_cities(tmp_path_factory)


def texts(value, skip=("basis", "sources", "id", "url")) -> list[str]:
    """Every string of an answer a resident reads."""
    if isinstance(value, dict):
        return [text for key, item in value.items() if key not in skip for text in texts(item, skip)]
    if isinstance(value, (list, tuple)):  # a kept half is frozen: its lists are tuples
        return [text for item in value for text in texts(item, skip)]
    return [value] if isinstance(value, str) else []


def answers_of(app, city_id: str):
    """(case, lang, answer) for every case of the city's preview, through the app's own
    decide() and presenter (the API's answer; the API's shape is checked elsewhere)."""
    city = app.extensions["loaded_data"].cities[city_id]
    with app.test_request_context("/"):
        for name, as_of, answers in cases(city, NATIONAL):
            for lang in LANGS:
                with force_locale(LOCALES[lang]):
                    # As the API writes it: the model's fields, its dates as ISO days.
                    yield name, lang, orjson.loads(to_json(answer(answers, as_of, city, NATIONAL, lang)))


def test_any_city_file_added_is_tested_with_no_test_edit():
    found = {path.stem for path in CITIES_DIR.glob("*.yaml")} | {path.stem for path in TEST_CITIES.glob("*.yaml")}
    assert set(CITIES) == found
    # (a file dropped in either folder is picked up by the glob: both folders are read)
    assert {"yamagata", "shiroishi", "mihon"} <= found


@pytest.mark.parametrize("city_id", sorted(CITIES))
def test_no_mailing_is_said_to_be_by_post_where_the_citys_words_do_not_say_so(city_id):
    """Issue 25's finding: Yamagata's 「お一人ずつ郵送されます。」 then 「送付方法…が書かれていま
    せん」: the flyer says 「個人毎にお送りします」 (to whom), not 郵送 (how). A paper's recipient
    or timing says 郵送 only where the words it cites do."""
    table = CITIES[city_id].rules.table
    mailings = [row.mailing for row in table.rows] + [row.then.mailing for row in table.rows if row.then]
    for mailing in mailings:
        for said in (mailing.recipient_said, mailing.when):
            if said is not None and "郵送" in said.text["ja"]:
                assert "郵送" in said.cite.words, (city_id, said.text["ja"], said.cite.words)


@pytest.mark.parametrize("city_id", sorted(CITIES))
def test_every_answer_holds_the_invariants(app, city_id):
    city = CITIES[city_id]
    offices = set(city.offices) | {"free_dial", "late_elderly_union"}
    others = [name for other in CITIES.values() if other.id != city_id
              for name in other.name.values() if name not in city.name.values()]
    own_sources = set(city.sources) | {"national-rules"} | {
        source_id for source_id, source in NATIONAL.sources.items() if source.city is None}
    checked = 0
    for name, lang, found in answers_of(app, city_id):
        where = (city_id, name, lang)
        for doc in found["documents"]:
            basis = doc["basis"]
            # A date is shown only with a basis; a date no source gives is null.
            assert (doc["valid_from"] is None) == (basis["valid_from"]["kind"] in ("not_stated", "earlier")), where
            if basis["expires_on"]["kind"] == "not_stated":
                assert doc["expires_on"] is None, where
            for date_basis in (basis["valid_from"], basis["expires_on"]):
                if date_basis["kind"] in ("city", "projected") and date_basis["source"] in city.sources:
                    assert date_basis["words"], where  # the city's own words, quoted
                if date_basis["kind"] == "national":
                    assert date_basis["rule"] in NATIONAL.rules, where
            said = [*doc["notes"], *doc["mailing"]["not_mailed"], doc["mailing"]["when"] or ""]
            if doc["expires_on"] is None and basis["expires_on"]["kind"] != "not_stated":
                assert not any(says_every_year(line, lang) for line in said), (where, said)
            if doc["expires_on"] is not None:
                assert not any(word in line for line in said for word in KEPT_AS_IT_IS[lang]), (where, said)
        for action in found["actions"]:
            # Nothing dangles: a list announced ("in one of these ways:") is given, never empty.
            announced = (":", "：", "いずれかの方法で登録できます。")
            if action["paragraphs"] and action["paragraphs"][-1].rstrip().endswith(announced):
                assert action["methods"], where
            assert action["bring"] is None or action["bring"], where
        # Nothing points at an office that is not there (issue 26: 「下の窓口に…」 beside 「…の窓口も
        #問い合わせ先も市の案内に書かれていません」).
        for item in [*found["actions"], *found["upkeep"]]:
            if item.get("office") is None:
                pointers = [line for line in texts({k: v for k, v in item.items() if k != "title"})
                            if any(word in line for word in BELOW[lang])]
                assert not pointers, (where, pointers)
        # Only the offices the city's file names (or the national line, or the union).
        named = [action["office"] for action in found["actions"]] + \
            [item["office"] for item in found["upkeep"] + found["if_applies"]] + found["contacts"]
        assert {office["id"] for office in named if office} <= offices, where
        # No other city's name or document.
        text = " ".join(texts(found))
        for other in others:
            assert other not in text, (where, other)
        assert {source["id"] for source in found["sources"]} <= own_sources, where
        # Complete in both languages.
        assert all(line.strip() for line in texts(found)), where
        if lang == "en":
            for line in texts(found):
                stripped = line
                for term in JAPANESE_TERMS:
                    stripped = stripped.replace(term, "")
                assert not KANA.search(stripped), (where, line)
        checked += 1
    assert checked >= 2 * 100  # every group, answer, cycle and language


@pytest.mark.parametrize("city_id", sorted(CITIES))
def test_the_preview_lists_every_sentence_beside_its_words(app, city_id):
    city = app.extensions["loaded_data"].cities[city_id]
    with app.test_request_context("/"):
        page = preview_html(city, NATIONAL)
    assert page.startswith("<!doctype html>")
    # Every row's own words are shown beside a sentence resting on them.
    plain = html.unescape(page)
    for row in city.rules.table.rows:
        assert row.valid_until.cite is None or row.valid_until.cite.words is None or \
            row.valid_until.cite.words in plain, (city_id, row.number)
    assert "the app’s own words" in plain and "a rule for all of Japan" in plain
    # Every statement a resident sees, by section, the calendar's included; none without a basis.
    assert "NO BASIS" not in plain
    assert "<h3>The answer card</h3>" in page and "<h3>Calendar events (.ics)</h3>" in page
