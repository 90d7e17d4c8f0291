"""The answers cookie: encrypted and authenticated (AES-256-GCM, from ``cryptography``),
still stateless, one cookie.

Flask's own session cookie is only signed, so anyone holding a copy (a shared phone, a
library PC) could read the birth date in it. This interface keeps Flask's session API and
cookie settings and changes only what the cookie holds: compact JSON, encrypted.

Format: base64url(12-byte random nonce + ciphertext + 16-byte tag), with the format label
as associated data. AES-GCM rather than Fernet: one call each way (Fernet's CBC + HMAC took
a tenth of a result page) and 40 bytes less per cookie. The plain text is 8 bytes of times,
then the JSON: when the cookie was made (first written) and when it was last written, each
as whole seconds since 1970 (UTC, big-endian unsigned 32 bits: until 2106). They are
encrypted and authenticated with the answers, so nobody without the key can read or move
them.

Age: answers last written more than ``ANSWERS_IDLE_TIMEOUT`` seconds ago, or made more than
``ANSWERS_LIFETIME`` seconds ago, are read as expired, like a cookie no key reads: that
bounds what a copy of the cookie (a shared phone, a library PC) can show, also after
"start again", which cannot reach a copy. The cookie is still written only when it changes;
while the resident keeps using the site, "last written" is moved on at most every
``REFRESH_AFTER`` seconds, and "made" never moves (a key rotation keeps it too).

Keys: one key is derived (HKDF) from ``SECRET_KEY``, which encrypts; keys derived from
``SECRET_KEY_FALLBACKS`` (newest first, as in Flask) are still read, and a cookie read with
one of them is written again under the current key. A cookie that no key can read, or
whose content ``check`` refuses, or whose answers are too old, gives an empty session
marked ``unreadable``: the wizard then says once that the answers have expired.

The clock is the interface's ``clock`` (``time.time`` by default), so tests move time by
setting ``app.session_interface.clock`` instead of sleeping.
"""
from __future__ import annotations

import base64
import binascii
import json
import os
import struct
import time
from collections.abc import Callable, Sequence
from typing import NamedTuple

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import request
from flask.sessions import SecureCookieSession, SessionInterface

from ..caching import memoized
from .cookies import PREFIX

# Changing this label makes every existing cookie unreadable: only with a new format.
# (v1 was Fernet; v2 had no times, so its cookies never aged.)
KEY_INFO = b"hoken-wizard answers cookie v3"
NONCE_BYTES = 12
TAG_BYTES = 16
TIMES = struct.Struct(">II")  # made, last written: whole seconds since 1970 (UTC)
# "Last written" is moved on by writing the cookie again, which costs a seal and a
# Set-Cookie: at most this often (or at half the idle timeout, if that is shorter), so that
# reading a long result page is not cut off and most requests still write nothing.
REFRESH_AFTER = 5 * 60
# Instances' clocks may differ a little (NTP keeps them far closer): a cookie written up
# to this far in the future is read; one further ahead was not written by a sane clock.
CLOCK_SKEW = 60


def derive_key(secret: str | bytes) -> AESGCM:
    """A key of its own from a Flask secret, so the secret itself never encrypts."""
    raw = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO).derive(raw))


@memoized(maxsize=8)
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


class Opened(NamedTuple):
    """What a cookie holds."""

    data: object  # the JSON value
    made: int  # when it was first written (seconds since 1970)
    written: int  # when it was last written
    rotated: bool  # whether an older key was needed


def encode(data: dict, current: AESGCM, made: int | None = None, written: int | None = None) -> str:
    """The cookie for ``data``, made at ``made`` and written at ``written`` (both default
    to now; ``made`` to ``written``)."""
    if written is None:
        written = int(time.time())
    plain = TIMES.pack(written if made is None else made, written)
    return seal(plain + json.dumps(data, separators=(",", ":")).encode("utf-8"), current)


