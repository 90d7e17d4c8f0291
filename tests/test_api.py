"""POST /api/v1/<municipality>/outcome, exactly as its contract (webapp/openapi.yaml) describes it.

Expected offices, phones and things to bring come from the seeds (docs/rules.md "Offices and
contacts"); dates from docs/rules.md "Yearly cycle and expiry dates".
"""
import json
from datetime import date

import pytest

import webapp.api
from tests.corpus import CITIES
from webapp import create_app, openapi
from webapp.questions import NAMES

# Seeds: Yamagata "国民健康保険課 … 山形市役所 TEL（023）641-1212"; Shiroishi "健康推進課"
# with no phone number on the page.
NHI_OFFICE = {
    "yamagata": {"ja": "国民健康保険課", "phone": "023-641-1212"},
    "shiroishi": {"ja": "健康推進課", "phone": None},
}
# Shiroishi: 普通郵便 for notices, 簡易書留 for certificates; Yamagata does not say.
DELIVERY = {
    "yamagata": {"qualification_notice": None, "eligibility_certificate": None},
    "shiroishi": {"qualification_notice": "regular_mail",
                  "eligibility_certificate": "simple_registered_mail"},
}
PAPERS_FROM_2025 = {"yamagata": "2025-08-01", "shiroishi": "2025-10-01"}
UNION = {"yamagata": "山形県後期高齢者医療広域連合", "shiroishi": "宮城県後期高齢者医療広域連合"}

BASE = {"birth_date": "1980-05-10", "as_of": "2025-08-01", "my_number_card": "none"}


@pytest.fixture(scope="module")
def api_app():
    # The API keeps no state between requests, so one app (CSRF on, as in production)
    # serves the whole module; this keeps the suite fast.
    return create_app({"SECRET_KEY": "test", "TESTING": True, "AS_OF": "2025-08-01"})


@pytest.fixture
def api(api_app):
    client = api_app.test_client()

    def post(city="yamagata", body=None, **kwargs):
        if body is not None:
            kwargs["json"] = body
        response = client.post(f"/api/v1/{city}/outcome", **kwargs)
        text = response.get_data(as_text=True)
        assert response.status_code != 500, text
        assert "Traceback" not in text and 'File "' not in text, text
        assert response.is_json, text
        return response
    return post


def error_fields(response):
    body = response.get_json()
    assert set(body) == {"errors"}, body
    assert body["errors"], body
    for error in body["errors"]:
        assert set(error) == {"field", "message"}, error
        assert isinstance(error["message"], str) and error["message"].strip(), error
    return [error["field"] for error in body["errors"]]


def assert_422(response, *fields):
    assert response.status_code == 422, response.get_data(as_text=True)
    got = error_fields(response)
    for field in fields:
        assert field in got, (field, got)
    return got


# --- full answers -------------------------------------------------------------------------

