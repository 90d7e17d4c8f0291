"""A benchmark, not a test: the app and a Flask hello-world under the same gunicorn
settings (gunicorn.conf.py), loaded alternately by wrk on 127.0.0.1, then the bytes of a
first visit to the result page.

    .venv/bin/python scripts/bench.py [--duration 2] [--rounds 3] [--connections 8 64]
                                      [--pages api result] [--no-weights] [--floor]
                                      [--mode ja|ja+furigana|ja-easy] [--against REF]

Each page is measured in rounds of (hello-world, then the page); it prints the median
req/s, the median share of hello-world's req/s (ratios are what count on a shared
machine), the median p99, and the targets of issue 8. With --floor, each round also loads
the same page from scripts/floor.py (the app answering with that page's bytes, made once):
the share nothing but the framework, the cookie, the headers and compression leave. Needs
wrk (`make bench` installs it). Stops by itself; every server it starts is stopped on the
way out.

With --against REF (`make bench AGAINST=REF`) it measures this tree and REF in one sitting:
REF is checked out in build/against/<sha> with its own .venv (its own `make install
compile`, reused while that sha's checkout is intact), both apps and one hello-world run at
once, each round loads hello-world, then this tree and REF (in turn first), and it prints
each page's shares of hello-world, this ÷ REF, and the result page's bytes with brotli.
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
           ("index", "/", False, 0.30),
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


def start_gunicorn(app: str, port: int, workers: int, extra_env: dict,
                   python: str = sys.executable, cwd: Path = ROOT) -> subprocess.Popen:
    """gunicorn from ``python``'s environment, with ``cwd``'s own gunicorn.conf.py and scripts/."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "GUNICORN_"))}
    env.update(extra_env, GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers),
               GUNICORN_ACCESSLOG="")  # no access log for either: it is not what we measure
    process = subprocess.Popen(
        [python, "-m", "gunicorn", "-c", "gunicorn.conf.py",
         "--pythonpath", "scripts", "--log-level", "warning", app],
        cwd=cwd, env=env)
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn for {app} in {cwd} did not start") from None
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
    """Walk the wizard once, CSRF on, like a browser; the session cookie it ends with. It
    follows the pages the server sends it to (another release may ask other questions)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, fields: dict) -> str:
        with opener.open(base + path, timeout=10) as page:
            token = CSRF.search(page.read().decode())
        if not token:
            raise SystemExit(f"{base}{path}: no csrf_token in the form")
        body = urllib.parse.urlencode({**fields, "csrf_token": token.group(1)}).encode()
        with opener.open(base + path, data=body, timeout=10) as response:
            return urllib.parse.urlsplit(response.url).path

    at = post(f"/{CITY}/q/birth_date", BIRTH)
    while at != f"/{CITY}/check":
        step = at.rsplit("/", 1)[-1]
        if not at.startswith(f"/{CITY}/q/") or step not in ANSWERS:
            raise SystemExit(f"{base}: the walk came to {at}, which ANSWERS in scripts/bench.py does not answer")
        if (at := post(at, {"answer": ANSWERS[step]})) == f"/{CITY}/q/{step}":
            raise SystemExit(f"{base}: {step} did not take the answer {ANSWERS[step]!r}")
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


def first_visit(port: int, cookie: str, encoding: str | None) -> list[tuple[str, int, int]]:
    """(HTML, CSS or JS, bytes on the wire, bytes of the body) for the result page and each
    stylesheet and script it links."""
    with urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{port}/{CITY}/result", headers={"Cookie": cookie}), timeout=10) as r:
        html = r.read().decode()
    assets = [link for link in re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
              if link.endswith((".css", ".js"))]
    accept = {"Accept-Encoding": encoding} if encoding else {}
    parts = [("HTML", *on_the_wire(port, f"/{CITY}/result", {"Cookie": cookie, **accept}))]
    return parts + [(Path(a).suffix[1:].upper(), *on_the_wire(port, a, accept)) for a in assets]


def page_weights(port: int, cookie: str) -> None:
    print("\nFirst visit to the result page, bytes on the wire (response headers + body):")
    rows = [(label, first_visit(port, cookie, encoding))
            for label, encoding in [("identity", None), ("gzip", "gzip"), ("br", "br, gzip")]]
    print(f"  {'':10} " + " ".join(f"{part:>13}" for part, _, _ in rows[0][1]) + f" {'total':>13}")
    for label, parts in rows:
        sizes = [(wire, body) for _, wire, body in parts]
        total = sum(size for size, _ in sizes)
        verdict = "ok" if total <= WEIGHT_LIMIT else "OVER 14 KB"
        print(f"  {label:10} " + " ".join(f"{w:6d} ({b:5d})" for w, b in sizes)
              + f" {total:13d}  {verdict}")
    print("  (body bytes in brackets)")


def git(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def build_against(ref: str) -> tuple[str, Path]:
    """(full sha, its worktree): ``ref`` checked out in build/against/<sha> (ignored by git,
    removed by `make clean`) with its own .venv from its own lock and its catalogs compiled,
    by its own Makefile (whose stamp makes a second install a no-op)."""
    found = git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if found.returncode:
        print(f"bench.py: --against {ref}: not a commit in this repository", file=sys.stderr)
        raise SystemExit(2)
    sha = found.stdout.strip()
    tree = ROOT / "build" / "against" / sha
    git("worktree", "prune")  # forget worktrees whose folder is gone (make clean)
    # Trusted only as a complete checkout of sha: its own .git file (else git would answer for
    # this tree), that HEAD, and no tracked file missing or changed (an interrupted checkout).
    intact = ((tree / ".git").is_file() and git("rev-parse", "HEAD", cwd=tree).stdout.strip() == sha
              and git("status", "--porcelain", "--untracked-files=no", cwd=tree).stdout == "")
    if not intact:
        if tree.exists():
            git("worktree", "remove", "--force", str(tree))
            shutil.rmtree(tree, ignore_errors=True)
            git("worktree", "prune")
        added = git("worktree", "add", "--detach", "--quiet", str(tree), sha)
        if added.returncode:
            raise SystemExit(f"git worktree add {tree} {sha} failed:\n{added.stderr}")
    print(f"{ref}: make install compile in {tree.relative_to(ROOT)} (the first time takes minutes)",
          file=sys.stderr)
    # The outer make's flags and variables (MAKEFLAGS) are not the ref's to inherit.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "VIRTUAL_ENV")}
    made = subprocess.run(["make", "--no-print-directory", "install", "compile"], cwd=tree, env=env,
                          capture_output=True, text=True)
    if made.returncode:
        raise SystemExit(f"make install compile failed in {tree}:\n{(made.stdout + made.stderr)[-3000:]}")
    return sha, tree


def describe(sha: str) -> str:
    return git("show", "-s", "--format=%h (%cs)", sha).stdout.strip()


def medians(hello_url: str, apps: dict[str, tuple[str, dict]], connections: int, duration: int,
            rounds: int, script: str | None) -> dict[str, tuple[float, ...]]:
    """Rounds of hello-world, then each app (url, headers), the apps in turn first so that none
    always comes right after hello-world. The medians: hello-world's (req/s,), and for each app
    (req/s, share of hello-world's req/s in the same round, p99 ms)."""
    runs = []
    for round_ in range(rounds):
        hello_rps = wrk(hello_url, connections, duration, {})[0]
        run: dict[str, tuple[float, ...]] = {"hello": (hello_rps,)}
        for name in list(apps)[::1 if round_ % 2 == 0 else -1]:
            url, headers = apps[name]
            rps, p99 = wrk(url, connections, duration, headers, script)
            run[name] = (rps, rps / hello_rps, p99)
        runs.append(run)
    return {name: tuple(statistics.median(run[name][i] for run in runs) for i in range(len(values)))
            for name, values in runs[0].items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=2, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per page (hello-world, then the app)")
    parser.add_argument("--connections", type=int, nargs="+",
                        help="wrk connections (default: 8 64; with --against: 64)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (every server)")
    parser.add_argument("--pages", nargs="+", choices=[t[0] for t in TARGETS],
                        default=[t[0] for t in TARGETS], help="only these pages")
    parser.add_argument("--no-weights", action="store_true", help="skip the page weights")
    parser.add_argument("--mode", choices=sorted(MODE_COOKIES), default="ja",
                        help="the pages as read: Japanese (the default), with ふりがな, or やさしい日本語")
    parser.add_argument("--floor", action="store_true",
                        help="also load each page from the app with the page's own work taken out")
    parser.add_argument("--accept-encoding", default="br, gzip",
                        help="sent with every app request, as a browser does ('' for none)")
    parser.add_argument("--against", metavar="REF",
                        help="also measure this git ref (its own worktree and .venv), alternately with this tree")
    args = parser.parse_args()
    if args.against and args.floor:
        parser.error("--floor measures this tree alone; leave it out with --against")
    # So that a plain kill also reaches the finally below, which stops the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sha, tree = build_against(args.against) if args.against else (None, None)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs it")

    hello_port = free_port()
    ports = {"this": free_port(), **({"floor": free_port()} if args.floor else {}),
             **({"ref": free_port()} if tree else {})}
    servers = []
    workdir = tempfile.mkdtemp(prefix="hoken-bench-")
    # One key and one day for every app (the floor takes this tree's cookie); the ref gets its own.
    settings = {"FLASK_SECRET_KEY": "bench-only", "FLASK_AS_OF": AS_OF}
    try:
        servers.append(start_gunicorn("hello:app", hello_port, args.workers, {}))
        servers.append(start_gunicorn("webapp:create_app()", ports["this"], args.workers, settings))
        if args.floor:
            servers.append(start_gunicorn("floor:create_app()", ports["floor"], args.workers, settings))
        if tree:
            servers.append(start_gunicorn("webapp:create_app()", ports["ref"], args.workers, settings,
                                          python=str(tree / ".venv/bin/python"), cwd=tree))
        cookies = {name: answers_cookie(f"http://127.0.0.1:{port}") for name, port in ports.items()
                   if name != "floor"}
        cookies.setdefault("floor", cookies["this"])
        lua = Path(workdir) / "api.lua"
        lua.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                       f"wrk.body = {json.dumps(json.dumps(API_BODY, ensure_ascii=True))}\n")
        browser = {"Accept-Language": "ja"}
        if args.accept_encoding:
            browser["Accept-Encoding"] = args.accept_encoding
        hello_url = f"http://127.0.0.1:{hello_port}/"
        wrk(hello_url, 8, 1, {})  # warm them up
        for port in ports.values():
            wrk(f"http://127.0.0.1:{port}/{CITY}/", 8, 1, browser)

        settings_line = (f"{args.workers} sync workers each, wrk -t2, {args.rounds} rounds of "
                         f"{args.duration} s per page, Accept-Encoding {args.accept_encoding!r}")
        if tree:
            dirty = git("status", "--porcelain").stdout.strip()
            print(f"this: {describe('HEAD')}{' + uncommitted changes' if dirty else ''}; "
                  f"ref: {args.against} = {describe(sha)}")
            print(f"each tree's gunicorn.conf.py, {settings_line}, mode {args.mode}; each round "
                  f"hello-world, then this and ref in turn first; medians")
            print(f"{'page':10} {'conns':>5} {'hello':>8} {'this':>6} {'ref':>6} {'this÷ref':>8} "
                  f"{'p99 this':>9} {'p99 ref':>8}")
        else:
            print(f"gunicorn.conf.py, {settings_line}, medians")
            print(f"{'page':10} {'conns':>5} {'req/s':>8} {'hello':>8} {'share':>6} {'target':>6} "
                  f"{'p99 ms':>7}  verdict" + ("  floor" if args.floor else ""))
        failures = 0
        for connections in args.connections or ([64] if tree else [8, 64]):
            for label, path, with_cookie, share_needed in TARGETS:
                if label not in args.pages:
                    continue
                apps = {}
                for name, port in ports.items():
                    sent = "; ".join(filter(None, [cookies[name] if with_cookie else "", MODE_COOKIES[args.mode]]))
                    apps[name] = (f"http://127.0.0.1:{port}{path}", dict(browser, **({"Cookie": sent} if sent else {})))
                m = medians(hello_url, apps, connections, args.duration, args.rounds,
                            str(lua) if label == "api" else None)
                (hello_rps,), (rps, share, p99) = m["hello"], m["this"]
                if tree:
                    ref_share, ref_p99 = m["ref"][1:]
                    print(f"{label:10} {connections:5d} {hello_rps:8.0f} {share:6.2f} {ref_share:6.2f} "
                          f"{share / ref_share:8.2f} {p99:9.1f} {ref_p99:8.1f}")
                    continue
                ok = share >= share_needed and (connections < 64 or p99 < P99_LIMIT_MS)
                failures += not ok
                print(f"{label:10} {connections:5d} {rps:8.0f} {hello_rps:8.0f} {share:6.2f} "
                      f"{share_needed:6.2f} {p99:7.1f}  {'ok    ' if ok else 'MISSED'}"
                      + (f"  {m['floor'][1]:5.2f}" if args.floor else ""))
        if tree and not args.no_weights:
            print("\nFirst visit to the result page with brotli (Accept-Encoding: br, gzip), bytes on the wire:")
            totals = {}
            for name in ("this", "ref"):
                parts = first_visit(ports[name], cookies[name], "br, gzip")
                totals[name] = sum(wire for _, wire, _ in parts)
                print(f"  {name:5} {totals[name]:6d} = " + " + ".join(f"{part} {wire}" for part, wire, _ in parts))
            print(f"  this ÷ ref {totals['this'] / totals['ref']:.2f}")
        elif not args.no_weights:
            page_weights(ports["this"], cookies["this"])
        if not tree:
            print(f"\n{failures} target(s) missed" if failures else "\nall targets met")
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # the servers are already stopped (main's finally)
        raise SystemExit(130) from None
