"""A benchmark, not a test: the app and a Flask hello-world under the same gunicorn
settings (gunicorn.conf.py), loaded alternately by wrk on 127.0.0.1, then the bytes of a
first visit to the result page.

    .venv/bin/python scripts/bench.py [--duration 2] [--rounds 3] [--connections 8 64]
                                      [--pages api result] [--no-weights] [--floor]
                                      [--mode ja|ja+furigana|ja-easy]

Each page is measured in rounds of (hello-world, then the page); it prints the median
req/s, the median share of hello-world's req/s (ratios are what count on a shared
machine), the median p99, and the targets of issue 8. With --floor, each round also loads
the same page from scripts/floor.py (the app answering with that page's bytes, made once):
the share nothing but the framework, the cookie, the headers and compression leave. Needs
wrk (`make bench` installs it). Stops by itself; every server it starts is stopped on the
way out.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from webapp.questions import USUAL

ROOT = Path(__file__).resolve().parent.parent
CITY = "yamagata"
AS_OF = "2026-01-15"
BIRTH = {"era": "showa", "year": "31", "month": "3", "day": "1"}
# The usual answers (webapp/questions.py), but for those that make the longest result: both
# possible papers, two steps and a certificate to apply for.
ANSWERS = {**USUAL, "insurance_registration": "unknown", "care_need": "yes", "employer_insurance": "yes",
           "wants_deregistration": "yes"}
API_BODY = {"birth_date": "1956-03-01", "as_of": AS_OF, "my_number_card": "held",
            "insurance_registration": "unknown", "employer_insurance": True, "lang": "ja"}
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# The cookies a resident's choice sets (the language, ふりがな): やさしい日本語 has ふりがな on.
MODE_COOKIES = {"ja": "", "ja+furigana": "furigana=on", "ja-easy": "lang=ja-easy"}
# (label, path, needs the answers cookie, share of hello-world required)
TARGETS = [("healthz", "/healthz", False, 0.0),  # the app's floor: no page, no session
           ("start", f"/{CITY}/", False, 0.30),
           ("question", f"/{CITY}/q/birth_date", False, 0.30),
           ("check", f"/{CITY}/check", True, 0.30),
           ("result", f"/{CITY}/result", True, 0.30),
           ("api", f"/api/v1/{CITY}/outcome", False, 0.60)]
P99_LIMIT_MS = 50
WEIGHT_LIMIT = 14 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(app: str, port: int, workers: int, extra_env: dict) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "GUNICORN_"))}
    env.update(extra_env, GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers),
               GUNICORN_ACCESSLOG="")  # no access log for either: it is not what we measure
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
         "--pythonpath", "scripts", "--log-level", "warning", app],
        cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn for {app} did not start") from None
            time.sleep(0.1)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def answers_cookie(base: str) -> str:
    """Walk the wizard once, CSRF on, like a browser; the session cookie it ends with."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, fields: dict) -> str:
        with opener.open(base + path, timeout=10) as page:
            token = CSRF.search(page.read().decode()).group(1)
        body = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        with opener.open(base + path, data=body, timeout=10) as response:
            return urllib.parse.urlsplit(response.url).path

    at = post(f"/{CITY}/q/birth_date", BIRTH)
    while (step := at.rsplit("/", 1)[-1]) in ANSWERS:
        at = post(at, {"answer": ANSWERS[step]})
    assert at == f"/{CITY}/check", at
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def wrk(url: str, connections: int, duration: int, headers: dict, script: str | None = None) -> tuple[float, float]:
    """(requests per second, p99 in ms)."""
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    out = subprocess.run(command + [url], capture_output=True, text=True, timeout=duration + 30).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return rps, p99


