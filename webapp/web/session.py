"""The answers cookie: encrypted and authenticated (AES-256-GCM, from ``cryptography``),
still stateless, one cookie.

Flask's own session cookie is only signed, so anyone holding a copy (a shared phone, a
library PC) could read the birth date in it. This interface keeps Flask's session API and
cookie settings and changes only what the cookie holds: compact JSON, encrypted.

Format: base64url(12-byte random nonce + ciphertext + 16-byte tag), with the format label
as associated data. AES-GCM rather than Fernet: one call each way (Fernet's CBC + HMAC took
a tenth of a result page) and 40 bytes less per cookie.

Keys: one key is derived (HKDF) from ``SECRET_KEY``, which encrypts; keys derived from
``SECRET_KEY_FALLBACKS`` (newest first, as in Flask) are still read, and a cookie read with
one of them is written again under the current key. A cookie that no key can read, or
whose content ``check`` refuses, gives an empty session marked ``unreadable``: the wizard
then says once that the answers have expired.
"""
from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Callable, Sequence
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask.sessions import SecureCookieSession, SessionInterface

# Changing this label makes every existing cookie unreadable: only with a new format.
# (v1 was Fernet.)
KEY_INFO = b"hoken-wizard answers cookie v2"
NONCE_BYTES = 12
TAG_BYTES = 16


def derive_key(secret: str | bytes) -> AESGCM:
    """A key of its own from a Flask secret, so the secret itself never encrypts."""
    raw = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO).derive(raw))


@lru_cache(maxsize=8)
def keys_for(secrets: tuple) -> tuple[AESGCM, tuple[AESGCM, ...]]:
    """(the key that encrypts, the older keys that are still read)."""
    current, *older = (derive_key(secret) for secret in secrets)
    return current, tuple(older)


def app_keys(app) -> tuple[AESGCM, tuple[AESGCM, ...]]:
    fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or []
    return keys_for((app.secret_key, *fallbacks))


def seal(plain: bytes, key: AESGCM) -> str:
    nonce = os.urandom(NONCE_BYTES)  # random per cookie: never reused with a key
    return base64.urlsafe_b64encode(nonce + key.encrypt(nonce, plain, KEY_INFO)).decode("ascii")


def unseal(token: str, keys: Sequence[AESGCM]) -> tuple[bytes, int]:
    """(the plain bytes, the index of the key that read them). Raises ValueError for a
    token that none of ``keys`` can read."""
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii"))
    except (UnicodeError, binascii.Error, ValueError) as error:
        raise ValueError("not a token") from error
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise ValueError("too short")
    nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    for index, key in enumerate(keys):
        try:
            return key.decrypt(nonce, sealed, KEY_INFO), index
        except InvalidTag:
            continue
    raise ValueError("no key reads this cookie")


def encode(data: dict, current: AESGCM) -> str:
    return seal(json.dumps(data, separators=(",", ":")).encode("utf-8"), current)


def decode(token: str, current: AESGCM, older: Sequence[AESGCM] = ()) -> tuple[object, bool]:
    """(the JSON value in the cookie, whether an older key was needed). Raises ValueError
    for a cookie that cannot be read."""
    plain, index = unseal(token, (current, *older))
    try:
        return json.loads(plain), index > 0
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
        if session.accessed:
            vary_on_cookie(response)
        if not session:
            if session.modified:
                response.delete_cookie(self.get_cookie_name(app), **self.cookie_settings(app))
                vary_on_cookie(response)
            return
        if not self.should_set_cookie(app, session):
            return  # most requests: the cookie stays as it is
        current, _older = app_keys(app)
        response.set_cookie(self.get_cookie_name(app), encode(dict(session), current),
                            expires=self.get_expiration_time(app, session), **self.cookie_settings(app))
        vary_on_cookie(response)

    def cookie_settings(self, app) -> dict:
        return dict(domain=self.get_cookie_domain(app), path=self.get_cookie_path(app),
                    secure=self.get_cookie_secure(app),
                    partitioned=self.get_cookie_partitioned(app),
                    samesite=self.get_cookie_samesite(app),
                    httponly=self.get_cookie_httponly(app))


def vary_on_cookie(response) -> None:
    """Adds Cookie to Vary, as Flask's own session does, with one header write (Werkzeug's
    ``response.vary.add`` parses the header into a set and writes it back each time)."""
    vary = response.headers.get("Vary")
    if not vary:
        response.headers["Vary"] = "Cookie"
    elif "cookie" not in {part.strip().lower() for part in vary.split(",")}:
        response.headers["Vary"] = f"{vary}, Cookie"
