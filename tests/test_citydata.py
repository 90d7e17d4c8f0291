"""City data files: the real ones load and say what the seeds say; a broken file stops
start-up with a message naming the file, the field and the problem; a new city is only a
new file."""
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.corpus import TEST_CITIES
from webapp.citydata import CITIES_DIR, CityDataError, load_cities, load_national

REAL = ("yamagata", "shiroishi")
WITH_TEXTS = {*REAL, "chikugo", "chiryu", "ebetsu", "nakano", "sagamihara"}
# Every city file served without a setting (a city a clerk adds there too).
BUILT_IN = sorted(path.stem for path in CITIES_DIR.glob("*.yaml"))


# --- the real files ---------------------------------------------------------------------

def test_every_real_file_loads():
    cities = load_cities()
    assert sorted(cities) == sorted(path.stem for path in CITIES_DIR.glob("*.yaml"))
    for city_id, city in cities.items():
        assert city.id == city_id
        assert city.calendar.first_day() == date(2025, 8, 1)


def test_real_files_say_what_the_seeds_say():
    cities = load_cities()
    yamagata, shiroishi = cities["yamagata"], cities["shiroishi"]
    # Yamagata flyer: 国民健康保険課 内線362, 市民課 内線352, 山形市役所 TEL（023）641-1212.
    assert yamagata.offices["nhi"]["name"]["ja"] == "国民健康保険課"
    assert (yamagata.offices["nhi"]["phone"], yamagata.offices["nhi"]["extension"]) \
        == ("023-641-1212", "362")
    assert yamagata.offices["citizens"]["extension"] == "352"
    assert yamagata.late_elderly["union"]["name"]["ja"] == "山形県後期高齢者医療広域連合"
    # The flyer's table is of notices only: no row gives a certificate, and no row says how
    # a paper is mailed ("個人毎にお送りします" is to whom).
    rows = yamagata.rules.table.rows
    assert {row.paper for row in rows} == {"qualification_notice"}
    assert {row.mailing.method for row in rows} == {None}
    assert {row.mailing.recipient for row in rows} == {"each_person"}
    # Shiroishi: 普通郵便 for notices, 簡易書留 for certificates, to the householder.
    methods = {(row.paper, row.mailing.method, row.mailing.recipient) for row in shiroishi.rules.table.rows}
    assert methods == {("qualification_notice", "regular_mail", "householder"),
                       ("eligibility_certificate", "simple_registered_mail", "householder")}
    # Shiroishi: 健康推進課, no phone number on the page (never invented).
    assert shiroishi.offices["nhi"]["name"]["ja"] == "健康推進課"
    assert shiroishi.offices["nhi"]["phone"] is None
    assert shiroishi.switchboard is None
    assert shiroishi.late_elderly["union"]["name"]["ja"] == "宮城県後期高齢者医療広域連合"
    # Shiroishi 2025: old cards to 令和7年9月30日; Yamagata says nothing of its own year.
    year = shiroishi.rules.year(2025)
    assert (year.old_card_valid_until, year.papers_from) == (date(2025, 9, 30), date(2025, 10, 1))
    assert dict(yamagata.rules.years) == {}


def test_every_cite_quotes_its_own_citys_document_or_a_law():
    """Each city file names its document's text, and `flask cities check` finds every quoted
    piece in it (the survey cities' stored copies too); the made-up city has none."""
    from tests.corpus import CITY_FILES
    from webapp.staff.citycheck import check_city_file
    national = load_national()
    for path in CITY_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts = [source.get("text") for source in data["sources"]]
        # The cities whose texts the project keeps name them (a city added without one is
        # checked all the same, without its quotes).
        assert all(texts) or path.stem not in WITH_TEXTS, path
        assert check_city_file(path, national) == [], path
    assert {path.stem for path in CITY_FILES} >= WITH_TEXTS


def test_national_file():
    national = load_national()
    assert national.cycle_starts == (date(2025, 8, 1),)
    ages = national.ages.on(date(2025, 8, 1))
    assert (ages.cost_share, ages.late_elderly) == (70, 75)
    assert national.free_dial["phone"] == "0120-95-0178"
    # National rules name where they were read, and are titled as rules for all of Japan.
    assert national.rules["card_expiry"].read_in == ("yamagata-flyer",)
    assert national.rules["free_dial"].read_in == ("shiroishi-page",)