def on_the_wire(port: int, path: str, headers: dict) -> tuple[int, int]:
    """(bytes of the whole response, bytes of the body) for one real request."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
    request += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request.encode("latin-1"))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head[:80]
    return len(data), len(body)


def page_weights(port: int, cookie: str) -> None:
    print("\nFirst visit to the result page, bytes on the wire (response headers + body):")
    with urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{port}/{CITY}/result", headers={"Cookie": cookie}), timeout=10) as r:
        html = r.read().decode()
    assets = [link for link in re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
              if link.endswith((".css", ".js"))]
    print(f"  {'':10} {'HTML':>13} " + " ".join(f"{Path(a).suffix[1:].upper():>13}" for a in assets)
          + f" {'total':>13}")
    for label, encoding in [("identity", None), ("gzip", "gzip"), ("br", "br, gzip")]:
        headers = {"Cookie": cookie, **({"Accept-Encoding": encoding} if encoding else {})}
        sizes = [on_the_wire(port, f"/{CITY}/result", headers)]
        sizes += [on_the_wire(port, a, {"Accept-Encoding": encoding} if encoding else {}) for a in assets]
        total = sum(size for size, _ in sizes)
        verdict = "ok" if total <= WEIGHT_LIMIT else "OVER 14 KB"
        print(f"  {label:10} " + " ".join(f"{w:6d} ({b:5d})" for w, b in sizes)
              + f" {total:13d}  {verdict}")
    print("  (body bytes in brackets)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=2, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="hello/page pairs per page")
    parser.add_argument("--connections", type=int, nargs="+", default=[8, 64])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (both servers)")
    parser.add_argument("--pages", nargs="+", choices=[t[0] for t in TARGETS],
                        default=[t[0] for t in TARGETS], help="only these pages")
    parser.add_argument("--no-weights", action="store_true", help="skip the page weights")
    parser.add_argument("--mode", choices=sorted(MODE_COOKIES), default="ja",
                        help="the pages as read: Japanese (the default), with ふりがな, or やさしい日本語")
    parser.add_argument("--floor", action="store_true",
                        help="also load each page from the app with the page's own work taken out")
    parser.add_argument("--accept-encoding", default="br, gzip",
                        help="sent with every app request, as a browser does ('' for none)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs it")

    app_port, hello_port, floor_port = free_port(), free_port(), free_port()
    servers = []
    workdir = tempfile.mkdtemp(prefix="hoken-bench-")
    settings = {"FLASK_SECRET_KEY": "bench-only", "FLASK_AS_OF": AS_OF}  # one key: one cookie for both
    try:
        servers.append(start_gunicorn("webapp:create_app()", app_port, args.workers, settings))
        servers.append(start_gunicorn("hello:app", hello_port, args.workers, {}))
        if args.floor:
            servers.append(start_gunicorn("floor:create_app()", floor_port, args.workers, settings))
        cookie = answers_cookie(f"http://127.0.0.1:{app_port}")
        lua = Path(workdir) / "api.lua"
        lua.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                       f"wrk.body = {json.dumps(json.dumps(API_BODY, ensure_ascii=True))}\n")
        browser = {"Accept-Language": "ja"}
        if args.accept_encoding:
            browser["Accept-Encoding"] = args.accept_encoding
        hello_url = f"http://127.0.0.1:{hello_port}/"
        wrk(hello_url, 8, 1, {})  # warm both up
        wrk(f"http://127.0.0.1:{app_port}/{CITY}/", 8, 1, browser)

        print(f"gunicorn.conf.py, {args.workers} sync workers each, wrk -t2, {args.rounds} rounds of "
              f"{args.duration} s per page, "
              f"Accept-Encoding {args.accept_encoding!r}, medians")
        print(f"{'page':10} {'conns':>5} {'req/s':>8} {'hello':>8} {'share':>6} {'target':>6} "
              f"{'p99 ms':>7}  verdict" + ("  floor" if args.floor else ""))
        failures = 0
        for connections in args.connections:
            for label, path, with_cookie, share_needed in TARGETS:
                if label not in args.pages:
                    continue
                cookies = "; ".join(filter(None, [cookie if with_cookie else "", MODE_COOKIES[args.mode]]))
                headers = dict(browser, **({"Cookie": cookies} if cookies else {}))
                script = str(lua) if label == "api" else None
                runs = []
                for _ in range(args.rounds):
                    hello_rps, _ = wrk(hello_url, connections, args.duration, {})
                    rps, p99 = wrk(f"http://127.0.0.1:{app_port}{path}", connections, args.duration,
                                   headers, script)
                    floor_rps = (wrk(f"http://127.0.0.1:{floor_port}{path}", connections, args.duration,
                                     headers, script)[0] if args.floor else 0)
                    runs.append((rps / hello_rps, rps, hello_rps, p99, floor_rps / hello_rps))
                share, rps, hello_rps, p99, floor = (statistics.median(run[i] for run in runs)
                                                     for i in range(5))
                ok = share >= share_needed and (connections < 64 or p99 < P99_LIMIT_MS)
                failures += not ok
                print(f"{label:10} {connections:5d} {rps:8.0f} {hello_rps:8.0f} {share:6.2f} "
                      f"{share_needed:6.2f} {p99:7.1f}  {'ok    ' if ok else 'MISSED'}"
                      + (f"  {floor:5.2f}" if args.floor else ""))
        if not args.no_weights:
            page_weights(app_port, cookie)
        print(f"\n{failures} target(s) missed" if failures else "\nall targets met")
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
