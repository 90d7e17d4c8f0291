"""Unit tests of the decision code against the seeds, read through each city's own table.

Each case is a row of a table: a resident (birth date, answers, day asked about) and the
papers expected, worked out by hand from the seed's own words (quoted beside the case),
never read back from the code under test. The tables come from the real city files, so a
wrong cell in yamagata.yaml / shiroishi.yaml fails here too. Each paper is
(type, valid_from, expires_on, shows_cost_share, basis of valid_from, basis of expires_on):
``city`` the city's words, ``national`` a national rule, ``projected`` a documented year
carried on, ``not_stated`` no source says it (then the date is None), ``earlier`` a paper
kept from an earlier cycle. A notice shows the cost share from its first day; a certificate
never does here: neither document says what a certificate shows (issue 25's finding, 「記載内容
医療費の自己負担の割合」 on certificates).
"""
from datetime import date

import pytest

from webapp.citydata import load_cities, load_national
from webapp.rules import ages as ages_mod
from webapp.rules.cycle import CycleCalendar
from webapp.rules.outcome import Answers, DatedAges, decide
from webapp.rules.parameters import Dated

N = "qualification_notice"
C = "eligibility_certificate"
D = date.fromisoformat
END_2025, END_2026 = D("2026-07-31"), D("2027-07-31")  # 令和8年7月31日, 令和9年7月31日
SHIRO_2025 = D("2025-10-01")  # "現在お持ちの保険証は、令和7年9月30日(火)まで使用できます"

CITIES = load_cities()
AGES = load_national().ages
BOTH = pytest.mark.parametrize("city", ["yamagata", "shiroishi"])

HOLDER = dict(my_number_card="held", insurance_registration="registered")
NO_CARD = dict(my_number_card="none")


def calendar(city: str) -> CycleCalendar:
    return CITIES[city].calendar


def run(city, birth, as_of="2025-08-01", **answers):
    return decide(Answers(birth_date=D(birth), **answers), D(as_of), CITIES[city].rules, AGES)


def papers(outcome):
    return [(d.type, d.valid_from, d.expires_on, d.shows_cost_share, d.from_basis.kind, d.until_basis.kind)
            for d in outcome.documents]


def currents(outcome):
    return [d.current for d in outcome.documents]


def ids(outcome):
    return [a.id for a in outcome.actions]


# Each row: (city, birth, answers, the day asked about) → the papers expected.
Y, S = "yamagata", "shiroishi"
START_2025, START_2026 = "2025-08-01", "2026-08-01"