@pytest.mark.parametrize("city", CITIES)
def test_full_answer_notice_holder_turning_70(api, city):
    # Born 1956-03-15: cost share from 2026-04-01, so two notices (docs/rules.md "Yearly cycle and
    # expiry dates", table row 2).
    body = {"birth_date": "1956-03-15", "as_of": "2025-08-01", "my_number_card": "held",
            "insurance_registration": "registered", "restricted_view": False,
            "care_need": True, "employer_insurance": True, "wants_deregistration": True,
            "lang": "ja"}
    response = api(city, body)
    assert response.status_code == 200
    data = response.get_json()
    assert data["municipality"] == city
    assert data["as_of"] == "2025-08-01"
    assert data["scheme"] == "nhi"
    assert data["cycle"]["start"] == "2025-08-01" and data["cycle"]["end"] == "2026-07-31"

    method = DELIVERY[city]["qualification_notice"]
    got = [{k: d[k] for k in ("type", "valid_from", "expires_on", "shows_cost_share",
                              "delivery", "current")} for d in data["documents"]]
    if city == "yamagata":
        # The flyer's row "令和８年８月１日までに70歳の誕生日を迎える方 … 誕生月の末日", then the
        # notice showing the cost share; the flyer gives no start date of its own.
        assert got == [
            {"type": "qualification_notice", "valid_from": None, "expires_on": "2026-03-31",
             "shows_cost_share": False, "delivery": None, "current": True},
            {"type": "qualification_notice", "valid_from": "2026-04-01", "expires_on": "2026-07-31",
             "shows_cost_share": True, "delivery": None, "current": False},
        ]
        assert [d["basis"]["expires_on"]["words"] for d in data["documents"]] == [
            "誕生月の末日 / 1日生まれの方は誕生日の前日", "令和８年７月31日"]
    else:
        # "マイナ保険証をお持ちの70歳未満の方 … 有効期限 なし": the page has no row for turning 70;
        # the cost share's start is said as a national rule, beside the page's silence.
        assert got == [{"type": "qualification_notice", "valid_from": "2025-10-01", "expires_on": None,
                        "shows_cost_share": False, "delivery": method, "current": False}]
        assert data["documents"][0]["basis"]["expires_on"] == {
            "kind": "city", "source": "shiroishi-page", "words": "有効期限 なし", "rule": None}
        about = " ".join(data["documents"][0]["about"])
        assert "2026年4月1日" in about and "市の案内に書かれていません" in about

    actions = {a["id"]: a for a in data["actions"]}
    assert set(actions) == {"leave_nhi", "apply_certificate", "deregister"}
    for action in actions.values():
        assert action["office"]["name"] == NHI_OFFICE[city]["ja"]
        assert action["office"]["phone"] == NHI_OFFICE[city]["phone"]
        assert "bring" in action
    if city == "yamagata":
        # Q3: "職場の健康保険の加入日が分かる紙の証明書等をご持参のうえ"
        assert any("加入日" in item for item in actions["leave_nhi"]["bring"])
        assert actions["apply_certificate"]["bring"] is None  # the flyer does not say
    else:
        # "顔写真付きの本人確認書類(運転免許証やマイナンバーカードなど)をご持参のうえ"
        for action_id in ("apply_certificate", "deregister"):
            assert any("顔写真付き" in item for item in actions[action_id]["bring"])
        assert actions["leave_nhi"]["bring"] is None  # the page does not say


@pytest.mark.parametrize("city, expires", [("yamagata", None), ("shiroishi", "2026-07-31")])
def test_certificate_delivery(api, city, expires):
    # Yamagata's flyer says nothing of a certificate: no date, no delivery, each "not_stated".
    data = api(city, dict(BASE)).get_json()
    assert [(d["type"], d["delivery"], d["expires_on"]) for d in data["documents"]] == [
        ("eligibility_certificate", DELIVERY[city]["eligibility_certificate"], expires)]
    basis = data["documents"][0]["basis"]
    kinds = {"yamagata": ("not_stated", "not_stated"), "shiroishi": ("city", "city")}[city]
    assert (basis["expires_on"]["kind"], basis["delivery"]["kind"]) == kinds
    assert data["actions"] == []


@pytest.mark.parametrize("city", CITIES)
def test_notice_under_70_has_null_expiry(api, city):
    data = api(city, dict(BASE, my_number_card="held",
                          insurance_registration="registered")).get_json()
    assert [(d["type"], d["expires_on"], d["delivery"]) for d in data["documents"]] == [
        ("qualification_notice", None, DELIVERY[city]["qualification_notice"])]


@pytest.mark.parametrize("city", CITIES)
def test_late_elderly_answer(api, city):
    response = api(city, dict(BASE, birth_date="1950-01-01"))
    assert response.status_code == 200
    data = response.get_json()
    assert data["scheme"] == "late_elderly"
    assert data["documents"] == []
    assert UNION[city] in json.dumps(data, ensure_ascii=False)


def test_late_elderly_names_the_right_union(api):
    # Each city names its own prefecture's union, not the other's.
    data = api("shiroishi", dict(BASE, birth_date="1950-01-01")).get_json()
    assert UNION["yamagata"] not in json.dumps(data, ensure_ascii=False)


