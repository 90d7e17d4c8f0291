"""POST /api/v1/<municipality>/outcome with ``members`` (issue 10, item 1): one answer per
member, exactly the single-person answer, plus the household part; errors name the member.

Facts as in tests/test_household.py (from the seeds, via docs/rules.md).
"""
from __future__ import annotations

import pytest

from tests.corpus import CITIES
from webapp import create_app
from webapp.household import LIMIT

AS_OF = "2025-08-01"
HOLDER = {"birth_date": "1980-05-10", "my_number_card": "held", "insurance_registration": "registered",
          "employer_insurance": True}
NO_CARD = {"birth_date": "1990-01-20", "my_number_card": "none", "employer_insurance": True}
NO_CARD_70 = {"birth_date": "1956-03-15", "my_number_card": "none"}
UNSURE = {"birth_date": "1975-09-09", "my_number_card": "held", "insurance_registration": "unknown"}


@pytest.fixture(scope="module")
def api_app():
    return create_app({"SECRET_KEY": "test", "TESTING": True, "AS_OF": AS_OF})


@pytest.fixture
def api(api_app):
    client = api_app.test_client()

    def post(city, body):
        response = client.post(f"/api/v1/{city}/outcome", json=body)
        assert response.status_code != 500 and response.is_json, response.get_data(as_text=True)
        return response
    return post


def household_body(*members, lang="ja"):
    return {"as_of": AS_OF, "lang": lang, "members": list(members)}


@pytest.mark.parametrize("city", CITIES)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_member_gets_exactly_the_single_answer(api, city, lang):
    members = [HOLDER, NO_CARD, NO_CARD_70, UNSURE]
    data = api(city, household_body(*members, lang=lang)).get_json()
    assert set(data) == {"municipality", "as_of", "members", "household"}
    assert data["municipality"] == city and data["as_of"] == AS_OF
    for member, got in zip(members, data["members"], strict=True):
        single = api(city, {**member, "as_of": AS_OF, "lang": lang}).get_json()
        assert got == single
    # Turning 70 with a certificate: Yamagata's flyer says nothing of its expiry; Shiroishi's
    # page says 31 July, and neither splits a certificate at 70.
    expected = {"yamagata": [None], "shiroishi": ["2026-07-31"]}[city]
    assert [d["expires_on"] for d in data["members"][2]["documents"]] == expected


def test_shiroishi_household_mail_and_actions(api):
    data = api("shiroishi", household_body(HOLDER, NO_CARD, NO_CARD_70))
    household = data.get_json()["household"]
    mail = {item["type"]: item for item in household["mail"]}
    # 「世帯主あてに郵送します」; 普通郵便 / 簡易書留
    assert mail["qualification_notice"]["members"] == [0]
    assert mail["qualification_notice"]["recipient"] == "householder"
    assert mail["qualification_notice"]["method"] == "regular_mail"
    assert mail["eligibility_certificate"]["members"] == [1, 2]
    assert mail["eligibility_certificate"]["method"] == "simple_registered_mail"
    certificate = " ".join(mail["eligibility_certificate"]["lines"])
    assert "世帯主あてに郵送されます（2人目、3人目の分）" in certificate
    assert "玄関先で手渡し" in certificate and "不在票" in certificate
    assert any("別々に郵送" in note for note in household["mail_notes"])
    actions = {action["id"]: action for action in household["actions"]}
    assert list(actions) == ["leave_nhi"]  # once, for both who join work insurance
    assert actions["leave_nhi"]["members"] == [0, 1]
    assert actions["leave_nhi"]["title"] == "国民健康保険をやめる手続き"
    # The page does not say where to leave NHI: its office is named as the one to ask.
    assert actions["leave_nhi"]["office"]["name"] == "健康推進課"
    assert "書かれていません" in actions["leave_nhi"]["unsaid"]
    ids = [source["id"] for source in household["sources"]]
    assert ids[0] == "shiroishi-page" and len(ids) == len(set(ids))