PAPERS = [
    # --- Yamagata: its flyer's table of the notice (「資格情報のお知らせ」の有効期限) ----------
    # The flyer gives no start date ("令和7年8月1日時点で" is when ages are counted), so no
    # paper of the 2025 cycle has a valid_from; it says nothing of a certificate at all.
    # "令和７年８月１日時点で70歳未満の方 … ありません"
    (Y, "1980-05-10", HOLDER, START_2025, [(N, None, None, False, "not_stated", "city")]),
    # Not a holder: no row. The paper is the national rule's; no date is stated.
    (Y, "1980-05-10", NO_CARD, START_2025, [(C, None, None, False, "not_stated", "not_stated")]),
    # "令和８年８月１日までに70歳の誕生日を迎える方 … 誕生月の末日", then "負担割合を表示したものに
    # 変わります" from the month after: born 1956-03-15, cost share from 2026-04-01.
    (Y, "1956-03-15", HOLDER, START_2025, [(N, None, D("2026-03-31"), False, "not_stated", "city"),
                                           (N, D("2026-04-01"), END_2025, True, "city", "city")]),
    # A certificate turning 70: no row, no split (neither document says a certificate ends at 70).
    (Y, "1956-03-15", NO_CARD, START_2025, [(C, None, None, False, "not_stated", "not_stated")]),
    # "1日生まれの方は誕生日の前日": born 1956-03-01, cost share from 2026-03-01.
    (Y, "1956-03-01", HOLDER, START_2025, [(N, None, D("2026-02-28"), False, "not_stated", "city"),
                                           (N, D("2026-03-01"), END_2025, True, "city", "city")]),
    # 29 February: the 70th birthday falls on 1 March 2026, the cost share starts that day.
    (Y, "1956-02-29", HOLDER, START_2025, [(N, None, D("2026-02-28"), False, "not_stated", "city"),
                                           (N, D("2026-03-01"), END_2025, True, "city", "city")]),
    # A 70th birthday on 2 August 2025 (docs/rules.md's own example): reaches 70 on 1 August, the
    # cost share starts 1 September, so the first notice ends on 31 August.
    (Y, "1955-08-02", HOLDER, START_2025, [(N, None, D("2025-08-31"), False, "not_stated", "city"),
                                           (N, D("2025-09-01"), END_2025, True, "city", "city")]),
    # Born 1955-08-01: the cost share already starts on the cycle's first day: 70 or over.
    (Y, "1955-08-01", HOLDER, START_2025, [(N, None, END_2025, True, "not_stated", "city")]),
    # 70th birthday on 2026-08-01 is still "令和８年８月１日までに": the notice ends the day
    # before (born on the 1st), and the cost-share notice belongs to the next cycle.
    (Y, "1956-08-01", HOLDER, START_2025, [(N, None, END_2025, False, "not_stated", "city")]),
    # 70th birthday on 2026-08-02: not by 2026-08-01, so under 70 all cycle.
    (Y, "1956-08-02", HOLDER, START_2025, [(N, None, None, False, "not_stated", "city")]),
    # "令和７年８月１日時点で70歳以上の方 … 令和８年７月31日"
    (Y, "1953-06-20", HOLDER, START_2025, [(N, None, END_2025, True, "not_stated", "city")]),
    (Y, "1953-06-20", NO_CARD, START_2025, [(C, None, None, False, "not_stated", "not_stated")]),
    # "令和８年８月１日までに75歳の誕生日を迎える方 … 誕生日の前日"
    (Y, "1951-03-10", HOLDER, START_2025, [(N, None, D("2026-03-09"), True, "not_stated", "city")]),
    (Y, "1951-08-01", HOLDER, START_2025, [(N, None, END_2025, True, "not_stated", "city")]),
    (Y, "1950-08-02", HOLDER, START_2025, [(N, None, D("2025-08-01"), True, "not_stated", "city")]),
    # A certificate at 75: National Health Insurance ends the day before (national).
    (Y, "1951-03-10", NO_CARD, START_2025, [(C, None, D("2026-03-09"), False, "not_stated", "national")]),

    # --- Shiroishi: its page's table (マイナ保険証の有無によって届くものが異なります) --------------
    # 2025: the old cards run to 2025-09-30, so the new papers start on 2025-10-01 (city).
    # "マイナ保険証をお持ちの70歳未満の方 … 有効期限 なし"
    (S, "1980-05-10", HOLDER, START_2025, [(N, SHIRO_2025, None, False, "city", "city")]),
    # "マイナ保険証をお持ちでない方 … 有効期限 最長で令和8年7月31日"
    (S, "1980-05-10", NO_CARD, START_2025, [(C, SHIRO_2025, END_2025, False, "city", "city")]),
    # Turning 70 (cost share from 2026-04-01): the page has no row of its own for it, so the
    # under-70 notice stands, and the certificate runs to the cycle's end. No split.
    (S, "1956-03-15", HOLDER, START_2025, [(N, SHIRO_2025, None, False, "city", "city")]),
    (S, "1956-03-15", NO_CARD, START_2025, [(C, SHIRO_2025, END_2025, False, "city", "city")]),
    # "マイナ保険証をお持ちの70歳から74歳の方 … 最長で令和8年7月31日"
    (S, "1953-06-20", HOLDER, START_2025, [(N, SHIRO_2025, END_2025, True, "city", "city")]),
    (S, "1953-06-20", NO_CARD, START_2025, [(C, SHIRO_2025, END_2025, False, "city", "city")]),
    # Cost share from 2025-09-01, before the papers start: 70 or over on their first day.
    (S, "1955-08-02", HOLDER, START_2025, [(N, SHIRO_2025, END_2025, True, "city", "city")]),
    # "75歳に到達する方など有効期限が異なる場合があります": the day before the 75th birthday is
    # the national rule's.
    (S, "1951-03-10", HOLDER, START_2025, [(N, SHIRO_2025, D("2026-03-09"), True, "city", "national")]),
    (S, "1951-03-10", NO_CARD, START_2025, [(C, SHIRO_2025, D("2026-03-09"), False, "city", "national")]),
    (S, "1950-10-02", HOLDER, START_2025, [(N, SHIRO_2025, SHIRO_2025, True, "city", "national")]),
    # 75 before the papers start: no NHI paper at all.
    (S, "1950-08-02", HOLDER, START_2025, []),
    (S, "1950-09-10", NO_CARD, START_2025, []),
    (S, "1950-10-01", HOLDER, START_2025, []),

    # --- later cycles: projected, and papers kept --------------------------------------------
    # A notice without expiry is kept: Yamagata "再度お送りすることはありません"; Shiroishi
    # "記載事項に変更がない限り、そのままご使用ください".
    (Y, "1980-05-10", HOLDER, START_2026, [(N, None, None, False, "earlier", "projected")]),
    (S, "1980-05-10", HOLDER, START_2026, [(N, None, None, False, "earlier", "projected")]),
    # Yamagata, turning 70 in a later cycle: the kept notice, then the cost-share notice
    # ("70歳の誕生日を迎え負担割合を表示する場合を除き"); born 1957-01-20: cost share from
    # 2027-02-01. The kept notice keeps what was printed on it, no expiry ("ありません"), not
    # the end of the birth month (issue 25's finding: 「お手元のもの（令和9年1月31日まで）」).
    (Y, "1957-01-20", HOLDER, START_2026, [(N, None, None, False, "earlier", "projected"),
                                           (N, D("2027-02-01"), END_2026, True, "projected", "projected")]),
    # Shiroishi says nothing of 70 for a notice without expiry: it is simply kept.
    (S, "1957-01-20", HOLDER, START_2026, [(N, None, None, False, "earlier", "projected")]),
    # Now 70–74: a new notice every year ("毎年更新し、7月中に郵送します" / "毎年、有効期限が到来
    # する頃にお送りします").
    (Y, "1956-03-15", HOLDER, START_2026, [(N, D("2026-08-01"), END_2026, True, "projected", "projected")]),
    (S, "1956-03-15", HOLDER, START_2026, [(N, D("2026-08-01"), END_2026, True, "projected", "projected")]),
    (S, "1980-05-10", NO_CARD, START_2026, [(C, D("2026-08-01"), END_2026, False, "projected", "projected")]),
    # Yamagata's certificates: still no row, still nothing stated.
    (Y, "1980-05-10", NO_CARD, START_2026, [(C, None, None, False, "not_stated", "not_stated")]),
    # 29 February, 75th birthday in a common year: 1 March 2027, the paper ends the day before.
    (Y, "1952-02-29", HOLDER, START_2026, [(N, D("2026-08-01"), D("2027-02-28"), True, "projected", "projected")]),
    (S, "1952-02-29", HOLDER, START_2026, [(N, D("2026-08-01"), D("2027-02-28"), True, "projected", "national")]),
]


