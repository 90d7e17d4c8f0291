"""The way to one's city (issue 31): the index (/) lists the prefectures with cities here (the
cities themselves while they are few), each prefecture's page lists its cities in the order
of their readings, and the search finds a city by its name in kanji, kana or English, all
without JavaScript; a city file names its prefecture and its name's reading, with a clear
check message where it does not."""
from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from markupsafe import escape

from scripts.bench_cities import make_cities
from tests.corpus import TEST_CITIES
from webapp import citydata, furigana
from webapp.cityindex import LISTED_ON_INDEX, ROWS_FROM, SHOWN_AT_MOST, CityIndex, Found, folded
from webapp.prefectures import BY_ID, PREFECTURES, REGIONS
from webapp.staff.citycheck import check_city_file

# Two cities in each prefecture: the index lists all 47, its largest; more cities add nothing to it.
EVERY_PREFECTURE = 2 * len(PREFECTURES)
MODES = {"ja": {}, "ja+furigana": {"furigana": "on"}, "ja-easy": {"lang": "ja-easy"}, "en": {"lang": "en"}}


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """An app serving the built-in cities and EVERY_PREFECTURE generated ones."""
    from webapp import create_app
    folder = tmp_path_factory.mktemp("many")
    make_cities(folder, EVERY_PREFECTURE)
    return create_app({"SECRET_KEY": "test", "TESTING": True, "CITY_DATA_DIR": str(folder)})


def client_in(app, mode: str):
    client = app.test_client()
    for name, value in MODES[mode].items():
        client.set_cookie(name, value)
    return client


def main_of(page: str) -> str:
    return page.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def links(page: str) -> list[str]:
    return re.findall(r'href="([^"#]+)"', main_of(page))


# --- the index ---------------------------------------------------------------------------

def test_while_the_cities_are_few_the_index_lists_each_under_its_prefecture(app):
    cities = citydata.loaded(app).cities
    assert len(cities) <= LISTED_ON_INDEX
    page = app.test_client().get("/").get_data(as_text=True)
    headings = re.findall(r"<h3>(.*?)</h3>", main_of(page))
    order = [prefecture.name["ja"] for prefecture in PREFECTURES]
    named = sorted({city.prefecture.name["ja"] for city in cities.values()}, key=order.index)
    assert headings == named  # north to south, each once
    for city in cities.values():
        under = main_of(page).split(f"<h3>{city.prefecture.name['ja']}</h3>", 1)[1].split("<h3>", 1)[0]
        assert f'href="/{city.id}/">{city.name["ja"]}</a>' in under


@pytest.mark.parametrize("mode", MODES)
def test_with_many_cities_the_index_lists_the_prefectures_by_region_in_at_most_14_kb(many, mode):
    page = client_in(many, mode).get("/")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert len(page.get_data()) <= 14 * 1024, len(page.get_data())
    assert [link for link in links(body) if link.startswith("/prefecture/")] == \
        [f"/prefecture/{prefecture.id}/" for prefecture in PREFECTURES]
    assert not [link for link in links(body) if re.fullmatch(r"/c\d{4}/", link)]  # no city's own link
    headings = [re.sub(r"<rt[^>]*>.*?</rt>|<[^>]+>", "", heading) for heading in re.findall(r"<h3>(.*?)</h3>", body)]
    assert headings == [region.name["en" if mode == "en" else "ja"] for region in REGIONS.values()]
    assert 'action="/search" method="get"' in body


def test_in_ruby_each_name_is_read_as_its_file_reads_it(many):
    city = citydata.loaded(many).cities["c0004"]  # a generated city, in the fourth prefecture
    prefecture = city.prefecture
    body = client_in(many, "ja+furigana").get(f"/prefecture/{prefecture.id}/").get_data(as_text=True)
    assert f'<ruby>{prefecture.name["ja"]}<rt aria-hidden="true">{prefecture.reading}</rt></ruby>' in body
    assert f'<ruby>{city.name["ja"]}<rt aria-hidden="true">{city.name_reading}</rt></ruby>' in body
    # Its own, not the shared dictionary's: 朝日町 is あさひまち in one prefecture, あさひちょう in another.
    assert furigana.ruby_read_as("朝日町", "あさひちょう") == \
        '<ruby>朝日町<rt aria-hidden="true">あさひちょう</rt></ruby>'
    assert furigana.ruby_read_as("つくばみらい市", "つくばみらいし") == \
        'つくばみらい<ruby>市<rt aria-hidden="true">し</rt></ruby>'


def test_the_prefectures_readings_agree_with_sudachi():
    for place in (*PREFECTURES, *REGIONS.values()):
        assert furigana.reading(place.name["ja"]) == place.reading, place


# --- a prefecture's page -----------------------------------------------------------------

