"""The edges of the production set-up (deploy/nginx/hoken.conf in front of `make serve` ×2): plain
HTTP sent to HTTPS, TLS versions, limits answered with a page of ours (429, 413, 414, 431)
and the JSON error for the API, the city's other cookies kept from the app, logs that
cannot be forged and hold no query string, and the page nginx shows when no instance
answers (last: it stops both).
"""
from __future__ import annotations

import http.client
import io
import json
import re
import socket
import ssl
import subprocess
import time
import urllib.parse
import warnings
from pathlib import Path

import pytest

from tests.api_contract import CONTRACT
from webapp import create_app

from .cluster import HOST, NGINX, ROOT, Cluster, Response, make_certificates, nginx_config

pytestmark = pytest.mark.system

CITY = "yamagata"
SECRET = "birth-1956-03-01"  # stands for what a resident might type into an address
SECURITY = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
            "Permissions-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy")


def app_headers() -> dict[str, str]:
    """The security headers the app sends, which nginx's own pages must send too."""
    response = create_app({"SECRET_KEY": "x"}).test_client().get("/")
    return {name: response.headers[name] for name in SECURITY}


def assert_our_page(response, status: int, title_ja: str) -> None:
    """One of deploy/errors/: Japanese, then English, with the app's security headers."""
    assert response.status == status, (response.status, response.text[:300])
    assert response.headers["Content-Type"].startswith("text/html")
    assert f"<h1>{title_ja}</h1>" in response.text and '<section lang="en">' in response.text
    assert '<section lang="ja" class="easy">' in response.text  # やさしい日本語 too (issue 28)
    for name, value in app_headers().items():
        assert response.headers.get_all(name) == [value], name
    assert response.headers["Cache-Control"] == "no-store"


def assert_api_error(response, status: int) -> None:
    """The API's own error shape (docs/api.md "Errors"), also where nginx answers, and a status its
    OpenAPI document describes."""
    assert response.status == status
    assert response.headers["Content-Type"] == "application/json"
    CONTRACT.response_schema(f"/api/v1/{CITY}/outcome", "POST", status).validate(json.loads(response.body))


def test_the_error_pages_are_the_scripts_output():
    from scripts.error_pages import files
    for name, text in files().items():
        assert (ROOT / "deploy/errors" / name).read_text(encoding="utf-8") == text, \
            f"deploy/errors/{name} is stale: run `make error-pages`"
    assert {path.name for path in (ROOT / "deploy/errors").iterdir()} == {*files(), "errors.css"}


def test_each_error_page_says_it_in_easy_japanese_with_furigana():
    """Issue 28: nginx's own pages had no やさしい日本語. Each has a section of it, read
    with the app's ふりがな, between the Japanese and the English."""
    from scripts.error_pages import files
    for name, text in files().items():
        if name.endswith(".html"):
            easy = text[text.index('<section lang="ja" class="easy">'):text.index('<section lang="en">')]
            assert '<ruby>最初<rt aria-hidden="true">さいしょ</rt></ruby>のページへ' in easy, name
            assert text.index("<h1>") < text.index('class="easy"'), name


def test_the_file_as_shipped_passes_nginx_t(tmp_path):
    """deploy/nginx/hoken.conf in the package's nginx.conf, with its IPv6 lines (the production
    walk listens on 127.0.0.1 only)."""
    config = nginx_config(tmp_path, http_port=8080, tls_port=8443, upstreams=[8001, 8002],
                          certificates=make_certificates(tmp_path), ipv6=True)
    assert "listen [::]:443 ssl http2;" in (tmp_path / "hoken.conf").read_text()
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(config)],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr


def test_the_unit_passes_systemd_analyze_verify(tmp_path):
    """deploy/systemd/hoken@.service as systemd reads it, with its paths made real: the
    checkout for /srv/hoken, files of the test's own for the key and the site's settings,
    its user (hoken) as root, who runs the tests."""
    unit = (ROOT / "deploy/systemd/hoken@.service").read_text()
    for old, new in (("/srv/hoken", str(ROOT)), ("/etc/hoken", str(tmp_path)), ("User=hoken", "User=root"),
                     ("Group=hoken", "Group=root")):
        assert old in unit, old
        unit = unit.replace(old, new)
    (tmp_path / "hoken@.service").write_text(unit)
    for name in ("secret.env", "site.env"):
        (tmp_path / name).write_text("")
    checked = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "hoken@8001.service")],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and not checked.stderr.strip(), checked.stderr