def rule_case(city, birth, answers, as_of, _expected=None) -> str:
    """A row's name: yamagata-1956-03-15-held-registered-on-2025-08-01."""
    return "-".join([city, birth, *answers.values(), "on", as_of])


@pytest.mark.parametrize("city, birth, answers, as_of, expected", PAPERS,
                         ids=[rule_case(*row) for row in PAPERS])
def test_papers(city, birth, answers, as_of, expected):
    assert papers(run(city, birth, as_of, **answers)) == expected


@BOTH
@pytest.mark.parametrize("as_of, projected", [
    ("2025-08-01", False), ("2026-07-31", False), ("2026-08-01", True), ("2030-01-01", True),
])
def test_cycles_the_documents_do_not_describe_are_projected(city, as_of, projected):
    assert run(city, "1980-05-10", as_of, **HOLDER).cycle.projected is projected


@BOTH
def test_75th_birthday_exactly_on_cycle_start_is_late_elderly(city):
    out = run(city, "1950-08-01", **HOLDER)
    assert out.scheme == "late_elderly" and out.documents == ()


@pytest.mark.parametrize("city, as_of, expected", [
    # Yamagata: in use from the cycle's start (the national cycle), though no date is shown.
    ("yamagata", "2025-08-01", [True, False]), ("yamagata", "2026-03-31", [True, False]),
    ("yamagata", "2026-04-01", [False, True]), ("yamagata", "2026-07-31", [False, True]),
    # Shiroishi: nothing new in use before 2025-10-01 (the old card is).
    ("shiroishi", "2025-09-30", [False]), ("shiroishi", "2025-10-01", [True]),
])
def test_current_flag(city, as_of, expected):
    assert currents(run(city, "1956-03-15", as_of, **HOLDER)) == expected


