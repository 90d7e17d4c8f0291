"""The wizard through the Flask test client: every page, every outcome kind, the back and
change links, bad input, CSRF, privacy, security headers and start-up checks.

Pages are read in English (lang cookie) so that assertions use the source strings. The
app's AS_OF is 2025-08-01, so expected dates follow docs/rules.md for the 2025 cycle.

The walks name the questions of tests/expected.STEPS; a question added since (docs/adding.md)
has its own tests: here it gets its usual answer (questions.USUAL) and is expected where
its definition in questions.QUESTIONS puts it, so that adding one breaks only those tests.
"""
import logging
from urllib.parse import urlsplit

import pytest

from tests.corpus import CITIES
from tests.expected import ACTION_TITLES, STEPS
from webapp import create_app
from webapp.questions import NAMES, NOT_ANSWERED, QUESTIONS, USUAL

BOTH = pytest.mark.parametrize("city", CITIES)
CYCLE_END = "31 July 2026"
NO_EXPIRY = "no expiry"
# Each paper's "Valid" line, under 70 in the 2025 cycle. Shiroishi's 2025 papers start on
# 2025-10-01 (old cards valid to 2025-09-30); Yamagata's flyer gives no start date, and says
# nothing of a certificate's expiry.
VALID = {
    ("yamagata", "Notice of insurance qualification"): "Valid No expiry date",
    ("yamagata", "Eligibility certificate"): "Valid The city's guide does not say until when",
    ("shiroishi", "Notice of insurance qualification"): "Valid From 1 October 2025; no expiry date",
    ("shiroishi", "Eligibility certificate"): "Valid From 1 October 2025 until 31 July 2026",
}

NOTICE = "Notice of insurance qualification"
CERTIFICATE = "Eligibility certificate"

BORN = "1980-05-10"  # under 70 all cycle
ALL_NO = dict(USUAL, birth_date=BORN, my_number_card="held", insurance_registration="registered",
              restricted_view="no", care_need="no", employer_insurance="no",
              wants_deregistration="no")

# The questions added since tests/expected.STEPS was written (none until one is added).
ADDED = tuple(question for question in QUESTIONS if question.name not in STEPS)


def answer_for(answers, step):
    """The answer a walk posts: the one named, or the question's usual answer."""
    return answers[step] if step in answers else USUAL[step]


def with_added(asked, answers):
    """``asked`` (questions of STEPS, in the order a walk meets them) with the added questions
    these answers ask (their own ``applies``, the usual answers where none is named), each
    after the question before it in questions.QUESTIONS. 75+ (only the birth date) asks none."""
    steps = list(asked)
    if steps == ["birth_date"]:
        return steps
    raw = {**USUAL, **{step: NOT_ANSWERED if value is None else value
                       for step, value in answers.items()}}
    for question in ADDED:
        if question.applies(raw):
            before = [step for step in NAMES[:NAMES.index(question.name)] if step in steps]
            steps.insert(steps.index(before[-1]) + 1 if before else 0, question.name)
    return steps


def main_text(page) -> str:
    main = page.find("main")
    assert main is not None
    return main.text


def papers(page):
    """The text of each paper on the result page, in order."""
    return [li.text for li in page.find_all("li", class_="paper")]


def back_href(page):
    link = page.find("a", class_="back-link")
    return link.attrs["href"] if link else None


def checked_value(page, name):
    values = [i.attrs["value"] for i in page.find_all("input", name=name) if "checked" in i.attrs]
    assert len(values) <= 1
    return values[0] if values else None


def input_value(page, name):
    node = page.find("input", name=name)
    assert node is not None, name
    return node.attrs.get("value", "")


# --- every page -----------------------------------------------------------------------------

@BOTH
def test_every_page_is_reachable(client, walk, html, city):
    assert client.get("/").status_code == 200
    index = html(client.get("/"))
    assert f"/{city}/" in [a.attrs.get("href") for a in index.find_all("a")]
    result = walk(client, city, ALL_NO)
    assert result.visited == with_added(STEPS, ALL_NO)  # all 7 questions asked (and any added)
    for step in result.visited:
        assert client.get(f"/{city}/q/{step}").status_code == 200, step
    assert client.get(f"/{city}/check").status_code == 200
    assert client.get(f"/{city}/result").status_code == 200
    assert client.get("/accessibility").status_code == 200


@pytest.mark.parametrize("url", ["/nowhere/", "/yamagata/q/nothing", "/yamagata/nothing",
                                 "/nowhere/q/birth_date", "/language/fr"])
