"""What the tests expect, written out once and shared by the Flask-client tests and the
browser tests. Literal on purpose: never read from webapp/, the code under test."""
from __future__ import annotations

# The questions these expectations were written for, in the order the pages come.
# A question added since (docs/adding.md) has its own tests; tests/test_pages.py expects it
# where its definition in webapp/questions.py puts it (with_added).
STEPS = ("birth_date", "my_number_card", "insurance_registration", "restricted_view",
         "care_need", "employer_insurance", "wants_deregistration")

# The title of each task on the result page (English source strings).
ACTION_TITLES = {
    "check_registration": "Check whether your card is registered for health insurance",
    "leave_nhi": "Leave National Health Insurance",
    "apply_certificate": "Apply for an Eligibility certificate",
    "ask_without_card": "Ask how to see a doctor without your card",
    "deregister": "Cancel the card's health insurance registration",
    "register_card": "Register your My Number card for health insurance (if you want to)",
    "replace_card": "Get a new My Number card",
}