def plain_http(cluster: Cluster, host: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", cluster.http_port, timeout=10)
    try:
        connection.request("GET", f"/{CITY}/?x=1", headers={"Host": host})
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def test_plain_http_is_sent_to_https_on_the_site_name(cluster: Cluster):
    response = plain_http(cluster, f"{HOST}:{cluster.http_port}")
    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}:{cluster.tls_port}/{CITY}/?x=1"


def test_a_name_not_the_sites_gets_no_answer(cluster: Cluster, client):
    """Issue 29: any Host was served, and nginx built its redirects from it
    (`Host: evil.example` on /static gave `Location: https://evil.example/static/`). Another
    name gets no answer over HTTP (444), no TLS handshake, nor an answer over our own TLS
    name; nginx's own redirects name no host."""
    with pytest.raises(http.client.RemoteDisconnected):
        plain_http(cluster, "evil.example")
    context = cluster.context()
    context.check_hostname = False
    with socket.create_connection(("127.0.0.1", cluster.tls_port), timeout=10) as raw, \
            pytest.raises(ssl.SSLError, match="UNRECOGNIZED_NAME"):
        context.wrap_socket(raw, server_hostname="evil.example")
    with pytest.raises(http.client.RemoteDisconnected):
        client("127.0.0.102").get(f"/{CITY}/", Host="evil.example")
    moved = client("127.0.0.102").get("/static")
    assert moved.status == 301 and moved.headers["Location"] == "/static/", moved.headers
    # No name at all (HTTP/1.1 without Host), which nginx refuses as a 400: no answer either.
    with socket.create_connection(("127.0.0.1", cluster.http_port), timeout=10) as raw:
        raw.sendall(f"GET /{CITY}/ HTTP/1.1\r\n\r\n".encode())
        assert raw.recv(65536) == b""


def test_pages_over_https_carry_the_apps_headers_once_and_hsts(cluster: Cluster, client):
    response = client().get(f"/{CITY}/")
    assert response.status == 200
    assert response.headers["Server"] == "nginx"
    assert response.headers.get_all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains"]
    for name, value in app_headers().items():
        assert response.headers.get_all(name) == [value], name


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_tls_1_2_and_1_3_are_served(cluster: Cluster, version):
    context = cluster.context(minimum_version=version, maximum_version=version)
    with socket.create_connection(("127.0.0.1", cluster.tls_port), timeout=10) as raw, \
            context.wrap_socket(raw, server_hostname=HOST) as tls:
        assert tls.version() == version.name.replace("v1_", "v1.")


@pytest.mark.parametrize(("group", "offered"), [("X25519", True), ("P-256", True), ("P-384", True),
                                               ("P-521", False), ("X448", False)])
def test_only_mozillas_key_exchange_groups_are_offered(cluster: Cluster, group, offered):
    """Issue 29: TLS offered secp521r1 and X448, which Mozilla's intermediate profile leaves
    out. A client offering one group only (OpenSSL's own client) is served or refused."""
    shook = subprocess.run(
        ["openssl", "s_client", "-connect", f"127.0.0.1:{cluster.tls_port}", "-servername", HOST,
         "-groups", group, "-brief"], input=b"", capture_output=True, timeout=20)
    assert (shook.returncode == 0) == offered, shook.stderr.decode()[-300:]


def test_tls_1_1_is_refused(cluster: Cluster):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    with warnings.catch_warnings():  # offering TLS 1.1 is deprecated: that is the point
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_1
    context.set_ciphers("ALL:@SECLEVEL=0")
    with socket.create_connection(("127.0.0.1", cluster.tls_port), timeout=10) as raw, \
            pytest.raises(ssl.SSLError) as refused:
        context.wrap_socket(raw, server_hostname=HOST)
    # nginx's answer (an alert), not this client's own refusal to offer the version.
    assert "ALERT_PROTOCOL_VERSION" in str(refused.value), refused.value


def test_a_form_posts_over_https_with_its_origin(cluster: Cluster, client):
    resident = client("127.0.0.90")
    token = resident.get(f"/{CITY}/q/birth_date").token()
    sent = resident.post_form(f"/{CITY}/q/birth_date", {"era": "showa", "year": "31", "month": "3", "day": "1"}, token)
    assert (sent.status, sent.location) == (302, f"/{CITY}/q/my_number_card")
    assert "Secure" in sent.headers["Set-Cookie"]