def test_not_found_is_a_friendly_page(client, html, url):
    response = client.get(url)
    assert response.status_code == 404
    page = html(response)
    assert page.find("h1") is not None
    assert "Traceback" not in response.get_data(as_text=True)


@BOTH
def test_questions_cannot_be_skipped(client, city):
    response = client.get(f"/{city}/q/care_need")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/{city}/q/birth_date"
    for page in ("check", "result"):
        response = client.get(f"/{city}/{page}")
        assert response.status_code == 302
        assert response.headers["Location"] == f"/{city}/q/birth_date"


@BOTH
def test_start_page_continues_where_you_left(client, html, post_answer, city):
    page = html(client.get(f"/{city}/"))
    assert f"/{city}/q/birth_date" in [a.attrs.get("href") for a in page.find_all("a")]
    post_answer(client, city, "birth_date", BORN)
    page = html(client.get(f"/{city}/"))
    assert f"/{city}/q/my_number_card" in [a.attrs.get("href") for a in page.find_all("a")]


def test_answers_are_kept_per_city(client, walk, post_answer):
    walk(client, "yamagata", dict(ALL_NO, my_number_card="none"))
    assert client.get("/shiroishi/check").headers["Location"] == "/shiroishi/q/birth_date"
    assert client.get("/yamagata/check").status_code == 200


def test_restart_forgets_the_answers(client, walk):
    walk(client, "yamagata", dict(ALL_NO, my_number_card="none"))
    response = client.post("/yamagata/restart")
    assert response.status_code == 302
    assert client.get("/yamagata/check").headers["Location"] == "/yamagata/q/birth_date"


# --- every outcome kind -------------------------------------------------------------------

SHORT = ["birth_date", "my_number_card", "employer_insurance"]
WITH_REG = ["birth_date", "my_number_card", "insurance_registration", "employer_insurance"]
ALL = list(STEPS)
NO_CARE = [s for s in ALL if s != "care_need"]

# name: (answers changed from ALL_NO, questions asked, [(paper, expires)], actions)
OUTCOMES = {
    "no_card": (dict(my_number_card="none"), SHORT, [(CERTIFICATE, CYCLE_END)], []),
    "not_registered": (dict(insurance_registration="not_registered"), WITH_REG,
                       [(CERTIFICATE, CYCLE_END)], ["register_card"]),
    "unknown": (dict(insurance_registration="unknown"), ALL,
                [(NOTICE, NO_EXPIRY), (CERTIFICATE, CYCLE_END)], ["check_registration"]),
    "registered": ({}, ALL, [(NOTICE, NO_EXPIRY)], []),
    "restricted_not_answered": (dict(restricted_view=None), ALL,
                                [(NOTICE, NO_EXPIRY)], []),
    "restricted": (dict(restricted_view="yes"), NO_CARE, [(CERTIFICATE, CYCLE_END)], []),
    "care_need": (dict(care_need="yes"), ALL, [(NOTICE, NO_EXPIRY)],
                  ["apply_certificate"]),
    # Only Shiroishi's page lists a lost card as a reason to apply for a certificate.
    "lost_card": (dict(my_number_card="lost"), ALL, [(NOTICE, NO_EXPIRY)],
                  {"shiroishi": ["apply_certificate", "replace_card"],
                   "yamagata": ["ask_without_card", "replace_card"]}),
    "lost_card_not_registered": (dict(my_number_card="lost",
                                      insurance_registration="not_registered"),
                                 WITH_REG, [(CERTIFICATE, CYCLE_END)], ["replace_card"]),
    "employer": (dict(employer_insurance="yes"), ALL, [(NOTICE, NO_EXPIRY)],
                 ["leave_nhi"]),
    "no_card_employer": (dict(my_number_card="none", employer_insurance="yes"), SHORT,
                         [(CERTIFICATE, CYCLE_END)], ["leave_nhi"]),
    "deregistration": (dict(wants_deregistration="yes"), ALL, [(NOTICE, NO_EXPIRY)],
                       ["deregister"]),
}


@BOTH
@pytest.mark.parametrize("kind", OUTCOMES)
def test_outcome_kinds(client, walk, html, city, kind):
    changes, asked, expected_papers, actions = OUTCOMES[kind]
    actions = actions[city] if isinstance(actions, dict) else actions
    answers = dict(ALL_NO, **changes)
    result = walk(client, city, answers)
    assert result.visited == with_added(asked, answers)
    response = client.get(f"/{city}/result")
    assert response.status_code == 200
    page = html(response)
    got = papers(page)
    assert len(got) == len(expected_papers), got
    for text, (name, _expires) in zip(got, expected_papers):
        assert text.startswith(name) and VALID[city, name] in text, text
    text = main_text(page)
    for action_id, title in ACTION_TITLES.items():
        assert (title in text) == (action_id in actions), (action_id, text)


