"""The app's cookies over HTTPS are named `__Host-…` (issue 29: a parent domain's own
`session` or `lang` cookie came first, and a resident read "your answers have expired" or
could not switch the language); the plain names of a release ago are read once and moved.
The production walk (tests/production) sends a parent domain's cookies through nginx."""
from __future__ import annotations

import pytest

from tests.conftest import build_app, walk_wizard

ANSWERS = {"birth_date": "1956-03-01", "my_number_card": "none", "employer_insurance": "no"}
CITY = "yamagata"


@pytest.fixture(scope="module")
def secure_app():
    return build_app(SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=False, AS_OF="2026-01-15")


@pytest.fixture(scope="module")
def plain_app():
    return build_app(WTF_CSRF_ENABLED=False, AS_OF="2026-01-15")


def walked(app) -> str:
    client = app.test_client()
    walk_wizard(client, CITY, ANSWERS)
    return client


def set_cookies(response) -> dict[str, str]:
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def test_over_https_every_cookie_is_named_for_this_host_alone(secure_app):
    client = walked(secure_app)
    answered = client.get_cookie("__Host-session")
    assert answered is not None and client.get_cookie("session") is None
    for name, value, switch in (("__Host-lang", "en", "/language/en"), ("__Host-furigana", "on", "/furigana/on")):
        header = set_cookies(client.get(f"{switch}?next=/{CITY}/"))[name]
        # What the prefix needs a browser to see: Secure, the whole site, no Domain.
        assert f"{name}={value};" in header and "Secure" in header and "Path=/" in header
        assert "Domain" not in header, header


def test_over_plain_http_the_names_are_plain(plain_app):
    client = walked(plain_app)
    assert client.get_cookie("session") is not None and client.get_cookie("__Host-session") is None
    assert "lang" in set_cookies(client.get(f"/language/en?next=/{CITY}/"))


def test_a_parent_domains_cookies_sent_first_change_nothing(secure_app):
    """The browser sends the city's domain-wide cookies first: the app reads its own."""
    token = walked(secure_app).get_cookie("__Host-session").value
    client = secure_app.test_client(use_cookies=False)  # the Cookie header as a browser sends it
    shadowed = f"session=theirs; lang=en; furigana=on; __Host-session={token}; __Host-lang=ja; __Host-furigana=off"
    page = client.get(f"/{CITY}/check", headers={"Cookie": shadowed})
    assert page.status_code == 200 and '<html lang="ja"' in page.get_data(as_text=True)
    assert "<ruby>" not in page.get_data(as_text=True)  # ふりがな off, as chosen
    # Their "session" alone (a resident who has answered nothing yet): a start, not "expired".
    start = client.get(f"/{CITY}/q/birth_date", headers={"Cookie": "session=theirs"})
    assert start.status_code == 200 and "expired" not in start.get_data(as_text=True).lower()


def test_the_plain_names_of_a_release_ago_are_read_once_and_moved(plain_app, secure_app):
    """A release with the prefix loses no resident's answers or choices: the plain-named
    cookies (the same key) are read, written again under the prefix, and dropped."""
    token = walked(plain_app).get_cookie("session").value
    client = secure_app.test_client(use_cookies=False)
    moved = client.get(f"/{CITY}/check", headers={"Cookie": f"session={token}; lang=en; furigana=on"})
    assert moved.status_code == 200 and '<html lang="en"' in moved.get_data(as_text=True)
    written = set_cookies(moved)
    assert written["__Host-session"].startswith("__Host-session=") and "Secure" in written["__Host-session"]
    assert written["__Host-lang"].startswith("__Host-lang=en;")
    assert written["__Host-furigana"].startswith("__Host-furigana=on;")
    for plain in ("session", "lang", "furigana"):
        assert "Max-Age=0" in written[plain] or "Expires=Thu, 01 Jan 1970" in written[plain], written[plain]
    # The moved answers open under their new name.
    again = secure_app.test_client(use_cookies=False)
    new = written["__Host-session"].split(";", 1)[0].split("=", 1)[1]
    assert again.get(f"/{CITY}/result", headers={"Cookie": f"__Host-session={new}"}).status_code == 200
