"""Every step the rules can ask of a resident, one entry each (like QUESTIONS for the
questions): its title, whether it is optional, whether the page must say that the city's
guide gives no list of what to bring, its place on the answer card, its paragraphs, and
what the summary says of it.

Adding a step is its rule (rules/outcome.actions_for), one entry here, where each city's
file says it is done, and its tests (docs/adding.md)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..rules.outcome import Action, Basis
from ..rules.table import Cite
from .labels import _l
from .model import Step as StepView
from .sources import cite_of
from .statement import Statement


class Writing(Protocol):
    """What a step's words ask of the presenter that writes them: situation.py's for the
    page, dated.py's for the summary (both a writer.Writer that knows whether the card is
    lost). A protocol, so that this table imports neither of them: they both import it."""

    lang: str
    card_lost: bool

    def _(self, msgid: str, **params: Any) -> str: ...

    def rests(self, text: str, *on: Cite | Basis | str | None) -> Statement: ...

    def ask_whom(self) -> str: ...

    def shows_office(self, data: Mapping[str, Any]) -> bool: ...


# (paragraphs, methods): what the step says, and a list of ways to do it (or none).
Said = tuple[list[Statement], list[Statement]]

REGISTRATION_METHODS = {
    "my_portal": _l("Mynaportal on your smartphone (needs the 4-digit PIN)"),
    "seven_bank_atm": _l("A Seven Bank ATM (needs the 4-digit PIN)"),
    "city_office_pc": _l("The computer at the city office counter (needs the 4-digit PIN)"),
    "clinic_reader": _l("The card reader at a clinic or pharmacy (with face recognition, no PIN)"),
}


@dataclass(frozen=True)
class Step:
    id: str
    title: str  # a msgid
    says: Callable[[Writing, Action, Mapping[str, Any]], Said]
    optional: bool = False
    # Where the city gives no list of what to bring, the page says so (a visit is needed).
    needs_bring: bool = False
    # The answer card shows one required step: the lowest rank first (unranked ones after,
    # in the rules' order); a step that leads opens the card, above what to show at a clinic.
    card_rank: int | None = None
    leads_card: bool = False
    # What the summary says of it (the API's short answer), given the action's view and
    # whether the old card still holds; a leading one comes before anything else.
    summary: Callable[[Writing, StepView, bool], list[Statement]] | None = None
    summary_leads: bool = False
    # A question the city's document is silent on: asked of the office it names to ask (its
    # file has no entry for the step).
    asked: bool = False
    # Where no office is shown, its words name whom to ask (the city): no line says so again.
    names_whom: bool = False


def _where(p: Writing, action: StepView) -> str:
    """The office the step is done at, or whom the city's guide names to ask."""
    return action.office.label if action.office else p.ask_whom()


def _check_registration(w: Writing, action: Action, data: Mapping[str, Any]) -> Said:
    if w.card_lost and not w.shows_office(data):
        return [w.rests(w._("Your card is lost, so ask %(office)s whether it was registered. Then use this guide "
                            "again and choose the answer.", office=w.ask_whom()), "registration_status")], []
    if w.card_lost:
        return [w.rests(w._("Your card is lost, so ask the office below whether it was registered. Then use this "
                            "guide again and choose the answer."), "registration_status")], []
    portal = w.rests(w._("Log in to Mynaportal (マイナポータル) with your card. If the card is registered, the health "
                         "insurance registration status shows 登録済 (registered). Then use this guide again and "
                         "choose the answer."), "registration_status")
    # "Ask the office below" only where the city names one (else its silence is said below).
    return [portal, *([w.rests(w._("You can also ask the office below."), cite_of(data["cite"]))]
                      if data["office"] else [])], []


def _leave_nhi(w: Writing, action: Action, data: Mapping[str, Any]) -> Said:
    return [w.rests(w._("When you join health insurance through work, you must also leave National Health "
                        "Insurance: it does not happen on its own."), "leave_nhi"),
            w.rests(w._("Your National Health Insurance papers cannot be used from the day your insurance at "
                        "work starts. Ask your new insurer about its papers."), "leave_nhi")], []


def _apply_certificate(w: Writing, action: Action, data: Mapping[str, Any]) -> Said:
    # Why this resident may apply, in the city's words.
    return [w.rests(data["reasons"][reason][w.lang], cite_of(data["cite"])) for reason in action.reasons], []


def _ask_without_card(w: Writing, action: Action, data: Mapping[str, Any]) -> Said:
    if not w.shows_office(data):
        return [w.rests(w._("The city's guide does not say how to see a doctor when your card is lost: ask "
                            "%(office)s before you need to see a doctor.", office=w.ask_whom()),
                        Basis("not_stated"))], []
    return [w.rests(w._("The city's guide does not say how to see a doctor when your card is lost. Ask the office "
                        "below before you need to see a doctor."), Basis("not_stated"))], []


