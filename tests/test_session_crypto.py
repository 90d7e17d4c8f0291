"""The answers cookie: encrypted, one cookie, keys rotated without ending sessions, and any
content no page writes read as an expired session (issue 8, items 2 and 4)."""
from __future__ import annotations

import base64
import binascii
import re
import time
import zlib

import pytest

from webapp import create_app
from webapp.web.session import NONCE_BYTES, REFRESH_AFTER, TIMES, app_keys, decode, encode, seal, unseal

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
            for b64decode in (base64.urlsafe_b64decode, base64.b64decode):
                try:
                    raw = b64decode(chunk)
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
    cookie = next(v for v in set_cookie_values(response) if v.startswith("__Host-session="))
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
    now = int(time.time())
    for times in (b"", b"\x00", TIMES.pack(now, now)):  # without the times, and with fresh ones
        for plain in (b"", b"[1, 2]", b"not json", b"\xff\xfe", b"[" * 1200 + b"]" * 1200):
            client = english(flow_app.test_client())
            client.set_cookie("session", seal(times + plain, current))
            assert EXPIRED in client.get(f"/{CITY}/").get_data(as_text=True), (times, plain[:10])


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


# --- the answers' age (ANSWERS_IDLE_TIMEOUT, ANSWERS_LIFETIME) ------------------------------

T0 = 1_780_000_000  # a Thursday in 2026, in seconds since 1970
IDLE, LIFETIME = 2 * 3600, 12 * 3600  # the defaults


class Clock:
    """The session interface's clock, moved by the test instead of sleeping."""

    def __init__(self, now: int):
        self.now = now

    def __call__(self) -> float:
        return self.now + 0.5  # time.time() gives fractions; whole seconds are kept


@pytest.fixture
def clock(flow_app, monkeypatch):
    """The shared flow_app's clock, at T0 (restored after the test)."""
    found = Clock(T0)
    monkeypatch.setattr(flow_app.session_interface, "clock", found)
    return found


def times_of(app, client) -> tuple[int, int]:
    """(made, last written) of the client's answers cookie."""
    opened = decode(session_cookie(client), *app_keys(app))
    return opened.made, opened.written


def writes_session(response) -> bool:
    return any(v.startswith("session=") for v in set_cookie_values(response))


def copy_of(app, token: str):
    """Another browser holding a copy of the cookie."""
    other = english(app.test_client())
    other.set_cookie("session", token)
    return other


def shows_answers(response) -> bool:
    return response.status_code == 200 and "27 November 1953" in response.get_data(as_text=True)


def test_the_defaults_are_two_hours_idle_and_twelve_hours_in_all(flow_app):
    assert (flow_app.config["ANSWERS_IDLE_TIMEOUT"], flow_app.config["ANSWERS_LIFETIME"]) == (IDLE, LIFETIME)


def test_the_cookie_carries_when_it_was_made_and_last_written(flow_app, walk, clock):
    client = english(flow_app.test_client())
    walk(client, CITY, FULL)
    assert times_of(flow_app, client) == (T0, T0)


def test_answers_expire_when_not_written_for_the_idle_timeout(flow_app, walk, clock):
    client = english(flow_app.test_client())
    walk(client, CITY, FULL)
    token = session_cookie(client)
    clock.now = T0 + IDLE  # exactly the idle timeout: still read
    assert shows_answers(copy_of(flow_app, token).get(f"/{CITY}/check"))
    clock.now = T0 + IDLE + 1
    response = client.get(f"/{CITY}/check")
    assert response.status_code == 200 and EXPIRED in response.get_data(as_text=True)
    assert client.get_cookie("session") is None  # dropped: said once
    again = client.get(f"/{CITY}/check", follow_redirects=True)
    assert again.status_code == 200 and EXPIRED not in again.get_data(as_text=True)


def test_using_the_site_moves_last_written_on_without_writing_every_request(flow_app, walk, clock):
    client = english(flow_app.test_client())
    walk(client, CITY, FULL)
    clock.now = T0 + REFRESH_AFTER - 1
    assert not writes_session(client.get(f"/{CITY}/result"))  # most requests write nothing
    assert times_of(flow_app, client) == (T0, T0)
    clock.now = T0 + REFRESH_AFTER
    response = client.get(f"/{CITY}/result")
    assert writes_session(response) and "Vary" in response.headers
    assert times_of(flow_app, client) == (T0, T0 + REFRESH_AFTER)
    assert not writes_session(client.get(f"/{CITY}/result"))
    # Reading the result page now and then keeps the answers past the first idle timeout.
    for minutes in range(30, 4 * 60 + 1, 30):
        clock.now = T0 + minutes * 60
        assert shows_answers(client.get(f"/{CITY}/check")), minutes
    assert times_of(flow_app, client) == (T0, T0 + 4 * 3600)


def test_a_short_idle_timeout_is_refreshed_more_often(make_app, walk):
    app = make_app(WTF_CSRF_ENABLED=False, ANSWERS_IDLE_TIMEOUT=60, ANSWERS_LIFETIME=600)
    app.session_interface.clock = clock = Clock(T0)
    client = english(app.test_client())
    walk(client, CITY, FULL)
    for step in range(1, 10):  # a page every 50 s: never 60 s without a write
        clock.now = T0 + 50 * step
        assert shows_answers(client.get(f"/{CITY}/check")), step
    clock.now = T0 + 601
    assert EXPIRED in client.get(f"/{CITY}/check").get_data(as_text=True)