@pytest.mark.parametrize("city, as_of, old_card_until, papers_from", [
    # Shiroishi 2025 keeps the old card: "現在お持ちの保険証は、令和7年9月30日(火)まで使用できます".
    (S, "2025-08-15", D("2025-09-30"), SHIRO_2025),
    # … in 2025 only: the next cycle's papers start on its first day.
    (S, "2026-08-15", None, D("2026-08-01")),
    # Yamagata's flyer says nothing of an old card.
    (Y, "2025-08-15", None, D("2025-08-01")),
], ids=["shiroishi-2025-keeps-the-old-card", "shiroishi-2026", "yamagata-says-nothing-of-an-old-card"])
def test_old_card_and_the_first_day_of_the_papers(city, as_of, old_card_until, papers_from):
    out = run(city, "1980-05-10", as_of, **HOLDER)
    if old_card_until is None:
        assert out.old_card_valid_until is None
    assert (out.old_card_valid_until, out.cycle.papers_valid_from) == (old_card_until, papers_from)


def test_a_baby_born_mid_cycle():
    out = run("shiroishi", "2026-01-10", "2026-02-01", **NO_CARD)
    assert papers(out) == [(C, None, END_2025, False, "not_stated", "city")]
    assert currents(out) == [True]


@pytest.mark.parametrize("birth, as_of", [
    ("2026-01-10", "2026-01-09"),  # born after the day asked about
    ("1980-05-10", "2025-07-31"),  # a day before the first cycle
], ids=["birth-after-as-of", "as-of-before-the-first-cycle"])
def test_refused(birth, as_of):
    with pytest.raises(ValueError):
        run("yamagata", birth, as_of, **NO_CARD)


# --- which paper: the national rule ---------------------------------------------------------

def kinds(out):
    return [d.type for d in out.documents]


@BOTH
@pytest.mark.parametrize("answers, expected", [
    (dict(my_number_card="none"), C),
    (dict(my_number_card="held", insurance_registration="not_registered"), C),
    (dict(my_number_card="held", insurance_registration="registered"), N),
    (dict(my_number_card="held", insurance_registration="registered", restricted_view=True), C),
    # Lost, but the registration stands: the notice is sent; a certificate needs applying.
    (dict(my_number_card="lost", insurance_registration="registered"), N),
    (dict(my_number_card="lost", insurance_registration="not_registered"), C),
    (dict(my_number_card="held", insurance_registration="registered", care_need=True), N),
    (dict(my_number_card="held", insurance_registration="registered", wants_deregistration=True), N),
])
def test_document_type(city, answers, expected):
    out = run(city, "1980-05-10", **answers)
    assert kinds(out) == [expected]
    assert all(d.condition is None for d in out.documents)


@pytest.mark.parametrize("card", ["held", "lost"])
def test_unknown_registration_gives_both_timelines(card):
    out = run("yamagata", "1956-03-15", my_number_card=card, insurance_registration="unknown")
    got = [(d.condition, d.type, d.valid_from, d.expires_on) for d in out.documents]
    assert got == [
        ("if_registered", N, None, D("2026-03-31")),
        ("if_registered", N, D("2026-04-01"), END_2025),
        ("if_not_registered", C, None, None),
    ]


def test_unknown_registration_with_restricted_view_is_one_certificate():
    out = run("shiroishi", "1980-05-10", my_number_card="held", insurance_registration="unknown",
              restricted_view=True)
    assert [(d.condition, d.type) for d in out.documents] == [(None, C)]


# --- actions ----------------------------------------------------------------------------

REG = HOLDER


@BOTH
@pytest.mark.parametrize("answers, expected", [
    (dict(REG), []),
    (dict(REG, employer_insurance=True), ["leave_nhi"]),
    (dict(my_number_card="none", employer_insurance=True), ["leave_nhi"]),
    (dict(REG, care_need=True), ["apply_certificate"]),
    (dict(REG, care_need=True, restricted_view=True), []),  # already gets a certificate
    (dict(my_number_card="held", insurance_registration="not_registered", care_need=True),
     ["register_card"]),
    (dict(my_number_card="none", care_need=True), []),
    # Shiroishi lists a lost card as a reason to apply; Yamagata's flyer does not, so there
    # the resident is told to ask (never the other city's answer).
    (dict(my_number_card="lost", insurance_registration="registered"),
     {"shiroishi": ["apply_certificate", "replace_card"],
      "yamagata": ["ask_without_card", "replace_card"]}),
    (dict(my_number_card="lost", insurance_registration="registered", restricted_view=True),
     ["replace_card"]),
    # A lost card cannot be registered: no register_card, no certificate to apply for.
    (dict(my_number_card="lost", insurance_registration="not_registered"), ["replace_card"]),
    (dict(REG, wants_deregistration=True), ["deregister"]),
    (dict(my_number_card="held", insurance_registration="not_registered",
          wants_deregistration=True), ["register_card"]),
    (dict(my_number_card="none", wants_deregistration=True), []),
    (dict(my_number_card="held", insurance_registration="not_registered"), ["register_card"]),
    (dict(my_number_card="held", insurance_registration="unknown"), ["check_registration"]),
    # Lost and unknown: if it was registered, the lost card is a reason to apply.
    (dict(my_number_card="lost", insurance_registration="unknown"),
     {"shiroishi": ["apply_certificate", "check_registration", "replace_card"],
      "yamagata": ["ask_without_card", "check_registration", "replace_card"]}),
    (dict(my_number_card="lost", insurance_registration="registered", care_need=True),
     ["apply_certificate", "replace_card"]),
])
def test_actions(city, answers, expected):
    expected = expected[city] if isinstance(expected, dict) else expected
    assert sorted(ids(run(city, "1980-05-10", **answers))) == sorted(expected)