def test_the_furigana_switch_over_https_sets_a_secure_cookie_and_keeps_what_was_typed(cluster: Cluster, client):
    resident = client("127.0.0.102")
    assert "<ruby>" not in resident.get(f"/{CITY}/").text
    # The link (without JavaScript).
    switched = resident.get(f"/furigana/on?next=/{CITY}/")
    assert (switched.status, switched.location) == (302, f"/{CITY}/")
    assert any(c.startswith("__Host-furigana=on;") and "Secure" in c for c in switched.headers.get_all("Set-Cookie"))
    assert "<ruby>" in resident.get(f"/{CITY}/").text
    # The form sent by the link (with JavaScript): what was typed comes back, ruby off.
    token = resident.get(f"/{CITY}/q/birth_date").token()
    sent = resident.post_form(f"/{CITY}/q/birth_date", {"era": "showa", "year": "31", "month": "", "day": "",
                                                        "switch_furigana": "off"}, token)
    assert (sent.status, sent.location) == (302, f"/{CITY}/q/birth_date")
    page = resident.get(f"/{CITY}/q/birth_date").text
    assert "<ruby>" not in page and 'value="31"' in page


def test_the_search_over_https_finds_a_city_and_the_language_switch_keeps_it(cluster: Cluster, client):
    """Issue 31: the index's GET form through nginx, with the app's headers; switching the
    language comes back to the same search, on this site, with a Secure cookie."""
    city = create_app({"SECRET_KEY": "x"}).extensions["loaded_data"].cities[CITY]
    resident = client("127.0.0.103")
    query = urllib.parse.quote(city.name_reading)
    found = resident.get(f"/search?q={query}")
    assert found.status == 200 and f'href="/{CITY}/"' in found.text
    for name, value in app_headers().items():
        assert found.headers.get_all(name) == [value], name
    switched = resident.get(f"/language/en?next={urllib.parse.quote(f'/search?q={query}', safe='')}")
    assert (switched.status, switched.location) == (302, f"/search?q={query}")
    assert any(c.startswith("__Host-lang=en;") and "Secure" in c for c in switched.headers.get_all("Set-Cookie"))
    assert f'>{city.name["en"]} <span class="city-where">' in resident.get(switched.location).text


def test_too_many_pages_from_one_address_get_our_429_page(cluster: Cluster, client):
    resident = client("127.0.0.91")
    answers = [resident.get(f"/{CITY}/?{SECRET}") for _ in range(80)]
    statuses = [answer.status for answer in answers]
    assert statuses[:40] == [200] * 40  # the burst a resident's quick clicks fit in
    assert 429 in statuses
    refused = next(a for a in answers if a.status == 429)
    assert_our_page(refused, 429, "アクセスが集中しています")
    # When to try again, as the page says; HTTPS only from now on, as on the app's pages (issue 29).
    assert refused.headers.get_all("Retry-After") == ["60"]
    assert refused.headers.get_all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains"]
    # Another address is not held back.
    assert client("127.0.0.92").get(f"/{CITY}/").status == 200


def test_too_many_api_calls_from_one_address_get_a_json_429(cluster: Cluster, client):
    resident = client("127.0.0.93")
    body = {"birth_date": "1956-03-01", "my_number_card": "none"}
    answers = [resident.post_json(f"/api/v1/{CITY}/outcome?{SECRET}", body) for _ in range(40)]
    statuses = [answer.status for answer in answers]
    assert statuses[:10] == [200] * 10 and 429 in statuses
    refused = next(a for a in answers if a.status == 429)
    assert_api_error(refused, 429)
    assert refused.headers.get_all("Retry-After") == ["60"]
    # nginx's log says the method sent, not the GET of its error page (issue 29).
    deadline = time.monotonic() + 10
    while True:
        log = (cluster.folder / "nginx-access.log").read_text()
        lines = [line for line in log.splitlines() if line.startswith("127.0.0.93 ") and '" 429 ' in line]
        if lines or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert lines and all(f'"POST /api/v1/{CITY}/outcome HTTP/1.1" 429 ' in line for line in lines), lines