def test_answers_expire_after_their_lifetime_even_when_used_all_along(flow_app, walk, post_answer, clock):
    client = english(flow_app.test_client())
    walk(client, CITY, FULL)
    for minutes in range(20, 12 * 60 + 1, 20):
        clock.now = T0 + minutes * 60
        if minutes % 60 == 0:  # and answers changed now and then
            post_answer(client, CITY, "care_need", "yes" if minutes % 120 else "no")
        assert shows_answers(client.get(f"/{CITY}/check")), minutes
    assert clock.now == T0 + LIFETIME
    assert times_of(flow_app, client) == (T0, T0 + LIFETIME)  # made never moves
    clock.now = T0 + LIFETIME + 1
    response = client.get(f"/{CITY}/check")
    assert EXPIRED in response.get_data(as_text=True)
    assert client.get_cookie("session") is None


def test_made_survives_rewrites_and_a_key_rotation(make_app, walk, post_answer):
    before = make_app(WTF_CSRF_ENABLED=False, SECRET_KEY="k1")
    before.session_interface.clock = Clock(T0)
    client = english(before.test_client())
    walk(client, CITY, FULL)
    before.session_interface.clock = Clock(T0 + 100)
    post_answer(client, CITY, "care_need", "yes")
    assert times_of(before, client) == (T0, T0 + 100)
    old_token = session_cookie(client)

    after = make_app(WTF_CSRF_ENABLED=False, SECRET_KEY="k2", SECRET_KEY_FALLBACKS=["k1"])
    after.session_interface.clock = Clock(T0 + 200)
    rotated = copy_of(after, old_token)
    assert shows_answers(rotated.get(f"/{CITY}/check"))
    new_token = session_cookie(rotated)
    opened = decode(new_token, app_keys(make_app(SECRET_KEY="k2"))[0])
    assert (opened.made, opened.written, opened.rotated) == (T0, T0 + 200, False)
    assert not writes_session(rotated.get(f"/{CITY}/check"))
    # A rotation does not make old answers young: they still end 12 hours after T0.
    after.session_interface.clock = Clock(T0 + LIFETIME + 1)
    assert EXPIRED in rotated.get(f"/{CITY}/check").get_data(as_text=True)


def test_after_answers_expired_the_next_cookie_is_made_anew(flow_app, walk, clock):
    client = english(flow_app.test_client())
    walk(client, CITY, FULL)
    clock.now = T0 + IDLE + 1
    assert EXPIRED in client.get(f"/{CITY}/").get_data(as_text=True)
    walk(client, CITY, FULL)
    assert times_of(flow_app, client) == (T0 + IDLE + 1, T0 + IDLE + 1)


def test_start_again_cannot_reach_a_copy_but_the_copy_ages(flow_app, walk, session_of, clock):
    """What "start again" does to a copy of the cookie taken before it: nothing (the
    server keeps no list of cookies), so the copy shows the answers until it is
    ANSWERS_IDLE_TIMEOUT after its own last write (or ANSWERS_LIFETIME after it was
    made), then it has expired like any other."""
    client = english(flow_app.test_client())
    walk(client, CITY, FULL)
    clock.now = T0 + 600
    client.get(f"/{CITY}/result")  # the copy is taken after a refresh: written at T0 + 600
    copied = session_cookie(client)
    client.post(f"/{CITY}/restart")
    assert client.get(f"/{CITY}/check").headers["Location"] == f"/{CITY}/q/birth_date"
    assert session_of(flow_app, client)["answers"] == {}
    assert times_of(flow_app, client) == (T0, T0 + 600)  # the browser's own cookie keeps its made
    clock.now = T0 + 600 + IDLE
    assert shows_answers(copy_of(flow_app, copied).get(f"/{CITY}/check"))
    clock.now = T0 + 600 + IDLE + 1
    late = copy_of(flow_app, copied)
    response = late.get(f"/{CITY}/check")
    assert EXPIRED in response.get_data(as_text=True) and "1953" not in response.get_data(as_text=True)
    assert late.get_cookie("session") is None


def old_format_cookie(secret: str, data: dict) -> str:
    """A cookie as the previous release (v2: AES-GCM, no times) wrote it."""
    import json
    import os

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    info = b"hoken-wizard answers cookie v2"
    key = AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret.encode()))
    nonce = os.urandom(12)
    plain = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(nonce + key.encrypt(nonce, plain, info)).decode()


def test_a_cookie_of_the_previous_format_is_expired_once(flow_app):
    client = copy_of(flow_app, old_format_cookie("test", {"answers": {CITY: {"birth_date": "1953-11-27"}}}))
    response = client.get(f"/{CITY}/check")
    assert response.status_code == 200 and EXPIRED in response.get_data(as_text=True)
    assert client.get_cookie("session") is None
    again = client.get(f"/{CITY}/check", follow_redirects=True)
    assert again.status_code == 200 and EXPIRED not in again.get_data(as_text=True)


