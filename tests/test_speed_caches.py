"""What is kept for speed (issue 8) changes no answer and no page.

``present.kept`` keeps, per city, the date-free half of a view for each language and
situation, and ``web/fragments.py`` keeps the HTML of a result's date-free sections. A key
that missed something those parts read would show one resident another's text. So every
answer below is built twice: once with nothing kept, and once after the answers before it
were kept, in a shuffled order; the API answers and the result pages must be identical.
"""
from __future__ import annotations

import itertools
import random
import re

import pytest

from tests.test_trust import BIRTHS, CITIES, LANGS, SITUATIONS

AS_OF = ("2025-09-15", "2026-11-23")

# The wizard's form of each situation (test_trust's are the API's).
WIZARD = {
    kind: {"my_number_card": situation["my_number_card"],
           "insurance_registration": situation.get("insurance_registration"),
           **{name: "yes" if situation.get(name) else "no"
              for name in ("restricted_view", "care_need", "employer_insurance", "wants_deregistration")}}
    for kind, situation in SITUATIONS.items()
}


CSRF_TOKEN = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+"')


def page_text(response) -> str:
    """The page, its CSRF token aside (signed with the time, so it changes by the second)."""
    return CSRF_TOKEN.sub(r'\1…"', response.get_data(as_text=True))


def forget(app) -> None:
    for city in app.extensions["hoken"]["cities"].values():
        city.memo.clear()


def test_every_api_answer_is_the_same_with_nothing_kept(make_app):
    app = make_app()
    client = app.test_client()
    bodies = [dict(situation, birth_date=birth, as_of=as_of, lang=lang, _city=city)
              for city, lang, as_of, situation, birth
              in itertools.product(CITIES, LANGS, AS_OF, SITUATIONS.values(), BIRTHS)]
    random.Random(8).shuffle(bodies)

    def answer(body):
        body = dict(body)
        response = client.post(f"/api/v1/{body.pop('_city')}/outcome", json=body)
        assert response.status_code == 200
        return response.get_json()

    kept = [answer(body) for body in bodies]
    assert any(city.memo for city in app.extensions["hoken"]["cities"].values())
    for body, with_kept in zip(bodies, kept, strict=True):
        forget(app)
        assert answer(body) == with_kept, body


@pytest.mark.parametrize("as_of", AS_OF)
def test_every_result_page_is_the_same_with_nothing_kept(make_app, walk, as_of):
    keeping = make_app(AS_OF=as_of, WTF_CSRF_ENABLED=False)
    reference = make_app(AS_OF=as_of, WTF_CSRF_ENABLED=False, KEEP_RENDERED=False)
    cases = list(itertools.product(CITIES, LANGS, WIZARD, BIRTHS[:3]))
    random.Random(as_of).shuffle(cases)
    kinds = set()
    for city, lang, kind, birth in cases:
        client = keeping.test_client()
        client.set_cookie("lang", lang)
        walk(client, city, dict(WIZARD[kind], birth_date=birth), start=False)
        page = client.get(f"/{city}/result")
        assert page.status_code == 200

        other = reference.test_client()
        other.set_cookie("lang", lang)
        other.set_cookie("session", client.get_cookie("session").value)
        forget(reference)
        fresh = other.get(f"/{city}/result")
        assert fresh.status_code == 200
        assert page_text(page) == page_text(fresh), (city, lang, kind, birth)
        kinds.add(kind)
    assert kinds == set(WIZARD)
    # The kept HTML was used: one entry per city, language and situation, not per resident.
    kept_html = [key for city in keeping.extensions["hoken"]["cities"].values()
                 for key in city.memo if key[0] == "html" and key[2] == "result"]
    assert kept_html and len(kept_html) < len(cases) / 2


def test_every_page_is_the_same_with_nothing_kept(make_app, walk):
    """The chrome (head, header, footer) and the start page's fixed parts are kept per city
    and language: each page, in each city and language, equals the page built afresh."""
    keeping = make_app(WTF_CSRF_ENABLED=False)
    reference = make_app(WTF_CSRF_ENABLED=False, KEEP_RENDERED=False)
    cases = list(itertools.product(CITIES, LANGS))
    random.Random(1).shuffle(cases)
    for city, lang in cases:
        client = keeping.test_client()
        client.set_cookie("lang", lang)
        walk(client, city, dict(WIZARD["unknown"], birth_date="1956-03-15"), start=False)
        other = reference.test_client()
        other.set_cookie("lang", lang)
        other.set_cookie("session", client.get_cookie("session").value)
        pages = ["/", "/accessibility", f"/{city}/", f"/{city}/check", f"/{city}/result",
                 *(f"/{city}/q/{step}" for step in ("birth_date", "my_number_card", "care_need"))]
        for path in pages:
            page, fresh = client.get(path), other.get(path)
            assert page.status_code == fresh.status_code == 200, path
            assert page_text(page) == page_text(fresh), (city, lang, path)
