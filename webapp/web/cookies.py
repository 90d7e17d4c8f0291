"""The app's three cookies by name: the answers (``session``), the language (``lang``) and
ふりがな (``furigana``).

Served over HTTPS (``SESSION_COOKIE_SECURE``) each is named with the ``__Host-`` prefix: a
browser keeps such a cookie only when it is Secure, for the whole site (``Path=/``) and for
this host alone (no ``Domain``). So no other site of the city's domain can set one under our
name (issue 29: a parent domain's own ``session`` or ``lang`` cookie came first, and every
resident read "your answers have expired" or could not switch the language). Over plain HTTP
(development) the names are plain.

The plain names set by a release before the prefix are read once, where the prefixed one is
missing, then written again under the prefix and dropped: nobody loses their answers or their
language with the change. A plain-named cookie that is not one of ours (a parent domain's
``session``) is then simply not read.
"""
from __future__ import annotations

from flask import Flask, current_app, request

from ..languages import LANGUAGES

PREFIX = "__Host-"
SESSION, LANG, FURIGANA = "session", "lang", "furigana"
# A resident's choices, kept a year, and the values a page writes into each.
CHOICES = {LANG: LANGUAGES, FURIGANA: ("on", "off")}
CHOICE_MAX_AGE = 365 * 24 * 3600


def named(app: Flask, base: str) -> str:
    return PREFIX + base if app.config["SESSION_COOKIE_SECURE"] else base


def name(base: str) -> str:
    """The name of the cookie ``base`` on this site."""
    return named(current_app, base)


def read(base: str) -> str | None:
    """The cookie's value under its name, or under its plain name (a release ago)."""
    value = request.cookies.get(name(base))
    if value is None and name(base) != base:
        value = request.cookies.get(base)
    return value


def init_app(app: Flask) -> None:
    """The session cookie's name, and the choices moved to their prefixed names."""
    app.config["SESSION_COOKIE_NAME"] = named(app, SESSION)
    if app.config["SESSION_COOKIE_SECURE"]:
        app.after_request(move_choices)


def move_choices(response):
    """A choice still under its plain name is written under the prefixed one, once."""
    for base in CHOICES:
        plain = request.cookies.get(base)
        if plain in CHOICES[base] and name(base) not in request.cookies and not _set(response, name(base)):
            remember(response, base, plain)
            response.delete_cookie(base, path="/", secure=True, samesite="Lax", httponly=True)
    return response


def remember(response, base: str, value: str) -> None:
    """A resident's choice of language or ふりがな, kept for a year (no answer in it)."""
    response.set_cookie(name(base), value, max_age=CHOICE_MAX_AGE, samesite="Lax", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"], path="/")


def _set(response, cookie: str) -> bool:
    return any(header.startswith(f"{cookie}=") for header in response.headers.getlist("Set-Cookie"))