@pytest.mark.parametrize("city, answers, reasons", [
    ("shiroishi", dict(my_number_card="lost", insurance_registration="registered", care_need=True),
     ("lost_card", "care_need")),
    ("yamagata", dict(my_number_card="lost", insurance_registration="registered", care_need=True),
     ("care_need",)),
    ("yamagata", dict(REG, care_need=True), ("care_need",)),
])
def test_certificate_reasons_are_the_citys_own(city, answers, reasons):
    action = next(a for a in run(city, "1980-05-10", **answers).actions if a.id == "apply_certificate")
    assert action.reasons == reasons


def test_unknown_registration_actions_are_conditional():
    out = run("yamagata", "1980-05-10", my_number_card="held", insurance_registration="unknown",
              care_need=True, wants_deregistration=True, employer_insurance=True)
    got = {a.id: a.condition for a in out.actions}
    assert got == {"check_registration": None, "leave_nhi": None,
                   "apply_certificate": "if_registered", "deregister": "if_registered"}


def test_late_elderly_has_no_actions():
    out = run("yamagata", "1940-01-01", my_number_card="held", insurance_registration="unknown",
              employer_insurance=True, care_need=True)
    assert out.scheme == "late_elderly"
    assert out.actions == () and out.documents == ()


# --- ages -------------------------------------------------------------------------------

@pytest.mark.parametrize("birth, age, expected", [
    ("1956-02-29", 70, "2026-03-01"),  # common year: 1 March
    ("1956-02-29", 72, "2028-02-29"),  # leap year: 29 February
    ("1956-03-15", 70, "2026-03-15"),
])
def test_birthday(birth, age, expected):
    assert ages_mod.birthday(D(birth), age) == D(expected)


@pytest.mark.parametrize("birth, expected", [
    ("1956-02-29", "2026-02-28"),
    ("1956-03-01", "2026-02-28"),
    ("1956-03-02", "2026-03-01"),
])
def test_reaches_age_on_the_day_before_the_birthday(birth, expected):
    assert ages_mod.reaches_age_on(D(birth), 70) == D(expected)


@pytest.mark.parametrize("birth, expected", [
    ("1956-03-01", "2026-03-01"),  # born on the 1st: the birth month itself
    ("1956-03-02", "2026-04-01"),  # otherwise the month after
    ("1956-03-31", "2026-04-01"),
    ("1956-02-29", "2026-03-01"),
    ("1956-12-01", "2026-12-01"),
    ("1956-12-02", "2027-01-01"),  # December → January of the next year
    ("1956-12-31", "2027-01-01"),
    ("1957-01-01", "2027-01-01"),  # reaches 70 on 2026-12-31
])
def test_cost_share_start(birth, expected):
    assert ages_mod.cost_share_start(D(birth), 70) == D(expected)


@pytest.mark.parametrize("birth, expected", [
    ("1951-03-10", "2026-03-10"),
    ("1951-03-01", "2026-03-01"),  # the birthday itself, not the day the age is reached
    ("1952-02-29", "2027-03-01"),
])
def test_late_elderly_start(birth, expected):
    assert ages_mod.late_elderly_start(D(birth), 75) == D(expected)


# Used by the staff tool's scenario sheet (the age column).
@pytest.mark.parametrize("day, expected", [
    ("2026-02-27", 69), ("2026-02-28", 70), ("2026-03-01", 70), ("1956-03-01", 0),
])
def test_age_on_counts_from_day_before_birthday(day, expected):
    assert ages_mod.age_on(D("1956-03-01"), D(day)) == expected