@BOTH
def test_outcome_unknown_shows_both_possibilities(client, walk, html, city):
    walk(client, city, dict(ALL_NO, insurance_registration="unknown"))
    text = main_text(html(client.get(f"/{city}/result")))
    assert "If your card is registered" in text and "If your card is not registered" in text


def test_outcome_turning_70_yamagata_two_papers(client, walk, html):
    # Born 1956-03-15: Yamagata's row "令和８年８月１日までに70歳の誕生日を迎える方": the first
    # notice to 31 March 2026 (誕生月の末日), then one showing the cost share.
    walk(client, "yamagata", dict(ALL_NO, birth_date="1956-03-15"))
    got = papers(html(client.get("/yamagata/result")))
    assert len(got) == 2
    assert "Until 31 March 2026" in got[0]
    assert "1 April 2026" in got[1] and CYCLE_END in got[1]


def test_outcome_turning_70_shiroishi_one_paper_and_the_cost_share(client, walk, html):
    # Shiroishi's page has no row for turning 70: its under-70 notice (no expiry) stands;
    # the cost share's date is the national rule's, and the page's silence on a new paper
    # is said once.
    walk(client, "shiroishi", dict(ALL_NO, birth_date="1956-03-15"))
    (paper,) = papers(html(client.get("/shiroishi/result")))
    assert "From 1 October 2025; no expiry date" in paper
    assert "From 1 April 2026 you pay a different share of medical costs" in paper
    assert "does not say whether a new paper is sent then" in paper


@BOTH
def test_late_elderly_stops_after_birth_date(client, walk, html, city):
    # Born 1940-01-01: 75 on 2015-01-01, so 後期高齢者医療, no NHI paper and no questions.
    result = walk(client, city, {"birth_date": "1940-01-01"})
    assert result.visited == ["birth_date"]
    check = html(client.get(f"/{city}/check"))
    rows = [a.attrs["href"] for a in check.find_all("a")
            if "/q/" in a.attrs.get("href", "") and "back-link" not in a.attrs.get("class", "")]
    assert rows == [f"/{city}/q/birth_date"]
    page = html(client.get(f"/{city}/result"))
    assert papers(page) == []
    assert "1 January 2015" in main_text(page)  # the 75th birthday
    assert client.get(f"/{city}/q/my_number_card").headers["Location"] == f"/{city}/check"


@pytest.mark.parametrize("city, union", [("yamagata", "山形県後期高齢者医療広域連合"),
                                         ("shiroishi", "宮城県後期高齢者医療広域連合")])
def test_late_elderly_result_names_the_union_in_japanese(client, walk, city, union):
    walk(client, city, {"birth_date": "1940-01-01"})
    client.set_cookie("lang", "ja")
    response = client.get(f"/{city}/result")
    assert response.status_code == 200
    assert union in response.get_data(as_text=True)


LATE_ELDERLY_REASON = ("You are 75 or over, so you are in the medical care system for people aged "
                       "75 and over (後期高齢者医療制度), not National Health Insurance: no more "
                       "questions are needed.")


@BOTH
def test_check_page_says_why_75_and_over_is_asked_nothing_more(client, walk, html, city):
    walk(client, city, {"birth_date": "1940-01-01"})
    assert LATE_ELDERLY_REASON in main_text(html(client.get(f"/{city}/check")))
    # 75 on 2025-09-10, after AS_OF (2025-08-01): still in NHI today, so asked everything.
    walk(client, city, dict(ALL_NO, birth_date="1950-09-10"))
    assert "medical care system" not in main_text(html(client.get(f"/{city}/check")))


def progress_line(page) -> str | None:
    node = page.find("p", class_="progress")
    return " ".join(node.text.split()) if node else None


# (answers, the progress line of each page of STEPS, in the order they come)
PROGRESS_WALKS = {
    "every question": (ALL_NO, [f"Question {n}" for n in range(1, 5)] + [f"Question {n} of 7" for n in range(5, 8)]),
    "no card": (dict(ALL_NO, my_number_card="none"), ["Question 1", "Question 2", "Question 3 of 3"]),
    "not registered": (dict(ALL_NO, insurance_registration="not_registered"),
                       ["Question 1", "Question 2", "Question 3", "Question 4 of 4"]),
    "restricted view set": (dict(ALL_NO, restricted_view="yes"),
                            [f"Question {n}" for n in range(1, 5)] + ["Question 5 of 6", "Question 6 of 6"]),
    "75 or over": ({"birth_date": "1940-01-01"}, ["Question 1"]),
}