@pytest.mark.parametrize("api", [False, True], ids=["page", "api"])
def test_a_body_too_large_over_http2_gets_our_413_too(cluster: Cluster, api):
    """Issue 29: over HTTP/2 a body over 32 KB got nginx's stock 413 page, and API clients
    HTML. curl (nghttp2) speaks HTTP/2 as browsers do."""
    path = f"/api/v1/{CITY}/outcome" if api else f"/{CITY}/q/birth_date"
    sent = subprocess.run(
        ["curl", "-s", "--http2", "--cacert", str(cluster.certificates.ca),
         "--resolve", f"{HOST}:{cluster.tls_port}:127.0.0.1", "-D", "-", "-o", "-", "-X", "POST",
         "-H", f"Content-Type: {'application/json' if api else 'application/x-www-form-urlencoded'}",
         "--data-binary", "@-", f"https://{HOST}:{cluster.tls_port}{path}"],
        input=b"x" * 40_000, capture_output=True, timeout=30)
    head, _, body = sent.stdout.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/2 413"), head[:200]
    if api:
        assert b"content-type: application/json" in head.lower()
        assert json.loads(body)["errors"][0]["message"].startswith("送信された内容が長すぎます")
    else:
        assert "<h1>送信された内容が長すぎます</h1>" in body.decode()


def test_the_body_limit_is_the_apps_and_the_api_always_answers_json(cluster: Cluster, client):
    resident = client("127.0.0.94")
    limit = create_app({"SECRET_KEY": "x"}).config["MAX_CONTENT_LENGTH"]
    padding = {"birth_date": "1956-03-01", "my_number_card": "none"}

    def body(size: int) -> bytes:
        text = json.dumps({**padding, "note": ""})
        return json.dumps({**padding, "note": "x" * (size - len(text))}).encode()

    headers = {"Content-Type": "application/json"}
    at_limit = resident.request("POST", f"/api/v1/{CITY}/outcome", body(limit), headers)
    assert at_limit.status == 200  # (unknown fields are ignored)
    over = resident.request("POST", f"/api/v1/{CITY}/outcome?{SECRET}", body(limit + 1), headers)
    assert_api_error(over, 413)
    form = resident.request("POST", f"/{CITY}/q/birth_date?{SECRET}", b"year=" + b"1" * (limit + 1),
                          {"Content-Type": "application/x-www-form-urlencoded"})
    assert_our_page(form, 413, "送信された内容が長すぎます")


@pytest.mark.parametrize("length", [3_000, 20_000])
def test_an_address_too_long_gets_our_414_page(cluster: Cluster, length, client):
    # 3 KB passes nginx and gunicorn refuses it; 20 KB nginx refuses itself.
    answer = client("127.0.0.95").get(f"/{CITY}/{'a' * length}")
    assert_our_page(answer, 414, "ページのアドレスが長すぎます")


def test_an_api_address_too_long_gets_a_json_414(cluster: Cluster, client):
    answer = client("127.0.0.95").post_json(f"/api/v1/{'a' * 3_000}/outcome", {})
    assert answer.status == 414 and answer.headers["Content-Type"] == "application/json"
    CONTRACT.schema("Errors").validate(json.loads(answer.body))


def test_large_cookies_of_the_citys_domain_do_not_reach_the_app(cluster: Cluster, client):
    # A parent domain's cookies, close to gunicorn's 8 KB limit for one header.
    resident = client("127.0.0.96")
    token = resident.get(f"/{CITY}/q/birth_date").token()
    resident.cookies.update({"_ga": "G" * 4000, "city_pref": "p" * 4000})
    fields = {"era": "showa", "year": "31", "month": "3", "day": "1"}
    sent = resident.post_form(f"/{CITY}/q/birth_date", fields, token)
    assert (sent.status, sent.location) == (302, f"/{CITY}/q/my_number_card"), sent.text[:300]
    assert resident.get(sent.location).status == 200  # the answers cookie was read back


def test_a_parent_domains_cookies_sent_first_do_not_shadow_ours(cluster: Cluster, client):
    """Issue 29: a city site's own domain-wide "session" and "lang", sent first, were what
    nginx and the app read: "your answers have expired", and no switching the language.
    Ours are "__Host-" cookies, which no other site can set. (The app's answer may delete
    a plain-named cookie, its own of a release ago; a browser keeps a parent domain's, so
    they are sent first with every request here.)"""
    resident = client("127.0.0.103")
    parent = {"session": "theirs", "lang": "ja"}

    def theirs_first() -> None:
        resident.cookies = {**parent, **{k: v for k, v in resident.cookies.items() if k not in parent}}

    token = resident.get(f"/{CITY}/q/birth_date").token()
    assert set(resident.cookies) == {"__Host-session"}
    theirs_first()
    fields = {"era": "showa", "year": "31", "month": "3", "day": "1"}
    sent = resident.post_form(f"/{CITY}/q/birth_date", fields, token)
    assert (sent.status, sent.location) == (302, f"/{CITY}/q/my_number_card"), sent.text[:300]
    theirs_first()
    assert resident.get(sent.location).status == 200  # our answers, read back
    theirs_first()
    switched = resident.get(f"/language/en?next=/{CITY}/q/my_number_card")
    assert any(c.startswith("__Host-lang=en;") and "Secure" in c for c in switched.headers.get_all("Set-Cookie"))
    theirs_first()
    assert '<html lang="en"' in resident.get(switched.location).text


