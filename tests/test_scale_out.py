"""System test: two gunicorn instances behind nginx (deploy/nginx.conf), a resident walking
the wizard across both, then a key rotation restarting one instance at a time.

Real processes on 127.0.0.1 only; `make test` installs nginx (Makefile `system-deps`).
Without nginx this test fails rather than skips.
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from webapp import create_app

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
AS_OF = "2026-01-15"
BIRTH = {"era": "showa", "year": "31", "month": "3", "day": "1"}  # 1956-03-01
BIRTH_ISO = "1956-03-01"
ANSWERS = {"my_number_card": "held", "insurance_registration": "unknown",
           "restricted_view": "no", "care_need": "yes", "employer_insurance": "yes",
           "wants_deregistration": "yes"}
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer")
        time.sleep(0.1)


@dataclass
class Gunicorn:
    port: int
    log: Path
    process: subprocess.Popen | None = None

    def start(self, secret: str, fallbacks: list[str] | None = None) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "GUNICORN_"))}
        # As deployed behind nginx: one proxy in front, one host name.
        env.update(FLASK_SECRET_KEY=secret, FLASK_AS_OF=AS_OF, WEB_CONCURRENCY="1",
                   FLASK_PROXIES="1", FLASK_TRUSTED_HOSTS='["127.0.0.1"]',
                   GUNICORN_BIND=f"127.0.0.1:{self.port}", GUNICORN_ACCESSLOG=str(self.log))
        if fallbacks:
            env["FLASK_SECRET_KEY_FALLBACKS"] = json.dumps(fallbacks)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "webapp:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for(f"http://127.0.0.1:{self.port}/healthz")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def requests_served(self, path_prefix: str) -> int:
        if not self.log.exists():
            return 0
        return sum(f" {path_prefix}" in line for line in self.log.read_text().splitlines())


def nginx_config(tmp: Path, listen: int, upstreams: list[int]) -> Path:
    """deploy/nginx.conf with free ports, paths in tmp and in the foreground."""
    text = (ROOT / "deploy/nginx.conf").read_text()
    replacements = [
        ("listen 80;", f"listen 127.0.0.1:{listen};"),
        ("server 127.0.0.1:8001 ", f"server 127.0.0.1:{upstreams[0]} "),
        ("server 127.0.0.1:8002 ", f"server 127.0.0.1:{upstreams[1]} "),
        ("pid /run/nginx-hoken.pid;", f"pid {tmp}/nginx.pid;\ndaemon off;"),
        ("/var/log/nginx/hoken-error.log", f"{tmp}/nginx-error.log"),
        ("/var/log/nginx/hoken-access.log", f"{tmp}/nginx-access.log"),
    ]
    for old, new in replacements:
        assert text.count(old) == 1, f"deploy/nginx.conf no longer has {old!r}"
        text = text.replace(old, new)
    # Temp files in tmp; workers as root here only because the test runs as root.
    temp = "".join(f"    {kind}_temp_path {tmp}/{kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    text = text.replace("http {\n", "http {\n" + temp, 1)
    if os.geteuid() == 0:
        text = "user root;\n" + text
    path = tmp / "nginx.conf"
    path.write_text(text)
    return path


class Resident:
    """A browser stand-in: cookie jar, follows redirects, CSRF token from each form."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=10) as response:
            return urllib.parse.urlsplit(response.url).path, response.read().decode()

    def post_form(self, path: str, fields: dict) -> tuple[str, str]:
        _, page = self.get(path)
        token = CSRF.search(page)
        assert token, f"no CSRF token on {path}"
        body = urllib.parse.urlencode({**fields, "csrf_token": token.group(1)}).encode()
        with self.opener.open(self.base + path, data=body, timeout=10) as response:
            return urllib.parse.urlsplit(response.url).path, response.read().decode()

    def walk(self, city: str) -> list[str]:
        """Answer every question asked; the steps in order."""
        at, _ = self.post_form(f"/{city}/q/birth_date", BIRTH)
        steps = ["birth_date"]
        while (step := at.rsplit("/", 1)[-1]) in ANSWERS:
            steps.append(step)
            at, _ = self.post_form(at, {"answer": ANSWERS[step]})
        assert at == f"/{city}/check", at
        return steps


