"""The data the test modules share, so that no test module imports another.

- ``CITIES``, ``LANGS``: the two real cities and the two languages the suites read words in;
  ``PAGE_LANGS``: every language a page is built in.
- ``SITUATIONS`` × ``BIRTHS``: the trust corpus, answers as the API takes them (issue 7):
  test_trust checks every answer of it against the cities' documents, test_speed_caches
  builds each answer twice (with nothing kept, and after others were kept).
- ``TEST_CITIES``, ``CITY_FILES``: the test cities (five cities' real pages, transcribed, and a
  made-up one) and every city file under test, the app's own first.

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
