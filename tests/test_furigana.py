"""ふりがな: the readings pinned by hand (tests/readings.yaml), the ruby a page gets, the
switch, and what the readings' memory may hold."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.corpus import TEST_CITIES
from webapp import furigana
from webapp.citydata import CityDataError, load_cities, load_city, load_national

EXPECTED = yaml.safe_load((Path(__file__).parent / "readings.yaml").read_text(encoding="utf-8"))
DICTIONARY = yaml.safe_load(furigana.READINGS_FILE.read_text(encoding="utf-8"))["terms"]
KANJI = re.compile(r"[\u3400-\u9fff々〆ヶ]")
RUBY = re.compile(r"<ruby>(.*?)<rt[^>]*>(.*?)</rt></ruby>")
RUN = re.compile(r"<span>((?:(?!<span|</span>).)*)</span>", re.S)  # a text node's ruby, held together


@pytest.fixture(scope="module", autouse=True)
def test_cities_readings():
    """The test cities' own names are read as their files say (``readings``), once loaded as
    the app loads them."""
    load_cities(TEST_CITIES)


def bare_rt(html: str) -> str:
    """Ruby as these tests write it: <rt> for the reading's tag (furigana.RT hides it from a
    screen reader, which reads the words once: tested where it is written)."""
    return html.replace(furigana.RT, "<rt>")


def words(html: str) -> str:
    """The page without its ruby: the words as they were."""
    return RUN.sub(r"\1", RUBY.sub(r"\1", html))


def test_the_hand_written_readings_cover_the_dictionary():
    assert {item["text"] for item in EXPECTED["terms"]} == set(DICTIONARY)
    assert len(EXPECTED["sentences"]) >= 100
    for item in [*EXPECTED["terms"], *EXPECTED["sentences"]]:
        assert not KANJI.search(item["reading"]), item


@pytest.mark.parametrize("item", EXPECTED["terms"] + EXPECTED["city_terms"], ids=lambda item: item["text"])
def test_every_domain_term_is_read_as_written(item):
    assert furigana.reading(item["text"]) == item["reading"]


def test_a_city_file_carries_the_readings_of_its_own_names(tmp_path):
    """Issue 26: a new city's names needed an edit of webapp/data/readings.yaml. A city file
    now carries them (``readings``), and the pages read them so; none may read a term of the
    domain dictionary otherwise, and two cities may not read one name two ways."""
    national = load_national()
    files = sorted(TEST_CITIES.glob("*.yaml"))
    written = {term: read for path in files for term, read in load_city(path, national).readings.items()}
    assert {item["text"]: item["reading"] for item in EXPECTED["city_terms"]} == written
    assert all(furigana.domain_reading(term) is None for term in written)  # in no file under webapp/
    assert bare_rt(furigana.ruby("見本市役所")) == \
        "<ruby>見本市<rt>みほんし</rt></ruby><ruby>役所<rt>やくしょ</rt></ruby>"

    mihon = (TEST_CITIES / "mihon.yaml").read_text(encoding="utf-8")
    against_dictionary = tmp_path / "one" / "mihon.yaml"
    against_dictionary.parent.mkdir()
    against_dictionary.write_text(mihon.replace("  見本市: みほんし\n", "  見本市: みほんし\n  山形市: さんけいし\n"),
                                  encoding="utf-8")
    with pytest.raises(CityDataError, match="field readings/山形市: 'さんけいし', but the domain dictionary"):
        load_city(against_dictionary, national)
    # Another city's file reading the same name another way: the app does not start.
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "mihon.yaml").write_text(mihon, encoding="utf-8")
    other = (TEST_CITIES / "chikugo.yaml").read_text(encoding="utf-8")
    twice = other.replace("  筑後市: ちくごし\n", "  筑後市: ちくごし\n  見本市: みほんいち\n")
    (folder / "chikugo.yaml").write_text(twice, encoding="utf-8")
    with pytest.raises(CityDataError, match="readings/見本市: 'みほんいち', but it is read 'みほんし' already"):
        load_cities(folder)


@pytest.mark.parametrize("item", EXPECTED["sentences"], ids=lambda item: item["text"][:30])
def test_every_sentence_is_read_as_written(item):
    assert furigana.reading(item["text"]) == item["reading"]


@pytest.mark.parametrize("text, ruby", [
    ("「資格確認書」が届きます。",  # by short unit: a line may break inside the compound
     "「<ruby>資格<rt>しかく</rt></ruby><ruby>確認<rt>かくにん</rt></ruby><ruby>書<rt>しょ</rt></ruby>」が"
     "<ruby>届<rt>とど</rt></ruby>きます。"),
    # The units would read 見本市 みほんいち (a trade fair): the dictionary's whole reading.
    ("見本市", "<ruby>見本市<rt>みほんし</rt></ruby>"),
    ("令和8年7月1日", "<ruby>令和<rt>れいわ</rt></ruby>8<ruby>年<rt>ねん</rt></ruby>7<ruby>月<rt>がつ</rt></ruby>"
                   "<ruby>1日<rt>ついたち</rt></ruby>"),
    ("31日まで", "31<ruby>日<rt>にち</rt></ruby>まで"),
    ("お持ちの方", "お<ruby>持<rt>も</rt></ruby>ちの<ruby>方<rt>かた</rt></ruby>"),
    ("ひらがなとカタカナだけ", "ひらがなとカタカナだけ"),
])
def test_ruby_sits_over_the_kanji_only(text, ruby):
    assert bare_rt(furigana.ruby(text)) == ruby


def test_ruby_made_ahead_reads_as_the_text_itself():
    """ruby() takes the parts no number changes from a template of the masked text: the
    same ruby as reading the text part by part."""
    for item in EXPECTED["sentences"]:
        parts = furigana.reading_parts(item["text"])
        assert bare_rt(furigana.ruby(item["text"])) == "".join(
            f"<ruby>{piece}<rt>{read}</rt></ruby>" if read else piece for piece, read in parts)


def test_ruby_leaves_the_text_itself_as_it_was():
    for item in EXPECTED["sentences"]:
        marked = furigana.ruby(item["text"])
        assert RUBY.sub(r"\1", marked) == item["text"]
        assert all(not KANJI.search(read) for _, read in RUBY.findall(marked))


def test_a_page_gets_ruby_in_its_text_only():
    page = ('<html><head><title>資格確認書</title></head><body><main>'
            '<p title="資格確認書">資格確認書</p><select><option>令和</option></select>'
            '<script>var 漢字 = 1;</script><a href="/資格">資格</a></main></body></html>')
    marked = bare_rt(furigana.ruby_html(page))
    assert "<title>資格確認書</title>" in marked
    assert 'title="資格確認書"' in marked and 'href="/資格"' in marked
    assert "<option>令和</option>" in marked and "var 漢字 = 1;" in marked
    assert ('<p title="資格確認書"><span><ruby>資格<rt>しかく</rt></ruby><ruby>確認<rt>かくにん</rt></ruby>'
            '<ruby>書<rt>しょ</rt></ruby></span></p>') in marked
    assert "<span><ruby>資格<rt>しかく</rt></ruby></span></a>" in marked
    assert words(marked) == page


def test_a_hard_term_is_glossed_once_in_running_text():
    gloss = DICTIONARY["資格確認書"]["easy"]
    page = ('<main><section class="answer-card"><p>資格確認書</p></section><h2>資格確認書</h2>'
            '<p>「資格確認書」が届きます。</p><p>資格確認書は使えます。</p></main>')
    marked = words(furigana.ruby_html(page, gloss=True))
    assert marked.count(f'<span class="gloss">（{gloss}）</span>') == 1
    assert f'<p><span>「資格確認書」<span class="gloss">（{gloss}）</span>が届きます。</span></p>' in marked
    assert '<section class="answer-card"><p>資格確認書</p></section><h2>資格確認書</h2>' in marked
    explained = words(furigana.ruby_html("<main><p>「資格確認書」（病院で見せる紙）</p></main>", gloss=True))
    assert "gloss" not in explained


def test_no_birth_date_enters_the_readings_memory(monkeypatch):
    """The memory is keyed by the text with its numbers and their era masked."""
    seen = []
    real = furigana._masked_parts

    def recording(masked):
        seen.append(masked)
        return real(masked)

    monkeypatch.setattr(furigana, "_masked_parts", recording)
    assert furigana.reading("1人目（昭和45年生まれ）") == "ひとりめ（しょうわ45ねんうまれ）"
    assert furigana.reading("平成3年2月14日") == "へいせい3ねん2がつじゅうよっか"
    assert furigana.reading("2人目（平成元年生まれ）") == "ふたりめ（へいせいがんねんうまれ）"
    assert bare_rt(furigana.ruby("2人目（平成元年生まれ）")).startswith(
        "<ruby>2人<rt>ふたり</rt></ruby><ruby>目<rt>め</rt></ruby>（<ruby>平成<rt>へいせい</rt></ruby>"
        "<ruby>元<rt>がん</rt></ruby><ruby>年<rt>ねん</rt></ruby>")
    assert set(seen) == {"0人目（令和00年生まれ）", "令和0年0月00日", "0人目（令和0年生まれ）"}


def page_text(client, path: str) -> str:
    return client.get(path).get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/yamagata/", "/yamagata/q/birth_date", "/accessibility"])
def test_the_switch_works_without_javascript_and_is_remembered(flow_app, path):
    client = flow_app.test_client()
    client.set_cookie("lang", "ja")
    plain = page_text(client, path)
    assert "<ruby>" not in plain
    assert f'href="/furigana/on?next={path}"' in plain
    switched = client.get(f"/furigana/on?next={path}")
    assert switched.status_code == 302 and switched.headers["Location"] == path
    marked = page_text(client, path)  # the cookie remembers the choice
    assert "<ruby>" in marked and 'class="furigana"' in marked
    assert words(marked).replace(' class="furigana"', "").replace("/furigana/off", "/furigana/on").replace(
        'furigana="off"', 'furigana="on"').replace("ふりがなを外す", "ふりがなをつける") == plain
    client.get(f"/furigana/off?next={path}")
    assert "<ruby>" not in page_text(client, path)


def test_easy_japanese_has_ruby_unless_turned_off_and_english_has_no_switch(flow_app):
    client = flow_app.test_client()
    client.set_cookie("lang", "ja-easy")
    page = page_text(client, "/yamagata/")
    assert "<ruby>" in page and '<html lang="ja" class="furigana">' in page
    client.get("/furigana/off?next=/yamagata/")
    assert "<ruby>" not in page_text(client, "/yamagata/")
    client.set_cookie("lang", "en")
    english = page_text(client, "/yamagata/")
    assert "<ruby>" not in english and "/furigana/" not in english


def test_switching_furigana_on_a_form_keeps_what_was_typed(flow_app):
    """The link sent as the form (JavaScript): the typed birth date comes back."""
    client = flow_app.test_client()
    client.set_cookie("lang", "ja")
    client.get("/yamagata/q/birth_date")
    typed = {"era": "showa", "year": "40", "month": "", "day": "", "switch_furigana": "on"}
    response = client.post("/yamagata/q/birth_date", data=typed)
    assert response.status_code == 302
    page = page_text(client, "/yamagata/q/birth_date")
    assert "<ruby>" in page and 'value="40"' in page


def test_a_result_in_easy_japanese_reads_every_kanji(flow_app, walk):
    client = flow_app.test_client()
    client.set_cookie("lang", "ja-easy")
    walk(client, "yamagata", {"birth_date": "1956-04-01"})
    page = page_text(client, "/yamagata/result")
    main = page[page.index("<main"):page.index("</main>")]
    # Text only a screen reader reads has no reading (issue 28: it is for no one's eye).
    seen = re.sub(r'<(\w+)\b[^>]*class="visually-hidden"[^>]*>[^<]*</\1>', "", main)
    text = re.sub(r"<ruby>.*?</ruby>", "", seen)
    bare = [run for run in re.findall(r">([^<]*)<", text) if KANJI.search(run)]
    assert bare == [], "kanji without a reading"
    assert 'class="gloss"' in main


# Private-use characters: the gloss marks (furigana.GLOSS_OPEN/CLOSE) and the date
# placeholders (datefmt.OPEN/CLOSE) are the app's own; none may reach a page.
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def test_a_gloss_beside_a_digit_is_made_a_tag():
    """Issue 28: 「023-641-1212内線□市役所の中の電話の番号□362」: a text with a digit took a
    path that left the gloss marks in."""
    page = furigana.ruby_html("<main><p>電話：023-641-1212内線362</p></main>", gloss=True)
    assert not PRIVATE_USE.search(page), page
    assert '<span class="gloss">（' in page


def test_a_reading_is_hidden_from_screen_readers():
    """Issue 28: screen readers heard each word twice, the reading after it. The reading is
    for the eye (aria-hidden); the words are read once."""
    assert furigana.ruby("資格") == '<ruby>資格<rt aria-hidden="true">しかく</rt></ruby>'


def test_the_six_wrong_readings_are_right():
    """Issue 28: the birth date's fields 月 つき and 日 ひ, お金 おきん (in a gloss),
    行っています いって, 何も なんも, and 年 とし on the accessibility page (its やさしい日本語
    now says 何歳でも). The independent analyser agrees with some of the wrong ones, so each
    is pinned here."""
    assert [furigana.reading(label) for label in ("年", "月", "日")] == ["ねん", "がつ", "にち"]
    assert furigana.reading("病院の窓口で自分が払うお金") == "びょういんのまどぐちでじぶんがはらうおかね"
    assert furigana.reading("広域連合が行っています。") == "こういきれんごうがおこなっています。"
    assert furigana.reading("何も選ばないで") == "なにもえらばないで"
    assert furigana.reading("病院に行くとき") == "びょういんにいくとき"  # 行く stays いく


def test_the_birth_dates_fields_and_the_accessibility_page_read_right(flow_app):
    client = flow_app.test_client()
    client.set_cookie("lang", "ja-easy")
    page = page_text(client, "/yamagata/q/birth_date")
    for field, unit in (("year", "ねん"), ("month", "がつ"), ("day", "にち")):
        label = re.search(rf'<label for="{field}">(.*?)</label>', page, re.S).group(1)
        assert bare_rt(label).endswith(f"<rt>{unit}</rt></ruby></span>"), label
    page = page_text(client, "/accessibility")
    assert "何歳でも" in words(page) and "とし" not in page


def test_ruby_stands_over_the_kanji_of_a_term_with_katakana():
    """Issue 28: 「マイナ保険証」 had one reading over the whole term (マイナほけんしょう)."""
    assert furigana.ruby("マイナ保険証") == 'マイナ<ruby>保険証<rt aria-hidden="true">ほけんしょう</rt></ruby>'
    assert furigana.ruby("市民サロン") == '<ruby>市民<rt aria-hidden="true">しみん</rt></ruby>サロン'


def test_text_only_a_screen_reader_reads_has_no_reading():
    page = furigana.ruby_html('<main><h2 id="t" class="visually-hidden">結果のまとめ</h2>'
                              '<span class="visually-hidden-narrow">保険証</span></main>')
    assert '<h2 id="t" class="visually-hidden">結果のまとめ</h2>' in page
    assert "<ruby>保険" in page  # hidden only on a narrow screen: seen elsewhere


def test_the_print_header_does_not_take_a_terms_gloss():
    """Issue 28: the first gloss of a term went to the header only a print shows."""
    page = furigana.ruby_html('<main><header class="print-only print-header"><p>保険証</p></header>'
                              '<p>保険証を見せてください。</p></main>', gloss=True)
    header, rest = page.split("</header>", 1)
    assert "gloss" not in header and rest.count('class="gloss"') == 1


def test_a_term_inside_brackets_is_not_glossed_there():
    """Issue 28: glosses nested: 「（…負担割合（病院で自分が払うお金の割合）…）」."""
    page = furigana.ruby_html("<main><p>国の決まり（70歳からの負担割合）。負担割合が変わります。</p></main>",
                              gloss=True)
    text = re.sub(r"<rt[^>]*>.*?</rt>|<[^>]+>", "", page)
    assert text == "国の決まり（70歳からの負担割合）。負担割合（病院で自分が払うお金の割合）が変わります。"
