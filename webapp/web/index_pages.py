"""The way to one's city (issue 31): the index (/) of the prefectures with cities here (or
of the cities themselves, where they are few), a prefecture's page of its cities, and the
search by name, all plain links and a GET form, without JavaScript. A city's own address
(/<city>/) is what cities put on their sites; these pages are for a resident who arrives
without it."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from markupsafe import Markup, escape

from ..cityindex import CityIndex
from ..furigana import ruby_read_as
from ..prefectures import BY_ID
from .forms import SearchForm
from .ruby import furigana_on

bp = Blueprint("cities", __name__)


def city_index() -> CityIndex:
    return current_app.extensions["city_index"]


@bp.app_template_filter("read_as")
def read_as(name: str, reading: str) -> Markup:
    """A name with its own reading over it where ふりがな is on (the page's ruby pass leaves
    a <ruby> as it is)."""
    return Markup(ruby_read_as(name, reading)) if furigana_on() else escape(name)


@bp.get("/")
def index():
    return render_template("index.html", index=city_index())


@bp.get("/prefecture/<prefecture_id>/")
def prefecture(prefecture_id: str):
    found = BY_ID.get(prefecture_id)
    if found not in city_index().prefectures:
        abort(404)  # no such prefecture, or none of its cities here
    return render_template("prefecture.html", prefecture=found, index=city_index())


@bp.get("/search")
def search():
    asked = "q" in request.args
    form = SearchForm(request.args if asked else None)
    found = city_index().search(form.q.data) if asked and form.validate() else None
    # The language links come back here with the query: a name is no answer of the resident's.
    return render_template("search.html", form=form, found=found, index=city_index(),
                           here=request.full_path if asked else None)
