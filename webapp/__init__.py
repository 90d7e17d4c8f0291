"""The health-insurance paper wizard: a Flask app factory.

Layout: ``rules/`` decides (no Flask), ``data/`` + ``citydata.py`` hold and check the
cities, ``flow.py`` routes the questions, ``present.py`` turns a decision into text,
``web/`` is the wizard's pages, ``api.py`` the JSON door.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, request
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from . import citydata, openapi
from .clock import configured_as_of
from .rules.outcome import LATEST_AS_OF

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ja", "en")
LANG_COOKIE = "lang"

csrf = CSRFProtect()
babel = Babel()

# No inline script or style anywhere, so the policy can be this strict.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


def select_locale() -> str:
    lang = request.cookies.get(LANG_COOKIE)
    return lang if lang in LANGUAGES else "ja"


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True,
                static_folder=str(ROOT / "static"), static_url_path="/static")
    app.config.from_mapping(
        AS_OF=None,  # staff and tests set a day here; residents never see or set it
        CITY_DATA_DIR=str(citydata.CITIES_DIR),
        NATIONAL_DATA_FILE=str(citydata.NATIONAL_FILE),
        BABEL_DEFAULT_LOCALE="ja",
        BABEL_DEFAULT_TIMEZONE="Asia/Tokyo",
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "translations"),
        WTF_CSRF_TIME_LIMIT=None,  # a resident may take an hour over one page
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)  # instance/config.py
        app.config.from_prefixed_env()  # FLASK_SECRET_KEY, FLASK_AS_OF, …
    else:
        app.config.update(test_config)

    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY is not set. The answers live in a signed cookie, so the app will not "
            "start without one: set FLASK_SECRET_KEY, or put SECRET_KEY in instance/config.py "
            "(`make run` writes one for local use).")
    try:
        app.config["AS_OF"] = configured_as_of(app.config["AS_OF"])
    except ValueError:
        raise RuntimeError(f"AS_OF must be a date written YYYY-MM-DD, not {app.config['AS_OF']!r}") from None

    national = citydata.load_national(Path(app.config["NATIONAL_DATA_FILE"]))
    cities = citydata.load_cities(Path(app.config["CITY_DATA_DIR"]), national)
    if app.config["AS_OF"] is not None:
        if app.config["AS_OF"] > LATEST_AS_OF:
            raise RuntimeError(f"AS_OF {app.config['AS_OF']} is after {LATEST_AS_OF}")
        for city in cities.values():
            if app.config["AS_OF"] < city.calendar.first_day():
                raise RuntimeError(f"AS_OF {app.config['AS_OF']} is before {city.id}'s first "
                                   f"cycle ({city.calendar.first_day()})")
    app.extensions["hoken"] = {"national": national, "cities": cities}
    openapi.document()  # a broken API document stops start-up, not the first request
    app.json.ensure_ascii = False  # Japanese text stays readable in API answers

    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)

    from .web import views, errors
    from . import api, staff
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    errors.register(app)
    staff.register(app)  # flask flow-graph / scenarios / cities check

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if not request.path.startswith("/static/"):
            # Answers and dates of birth must not sit in a shared phone's cache.
            response.headers["Cache-Control"] = "no-store"
        return response

    return app