@pytest.mark.parametrize("answers, shown", PROGRESS_WALKS.values(), ids=PROGRESS_WALKS)
def test_every_question_page_shows_its_progress(client, html, post_answer, answers, shown):
    url, seen, visited = "/yamagata/q/birth_date", [], []
    for _ in range(len(NAMES) + 1):
        if not url.startswith("/yamagata/q/"):
            break
        step = url.rsplit("/", 1)[1]
        seen.append(progress_line(html(client.get(url))))
        visited.append(step)
        url = post_answer(client, "yamagata", step, answer_for(answers, step)).headers["Location"]
    assert url == "/yamagata/check"
    assert visited == with_added([step for step in visited if step in STEPS], answers)
    assert seen == progress_with_added(shown, visited, answers)
    assert progress_line(html(client.get(url))) is None
    # Also above a refused answer; and back on the first question, the saved answers count.
    assert progress_line(html(post_answer(client, "yamagata", "birth_date", "2999-01-01"))) == "Question 1"
    # Issue 27: N rises by one a page, and a total, once given, stays.
    numbers = [int(line.split()[1]) for line in seen]
    assert numbers == list(range(1, len(seen) + 1))
    totals = [line.split()[3] if " of " in line else None for line in seen]
    assert all(later == earlier for earlier, later in zip(totals, totals[1:]) if earlier), seen


def progress_with_added(shown, visited, answers):
    """The progress lines of a walk through ``visited``, from ``shown`` (those of its STEPS
    pages). An added question counts in N on the pages after it, and in a total while the
    usual answers to the questions not answered yet ask it; on its own page the total is that
    of the next page of STEPS (the same STEPS answers are given), or at the end the number of
    STEPS pages; a page without a total keeps none."""
    written = [(int(line.split()[1]), int(line.split()[3]) if " of " in line else None) for line in shown]
    assert len(written) == sum(step in STEPS for step in visited), (shown, visited)
    lines, known = [], 0
    for place, step in enumerate(visited):
        if step in STEPS:
            number, total = written[known]
            known += 1
            number += sum(earlier not in STEPS for earlier in visited[:place])
        else:
            number, total = place + 1, written[known][1] if known < len(written) else len(written)
        route = {**USUAL, **{earlier: answer_for(answers, earlier) for earlier in visited[:place]}}
        if total is not None:
            total += sum(question.applies(route) for question in ADDED)
        lines.append(f"Question {number} of {total}" if total is not None else f"Question {number}")
    return lines


def test_shiroishi_75_before_new_papers_gets_no_paper(client, walk, html):
    # Born 1950-09-10: 75 on 2025-09-10, before Shiroishi's papers start (2025-10-01).
    walk(client, "shiroishi", dict(ALL_NO, birth_date="1950-09-10", my_number_card="none"))
    response = client.get("/shiroishi/result")
    assert response.status_code == 200
    page = html(response)
    assert papers(page) == []
    assert "10 September 2025" in main_text(page)


def test_shiroishi_result_says_old_card_valid_to_30_september(client, walk, html):
    walk(client, "shiroishi", dict(ALL_NO, my_number_card="none"))
    assert "30 September 2025" in main_text(html(client.get("/shiroishi/result")))
    walk(client, "yamagata", dict(ALL_NO, my_number_card="none"))
    assert "30 September 2025" not in main_text(html(client.get("/yamagata/result")))


@BOTH
def test_restricted_view_not_answered_on_check_page(client, walk, html, city):
    walk(client, city, dict(ALL_NO, restricted_view=None))
    page = html(client.get(f"/{city}/check"))
    row = next(div for div in page.find_all("div", class_="summary-row")
               if f"/{city}/q/restricted_view" in [a.attrs.get("href") for a in div.find_all("a")])
    assert "Not answered" in row.text
    # The other rows show the chosen answers, not "Not answered".
    assert main_text(page).count("Not answered") == 1


# --- back links, going back, change links ---------------------------------------------------

@BOTH
@pytest.mark.parametrize("changes", [{}, dict(my_number_card="none"),
                                     dict(restricted_view="yes")])
