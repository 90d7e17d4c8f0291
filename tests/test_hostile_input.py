"""Hostile or broken input gets a clear page (or a JSON error), never a 5xx (issue 8).

Bounded typing on the language switch, birth-date boxes that refuse absurd text and
files, safe ``next`` on the language link, deeply nested JSON, and the body limit.
"""
from __future__ import annotations

import io
import json

import pytest

CITY = "yamagata"
BIRTH = f"/{CITY}/q/birth_date"


def text_of(response) -> str:
    return response.get_data(as_text=True)


# --- the language switch keeps only the form's own fields, within limits ----------------

def test_switch_keeps_only_the_forms_fields(app, client, session_of):
    junk = "x" * 3500
    response = client.post(BIRTH, data={"era": "showa", "year": "31", "month": "4", "day": "1",
                                        "switch_language": "ja", "comment": junk, "extra": junk})
    assert response.status_code == 302 and response.headers["Location"] == BIRTH
    typing = session_of(app, client)["typing"]
    assert typing == {"city": CITY, "step": "birth_date",
                      "form": {"era": "showa", "year": "31", "month": "4", "day": "1"}}
    assert len(client.get_cookie("session").value) < 1000
    # What was typed is shown, in the other language.
    page = client.get(BIRTH)
    assert page.status_code == 200 and 'value="31"' in text_of(page)


def test_switch_drops_unknown_choices(app, client, session_of):
    client.post(BIRTH, data={"era": "<script>" * 10, "year": "1956", "switch_language": "ja"})
    assert session_of(app, client)["typing"]["form"] == {"year": "1956"}
    client.get(f"/{CITY}/")  # typing is used up by the page it was kept for
    client.post(BIRTH, data={"era": "seireki", "year": "1956", "month": "4", "day": "1"})
    client.post(f"/{CITY}/q/my_number_card", data={"answer": "stolen", "switch_language": "ja"})
    assert session_of(app, client)["typing"]["form"] == {}


@pytest.mark.parametrize("lang, message", [
    ("en", "Enter the year in 24 characters or fewer"),
    ("ja", "年は24文字以内で入力してください"),
])
def test_switch_with_absurd_text_is_a_form_error_keeping_what_fits(app, client, session_of,
                                                                  lang, message):
    client.set_cookie("lang", lang)
    response = client.post(BIRTH, data={"era": "showa", "year": "3" * 3500, "month": "4",
                                        "day": "1", "switch_language": "en" if lang == "ja" else "ja"})
    assert response.status_code == 200
    assert message in text_of(response)
    assert f'value="{"3" * 24}"' in text_of(response)
    assert 'value="4"' in text_of(response)
    assert client.get_cookie("lang").value == lang  # not switched: the error comes first
    assert "typing" not in (session_of(app, client) or {})


# --- the birth-date boxes themselves ------------------------------------------------------

@pytest.mark.parametrize("field, digits", [("year", 4301), ("year", 5000), ("month", 4400),
                                           ("day", 20000)])
def test_huge_numbers_are_a_form_error(client, field, digits):
    data = {"era": "seireki", "year": "1956", "month": "4", "day": "1", field: "1" * digits}
    response = client.post(BIRTH, data=data)
    assert response.status_code == 200
    assert "characters or fewer" in text_of(response)


@pytest.mark.parametrize("field", ["year", "month", "day"])
def test_a_file_in_a_date_box_is_a_form_error(client, field):
    data = {"era": "seireki", "year": "1956", "month": "4", "day": "1"}
    data[field] = (io.BytesIO(b"1956"), "year.txt")
    response = client.post(BIRTH, data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert f"Enter the {field} in numbers" in text_of(response)


def test_a_file_as_a_radio_answer_is_a_form_error(client, post_answer):
    post_answer(client, CITY, "birth_date", "1956-04-01")
    response = client.post(f"/{CITY}/q/my_number_card", content_type="multipart/form-data",
                           data={"answer": (io.BytesIO(b"held"), "held")})
    assert response.status_code == 200
    assert "Choose whether you have a My Number card" in text_of(response)


def test_a_whole_pasted_date_still_fits_the_year_box(client):
    response = client.post(BIRTH, data={"era": "showa", "year": "ＳＨＯＷＡ ３１年 ４月 １日",
                                        "month": "", "day": ""})
    assert response.status_code == 302


# --- the language link's next --------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "?next=", "?next=%0d%0aSet-Cookie:%20x=1",
                                   "?next=/yamagata/%0d%0aX:%20y", "?next=/%5Cevil.example",
                                   "?next=//evil.example", "?next=https://evil.example/",
                                   "?next=javascript:alert(1)", "?next=%00"])
def test_language_link_always_redirects_to_a_local_path(client, query):
    response = client.get(f"/language/en{query}")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == "/"


def test_language_link_keeps_a_local_next(client):
    response = client.get("/language/ja?next=/yamagata/q/birth_date")
    assert response.headers["Location"] == "/yamagata/q/birth_date"


# --- the API's body -----------------------------------------------------------------------

@pytest.mark.parametrize("depth", [1000, 10000])
def test_deeply_nested_json_is_a_422(client, depth):
    body = "[" * depth + "]" * depth
    response = client.post(f"/api/v1/{CITY}/outcome", data=body, content_type="application/json")
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["message"]


def test_deeply_nested_json_object_is_a_422(client):
    body = '{"a":' * 2000 + "1" + "}" * 2000
    response = client.post(f"/api/v1/{CITY}/outcome", data=body, content_type="application/json")
    assert response.status_code == 422


# --- the body limit -------------------------------------------------------------------------

def test_a_large_json_body_is_refused_before_parsing(client):
    body = json.dumps({"birth_date": "1956-04-01", "pad": "x" * 50_000})
    response = client.post(f"/api/v1/{CITY}/outcome", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.is_json and response.get_json()["errors"][0]["message"]


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_large_form_is_a_clear_page(client, content_type):
    response = client.post(BIRTH, data={"era": "seireki", "year": "1" * 40_000},
                           content_type=content_type)
    assert response.status_code == 413
    assert "Too much was sent" in text_of(response)
    assert "<html" in text_of(response)


def test_the_limit_is_in_japanese_too(client):
    client.set_cookie("lang", "ja")
    response = client.post(BIRTH, data={"year": "1" * 40_000})
    assert response.status_code == 413 and "送信された内容が多すぎます" in text_of(response)


def test_many_form_parts_are_refused(client):
    fields = {f"f{i}": "1" for i in range(200)}
    response = client.post(BIRTH, data=fields, content_type="multipart/form-data")
    assert response.status_code == 413
