"""The wizard's pages. Answers live only in the encrypted session cookie, per city
(read through session.py, checked by stored.py)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_translations
from werkzeug.datastructures import MultiDict

from .. import reminders
from ..caching import same_for_all
from ..citydata import loaded
from ..datefmt import long_date
from ..household import born_label
from ..languages import LANGUAGES, base, is_japanese
from ..present import (
    Answer,
    Situation,
    answer_and_situation,
    paper_groups,
    said_on_card,
    shaped_answer,
    source_label,
)
from ..present.wording import wording
from ..questions import BY_NAME, NOT_ANSWERED, QUESTIONS
from ..rules.era import ERA_KEYS_FOR_INPUT, to_wareki
from . import cookies, household_store, ruby
from .context import after_answer, answers, as_of, lang, load_city, save_answers, wizard
from .downloads import calendar_response
from .forms import BirthDateForm, choice_form, typing_to_keep
from .fragments import page_url  # path-only links, kept per address (url_for for the rest)

bp = Blueprint("wizard", __name__)
bp.url_value_preprocessor(load_city)


@bp.app_context_processor
def page_globals():
    # Japanese runs sentences and labels together; English puts a space between them.
    current = lang()
    return {"current_lang": current, "html_lang": base(current), "city": g.get("city"),
            "furigana": ruby.furigana_on(), "japanese": is_japanese(current),
            "space": wording(current).space, "person": current_person()}


def current_person() -> str | None:
    """「2人目（昭和23年生まれ）」 while the answers are for a person of a household (「2人目」
    until the birth date is answered), else None."""
    found = household_store.state(g.city.id) if g.get("city") else None
    if not found or found["at"] is None:
        return None
    return born_label(found["at"], answers().get("birth_date"), lang())


@bp.app_template_filter("long_date")
def long_date_filter(day: date) -> str:
    return long_date(day, lang())


def back_url(step: str | None) -> str:
    before = wizard().previous_step(step) if step else None
    if before:
        return page_url("wizard.question", city_id=g.city.id, step=before)
    if household_store.state(g.city.id):
        return page_url("household.household", city_id=g.city.id)
    return page_url("wizard.start", city_id=g.city.id)


@bp.get("/<city_id>/")
def start(city_id: str):
    return render_template("start.html", next_url=after_answer() if answers() else None,
                           household=household_store.state(city_id) is not None,
                           household_limit=household_store.LIMIT,
                           source=source_label(g.city.main_source, lang()), question_count=len(QUESTIONS))


def birth_date_page(raw: Mapping[str, str]):
    if request.method == "POST":
        form = BirthDateForm(as_of=as_of())
        if form.validate() and form.birth_date is not None:  # validate() sets it
            raw = dict(raw, birth_date=form.birth_date.isoformat(), birth_date_era=form.era.data)
            save_answers(raw)
            return redirect(after_answer())
    elif typed := typed_before_switch("birth_date"):
        form = BirthDateForm(as_of=as_of(), formdata=typed)
    else:
        form = BirthDateForm(as_of=as_of(), formdata=None, **birth_date_fields(raw))
    return render_template("questions/birth_date.html", form=form, back=back_url("birth_date"))


def birth_date_fields(raw: Mapping[str, str]) -> dict:
    """The saved birth date written back in the calendar the resident chose."""
    if "birth_date" not in raw:
        return {}
    born = date.fromisoformat(raw["birth_date"])
    era_key = raw.get("birth_date_era", "seireki")
    year = born.year
    if era_key != "seireki":
        era, year = to_wareki(born)
        era_key = era.key if era.key in ERA_KEYS_FOR_INPUT else "seireki"
        year = year if era_key != "seireki" else born.year
    return {"era": era_key, "year": str(year), "month": str(born.month), "day": str(born.day)}


def switch_language_keeping_typing(step: str):
    """The form was sent by the language link (with JavaScript): keep what was typed,
    unchecked, for the same page in the other language. Only the form's own fields are
    kept, within their limits, so the cookie stays small; text too long for its box is
    not switched but answered as the form's error (None: handle the form as sent)."""
    code = request.form.get("switch_language")
    furigana = request.form.get("switch_furigana")
    if code not in LANGUAGES and furigana not in ruby.STATES:
        return None
    typed, too_long = typing_to_keep(step, request.form)
    if too_long:
        return None
    session["typing"] = {"city": g.city.id, "step": step, "form": typed}
    response = make_response(redirect(request.path))
    if code in LANGUAGES:
        cookies.remember(response, cookies.LANG, code)
    elif furigana in ruby.STATES:
        cookies.remember(response, cookies.FURIGANA, furigana)
    return response


