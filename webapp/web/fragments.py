"""Parts of a page rendered once and kept: the sections of a result that are the same for
everyone in one situation (what to do, seeing a doctor, こんなときは, the contacts). They
were most of a result page's rendering time.

In a template::

    {% call kept_html("result-common", situation) %}…{% endcall %}

The key must name everything the block reads besides the city and the language (both
always part of the key); tests/test_speed_caches.py renders every situation with and
without the kept parts and compares the pages.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import Flask, current_app, g
from markupsafe import Markup

from ..i18n import current_lang
from ..present import kept


def kept_html(*key: Hashable, caller: Callable[[], Markup]) -> Markup:
    if not current_app.config["KEEP_RENDERED"]:
        return caller()
    return kept(g.city, ("html", current_lang(), *key), caller)


def init_app(app: Flask) -> None:
    app.config.setdefault("KEEP_RENDERED", True)
    app.jinja_env.globals["kept_html"] = kept_html
