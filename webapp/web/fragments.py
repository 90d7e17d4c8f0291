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
from jinja2 import pass_context
from markupsafe import Markup

from ..present import kept


@pass_context
def kept_html(context, *key: Hashable, caller: Callable[[], Markup]) -> Markup:
    if not current_app.config["KEEP_RENDERED"]:
        return caller()
    full = ("html", context["current_lang"], *key)
    city = g.get("city")
    if city is not None:
        return kept(city, full, caller)
    # A page of no city (the list of cities, the accessibility policy): kept with the app.
    store = current_app.extensions["kept_html"]
    try:
        return store[full]
    except KeyError:
        html = store[full] = caller()
        return html


def init_app(app: Flask) -> None:
    app.config.setdefault("KEEP_RENDERED", True)
    app.extensions["kept_html"] = {}
    app.jinja_env.globals["kept_html"] = kept_html