def typed_before_switch(step: str) -> MultiDict | None:
    typing = session.pop("typing", None)
    if typing and typing["city"] == g.city.id and typing["step"] == step:
        return MultiDict(typing["form"])
    return None


@bp.route("/<city_id>/q/<step>", methods=["GET", "POST"])
def question(city_id: str, step: str):
    raw = answers()
    if step not in BY_NAME:
        abort(404)
    if (found := household_store.state(city_id)) and found["at"] is None:
        return redirect(url_for("household.household", city_id=city_id))  # nobody is being answered
    if not wizard().can_ask(step):
        return redirect(after_answer())
    if request.method == "POST" and (switched := switch_language_keeping_typing(step)):
        return switched
    # "Question N of M" (flow.progress); on g, as the birth date's page is rendered apart.
    g.progress = wizard().progress(step)
    if step == "birth_date":
        return birth_date_page(raw)
    saved = raw.get(step)
    typed = None if request.method == "POST" else typed_before_switch(step)
    form = choice_form(BY_NAME[step],
                       **({} if request.method == "POST" else {"formdata": typed} if typed else
                          {"formdata": None, "answer": None if saved == NOT_ANSWERED else saved}))
    if request.method == "POST" and form.validate():
        save_answers(dict(raw, **{step: form.answer.data or NOT_ANSWERED}))
        return redirect(after_answer())
    return render_template(f"questions/{step}.html", form=form, back=back_url(step), step=step)


@bp.get("/<city_id>/check")
def check(city_id: str):
    found = household_store.state(city_id)
    if found and found["at"] is None:
        return redirect(url_for("household.household", city_id=city_id))
    resident = wizard()
    if not resident.complete:
        return redirect(after_answer())
    raw, steps = resident.raw, resident.steps
    # Only the birth date was asked because the rules put this age outside NHI: say so.
    late_elderly_age = None if resident.in_nhi else resident.ages.on(resident.as_of).late_elderly
    # In a household, this person is saved from here: room for another unless it is full.
    room = found is not None and max(len(found["people"]), found["at"] + 1) < household_store.LIMIT
    return render_template("check.html", raw=raw, steps=[BY_NAME[step] for step in steps],
                           household=found is not None, room=room, limit=household_store.LIMIT,
                           birth_date=resident.birth_date,
                           back=page_url("wizard.question", city_id=city_id, step=steps[-1]),
                           not_answered=NOT_ANSWERED, late_elderly_age=late_elderly_age)


def outcome_for_answers() -> tuple[Answer, Situation] | None:
    """The whole outcome view of the saved answers (what each date ahead says too: the
    calendar file's) and its situation, or None while they are incomplete."""
    resident = wizard()
    if not resident.complete:
        return None
    return answer_and_situation(resident.answers(), resident.as_of, g.city, loaded().national, lang())


def city_reminders(outcome: Answer) -> list[reminders.Reminder]:
    return reminders.reminders(outcome, g.city, lang())


def answers_given(raw: Mapping[str, str], steps: Sequence[str]) -> list[tuple[str, str]]:
    """(label, answer) of each question asked, as the check page shows them."""
    labels = same_for_all("answer-labels", None, lang(), build=answer_labels)
    rows = []
    for step in steps:
        label, choices = labels[step]
        value = raw[step]
        rows.append((label, long_date(date.fromisoformat(value), lang()) if BY_NAME[step].is_date
                     else choices[value]))
    return rows


