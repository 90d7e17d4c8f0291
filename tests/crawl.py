"""Every page a crawl reaches, for the tests that read every page's text (issue 28: readings,
private-use characters, glosses).

For one city, one year and one reading: the site's own pages, the city's start page, each
question as first shown and with its error, and the check page and the result of every case
the staff preview shows for that year (webapp/staff/preview.py: each group of residents
by age, with every set of answers the wizard can collect); then the pages of a household
of eight. The answers are put in the session as the pages leave them (no walk page by page),
so a crawl of one city's year in one reading takes a few seconds.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cache

from tests.conftest import build_app, walk_household
from tests.corpus import HOUSEHOLD_OF_FOUR
from webapp import flow
from webapp.citydata import loaded
from webapp.questions import NOT_ANSWERED, USUAL
from webapp.staff.preview import birth_dates
from webapp.staff.scenarios import answer_sets

# The two years the preview shows: the documented one and the next (projected).
YEARS = {"documented": date(2025, 8, 1), "projected": date(2026, 8, 1)}
SITE_PAGES = ("/", "/accessibility", "/no/such/page")


@cache
def _app(as_of: date):
    return build_app(AS_OF=as_of.isoformat(), WTF_CSRF_ENABLED=False)


def _groups(app, as_of: date) -> list[tuple[str, date]]:
    with app.app_context():
        ages = loaded().national.ages.on(as_of)
    return birth_dates(as_of, ages.cost_share, ages.late_elderly)


def _cases(app, as_of: date) -> list[dict[str, str]]:
    with app.app_context():
        national = loaded().national
    return [raw for _, born in _groups(app, as_of) for raw in answer_sets(born, as_of, national)]


def _answered(client, city: str, raw: dict[str, str]) -> None:
    with client.session_transaction() as session:
        session["answers"] = {city: raw}


def pages(city: str, year: str, lang: str, furigana: bool = True) -> Iterator[tuple[str, str]]:
    """(what the page is, its HTML) for each page of the crawl."""
    as_of = YEARS[year]
    app = _app(as_of)
    client = app.test_client()
    client.set_cookie("lang", lang)
    client.set_cookie("furigana", "on" if furigana else "off")
    for path in (*SITE_PAGES, f"/{city}/"):
        yield path, client.get(path).get_data(as_text=True)
    with app.app_context():
        ages = loaded().national.ages
    asked: set[str] = set()
    for raw in _cases(app, as_of):
        # An optional question the case leaves out is stored as the pages store it: not answered.
        raw = {**{step: NOT_ANSWERED for step in flow.Route(raw, as_of, ages).steps}, **raw}
        for step in flow.Route(raw, as_of, ages).steps:
            if step in asked:
                continue
            asked.add(step)
            _answered(client, city, raw)
            yield f"/{city}/q/{step}", client.get(f"/{city}/q/{step}").get_data(as_text=True)
            # Nothing typed (the birth date) or a value no choice has (an optional question
            # takes nothing as "not answered"): the page again, with its error.
            forged = {} if step == "birth_date" else {"answer": "forged"}
            yield f"/{city}/q/{step} (error)", client.post(f"/{city}/q/{step}", data=forged).get_data(as_text=True)
        _answered(client, city, raw)
        name = ", ".join(f"{key}={value}" for key, value in raw.items())
        yield f"/{city}/check ({name})", client.get(f"/{city}/check").get_data(as_text=True)
        yield f"/{city}/result ({name})", client.get(f"/{city}/result").get_data(as_text=True)
    # A household of eight, the most there may be: one resident of each of the preview's
    # groups, with the usual answers, and two whose cards differ (tests/corpus.py).
    client.delete_cookie("session")
    people = [dict(USUAL, birth_date=born.isoformat()) for _, born in _groups(app, as_of)]
    walk_household(client, city, (*people, *HOUSEHOLD_OF_FOUR[2:]), last="check")
    for path in (f"/{city}/household", f"/{city}/household/result"):
        yield path, client.get(path).get_data(as_text=True)
