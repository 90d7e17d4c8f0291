"""Error pages: always a plain page in the user's language, never a stack trace."""
from __future__ import annotations

from flask import jsonify, make_response, render_template, request, session
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge, SecurityError

from . import RESIDENT_PAGES


def expired_answers():
    """A before_request hook: the wizard's pages say once that a cookie which could not be
    read (a rotated-out key, an older release's content) has expired, then drop it."""
    if getattr(session, "unreadable", False) and request.blueprint in RESIDENT_PAGES:
        session.clear()  # an empty, changed session deletes the cookie
        return render_template("error.html", title=_("Your answers have expired"),
                               message=_("Your answers could not be read any more. "
                                         "Please start again from the beginning."))
    return None


def error_page(error: HTTPException):
    if request.path.startswith("/api/"):
        return jsonify({"errors": [{"field": None, "message": error.description}]}), error.code
    if error.code == 404:
        return render_template("error.html", title=_("Page not found"),
                               message=_("Check the address, or start from the beginning.")), 404
    return render_template("error.html", title=_("Sorry, something went wrong"),
                           message=_("Please start again from the beginning.")), error.code


def with_own_headers(response, error: HTTPException):
    """The headers Werkzeug's own answer to ``error`` carries, on the page made instead: a
    405's ``Allow`` (RFC 9110: the methods the route takes, with the HEAD and OPTIONS Flask
    adds), a 401's ``WWW-Authenticate``, a ``Retry-After``. Not its Content-Type."""
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        # Werkzeug gathers them in a set: sorted, the header is the same on every request.
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
    return response


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        # 403, as Django answers a form without its token: the request was read and is
        # refused. A 400 would be taken for gunicorn's bare one, which nginx replaces with
        # its own page (deploy/nginx/hoken.conf), and this page would never be seen.
        return render_template("error.html", title=_("This page has expired"),
                               message=_("For your security the form could not be sent. "
                                         "Go back, reload the page and try again.")), 403

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # A Host not in TRUSTED_HOSTS: no URL can be built for it, so no page template.
        message = _("This address is not served here.")
        if request.path.startswith("/api/"):
            return jsonify({"errors": [{"field": None, "message": message}]}), 400
        return message, 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        if request.path.startswith("/api/"):
            return jsonify({"errors": [{"field": None, "message": _(
                "The request is too large: send only the fields described in the API")}]}), 413
        return render_template("error.html", title=_("Too much was sent"),
                               message=_("What was sent is much longer than any answer. "
                                         "Go back, check what you typed and try again.")), 413

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return with_own_headers(make_response(error_page(error)), error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.error("Unhandled %s on %s", type(error).__name__, request.endpoint)
        if request.path.startswith("/api/"):
            return jsonify({"errors": [{"field": None, "message": _("Sorry, something went wrong")}]}), 500
        return render_template("error.html", title=_("Sorry, something went wrong"),
                               message=_("Please start again from the beginning.")), 500
