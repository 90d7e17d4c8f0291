"""The health-insurance paper wizard: a Flask app factory.

Layout: ``rules/`` decides (no Flask), ``data/`` + ``citydata.py`` hold and check the
cities, ``flow.py`` routes the questions, ``present/`` turns a decision into text,
``web/`` is the wizard's pages, ``api.py`` the JSON door.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_babel import Babel
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from . import assets, caching, i18n, openapi, settings, templating
from .cityindex import CityIndex
from .json_provider import OrjsonProvider
from .languages import LOCALES
from .web import cookies

csrf = CSRFProtect()
babel = Babel()
compress = Compress()


def select_locale():
    return LOCALES.get(cookies.read(cookies.LANG) or "", LOCALES["ja"])


def create_app(test_config: dict | None = None) -> Flask:
    # static/ and translations/ sit in the package, so a built wheel carries them.
    app = Flask(__name__, instance_relative_config=True)
    app.json = OrjsonProvider(app)
    templating.init_app(app)
    settings.read(app, test_config)
    app.extensions["loaded_data"] = settings.load_data(app)
    app.extensions["city_index"] = CityIndex(app.extensions["loaded_data"].cities.values())
    openapi.document()  # a broken API document stops start-up, not the first request

    from .web import errors, fragments, headers, ruby, same_origin, stored
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
    from .web import household_pages, index_pages, views
    app.register_blueprint(index_pages.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(household_pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    csrf.exempt(api.bp)
    csrf.exempt(health.bp)
    errors.register(app)
    staff.register(app)  # flask flow-graph / scenarios / cities check

    app.after_request(ruby.add_ruby)  # registered after compression, so run before it
    headers.init_app(app)  # the security headers, no-store; run first of all

    if app.config["PROXIES"]:
        # Only the proxies' own headers: X-Forwarded-Host is not trusted, so TRUSTED_HOSTS
        # checks the Host the proxy passed on.
        # Wrapping wsgi_app is Flask's own way to add WSGI middleware (mypy: a method replaced).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXIES"],  # type: ignore[method-assign]
                                x_proto=app.config["PROXIES"], x_host=0, x_port=0, x_prefix=0)
    return app
