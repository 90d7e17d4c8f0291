"""The result page as a resident reads it (issue 17), for every city file and every case
its preview covers (each group × every set of answers × this cycle and the next) in both
languages, rendered by the real page:

- the answer card comes first, and holds what to show at a clinic (in NHI), the one step
  to take now or that there is none, and the change at 75 when it falls in the cycle;
- no sentence is said twice on a page;
- each office's box is on the page once, and every link to an office finds its box;
- every section below the card is folded (a <details>), each with a heading;
- for the residents the card was measured with (tests/corpus.py, FIRST_SCREEN), in every
  language: the card's first row, its calendar button and its phone link; for a household
  of two, each person's rows, the step first (where the card lies on a phone:
  browser/test_answer_card.py).
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.conftest import Node, app_with_test_cities, build_app, parse_html, walk_household, walk_wizard
from tests.corpus import (
    CITY_FILES,
    FIRST_SCREEN,
    FIRST_SCREEN_AS_OF,
    HOUSEHOLD,
    HOUSEHOLD_CITY,
    PAGE_LANGS,
)
from webapp.citydata import load_national
from webapp.languages import base
from webapp.staff.preview import birth_dates
from webapp.staff.scenarios import answer_sets

NATIONAL = load_national()
# A sentence ends with 。 in Japanese, with . ! or ? and a space (or the end) in English.
SENTENCE_END = {"ja": re.compile(r"(?<=。)"), "en": re.compile(r"(?<=[.!?])\s+")}
ENDS = {"ja": ("。",), "en": (".", "!", "?")}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return app_with_test_cities(tmp_path_factory, WTF_CSRF_ENABLED=False)


def pages(app, city_id: str):
    """(case, lang, parsed result page) for every case of the city's preview."""
    city = app.extensions["loaded_data"].cities[city_id]
    calendar = city.calendar
    client = app.test_client()
    for year in (min(calendar.documented), max(calendar.documented) + 1):
        as_of = calendar.cycle_of_year(year).start
        app.config["AS_OF"] = as_of
        ages = NATIONAL.ages.on(as_of)
        for group, born in birth_dates(as_of, ages.cost_share, ages.late_elderly):
            for raw in answer_sets(born, as_of, NATIONAL):
                for lang in PAGE_LANGS:
                    client.set_cookie("lang", lang)
                    client.set_cookie("furigana", "off")  # the words alone (ruby: test_furigana)
                    with client.session_transaction() as session:
                        session["answers"] = {city_id: raw}
                    response = client.get(f"/{city_id}/result")
                    assert response.status_code == 200, (city_id, as_of, raw)
                    name = f"{as_of}, {group}, {lang}: {raw}"
                    yield name, lang, parse_html(response.get_data(as_text=True))


def classes(node: Node) -> list[str]:
    return (node.attrs.get("class") or "").split()


def within(node: Node, class_: str) -> bool:
    while node is not None:
        if class_ in classes(node):
            return True
        node = node.parent
    return False


BLOCKS = ("p", "li", "dd", "dt", "h1", "h2", "h3")


def sentences(page: Node, lang: str) -> list[str]:
    """Every sentence the page's main part says, in reading order (the printed header,
    which repeats the as-of line for paper, aside)."""
    main = page.find("main")
    found = []
    for block in main.iter():
        if block.tag not in BLOCKS or within(block, "print-only"):
            continue
        if any(child.tag in ("p", "li", "dd", "ul", "ol", "dl") for child in block.iter()):
            continue  # only the innermost blocks: each text once
        # Sentences only: a heading or an office's name may stand twice (a step's title in
        # the card and over its details), a statement not. In やさしい日本語 a statement is
        # several short sentences, and one may close several statements (「国民健康保険課
        # （山形市役所）に聞いてください。」): there, each statement whole.
        parts = [block.text] if lang == "ja-easy" else SENTENCE_END[base(lang)].split(block.text)
        found += [part.strip() for part in parts if part.strip().endswith(ENDS[base(lang)])]
    return found


def assert_card_first(name: str, page: Node) -> None:
    main = page.find("main")
    tops = [child for child in main.children if isinstance(child, Node) and not within(child, "print-only")]
    # The back link, the heading, then the card.
    assert [child.tag for child in tops[:3]] == ["p", "h1", "section"], (name, tops[:3])
    card = tops[2]
    assert "answer-card" in classes(card), name
    rows = [classes(row)[1] for row in card.find_all("div", class_="card-row")]
    if main.find(id="papers"):
        assert "card-clinic" in rows and "card-step" in rows, (name, rows)
    else:
        assert rows == ["card-change"], (name, rows)
    # Below the card, every section is folded and headed.
    for section in main.find_all("details"):
        assert section.find("summary").find("h2"), name
    assert [section for section in main.find_all("section") if section is not card] == [], name


@pytest.mark.parametrize("path", CITY_FILES, ids=lambda path: path.stem)
def test_every_result_page_leads_with_the_card_and_says_each_thing_once(app, path):
    checked = 0
    for name, lang, page in pages(app, path.stem):
        said = Counter(sentences(page, lang))
        twice = [text for text, count in said.items() if count > 1]
        assert not twice, (name, twice)
        boxes = Counter(box.attrs["id"] for box in page.find_all("div", class_="office"))
        assert all(count == 1 for count in boxes.values()), (name, boxes)
        for link in page.find_all("a"):
            if link.attrs.get("href", "").startswith("#office-"):
                assert link.attrs["href"][1:] in boxes, (name, link.text)
        assert_card_first(name, page)
        checked += 1
    assert checked >= 100


