"""Response headers, the Host header, proxies and the health check (issue 8, items 3 and 6)."""
from __future__ import annotations

import pytest
from flask import request

from webapp.web.session import app_keys, encode

CITY = "yamagata"
PAGES = ["/", f"/{CITY}/", f"/{CITY}/q/birth_date", "/accessibility", "/nowhere",
         "/static/css/app.css"]


def english(client):
    client.set_cookie("lang", "en")
    return client


@pytest.mark.parametrize("url", PAGES)
def test_every_response_denies_what_the_app_does_not_use(client, url):
    with client.get(url) as response:  # a static file is streamed: close it
        headers = response.headers
    policy = {item.strip() for item in headers["Permissions-Policy"].split(",")}
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"


SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                    "X-Frame-Options", "Permissions-Policy", "Cross-Origin-Opener-Policy",
                    "Cross-Origin-Resource-Policy")


@pytest.mark.parametrize("method, url", [("GET", f"/{CITY}/"), ("GET", "/nowhere"), ("GET", f"/{CITY}"),
                                         ("GET", f"/{CITY}/result"), ("POST", f"/api/v1/{CITY}/outcome"),
                                         ("POST", f"/{CITY}/q/birth_date"), ("GET", "/healthz")])
def test_pages_redirects_and_errors_carry_each_security_header_once(client, method, url):
    # Added as each response is sent (web/headers.py, PageResponse), so also to Werkzeug's own redirects.
    response = client.open(url, method=method)
    for name in SECURITY_HEADERS:
        assert len(response.headers.getlist(name)) == 1, (url, response.status_code, name)


def test_the_api_has_the_same_headers(client):
    response = client.post(f"/api/v1/{CITY}/outcome", json={})
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_no_hsts_over_plain_http(client):
    assert "Strict-Transport-Security" not in client.get(f"/{CITY}/").headers


def test_hsts_and_secure_language_cookie_over_https(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    response = client.get(f"/language/en?next=/{CITY}/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    lang = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("__Host-lang="))
    assert "Secure" in lang and "HttpOnly" in lang and "SameSite=Lax" in lang


def test_language_cookie_not_secure_over_plain_http(client):
    response = client.get(f"/language/en?next=/{CITY}/")
    lang = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("lang="))
    assert "Secure" not in lang


def test_language_switch_with_typing_sets_a_secure_cookie_over_https(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=False)
    response = app.test_client().post(f"/{CITY}/q/birth_date",
                                      data={"year": "1956", "switch_language": "en"})
    assert response.status_code == 302
    lang = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("__Host-lang="))
    assert "Secure" in lang


# --- the Host header --------------------------------------------------------------------------

def test_an_untrusted_host_is_refused(make_app):
    app = make_app(TRUSTED_HOSTS=["hoken.example.jp"])
    client = english(app.test_client())
    for url in (f"/{CITY}", f"/{CITY}/", "/language/ja?next=/"):
        response = client.get(url, headers={"Host": "evil.example"})
        assert response.status_code == 400
        assert "evil.example" not in response.headers.get("Location", "")
        # (the test client sends the lang cookie only to its own host: Japanese, the default)
        assert response.get_data(as_text=True) == "このアドレスではご案内していません。"
    response = client.post(f"/api/v1/{CITY}/outcome", json={}, headers={"Host": "evil.example"})
    assert response.status_code == 400 and response.is_json
    assert client.get(f"/{CITY}/", headers={"Host": "hoken.example.jp"}).status_code == 200


def test_trusted_hosts_from_the_environment(monkeypatch, tmp_path):
    from webapp import create_app
    monkeypatch.setenv("FLASK_SECRET_KEY", "k")
    monkeypatch.setenv("FLASK_AS_OF", "2025-08-01")
    monkeypatch.setenv("FLASK_TRUSTED_HOSTS", '["hoken.example.jp"]')
    monkeypatch.chdir(tmp_path)
    client = create_app().test_client()
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "hoken.example.jp"}).status_code == 200


@pytest.mark.parametrize("url", [f"/{CITY}", f"/{CITY}/q/my_number_card", f"/{CITY}/check",
                                 "/language/ja?next=/yamagata/", "/language/ja"])
def test_redirects_are_paths_whatever_the_host(client, url):
    response = client.get(url, headers={"Host": "evil.example"})
    assert response.status_code in (301, 302, 308)
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//"), location
    assert "evil.example" not in location


def test_a_redirect_after_a_post_is_a_path(client):
    response = client.post(f"/{CITY}/q/birth_date", headers={"Host": "evil.example"},
                           data={"era": "seireki", "year": "1956", "month": "4", "day": "1"})
    assert response.headers["Location"] == f"/{CITY}/q/my_number_card"