def test_a_header_beyond_nginx_buffer_gets_our_431_page(cluster: Cluster, client):
    resident = client("127.0.0.97")
    resident.cookies["huge"] = "h" * 20_000
    assert_our_page(resident.get(f"/{CITY}/"), 431, "ブラウザーから送られた情報が多すぎます")


def test_405_through_nginx_names_the_allowed_methods(cluster: Cluster, client):
    answer = client("127.0.0.98").get(f"/api/v1/{CITY}/outcome")
    assert answer.status == 405 and answer.headers.get_all("Allow") == ["OPTIONS, POST"]  # the app's, once


def assert_app_headers(response, hsts: bool = True) -> None:
    """The app's security headers, each once, HSTS over HTTPS only, and no-store."""
    for name, value in app_headers().items():
        assert response.headers.get_all(name) == [value], name
    assert response.headers.get_all("Cache-Control") == ["no-store"]
    assert response.headers.get_all("Strict-Transport-Security") == (
        ["max-age=31536000; includeSubDomains"] if hsts else None)


def raw_tls(cluster: Cluster, request: bytes) -> Response:
    """nginx's answer to bytes no HTTP library would send."""
    with socket.create_connection(("127.0.0.1", cluster.tls_port), timeout=10) as raw, \
            cluster.context().wrap_socket(raw, server_hostname=HOST) as tls:
        tls.sendall(request)
        received = b""
        while chunk := tls.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, _, fields = head.partition(b"\r\n")
    return Response(int(status_line.split()[1]), http.client.parse_headers(io.BytesIO(fields + b"\r\n\r\n")), body)


def test_every_answer_nginx_makes_itself_carries_the_apps_headers(cluster: Cluster, client):
    """Issue 29: nginx's 301s and its 405 to TRACE carried none of them, and that 405 no
    `Allow`. Its pages are checked in each test that meets one (assert_our_page)."""
    to_https = plain_http(cluster, f"{HOST}:{cluster.http_port}")
    assert to_https.status == 301
    assert_app_headers(to_https, hsts=False)  # a browser ignores HSTS over plain HTTP
    to_folder = client("127.0.0.103").get("/static")
    assert (to_folder.status, to_folder.location) == (301, "/static/")
    assert_app_headers(to_folder)
    traced = client("127.0.0.103").request("TRACE", f"/{CITY}/")
    assert traced.status == 405 and traced.headers.get_all("Allow") == ["GET, HEAD"]
    assert_app_headers(traced)


def test_the_apps_answers_carry_each_header_once(cluster: Cluster, client):
    """nginx fills in the app's headers only where an answer has none: a page has them all
    from the app, a static file two (nosniff, Cross-Origin-Resource-Policy) and its cache."""
    resident = client("127.0.0.104")
    page = resident.get(f"/{CITY}/")
    assert_app_headers(page)
    stylesheet = re.search(r'<link rel="stylesheet" href="(/static/[^"]+)"', page.text)[1]
    css = resident.get(stylesheet)
    assert css.status == 200
    for name, value in app_headers().items():
        assert css.headers.get_all(name) == [value], name
    assert css.headers.get_all("Cache-Control") == ["max-age=31536000, public, immutable"]


def test_a_request_gunicorn_cannot_read_gets_our_400_page_and_the_api_json(cluster: Cluster, client):
    """Issue 29: a control character in a header passes nginx, and gunicorn answered its bare
    400 page. nginx answers its own in its place (the API: JSON), as for a request it cannot
    read itself."""
    resident = client("127.0.0.105")
    page = resident.request("GET", f"/{CITY}/?{SECRET}", headers={"X-Note": "a\x01b"})
    assert_our_page(page, 400, "送られた内容を読み取れませんでした")
    api = resident.request("POST", f"/api/v1/{CITY}/outcome?{SECRET}", b"{}",
                           {"Content-Type": "application/json", "X-Note": "a\x01b"})
    assert_api_error(api, 400)
    own = raw_tls(cluster, f"GET /{CITY}/ HTTP/1.1\r\nHost: {HOST}\r\nX-Note: a\x00b\r\n\r\n".encode())
    assert_our_page(own, 400, "送られた内容を読み取れませんでした")