# --- each field ---------------------------------------------------------------------------

def test_birth_date_on_as_of_is_allowed(api):
    data = api("yamagata", dict(BASE, birth_date="2025-08-01")).get_json()
    (paper,) = data["documents"]
    assert paper["current"] and paper["valid_from"] is None  # the flyer gives no start date
    assert paper["basis"]["valid_from"]["kind"] == "not_stated"


def test_birth_date_1900_01_01_is_allowed(api):
    assert api("yamagata", dict(BASE, birth_date="1900-01-01")).status_code == 200


@pytest.mark.parametrize("frozen, cycle_start", [(date(2026, 9, 15), "2026-08-01"),
                                                 (date(2025, 8, 1), "2025-08-01")])
def test_as_of_defaults_to_today_in_tokyo(api, monkeypatch, frozen, cycle_start):
    monkeypatch.setattr(webapp.api, "today_in_tokyo", lambda: frozen)
    body = {k: v for k, v in BASE.items() if k != "as_of"}
    data = api("yamagata", body).get_json()
    assert data["as_of"] == frozen.isoformat()
    assert data["cycle"]["start"] == cycle_start


def test_as_of_default_is_not_the_app_setting(api, monkeypatch):
    # AS_OF in the app config (2025-08-01) is for the pages; the API default is today.
    monkeypatch.setattr(webapp.api, "today_in_tokyo", lambda: date(2027, 1, 5))
    body = {k: v for k, v in BASE.items() if k != "as_of"}
    assert api("yamagata", body).get_json()["cycle"]["start"] == "2026-08-01"


def test_default_today_before_first_cycle_is_an_error(api, monkeypatch):
    monkeypatch.setattr(webapp.api, "today_in_tokyo", lambda: date(2025, 7, 31))
    body = {k: v for k, v in BASE.items() if k != "as_of"}
    assert_422(api("yamagata", body), "as_of")


def test_as_of_picks_the_cycle(api):
    data = api("yamagata", dict(BASE, as_of="2026-07-31")).get_json()
    assert data["cycle"] == {**data["cycle"], "start": "2025-08-01", "end": "2026-07-31"}
    data = api("yamagata", dict(BASE, as_of="2026-08-01")).get_json()
    assert data["cycle"] == {**data["cycle"], "start": "2026-08-01", "end": "2027-07-31"}


@pytest.mark.parametrize("card, registration, expected", [
    ("none", None, "eligibility_certificate"),
    ("held", "registered", "qualification_notice"),
    ("held", "not_registered", "eligibility_certificate"),
    ("lost", "registered", "qualification_notice"),
])
def test_card_and_registration(api, card, registration, expected):
    body = dict(BASE, my_number_card=card)
    if registration:
        body["insurance_registration"] = registration
    data = api("yamagata", body).get_json()
    assert [d["type"] for d in data["documents"]] == [expected]


def test_unknown_registration_gives_both(api):
    data = api("yamagata", dict(BASE, my_number_card="held",
                                insurance_registration="unknown")).get_json()
    assert sorted(d["type"] for d in data["documents"]) == [
        "eligibility_certificate", "qualification_notice"]
    assert "check_registration" in [a["id"] for a in data["actions"]]


def test_registration_not_required_without_card(api):
    assert api("yamagata", dict(BASE, my_number_card="none")).status_code == 200
    # …and ignored when sent anyway.
    data = api("yamagata", dict(BASE, my_number_card="none",
                                insurance_registration="registered")).get_json()
    assert [d["type"] for d in data["documents"]] == ["eligibility_certificate"]


@pytest.mark.parametrize("card", ["held", "lost"])
def test_registration_required_with_card(api, card):
    assert_422(api("yamagata", dict(BASE, my_number_card=card)), "insurance_registration")
    assert_422(api("yamagata", dict(BASE, my_number_card=card, insurance_registration=None)),
               "insurance_registration")