def test_the_times_cannot_be_changed(flow_app, clock):
    """The times are the first 8 bytes of the encrypted text: any bit changed there fails
    the authentication like any other."""
    raw = base64.urlsafe_b64decode(encode({"answers": {}}, app_keys(flow_app)[0], T0 - LIFETIME, T0))
    for position in range(NONCE_BYTES, NONCE_BYTES + TIMES.size):
        for bit in (1, 128):
            changed = bytearray(raw)
            changed[position] ^= bit
            client = copy_of(flow_app, base64.urlsafe_b64encode(bytes(changed)).decode())
            assert EXPIRED in client.get(f"/{CITY}/").get_data(as_text=True)


@pytest.mark.parametrize("made, written", [
    (T0 - LIFETIME - 1, T0),  # made too long ago
    (T0 - IDLE - 1, T0 - IDLE - 1),  # written too long ago
    (T0, T0 - 1),  # made after it was written: no page writes that
    (T0, T0 + 3600),  # written an hour ahead of this clock
])
def test_times_no_page_writes_are_an_expired_session(flow_app, clock, made, written):
    answered = {"answers": {CITY: {"my_number_card": "none"}}}
    client = copy_of(flow_app, encode(answered, app_keys(flow_app)[0], made, written))
    assert EXPIRED in client.get(f"/{CITY}/").get_data(as_text=True)


def test_a_clock_a_little_behind_another_instance_still_reads(flow_app, clock):
    client = copy_of(flow_app, encode({"answers": {}}, app_keys(flow_app)[0], T0 + 30, T0 + 30))
    response = client.get(f"/{CITY}/")
    assert response.status_code == 200 and EXPIRED not in response.get_data(as_text=True)


def test_the_times_cost_a_dozen_characters(flow_app, walk, clock):
    client = english(flow_app.test_client())
    walk(client, CITY, FULL)
    token = session_cookie(client)
    current = app_keys(flow_app)[0]
    plain, _index = unseal(token, [current])
    without_times = seal(plain[TIMES.size:], current)
    assert len(token) - len(without_times) <= 12


@pytest.mark.parametrize("settings", [
    {"ANSWERS_IDLE_TIMEOUT": 0}, {"ANSWERS_IDLE_TIMEOUT": -1}, {"ANSWERS_IDLE_TIMEOUT": "7200"},
    {"ANSWERS_IDLE_TIMEOUT": 7200.0}, {"ANSWERS_IDLE_TIMEOUT": True}, {"ANSWERS_IDLE_TIMEOUT": None},
    {"ANSWERS_LIFETIME": 0}, {"ANSWERS_LIFETIME": "12h"}, {"ANSWERS_LIFETIME": [43200]},
])
def test_an_age_setting_of_the_wrong_type_stops_the_start(make_app, settings):
    (name, _value), = settings.items()
    with pytest.raises(RuntimeError, match=f"{name} must be a whole number of seconds above 0"):
        make_app(**settings)


def test_a_lifetime_shorter_than_the_idle_timeout_stops_the_start(make_app):
    with pytest.raises(RuntimeError, match=r"ANSWERS_LIFETIME \(3600 s\) must be at least "
                                           r"ANSWERS_IDLE_TIMEOUT \(7200 s\)"):
        make_app(ANSWERS_LIFETIME=3600)
    app = make_app(ANSWERS_IDLE_TIMEOUT=3600, ANSWERS_LIFETIME=3600)  # equal is fine
    assert app.config["ANSWERS_LIFETIME"] == 3600


def test_the_age_settings_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_SECRET_KEY", "k")
    monkeypatch.setenv("FLASK_AS_OF", "2025-08-01")
    monkeypatch.setenv("FLASK_ANSWERS_IDLE_TIMEOUT", "900")
    monkeypatch.setenv("FLASK_ANSWERS_LIFETIME", "3600")
    monkeypatch.chdir(tmp_path)
    app = create_app()
    assert (app.config["ANSWERS_IDLE_TIMEOUT"], app.config["ANSWERS_LIFETIME"]) == (900, 3600)
    monkeypatch.setenv("FLASK_ANSWERS_LIFETIME", "12 hours")
    with pytest.raises(RuntimeError, match="ANSWERS_LIFETIME must be"):
        create_app()


def test_a_cookie_with_only_a_form_secret_expires_without_a_word(app, monkeypatch):
    # A start page opened hours ago: nothing was answered, so nothing "has expired".
    found = Clock(T0)
    monkeypatch.setattr(app.session_interface, "clock", found)
    client = english(app.test_client())
    client.get(f"/{CITY}/q/birth_date")  # the form's CSRF secret goes into the cookie
    old = session_cookie(client)
    found.now = T0 + IDLE + 1
    response = client.get(f"/{CITY}/q/birth_date")
    assert response.status_code == 200 and EXPIRED not in response.get_data(as_text=True)
    assert session_cookie(client) != old  # a new cookie, made now
    assert times_of(app, client) == (T0 + IDLE + 1, T0 + IDLE + 1)
