"""Parts of pages rendered once and kept, because they are the same for every resident:
a result's date-free sections for one situation (what to do, seeing a doctor, こんなときは,
the contacts and sources), the page chrome, the start page's fixed texts, and page links.
They were most of a page's rendering time. A resident's own dates, answers and CSRF token
are never kept.

In a template::

    {% call kept_html("result", situation) %}…{% endcall %}

The key must name everything the block reads besides the city and the language (both
always part of the key); tests/test_speed_caches.py builds every page and every result of
the trust corpus with and without the kept parts and compares them. ``KEEP_RENDERED =
False`` turns keeping off.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import Flask, current_app, g, request, url_for
from jinja2 import pass_context
from markupsafe import Markup

from ..present import kept


@pass_context
def kept_html(context, *key: Hashable, caller: Callable[[], Markup]) -> Markup:
    if not current_app.config["KEEP_RENDERED"]:
        return caller()
    full = ("html", context["current_lang"], *key)
    city = g.get("city")
    # A page of no city (the list of cities, the accessibility policy) keeps with the app.
    return kept(city.memo if city is not None else current_app.extensions["kept_html"], full, caller)


# A page's links, built once: url_for took ~10 µs a call, and the check page has eleven.
# Templates and the views pass only values that are path parts from finite sets (a city, a
# question, a household row number up to the limit, a language); a query string is written
# after the link (base.html's language switch adds ?next= itself).
KEPT_URLS_LIMIT = 2000


def kept_url_for(endpoint: str, **values) -> str:
    if endpoint.startswith("."):
        endpoint = f"{request.blueprint}{endpoint}"
    if not current_app.config["KEEP_RENDERED"]:
        return url_for(endpoint, **values)
    store = current_app.extensions["kept_urls"]
    key = (request.script_root, endpoint, *sorted(values.items()))
    try:
        return store[key]
    except KeyError:
        url = url_for(endpoint, **values)
        if len(store) < KEPT_URLS_LIMIT:
            store[key] = url
        return url


def init_app(app: Flask) -> None:
    app.config.setdefault("KEEP_RENDERED", True)
    app.extensions["kept_html"] = {}
    app.extensions["kept_urls"] = {}
    app.jinja_env.globals["kept_html"] = kept_html
    # Templates' url_for: Flask's own, kept per address.
    app.jinja_env.globals["url_for"] = kept_url_for
