"""The app's settings: their defaults, where staff set them (instance/config.py, FLASK_…
variables; docs/deploying.md), and the checks that stop the start on a wrong one."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from . import citybuild, citydata
from .clock import configured_as_of
from .rules.outcome import LATEST_AS_OF

KB = 1024

DEFAULTS = dict(
    AS_OF=None,  # staff and tests set a day here; residents never see or set it
    CITY_DATA_DIR=None,  # a folder of more city files, besides the built-in ones
    CITY_BUILD_FILE=None,  # the city files as checked once (citybuild.py); default instance/city-build.bin
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


def read(app: Flask, test_config: dict | None) -> None:
    """The defaults, then instance/config.py and the FLASK_… variables (or a test's own)."""
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)  # instance/config.py
        app.config.from_prefixed_env()  # FLASK_SECRET_KEY, FLASK_AS_OF, …
    else:
        app.config.update(test_config)
    check(app)


def check(app: Flask) -> None:
    """Keys, proxies, host names, the day and the data folders come from staff: a value
    that is missing or of the wrong type stops the start, with what to write instead."""
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
    if app.config["AS_OF"] is not None and app.config["AS_OF"] > LATEST_AS_OF:
        raise RuntimeError(f"AS_OF {app.config['AS_OF']} is after {LATEST_AS_OF}")
    if app.config["CITY_DATA_DIR"] is None and os.environ.get("CITY_DATA_DIR"):
        # Settings are read from FLASK_-prefixed variables only: a bare one would be ignored
        # without a word, and its cities would answer 404.
        raise RuntimeError("CITY_DATA_DIR is set in the environment, but settings are read from variables "
                           "that start with FLASK_: set FLASK_CITY_DATA_DIR instead")


def load_data(app: Flask) -> citydata.Loaded:
    """The national file and every city file, checked (the city build's data where there is
    one: citybuild.py); the day set by staff must fall in each city's cycles."""
    national = citydata.load_national(Path(app.config["NATIONAL_DATA_FILE"]))
    extra = Path(app.config["CITY_DATA_DIR"]) if app.config["CITY_DATA_DIR"] else None
    # Read as `python -m webapp.staff build` checked them, where it did (many cities start fast).
    checked = citybuild.read(Path(app.config["CITY_BUILD_FILE"] or Path(app.instance_path) / citybuild.NAME), extra)
    cities = citydata.load_cities(extra, national, checked)
    if app.config["AS_OF"] is not None:
        for city in cities.values():
            if app.config["AS_OF"] < city.calendar.first_day():
                raise RuntimeError(f"AS_OF {app.config['AS_OF']} is before {city.id}'s first "
                                   f"cycle ({city.calendar.first_day()})")
    return citydata.Loaded(national, cities)


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