@pytest.mark.parametrize("day, expected", [
    ("2025-12-31", "2026-01-01"), ("2025-12-01", "2026-01-01"), ("2026-02-28", "2026-03-01"),
])
def test_first_of_next_month(day, expected):
    assert ages_mod.first_of_next_month(D(day)) == D(expected)


# --- cycle ------------------------------------------------------------------------------

# The day asked about → its cycle: (year, first day, last day); a cycle's year is that of its 1 August.
@pytest.mark.parametrize("day, year, start, end", [
    ("2025-08-01", 2025, "2025-08-01", "2026-07-31"),
    ("2025-12-31", 2025, "2025-08-01", "2026-07-31"),
    ("2026-01-01", 2025, "2025-08-01", "2026-07-31"),
    ("2026-07-31", 2025, "2025-08-01", "2026-07-31"),
    ("2026-08-01", 2026, "2026-08-01", "2027-07-31"),
    ("2028-02-29", 2027, "2027-08-01", "2028-07-31"),
])
def test_cycle(day, year, start, end):
    cycle = calendar("yamagata").cycle_for(D(day))
    assert (cycle.year, cycle.start, cycle.end) == (year, D(start), D(end))
    assert calendar("yamagata").cycle_of_year(year).start == D(start)


@BOTH
def test_before_first_cycle_raises(city):
    cal = calendar(city)
    assert cal.first_day() == D("2025-08-01")
    with pytest.raises(ValueError):
        cal.cycle_for(D("2025-07-31"))
    assert cal.cycle_for(D("2025-08-01")).year == 2025


# --- dated national parameters ---------------------------------------------------------------

def with_new_values(**changes):
    """The real national parameters plus values that take effect later (as a law change would)."""
    national = load_national()
    ages = DatedAges(**{name: Dated(getattr(national.ages, name).values + tuple(changes.get(name, ())))
                        for name in ("cost_share", "late_elderly")})
    return ages


@BOTH
def test_a_later_value_leaves_past_answers_unchanged(city):
    # Suppose the cost-share age became 72 from 2030-08-01. Born 1956-03-15 (cost share from
    # 2026-04-01 under age 70): every answer before 2030-08-01 stays as it was.
    changed = with_new_values(cost_share=[(D("2030-08-01"), 72)])
    for as_of in ("2025-08-01", "2026-03-31", "2026-11-23", "2030-07-31"):
        answers = Answers(birth_date=D("1956-03-15"), **HOLDER)
        before = decide(answers, D(as_of), CITIES[city].rules, AGES)
        after = decide(answers, D(as_of), CITIES[city].rules, changed)
        assert before == after, as_of
    # From that day on, the new age applies: born 1960-10-10 reaches 72 on 2032-10-09, so
    # the cost share starts on 2032-11-01 instead of 2030-11-01.
    answers = Answers(birth_date=D("1960-10-10"), **HOLDER)
    assert decide(answers, D("2030-09-01"), CITIES[city].rules, AGES).cost_share_start == D("2030-11-01")
    assert decide(answers, D("2030-09-01"), CITIES[city].rules, changed).cost_share_start == D("2032-11-01")


def test_a_new_cycle_start_day_leaves_earlier_cycles_unchanged():
    # Suppose cycles started on 1 April from 2028-04-01: the 2025–2027 cycles keep their
    # 1 August start; the 2027 cycle is cut short to 2028-03-31.
    base = calendar("yamagata")
    moved = CycleCalendar(base.starts + (D("2028-04-01"),), base.overrides, base.documented)
    for as_of in ("2025-08-01", "2026-11-23", "2027-07-31"):
        assert base.cycle_for(D(as_of)) == moved.cycle_for(D(as_of))
    cut = moved.cycle_for(D("2027-12-01"))
    assert (cut.start, cut.end) == (D("2027-08-01"), D("2028-03-31"))
    after = moved.cycle_for(D("2029-05-01"))
    assert (after.start, after.end) == (D("2029-04-01"), D("2030-03-31"))


def test_dated_parameter_reads_the_value_in_force():
    ages = Dated(((D("2025-08-01"), 70), (D("2030-08-01"), 72)))
    assert [ages.on(D(day)) for day in ("2025-08-01", "2030-07-31", "2030-08-01", "2040-01-01")] \
        == [70, 70, 72, 72]
    with pytest.raises(ValueError):
        Dated(((D("2030-08-01"), 72), (D("2025-08-01"), 70)))