def test_registration_may_be_null_without_card(api):
    data = api("yamagata", dict(BASE, my_number_card="none", insurance_registration=None)).get_json()
    assert [d["type"] for d in data["documents"]] == ["eligibility_certificate"]


@pytest.mark.parametrize("value", [0.0, 1, True, "yes", "REGISTERED", "", ["registered"], {}])
@pytest.mark.parametrize("card", ["none", "held", "lost"])
def test_a_wrong_registration_is_refused_even_where_it_is_not_used(api, card, value):
    # Not used without a card, but a value that is none of the choices is still a mistake
    # in the request (openapi.yaml: Answers), not something to pass over in silence.
    got = assert_422(api("yamagata", dict(BASE, my_number_card=card, insurance_registration=value)),
                     "insurance_registration")
    assert got == ["insurance_registration"]


def test_the_registration_is_checked_when_the_card_is_wrong_too(api):
    got = assert_422(api("yamagata", dict(BASE, my_number_card="x", insurance_registration=0.0)))
    assert got == ["my_number_card", "insurance_registration"]


REQUEST_FIELDS = tuple(openapi.document()["components"]["schemas"]["Answers"]["properties"]) + (
    "as_of", "lang")


def test_every_request_field_is_named_here():
    assert set(REQUEST_FIELDS) == {*NAMES, "as_of", "lang"}


@pytest.mark.parametrize("value", [0.0, {}, [], "🙂", -1])
@pytest.mark.parametrize("field", REQUEST_FIELDS)
def test_any_field_of_a_wrong_type_is_named(api, field, value):
    """Every field the API describes, with a value of the wrong type, is a 422 naming that
    field, whether or not the rest of the answers would use it (a card of `none` uses no
    registration; 75 and over uses no card answer)."""
    for base in (BASE, HOLDER, dict(BASE, birth_date="1940-01-01")):
        got = assert_422(api("yamagata", dict(base, **{field: value})), field)
        assert got == [field], (base, got)


HOLDER = dict(BASE, my_number_card="held", insurance_registration="registered")


@pytest.mark.parametrize("flag, effect", [
    ("restricted_view", ("type", "eligibility_certificate")),
    ("care_need", ("action", "apply_certificate")),
    ("employer_insurance", ("action", "leave_nhi")),
    ("wants_deregistration", ("action", "deregister")),
])
def test_each_flag(api, flag, effect):
    def observe(data):
        if effect[0] == "type":
            return effect[1] in [d["type"] for d in data["documents"]]
        return effect[1] in [a["id"] for a in data["actions"]]
    assert observe(api("yamagata", dict(HOLDER)).get_json()) is False  # default false
    assert observe(api("yamagata", dict(HOLDER, **{flag: False})).get_json()) is False
    assert observe(api("yamagata", dict(HOLDER, **{flag: True})).get_json()) is True


def test_register_card_action(api):
    data = api("shiroishi", dict(BASE, my_number_card="held",
                                 insurance_registration="not_registered")).get_json()
    (action,) = data["actions"]
    assert action["id"] == "register_card"
    assert action["office"]["name"] == "健康推進課"


@pytest.mark.parametrize("city", CITIES)
def test_lang_changes_text_fields(api, city):
    body = dict(BASE, employer_insurance=True)
    ja = api(city, dict(body, lang="ja")).get_json()
    en = api(city, dict(body, lang="en")).get_json()
    default = api(city, body).get_json()
    def text(answer):  # the city's own words quoted in each basis are the same in both
        return json.dumps([{k: v for k, v in d.items() if k != "basis"} for d in answer["documents"]] +
                          [answer[k] for k in ("summary", "actions", "text")], ensure_ascii=False)
    ja_text, en_text = text(ja), text(en)
    assert "令和8年7月31日（2026年7月31日）" in ja_text
    assert "令和8年7月31日" not in en_text
    assert "31 July 2026" in en_text and "31 July 2026" not in ja_text
    assert ja == default  # Japanese by default
    assert ja["actions"][0]["office"]["name"] == NHI_OFFICE[city]["ja"]
    assert en["actions"][0]["office"]["name"] != NHI_OFFICE[city]["ja"]
    # The data fields do not depend on the language.
    for key in ("municipality", "as_of", "scheme", "cycle"):
        assert ja[key] == en[key]
    def strip(docs):
        return [{k: d[k] for k in ("type", "valid_from", "expires_on",
                                                 "shows_cost_share", "delivery", "current")}
                              for d in docs]
    assert strip(ja["documents"]) == strip(en["documents"])