def test_a_prefectures_page_lists_its_cities_in_the_order_of_their_readings(app):
    served = citydata.loaded(app).cities.values()
    for prefecture in {city.prefecture.id: city.prefecture for city in served}.values():
        cities = [city for city in served if city.prefecture == prefecture]
        page = app.test_client().get(f"/prefecture/{prefecture.id}/").get_data(as_text=True)
        assert f"<h1>{prefecture.name['ja']}の市区町村</h1>" in page
        listed = [link for link in links(page) if link.strip("/") in {city.id for city in cities}]
        assert listed == [f"/{city.id}/" for city in sorted(cities, key=lambda city: city.name_reading)]
        english = client_in(app, "en").get(f"/prefecture/{prefecture.id}/").get_data(as_text=True)
        assert f"<h1>Cities, towns and villages of {prefecture.name['en']}</h1>" in english


@pytest.mark.parametrize("address", ["/prefecture/aomori/", "/prefecture/nowhere/", "/prefecture/06/"])
def test_a_prefecture_without_cities_here_or_none_at_all_is_not_found(app, address):
    assert app.test_client().get(address).status_code == 404


def test_a_prefecture_with_many_cities_is_cut_into_rows_with_links_to_each(app):
    base = next(iter(citydata.loaded(app).cities.values()))
    readings = ["あさひかわし", "いしかりし", "えべつし", "おたるし", "かみのくにちょう", "きたみし", "くしろし",
                "さっぽろし", "しんとくちょう", "たきかわし", "ちとせし", "とまこまいし", "なよろし", "ねむろし",
                "はこだてし", "ふらのし", "まっかりむら", "むろらんし", "よいちちょう", "りしりちょう",
                "わっさむちょう"]
    kind = {"ちょう": "町", "むら": "村"}
    many = [dataclasses.replace(base, id=f"h{number:02d}", name={"ja": f"見本{number}" + next(
                (made for end, made in kind.items() if read.endswith(end)), "市"), "en": f"Sample {number}"},
                                name_reading=read, prefecture=BY_ID["hokkaido"])
            for number, read in enumerate(readings)]
    assert len(many) > ROWS_FROM
    rows = CityIndex(many).rows("hokkaido")
    assert [first for first, _ in rows] == list("あかさたなはまやらわ")
    assert [city.name_reading for city in many] == [city.reading for _, listed in rows for city in listed]
    assert [first for first, _ in CityIndex(many).rows("hokkaido", english=True)] == ["S"]


# --- the search --------------------------------------------------------------------------

def katakana(reading: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in reading)


def typed(city) -> list[str]:
    """A city's name as a resident might type it."""
    name, read, english = city.name["ja"], city.name_reading, city.name["en"]
    wide = english.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})  # full-width letters
    return [name, name[:-1], read, read[:3], katakana(read), english, english.lower(), wide, f" {read} ",
            city.prefecture.name["ja"] + name, city.prefecture.name["ja"] + read,
            f"{city.prefecture.name['ja']}\u3000{name}"]


def found_cities(app, page: str) -> list[str]:
    ids = set(citydata.loaded(app).cities)
    return [link.strip("/") for link in links(page) if link.strip("/") in ids]


def test_the_search_finds_every_city_by_its_name_in_kanji_kana_or_english(app):
    client = app.test_client()
    for city in citydata.loaded(app).cities.values():
        for query in typed(city):
            page = client.get(f"/search?q={quote(query)}").get_data(as_text=True)
            assert city.id in found_cities(app, page), (city.id, query)
            kept = " ".join(query.split())  # what was typed stays in the box, a full-width space as one
            assert f'value="{escape(kept)}"' in page, (city.id, query)
        page = client.get(f"/search?q={quote(city.name['ja'])}").get_data(as_text=True)
        assert found_cities(app, page)[0] == city.id  # its whole name, first


def test_a_name_found_whole_comes_before_one_it_begins_or_holds():
    base = citydata.load_cities()["shiroishi"]
    made = [dataclasses.replace(base, id=city_id, name={"ja": name, "en": city_id}, name_reading=read)
            for city_id, name, read in [("a", "新白石市", "しんしろいしし"), ("b", "白石野町", "しろいしのまち"),
                                        ("c", "白石市", "しろいしし")]]
    found = CityIndex(made).search("白石")
    assert [city.id for city in found.cities] == ["c", "b", "a"] and found.count == 3
    assert folded("ｼﾛｲｼ ヶ") == folded("しろいし け") == "しろいしけ"


def test_what_holds_nothing_of_a_name_finds_nothing(app):
    assert CityIndex(citydata.loaded(app).cities.values()).search("・ -") == Found((), (), 0)


def test_a_prefectures_name_leads_to_its_page_as_well(app):
    for city in citydata.loaded(app).cities.values():
        page = client_in(app, "en").get(f"/search?q={quote(city.prefecture.name['en'])}").get_data(as_text=True)
        assert links(page)[1] == f"/prefecture/{city.prefecture.id}/"  # after the link back to the index