def answer_labels() -> dict[str, tuple[str, dict[str, str]]]:
    """Each question's label and its answers' labels, in the current language."""
    not_answered = get_translations().ugettext("Not answered")
    return {question.name: (str(question.label),
                            {NOT_ANSWERED: not_answered, **{value: str(label) for value, label in question.choices}})
            for question in QUESTIONS}


@bp.get("/<city_id>/result")
def result(city_id: str):
    resident = wizard()
    if not resident.complete:
        return redirect(after_answer())
    # Kept per shape (webapp/present/shape.py): the view and the page's dated part hold
    # placeholders for the days, which `fill` writes once the page is built.
    found = shaped_answer(resident.answers(), resident.as_of, g.city, loaded().national, lang(), full=False)
    outcome, fill = found.view, found.filler.text
    calendar_url = (page_url("wizard.result_calendar", city_id=city_id)
                    if reminders.any_ahead(outcome, found.filler.day) else None)
    page = render_template("outcome.html", outcome=outcome, situation=found.situation, shape=found.key,
                           card=outcome.card, paper_groups=paper_groups(outcome), on_card=said_on_card(outcome),
                           back=page_url("wizard.check", city_id=city_id), calendar_url=calendar_url,
                           # For the printed header: whose result it is.
                           answers_given=answers_given(resident.raw, resident.steps))
    return fill(page)


@bp.get("/<city_id>/result.ics")
def result_calendar(city_id: str):
    """The result's dates for the resident's calendar, from the answers in the cookie: the
    address carries nothing personal."""
    found = outcome_for_answers()
    if found is None:
        return redirect(after_answer())
    events = city_reminders(found[0])
    if not events:  # nothing ahead to remind of (the link is not shown then)
        return redirect(url_for("wizard.result", city_id=city_id))
    return calendar_response(reminders.calendar(events, city_id, lang()), f"hoken-{city_id}.ics")


def household_size(city_id: str) -> int:
    """How many people's answers "Start again" would delete: those saved, and a new person
    half answered."""
    found = household_store.state(city_id)
    if not found:
        return 0
    return len(found["people"]) + (found["at"] == len(found["people"]) and bool(answers()))


def restart_back(city_id: str) -> str:
    """Where the confirmation's "go back" leads: the page the resident came from (a path
    of this city, sent by the form), else the household page."""
    target = request.form.get("back", "")
    if target.startswith(f"/{city_id}/") and safe_next(target) == target:
        return target
    return url_for("household.household", city_id=city_id)


@bp.post("/<city_id>/restart")
def restart(city_id: str):
    # A household holds up to 8 people's answers: ask first. One person's few answers
    # are deleted at once, as before (answering them again takes a minute).
    count = household_size(city_id)
    if count and not request.form.get("confirm"):
        saved = household_store.people(city_id)
        # One person: named, as on the household page ("Delete the answers for Person 1 (born 1948)?").
        only = born_label(0, (saved[0] if saved else answers()).get("birth_date"), lang()) if count == 1 else None
        return render_template("restart_confirm.html", count=count, only=only, cancel=restart_back(city_id))
    stored = session.get("answers", {})
    stored.pop(city_id, None)
    session["answers"] = stored
    household_store.drop(city_id)
    return redirect(url_for("wizard.start", city_id=city_id))


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect, never a header it cannot hold."""
    if not target or not target.startswith("/") or target.startswith("//") \
            or "\\" in target or not target.isprintable():
        # Browsers read "/\host" as "//host"; CR/LF or other controls cannot go in a header.
        return url_for("cities.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("cities.index")
    return target


@bp.get("/language/<code>")
def switch_language(code: str):
    if code not in LANGUAGES:
        abort(404)
    response = make_response(redirect(safe_next(request.args.get("next"))))
    cookies.remember(response, cookies.LANG, code)
    return response


@bp.get("/furigana/<state>")
def switch_furigana(state: str):
    if state not in ruby.STATES:
        abort(404)
    response = make_response(redirect(safe_next(request.args.get("next"))))
    cookies.remember(response, cookies.FURIGANA, state)
    return response


@bp.get("/accessibility")
def accessibility():
    return render_template("accessibility.html")
