"""The answers cookie: encrypted, one cookie, keys rotated without ending sessions, and any
content no page writes read as an expired session (issue 8, items 2 and 4)."""
from __future__ import annotations

import base64
import binascii
import re
import zlib

import pytest

from webapp import create_app
from webapp.web.session import app_keys, encode, seal, unseal

CITY = "yamagata"
# Under 75 on 2025-08-01, so every question is asked: the largest set of answers.
FULL = {"birth_date": "1953-11-27", "my_number_card": "held", "insurance_registration": "registered",
        "restricted_view": None, "care_need": "no", "employer_insurance": "no",
        "wants_deregistration": "no"}
EXPIRED = "Your answers have expired"


def english(client):
    client.set_cookie("lang", "en")
    return client


def set_cookie_values(response) -> list[str]:
    return [value for value in response.headers.getlist("Set-Cookie")]


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def decodings(token: str):
    """Every way a copy of the cookie could be read without a key."""
    yield token.encode()
    for text in (token, token.split(".")[0], token.replace(".", "")):
        for start in range(4):  # base64 read from any alignment
            chunk = text[start:]
            chunk += "=" * (-len(chunk) % 4)
            for decode in (base64.urlsafe_b64decode, base64.b64decode):
                try:
                    raw = decode(chunk)
                except (binascii.Error, ValueError):
                    continue
                yield raw
                try:
                    yield zlib.decompress(raw)
                except zlib.error:
                    pass


# --- privacy ---------------------------------------------------------------------------------

def test_the_cookie_does_not_show_the_birth_date(flow_app, walk):
    client = english(flow_app.test_client())
    walk(client, CITY, FULL)
    token = session_cookie(client)
    for raw in decodings(token):
        for secret in (b"1953", b"birth", b"11-27", b"held", b"answers"):
            assert secret not in raw.lower()
    # The answers are in it all the same, for the app's own key.
    current, older = app_keys(flow_app)
    assert b"1953-11-27" in unseal(token, [current])[0]


def test_every_question_and_both_cities_fit_in_one_cookie(flow_app, walk, session_of):
    client = english(flow_app.test_client())
    for city in ("yamagata", "shiroishi"):
        walk(client, city, FULL)
    # and the typing kept by a language switch, at its longest
    client.post(f"/{CITY}/q/birth_date", data={"era": "seireki", "year": "Ｙ" * 24, "month": "Ｍ" * 10,
                                               "day": "Ｄ" * 10, "switch_language": "ja"})
    data = session_of(flow_app, client)
    assert set(data["answers"]) == {"yamagata", "shiroishi"} and "typing" in data
    assert len(session_cookie(client)) <= 4000


def test_the_cookie_is_httponly_lax_and_secure_over_https(make_app, walk):
    app = make_app(WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=True)
    client = english(app.test_client())
    response = client.post(f"/{CITY}/q/birth_date", data={"era": "seireki", "year": "1956",
                                                          "month": "4", "day": "1"})
    cookie = next(v for v in set_cookie_values(response) if v.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


# --- keys ------------------------------------------------------------------------------------

def test_two_instances_with_one_key_read_each_others_cookies(make_app, walk, post_answer):
    first = make_app(WTF_CSRF_ENABLED=False, SECRET_KEY="shared")
    second = make_app(WTF_CSRF_ENABLED=False, SECRET_KEY="shared")
    a = english(first.test_client())
    post_answer(a, CITY, "birth_date", "1953-11-27")
    b = english(second.test_client())
    b.set_cookie("session", session_cookie(a))
    response = b.get(f"/{CITY}/q/my_number_card")
    assert response.status_code == 200 and EXPIRED not in response.get_data(as_text=True)
    assert b.get(f"/{CITY}/check").headers["Location"] == f"/{CITY}/q/my_number_card"


def test_an_old_key_is_still_read_and_the_next_cookie_uses_the_new_one(make_app, walk):
    before = make_app(WTF_CSRF_ENABLED=False, SECRET_KEY="k1")
    client = english(before.test_client())
    walk(client, CITY, FULL)
    old_token = session_cookie(client)

    after = make_app(WTF_CSRF_ENABLED=False, SECRET_KEY="k2", SECRET_KEY_FALLBACKS=["k1"])
    rotated = english(after.test_client())
    rotated.set_cookie("session", old_token)
    page = rotated.get(f"/{CITY}/check")
    assert page.status_code == 200 and "27 November 1953" in page.get_data(as_text=True)
    new_token = session_cookie(rotated)
    assert new_token != old_token
    only_new = make_app(SECRET_KEY="k2")
    current, older = app_keys(only_new)
    assert older == () and b"1953-11-27" in unseal(new_token, [current])[0]
    # and once rewritten, a later request does not write it again
    assert not [v for v in set_cookie_values(rotated.get(f"/{CITY}/check")) if v.startswith("session=")]


def test_fallbacks_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_SECRET_KEY", "k2")
    monkeypatch.setenv("FLASK_SECRET_KEY_FALLBACKS", '["k1", "k0"]')
    monkeypatch.setenv("FLASK_AS_OF", "2025-08-01")
    monkeypatch.chdir(tmp_path)
    app = create_app()
    assert app.config["SECRET_KEY_FALLBACKS"] == ["k1", "k0"]
    old = create_app({"SECRET_KEY": "k0"})
    current, older = app_keys(app)
    assert unseal(seal(b"x", app_keys(old)[0]), older) == (b"x", 1)


@pytest.mark.parametrize("fallbacks", ["k1", [""], [1], {"k": "v"}])
def test_fallbacks_of_the_wrong_type_stop_the_start(make_app, fallbacks):
    with pytest.raises(RuntimeError, match="SECRET_KEY_FALLBACKS"):
        make_app(SECRET_KEY_FALLBACKS=fallbacks)


def csrf_token_of(response) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                     response.get_data(as_text=True)).group(1)


