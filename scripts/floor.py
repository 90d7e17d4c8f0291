"""The app with each benchmarked page's own work taken out, for `scripts/bench.py --floor`:
every page `make bench` loads answers with the bytes its real view gave once at start-up.
What is left is what surrounds any view (gunicorn, routing, the session cookie, the CSRF and
expiry hooks, the security headers, compression), so its share of hello-world's req/s is
the most a page can reach however fast its own work becomes.

    gunicorn … 'floor:create_app()'   (scripts/ on the Python path, as bench.py runs it)
"""
from __future__ import annotations

from bench import API_BODY, TARGETS
from benchmark import walked
from werkzeug.test import Client

from webapp import create_app as create_real_app

ENDPOINTS = {"healthz": "health.healthz", "index": "cities.index", "start": "wizard.start",
             "question": "wizard.question", "check": "wizard.check", "result": "wizard.result", "api": "api.outcome"}


def create_app():
    app = create_real_app()
    resident = walked(app)  # the answers check and result need
    for label, path, with_cookie, _share in TARGETS:
        client = resident if with_cookie else Client(app)  # as bench.py asks for each page
        if label == "api":
            real = client.post(path, json=API_BODY, headers={"Accept-Language": "ja"})
        else:
            real = client.get(path, headers={"Accept-Language": "ja"})
        if real.status_code != 200:
            raise RuntimeError(f"{path}: {real.status}")

        def fixed(body=real.get_data(), mimetype=real.mimetype, **_values):
            return app.response_class(body, mimetype=mimetype)
        app.view_functions[ENDPOINTS[label]] = fixed
    return app
