"""City data files: the real ones load and say what the seeds say; a broken file stops
start-up with a message naming the file, the field and the problem; a new city is only a
new file."""
import shutil
from datetime import date

import pytest
import yaml

from webapp.citydata import CITIES_DIR, CityDataError, load_cities, load_national

REAL = ("yamagata", "shiroishi")


# --- the real files ---------------------------------------------------------------------

def test_both_real_files_load():
    cities = load_cities()
    assert sorted(cities) == sorted(REAL)
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
    assert yamagata.offices["late_elderly_union"]["name"]["ja"] == "山形県後期高齢者医療広域連合"
    # The flyer does not say how papers are mailed; Shiroishi does (普通郵便 / 簡易書留).
    assert yamagata.delivery["qualification_notice"]["method"] is None
    assert yamagata.delivery["eligibility_certificate"]["method"] is None
    assert shiroishi.delivery["qualification_notice"]["method"] == "regular_mail"
    assert shiroishi.delivery["eligibility_certificate"]["method"] == "simple_registered_mail"
    # Shiroishi: 健康推進課, no phone number on the page (never invented).
    assert shiroishi.offices["nhi"]["name"]["ja"] == "健康推進課"
    assert shiroishi.offices["nhi"].get("phone") is None
    assert shiroishi.switchboard is None
    assert shiroishi.offices["late_elderly_union"]["name"]["ja"] == "宮城県後期高齢者医療広域連合"
    # Shiroishi 2025: old cards to 令和7年9月30日; Yamagata has no override.
    override = shiroishi.calendar.overrides[2025]
    assert override.old_card_valid_until == date(2025, 9, 30)
    assert override.start == date(2025, 10, 1)
    assert dict(yamagata.calendar.overrides) == {}


def test_every_real_fact_cites_its_own_citys_document_or_a_national_one():
    national = load_national()
    for city in load_cities().values():
        for _office_id, office in city.offices.items():
            assert office["source"] in city.sources or national.sources[office["source"]].city is None
        for action in city.actions.values():
            assert action is None or action["source"] in city.sources
    # National rules cite the documents they were read in.
    assert set(national.rules["card_expiry"]) == {"yamagata-flyer"}
    assert national.free_dial["source"] == "shiroishi-page"


def test_national_file():
    national = load_national()
    assert national.cycle_starts == (date(2025, 8, 1),)
    ages = national.ages.on(date(2025, 8, 1))
    assert (ages.cost_share, ages.late_elderly) == (70, 75)
    assert national.free_dial["phone"] == "0120-95-0178"


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
    assert sorted(app.extensions["hoken"]["cities"]) == sorted(REAL)


def break_missing_nhi(data):
    del data["offices"]["nhi"]


def break_phone(data):
    data["offices"]["nhi"]["phone"] = "abc"


def break_delivery(data):
    data["delivery"]["qualification_notice"]["method"] = "carrier_pigeon"


def break_action_office(data):
    data["actions"]["leave_nhi"]["office"] = "nowhere"


def break_id(data):
    data["id"] = "tendo"


def break_override_date(data):
    data["cycles"]["overrides"] = {2025: {"source": "yamagata-flyer", "start": "2025-02-30"}}


def break_fact_without_source(data):
    del data["offices"]["citizens"]["source"]


def break_unknown_source(data):
    data["actions"]["reset_pin"]["source"] = "yamagata-website"


def break_other_citys_source(data):
    # Shiroishi's page is listed nationally, but only for national rules.
    data["actions"]["apply_certificate"]["source"] = "shiroishi-page"


def break_clinic_note_without_source(data):
    del data["clinic"]["qualification_notice"][0]["source"]


def break_unsaid_office_without_ask(data):
    data["actions"]["reset_pin"]["office"] = None


def break_lost_card_unanswered(data):
    data["actions"]["ask_without_card"] = None


def break_missing_action(data):
    del data["actions"]["apply_certificate"]


def break_unknown_field(data):
    data["offices"]["nhi"]["fax"] = "023-641-1213"


def break_language(data):
    del data["name"]["en"]