def test_back_links_point_to_previous_asked_question(client, html, post_answer, city, changes):
    answers = dict(ALL_NO, **changes)
    previous = f"/{city}/"
    url = f"/{city}/q/birth_date"
    while "/q/" in url:
        step = url.rsplit("/", 1)[1]
        page = html(client.get(url))
        assert back_href(page) == previous, (step, back_href(page), previous)
        previous = url
        url = post_answer(client, city, step, answer_for(answers, step)).headers["Location"]
    assert url == f"/{city}/check"
    assert back_href(html(client.get(f"/{city}/result"))) == f"/{city}/check"


@BOTH
@pytest.mark.parametrize("answers, asked", [
    (ALL_NO, ALL),  # the last: wants_deregistration
    (dict(ALL_NO, my_number_card="none"), SHORT),  # employer_insurance
    ({"birth_date": "1940-01-01"}, ["birth_date"]),
])
def test_check_page_back_link_points_to_last_question(client, html, walk, city, answers, asked):
    asked = with_added(asked, answers)
    assert walk(client, city, answers).visited == asked
    last = asked[-1]
    assert back_href(html(client.get(f"/{city}/check"))) == f"/{city}/q/{last}"


@BOTH
def test_going_back_keeps_answers(client, html, walk, post_answer, city):
    answers = dict(ALL_NO, birth_date={"era": "showa", "year": "31", "month": "4", "day": "1"},
                   care_need="yes", employer_insurance="no")
    walk(client, city, answers)
    page = html(client.get(f"/{city}/q/birth_date"))
    assert checked_value(page, "era") == "showa"
    assert (input_value(page, "year"), input_value(page, "month"), input_value(page, "day")) \
        == ("31", "4", "1")
    for step, value in [("my_number_card", "held"), ("insurance_registration", "registered"),
                        ("restricted_view", "no"), ("care_need", "yes"),
                        ("employer_insurance", "no")]:
        assert checked_value(html(client.get(f"/{city}/q/{step}")), "answer") == value, step


def test_going_back_keeps_western_birth_date(client, html, walk):
    walk(client, "yamagata", dict(ALL_NO, birth_date="1980-05-10"))
    page = html(client.get("/yamagata/q/birth_date"))
    assert checked_value(page, "era") == "seireki"
    assert [input_value(page, n) for n in ("year", "month", "day")] == ["1980", "5", "10"]


def test_not_answered_optional_question_shows_nothing_checked(client, html, walk):
    walk(client, "yamagata", dict(ALL_NO, restricted_view=None))
    assert checked_value(html(client.get("/yamagata/q/restricted_view")), "answer") is None


@BOTH
def test_change_link_returns_to_check_page(client, html, walk, post_answer, city):
    walk(client, city, ALL_NO)
    check = html(client.get(f"/{city}/check"))
    links = [a.attrs["href"] for a in check.find_all("a")
             if "/q/" in a.attrs.get("href", "") and "back-link" not in a.attrs.get("class", "")]
    assert links == [f"/{city}/q/{step}" for step in with_added(STEPS, ALL_NO)]
    assert client.get(f"/{city}/q/employer_insurance").status_code == 200
    response = post_answer(client, city, "employer_insurance", "yes")
    assert response.headers["Location"] == f"/{city}/check"
    assert ACTION_TITLES["leave_nhi"] in main_text(html(client.get(f"/{city}/result")))
    response = post_answer(client, city, "birth_date", "1956-03-15")
    assert response.headers["Location"] == f"/{city}/check"
    assert "15 March 1956" in main_text(html(client.get(f"/{city}/check")))


@BOTH
def test_changing_card_from_none_to_held_asks_registration(client, html, walk, post_answer,
                                                           city):
    before = walk(client, city, dict(ALL_NO, my_number_card="none")).visited
    response = post_answer(client, city, "my_number_card", "held")
    assert response.headers["Location"] == f"/{city}/q/insurance_registration"
    # The check page is not reachable until the new questions are answered.
    assert client.get(f"/{city}/check").headers["Location"] == f"/{city}/q/insurance_registration"
    # employer_insurance was answered before: only the card's questions are left (and any
    # added question the walk without a card did not ask).
    new = ["insurance_registration", "restricted_view", "care_need", "wants_deregistration"]
    new = [step for step in with_added(new, ALL_NO) if step in new or step not in before]
    for step, following in zip(new, new[1:]):
        url = post_answer(client, city, step, answer_for(ALL_NO, step)).headers["Location"]
        assert url == f"/{city}/q/{following}", step
    assert post_answer(client, city, new[-1], answer_for(ALL_NO, new[-1])).headers["Location"] \
        == f"/{city}/check"