# --- errors -------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["1956/04/01", "1956-4-1", "56-04-01", "19560401", "",
                                   "１９５６-０４-０１", "1956-04-01T00:00", 19560401, None,
                                   ["1956-04-01"]])
def test_malformed_birth_date(api, value):
    assert_422(api("yamagata", dict(BASE, birth_date=value)), "birth_date")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_full_width_digits_are_malformed_not_impossible(api, lang):
    def message(value):
        body = dict(BASE, birth_date=value, lang=lang)
        return api("yamagata", body).get_json()["errors"][0]["message"]
    assert message("１９５６-０４-０１") == message("1956/04/01")
    assert message("１９５６-０４-０１") != message("2025-02-30")


@pytest.mark.parametrize("value", ["2025-02-30", "2023-02-29", "1956-13-01", "1956-00-10"])
def test_impossible_birth_date(api, value):
    assert_422(api("yamagata", dict(BASE, birth_date=value)), "birth_date")


@pytest.mark.parametrize("value", ["2025-02-30", "2025/08/01", "today", 20250801])
def test_bad_as_of(api, value):
    assert_422(api("yamagata", dict(BASE, as_of=value)), "as_of")


def test_birth_after_as_of(api):
    assert_422(api("yamagata", dict(BASE, birth_date="2025-08-02")), "birth_date")


def test_birth_before_1900(api):
    assert_422(api("yamagata", dict(BASE, birth_date="1899-12-31")), "birth_date")


@pytest.mark.parametrize("city", CITIES)
def test_as_of_before_first_cycle(api, city):
    assert_422(api(city, dict(BASE, as_of="2025-07-31")), "as_of")


@pytest.mark.parametrize("body", [
    dict(BASE, as_of="9999-12-31"),
    dict(BASE, as_of="9999-07-31", birth_date="9990-01-01"),
])
def test_as_of_too_far_ahead_is_422_not_500(api, body):
    assert_422(api("yamagata", body), "as_of")


@pytest.mark.parametrize("field, value", [
    ("my_number_card", "maybe"), ("my_number_card", "HELD"), ("my_number_card", True),
    ("my_number_card", ["held"]), ("insurance_registration", "yes"),
])
def test_unknown_enum_value(api, field, value):
    body = dict(BASE, my_number_card="held", insurance_registration="registered")
    body[field] = value
    assert_422(api("yamagata", body), field)


@pytest.mark.parametrize("missing", ["birth_date", "my_number_card"])
def test_missing_required_field(api, missing):
    body = {k: v for k, v in BASE.items() if k != missing}
    assert_422(api("yamagata", body), missing)


def test_several_errors_at_once(api):
    got = assert_422(api("yamagata", {"birth_date": "x", "my_number_card": "x",
                                      "care_need": "x"}),
                     "birth_date", "my_number_card", "care_need")
    assert len(got) == 3


@pytest.mark.parametrize("kwargs", [
    {"json": ["birth_date", "1956-04-01"]},
    {"json": "1956-04-01"},
    {"json": 42},
    {"json": None},
    {"data": "{not json", "content_type": "application/json"},
    {"data": '{"birth_date": "1956-04-01",}', "content_type": "application/json"},
    {},
    {"data": "birth_date=1956-04-01&my_number_card=none",
     "content_type": "application/x-www-form-urlencoded"},
])
def test_body_not_a_json_object(api, kwargs):
    response = api("yamagata", **kwargs)
    assert response.status_code == 422
    error_fields(response)


