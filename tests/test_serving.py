"""Production serving: hashed static files with a long cache, compressed pages, the
gunicorn settings and `make serve` refusing to start without a secret."""
from __future__ import annotations

import gzip
import os
import re
import runpy
import shutil
import subprocess
from pathlib import Path

import brotli
import pytest

ROOT = Path(__file__).resolve().parent.parent
STATIC_LINK = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def static_links(client, path="/yamagata/") -> list[str]:
    return STATIC_LINK.findall(client.get(path).get_data(as_text=True))


def test_pages_link_css_js_and_icon_under_content_hashed_names(app):
    links = static_links(app.test_client())
    assert len(links) == 3
    for link in links:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", link), link


@pytest.mark.parametrize("name", ["css/app.css", "js/app.js", "favicon.svg"])
def test_hashed_static_file_is_the_source_and_cached_for_a_year(app, name):
    client = app.test_client()
    link = next(link for link in static_links(client) if link.startswith(f"/static/{name.rsplit('.', 1)[0]}."))
    response = client.get(link)
    assert response.status_code == 200
    assert response.get_data() == (ROOT / "webapp" / "static" / name).read_bytes()
    assert response.headers["Cache-Control"] == "max-age=31536000, public, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_a_changed_file_gets_a_new_name(app, tmp_path, make_app):
    source = tmp_path / "static"
    shutil.copytree(ROOT / "webapp" / "static", source)
    from webapp import assets
    _, before = assets.build(source, tmp_path / "build")
    (source / "css" / "app.css").write_text("body{}", encoding="utf-8")
    _, after = assets.build(source, tmp_path / "build")
    assert before["css/app.css"] != after["css/app.css"]
    assert before["js/app.js"] == after["js/app.js"]


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_static_files_are_sent_compressed_when_accepted(app, encoding, decode):
    client = app.test_client()
    link = next(link for link in static_links(client) if link.endswith(".css"))
    response = client.get(link, headers={"Accept-Encoding": encoding})
    assert response.headers["Content-Encoding"] == encoding
    assert decode(response.get_data()) == (ROOT / "webapp/static/css/app.css").read_bytes()
    response.close()


def test_unknown_static_names_are_not_found(app):
    response = app.test_client().get("/static/css/app.0123456789ab.css")
    assert response.status_code == 404


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_pages_are_compressed_when_accepted_and_keep_their_headers(app, encoding, decode):
    client = app.test_client()
    plain = client.get("/yamagata/")
    packed = client.get("/yamagata/", headers={"Accept-Encoding": encoding})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == encoding
    assert decode(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < 0.6 * len(plain.get_data())
    assert packed.headers["Cache-Control"] == "no-store"
    assert packed.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "Accept-Encoding" in packed.headers["Vary"]


def test_api_answers_are_compressed_when_accepted(app):
    body = {"birth_date": "1956-03-01", "as_of": "2025-08-01", "my_number_card": "held",
            "insurance_registration": "unknown", "employer_insurance": True, "lang": "ja"}
    response = app.test_client().post("/api/v1/yamagata/outcome", json=body,
                                      headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"yamagata" in gzip.decompress(response.get_data())


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_translated_pages_are_the_same_as_with_flask_babel_lookups(make_app, walk, lang):
    """The per-render translations (webapp/i18n.py) give what Flask-Babel's own give."""
    flow_app = make_app(WTF_CSRF_ENABLED=False)  # its own: the context processors change
    answers = {"birth_date": "1956-03-01", "my_number_card": "held",
               "insurance_registration": "unknown", "restricted_view": "no", "care_need": "yes",
               "employer_insurance": "yes", "wants_deregistration": "yes"}
    paths = ["/yamagata/", "/yamagata/q/birth_date", "/yamagata/q/care_need",
             "/yamagata/check", "/yamagata/result", "/accessibility"]

    def pages() -> list[str]:
        client = flow_app.test_client()
        client.set_cookie("lang", lang)
        walk(client, "yamagata", answers)
        return [client.get(path).get_data(as_text=True) for path in paths]

    fast = pages()
    processors = flow_app.template_context_processors[None]
    flow_app.template_context_processors[None] = [
        p for p in processors if p.__name__ != "request_translations"]
    assert len(flow_app.template_context_processors[None]) == len(processors) - 1
    slow = pages()
    token = re.compile(r'name="csrf_token"[^>]*value="[^"]*"')
    for path, with_cache, without in zip(paths, fast, slow):
        assert token.sub("", with_cache) == token.sub("", without), path
    assert ("生年月日" if lang == "ja" else "date of birth") in fast[1]


# --- gunicorn and make serve -------------------------------------------------------------

def gunicorn_settings(**env) -> dict:
    saved = dict(os.environ)
    try:
        for key in ("GUNICORN_BIND", "WEB_CONCURRENCY", "GUNICORN_THREADS", "FORWARDED_ALLOW_IPS"):
            os.environ.pop(key, None)
        os.environ.update(env)
        return runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_gunicorn_settings_come_from_the_environment():
    default = gunicorn_settings()
    assert default["bind"] == ["127.0.0.1:8000"]
    assert default["threads"] == 1
    assert default["forwarded_allow_ips"] == ""
    assert (default["timeout"], default["graceful_timeout"], default["keepalive"]) == (30, 30, 5)
    custom = gunicorn_settings(GUNICORN_BIND="0.0.0.0:9000", WEB_CONCURRENCY="3",
                               GUNICORN_THREADS="4", FORWARDED_ALLOW_IPS="10.0.0.2")
    assert (custom["bind"], custom["workers"], custom["threads"]) == (["0.0.0.0:9000"], 3, 4)
    assert custom["forwarded_allow_ips"] == "10.0.0.2"


def test_access_log_has_the_path_but_never_the_query_string():
    fmt = gunicorn_settings()["access_log_format"]
    assert "%(U)s" in fmt
    for leaky in ("%(r)s", "%(q)s", "%(f)s"):  # request line, query, referrer
        assert leaky not in fmt


def test_make_serve_refuses_without_a_secret_and_writes_none(tmp_path):
    """A copy of the project without instance/config.py: `make serve` must stop, not
    write a development secret as `make run` does."""
    for name in ("Makefile", "pyproject.toml", "gunicorn.conf.py", "webapp", ".venv"):
        (tmp_path / name).symlink_to(ROOT / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    # -o: never set up .venv from the copy (it would install the project from tmp_path).
    done = subprocess.run(["make", "--no-print-directory", "-o", "install", "-o", "compile", "serve"],
                          cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "FLASK_SECRET_KEY is not set" in done.stderr
    assert not (tmp_path / "instance").exists()