def test_changing_card_to_none_drops_the_card_questions(client, html, walk, post_answer):
    walk(client, "yamagata", dict(ALL_NO, care_need="yes"))
    response = post_answer(client, "yamagata", "my_number_card", "none")
    assert response.headers["Location"] == "/yamagata/check"
    page = html(client.get("/yamagata/result"))
    assert [CERTIFICATE in p for p in papers(page)] == [True]
    assert ACTION_TITLES["apply_certificate"] not in main_text(page)


def test_changing_birth_date_to_75_plus_goes_to_check(client, html, walk, post_answer):
    walk(client, "yamagata", ALL_NO)
    response = post_answer(client, "yamagata", "birth_date", "1940-01-01")
    assert response.headers["Location"] == "/yamagata/check"
    assert papers(html(client.get("/yamagata/result"))) == []


# --- bad input -----------------------------------------------------------------------------

BAD_BIRTH_DATES = {
    "empty": ({"era": "showa", "year": "", "month": "", "day": ""}, "year"),
    "30_february": ({"era": "showa", "year": "31", "month": "2", "day": "30"}, "day"),
    "after_heisei_end": ({"era": "heisei", "year": "31", "month": "5", "day": "1"}, "year"),
    "future": ({"era": "seireki", "year": "2025", "month": "8", "day": "2"}, "year"),
    "future_reiwa": ({"era": "reiwa", "year": "8", "month": "1", "day": "1"}, "year"),
    "letters": ({"era": "seireki", "year": "19a6", "month": "4", "day": "1"}, "year"),
    "month_13": ({"era": "seireki", "year": "1956", "month": "13", "day": "1"}, "month"),
    "before_1900": ({"era": "seireki", "year": "1899", "month": "12", "day": "31"}, "year"),
    "day_missing": ({"era": "seireki", "year": "1956", "month": "4", "day": ""}, "day"),
}


def assert_error_page(response, page, field_id):
    assert response.status_code == 200
    summary = page.find(class_="error-summary")
    assert summary is not None, "no error summary"
    links = summary.find_all("a")
    assert [a.attrs["href"] for a in links] == [f"#{field_id}"]
    assert page.find(id=field_id) is not None, f"the summary links to a missing #{field_id}"
    message = links[0].text
    assert message
    at_field = page.find_all(class_="error-message")
    assert len(at_field) == 1 and message in at_field[0].text
    return message


@BOTH
@pytest.mark.parametrize("case", BAD_BIRTH_DATES)
def test_bad_birth_date(client, html, post_answer, city, case):
    data, field = BAD_BIRTH_DATES[case]
    response = post_answer(client, city, "birth_date", data)
    page = html(response)
    assert_error_page(response, page, field)
    assert page.find("input", name=field).attrs.get("aria-invalid") == "true"
    assert checked_value(page, "era") == data["era"]
    for name in ("year", "month", "day"):
        assert input_value(page, name) == data[name], name
    # Nothing was saved: the next question is still out of reach.
    assert client.get(f"/{city}/q/my_number_card").headers["Location"] == f"/{city}/q/birth_date"


def test_bad_birth_date_messages_differ_by_problem(client, html, post_answer):
    messages = set()
    for case in ("empty", "30_february", "after_heisei_end", "future", "letters"):
        data, field = BAD_BIRTH_DATES[case]
        response = post_answer(client, "yamagata", "birth_date", data)
        messages.add(assert_error_page(response, html(response), field))
    assert len(messages) == 5


def test_30_february_message_names_the_month_length(client, html, post_answer):
    response = post_answer(client, "yamagata", "birth_date", BAD_BIRTH_DATES["30_february"][0])
    # 昭和31年 is 1956, a leap year: February has 29 days.
    assert "29" in html(response).find(class_="error-summary").text


@BOTH
@pytest.mark.parametrize("value", ["hacker", None, "", "yes"])
def test_bad_radio_answer(client, html, post_answer, walk, city, value):
    post_answer(client, city, "birth_date", BORN)
    response = post_answer(client, city, "my_number_card", value)
    page = html(response)
    assert_error_page(response, page, "answer-0")
    assert checked_value(page, "answer") is None
    assert client.get(f"/{city}/q/insurance_registration").headers["Location"] \
        == f"/{city}/q/my_number_card"


def test_tampered_value_does_not_replace_a_saved_answer(client, html, walk, post_answer):
    walk(client, "yamagata", ALL_NO)
    response = post_answer(client, "yamagata", "employer_insurance", "hacker")
    assert response.status_code == 200
    assert checked_value(html(client.get("/yamagata/q/employer_insurance")), "answer") == "no"