def decode(token: str, current: AESGCM, older: Sequence[AESGCM] = ()) -> Opened:
    """Raises ValueError for a cookie that cannot be read (its age is not checked here)."""
    plain, index = unseal(token, (current, *older))
    if len(plain) < TIMES.size:
        raise ValueError("no times")
    made, written = TIMES.unpack_from(plain)
    try:
        return Opened(json.loads(plain[TIMES.size:]), made, written, index > 0)
    except RecursionError as error:  # only we write this JSON, but a stolen key could not
        raise ValueError("too deeply nested") from error


def too_old(opened: Opened, now: int, idle: int, lifetime: int) -> bool:
    """Answers last written more than ``idle`` seconds ago or made more than ``lifetime``
    ago (or times no sane clock wrote: made after written, written in the future)."""
    return (now - opened.written > idle or now - opened.made > lifetime
            or opened.made > opened.written or opened.written > now + CLOCK_SKEW)


def holds_answers(data: dict) -> bool:
    """Whether a session holds anything a resident typed (not only the CSRF secret)."""
    return any(data.get(key) for key in ("answers", "household", "typing"))


class EncryptedSession(SecureCookieSession):
    #: a cookie came with the request but could not be read (or held what no page writes,
    #: or was too old)
    unreadable = False
    #: when the cookie read was first written (None: no cookie yet, the next one is new)
    made: int | None = None


class EncryptedSessionInterface(SessionInterface):
    session_class = EncryptedSession
    #: paths that never open the session: a health check must not decrypt or set cookies,
    #: and the JSON API takes everything in its body (docs/api.md), never from a cookie
    sessionless_paths = frozenset({"/healthz"})
    sessionless_prefixes = ("/api/",)

    def __init__(self, check: Callable[[dict], bool] = lambda data: True,
                 clock: Callable[[], float] = time.time):
        self.check = check  # the content a page could have written; anything else is unreadable
        self.clock = clock  # seconds since 1970; tests set their own

    def open_session(self, app, request):
        if (request.path in self.sessionless_paths or request.path.startswith(self.sessionless_prefixes)
                or not app.secret_key):
            return None  # Flask then uses a null session: nothing read, nothing written
        name = self.get_cookie_name(app)
        token, plain = request.cookies.get(name), None
        if not token and name.startswith(PREFIX):
            # Set under its plain name by a release before the prefix (web/cookies.py): read
            # once, written again under the prefix. One that does not open is not ours (a
            # parent domain's "session"): no answers, and nothing has expired.
            token = plain = request.cookies.get(name.removeprefix(PREFIX))
        if not token:
            return self.session_class()
        try:
            opened = decode(token, *app_keys(app))
        except ValueError:
            opened = None
        if plain is not None:
            if opened is None or not isinstance(opened.data, dict) or not self.check(opened.data):
                return self.session_class()
            opened = opened._replace(rotated=True)  # written again, under the prefixed name
        now = int(self.clock())
        idle = app.config["ANSWERS_IDLE_TIMEOUT"]
        aged = opened is not None and too_old(opened, now, idle, app.config["ANSWERS_LIFETIME"])
        if aged and opened is not None and isinstance(opened.data, dict) and not holds_answers(opened.data):
            # Only a form's secret (a start page opened, or answers already cleared): there
            # is nothing to say has expired. The old cookie is replaced.
            session = self.session_class()
            session.modified = True
            return session
        if opened is None or not isinstance(opened.data, dict) or aged or not self.check(opened.data):
            session = self.session_class()
            session.unreadable = True
            return session
        session = self.session_class(opened.data)
        session.made = opened.made
        # Written again under the current key, or to move "last written" on (keeping "made").
        session.modified = opened.rotated or now - opened.written >= min(REFRESH_AFTER, idle // 2)
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
        now = int(self.clock())
        made = now if session.made is None else session.made
        name = self.get_cookie_name(app)
        response.set_cookie(name, encode(dict(session), current, made, max(now, made)),
                            expires=self.get_expiration_time(app, session), **self.cookie_settings(app))
        if name.startswith(PREFIX) and name.removeprefix(PREFIX) in request.cookies:
            response.delete_cookie(name.removeprefix(PREFIX), **self.cookie_settings(app))  # moved
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
