"""What must hold for every city file, whoever wrote it: each file in webapp/data/cities/
(a new one is tested here with no test edit) and each test city in tests/cities/ (nine
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
import shutil

import pytest

from tests.conftest import app_with_test_cities
from tests.corpus import CITY_FILES, TEST_CITIES
from webapp.citydata import CITIES_DIR, load_city, load_national
from webapp.staff.citycheck import check_city
from webapp.staff.invariants import checked_cases, invariant_problems, says_every_year, table_problems
from webapp.staff.preview import preview_html

NATIONAL = load_national()
CITIES = {path.stem: load_city(path, NATIONAL) for path in CITY_FILES}



def test_a_negative_sentence_is_no_yearly_paper():
    """Issue 26: 「…毎年の更新はされません」 is no contradiction of a paper without expiry."""
    assert not says_every_year("有効期限はありません。毎年の更新はされません。", "ja")
    assert not says_every_year("It has no expiry date. It is not renewed every year.", "en")
    assert says_every_year("有効期限はありません。毎年7月に郵送します。", "ja")
    assert says_every_year("It is not kept. A new one is sent every year.", "en")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return app_with_test_cities(tmp_path_factory)


def test_any_city_file_added_is_tested_with_no_test_edit():
    found = {path.stem for path in CITIES_DIR.glob("*.yaml")} | {path.stem for path in TEST_CITIES.glob("*.yaml")}
    assert set(CITIES) == found
    # (a file dropped in either folder is picked up by the glob: both folders are read)
    assert {"yamagata", "shiroishi", "mihon"} <= found


@pytest.mark.parametrize("city_id", sorted(CITIES))
def test_no_mailing_is_said_to_be_by_post_where_the_citys_words_do_not_say_so(city_id):
    """Issue 25's finding: Yamagata's 「お一人ずつ郵送されます。」 then 「送付方法…が書かれていま
    せん」: the flyer says 「個人毎にお送りします」 (to whom), not 郵送 (how). A paper's recipient
    or timing says 郵送 only where the words it cites do (a check of `flask cities check`)."""
    assert table_problems(CITIES[city_id]) == []


@pytest.mark.parametrize("city_id", sorted(CITIES))
def test_every_answer_holds_the_invariants(app, city_id):
    """The list `flask cities check` runs (webapp/staff/invariants.py), on every city file."""
    city = CITIES[city_id]
    with app.test_request_context("/"):
        assert invariant_problems(city, NATIONAL, CITIES.values()) == []
    assert checked_cases(city, NATIONAL) >= 2 * 100  # every group, answer, cycle and language


def test_the_check_a_clerk_runs_finds_what_an_answer_breaks(app, tmp_path):
    """Issue 26 ("one check a clerk runs"): "ok" from `flask cities check` means the answers
    hold too. A note that a paper without expiry comes every year, and another city's name in
    a note, are each named (the file itself is valid)."""
    # The first file with a paper without expiry that has a sentence of its own (a note, or when it comes).
    city, said = next((city, said) for city in CITIES.values() for row in city.rules.table.rows
                      if row.valid_until.rule == "no_expiry"
                      for said in (*row.notes, row.mailing.when) if said is not None and "毎年" not in said.text["ja"])
    source = next(path for path in CITY_FILES if path.stem == city.id)
    shutil.copytree(source.parent, tmp_path / "cities")
    broken = tmp_path / "cities" / source.name
    text = broken.read_text(encoding="utf-8")
    assert f"ja: {said.text['ja']}" in text
    wrong = "ja: 毎年7月に山形市から郵送します。"
    broken.write_text(text.replace(f"ja: {said.text['ja']}", wrong, 1), encoding="utf-8")
    with app.test_request_context("/"):
        problems = [str(problem) for problem in check_city(broken, NATIONAL, CITIES.values())]
        assert check_city(source, NATIONAL, CITIES.values()) == []
    assert any("comes every year" in problem and "毎年7月" in problem for problem in problems), problems
    assert any("another city's name is said: 山形市" in problem for problem in problems), problems


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


@pytest.mark.parametrize("city_id", sorted(path.stem for path in CITIES_DIR.glob("*.yaml")))  # the built-in ones
def test_the_preview_shows_our_easy_japanese_beside_the_words_it_paraphrases(app, city_id):
    """Issue 28: no city text had やさしい日本語, so 28 % of a やさしい日本語 page fell back to
    the original. We wrote paraphrases (``ja-easy-paraphrase``), marked as ours in the data;
    the preview shows each beside the Japanese, for the city to approve."""
    from webapp.staff.preview import paraphrased
    city = app.extensions["loaded_data"].cities[city_id]
    with app.test_request_context("/"):
        page = preview_html(city, NATIONAL)
    ours = [*paraphrased(city), *paraphrased(NATIONAL)]
    assert len(ours) >= 10, ours
    assert "やさしい日本語 we wrote, for the city to approve" in page
    for path, text in ours:
        row = (f'<td lang="ja">{html.escape(text["ja"])}</td>'
               f'<td lang="ja">{html.escape(text["ja-easy-paraphrase"])}</td>')
        assert row in page, path
        assert text["ja-easy"] == text["ja-easy-paraphrase"]  # what the やさしい日本語 pages show