# --- the answer card of the residents it was measured with --------------------------------------

@pytest.fixture(scope="module")
def card_app():
    return build_app(AS_OF=FIRST_SCREEN_AS_OF, WTF_CSRF_ENABLED=False)


def card_of(client, path: str) -> Node:
    response = client.get(path)
    assert response.status_code == 200, path
    main = parse_html(response.get_data(as_text=True)).find("main")
    heading = main.find("h1")
    card = main.find("section", class_="answer-card")
    siblings = [child for child in heading.parent.children if isinstance(child, Node)]
    assert siblings[siblings.index(heading) + 1] is card, "the card comes right after the heading"
    return card


@pytest.mark.parametrize("lang", PAGE_LANGS)
@pytest.mark.parametrize("name", FIRST_SCREEN)
def test_the_answer_card_leads_with_what_the_resident_needs_first(card_app, name, lang):
    city, answers, first, calendar, phone = FIRST_SCREEN[name]
    client = card_app.test_client()
    client.set_cookie("lang", lang)
    walk_wizard(client, city, answers)
    card = card_of(client, f"/{city}/result")
    rows = [classes(row)[1] for row in card.find_all("div", class_="card-row")]
    assert rows[0] == f"card-{first}", rows
    button = card.find(class_="card-calendar")
    assert (button is not None and button.find("a") is not None) == calendar
    links = [link.attrs.get("href", "") for link in card.find_all("a")]
    assert any(href.startswith("tel:") for href in links) == phone, links


@pytest.mark.parametrize("lang", PAGE_LANGS)
def test_a_households_card_gives_each_person_the_step_first(card_app, lang):
    client = card_app.test_client()
    client.set_cookie("lang", lang)
    walk_household(client, HOUSEHOLD_CITY, HOUSEHOLD)
    card = card_of(client, f"/{HOUSEHOLD_CITY}/household/result")
    assert len(card.find_all(class_="card-person")) == 2
    # Each person: the step alone (issue 27: with what to show at a clinic, a household of
    # three ran past a phone's first screen).
    rows = [classes(row)[1] for row in card.find_all("div", class_="card-row")]
    assert rows == ["card-step"] * 2, rows
    # What to show at a clinic, as one person's own card says it, leads that person's part.
    page = parse_html(client.get(f"/{HOUSEHOLD_CITY}/household/result").get_data(as_text=True))
    for number, answers in enumerate(HOUSEHOLD, start=1):
        alone = card_app.test_client()
        alone.set_cookie("lang", lang)
        walk_wizard(alone, HOUSEHOLD_CITY, answers)
        clinic = card_of(alone, f"/{HOUSEHOLD_CITY}/result").find("div", class_="card-clinic").find("dd")
        said = ["".join(p.text.split()) for p in clinic.find_all("p")]
        part = page.find(id=f"person-{number}")
        for gloss in part.find_all("span", class_="gloss"):  # やさしい日本語 glosses a term once, not on the card
            gloss.children.clear()
        assert said and ["".join(p.text.split()) for p in part.find_all("p")][:len(said)] == said, (number, said)


@pytest.mark.parametrize("lang", PAGE_LANGS)
def test_a_day_in_a_sentence_is_kept_whole(card_app, lang):
    """Issue 27: 「令和9年4月／20日」 broke across two lines. Each day a statement writes is
    in a span.date (nowrap), whether the page was built for its shape (the day written in
    afterwards) or not; an era's date and its 西暦 in brackets are two spans."""
    city, answers, *_ = FIRST_SCREEN["turning 75 this spring"]
    client = card_app.test_client()
    client.set_cookie("lang", lang)
    client.set_cookie("furigana", "off")  # the words alone (with ruby, the span holds it too)
    walk_wizard(client, city, answers)
    page = client.get(f"/{city}/result").get_data(as_text=True)
    card = page[page.index('<section class="answer-card"'):page.index("</section>")]
    days = re.findall(r'<span class="date">([^<]*)</span>', card)
    assert ("20 April 2026" if lang == "en" else "令和8年4月20日") in days, days
    pattern = (r"\d{1,2} [A-Z][a-z]+ \d{4}" if lang == "en" else
               r"(?:令和|平成|昭和)(?:元|\d{1,2})年\d{1,2}月\d{1,2}日|（\d{4}年\d{1,2}月\d{1,2}日）")
    assert all(re.fullmatch(pattern, day) for day in days), days


@pytest.mark.parametrize("lang", PAGE_LANGS)
def test_the_national_rules_are_a_list(card_app, lang):
    """Issue 28: 「国の決まり（日本全国で同じ）：…、…」 was one sentence of 260 characters and
    more. Each rule the answer uses is an item of its own under that heading."""
    city, answers, *_ = FIRST_SCREEN["turning 75 this spring"]
    client = card_app.test_client()
    client.set_cookie("lang", lang)
    client.set_cookie("furigana", "off")
    walk_wizard(client, city, answers)
    page = parse_html(client.get(f"/{city}/result").get_data(as_text=True))
    rules = page.find(id="sources").find("ul", class_="rules")
    items = [item.text for item in rules.find_all("li")]
    assert len(items) >= 3, items
    titles = {" ".join(str(rule.title[lang]).split()) for rule in load_national().rules.values()}
    assert set(items) <= titles, set(items) - titles
    heading = rules.parent.text.split(items[0])[0].strip()  # 国の決まり（日本全国で同じ）, and no rule
    assert heading and not any(title in heading for title in titles), heading
