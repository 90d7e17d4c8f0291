"""The headers every answer of the app carries: a strict Content-Security-Policy (no
inline script or style anywhere), every powerful feature off, no framing, HSTS over HTTPS
(deploy/nginx/hoken.conf puts the same on the answers nginx makes itself); no-store on
every page; redirects as paths."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, request

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
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),  # see web/same_origin.py
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)


class PageResponse(Response):
    """Every response of the app (Flask's response_class)."""

    # Pinned (it is Werkzeug's default): a Location given as a path is sent as a path,
    # never made absolute from the Host header.
    autocorrect_location_header = False
    security_headers: tuple[tuple[str, str], ...] = SECURITY_HEADERS

    def get_wsgi_response(self, environ):
        # Added as the response is sent, to the list Werkzeug has just made: no page sets
        # these itself, and adding them to each response's Headers object is slower.
        app_iter, status, headers = super().get_wsgi_response(environ)
        headers.extend(self.security_headers)
        return app_iter, status, headers


class HttpsPageResponse(PageResponse):
    """Behind HTTPS (SESSION_COOKIE_SECURE): HSTS as well."""

    security_headers = (*SECURITY_HEADERS, ("Strict-Transport-Security", HSTS))


def page_headers(response):
    local_location(response)
    if not request.path.startswith("/static/"):
        # Answers and dates of birth must not sit in a shared phone's cache.
        response.headers["Cache-Control"] = "no-store"
    return response


def local_location(response) -> None:
    """Werkzeug's own redirects (a missing trailing slash) are absolute URLs built from the
    Host header: send them as paths, like every redirect the app makes."""
    location = response.headers.get("Location")
    if location and urlsplit(location).netloc == request.host:
        parts = urlsplit(location)
        response.headers["Location"] = urlunsplit(("", "", parts.path or "/", parts.query, ""))


def init_app(app: Flask) -> None:
    app.response_class = HttpsPageResponse if app.config["SESSION_COOKIE_SECURE"] else PageResponse
    app.after_request(page_headers)