# (break, expected field in the message, words describing the problem)
BROKEN = {
    "missing_nhi_office": (break_missing_nhi, "offices", ["nhi", "required"]),
    "phone_abc": (break_phone, "offices/nhi/phone", ["abc"]),
    "unknown_delivery": (break_delivery, "delivery/qualification_notice/method",
                         ["carrier_pigeon"]),
    "action_to_missing_office": (break_action_office, "actions/leave_nhi/office",
                                 ["nowhere"]),
    "id_not_file_name": (break_id, "id", ["tendo", "yamagata"]),
    "impossible_override_date": (break_override_date, "cycles/overrides/2025/start",
                                 ["2025-02-30", "not a real date"]),
    "fact_without_source": (break_fact_without_source, "offices/citizens", ["source", "required"]),
    "unknown_source": (break_unknown_source, "actions/reset_pin/source", ["yamagata-website"]),
    "other_citys_source": (break_other_citys_source, "actions/apply_certificate/source",
                           ["shiroishi-page", "another city"]),
    "clinic_note_without_source": (break_clinic_note_without_source, "clinic/qualification_notice/0",
                                   ["source", "required"]),
    "unsaid_office_without_ask": (break_unsaid_office_without_ask, "actions/reset_pin", ["ask"]),
    "lost_card_unanswered": (break_lost_card_unanswered, "actions/ask_without_card", ["lost_card"]),
    "missing_action": (break_missing_action, "actions", ["apply_certificate", "required"]),
    "unknown_field": (break_unknown_field, "offices/nhi", ["fax"]),
    "missing_english": (break_language, "name", ["en", "required"]),
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


def test_empty_folder(make_app, tmp_path):
    with pytest.raises(CityDataError, match="no city data"):
        start(make_app, tmp_path)


def test_override_year_must_be_a_year(make_app, city_dir):
    data = real("yamagata")
    data["cycles"]["overrides"] = {"next": {"start": "2025-10-01"}}
    write(city_dir / "yamagata.yaml", data)
    with pytest.raises(CityDataError, match="yamagata.yaml.*cycles/overrides"):
        start(make_app, city_dir)


# --- a made-up city is a new file, no code change -------------------------------------------

SAKURAGAWA = {
    "id": "sakuragawa",
    "name": {"ja": "桜川市", "en": "Sakuragawa City"},
    "sources": [{"id": "sakuragawa-page", "title": {"ja": "試験用の架空の市のページ", "en": "A made-up city's page"},
                 "publisher": {"ja": "桜川市", "en": "Sakuragawa City"}, "published": "2025-06-01",
                 "url": "https://www.example.jp/hoken"}],
    "switchboard": "0296-55-1111",
    "offices": {
        "nhi": {"source": "sakuragawa-page",
                "name": {"ja": "保険年金課", "en": "Insurance and Pension Division"},
                "place": {"ja": "桜川市役所", "en": "Sakuragawa City Hall"},
                "phone": "0296-55-1234"},
        "card_desk": {"source": "sakuragawa-page", "name": {"ja": "市民窓口課", "en": "Residents Desk"},
                      "phone": "0296-55-4321"},
        "late_elderly_union": {"source": "late-elderly-law",
                               "name": {"ja": "茨城県後期高齢者医療広域連合",
                                        "en": "Ibaraki Association for Medical Care 75+"}},
    },
    "delivery": {
        "qualification_notice": {"source": "sakuragawa-page", "method": "regular_mail",
                                 "recipient": "each_person", "form": None, "cost_share_change": None,
                                 "renewal": {"ja": "毎年7月に送ります。", "en": "Sent every July."}},
        "eligibility_certificate": {"source": "sakuragawa-page", "method": "simple_registered_mail",
                                    "recipient": "each_person", "form": None, "cost_share_change": None,
                                    "renewal": {"ja": "毎年7月に送ります。", "en": "Sent every July."}},
        "mixed_household": None,
    },
    "cycles": {
        "documented": [2025],
        "overrides": {2025: {"source": "sakuragawa-page", "start": "2025-09-01",
                             "old_card_valid_until": "2025-08-31"}},
    },
    "clinic": {"qualification_notice": [], "eligibility_certificate": []},
    "old_card": None,
    "actions": {
        "leave_nhi": {"source": "sakuragawa-page", "office": "nhi",
                      "bring": [{"ja": "加入日の証明書", "en": "Proof of the join date"}]},
        "apply_certificate": {"source": "sakuragawa-page", "office": "nhi", "bring": None,
                              "reasons": {"care_need": {"ja": "申請できます。", "en": "You can apply."}}},
        "ask_without_card": {"source": "sakuragawa-page", "office": "card_desk"},
        "deregister": {"source": "sakuragawa-page", "office": "nhi"},
        "register_card": {"source": "sakuragawa-page", "office": "nhi", "methods": ["my_portal", "clinic_reader"]},
        "check_registration": {"source": "sakuragawa-page", "office": "nhi"},
        "replace_card": {"source": "sakuragawa-page", "office": "card_desk"},
        "renew_card": {"source": "sakuragawa-page", "office": "card_desk"},
        "reset_pin": {"source": "sakuragawa-page", "office": None, "ask": "nhi"},
        "reissue_paper": {"source": "sakuragawa-page", "office": "nhi"},
    },
}


@pytest.fixture
def sakuragawa_app(make_app, city_dir):
    write(city_dir / "sakuragawa.yaml", SAKURAGAWA)
    return make_app(CITY_DATA_DIR=str(city_dir), WTF_CSRF_ENABLED=False)


def test_made_up_city_is_served_by_the_pages(sakuragawa_app, walk, html):
    client = sakuragawa_app.test_client()
    client.set_cookie("lang", "en")
    index = html(client.get("/"))
    assert "/sakuragawa/" in [a.attrs.get("href") for a in index.find_all("a")]
    assert "Sakuragawa City" in index.text
    assert client.get("/sakuragawa/").status_code == 200
    walk(client, "sakuragawa", {"birth_date": "1980-05-10", "my_number_card": "held",
                                "insurance_registration": "registered", "restricted_view": "no",
                                "care_need": "no", "employer_insurance": "yes",
                                "wants_deregistration": "no"})
    response = client.get("/sakuragawa/result")
    assert response.status_code == 200
    text = html(response).find("main").text
    assert "Insurance and Pension Division" in text
    assert "0296-55-1234" in text
    # Its own 2025 override: new papers from 1 September 2025, old card to 31 August.
    assert "1 September 2025" in text and "31 August 2025" in text
    # The other cities still work beside it.
    assert client.get("/yamagata/").status_code == 200


def test_made_up_city_is_served_by_the_api(sakuragawa_app):
    client = sakuragawa_app.test_client()
    response = client.post("/api/v1/sakuragawa/outcome", json={
        "birth_date": "1980-05-10", "as_of": "2025-08-01", "my_number_card": "none",
        "employer_insurance": True})
    assert response.status_code == 200
    data = response.get_json()
    assert data["municipality"] == "sakuragawa"
    assert [(d["type"], d["valid_from"], d["expires_on"], d["delivery"], d["current"])
            for d in data["documents"]] == [
        ("eligibility_certificate", "2025-09-01", "2026-07-31", "simple_registered_mail", False)]
    (action,) = data["actions"]
    assert action["id"] == "leave_nhi"
    assert action["office"]["name"] == "保険年金課"
    assert action["office"]["phone"] == "0296-55-1234"
    assert action["bring"] == ["加入日の証明書"]
    late = client.post("/api/v1/sakuragawa/outcome", json={
        "birth_date": "1940-01-01", "as_of": "2025-08-01", "my_number_card": "none"})
    assert "茨城県後期高齢者医療広域連合" in late.get_data(as_text=True)


def test_made_up_city_lost_card_goes_to_its_own_desk(sakuragawa_app):
    response = sakuragawa_app.test_client().post("/api/v1/sakuragawa/outcome", json={
        "birth_date": "1980-05-10", "as_of": "2026-08-01", "my_number_card": "lost",
        "insurance_registration": "not_registered", "lang": "en"})
    data = response.get_json()
    assert [(a["id"], a["office"]["name"]) for a in data["actions"]] == [
        ("replace_card", "Residents Desk")]
    assert data["documents"][0]["valid_from"] == "2026-08-01"  # override was 2025 only