def test_tampered_optional_answer_is_refused(client, html, walk, post_answer):
    post_answer(client, "yamagata", "birth_date", BORN)
    post_answer(client, "yamagata", "my_number_card", "held")
    post_answer(client, "yamagata", "insurance_registration", "registered")
    response = post_answer(client, "yamagata", "restricted_view", "hacker")
    assert_error_page(response, html(response), "answer-0")


@pytest.mark.parametrize("data", [
    {"era": "seireki", "year": "１９５６", "month": "４", "day": "１"},
    {"era": "showa", "year": "３１", "month": "４", "day": "１"},
    {"era": "seireki", "year": "昭和31年4月1日", "month": "", "day": ""},
    {"era": "heisei", "year": "昭和31年4月1日", "month": "", "day": ""},  # the pasted era wins
    {"era": "seireki", "year": "1956/4/1", "month": "", "day": ""},
])
def test_birth_date_forms_residents_type(client, html, post_answer, data):
    response = post_answer(client, "yamagata", "birth_date", data)
    assert response.status_code == 302, html(response).find(class_="error-summary")
    assert response.headers["Location"] == "/yamagata/q/my_number_card"
    post_answer(client, "yamagata", "my_number_card", "none")
    post_answer(client, "yamagata", "employer_insurance", "no")
    assert "1 April 1956" in main_text(html(client.get("/yamagata/check")))


# --- CSRF ----------------------------------------------------------------------------------

def test_post_without_csrf_token_is_refused_kindly(csrf_client, html):
    response = csrf_client.post("/yamagata/q/birth_date",
                                data={"era": "seireki", "year": "1956", "month": "4", "day": "1"})
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "CSRF" not in text
    page = html(response)
    assert page.find("h1") is not None and page.find("h1").text
    assert page.find("a", href="/") is not None  # a way back to the start
    # Nothing was saved.
    assert csrf_client.get("/yamagata/q/my_number_card").headers["Location"] \
        == "/yamagata/q/birth_date"