# --- broken files -----------------------------------------------------------------------

def real(city_id: str) -> dict:
    return yaml.safe_load((CITIES_DIR / f"{city_id}.yaml").read_text(encoding="utf-8"))


def write(path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def city_dir(tmp_path):
    """A copy of the real city files."""
    for city_id in REAL:
        shutil.copy(CITIES_DIR / f"{city_id}.yaml", tmp_path / f"{city_id}.yaml")
    return tmp_path


def start(make_app, folder):
    return make_app(CITY_DATA_DIR=str(folder))


def test_copies_of_the_real_files_start(make_app, city_dir):
    app = start(make_app, city_dir)
    assert sorted(app.extensions["loaded_data"].cities) == BUILT_IN


def break_missing_phone(data):
    del data["offices"]["nhi"]["phone"]  # silence is null, never a missing key


def break_phone(data):
    data["offices"]["nhi"]["phone"] = "abc"


def break_method(data):
    data["papers"][0]["mailing"]["method"] = {"id": "carrier_pigeon", "text": {"ja": "鳩", "en": "Pigeon"},
                                              "cite": {"source": "yamagata-flyer", "words": "鳩"}}


def break_action_office(data):
    data["actions"]["leave_nhi"]["office"] = "nowhere"


def break_ask_office(data):
    data["ask"] = "nowhere"


def break_id(data):
    data["id"] = "tendo"


def break_year_date(data):
    data["cycles"]["years"] = {2025: {"old_card_valid_until": None, "mailing_when": None, "not_mailed": [],
                                      "papers_from": {"date": "2025-02-30", "cite": {
                                          "source": "yamagata-flyer", "words": "令和７年８月１日時点で"}}}}


def break_cite_without_words(data):
    data["papers"][0]["cite"]["words"] = None


def break_unknown_source(data):
    data["actions"]["reset_pin"]["cite"]["source"] = "yamagata-website"


def break_other_citys_source(data):
    # Shiroishi's page is listed nationally, but only for national rules.
    data["actions"]["apply_certificate"]["cite"]["source"] = "shiroishi-page"


def break_clinic_note_without_cite(data):
    del data["clinic"]["qualification_notice"][0]["cite"]


def break_lost_card_unanswered(data):
    data["actions"]["ask_without_card"] = None


def break_missing_action(data):
    del data["actions"]["apply_certificate"]


def break_unknown_field(data):
    data["offices"]["nhi"]["fax"] = "023-641-1213"


def break_language(data):
    del data["name"]["en"]


def break_two_rows_for_one_group(data):
    data["papers"].append(data["papers"][0])


def break_paper_of_another_card(data):
    data["papers"][0]["paper"] = "eligibility_certificate"


def break_rule_for_another_group(data):
    data["papers"][0]["valid_until"]["rule"] = "end_of_month_of_70th_birthday"


def break_then_on_another_row(data):
    data["papers"][0]["then"] = data["papers"][1]["then"]


def break_empty_bring(data):
    data["actions"]["leave_nhi"]["bring"] = []  # "bring the following:" and nothing


def break_empty_methods(data):
    data["actions"]["register_card"]["methods"] = []  # "any of the following ways:" and nothing


def break_not_stated_with_a_cite(data):
    data["papers"][0]["valid_until"]["rule"] = "not_stated"


# (break, expected field in the message, words describing the problem)
BROKEN = {
    "missing_key": (break_missing_phone, "offices/nhi", ["phone", "required"]),
    "phone_abc": (break_phone, "offices/nhi/phone", ["abc"]),
    "unknown_method": (break_method, "papers/1/mailing/method/id", ["carrier_pigeon"]),
    "action_to_missing_office": (break_action_office, "actions/leave_nhi/office", ["nowhere"]),
    "ask_missing_office": (break_ask_office, "ask", ["nowhere"]),
    "id_not_file_name": (break_id, "id", ["tendo", "yamagata"]),
    "impossible_date": (break_year_date, "cycles/years/2025/papers_from/date", ["2025-02-30", "not a real date"]),
    "cite_without_words": (break_cite_without_words, "papers/1/cite/words", ["quote the words"]),
    "unknown_source": (break_unknown_source, "actions/reset_pin/cite/source", ["yamagata-website"]),
    "other_citys_source": (break_other_citys_source, "actions/apply_certificate/cite/source",
                           ["shiroishi-page", "another city"]),
    "clinic_note_without_cite": (break_clinic_note_without_cite, "clinic/qualification_notice/1",
                                 ["cite", "required"]),
    "lost_card_unanswered": (break_lost_card_unanswered, "actions/ask_without_card", ["lost_card"]),
    "missing_action": (break_missing_action, "actions", ["apply_certificate", "required"]),
    "unknown_field": (break_unknown_field, "offices/nhi", ["fax"]),
    "missing_english": (break_language, "name", ["en", "required"]),
    "two_rows_one_group": (break_two_rows_for_one_group, "papers/5/who", ["rows 1 and 5", "at most one row"]),
    "paper_of_another_card": (break_paper_of_another_card, "papers/1/paper", ["the law decides"]),
    "rule_for_another_group": (break_rule_for_another_group, "papers/1/valid_until/rule", ["turns: 70"]),
    "then_on_another_row": (break_then_on_another_row, "papers/1/then", ["turns: 70"]),
    "empty_bring": (break_empty_bring, "actions/leave_nhi/bring", ["[]"]),
    "empty_methods": (break_empty_methods, "actions/register_card/methods", ["[]"]),
    "not_stated_with_a_cite": (break_not_stated_with_a_cite, "papers/1/valid_until/cite", ["null"]),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_file_stops_start_up(make_app, city_dir, case):
    breaker, field, words = BROKEN[case]
    data = real("yamagata")
    breaker(data)
    write(city_dir / "yamagata.yaml", data)
    with pytest.raises(CityDataError) as info:
        start(make_app, city_dir)
    message = str(info.value)
    assert "yamagata.yaml" in message
    assert f"field {field}:" in message, message
    for word in words:
        assert word in message, (word, message)


def test_invalid_yaml_stops_start_up(make_app, city_dir):
    (city_dir / "shiroishi.yaml").write_text("id: shiroishi\noffices: [unclosed\n  nhi: {\n",
                                              encoding="utf-8")
    with pytest.raises(CityDataError) as info:
        start(make_app, city_dir)
    message = str(info.value)
    assert "shiroishi.yaml" in message and "YAML" in message


def test_file_that_is_not_a_mapping(make_app, city_dir):
    (city_dir / "shiroishi.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(CityDataError, match="shiroishi.yaml"):
        start(make_app, city_dir)


def test_a_year_must_be_a_year(make_app, city_dir):
    data = real("yamagata")
    data["cycles"]["years"] = {"next": {"old_card_valid_until": None, "papers_from": None, "mailing_when": None,
                                        "not_mailed": []}}
    write(city_dir / "yamagata.yaml", data)
    with pytest.raises(CityDataError, match="yamagata.yaml.*cycles/years"):
        start(make_app, city_dir)


# --- a made-up city is a new file, no code change -------------------------------------------
# tests/cities/mihon.yaml: a made-up city and page (見本市), with its own year (old cards to
# 2025-08-31, papers from 2025-09-01), offices with phones, a desk for a lost card, every
# paper of a mixed household by registered mail, and a condition the wizard does not ask.


@pytest.fixture
def mihon_app(make_app, tmp_path):
    shutil.copy(TEST_CITIES / "mihon.yaml", tmp_path / "mihon.yaml")
    return make_app(CITY_DATA_DIR=str(tmp_path), WTF_CSRF_ENABLED=False)


def test_a_folder_of_city_files_adds_to_the_built_in_ones(mihon_app):
    assert sorted(mihon_app.extensions["loaded_data"].cities) == sorted({"mihon", *BUILT_IN})


def test_made_up_city_is_served_by_the_pages(mihon_app, walk, html):
    client = mihon_app.test_client()
    client.set_cookie("lang", "en")
    index = html(client.get("/"))
    assert "/mihon/" in [a.attrs.get("href") for a in index.find_all("a")]
    assert "Mihon City (a sample)" in index.text
    walk(client, "mihon", {"birth_date": "1980-05-10", "my_number_card": "held",
                           "insurance_registration": "registered", "restricted_view": "no",
                           "care_need": "no", "employer_insurance": "yes",
                           "wants_deregistration": "no"})
    response = client.get("/mihon/result")
    assert response.status_code == 200
    text = html(response).find("main").text
    assert "000-000-1111" in text  # its office, reached through its switchboard
    # Its own year: new papers from 1 September 2025, old card to 31 August.
    assert "From 1 September 2025" in text and "31 August 2025" in text
    # Its condition the wizard does not ask, with its office.
    assert "If this applies to you" in text and "000-000-1234" in text
    assert client.get("/yamagata/").status_code == 200  # the other cities still work beside it


def test_made_up_city_is_served_by_the_api(mihon_app):
    client = mihon_app.test_client()
    response = client.post("/api/v1/mihon/outcome", json={
        "birth_date": "1980-05-10", "as_of": "2025-08-01", "my_number_card": "none",
        "employer_insurance": True})
    assert response.status_code == 200
    data = response.get_json()
    assert [(d["type"], d["valid_from"], d["expires_on"], d["delivery"], d["current"])
            for d in data["documents"]] == [
        ("eligibility_certificate", "2025-09-01", "2026-07-31", "simple_registered_mail", False)]
    (action,) = data["actions"]
    assert action["id"] == "leave_nhi" and action["unsaid"] is None
    assert [condition["office"]["phone"] for condition in data["if_applies"]] == ["000-000-1234"]
    late = client.post("/api/v1/mihon/outcome", json={
        "birth_date": "1940-01-01", "as_of": "2025-08-01", "my_number_card": "none"})
    assert "見本県後期高齢者医療広域連合" in late.get_data(as_text=True)


def test_made_up_city_lost_card_goes_to_its_own_desk(mihon_app):
    response = mihon_app.test_client().post("/api/v1/mihon/outcome", json={
        "birth_date": "1980-05-10", "as_of": "2026-08-01", "my_number_card": "lost",
        "insurance_registration": "registered", "lang": "en"})
    data = response.get_json()
    offices = {a["id"]: a["office"]["id"] for a in data["actions"]}
    assert offices["ask_without_card"] == offices["replace_card"] == "card_desk"


def test_a_city_folder_setting_that_finds_no_city_stops_the_start(make_app, tmp_path, monkeypatch):
    """Issue 26: a setting naming no folder, a folder with no city file, or the bare
    variable the app never reads (its cities would answer 404) each stop the start, saying
    what to do."""
    with pytest.raises(CityDataError, match="no such folder"):
        make_app(CITY_DATA_DIR=str(tmp_path / "missing"))
    with pytest.raises(CityDataError, match=r"holds no city file \(<id>\.yaml\)"):
        make_app(CITY_DATA_DIR=str(tmp_path))
    monkeypatch.setenv("CITY_DATA_DIR", str(tmp_path))
    with pytest.raises(RuntimeError, match="set FLASK_CITY_DATA_DIR instead"):
        make_app()


def test_a_document_without_a_title_is_named_by_its_publisher_and_address(make_app, tmp_path):
    """Issue 26: a page with no title line (title: null) is served, and named by who
    published it and where (never a made-up title)."""
    data = yaml.safe_load((TEST_CITIES / "chikugo.yaml").read_text(encoding="utf-8"))
    data["sources"][0]["title"] = None
    del data["sources"][0]["text"]
    write(tmp_path / "chikugo.yaml", data)
    client = make_app(CITY_DATA_DIR=str(tmp_path)).test_client()
    for lang, label in (("ja", "筑後市（https://www.city.chikugo.lg.jp/kurashi/_6036/_31266）"),
                        ("en", "Chikugo City (https://www.city.chikugo.lg.jp/kurashi/_6036/_31266)")):
        answer = client.post("/api/v1/chikugo/outcome", json={"birth_date": "1960-05-05", "as_of": "2025-09-15",
                                                              "lang": lang, "my_number_card": "none"}).get_json()
        source = answer["sources"][0]
        assert (source["title"], source["label"]) == (None, label)


def test_cities_added_as_built_in_ones_are_served(request, app):
    """Issue 26: `make test-fast EXTRA_CITIES=tests/cities` (run by .ci/run) serves the test
    cities as if a clerk had added them to webapp/data/cities/; the whole suite stays green."""
    extra = request.config.getoption("--extra-cities")
    if not extra:
        pytest.skip("only with --extra-cities DIR (make test-fast EXTRA_CITIES=tests/cities)")
    added = {path.stem for path in Path(extra).glob("*.yaml")}
    served = app.extensions["loaded_data"].cities
    assert added and added <= set(served)
    page = app.test_client().get("/").get_data(as_text=True)
    assert all(f'href="/{city_id}/"' in page for city_id in added)