# --- proxies ------------------------------------------------------------------------------------

def where_from(app):
    """A route of the test's own that shows what the app believes about the client."""
    app.add_url_rule("/_test/where", "where", lambda: f"{request.remote_addr} {request.scheme}")
    return app.test_client()


FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


def test_forwarded_headers_are_ignored_by_default(make_app):
    client = where_from(make_app())
    assert client.get("/_test/where", headers=FORWARDED).get_data(as_text=True) == "127.0.0.1 http"


def test_one_proxy_is_trusted_when_configured(make_app):
    client = where_from(make_app(PROXIES=1))
    assert client.get("/_test/where", headers=FORWARDED).get_data(as_text=True) == "203.0.113.7 https"
    # A client's own X-Forwarded-For is before the proxy's entry, so it is not believed.
    spoofed = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7", "X-Forwarded-Proto": "https"}
    assert client.get("/_test/where", headers=spoofed).get_data(as_text=True).startswith("203.0.113.7 ")


def test_x_forwarded_host_is_never_trusted(make_app):
    client = make_app(PROXIES=1, TRUSTED_HOSTS=["hoken.example.jp"]).test_client()
    response = client.get("/", headers={"Host": "hoken.example.jp", "X-Forwarded-Host": "evil.example"})
    assert response.status_code == 200


@pytest.mark.parametrize("proxies", [-1, "1", 1.5, True])
def test_proxies_of_the_wrong_type_stop_the_start(make_app, proxies):
    with pytest.raises(RuntimeError, match="PROXIES"):
        make_app(PROXIES=proxies)


def test_pages_that_read_the_answers_vary_on_cookie_and_encoding(client):
    client.get(f"/{CITY}/")
    for response in (client.get(f"/{CITY}/", headers={"Accept-Encoding": "br"}),
                     client.get(f"/{CITY}/q/birth_date")):
        vary = [part.strip() for part in response.headers["Vary"].split(",")]
        assert sorted(vary) == ["Accept-Encoding", "Cookie"], response.headers["Vary"]


# --- the health check -----------------------------------------------------------------------------

def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


def test_healthz_does_not_open_the_session(make_app, flow_app):
    """A cookie under a previous key is rewritten by any page that opens the session;
    the health check leaves it alone (and does not decrypt it)."""
    old = make_app(SECRET_KEY="k1")
    app = make_app(SECRET_KEY="k2", SECRET_KEY_FALLBACKS=["k1"], WTF_CSRF_ENABLED=False)
    client = english(app.test_client())
    client.set_cookie("session", encode({"answers": {}}, app_keys(old)[0]))
    assert "Set-Cookie" not in client.get("/healthz").headers
    assert "Set-Cookie" in client.get(f"/{CITY}/").headers  # the same cookie, on a page


def test_healthz_with_an_unreadable_cookie_and_a_head_request(client):
    client.set_cookie("session", "garbage")
    assert client.get("/healthz").get_data(as_text=True) == "ok"
    assert client.head("/healthz").status_code == 200
    assert client.get_cookie("session").value == "garbage"


def test_healthz_takes_no_post(csrf_client):
    response = csrf_client.post("/healthz")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method, url, allow", [
    ("DELETE", f"/{CITY}/q/birth_date", "GET, HEAD, OPTIONS, POST"),
    ("PUT", f"/{CITY}/", "GET, HEAD, OPTIONS"),
    ("POST", f"/{CITY}/result", "GET, HEAD, OPTIONS"),
])
def test_a_page_refusing_a_method_says_which_it_takes(client, method, url, allow):
    """RFC 9110: a 405 lists the route's methods in Allow (HEAD and OPTIONS, which Flask
    answers itself, included); the page is the usual error page, in the usual language."""
    response = client.open(url, method=method)
    assert response.status_code == 405
    assert response.headers.get_all("Allow") == [allow]
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Sorry, something went wrong" in page and "Please start again from the beginning." in page
    for name in SECURITY_HEADERS:
        assert len(response.headers.get_all(name)) == 1, name


def test_the_api_never_opens_the_session(make_app):
    """The API takes everything from its body: a wizard cookie, even one no key reads, is
    neither decrypted nor rewritten, and the answer does not vary by it."""
    old = make_app(SECRET_KEY="k1")
    app = make_app(SECRET_KEY="k2", SECRET_KEY_FALLBACKS=["k1"])
    body = {"birth_date": "1956-03-01", "my_number_card": "none"}
    for cookie in (encode({"answers": {}}, app_keys(old)[0]), "garbage"):
        client = app.test_client()
        client.set_cookie("session", cookie)
        response = client.post(f"/api/v1/{CITY}/outcome", json=body)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
        assert "Cookie" not in response.headers.get("Vary", "")