def test_many_found_are_cut_to_the_first_with_how_many_there_were(many):
    page = many.test_client().get(f"/search?q={quote('みほん')}").get_data(as_text=True)
    found = [link for link in links(page) if re.fullmatch(r"/[a-z]\w*/", link)]
    assert len(found) == SHOWN_AT_MOST
    count = sum(city.name_reading.startswith("みほん") for city in citydata.loaded(many).cities.values())
    assert count >= EVERY_PREFECTURE  # (and 見本市 itself with --extra-cities)
    assert f"{count}件見つかりました。最初の{SHOWN_AT_MOST}件を表示しています。" in page


def test_nothing_found_says_so_with_what_was_typed(app):
    page = app.test_client().get(f"/search?q={quote('<b>どこか')}").get_data(as_text=True)
    assert "「&lt;b&gt;どこか」に当たる市区町村は見つかりませんでした。" in page
    assert 'value="&lt;b&gt;どこか"' in page


@pytest.mark.parametrize("mode, query, message", [
    ("ja", "", "市区町村の名前を入力してください"),
    ("ja", "   ", "市区町村の名前を入力してください"),
    ("ja-easy", "", "市や町や村の名前を書いてください"),
    ("en", "", "Enter the name of your city, town or village"),
    ("ja", "あ" * 31, "30文字以内で入力してください"),
    ("en", "x" * 5000, "Enter at most 30 characters"),
])
def test_an_empty_or_too_long_search_is_told_in_the_residents_language(app, mode, query, message):
    answer = client_in(app, mode).get(f"/search?q={quote(query)}")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    said = re.search(r'<p class="error-message" id="q-error">(.*?)</p>', page).group(1)
    assert re.sub(r"<rt[^>]*>.*?</rt>|<[^>]+>", "", said).endswith(message)
    assert 'aria-invalid="true"' in page
    assert "<title>" in page and re.search(r"<title>(エラー|Error)", page)
    assert f'value="{query.strip()}"' in page


@pytest.mark.parametrize("query", ["%00", "%E3%81", "a%0Ab", "%F0%9F%98%80", "%2F..%2F", "q=&q=2"])
def test_odd_input_is_never_an_error_page(app, query):
    assert app.test_client().get(f"/search?q={query}").status_code == 200


def test_the_language_links_of_a_search_keep_it(app):
    query = next(iter(citydata.loaded(app).cities.values())).name_reading
    page = app.test_client().get(f"/search?q={quote(query)}").get_data(as_text=True)
    assert f'href="/language/en?next=/search%3Fq%3D{quote(quote(query, safe=""), safe="")}"' in page
    assert 'href="/language/en?next=/"' in app.test_client().get("/").get_data(as_text=True)


# --- the city file's fields --------------------------------------------------------------

@pytest.fixture
def mihon(tmp_path) -> Path:
    folder = tmp_path / "cities"
    shutil.copytree(TEST_CITIES, folder)
    return folder / "mihon.yaml"


@pytest.mark.parametrize("change, field, message", [
    (("name_reading: みほんし", ""), "(top level)",
     "the field 'name_reading' is required: write it (it cannot be null): the name's whole reading in hiragana"),
    (("prefecture: 東京都", ""), "(top level)", "the field 'prefecture' is required: write it (it cannot be null): "
                                              "the prefecture, written in full as 宮城県"),
    (("name_reading: みほんし", "name_reading: ミホンシ"), "name_reading", "write the name's reading in hiragana"),
    (("name_reading: みほんし", "name_reading: みほん"), "name_reading", "ends with し as 市 is read"),
    (("name_reading: みほんし", "name_reading: みほんまち"), "name_reading", "ends with し as 市 is read"),
    (("prefecture: 東京都", "prefecture: 東京"), "prefecture", "write 東京都"),
    (("prefecture: 東京都", "prefecture: 見本県"), "prefecture", "write it in full, as 宮城県"),
])
def test_a_city_file_without_its_prefecture_or_reading_is_told_what_to_write(app, mihon, change, field, message):
    text = mihon.read_text(encoding="utf-8")
    assert change[0] in text
    mihon.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    problems = check_city_file(mihon, citydata.loaded(app).national)
    assert problems and problems[0].field == field and message in problems[0].message, problems


def test_a_city_cannot_take_an_address_of_the_apps_own(app, mihon):
    text = mihon.read_text(encoding="utf-8")
    search = mihon.with_name("search.yaml")
    search.write_text(text.replace("\nid: mihon\n", "\nid: search\n"), encoding="utf-8")
    problems = check_city_file(search, citydata.loaded(app).national)
    assert problems and problems[0].field == "id" and "one of the app's own pages" in problems[0].message, problems
    own = {rule.rule.split("/")[1] for rule in app.url_map.iter_rules() if not rule.rule.startswith(("/<", "//"))}
    assert own - {""} == citydata.RESERVED_IDS


def test_the_readings_of_a_name_agree(app, mihon):
    text = mihon.read_text(encoding="utf-8").replace("  見本市: みほんし", "  見本市: みほんいち")
    mihon.write_text(text, encoding="utf-8")
    problems = check_city_file(mihon, citydata.loaded(app).national)
    assert problems and problems[0].field == "name_reading" and "みほんいち" in problems[0].message
