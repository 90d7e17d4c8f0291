"""The words the presenter uses that are not a city's: the names of papers and steps, the
answer card's labels, and the sentences for what a city's guide does not say (marked for
extraction with ``_l``, translated where they are shown)."""
from __future__ import annotations

from ..rules.outcome import (
    CERTIFICATE,
    IF_NOT_REGISTERED,
    IF_REGISTERED,
    NOTICE,
)


def _l(msgid: str) -> str:
    """Marks a message for extraction; the Presenter translates it where it is shown."""
    return msgid


# Who runs the system at 75 where the city's page names no union: the law's words (each
# prefecture's association runs it), never a name the page does not give.
UNION_UNNAMED = _l("the association of your prefecture (後期高齢者医療広域連合)")

DOCUMENT_NAMES = {
    NOTICE: _l("Notice of insurance qualification"),
    CERTIFICATE: _l("Eligibility certificate"),
}
CONDITION_LABELS = {
    IF_REGISTERED: _l("If your card is registered:"),
    IF_NOT_REGISTERED: _l("If it is not registered:"),
}
CARD_CONDITION_LABELS = {  # the same, shorter, for the answer card
    IF_REGISTERED: _l("If registered:"),
    IF_NOT_REGISTERED: _l("If not registered:"),
}
NATIONAL_RULES = _l("Rules that apply across Japan")
# Each names its paper: the city's silence on one paper is not the same statement as on another.
UNSAID_MAILING = {
    ("how", "when"): _l("The city's guide does not say how or when the %(paper)s is sent: ask %(office)s."),
    ("how",): _l("The city's guide does not say how the %(paper)s is sent: ask %(office)s."),
    ("when",): _l("The city's guide does not say when the %(paper)s is sent: ask %(office)s."),
}
GOVERNMENT = _l("Government of Japan")
# The answer card's rows, each with its label what to show at a clinic, the one
# step to take now, the next paper (or until when this one holds), and the change at 75.
CARD_LABELS = {
    "change": _l("Your insurance"),
    "clinic": _l("At a clinic"),
    "step": _l("What to do now"),
    "next": _l("Your next paper"),
    "paper": _l("Your paper"),
}
GROUP_HEADINGS = {
    IF_REGISTERED: _l("If your card is registered"),
    IF_NOT_REGISTERED: _l("If your card is not registered"),
}

# Beside a statement on a resident's page, what it rests on where that is not the city's
# own words: a rule for all of Japan, or a date carried from a documented year.
BASIS_TAGS = {"national": _l("Rule for all of Japan"), "projected": _l("Projected")}
