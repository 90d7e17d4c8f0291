"""The data the test modules share, so that no test module imports another.

- ``CITIES``, ``LANGS``: the two real cities and the two languages the suites read words in;
  ``PAGE_LANGS``: every language a page is built in.
- ``SITUATIONS`` × ``BIRTHS``: the trust corpus, answers as the API takes them (issue 7):
  test_trust checks every answer of it against the cities' documents, test_speed_caches
  builds each answer twice (with nothing kept, and after others were kept).
- ``TEST_CITIES``, ``CITY_FILES``: the test cities (nine cities' real pages, transcribed, and a
  made-up one) and every city file under test, the app's own first.
- ``FIRST_SCREEN`` (on ``FIRST_SCREEN_AS_OF``) and ``HOUSEHOLD``: the residents and the
  household the answer card is checked with, in-process for what it says
  (test_result_page) and in Chromium for where it lies (browser/test_answer_card).

Browser helpers live in tests/browser/pages.py.
"""
from __future__ import annotations

from pathlib import Path

from webapp.citydata import CITIES_DIR

CITIES = ("yamagata", "shiroishi")
LANGS = ("ja", "en")
# Every language a page is built in (やさしい日本語 too): for checks that read no words.
PAGE_LANGS = ("ja", "ja-easy", "en")

SITUATIONS = {
    "no_card": dict(my_number_card="none"),
    "registered": dict(my_number_card="held", insurance_registration="registered"),
    "not_registered": dict(my_number_card="held", insurance_registration="not_registered"),
    "unknown": dict(my_number_card="held", insurance_registration="unknown"),
    "lost": dict(my_number_card="lost", insurance_registration="registered"),
    "lost_unknown": dict(my_number_card="lost", insurance_registration="unknown"),
    "care": dict(my_number_card="held", insurance_registration="registered", care_need=True),
    "lost_care": dict(my_number_card="lost", insurance_registration="registered", care_need=True),
    "deregister": dict(my_number_card="held", insurance_registration="registered",
                       wants_deregistration=True),
    "employer": dict(my_number_card="none", employer_insurance=True),
    "restricted": dict(my_number_card="held", insurance_registration="registered",
                       restricted_view=True),
}
BIRTHS = ("1980-05-10", "1956-03-15", "1957-01-20", "1953-11-27", "1951-02-01")

TEST_CITIES = Path(__file__).resolve().parent / "cities"
CITY_FILES = sorted(CITIES_DIR.glob("*.yaml")) + sorted(TEST_CITIES.glob("*.yaml"))

# The six residents the answer card was measured with: name -> (city, answers as the wizard
# takes them, the usual answer for any not named; the card's first row, whether it has the
# calendar button, whether it has a phone link). Shiroishi's page gives its offices no phone
# number: none is made up.
FIRST_SCREEN_AS_OF = "2026-01-15"
# The year residents live in (issue 27): from 2026-08-01 the cities have published no dates,
# so results carry projected ones. The day the walk was made.
PROJECTED_AS_OF = "2026-12-05"
YEARS = {"documented": FIRST_SCREEN_AS_OF, "projected": PROJECTED_AS_OF}
FIRST_SCREEN = {
    "68, registered card": ("yamagata", {"birth_date": "1957-06-01"}, "clinic", True, False),
    "72, no card": ("yamagata", {"birth_date": "1953-08-01", "my_number_card": "none"}, "clinic", True, False),
    "turning 75 this spring": ("yamagata", {"birth_date": "1951-04-20"}, "change", True, False),
    "lost card": ("shiroishi", {"birth_date": "1970-07-07", "my_number_card": "lost"}, "step", False, False),
    "joined insurance at work": ("yamagata", {"birth_date": "1985-11-03", "employer_insurance": "yes"},
                                 "step", False, True),
    "registration unknown": ("yamagata", {"birth_date": "1975-01-01", "insurance_registration": "unknown"},
                             "step", False, True),
}

# Two people in Shiroishi, both insured at work: a registered card holder and one with no
# card (the birth dates as typed: era, year, month, day).
HOUSEHOLD_CITY = "shiroishi"
HOUSEHOLD = (
    {"birth_date": ("seireki", "1970", "10", "10"), "my_number_card": "held",
     "insurance_registration": "registered", "restricted_view": "no", "care_need": "no",
     "employer_insurance": "yes", "wants_deregistration": "no"},
    {"birth_date": ("showa", "40", "6", "15"), "my_number_card": "none", "employer_insurance": "yes"},
)
# The household of three the issue 27 walk measured: the two above and a 71-year-old who does
# not know whether the card is registered (the longest card a person has); of four, one more.
HOUSEHOLD_OF_THREE = (*HOUSEHOLD, {"birth_date": ("showa", "30", "2", "1"), "my_number_card": "held",
                                   "insurance_registration": "unknown"})
HOUSEHOLD_OF_FOUR = (*HOUSEHOLD_OF_THREE, {"birth_date": ("heisei", "2", "5", "5"), "my_number_card": "none"})