def test_a_form_sent_without_its_token_gets_the_apps_expired_page_through_nginx(cluster: Cluster, client):
    """The app's own refusal is a 403, which nginx passes on (a 400 it would replace)."""
    resident = client("127.0.0.106")
    resident.get(f"/{CITY}/q/birth_date")
    refused = resident.post_form(f"/{CITY}/q/birth_date", {"era": "showa", "year": "31"}, "forged")
    assert refused.status == 403 and "ページの表示期限が切れました" in refused.text, refused.text[:500]
    assert_app_headers(refused)


def test_a_request_line_gunicorn_refuses_is_not_written_into_its_log(cluster: Cluster):
    """Issue 29: gunicorn's warning about a request it refuses quoted the request line, query
    string and all. Sent straight to an instance (nginx would not pass it on)."""
    instance = cluster.instances[0]
    with socket.create_connection(("127.0.0.1", instance.port), timeout=10) as raw:
        # A byte outside printable ASCII in the address: "Invalid HTTP request line: '/…'".
        raw.sendall(f"GET /{CITY}/?{SECRET}&名=1 HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
        answer = raw.recv(65536)
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:100]
    deadline = time.monotonic() + 10
    while "Invalid request from" not in (log := instance.output.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "Invalid request from ip=127.0.0.1: Invalid HTTP request line\n" in log, log[-2000:]
    assert SECRET not in log


FAKE_LINE = '127.0.0.1 [29/Nov/2026:00:00:00 +0000] "GET /FAKE-LINE HTTP/1.1" 200'


def test_an_address_cannot_write_a_line_of_its_own_into_the_access_logs(cluster: Cluster, client):
    forged = "INJ%0a" + FAKE_LINE.replace(" ", "%20").replace('"', "%22") + "%1b[31mRED"
    client("127.0.0.99").get(f"/{CITY}/q/{forged}")
    deadline = time.monotonic() + 10  # each server writes its line once the answer is sent
    while True:
        logs = {path.name: path.read_text() for path in cluster.folder.glob("*access*.log")}
        if sum("INJ" in text for text in logs.values()) >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    found = 0
    for name, text in logs.items():
        for line in text.splitlines():
            assert "/FAKE-LINE" not in line or "INJ" in line, f"a forged line in {name}: {line}"
            assert "\x1b" not in line, name
        found += "INJ" in text
    assert found == 2  # nginx's log and the instance that answered
    gunicorn = next(text for name, text in logs.items() if "INJ" in text and name.startswith(("one", "two")))
    assert r"INJ\x0A127.0.0.1" in gunicorn and r"\x1B[31mRED" in gunicorn


def test_no_query_string_and_no_birth_date_in_any_log(cluster: Cluster, client):
    # After the tests above sent SECRET in query strings to pages refused for size, for
    # rate, and answered.
    resident = client("127.0.0.100")
    resident.get(f"/{CITY}/?{SECRET}&year=31")
    resident.get(f"/search?q={SECRET}")  # the index's search (issue 31): a name in the address
    # The access logs (*.log) and each instance's error log, its output (*.out).
    for path in [*Path(cluster.folder).glob("*.log"), *Path(cluster.folder).glob("*.out")]:
        text = path.read_text()
        for secret in (SECRET, "1956-03-01", "year=31", "birth_date="):
            assert secret not in text, f"{secret!r} in {path.name}"
    # The package's own access log ("combined": request line, referrer, user agent) has no
    # line of the site's: each of its servers logs to its own.
    package_log = cluster.folder / "package-access.log"
    assert not package_log.exists() or package_log.read_text() == ""


def test_with_no_instance_answering_residents_get_our_page_and_the_api_json(cluster: Cluster, client):
    for instance in cluster.instances:
        instance.stop()
    try:
        resident = client("127.0.0.101")
        assert_our_page(resident.get(f"/{CITY}/result?{SECRET}"), 502, "ただいま表示できません")
        assert_api_error(resident.post_json(f"/api/v1/{CITY}/outcome", {}), 502)
        error_log = (cluster.folder / "nginx-error.log").read_text()
    finally:
        cluster.serve_again()  # the cluster is the session's
    assert SECRET not in error_log and not re.search(r"request: \"", error_log)