def test_a_form_rendered_before_a_rotation_can_be_sent_after_it(make_app):
    before = make_app(SECRET_KEY="k1")
    client = english(before.test_client())
    token = csrf_token_of(client.get(f"/{CITY}/q/birth_date"))
    cookie = session_cookie(client)

    after = make_app(SECRET_KEY="k2", SECRET_KEY_FALLBACKS=["k1"])
    rotated = english(after.test_client())
    rotated.set_cookie("session", cookie)
    response = rotated.post(f"/{CITY}/q/birth_date", data={
        "csrf_token": token, "era": "seireki", "year": "1956", "month": "4", "day": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def test_a_cookie_no_key_reads_is_an_expired_session_once(make_app):
    before = make_app(SECRET_KEY="k1")
    client = english(before.test_client())
    token = csrf_token_of(client.get(f"/{CITY}/q/birth_date"))
    cookie = session_cookie(client)

    after = make_app(SECRET_KEY="k2")  # k1 dropped
    other = english(after.test_client())
    other.set_cookie("session", cookie)
    response = other.post(f"/{CITY}/q/birth_date", data={
        "csrf_token": token, "era": "seireki", "year": "1956", "month": "4", "day": "1"})
    assert EXPIRED in response.get_data(as_text=True)
    assert response.status_code == 200
    assert other.get_cookie("session") is None  # dropped
    again = other.get(f"/{CITY}/q/birth_date")
    assert again.status_code == 200 and EXPIRED not in again.get_data(as_text=True)


# --- content no page writes ------------------------------------------------------------------

def answers(**city_answers):
    return {"answers": {CITY: city_answers}}


BAD_CONTENT = {
    "bad ISO date": answers(birth_date="1953-02-30"),
    "not ISO": answers(birth_date="27/11/1953"),
    "year one": answers(birth_date="0001-01-01"),
    "before 1900": answers(birth_date="1899-12-31"),
    "future": answers(birth_date="2030-01-01"),
    "a number": answers(birth_date=19531127),
    "answers a string": {"answers": "yamagata"},
    "answers a list": {"answers": [CITY]},
    "city a list": {"answers": {CITY: ["birth_date"]}},
    "city a string": {"answers": {CITY: "1953-11-27"}},
    "unknown city": {"answers": {"atlantis": {"birth_date": "1953-11-27"}}},
    "unknown question": answers(birth_date="1953-11-27", favourite_colour="blue"),
    "unknown choice": answers(birth_date="1953-11-27", my_number_card="maybe"),
    "skip on a required question": answers(birth_date="1953-11-27", my_number_card="skip"),
    "a list as a choice": answers(birth_date="1953-11-27", my_number_card=["held"]),
    "unknown era": answers(birth_date="1953-11-27", birth_date_era="meiji"),
    "typing a string": {"typing": "x"},
    "typing without form": {"typing": {"city": CITY, "step": "birth_date"}},
    "typing unknown step": {"typing": {"city": CITY, "step": "nope", "form": {}}},
    "typing unknown city": {"typing": {"city": "atlantis", "step": "birth_date", "form": {}}},
    "typing a list form": {"typing": {"city": CITY, "step": "birth_date", "form": ["year"]}},
    "typing a long year": {"typing": {"city": CITY, "step": "birth_date", "form": {"year": "1" * 100}}},
    "typing a number": {"typing": {"city": CITY, "step": "birth_date", "form": {"year": 1956}}},
    "typing another field": {"typing": {"city": CITY, "step": "birth_date", "form": {"x": "1"}}},
    "csrf a number": {"csrf_token": 12},
    "unknown key": {"is_admin": True},
}


@pytest.mark.parametrize("content", BAD_CONTENT.values(), ids=BAD_CONTENT.keys())
@pytest.mark.parametrize("where", ["", "q/birth_date", "q/my_number_card", "check", "result"])
def test_content_no_page_writes_is_an_expired_session_once(flow_app, content, where):
    client = english(flow_app.test_client())
    client.set_cookie("session", encode(content, app_keys(flow_app)[0]))
    url = f"/{CITY}/{where}"
    response = client.get(url)
    assert response.status_code == 200
    assert EXPIRED in response.get_data(as_text=True)
    assert client.get_cookie("session") is None
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200 and EXPIRED not in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["garbage", "", "gAAAA" + "A" * 200, "ü" * 10,
                                   "eyJhbnN3ZXJzIjp7fX0.Z0kQ2A.signature"])
def test_a_cookie_that_is_not_ours_is_an_expired_session(flow_app, value):
    client = english(flow_app.test_client())
    client.set_cookie("session", value)
    response = client.get(f"/{CITY}/q/birth_date")
    assert response.status_code == 200
    assert (EXPIRED in response.get_data(as_text=True)) == bool(value)


def test_a_changed_or_older_format_cookie_is_an_expired_session(flow_app):
    """One byte changed anywhere (nonce, text or tag) fails the authentication; so does a
    cookie of the previous format (Fernet, same key material)."""
    from cryptography.fernet import Fernet
    token = encode({"answers": {}}, app_keys(flow_app)[0])
    raw = bytearray(base64.urlsafe_b64decode(token))
    for position in (0, 12, len(raw) - 1):
        changed = bytearray(raw)
        changed[position] ^= 1
        client = english(flow_app.test_client())
        client.set_cookie("session", base64.urlsafe_b64encode(bytes(changed)).decode())
        assert EXPIRED in client.get(f"/{CITY}/").get_data(as_text=True)
    old_format = Fernet(Fernet.generate_key()).encrypt(b'{"answers":{}}').decode()
    client = english(flow_app.test_client())
    client.set_cookie("session", old_format)
    assert EXPIRED in client.get(f"/{CITY}/").get_data(as_text=True)


def test_not_a_json_object_is_an_expired_session(flow_app):
    current, _older = app_keys(flow_app)
    for plain in (b"[1, 2]", b"not json", b"\xff\xfe", b"[" * 1200 + b"]" * 1200):
        client = english(flow_app.test_client())
        client.set_cookie("session", seal(plain, current))
        assert EXPIRED in client.get(f"/{CITY}/").get_data(as_text=True)


def test_the_expired_page_is_in_japanese_too(flow_app):
    client = flow_app.test_client()
    client.set_cookie("lang", "ja")
    client.set_cookie("session", encode({"answers": "x"}, app_keys(flow_app)[0]))
    assert "回答の保存期限が切れました" in client.get(f"/{CITY}/").get_data(as_text=True)


def test_a_fresh_visitor_sees_no_expired_page(flow_app):
    client = english(flow_app.test_client())
    response = client.get(f"/{CITY}/")
    assert response.status_code == 200 and EXPIRED not in response.get_data(as_text=True)


def test_what_the_pages_write_is_read_back(flow_app, walk, session_of):
    """The check is not stricter than the pages: a full walk, a skipped optional answer,
    a Japanese era and kept typing all survive."""
    client = english(flow_app.test_client())
    walk(client, CITY, {**FULL, "birth_date": {"era": "showa", "year": "28", "month": "11", "day": "27"}})
    client.post("/shiroishi/q/birth_date", data={"era": "heisei", "year": "元年", "month": "1",
                                                  "day": "８日", "switch_language": "ja"})
    before = session_of(flow_app, client)
    assert before["answers"][CITY]["restricted_view"] == "skip"
    assert before["answers"][CITY]["birth_date_era"] == "showa"
    page = client.get(f"/{CITY}/check")
    assert page.status_code == 200 and EXPIRED not in page.get_data(as_text=True)
    after = session_of(flow_app, client)
    assert (after["answers"], after["typing"]) == (before["answers"], before["typing"])
