"""Forms over HTTPS, with CSRF still enforced (issue 15, item 1).

Every form posts its token; where the browser says the form came from (``Origin``, else
``Referer``) must be this site. Over HTTPS, Flask-WTF's own strict check refused every
form, because the pages asked browsers for no referrer at all.
"""
from __future__ import annotations

import re

import pytest

CITY = "yamagata"
BIRTH = {"era": "showa", "year": "31", "month": "3", "day": "1"}
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
HTTPS = "https://hoken.example.jp"


def form_token(client, path: str, base_url: str) -> str:
    page = client.get(path, base_url=base_url)
    assert page.status_code == 200
    return TOKEN.search(page.get_data(as_text=True)).group(1)


def post_birth_date(client, base_url: str, headers: dict, token: str | None = "from the page"):
    path = f"/{CITY}/q/birth_date"
    found = form_token(client, path, base_url)
    data = dict(BIRTH, **({"csrf_token": found} if token else {}))
    return client.post(path, base_url=base_url, data=data, headers=headers)


@pytest.mark.parametrize("base_url", [HTTPS, "http://hoken.example.jp", "https://hoken.example.jp:8443"])
@pytest.mark.parametrize("sent_by", ["origin", "referer", "neither"])
def test_a_form_from_our_own_page_is_accepted(app, base_url, sent_by):
    headers = {"origin": {"Origin": base_url},
               "referer": {"Referer": f"{base_url}/{CITY}/q/birth_date"},
               "neither": {}}[sent_by]
    response = post_birth_date(app.test_client(), base_url, headers)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert response.headers["Location"] == f"/{CITY}/q/my_number_card"


def test_a_default_port_written_out_is_the_same_origin(app):
    response = post_birth_date(app.test_client(), HTTPS, {"Origin": "https://hoken.example.jp:443"})
    assert response.status_code == 302


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},  # a sandboxed frame, or a page that asks for no referrer
    {"Origin": "http://hoken.example.jp"},  # the same host, but not over HTTPS
    {"Origin": "https://hoken.example.jp.evil.example"},
    {"Referer": "https://evil.example/yamagata/q/birth_date"},
    {"Origin": "https://evil.example", "Referer": f"{HTTPS}/{CITY}/q/birth_date"},
])
def test_a_form_from_elsewhere_is_refused_with_the_expired_page(app, headers):
    client = app.test_client()
    client.set_cookie("lang", "en", domain="hoken.example.jp")
    response = post_birth_date(client, HTTPS, headers)
    assert response.status_code == 403
    assert "This page has expired" in response.get_data(as_text=True)


def test_the_token_is_still_required_over_https(app):
    response = post_birth_date(app.test_client(), HTTPS, {"Origin": HTTPS}, token=None)
    assert response.status_code == 403


def test_the_api_takes_no_cookie_and_no_origin_check(app):
    # Another site's page may call the API (it holds no resident's cookie or state).
    response = app.test_client().post(f"/api/v1/{CITY}/outcome", base_url=HTTPS,
                                      headers={"Origin": "https://evil.example"},
                                      json={"birth_date": "1956-03-01", "my_number_card": "none"})
    assert response.status_code == 200


def test_pages_ask_for_a_referrer_only_within_the_site(app):
    # same-origin: our forms carry Origin and Referer; other sites get neither.
    response = app.test_client().get(f"/{CITY}/", base_url=HTTPS)
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("step", ["start_household", "restart"])
def test_every_kind_of_form_posts_over_https(app, step):
    client = app.test_client()
    assert post_birth_date(client, HTTPS, {"Origin": HTTPS}).status_code == 302
    pages = {"start_household": f"/{CITY}/household/start", "restart": f"/{CITY}/restart"}
    path = pages[step]
    token = form_token(client, f"/{CITY}/", HTTPS)
    response = client.post(path, base_url=HTTPS, data={"csrf_token": token}, headers={"Origin": HTTPS})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
