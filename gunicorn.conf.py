"""Gunicorn settings for production (`make serve`), read from the environment.

    GUNICORN_BIND        where to listen (default 127.0.0.1:8000; a comma list binds several)
    WEB_CONCURRENCY      worker processes (default: 2 per CPU + 1)
    GUNICORN_THREADS     threads per worker (default 1: the pages are CPU-bound, and
                         threads only raised p99 in our measurements; >1 switches to gthread)
    GUNICORN_ACCESSLOG   access log file, "-" for stdout (default), "" for none
    GUNICORN_PIDFILE     where the master writes its process id (default: none), for
                         the graceful restart `kill -TERM` and the reload `kill -HUP`
    FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-Proto gunicorn believes (default: none;
                         the app's own proxy setting decides the rest)
"""
import gc
import multiprocessing
import os
import re

from gunicorn.glogging import Logger

bind = [part.strip() for part in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)

# A resident's request is a few milliseconds; anything near 30 s is stuck.
timeout = 30
graceful_timeout = 30
keepalive = 5  # behind nginx; long enough to reuse a connection, short enough to free workers

# Our URLs are short; the cookie is at most ~4 KB. Refuse anything far larger early.
limit_request_line = 2048
limit_request_fields = 50
limit_request_field_size = 8190

# Trust no proxy headers unless the operator names the proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")

accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
# Path only (%(U)s), never %(r)s or %(q)s: a query string may hold what a resident typed.
# No referrer either, for the same reason.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
errorlog = "-"
pidfile = os.environ.get("GUNICORN_PIDFILE") or None

# Everything but printable ASCII, and the quote and backslash the format itself uses.
UNSAFE = re.compile(r'[^\x20-\x7e]|["\\]')


def escaped(value: str) -> str:
    """As nginx writes its access log: \\x0A for a newline, \\x22 for a quote. The path is
    logged decoded (%0a arrives as a newline), so without this one request could write a
    line that looks like another's."""
    return UNSAFE.sub(lambda found: f"\\x{ord(found[0]):02X}", value)


# gunicorn's warning about a request it refuses (a bare 400): "Invalid request from ip=…: "
# and the error, which quotes what it could not read: the request line, query string and all.
REFUSED = re.compile(r"(Invalid request from ip=\S*: [^:'\"]*)")


def refused(message: str) -> str:
    """The warning about a refused request, with the error's kind and without what it quotes:
    "Invalid request from ip=127.0.0.1: Invalid HTTP request line"."""
    found = REFUSED.match(message)
    return found[1].rstrip() if found else message


class PrivateLogger(Logger):
    """gunicorn's logger, keeping out of its logs what a resident may have typed into an
    address: every text field of an access-log line escaped, and in the error log no request
    line (a refused request's warning) and no query string (a failed request's path)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: escaped(value) if isinstance(value, str) else value for key, value in atoms.items()}

    def warning(self, msg, *args, **kwargs):
        super().warning(refused(msg) if isinstance(msg, str) else msg, *args, **kwargs)

    def exception(self, msg, *args, **kwargs):
        # "Error handling request %s %s", its method and URI: the path only.
        args = tuple(escaped(arg.partition("?")[0]) if isinstance(arg, str) else arg for arg in args)
        super().exception(msg, *args, **kwargs)


logger_class = PrivateLogger


def post_worker_init(worker):
    """Once the app is loaded: its objects (city data, templates, translations) live as
    long as the worker, so the garbage collector stops scanning them on every full pass.
    The ふりがな analyser is loaded first (its dictionary is mapped from disk, shared by
    the workers), so no resident's page waits for it."""
    from webapp import furigana
    furigana.reading("資格確認書")
    gc.collect()
    gc.freeze()


# Gunicorn always sends "Server: gunicorn" (no setting removes it); the nginx in front
# replaces it (see deploy/nginx/hoken.conf), so the app is never exposed without a proxy.

# Gunicorn ≥ 25.1 opens a control socket at one fixed path per user, which a second
# instance on the same machine would take over. Opt in with GUNICORN_CONTROL_SOCKET.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
if not control_socket:
    del control_socket
