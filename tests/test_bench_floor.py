"""scripts/floor.py, the app `scripts/bench.py --floor` loads: each benchmarked page
answers with the bytes its real view gave, and does no work of its own."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


@pytest.fixture
def floor(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    monkeypatch.setenv("FLASK_SECRET_KEY", "bench-test")
    monkeypatch.setenv("FLASK_AS_OF", "2026-01-15")
    import floor as module
    yield module
    for name in ("floor", "bench"):
        sys.modules.pop(name, None)


def test_every_page_answers_with_its_fixed_bytes(floor):
    from bench import API_BODY, TARGETS

    app = floor.create_app()
    client = app.test_client()
    for label, path, _cookie, _share in TARGETS:
        first = client.post(path, json=API_BODY) if label == "api" else client.get(path)
        # The same bytes however the request differs: the view no longer reads anything.
        second = (client.post(path, json=dict(API_BODY, lang="en")) if label == "api"
                  else client.get(path, headers={"Accept-Language": "en"}))
        assert first.status_code == second.status_code == 200, label
        assert first.get_data() == second.get_data(), label
        if label == "api":  # still the answer in Japanese that the bench asks for
            assert first.get_json()["municipality"] == "yamagata"
            assert first.get_json()["text"]["as_of"].startswith("令和")