@pytest.mark.parametrize("flag", ["restricted_view", "care_need", "employer_insurance",
                                  "wants_deregistration"])
@pytest.mark.parametrize("value", ["true", 1, 0, "no", [True]])
def test_non_bool_flag(api, flag, value):
    assert_422(api("yamagata", dict(HOLDER, **{flag: value})), flag)


@pytest.mark.parametrize("value", ["fr", "JA", "", 1, ["ja"]])
def test_bad_lang(api, value):
    assert_422(api("yamagata", dict(BASE, lang=value)), "lang")


def test_unknown_municipality(api):
    response = api("sendai", dict(BASE))
    assert response.status_code == 404
    assert error_fields(response) == ["municipality"]


def test_unknown_municipality_wins_over_a_bad_body(api):
    assert api("sendai", ["not", "an", "object"]).status_code == 404


@pytest.mark.parametrize("method, url, allow", [
    ("GET", "/api/v1/yamagata/outcome", "OPTIONS, POST"),
    ("PUT", "/api/v1/yamagata/outcome", "OPTIONS, POST"),
    ("DELETE", "/api/v1/sendai/outcome", "OPTIONS, POST"),  # the route's methods, before the city
    ("POST", "/api/v1/openapi.json", "GET, HEAD, OPTIONS"),
])
def test_a_method_not_allowed_answers_json_with_allow(api_app, method, url, allow):
    """RFC 9110: a 405 lists the methods the route takes (with the HEAD and OPTIONS Flask
    answers itself)."""
    response = api_app.test_client().open(url, method=method)
    assert response.status_code == 405
    assert response.is_json and "errors" in response.get_json()
    assert response.headers.get_all("Allow") == [allow]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_error_messages_are_strings_in_any_lang(api, lang):
    response = api("yamagata", {"birth_date": "1956-02-30", "my_number_card": "x",
                                "lang": lang})
    assert_422(response, "birth_date", "my_number_card")


def test_english_error_messages_are_english(api):
    response = api("yamagata", {"birth_date": "1956-02-30", "as_of": "2025-07-31",
                                "my_number_card": "x", "care_need": "x", "lang": "en"})
    for error in response.get_json()["errors"]:
        assert error["message"].isascii(), error


ERROR_BODIES = [
    {"birth_date": "1956/04/01", "my_number_card": "none"},
    {"birth_date": "1956-02-30", "my_number_card": "none"},
    {"birth_date": "1899-12-31", "my_number_card": "none"},
    {"birth_date": "2025-09-01", "as_of": "2025-08-01", "my_number_card": "none"},
    {"birth_date": "1956-04-01", "as_of": "2025-07-31", "my_number_card": "none"},
    {"birth_date": "1956-04-01", "my_number_card": "maybe"},
    {"birth_date": "1956-04-01"},
    {"birth_date": "1956-04-01", "my_number_card": "none", "care_need": "yes"},
]


def test_error_messages_follow_lang(api):
    """Needs translations/ja compiled (make compile): every API error message differs
    between ja and en, and the Japanese one contains Japanese text."""
    for body in ERROR_BODIES + [["not an object"]]:
        ja = api("yamagata", body if isinstance(body, list) else dict(body, lang="ja"))
        en = api("yamagata", body if isinstance(body, list) else dict(body, lang="en"))
        if isinstance(body, list):  # no lang can be read from a list: Japanese
            en_messages = ["Send a JSON object"]
        else:
            en_messages = [e["message"] for e in en.get_json()["errors"]]
        ja_messages = [e["message"] for e in ja.get_json()["errors"]]
        assert len(ja_messages) == len(en_messages)
        for ja_message, en_message in zip(ja_messages, en_messages):
            assert ja_message != en_message, (body, ja_message)
            assert not ja_message.isascii(), (body, ja_message)
    ja = api("sendai", dict(BASE, lang="ja")).get_json()["errors"][0]["message"]
    en = api("sendai", dict(BASE, lang="en")).get_json()["errors"][0]["message"]
    assert ja != en