def test_post_with_csrf_token_is_accepted(csrf_client, html):
    page = html(csrf_client.get("/yamagata/q/birth_date"))
    token = page.find("input", name="csrf_token").attrs["value"]
    response = csrf_client.post("/yamagata/q/birth_date", data={
        "csrf_token": token, "era": "seireki", "year": "1956", "month": "4", "day": "1"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/yamagata/q/my_number_card"
    response = csrf_client.post("/yamagata/q/my_number_card", data={
        "csrf_token": "forged", "answer": "none"})
    assert response.status_code == 403


def test_restart_needs_csrf_token(csrf_client):
    assert csrf_client.post("/yamagata/restart").status_code == 403


# --- privacy -------------------------------------------------------------------------------

SECRET_BIRTH = {"era": "showa", "year": "31", "month": "3", "day": "15"}  # 1956-03-15
SECRET_VALUES = ["1956-03-15", "1956", "昭和31", "showa", "not_registered", "registered",
                 "held", "lost", "wants_deregistration=", "answer="]
ALLOWED_SEGMENTS = set(STEPS) | {question.name for question in ADDED} | set(CITIES) | {
    "", "q", "check", "result"}


@BOTH
def test_no_answer_in_urls_or_logs(client, html, post_answer, caplog, city):
    caplog.set_level(logging.DEBUG)
    answers = dict(ALL_NO, birth_date=SECRET_BIRTH, insurance_registration="unknown",
                   care_need="yes", wants_deregistration="yes")
    locations = []
    # Wrong input on the way, too: the error pages must not log what was typed.
    post_answer(client, city, "birth_date", {"era": "showa", "year": "31", "month": "2",
                                             "day": "30"})
    url = f"/{city}/q/birth_date"
    while "/q/" in url:
        step = url.rsplit("/", 1)[1]
        client.get(url)
        response = post_answer(client, city, step, answer_for(answers, step))
        url = response.headers["Location"]
        locations.append(url)
    locations.append(client.get(f"/{city}/q/care_need").headers.get("Location", ""))
    client.get(f"/{city}/check")
    client.get(f"/{city}/result")
    locations.append(client.get(f"/language/ja?next=/{city}/result").headers["Location"])
    assert len(locations) >= 8
    for location in locations:
        parts = urlsplit(location)
        assert parts.query == "" and parts.fragment == "", location
        if parts.path:
            assert set(parts.path.split("/")) <= ALLOWED_SEGMENTS, location
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for value in SECRET_VALUES:
        assert value not in logged, value


def test_result_pages_are_not_cached(client, walk):
    walk(client, "yamagata", ALL_NO)
    for url in ("/yamagata/check", "/yamagata/result", "/yamagata/q/birth_date"):
        assert "no-store" in client.get(url).headers.get("Cache-Control", ""), url


# --- security headers and no inline script/style -------------------------------------------

def all_page_responses(client, csrf_client, walk, city):
    responses = {"index": client.get("/"), "start": client.get(f"/{city}/"),
                 "accessibility": client.get("/accessibility"),
                 "not_found": client.get("/nowhere/"),
                 "csrf": csrf_client.post(f"/{city}/q/birth_date", data={"year": "1"}),
                 "error": client.post(f"/{city}/q/birth_date", data={"era": "showa"})}
    walked = walk(client, city, dict(ALL_NO, insurance_registration="unknown", care_need="yes",
                                     employer_insurance="yes", wants_deregistration="yes"))
    for step in walked.visited:
        responses[step] = client.get(f"/{city}/q/{step}")
    responses["check"] = client.get(f"/{city}/check")
    responses["result"] = client.get(f"/{city}/result")
    responses["radio_error"] = client.post(f"/{city}/q/care_need", data={"answer": "x"})
    return responses


@BOTH
def test_security_headers_and_no_inline_code(client, csrf_client, walk, html, city):
    responses = all_page_responses(client, csrf_client, walk, city)
    for lang in ("en", "ja"):
        client.set_cookie("lang", lang)
        responses[f"result_{lang}"] = client.get(f"/{city}/result")
    assert responses["not_found"].status_code == 404
    assert responses["csrf"].status_code == 403
    for name, response in responses.items():
        assert response.status_code in (200, 403, 404), (name, response.status_code)
        csp = response.headers.get("Content-Security-Policy", "")
        directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
        assert directives.get("script-src") == ["'self'"], (name, csp)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (name, csp)
        page = html(response)
        for script in page.find_all("script"):
            assert script.attrs.get("src"), (name, "inline <script>")
            assert not script.text.strip(), name
        assert page.find_all("style") == [], (name, "<style> element")
        for node in page.iter():
            assert "style" not in node.attrs, (name, node.tag, node.attrs)
            handlers = [a for a in node.attrs if a.startswith("on")]
            assert not handlers, (name, node.tag, handlers)


# --- app start -----------------------------------------------------------------------------

@pytest.mark.parametrize("config", [{"TESTING": True}, {"TESTING": True, "SECRET_KEY": ""},
                                    {"TESTING": True, "SECRET_KEY": None}])
def test_app_needs_secret_key(config):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)


@pytest.mark.parametrize("as_of", ["2025-13-01", "tomorrow", "2025/08/01", "2025-07-31"])
def test_bad_as_of_stops_start_up(as_of):
    with pytest.raises(RuntimeError, match="AS_OF"):
        create_app({"SECRET_KEY": "test", "TESTING": True, "AS_OF": as_of})


def test_as_of_drives_the_pages(make_app, walk, html):
    # AS_OF in the 2026 cycle: the result speaks of the 2026–27 papers.
    client = make_app(WTF_CSRF_ENABLED=False, AS_OF="2026-09-15").test_client()
    client.set_cookie("lang", "en")
    walk(client, "shiroishi", dict(ALL_NO, my_number_card="none"))
    page = html(client.get("/shiroishi/result"))
    (paper,) = papers(page)
    assert "1 August 2026" in paper and "31 July 2027" in paper
    # A year the page does not describe: said before the first date it concerns.
    projection = page.find("p", id="card-projection")
    assert projection is not None and "not yet published by the city" in projection.text
    text = main_text(page)
    assert text.index("not yet published by the city") < text.index("Your papers")


def test_the_restricted_view_question_is_in_words_a_resident_knows(client, html, walk):
    """Issue 27: 「自己情報を閲覧できない設定」 is an official's term. The question and its
    label on the check page say it in everyday words; the help gives the term as guides write
    it, so a resident who has seen it knows it is the same."""
    walk(client, "yamagata", {"birth_date": "1980-05-10", "my_number_card": "held",
                              "insurance_registration": "registered"})
    client.set_cookie("lang", "ja")
    client.set_cookie("furigana", "off")
    page = html(client.get("/yamagata/q/restricted_view"))
    question = " ".join(page.find("h1").text.split())
    assert "閲覧" not in question and "自己情報" not in question
    assert "あなたの情報が見られないようにする設定" in question
    assert "「自己情報が閲覧できない設定」" in main_text(page)  # in the help
