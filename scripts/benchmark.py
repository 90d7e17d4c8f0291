"""Prints how long the decision and each page `make bench` measures take in-process (not
a test): the WSGI app called directly, without a server or Flask's test client, so the
figures are the app's own work. `make bench` measures the same pages under gunicorn.

    .venv/bin/python scripts/benchmark.py [rounds]
"""
from __future__ import annotations

import io
import json
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from werkzeug.test import Client, EnvironBuilder

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bench import ANSWERS, API_BODY, AS_OF, BIRTH, CITY, CSRF, TARGETS  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.citydata import load_cities, load_national  # noqa: E402
from webapp.rules.outcome import Answers, decide  # noqa: E402

BROWSER = {"Accept-Language": "ja", "Accept-Encoding": "br, gzip"}


def timed(label: str, rounds: int, run, batches: int = 5) -> None:
    """CPU time of this thread (what the app costs, not what a shared machine lends it): the
    mean of the fastest of a few batches, and the median and p95 of all calls."""
    samples, batch_means = [], []
    size = max(1, rounds // batches)
    for b in range(batches):
        batch = []
        for i in range(b * size, (b + 1) * size):
            start = time.thread_time()
            run(i)
            batch.append((time.thread_time() - start) * 1000)
        batch_means.append(statistics.mean(batch))
        samples += batch
    samples.sort()
    print(f"{label:<34} best batch {min(batch_means):6.3f} ms   median {statistics.median(samples):6.3f} ms   "
          f"p95 {samples[int(len(samples) * 0.95) - 1]:6.3f} ms   ({len(samples)} calls)")


def walked(app) -> Client:
    """A client that has walked the wizard as a browser does, CSRF on (scripts/floor.py
    uses it too)."""
    client = Client(app)

    def post(path: str, fields: dict) -> None:
        token = CSRF.search(client.get(path).get_data(as_text=True)).group(1)
        client.post(path, data={**fields, "csrf_token": token})

    post(f"/{CITY}/q/birth_date", BIRTH)
    for step, value in ANSWERS.items():
        post(f"/{CITY}/q/{step}", {"answer": value})
    return client


def answers_cookie(app) -> str:
    """The session cookie a walk through the wizard ends with."""
    return f"session={walked(app).get_cookie('session').value}"


def request_runner(app, path: str, cookie: str | None, body: bytes | None):
    """Calls the WSGI app as gunicorn does, with a fresh environ each time."""
    headers = dict(BROWSER, **({"Cookie": cookie} if cookie else {}))
    builder = (EnvironBuilder(path, method="POST", data=body, content_type="application/json",
                              headers=headers) if body else EnvironBuilder(path, headers=headers))
    template = builder.get_environ()
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def run(_):
        environ = dict(template, **{"wsgi.input": io.BytesIO(body or b"")})
        for _chunk in app(environ, start_response):
            pass
        if not statuses[-1].startswith("200"):
            raise SystemExit(f"{path}: {statuses[-1]}")
    return run


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    city = load_cities()["yamagata"]
    ages = load_national().ages
    births = [date(1940, 1, 1) + timedelta(days=(37 * i) % 30000) for i in range(rounds)]
    timed("decide()", rounds, lambda i: decide(
        Answers(births[i], "held", "registered"), date(2026, 1, 15), city.rules, ages))

    app = create_app({"SECRET_KEY": "bench", "AS_OF": AS_OF})
    cookie = answers_cookie(app)
    from scripts.hello import app as hello
    timed("Flask hello-world /", rounds, request_runner(hello, "/", None, None))
    body = json.dumps(API_BODY).encode()
    for label, path, with_cookie, _share in TARGETS:
        run = request_runner(app, path, cookie if with_cookie else None, body if label == "api" else None)
        for i in range(50):  # warm
            run(i)
        timed(f"{label} {path}", rounds, run)


if __name__ == "__main__":
    main()
