"""schemathesis against the API, in-process (WSGI, no server), with every check it has.

Both operations of webapp/openapi.yaml, as served at /api/v1/openapi.json (whose
``municipality`` parameter lists the configured cities), in every phase: the documented
example, "coverage" (each field's boundary and wrong values, missing fields, the methods
the API does not take) and "fuzzing" (``MAX_EXAMPLES`` generated requests per operation),
with valid (positive) and invalid (negative) data. Reproducible: Hypothesis is
derandomized, the coverage phase is deterministic, and nothing is kept between runs.

Any failure is a bug in the app or in the document: fix it there, not here. schemathesis
is imported plainly: without it this file fails, it never skips.
"""
from __future__ import annotations

from datetime import date

import schemathesis
from hypothesis import settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks

from webapp import create_app
from webapp.clock import today_in_tokyo

MAX_EXAMPLES = 100

APP = create_app({"SECRET_KEY": "test", "TESTING": True})
CITIES = APP.extensions["loaded_data"].cities
# schemathesis leaves out the operation that served the document unless it is named.
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP).include(
    operation_id=["outcome", "openapi"])

load_all_checks()
# Every check schemathesis registers, by name, so a new release's checks join in.
# ignored_auth and object_level_authorization look at declared security schemes, and
# use_after_free and ensure_resource_availability at resources made and deleted through
# links: the API has none of these, so those four run on every response but find nothing
# to test. Stateful runs are not made for the same reason (no links between operations).
# max_response_time is not registered unless given a limit: on a shared machine a time
# limit would fail at random, and speed has its own tools (make bench, make benchmark).
ALL_CHECKS = [CHECKS.get_one(name) for name in CHECKS.get_all_names()]

# schemathesis' WSGI transport sends requests' default "Accept-Encoding: gzip, deflate"
# but hands the checks the body as the app sent it (an HTTP client would decompress it):
# the app compresses when asked (Flask-Compress), so ask it not to.
HEADERS = {"Accept-Encoding": "identity"}


def as_date(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def within_the_prose(case) -> None:
    """Valid data that the API refuses for the two rules JSON Schema cannot state
    (openapi.yaml says them in words): ``as_of`` not before the city's first cycle (the
    city's, not the document's), and a birth date not after ``as_of`` (or today; two
    fields compared). A valid request generated against them gets that date moved into
    range, still a valid request; a request with invalid data is left as it is (422
    either way). Refusing those requests is tested in tests/test_api.py."""
    city = CITIES.get(case.path_parameters.get("municipality"))
    body = case.body
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if city is None or not isinstance(body, dict) or not positive:
        return
    first = city.calendar.first_day()
    as_of = as_date(body.get("as_of"))
    if as_of and as_of < first:
        body["as_of"] = first.isoformat()
    day = as_date(body.get("as_of")) or today_in_tokyo()
    for person in body.get("members", [body]):
        born = as_date(person.get("birth_date"))
        if born and born > day:
            person["birth_date"] = day.isoformat()


@SCHEMA.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None)
def test_api(case):
    within_the_prose(case)
    case.call_and_validate(checks=ALL_CHECKS, headers=HEADERS)


def test_both_operations_every_phase_and_mode():
    """A changed default or a schemathesis.toml must not quietly narrow what runs."""
    operations = [result.ok() for result in SCHEMA.get_all_operations()]
    assert sorted(operation.label for operation in operations) == [
        "GET /api/v1/openapi.json", "POST /api/v1/{municipality}/outcome"]
    for operation in operations:
        phases = SCHEMA.config.phases_for(operation=operation)
        assert phases.examples.enabled and phases.coverage.enabled and phases.fuzzing.enabled
        for phase in ("coverage", "fuzzing"):
            modes = SCHEMA.config.generation_for(operation=operation, phase=phase).modes
            assert set(modes) == set(GenerationMode), (operation.label, phase, modes)
    assert {"not_a_server_error", "status_code_conformance", "content_type_conformance",
            "response_schema_conformance", "response_headers_conformance",
            "negative_data_rejection", "positive_data_acceptance", "missing_required_header",
            "unsupported_method", "allow_header_conformance"} <= {check.__name__ for check in ALL_CHECKS}
