"""The OpenAPI document (issue 10): valid OpenAPI 3.1, served, and strict enough that the
contract check every API response goes through (tests/api_contract.py) can fail."""
from __future__ import annotations

import copy

import jsonschema
import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from webapp import openapi

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
    assert response.get_json() == openapi.document()
    assert "/api/v1/{municipality}/outcome" in response.get_json()["paths"]


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


def test_request_schema_accepts_the_examples_and_refuses_bad_bodies(api_contract):
    request = api_contract.schema("OutcomeRequest")
    operation = openapi.document()["paths"]["/api/v1/{municipality}/outcome"]["post"]
    request.validate(operation["requestBody"]["content"]["application/json"]["example"])
    request.validate(BODY)
    for bad in ({"my_number_card": "none"}, dict(BODY, my_number_card="maybe"),
                dict(BODY, care_need="yes"), dict(BODY, birth_date="1956/03/15")):
        with pytest.raises(jsonschema.ValidationError):
            request.validate(bad)