def _ask_certificate(w: Writing, action: Action, data: Mapping[str, Any]) -> Said:
    return [w.rests(w._("The city's guide does not say whether you can get an Eligibility certificate because you "
                        "find it hard to use your card at a clinic: ask %(office)s before you need to see a doctor.",
                        office=w.ask_whom()), Basis("not_stated"))], []


def _deregister(w: Writing, action: Action, data: Mapping[str, Any]) -> Said:
    # Where: the city's words for the step's office (or, with none, its silence, said below).
    paragraphs = [w.rests(w._("Apply at the office below."), cite_of(data["cite"]))] if data["office"] else []
    if not data["notes"]:
        paragraphs.append(w.rests(w._("Without the registration, you are given an Eligibility certificate instead "
                                      "of the notice. The city's guide does not say when or how."),
                                  "certificate_without_applying"))
    return paragraphs, []


def _register_card(w: Writing, action: Action, data: Mapping[str, Any]) -> Said:
    if data["methods"] is None:
        # The page lists no way to register: it says so, and whom to ask (issue 26).
        return [w.rests(w._("You do not have to register: without it you are given an Eligibility certificate."),
                        "certificate_without_applying"),
                w.rests(w._("The city's guide does not say how to register the card for health insurance. Ask "
                            "%(office)s.", office=w.ask_whom()), Basis("not_stated"))], []
    return ([w.rests(w._("You do not have to register: without it you are given an Eligibility certificate. If "
                         "you want to use your card at clinics, you can register it in one of these ways:"),
                     "certificate_without_applying", "registration_methods")],
            [w.rests(w._(REGISTRATION_METHODS[method]), "registration_methods") for method in data["methods"]])


def _replace_card(w: Writing, action: Action, data: Mapping[str, Any]) -> Said:
    return [w.rests(w._("Until you have a new card, you cannot use the card at a clinic."), "clinic_notice")], []


def _leave_nhi_summary(p: Writing, action: StepView, old_card_valid: bool) -> list[Statement]:
    return [p.rests(p._("You have joined, or will join, health insurance at work: leave National Health Insurance "
                        "at %(office)s. Your National Health Insurance papers cannot be used from the day your "
                        "insurance at work starts.", office=_where(p, action)), "leave_nhi")]


def _apply_certificate_summary(p: Writing, action: StepView, old_card_valid: bool) -> list[Statement]:
    if not p.card_lost:
        return []
    lines = [p.rests(p._("Because your card is lost, apply now for an Eligibility certificate at %(office)s.",
                         office=_where(p, action)), "paper_by_card")]
    if not old_card_valid:
        lines.append(p.rests(p._("The city's guide does not say how to see a doctor until the certificate comes. "
                                 "Ask %(office)s.", office=_where(p, action)), Basis("not_stated")))
    return lines


def _ask_without_card_summary(p: Writing, action: StepView, old_card_valid: bool) -> list[Statement]:
    if old_card_valid:
        return []
    return [p.rests(p._("The city's guide does not say how to see a doctor without your card. Ask %(office)s now.",
                        office=_where(p, action)), Basis("not_stated"))]


def _ask_certificate_summary(p: Writing, action: StepView, old_card_valid: bool) -> list[Statement]:
    return [p.rests(p._("The city's guide does not say whether you can get an Eligibility certificate because you "
                        "find it hard to use your card at a clinic: ask %(office)s.", office=p.ask_whom()),
                    Basis("not_stated"))]


ACTIONS: Mapping[str, Step] = {step.id: step for step in (
    # Leaving NHI ends every paper; an unknown registration decides which paper comes.
    Step("leave_nhi", _l("Leave National Health Insurance"), _leave_nhi, needs_bring=True,
         card_rank=0, leads_card=True, summary=_leave_nhi_summary, summary_leads=True),
    Step("apply_certificate", _l("Apply for an Eligibility certificate"), _apply_certificate, needs_bring=True,
         card_rank=1, summary=_apply_certificate_summary),
    Step("check_registration", _l("Check whether your card is registered for health insurance"),
         _check_registration, card_rank=2, leads_card=True),
    Step("ask_without_card", _l("Ask how to see a doctor without your card"), _ask_without_card, card_rank=3,
         summary=_ask_without_card_summary, names_whom=True),
    Step("ask_certificate", _l("Ask whether you can get an Eligibility certificate"), _ask_certificate,
         card_rank=4, summary=_ask_certificate_summary, asked=True),
    Step("deregister", _l("Cancel the card's health insurance registration"), _deregister, needs_bring=True),
    Step("register_card", _l("Register your My Number card for health insurance (if you want to)"),
         _register_card, optional=True),
    Step("replace_card", _l("Get a new My Number card"), _replace_card),
)}
