"""The answers cookie: encrypted and authenticated (Fernet), still stateless, one cookie.

Flask's own session cookie is only signed, so anyone holding a copy (a shared phone, a
library PC) could read the birth date in it. This interface keeps Flask's session API and
cookie settings and changes only what the cookie holds: compact JSON, encrypted.

Keys: one Fernet key is derived (HKDF) from ``SECRET_KEY``, which encrypts; keys derived
from ``SECRET_KEY_FALLBACKS`` (newest first, as in Flask) are still read, and a cookie read
with one of them is written again under the current key. A cookie that no key can read, or
whose content ``check`` refuses, gives an empty session marked ``unreadable``: the wizard
then says once that the answers have expired.
"""
from __future__ import annotations

import base64
import json
from collections.abc import Callable
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask.sessions import SecureCookieSession, SessionInterface

# Changing this label makes every existing cookie unreadable: only with a new format.
KEY_INFO = b"hoken-wizard answers cookie v1"


def derive_key(secret: str | bytes) -> Fernet:
    """A Fernet key of its own from a Flask secret, so the secret itself never encrypts."""
    raw = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO).derive(raw)
    return Fernet(base64.urlsafe_b64encode(key))


@lru_cache(maxsize=8)
def keys_for(secrets: tuple) -> tuple[Fernet, MultiFernet | None]:
    """(the key that encrypts, the older keys that are still read)."""
    current, *older = (derive_key(secret) for secret in secrets)
    return current, MultiFernet(older) if older else None


def app_keys(app) -> tuple[Fernet, MultiFernet | None]:
    fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or []
    return keys_for((app.secret_key, *fallbacks))


def encode(data: dict, current: Fernet) -> str:
    return current.encrypt(json.dumps(data, separators=(",", ":")).encode("utf-8")).decode("ascii")


def decode(token: str, current: Fernet, older: MultiFernet | None) -> tuple[object, bool]:
    """(the JSON value in the cookie, whether an older key was needed). Raises ValueError
    for a cookie that cannot be read (InvalidToken is not a ValueError)."""
    try:
        raw = token.encode("ascii")
    except UnicodeError as error:
        raise ValueError("not a token") from error
    try:
        plain, rotated = current.decrypt(raw), False
    except InvalidToken:
        if older is None:
            raise ValueError("no key reads this cookie") from None
        try:
            plain, rotated = older.decrypt(raw), True
        except InvalidToken:
            raise ValueError("no key reads this cookie") from None
    try:
        return json.loads(plain), rotated
    except RecursionError as error:  # only we write this JSON, but a stolen key could not
        raise ValueError("too deeply nested") from error


class EncryptedSession(SecureCookieSession):
    #: a cookie came with the request but could not be read (or held what no page writes)
    unreadable = False


class EncryptedSessionInterface(SessionInterface):
    session_class = EncryptedSession
    #: paths that never open the session: a health check must not decrypt or set cookies,
    #: and the JSON API takes everything in its body (API.md), never from a cookie
    sessionless_paths = frozenset({"/healthz"})
    sessionless_prefixes = ("/api/",)

    def __init__(self, check: Callable[[dict], bool] = lambda data: True):
        self.check = check  # the content a page could have written; anything else is unreadable

    def open_session(self, app, request):
        if (request.path in self.sessionless_paths or request.path.startswith(self.sessionless_prefixes)
                or not app.secret_key):
            return None  # Flask then uses a null session: nothing read, nothing written
        token = request.cookies.get(self.get_cookie_name(app))
        if not token:
            return self.session_class()
        try:
            data, rotated = decode(token, *app_keys(app))
        except ValueError:
            data, rotated = None, False
        if not isinstance(data, dict) or not self.check(data):
            session = self.session_class()
            session.unreadable = True
            return session
        session = self.session_class(data)
        session.modified = rotated  # written again under the current key
        return session

    def save_session(self, app, session, response) -> None:
        name = self.get_cookie_name(app)
        settings = dict(domain=self.get_cookie_domain(app), path=self.get_cookie_path(app),
                        secure=self.get_cookie_secure(app),
                        partitioned=self.get_cookie_partitioned(app),
                        samesite=self.get_cookie_samesite(app),
                        httponly=self.get_cookie_httponly(app))
        if session.accessed:
            response.vary.add("Cookie")
        if not session:
            if session.modified:
                response.delete_cookie(name, **settings)
                response.vary.add("Cookie")
            return
        if not self.should_set_cookie(app, session):
            return
        current, _older = app_keys(app)
        response.set_cookie(name, encode(dict(session), current),
                            expires=self.get_expiration_time(app, session), **settings)
        response.vary.add("Cookie")
