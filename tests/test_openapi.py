"""The OpenAPI document (issue 10): valid OpenAPI 3.1, served, and strict enough that the
contract check every API response goes through (tests/api_contract.py) can fail."""
from __future__ import annotations

import copy
import shutil

import jsonschema
import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from webapp import openapi
from webapp.citydata import CITIES_DIR
from webapp.questions import NAMES

BODY = {"birth_date": "1956-03-15", "as_of": "2025-09-01", "my_number_card": "lost",
        "insurance_registration": "unknown", "care_need": True, "employer_insurance": True,
        "wants_deregistration": True, "lang": "en"}


@pytest.fixture
def client(app):
    return app.test_client()


def test_document_is_valid_openapi_3_1():
    document = openapi.document()
    assert document["openapi"].startswith("3.1.")
    validate(document, cls=OpenAPIV31SpecValidator)


def test_document_is_served_as_json(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    served = response.get_json()
    validate(served, cls=OpenAPIV31SpecValidator)
    # The written document, with the configured cities as the municipality's enum.
    (parameter,) = served["paths"]["/api/v1/{municipality}/outcome"]["post"]["parameters"]
    # (every built-in city file: a city added there is served without a test edit)
    built_in = sorted(path.stem for path in CITIES_DIR.glob("*.yaml"))
    assert parameter["schema"] == {"type": "string", "enum": built_in} and {"shiroishi", "yamagata"} <= set(built_in)
    parameter["schema"].pop("enum")
    parameter.pop("example")
    assert served == openapi.document()


def test_served_document_lists_the_configured_cities(make_app, tmp_path):
    # CITY_DATA_DIR adds its cities to the built-in ones.
    shutil.copy(CITIES_DIR / "shiroishi.yaml", tmp_path / "kakuda.yaml")
    text = (tmp_path / "kakuda.yaml").read_text(encoding="utf-8").replace("id: shiroishi", "id: kakuda", 1)
    text = text.replace("shiroishi-page", "kakuda-page")
    (tmp_path / "kakuda.yaml").write_text(text, encoding="utf-8")
    served = make_app(CITY_DATA_DIR=str(tmp_path)).test_client().get("/api/v1/openapi.json").get_json()
    (parameter,) = served["paths"]["/api/v1/{municipality}/outcome"]["post"]["parameters"]
    assert parameter["schema"]["enum"] == sorted([*(p.stem for p in CITIES_DIR.glob("*.yaml")), "kakuda"])


def test_every_api_response_is_checked(client, api_contract):
    before = api_contract.checked
    client.post("/api/v1/yamagata/outcome", json=BODY)
    client.post("/api/v1/sendai/outcome", json=BODY)
    assert api_contract.checked == before + 2


@pytest.fixture
def answer(client):
    return client.post("/api/v1/shiroishi/outcome", json=BODY).get_json()


def broken(data, change):
    data = copy.deepcopy(data)
    change(data)
    return data


@pytest.mark.parametrize("change", [
    lambda d: d.pop("sources"),                                  # a missing field
    lambda d: d["documents"][0].pop("expires_on"),
    lambda d: d["cycle"].update(projected="no"),                 # a wrong type
    lambda d: d["documents"][0].update(valid_from="1 October 2025"),
    lambda d: d["documents"][0].update(expires_on="2026-02-30"),  # not a real date
    lambda d: d["documents"][0].update(type="health_card"),      # not an enum value
    lambda d: d["actions"][0]["office"].update(phone=123),
    lambda d: d.update(birth_date="1956-03-15"),                 # a field the API must not add
    lambda d: d["late_elderly"].update(extra=True),
    lambda d: d["sources"].clear(),
])
def test_contract_fails_on_a_wrong_answer(api_contract, answer, change):
    schema = api_contract.response_schema("/api/v1/shiroishi/outcome", "POST", 200)
    schema.validate(answer)  # the real answer passes …
    with pytest.raises(jsonschema.ValidationError):
        schema.validate(broken(answer, change))  # … and each broken copy fails


def test_undocumented_status_fails(api_contract):
    with pytest.raises(AssertionError, match="not documented"):
        api_contract.response_schema("/api/v1/yamagata/outcome", "POST", 401)


@pytest.mark.parametrize("errors", [
    {"errors": []}, {"errors": [{"field": "birth_date"}]},
    {"errors": [{"field": 1, "message": "x"}]}, {"error": "x"},
])
def test_error_shape_is_strict(api_contract, errors):
    with pytest.raises(jsonschema.ValidationError):
        api_contract.response_schema("/api/v1/yamagata/outcome", "POST", 422).validate(errors)


HOLDER = {"birth_date": "1980-05-10", "my_number_card": "held", "insurance_registration": "registered"}
NO_CARD = {"birth_date": "1990-01-20", "my_number_card": "none"}


@pytest.mark.parametrize("body, valid", [
    # insurance_registration: required (not null) with a card, not used without one, but a
    # value sent is one of the choices (api.read_answers).
    (dict(NO_CARD), True),
    (dict(NO_CARD, insurance_registration=None), True),
    (dict(NO_CARD, insurance_registration="registered"), True),
    (dict(NO_CARD, insurance_registration=0.0), False),
    (dict(NO_CARD, insurance_registration="maybe"), False),
    (dict(HOLDER), True),
    (dict(HOLDER, my_number_card="lost"), True),
    (dict(HOLDER, insurance_registration=None), False),
    ({k: v for k, v in HOLDER.items() if k != "insurance_registration"}, False),
    (dict(HOLDER, my_number_card="lost", insurance_registration=None), False),
    # Fields the API does not describe are ignored, not refused …
    (dict(NO_CARD, note="x"), True),
    # … except members, which makes it a household request.
    (dict(NO_CARD, members=[NO_CARD]), False),
    (dict(NO_CARD, as_of=None, lang="en"), True),
    (dict(NO_CARD, as_of="1899-12-31"), False),  # before any birth date: never answered
    (dict(NO_CARD, as_of="9901-01-01"), False),
    (dict(NO_CARD, birth_date="1899-12-31"), False),
    (dict(NO_CARD, care_need=None), False),
])
def test_outcome_request_is_what_the_api_takes(api_contract, client, body, valid):
    request = api_contract.schema("OutcomeRequest")
    assert request.is_valid(body) is valid
    # The API agrees (a schema-valid body here is also valid across fields).
    assert (client.post("/api/v1/yamagata/outcome", json=body).status_code == 200) is valid


@pytest.mark.parametrize("member, valid", [
    (NO_CARD, True), (HOLDER, True),
    (dict(NO_CARD, insurance_registration=0.0), False),
    (dict(HOLDER, insurance_registration=None), False),
    ({k: v for k, v in HOLDER.items() if k != "insurance_registration"}, False),
    (dict(HOLDER, note="x"), True),
    (dict(HOLDER, as_of="2025-08-01"), False),  # as_of and lang are given once, outside
    (dict(HOLDER, lang="en"), False),
    ({"my_number_card": "none"}, False),
])
def test_a_household_member_is_described_as_one_person(api_contract, client, member, valid):
    body = {"as_of": "2025-08-01", "members": [HOLDER, NO_CARD, member]}
    assert api_contract.schema("HouseholdRequest").is_valid(body) is valid
    assert (client.post("/api/v1/yamagata/outcome", json=body).status_code == 200) is valid


@pytest.mark.parametrize("body, valid", [
    ({"members": [HOLDER]}, True),
    ({"members": [HOLDER], "as_of": None, "lang": "ja", "note": "x"}, True),
    ({"members": []}, False),
    ({"members": [HOLDER] * 9}, False),
    ({"members": [HOLDER], "birth_date": "1980-05-10"}, False),  # answers go inside members
    ({"members": [HOLDER], "care_need": False}, False),
    ({"members": [HOLDER], "lang": "fr"}, False),
])
def test_household_request_is_what_the_api_takes(api_contract, client, body, valid):
    assert api_contract.schema("HouseholdRequest").is_valid(body) is valid
    assert (client.post("/api/v1/yamagata/outcome", json=body).status_code == 200) is valid


def test_the_request_schemas_name_every_question():
    """A question added to questions.py is a request field (docs/adding.md)."""
    schemas = openapi.document()["components"]["schemas"]
    assert list(schemas["Answers"]["properties"]) == list(NAMES)
    assert schemas["HouseholdRequest"]["propertyNames"]["not"]["enum"] == list(NAMES)


def test_request_schema_accepts_the_examples_and_refuses_bad_bodies(api_contract):
    request = api_contract.schema("OutcomeRequest")
    operation = openapi.document()["paths"]["/api/v1/{municipality}/outcome"]["post"]
    request.validate(operation["requestBody"]["content"]["application/json"]["example"])
    request.validate(BODY)
    for bad in ({"my_number_card": "none"}, dict(BODY, my_number_card="maybe"),
                dict(BODY, care_need="yes"), dict(BODY, birth_date="1956/03/15")):
        with pytest.raises(jsonschema.ValidationError):
            request.validate(bad)
