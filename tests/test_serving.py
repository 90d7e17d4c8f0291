"""Production serving: hashed static files with a long cache, compressed pages, the
gunicorn settings and `make serve` refusing to start without a secret."""
from __future__ import annotations

import gzip
import os
import re
import runpy
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import brotli
import pytest
from gunicorn.config import Config
from gunicorn.http.wsgi import Response

from webapp import assets

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
    assert response.get_data() == assets.served(ROOT / "webapp" / "static" / name)
    assert response.headers["Cache-Control"] == "max-age=31536000, public, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_a_changed_file_gets_a_new_name(app, tmp_path, make_app):
    source = tmp_path / "static"
    shutil.copytree(ROOT / "webapp" / "static", source)
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
    assert decode(response.get_data()) == assets.served(ROOT / "webapp/static/css/app.css")
    response.close()


@pytest.mark.parametrize("name", ["css/app.css", "js/app.js"])
def test_stylesheet_and_script_are_sent_minified_with_every_rule(name):
    source = (ROOT / "webapp" / "static" / name).read_text(encoding="utf-8")
    sent = assets.served(ROOT / "webapp" / "static" / name).decode("utf-8")
    assert len(sent) < 0.85 * len(source)
    assert "/*" not in sent and "\n  " not in sent
    # Nothing but comments and spaces went (and a last ";" before "}"): every block is still there.
    without_comments = re.sub(r"^\s*//.*$", "", re.sub(r"/\*.*?\*/", "", source, flags=re.S), flags=re.M)
    for mark in "{}":
        assert sent.count(mark) == without_comments.count(mark), mark
    favicon = ROOT / "webapp" / "static" / "favicon.svg"
    assert assets.served(favicon) == favicon.read_bytes()


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


def linked(folder: Path) -> None:
    """A copy of the project at ``folder``: links to its files."""
    for name in ("Makefile", "pyproject.toml", "gunicorn.conf.py", "webapp", "scripts", ".venv-serve"):
        if not (folder / name).exists():
            (folder / name).symlink_to(ROOT / name)


def make_serve(folder: Path, env: dict | None = None, *args: str, wait: bool = True):
    """`make serve` in a copy of the project at ``folder`` (links to its files), without
    setting up .venv-serve there (-o) and without any FLASK_ setting but ``env``'s: its
    CompletedProcess, or (``wait=False``) the running Popen, in a process group of its own."""
    linked(folder)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "GUNICORN_"))}
    command = ["make", "--no-print-directory", "-o", "install-serve", "serve", *args]
    if not wait:
        return subprocess.Popen(command, cwd=folder, env={**clean, **(env or {})}, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return subprocess.run(command, cwd=folder, env={**clean, **(env or {})}, capture_output=True, text=True,
                          timeout=120)


def test_make_serve_refuses_before_the_release_is_built(tmp_path):
    """`make serve` installs and writes nothing (two instances start at once): without
    `make serve-build` first it says so and stops."""
    (tmp_path / "instance").mkdir()
    done = make_serve(tmp_path, {"FLASK_SECRET_KEY": "given"})
    assert done.returncode != 0 and "run 'make serve-build' once first" in done.stderr
    assert list((tmp_path / "instance").iterdir()) == []


def test_make_serve_refuses_without_a_secret_and_writes_none(tmp_path):
    """A copy of the project without instance/config.py: `make serve` must stop, not
    write a development secret as `make run` does."""
    done = make_serve(tmp_path)
    assert done.returncode != 0
    assert "FLASK_SECRET_KEY is not set" in done.stderr
    assert not (tmp_path / "instance").exists()


RUN_KEY = "SECRET_KEY = '" + "ab" * 32 + "'\n"


@pytest.mark.parametrize("written", [
    "# written by make run: a key for this machine only, never for production\n" + RUN_KEY,
    RUN_KEY,  # as `make run` wrote it before it marked the file
])
def test_make_serve_will_not_start_on_the_key_make_run_wrote(tmp_path, written):
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance/config.py").write_text(written)
    done = make_serve(tmp_path)
    assert done.returncode != 0
    assert "holds the key\n`make run` wrote for this machine" in done.stderr
    assert "gunicorn" not in done.stdout


def test_make_run_marks_the_key_it_writes(tmp_path):
    for name in ("Makefile", "pyproject.toml", "requirements-dev.lock", ".venv"):
        (tmp_path / name).symlink_to(ROOT / name)
    done = subprocess.run(["make", "--no-print-directory", "-o", "install", "instance/config.py"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    first, key = (tmp_path / "instance/config.py").read_text().splitlines()
    assert first == "# written by make run: a key for this machine only, never for production"
    assert re.fullmatch(r"SECRET_KEY = '[0-9a-f]{64}'", key)


@pytest.mark.parametrize("how", ["environment", "told"])
def test_make_serve_starts_on_a_key_it_is_given(tmp_path, how):
    """FLASK_SECRET_KEY, or the run key on purpose (USE_RUN_KEY=1): gunicorn starts and
    answers, on the key it was given."""
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance/config.py").write_text(RUN_KEY)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"GUNICORN_BIND": f"127.0.0.1:{port}", "FLASK_AS_OF": "2026-01-15", "WEB_CONCURRENCY": "1"}
    if how == "environment":
        env["FLASK_SECRET_KEY"] = "given"
    # Built once, as a release is (`make serve-build`, its venv already set up: -o).
    linked(tmp_path)
    built = subprocess.run(["make", "--no-print-directory", "-o", "install-serve", "serve-build"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    serving = make_serve(tmp_path, env, *(("USE_RUN_KEY=1",) if how == "told" else ()), wait=False)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                    assert answer.read() == b"ok"
                    break
            except OSError:
                assert serving.poll() is None and time.monotonic() < deadline, "make serve did not start"
                time.sleep(0.2)
    finally:
        os.killpg(serving.pid, signal.SIGTERM)
        serving.wait(timeout=30)


def test_gunicorn_writes_the_process_id_where_it_is_told():
    assert gunicorn_settings()["pidfile"] is None
    assert gunicorn_settings(GUNICORN_PIDFILE="/run/hoken/one.pid")["pidfile"] == "/run/hoken/one.pid"


@pytest.mark.parametrize("path, logged", [
    ("/yamagata/q/INJ\n127.0.0.1 - \"GET /FAKE HTTP/1.1\" 200",
     r"/yamagata/q/INJ\x0A127.0.0.1 - \x22GET /FAKE HTTP/1.1\x22 200"),
    ("/a\x1b[31mred\x7f", r"/a\x1B[31mred\x7F"),
    ("/a\\b", r"/a\x5Cb"),
    ("/\xe5\xb1\xb1", r"/\xE5\xB1\xB1"),  # UTF-8 bytes, as WSGI hands them over (latin-1)
    ("/yamagata/result", "/yamagata/result"),
])
def test_the_access_log_escapes_what_could_forge_a_line(path, logged):
    settings = gunicorn_settings()

    class Request:
        headers = ()

    logger = settings["logger_class"](Config())
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path, "SERVER_PROTOCOL": "HTTP/1.1",
               "PATH_INFO": path, "QUERY_STRING": "", "REMOTE_ADDR": "127.0.0.1",
               "HTTP_USER_AGENT": "agent\nforged"}
    response = Response(Request(), None, Config())
    response.status = "200 OK"
    line = settings["access_log_format"] % logger.atoms(response, Request(), environ, timedelta(0))
    assert f'"GET {logged} HTTP/1.1" 200' in line
    assert "\n" not in line and "\x1b" not in line and r"agent\x0Aforged" in line
