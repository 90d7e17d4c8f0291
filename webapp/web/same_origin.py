"""Forms are accepted only from the site's own pages: the CSRF token, plus the browser's
word on where the form came from.

Flask-WTF's own check on HTTPS (``WTF_CSRF_SSL_STRICT``) demands a same-origin
``Referer`` and refuses a POST without one, so a browser or extension that sends no
referrer could not get past the first question. This check reads ``Origin`` first, which
browsers send with every form POST, then ``Referer``; the pages send
``Referrer-Policy: same-origin``, so both name this site on our own forms and nothing
leaves for other sites (``no-referrer`` made browsers send ``Origin: null``). A browser
that sends neither is left to the token and the ``SameSite=Lax`` cookie.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import request
from flask_wtf.csrf import CSRFError

from . import RESIDENT_PAGES

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
DEFAULT_PORTS = {"http": "80", "https": "443"}


def origin_of(url: str) -> tuple[str, str] | None:
    """(scheme, host[:port]) of a URL, the port left out where it is the default; None for
    what is not an http(s) URL (``Origin: null`` among them)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.netloc:
        return None
    host = parts.netloc.rsplit("@", 1)[-1].lower()
    default = f":{DEFAULT_PORTS[parts.scheme]}"
    return parts.scheme, host[:-len(default)] if host.endswith(default) else host


def check_origin() -> None:
    """A before_request hook for the wizard's forms (the API and the health check take no
    cookie, so no one else's page can act for a resident there)."""
    if request.method in SAFE_METHODS or request.blueprint not in RESIDENT_PAGES:
        return
    claimed = request.headers.get("Origin") or request.referrer
    if claimed is None:
        return
    if origin_of(claimed) != origin_of(request.host_url):
        raise CSRFError("The form was sent from another site.")  # the page says "expired"
