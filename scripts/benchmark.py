"""Prints how long the decision, the API and the outcome page take (not a test).

    .venv/bin/python scripts/benchmark.py [rounds]
"""
from __future__ import annotations

import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from webapp import create_app  # noqa: E402
from webapp.citydata import load_cities, load_national  # noqa: E402
from webapp.rules.outcome import Answers, decide  # noqa: E402


def timed(label: str, rounds: int, run) -> None:
    samples = []
    for i in range(rounds):
        start = time.perf_counter()
        run(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    print(f"{label:<28} median {statistics.median(samples):7.3f} ms   "
          f"p95 {samples[int(len(samples) * 0.95) - 1]:7.3f} ms   ({rounds} rounds)")


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    city = load_cities()["yamagata"]
    ages = load_national().ages
    births = [date(1950, 1, 1) + timedelta(days=37 * i) for i in range(rounds)]
    timed("decide()", rounds, lambda i: decide(
        Answers(births[i], "held", "registered"), date(2026, 1, 15), city.calendar, ages,
        city.certificate_reasons))

    app = create_app({"SECRET_KEY": "bench", "AS_OF": "2026-01-15", "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    body = {"birth_date": "1956-03-01", "as_of": "2026-01-15", "my_number_card": "held",
            "insurance_registration": "unknown", "employer_insurance": True, "lang": "ja"}
    timed("POST /api/v1/…/outcome", rounds, lambda i: client.post("/api/v1/yamagata/outcome", json=body))

    client.post("/yamagata/q/birth_date", data={"era": "showa", "year": "31", "month": "3", "day": "1"})
    for step, value in [("my_number_card", "held"), ("insurance_registration", "unknown"),
                        ("restricted_view", "no"), ("care_need", "yes"),
                        ("employer_insurance", "yes"), ("wants_deregistration", "yes")]:
        client.post(f"/yamagata/q/{step}", data={"answer": value})
    timed("GET /yamagata/result", rounds, lambda i: client.get("/yamagata/result"))


if __name__ == "__main__":
    main()
