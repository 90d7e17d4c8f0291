"""Unit tests of the decision code against RULES.md and the seeds.

Expected dates are worked out by hand from RULES.md (the comment on each case shows the
reasoning), never read back from the code under test. The calendars come from the real
city files, so a wrong override in shiroishi.yaml / yamagata.yaml also fails here.
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
CYCLE_END_2025 = D("2026-07-31")  # 令和8年7月31日

CITIES = load_cities()
AGES = load_national().ages
BOTH = pytest.mark.parametrize("city", ["yamagata", "shiroishi"])

# The first day of the 2025 cycle's new papers. Yamagata: the national cycle start
# (令和7年8月1日). Shiroishi: "現在お持ちの保険証は、令和7年9月30日(火)まで使用できます" and
# the new papers are mailed "9月末までに", so they are valid from 2025-10-01.
PAPERS_FROM_2025 = {"yamagata": D("2025-08-01"), "shiroishi": D("2025-10-01")}

NOTICE_HOLDER = dict(my_number_card="held", insurance_registration="registered")
NO_CARD = dict(my_number_card="none")


def calendar(city: str) -> CycleCalendar:
    return CITIES[city].calendar


def run(city, birth, as_of="2025-08-01", **answers):
    return decide(Answers(birth_date=D(birth), **answers), D(as_of), calendar(city), AGES,
                  CITIES[city].certificate_reasons)


def papers(outcome):
    """(type, valid_from, expires_on, shows_cost_share) per document, in order."""
    return [(d.type, d.valid_from, d.expires_on, d.shows_cost_share) for d in outcome.documents]


def currents(outcome):
    return [d.current for d in outcome.documents]


def ids(outcome):
    return [a.id for a in outcome.actions]


# --- RULES.md expiry table, 2025 cycle, both cities ---------------------------------------

@BOTH
def test_under_70_all_cycle_notice_has_no_expiry(city):
    # Born 1980-05-10: 45 on 2025-08-01, not 70 by 2026-08-01 → "ありません".
    out = run(city, "1980-05-10", **NOTICE_HOLDER)
    assert out.scheme == "nhi"
    assert papers(out) == [(N, PAPERS_FROM_2025[city], None, False)]
    assert out.documents[0].ends_because is None


@BOTH
def test_under_70_all_cycle_certificate_expires_at_cycle_end(city):
    # Shiroishi: "年齢にかかわらず、資格確認書には有効期限があります。最長で7月31日".
    out = run(city, "1980-05-10", **NO_CARD)
    assert papers(out) == [(C, PAPERS_FROM_2025[city], CYCLE_END_2025, False)]


@BOTH
@pytest.mark.parametrize("card, kind", [(NOTICE_HOLDER, N), (NO_CARD, C)])
def test_70th_birthday_inside_cycle_splits_at_cost_share_start(city, card, kind):
    # Born 1956-03-15: reaches 70 on 2026-03-14 → cost share from 2026-04-01. First paper
    # to the end of the birth month (誕生月の末日), then one showing the cost share to the
    # cycle end. For a certificate the split is RULES.md's inference.
    out = run(city, "1956-03-15", **card)
    assert papers(out) == [
        (kind, PAPERS_FROM_2025[city], D("2026-03-31"), False),
        (kind, D("2026-04-01"), CYCLE_END_2025, True),
    ]
    assert out.documents[0].ends_because == "cost_share_starts"
    assert out.cost_share_start == D("2026-04-01")


@BOTH
@pytest.mark.parametrize("card, kind", [(NOTICE_HOLDER, N), (NO_CARD, C)])
def test_70_to_74_all_cycle_expires_at_cycle_end_with_cost_share(city, card, kind):
    # Born 1953-06-20: 72 all cycle, 75th birthday 2028-06-20 → 令和8年7月31日.
    out = run(city, "1953-06-20", **card)
    assert papers(out) == [(kind, PAPERS_FROM_2025[city], CYCLE_END_2025, True)]
    assert out.documents[0].ends_because == "cycle_end"


@BOTH
@pytest.mark.parametrize("card, kind", [(NOTICE_HOLDER, N), (NO_CARD, C)])
def test_75th_birthday_inside_cycle_expires_day_before(city, card, kind):
    # Born 1951-03-10: 75th birthday 2026-03-10 → 誕生日の前日 2026-03-09.
    out = run(city, "1951-03-10", **card)
    assert papers(out) == [(kind, PAPERS_FROM_2025[city], D("2026-03-09"), True)]
    assert out.documents[0].ends_because == "late_elderly"
    assert out.late_elderly_start == D("2026-03-10")
    assert out.late_elderly_in_cycle is True


# --- edge dates -------------------------------------------------------------------------

@BOTH
def test_70th_birthday_on_the_first_expires_day_before_birthday(city):
    # Born 1956-03-01: reaches 70 on 2026-02-28, cost share from 2026-03-01 (the birth
    # month itself, "1日生まれの方はその月") → first paper to 2026-02-28.
    out = run(city, "1956-03-01", **NOTICE_HOLDER)
    assert papers(out) == [
        (N, PAPERS_FROM_2025[city], D("2026-02-28"), False),
        (N, D("2026-03-01"), CYCLE_END_2025, True),
    ]


def test_70th_birthday_on_2_august_yamagata_expires_end_of_august():
    # Born 1955-08-02: reaches 70 on 2025-08-01 → cost share from 2025-09-01 → the paper
    # from 2025-08-01 expires 2025-08-31 (RULES.md's own example).
    out = run("yamagata", "1955-08-02", **NOTICE_HOLDER)
    assert papers(out) == [
        (N, D("2025-08-01"), D("2025-08-31"), False),
        (N, D("2025-09-01"), CYCLE_END_2025, True),
    ]
    assert currents(out) == [True, False]


def test_70th_birthday_on_2_august_shiroishi_one_paper_with_cost_share():
    # Same person in Shiroishi: the new papers only start on 2025-10-01, after the cost
    # share has started (2025-09-01), so there is a single paper showing it.
    out = run("shiroishi", "1955-08-02", **NOTICE_HOLDER)
    assert papers(out) == [(N, D("2025-10-01"), CYCLE_END_2025, True)]


@BOTH
def test_70th_birthday_on_1_august_one_paper_with_cost_share(city):
    # Born 1955-08-01: reaches 70 on 2025-07-31 → cost share from 2025-08-01 (cycle start).
    out = run(city, "1955-08-01", **NOTICE_HOLDER)
    assert papers(out) == [(N, PAPERS_FROM_2025[city], CYCLE_END_2025, True)]


@BOTH
@pytest.mark.parametrize("card, kind", [(NOTICE_HOLDER, N), (NO_CARD, C)])
def test_70th_birthday_on_2026_08_01_counts_as_by_2026_08_01(city, card, kind):
    # Born 1956-08-01: 70th birthday 2026-08-01 is "令和８年８月１日までに70歳の誕生日を迎える方"
    # → cost_share_start 2026-08-01 → expires the day before, 2026-07-31, no cost share yet.
    out = run(city, "1956-08-01", **card)
    assert papers(out) == [(kind, PAPERS_FROM_2025[city], CYCLE_END_2025, False)]
    assert out.cost_share_start == D("2026-08-01")


@BOTH
def test_70th_birthday_on_2026_08_02_is_not_by_2026_08_01(city):
    # Born 1956-08-02: 70th birthday after 2026-08-01 → under-70 row: no expiry.
    out = run(city, "1956-08-02", **NOTICE_HOLDER)
    assert papers(out) == [(N, PAPERS_FROM_2025[city], None, False)]
    out = run(city, "1956-08-02", **NO_CARD)
    assert papers(out) == [(C, PAPERS_FROM_2025[city], CYCLE_END_2025, False)]


@BOTH
def test_born_29_february_70th_birthday_in_common_year(city):
    # Born 1956-02-29: 2026 is common, the birthday is 1 March, 70 is reached on
    # 2026-02-28 → cost share from 2026-03-01 → first paper to the end of February.
    out = run(city, "1956-02-29", **NOTICE_HOLDER)
    assert papers(out) == [
        (N, PAPERS_FROM_2025[city], D("2026-02-28"), False),
        (N, D("2026-03-01"), CYCLE_END_2025, True),
    ]


@BOTH
def test_75th_birthday_on_29_february_in_common_year(city):
    # Born 1952-02-29: 75th "birthday" in 2027 (common year) is 1 March → late elderly
    # from 2027-03-01, papers of the 2026 cycle end 2027-02-28.
    out = run(city, "1952-02-29", as_of="2026-09-15", **NOTICE_HOLDER)
    assert out.late_elderly_start == D("2027-03-01")
    assert papers(out) == [(N, D("2026-08-01"), D("2027-02-28"), True)]
    assert run(city, "1952-02-29", as_of="2027-02-28", **NOTICE_HOLDER).scheme == "nhi"
    assert run(city, "1952-02-29", as_of="2027-03-01", **NOTICE_HOLDER).scheme == "late_elderly"


@BOTH
def test_75th_birthday_after_cycle(city):
    # Born 1951-09-10: 75th birthday 2026-09-10, after 2026-08-01 → 2026-07-31.
    out = run(city, "1951-09-10", **NOTICE_HOLDER)
    assert papers(out) == [(N, PAPERS_FROM_2025[city], CYCLE_END_2025, True)]
    assert out.late_elderly_in_cycle is False


@BOTH
def test_75th_birthday_on_2026_08_01_ends_day_before(city):
    # Born 1951-08-01: "令和８年８月１日までに75歳の誕生日を迎える方" → 誕生日の前日 2026-07-31,
    # and the reason is the late-elderly scheme, not the cycle end.
    out = run(city, "1951-08-01", **NOTICE_HOLDER)
    assert papers(out) == [(N, PAPERS_FROM_2025[city], CYCLE_END_2025, True)]
    assert out.documents[0].ends_because == "late_elderly"
    assert out.late_elderly_in_cycle is True


@BOTH
def test_75th_birthday_exactly_on_cycle_start_is_late_elderly(city):
    # Born 1950-08-01: 75th birthday 2025-08-01 = as_of → 後期高齢者医療, no NHI papers.
    out = run(city, "1950-08-01", **NOTICE_HOLDER)
    assert out.scheme == "late_elderly"
    assert out.documents == ()
    assert out.actions == ()


def test_75th_birthday_day_after_cycle_start_yamagata_one_day_paper():
    # Born 1950-08-02 in Yamagata, asked on 2025-08-01: still NHI for one day.
    out = run("yamagata", "1950-08-02", **NOTICE_HOLDER)
    assert out.scheme == "nhi"
    assert papers(out) == [(N, D("2025-08-01"), D("2025-08-01"), True)]
    assert currents(out) == [True]


@pytest.mark.parametrize("birth", ["1950-08-02", "1950-09-10", "1950-10-01"])
def test_shiroishi_75_before_new_papers_start_gets_no_nhi_paper(birth):
    # 75th birthday on or before 2025-10-01: NHI ends before the Shiroishi papers start
    # (2025-10-01); no paper may be valid from a day after it expires.
    out = run("shiroishi", birth, as_of="2025-08-01", **NOTICE_HOLDER)
    assert out.scheme == "nhi"
    assert out.documents == ()
    for doc in run("shiroishi", birth, as_of="2025-08-01", **NO_CARD).documents:
        assert doc.expires_on is None or doc.valid_from <= doc.expires_on


def test_shiroishi_75_the_day_after_papers_start_gets_a_one_day_paper():
    out = run("shiroishi", "1950-10-02", as_of="2025-08-01", **NO_CARD)
    assert papers(out) == [(C, D("2025-10-01"), D("2025-10-01"), True)]


# --- later cycles -----------------------------------------------------------------------

@BOTH
def test_2026_cycle(city):
    # as_of 2026-09-15 → cycle 2026-08-01 … 2027-07-31; Shiroishi has no 2026 override.
    out = run(city, "1956-03-15", as_of="2026-09-15", **NOTICE_HOLDER)
    assert (out.cycle.start, out.cycle.end) == (D("2026-08-01"), D("2027-07-31"))
    assert papers(out) == [(N, D("2026-08-01"), D("2027-07-31"), True)]
    assert currents(out) == [True]
    # A notice without expiry is not sent again: the one from 2025 is kept (valid_from None).
    out = run(city, "1980-05-10", as_of="2026-09-15", **NOTICE_HOLDER)
    assert papers(out) == [(N, None, None, False)]
    assert [d.issued for d in out.documents] == ["earlier"]
    assert currents(out) == [True]


@BOTH
def test_kept_notice_until_the_cost_share_notice_replaces_it(city):
    # Born 1957-01-20: 70 on 2027-01-19 (the day before the birthday), cost share from
    # 2027-02-01. In the 2026 cycle the kept notice is in use until 2027-01-31; the new one,
    # sent for this cycle, runs from 2027-02-01 to 2027-07-31.
    out = run(city, "1957-01-20", as_of="2026-11-23", **NOTICE_HOLDER)
    assert papers(out) == [(N, None, D("2027-01-31"), False), (N, D("2027-02-01"), D("2027-07-31"), True)]
    assert [d.issued for d in out.documents] == ["earlier", "this_cycle"]
    assert currents(out) == [True, False]
    # In the first cycle every paper was sent: nothing is "earlier".
    out = run(city, "1956-03-15", as_of="2025-11-01", **NOTICE_HOLDER)
    assert [d.issued for d in out.documents] == ["this_cycle", "this_cycle"]


@BOTH
def test_certificates_and_70_to_74_notices_are_sent_every_cycle(city):
    out = run(city, "1980-05-10", as_of="2026-11-23", **NO_CARD)
    assert papers(out) == [(C, D("2026-08-01"), D("2027-07-31"), False)]
    assert [d.issued for d in out.documents] == ["this_cycle"]
    out = run(city, "1954-05-10", as_of="2026-11-23", **NOTICE_HOLDER)
    assert [d.issued for d in out.documents] == ["this_cycle"]


@BOTH
@pytest.mark.parametrize("as_of, projected", [
    ("2025-08-01", False), ("2026-07-31", False),  # the cycle the documents describe
    ("2026-08-01", True), ("2026-11-23", True), ("2031-01-01", True),
])
def test_cycles_the_documents_do_not_describe_are_projected(city, as_of, projected):
    assert run(city, "1980-05-10", as_of=as_of, **NO_CARD).cycle.projected is projected


@BOTH
def test_2027_cycle_split(city):
    # Born 1957-10-05: reaches 70 on 2027-10-04 → cost share from 2027-11-01.
    out = run(city, "1957-10-05", as_of="2027-08-01", **NO_CARD)
    assert (out.cycle.start, out.cycle.end) == (D("2027-08-01"), D("2028-07-31"))
    assert papers(out) == [
        (C, D("2027-08-01"), D("2027-10-31"), False),
        (C, D("2027-11-01"), D("2028-07-31"), True),
    ]
    assert currents(out) == [True, False]


# --- current flag -----------------------------------------------------------------------

@pytest.mark.parametrize("as_of, expected", [
    ("2025-08-01", [True, False]),
    ("2026-03-31", [True, False]),
    ("2026-04-01", [False, True]),
    ("2026-07-31", [False, True]),
])
def test_current_flag_yamagata(as_of, expected):
    assert currents(run("yamagata", "1956-03-15", as_of=as_of, **NOTICE_HOLDER)) == expected


@pytest.mark.parametrize("as_of, expected", [
    ("2025-08-15", [False, False]),  # the old card is still in use
    ("2025-09-30", [False, False]),
    ("2025-10-01", [True, False]),
    ("2026-04-01", [False, True]),
])
def test_current_flag_shiroishi(as_of, expected):
    assert currents(run("shiroishi", "1956-03-15", as_of=as_of, **NOTICE_HOLDER)) == expected


def test_no_expiry_notice_is_current_from_its_start():
    assert currents(run("yamagata", "1980-05-10", as_of="2026-07-31", **NOTICE_HOLDER)) == [True]
    assert currents(run("shiroishi", "1980-05-10", as_of="2025-09-30", **NOTICE_HOLDER)) == [False]


# --- Shiroishi 2025 override ------------------------------------------------------------

def test_shiroishi_2025_override():
    out = run("shiroishi", "1980-05-10", as_of="2025-08-15", **NO_CARD)
    assert out.cycle.start == D("2025-08-01")
    assert out.cycle.papers_valid_from == D("2025-10-01")
    assert out.cycle.old_card_valid_until == D("2025-09-30")
    assert [d.valid_from for d in out.documents] == [D("2025-10-01")]
    assert not any(d.current for d in out.documents)


def test_shiroishi_override_is_only_for_2025():
    out = run("shiroishi", "1980-05-10", as_of="2026-08-01", **NO_CARD)
    assert out.cycle.papers_valid_from == D("2026-08-01")
    assert out.cycle.old_card_valid_until is None


def test_yamagata_has_no_override():
    out = run("yamagata", "1980-05-10", as_of="2025-08-15", **NO_CARD)
    assert out.cycle.papers_valid_from == D("2025-08-01")
    assert out.cycle.old_card_valid_until is None
    assert currents(out) == [True]


# --- babies -----------------------------------------------------------------------------

def test_baby_born_mid_cycle_valid_from_birth():
    out = run("yamagata", "2025-09-10", as_of="2025-09-20", **NO_CARD)
    assert papers(out) == [(C, D("2025-09-10"), CYCLE_END_2025, False)]
    assert currents(out) == [True]


def test_baby_born_before_shiroishi_papers_start():
    out = run("shiroishi", "2025-09-10", as_of="2025-09-20", **NO_CARD)
    assert papers(out) == [(C, D("2025-10-01"), CYCLE_END_2025, False)]
    out = run("shiroishi", "2025-11-03", as_of="2025-11-05", **NO_CARD)
    assert papers(out) == [(C, D("2025-11-03"), CYCLE_END_2025, False)]


def test_birth_after_as_of_is_refused():
    with pytest.raises(ValueError):
        run("yamagata", "2025-08-02", as_of="2025-08-01", **NO_CARD)


def test_as_of_before_first_cycle_is_refused():
    with pytest.raises(ValueError):
        run("yamagata", "1980-05-10", as_of="2025-07-31", **NO_CARD)


# --- document type ----------------------------------------------------------------------

def kinds(out):
    return sorted({d.type for d in out.documents})


@BOTH
@pytest.mark.parametrize("answers, expected", [
    (dict(my_number_card="none"), C),                                    # no card
    (dict(my_number_card="held", insurance_registration="not_registered"), C),
    (dict(my_number_card="held", insurance_registration="registered"), N),
    (dict(my_number_card="held", insurance_registration="registered", restricted_view=True), C),
    # Lost, but the registration stands: the notice is sent; a certificate needs applying.
    (dict(my_number_card="lost", insurance_registration="registered"), N),
    (dict(my_number_card="lost", insurance_registration="not_registered"), C),
    # Care need and deregistration only lead to actions, not to a different paper now.
    (dict(my_number_card="held", insurance_registration="registered", care_need=True), N),
    (dict(my_number_card="held", insurance_registration="registered", wants_deregistration=True), N),
])
def test_document_type(city, answers, expected):
    out = run(city, "1980-05-10", **answers)
    assert kinds(out) == [expected]
    assert all(d.condition is None for d in out.documents)


@BOTH
@pytest.mark.parametrize("card", ["held", "lost"])
def test_unknown_registration_gives_both_timelines(city, card):
    out = run(city, "1956-03-15", my_number_card=card, insurance_registration="unknown")
    start = PAPERS_FROM_2025[city]
    got = [(d.condition, d.type, d.valid_from, d.expires_on, d.shows_cost_share)
           for d in out.documents]
    assert got == [
        ("if_registered", N, start, D("2026-03-31"), False),
        ("if_registered", N, D("2026-04-01"), CYCLE_END_2025, True),
        ("if_not_registered", C, start, D("2026-03-31"), False),
        ("if_not_registered", C, D("2026-04-01"), CYCLE_END_2025, True),
    ]


def test_unknown_registration_under_70_notice_without_expiry():
    out = run("yamagata", "1980-05-10", my_number_card="held", insurance_registration="unknown")
    assert [(d.condition, d.type, d.expires_on) for d in out.documents] == [
        ("if_registered", N, None), ("if_not_registered", C, CYCLE_END_2025)]


def test_unknown_registration_with_restricted_view_is_one_certificate():
    # Restricted view gives a certificate whether or not the card is registered.
    out = run("yamagata", "1980-05-10", my_number_card="held", insurance_registration="unknown",
              restricted_view=True)
    assert [(d.condition, d.type) for d in out.documents] == [(None, C)]


# --- actions ----------------------------------------------------------------------------

REG = dict(my_number_card="held", insurance_registration="registered")


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

@pytest.mark.parametrize("day, year", [
    ("2025-08-01", 2025), ("2025-12-31", 2025),
    ("2026-01-01", 2025), ("2026-07-31", 2025), ("2026-08-01", 2026),
])
def test_cycle_year(day, year):
    assert calendar("yamagata").cycle_for(D(day)).year == year
    assert calendar("yamagata").cycle_of_year(year).start == D(f"{year}-08-01")


def test_cycle_bounds():
    cycle = calendar("yamagata").cycle_for(D("2026-07-31"))
    assert (cycle.year, cycle.start, cycle.end) == (2025, D("2025-08-01"), D("2026-07-31"))
    cycle = calendar("yamagata").cycle_for(D("2028-02-29"))
    assert (cycle.start, cycle.end) == (D("2027-08-01"), D("2028-07-31"))


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
        answers = Answers(birth_date=D("1956-03-15"), **NOTICE_HOLDER)
        before = decide(answers, D(as_of), calendar(city), AGES, CITIES[city].certificate_reasons)
        after = decide(answers, D(as_of), calendar(city), changed, CITIES[city].certificate_reasons)
        assert before == after, as_of
    # From that day on, the new age applies: born 1960-10-10 reaches 72 on 2032-10-09, so
    # the cost share starts on 2032-11-01 instead of 2030-11-01.
    answers = Answers(birth_date=D("1960-10-10"), **NOTICE_HOLDER)
    assert decide(answers, D("2030-09-01"), calendar(city), AGES,
                  CITIES[city].certificate_reasons).cost_share_start == D("2030-11-01")
    assert decide(answers, D("2030-09-01"), calendar(city), changed,
                  CITIES[city].certificate_reasons).cost_share_start == D("2032-11-01")


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
