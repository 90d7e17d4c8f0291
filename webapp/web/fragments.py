"""Parts of pages the same for every resident, rendered once (webapp/caching.py keeps them):
a result's date-free sections for one situation (what to do, seeing a doctor, こんなときは,
the contacts and sources), the page chrome, the start page's fixed texts, and page links (``page_url``).
A resident's own dates, answers and CSRF token are never in them.

In a template::

    {% call cached_html("result", situation) %}…{% endcall %}

The key must name everything the block reads besides the template, the city and the
language (all three always part of the key); tests/test_speed_caches.py builds every page
and every result of the trust corpus with and without caching and compares them.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import Flask, g, request, url_for
from flask_babel import gettext
from jinja2 import pass_context
from markupsafe import Markup

from ..caching import same_for_all, same_for_shape
from ..i18n import current_lang
from ..present.labels import BASIS_TAGS
from ..present.statement import NOTHING, Statement, attribute
from ..present.wording import CITY, municipal


@pass_context
def cached_html(context, *key: Hashable, caller: Callable[[], Markup]) -> Markup:
    city = g.get("city")
    return same_for_all("html", city.id if city is not None else None, context["current_lang"],
                        context.name, *key, build=caller)


@pass_context
def cached_shape_html(context, *key: Hashable, caller: Callable[[], Markup]) -> Markup:
    """As ``cached_html``, for a block kept per shape (webapp/present/shape.py), whose days
    are placeholders the view writes once the page is built."""
    return same_for_shape("shaped-html", g.city.id, context["current_lang"], context.name, *key, build=caller)


def page_url(endpoint: str, **values) -> str:
    """A page's link, as Flask's url_for builds it, kept per address. Templates (which have
    Flask's own url_for as well) and the views pass only values that are path parts from
    finite sets (a city, a question, a household row number, a language); a query string is
    written after the link (base.html's language switch adds ?next= itself)."""
    if endpoint.startswith("."):
        endpoint = f"{request.blueprint}{endpoint}"
    return same_for_all("url", None, "", request.script_root, endpoint, *sorted(values.items()),
                        build=lambda: url_for(endpoint, **values))


def kind_tag(text: object) -> Markup:
    """After a statement a resident reads: 「全国共通のきまり」 for a national rule, 「見込み」
    for a projected date (RULES: a projection is marked where it is shown); nothing else."""
    if not isinstance(text, Statement) or text.kind not in BASIS_TAGS:
        return NOTHING
    # A catalog's label, the same for every page: found once per language, not a gettext
    # for each statement of each page.
    return same_for_all("basis-tag", None, current_lang(), text.kind, build=lambda: Markup(
        ' <span class="basis-tag">%s</span>') % gettext(BASIS_TAGS[text.kind]))


def for_municipality(text: str) -> str:
    """One of the app's messages about "the city" (a template's), said for the page's town,
    village or ward (present/wording.py); as it is on a page of no city or of a city."""
    city = g.get("city")
    if city is None or city.municipality == CITY:
        return text
    return municipal(text, city.municipality, current_lang())


def init_app(app: Flask) -> None:
    app.jinja_env.filters["kind_tag"] = kind_tag
    app.jinja_env.filters["municipal"] = for_municipality
    # The provenance view (config PROVENANCE): `<p{{ line|basis }}>` writes a statement's
    # basis, `<h2{{ ui }}>` marks the app's own words; both write nothing when it is off.
    provenance = app.config["PROVENANCE"]
    app.jinja_env.filters["basis"] = attribute if provenance else lambda text: NOTHING
    app.jinja_env.globals["ui"] = Markup(' data-basis="ui"') if provenance else NOTHING
    app.jinja_env.globals["cached_html"] = cached_html
    app.jinja_env.globals["cached_shape_html"] = cached_shape_html
    app.jinja_env.globals["page_url"] = page_url
