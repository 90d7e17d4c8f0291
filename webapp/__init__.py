"""The health-insurance paper wizard: a Flask app factory.

Layout: ``rules/`` decides (no Flask), ``data/`` + ``citydata.py`` hold and check the
cities, ``flow.py`` routes the questions, ``present/`` turns a decision into text,
``web/`` is the wizard's pages, ``api.py`` the JSON door.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, request
from flask_babel import Babel
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from . import assets, caching, citydata, i18n, openapi
from .clock import configured_as_of
from .json_provider import OrjsonProvider
from .rules.outcome import LATEST_AS_OF
from .templating import KeysFirstEnvironment, StripIndentation
from .web import cookies

csrf = CSRFProtect()
babel = Babel()
compress = Compress()

# No inline script or style anywhere, so the policy can be this strict.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
# Every powerful feature off: the app uses none of them (printing needs no permission).
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "browsing-topics", "camera", "display-capture", "fullscreen",
    "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment",
    "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking"))
HSTS = "max-age=31536000; includeSubDomains"
KB = 1024


class LocalResponse(Response):
    # Pinned (it is Werkzeug's default): a Location given as a path is sent as a path,
    # never made absolute from the Host header.
    autocorrect_location_header = False
    #: sent with every response of the app (create_app makes a subclass with its own)
    security_headers: tuple[tuple[str, str], ...] = ()

    def get_wsgi_response(self, environ):
        # Added as the response is sent, to the list Werkzeug has just made: no page sets
        # these itself, and adding them to each response's Headers object is slower.
        app_iter, status, headers = super().get_wsgi_response(environ)
        headers.extend(self.security_headers)
        return app_iter, status, headers


def select_locale():
    return i18n.LOCALES.get(cookies.read(cookies.LANG) or "", i18n.LOCALES["ja"])


def create_app(test_config: dict | None = None) -> Flask:
    # static/ and translations/ sit in the package, so a built wheel carries them.
    app = Flask(__name__, instance_relative_config=True)
    app.json = OrjsonProvider(app)
    app.jinja_environment = KeysFirstEnvironment
    app.jinja_options = {**app.jinja_options, "extensions": [StripIndentation]}
    app.config.from_mapping(
        AS_OF=None,  # staff and tests set a day here; residents never see or set it
        CITY_DATA_DIR=None,  # a folder of more city files, besides the built-in ones
        NATIONAL_DATA_FILE=str(citydata.NATIONAL_FILE),
        BABEL_DEFAULT_LOCALE="ja",
        BABEL_DEFAULT_TIMEZONE="Asia/Tokyo",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).parent / "translations"),
        WTF_CSRF_TIME_LIMIT=None,  # a resident may take an hour over one page
        # The token is checked by Flask-WTF; where a form came from by web/same_origin.py
        # (Flask-WTF's own check refuses a POST that carries no Referer).
        WTF_CSRF_SSL_STRICT=False,
        # Our form messages are our own; WTForms' catalog was reloaded on every form.
        WTF_I18N_ENABLED=False,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        # The largest page sends a few hundred bytes; a bigger body is refused (413)
        # before anything parses it.
        MAX_CONTENT_LENGTH=32 * KB,
        MAX_FORM_MEMORY_SIZE=32 * KB,
        MAX_FORM_PARTS=32,
        PROXIES=0,  # reverse proxies in front whose X-Forwarded-For/-Proto are trusted
        # Answers read as expired when last written 2 hours ago, or made 12 hours ago (seconds).
        ANSWERS_IDLE_TIMEOUT=2 * 3600,
        ANSWERS_LIFETIME=12 * 3600,
        # Pages and API answers compressed when the client accepts it (static files are
        # compressed ahead of time by WhiteNoise). No zstd: browsers that speak it speak br.
        COMPRESS_ALGORITHM=["br", "gzip"],
        # Fast levels: brotli's default squeezes a page a little smaller in more than twice
        # the time; the first visit stays under 14 KB either way (`make bench` prints it).
        COMPRESS_BR_LEVEL=1,
        COMPRESS_LEVEL=3,
        COMPRESS_EVALUATE_CONDITIONAL_REQUEST=False,  # pages are no-store: no ETag/304
        # For clerks and tests: every text of a result's <main> says what it rests on
        # (data-basis="city:…", "national:…", …; webapp/present/statement.py).
        PROVENANCE=False,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)  # instance/config.py
        app.config.from_prefixed_env()  # FLASK_SECRET_KEY, FLASK_AS_OF, …
    else:
        app.config.update(test_config)

    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY is not set. The answers live in an encrypted cookie, so the app will not "
            "start without one: set FLASK_SECRET_KEY, or put SECRET_KEY in instance/config.py "
            "(`make run` writes one for local use).")
    check_staff_settings(app)
    try:
        app.config["AS_OF"] = configured_as_of(app.config["AS_OF"])
    except ValueError:
        raise RuntimeError(f"AS_OF must be a date written YYYY-MM-DD, not {app.config['AS_OF']!r}") from None

    national = citydata.load_national(Path(app.config["NATIONAL_DATA_FILE"]))
    extra = app.config["CITY_DATA_DIR"]
    if extra is None and os.environ.get("CITY_DATA_DIR"):
        # Settings are read from FLASK_-prefixed variables only: a bare one would be ignored
        # without a word, and its cities would answer 404.
        raise RuntimeError("CITY_DATA_DIR is set in the environment, but settings are read from variables "
                           "that start with FLASK_: set FLASK_CITY_DATA_DIR instead")
    cities = citydata.load_cities(Path(extra) if extra else None, national)
    if app.config["AS_OF"] is not None:
        if app.config["AS_OF"] > LATEST_AS_OF:
            raise RuntimeError(f"AS_OF {app.config['AS_OF']} is after {LATEST_AS_OF}")
        for city in cities.values():
            if app.config["AS_OF"] < city.calendar.first_day():
                raise RuntimeError(f"AS_OF {app.config['AS_OF']} is before {city.id}'s first "
                                   f"cycle ({city.calendar.first_day()})")
    app.extensions["loaded_data"] = citydata.Loaded(national, cities)
    openapi.document()  # a broken API document stops start-up, not the first request

    from .web import errors, fragments, ruby, same_origin, stored
    from .web.session import EncryptedSessionInterface
    cookies.init_app(app)  # the cookies' names: __Host- over HTTPS
    app.session_interface = EncryptedSessionInterface(check=stored.session_is_readable)
    # Before CSRF's own check, so that an unreadable cookie gets the plain "expired" page.
    app.before_request(errors.expired_answers)
    csrf.init_app(app)
    app.before_request(same_origin.check_origin)
    babel.init_app(app, locale_selector=select_locale)
    i18n.init_app(app, babel)
    compress.init_app(app)
    assert app.static_folder is not None  # Flask(__name__): the package's static/
    assets.init_app(app, Path(app.static_folder))
    caching.init_app(app)
    fragments.init_app(app)

    from . import api, health, staff
    from .web import household_pages, views
    app.register_blueprint(views.bp)
    app.register_blueprint(household_pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    csrf.exempt(api.bp)
    csrf.exempt(health.bp)
    errors.register(app)
    staff.register(app)  # flask flow-graph / scenarios / cities check

    secure_headers = (
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),  # see web/same_origin.py
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        *([("Strict-Transport-Security", HSTS)] if app.config["SESSION_COOKIE_SECURE"] else []),
    )
    app.response_class = type("AppResponse", (LocalResponse,), {"security_headers": secure_headers})

    app.after_request(ruby.add_ruby)  # registered after compression, so run before it

    @app.after_request
    def page_headers(response):
        local_location(response)
        if not request.path.startswith("/static/"):
            # Answers and dates of birth must not sit in a shared phone's cache.
            response.headers["Cache-Control"] = "no-store"
        return response

    if app.config["PROXIES"]:
        # Only the proxies' own headers: X-Forwarded-Host is not trusted, so TRUSTED_HOSTS
        # checks the Host the proxy passed on.
        # Wrapping wsgi_app is Flask's own way to add WSGI middleware (mypy: a method replaced).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXIES"],  # type: ignore[method-assign]
                                x_proto=app.config["PROXIES"], x_host=0, x_port=0, x_prefix=0)
    return app


def check_staff_settings(app: Flask) -> None:
    """Keys, proxies and host names come from staff: a value of the wrong type stops the start."""
    fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or []
    if not isinstance(fallbacks, list) or not all(isinstance(key, (str, bytes)) and key
                                                   for key in fallbacks):
        raise RuntimeError("SECRET_KEY_FALLBACKS must be a list of the previous keys, newest "
                           'first, e.g. FLASK_SECRET_KEY_FALLBACKS=\'["old-key"]\'')
    app.config["SECRET_KEY_FALLBACKS"] = fallbacks
    if fallbacks and not app.config.get("WTF_CSRF_SECRET_KEY"):
        # itsdangerous signs with the last key and reads with all, so a form rendered
        # before the rotation can still be sent after it.
        app.config["WTF_CSRF_SECRET_KEY"] = [*reversed(fallbacks), app.config["SECRET_KEY"]]
    proxies = app.config.get("PROXIES")
    if isinstance(proxies, bool) or not isinstance(proxies, int) or proxies < 0:
        raise RuntimeError(f"PROXIES must be the number of reverse proxies in front (0 for "
                           f"none), not {proxies!r}")
    hosts = app.config.get("TRUSTED_HOSTS")
    if hosts is not None and (not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts)):
        raise RuntimeError('TRUSTED_HOSTS must be a list of host names, e.g. '
                           'FLASK_TRUSTED_HOSTS=\'["hoken.city.example.jp"]\'')
    for name, example in (("ANSWERS_IDLE_TIMEOUT", 7200), ("ANSWERS_LIFETIME", 43200)):
        seconds = app.config.get(name)
        if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds <= 0:
            raise RuntimeError(f"{name} must be a whole number of seconds above 0, e.g. "
                               f"FLASK_{name}={example}, not {seconds!r}")
    idle, lifetime = app.config["ANSWERS_IDLE_TIMEOUT"], app.config["ANSWERS_LIFETIME"]
    if lifetime < idle:
        raise RuntimeError(f"ANSWERS_LIFETIME ({lifetime} s) must be at least ANSWERS_IDLE_TIMEOUT "
                           f"({idle} s)")


def local_location(response) -> None:
    """Werkzeug's own redirects (a missing trailing slash) are absolute URLs built from the
    Host header: send them as paths, like every redirect the app makes."""
    location = response.headers.get("Location")
    if location and urlsplit(location).netloc == request.host:
        parts = urlsplit(location)
        response.headers["Location"] = urlunsplit(("", "", parts.path or "/", parts.query, ""))