def without_tokens(html: str) -> str:
    return CSRF.sub('name="csrf_token" value=""', html)


def result_in_process(city: str) -> str:
    app = create_app({"SECRET_KEY": "other", "AS_OF": AS_OF, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.post(f"/{city}/q/birth_date", data=BIRTH)
    for step, value in ANSWERS.items():
        client.post(f"/{city}/q/{step}", data={"answer": value})
    response = client.get(f"/{city}/result")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def cluster(tmp_path):
    assert Path(NGINX).exists(), "nginx is missing: `make test` installs it (make system-deps)"
    nginx_port = free_port()
    instances = [Gunicorn(free_port(), tmp_path / "gunicorn-1.log"),
                 Gunicorn(free_port(), tmp_path / "gunicorn-2.log")]
    config = nginx_config(tmp_path, nginx_port, [g.port for g in instances])
    nginx = None
    try:
        for instance in instances:
            instance.start("old")
        nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(config),
                                  "-e", str(tmp_path / "nginx-error.log")],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{nginx_port}"
        wait_for(base + "/healthz")
        yield base, instances, tmp_path
    finally:
        if nginx and nginx.poll() is None:
            nginx.send_signal(signal.SIGQUIT)  # graceful: finish requests, then exit
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx.kill()
                nginx.wait()
        if nginx and nginx.stderr:
            nginx.stderr.close()
        for instance in instances:
            instance.stop()


def test_two_instances_behind_nginx_keep_every_answer_through_a_key_rotation(cluster):
    base, (one, two), tmp = cluster
    resident = Resident(base)
    _, start = resident.get("/yamagata/")

    # Through nginx: its own Server header (no version), not gunicorn's.
    with urllib.request.urlopen(base + "/yamagata/", timeout=10) as response:
        assert response.headers["Server"] == "nginx"

    steps = resident.walk("yamagata")
    assert steps == ["birth_date", *ANSWERS]
    _, check = resident.get("/yamagata/check")
    assert "1956" in check  # the birth date is shown back on the page, never logged
    _, result = resident.get("/yamagata/result")
    assert without_tokens(result) == without_tokens(result_in_process("yamagata"))
    # nginx alternated: both instances answered parts of the walk.
    assert one.requests_served("/yamagata/") >= 4
    assert two.requests_served("/yamagata/") >= 4

    # Rotate the key with the instances restarted one at a time, in two rounds so that
    # whatever one running instance writes, every other reads (README, Deploying):
    # first the new key becomes a fallback everywhere, then it becomes the key.
    pages = {"yes": without_tokens(check)}
    answer = "yes"
    for secret, fallbacks in (("old", ["new"]), ("new", ["old"])):
        for instance in (two, one):
            instance.stop()
            instance.log = tmp / f"{instance.log.stem}-{secret}.log"
            instance.start(secret, fallbacks=fallbacks)
            # With the two instances on different settings: change an answer, then read
            # it back from both.
            answer = "no" if answer == "yes" else "yes"
            at, _ = resident.post_form("/yamagata/q/care_need", {"answer": answer})
            assert at == "/yamagata/check", at
            for _ in range(4):  # round robin: lands on both instances
                at, page = resident.get("/yamagata/check")
                assert at == "/yamagata/check", at
                assert without_tokens(page) == pages.setdefault(answer, without_tokens(page))
    assert pages["no"] != pages["yes"]
    for instance in (one, two):
        assert instance.requests_served("/yamagata/check") >= 2, instance.log

    # Back to the first answers: the same result page as before the rotation.
    resident.post_form("/yamagata/q/care_need", {"answer": ANSWERS["care_need"]})
    _, after = resident.get("/yamagata/result")
    assert without_tokens(after) == without_tokens(result)

    # Personal data never in a log: not from the form, not from a query string.
    resident.get(f"/yamagata/?birth_date={BIRTH_ISO}&year=31")
    logs = {path.name: path.read_text() for path in tmp.glob("*.log")}
    assert {"gunicorn-1.log", "gunicorn-2.log", "nginx-access.log"} <= set(logs)
    assert "/yamagata/q/birth_date" in logs["nginx-access.log"]
    for name, text in logs.items():
        for secret in (BIRTH_ISO, "1956", "birth_date=", "year=31"):
            assert secret not in text, f"{secret!r} in {name}"