def test_yamagata_household_mail(api):
    data = api("yamagata", household_body(HOLDER, dict(HOLDER, birth_date="1960-01-02"), NO_CARD,
                                          lang="en")).get_json()
    mail = {item["type"]: item for item in data["household"]["mail"]}
    # 「個人毎にお送りします」, of the notice; the flyer says nothing on mailing a certificate.
    assert mail["qualification_notice"]["recipient"] == "each_person"
    assert mail["qualification_notice"]["members"] == [0, 1]
    assert "Sent to each person separately: Person 1, Person 2." in mail["qualification_notice"]["lines"]
    assert mail["eligibility_certificate"]["recipient"] is None
    assert mail["eligibility_certificate"]["method"] is None
    assert any("does not say how or when the Eligibility certificate is sent: ask National Health Insurance Division "
               "(Yamagata City Hall)" in line for line in mail["eligibility_certificate"]["lines"])
    assert data["household"]["mail_notes"] == []  # the flyer says nothing of a mixed household
    assert [a["members"] for a in data["household"]["actions"]] == [[0, 1, 2]]


def test_a_member_unsure_of_the_registration_is_in_both_mailings_with_the_case(api):
    data = api("shiroishi", household_body(UNSURE, lang="en")).get_json()
    mail = {item["type"]: item for item in data["household"]["mail"]}
    assert "for Person 1 (if their card is registered)." in mail["qualification_notice"]["lines"][0]
    assert "for Person 1 (if their card is not registered)." in mail["eligibility_certificate"]["lines"][0]
    actions = {a["id"]: a for a in data["household"]["actions"]}
    assert actions["check_registration"]["members"] == [0]


@pytest.mark.parametrize("lang, message", [("en", "This field is required"), ("ja", "この項目は必須です")])
def test_errors_name_the_member(api, lang, message):
    body = household_body(HOLDER, {"birth_date": "1990-02-30", "my_number_card": "none"},
                          {"my_number_card": "sometimes"}, {**NO_CARD, "as_of": AS_OF}, lang=lang)
    response = api("yamagata", body)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    fields = [error["field"] for error in errors]
    assert fields == ["members[1].birth_date", "members[2].birth_date", "members[2].my_number_card",
                      "members[3].as_of"]
    assert errors[1]["message"] == message


@pytest.mark.parametrize("field, value", [
    ("insurance_registration", 0.0), ("insurance_registration", "yes"), ("birth_date", 19900120),
    ("my_number_card", None), ("care_need", "true"), ("employer_insurance", None),
    ("restricted_view", 1), ("wants_deregistration", []),
])
def test_a_wrong_type_names_the_member_and_field(api, field, value):
    # The third member has no card: its registration is not used, but a wrong one is named.
    response = api("yamagata", household_body(HOLDER, UNSURE, {**NO_CARD, field: value}))
    assert response.status_code == 422
    assert [error["field"] for error in response.get_json()["errors"]] == [f"members[2].{field}"]


def test_a_null_registration_without_card_is_not_given(api):
    assert api("yamagata", household_body(HOLDER, {**NO_CARD, "insurance_registration": None})).status_code == 200


@pytest.mark.parametrize("members", [
    [], "x", [1], [HOLDER, "x"], {"0": HOLDER}, [HOLDER] * (LIMIT + 1),
], ids=["empty", "string", "number", "a string member", "object", "one too many"])
def test_members_must_be_a_short_list_of_objects(api, members):
    response = api("yamagata", {"as_of": AS_OF, "members": members})
    assert response.status_code == 422
    assert [error["field"] for error in response.get_json()["errors"]] == ["members"]


def test_the_most_members_are_answered(api):
    response = api("yamagata", household_body(*[HOLDER] * LIMIT))
    assert response.status_code == 200
    assert len(response.get_json()["members"]) == LIMIT


def test_answers_beside_members_are_refused(api):
    response = api("yamagata", {**HOLDER, "as_of": AS_OF, "members": [NO_CARD]})
    assert response.status_code == 422
    assert "birth_date" in [error["field"] for error in response.get_json()["errors"]]


def test_a_bad_as_of_is_named_once(api):
    response = api("yamagata", {"as_of": "2025-13-01", "members": [HOLDER, NO_CARD]})
    assert [error["field"] for error in response.get_json()["errors"]] == ["as_of"]
