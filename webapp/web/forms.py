"""One form per question. Every message goes through gettext; what was typed is kept."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import Form, RadioField, SelectChoice, StringField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, StopValidation

from ..cityindex import LONGEST_QUERY
from ..datefmt import long_date
from ..i18n import current_lang
from ..i18n import lazy_gettext as _l
from ..languages import is_japanese
from ..questions import BY_NAME, Question
from ..rules.era import ERA_KEYS_FOR_INPUT, EraDateError, read_birth_date, to_wareki
from ..rules.outcome import EARLIEST_BIRTH_DATE
from .context import as_of

ERA_LABELS = {
    "taisho": _l("Taisho (大正)"),
    "showa": _l("Showa (昭和)"),
    "heisei": _l("Heisei (平成)"),
    "reiwa": _l("Reiwa (令和)"),
    "seireki": _l("Western calendar (西暦)"),
}
FIELD_NAMES = {"era": _l("calendar"), "year": _l("year"), "month": _l("month"), "day": _l("day")}


def era_name(key: str) -> str:
    """The era in the reader's language: 平成 / Heisei."""
    return _("Western calendar") if key == "seireki" else {
        "meiji": _("Meiji"), "taisho": _("Taisho"), "showa": _("Showa"),
        "heisei": _("Heisei"), "reiwa": _("Reiwa")}[key]


# The first Western year a resident's birth may be written in (明治 began in 1868).
FIRST_WESTERN_YEAR = 1868


def birth_date_message(error: EraDateError) -> tuple[str, str]:
    """(field, message) for a date the era module rejected."""
    p = error.params
    field = p.get("field", "year")
    match error.code:
        case "required" if p.get("field") == "era":
            return "era", _("Choose the calendar")
        case "required" if "field" in p:
            return field, _("Enter the %(part)s of your birth date", part=FIELD_NAMES[field])
        case "required":
            return "year", _("Enter your date of birth")
        case "not_a_number":
            return field, _("Enter the %(part)s in numbers", part=FIELD_NAMES[field])
        case "unknown_era":
            return "era", _("Choose Showa, Heisei, Reiwa, Taisho or the Western calendar")
        case "era_not_offered":  # a pasted 明治 date: the choices stop at 大正
            return "year", _("Enter a %(era)s date in the Western calendar", era=era_name(p["era"]))
        case "year_out_of_range" if p["era"] == "seireki" or p["max_year"] > 1000:
            return "year", _("Enter a year that exists")
        case "year_out_of_range" if FIRST_WESTERN_YEAR <= p["year"] <= as_of().year:
            # A Western year typed under an era (昭和 preselected, 1958 typed): say which to choose.
            return "year", _("%(era)s runs from year 1 to year %(max)s. Born in %(year)s? Choose the Western "
                             "calendar.", era=era_name(p["era"]), max=p["max_year"], year=p["year"])
        case "year_out_of_range":
            return "year", _("%(era)s runs from year 1 to year %(max)s",
                             era=era_name(p["era"]), max=p["max_year"])
        case "month_out_of_range":
            return "month", _("Enter a month from 1 to 12")
        case "day_out_of_range":
            return "day", _("Month %(month)s has only %(max)s days in %(year)s",
                            month=p["month"], max=p["max_day"], year=p["year"])
        case "before_era_start":
            return "year", _("%(era)s began on %(date)s",
                             era=era_name(p["era"]), date=boundary_text(p["start"]))
        case "after_era_end":
            return "year", _("%(era)s ended on %(date)s",
                             era=era_name(p["era"]), date=boundary_text(p["end"]))
    return "year", _("Enter your date of birth as it is written, for example Showa 31, 4, 1")


def boundary_text(day: date) -> str:
    """An era's first or last day: 31年4月30日 after the era's name in Japanese
    ("平成は31年4月30日まで"), 30 April 2019 in English."""
    if is_japanese(current_lang()):
        era, year = to_wareki(day)
        return f"{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return long_date(day, "en")


# The longest text each box takes. The year box also takes a whole pasted date
# ("ＳＨＯＷＡ ３１年 ４月 １日"); anything longer is not a date, and a bound here keeps
# int() far from its digit limit and the cookie small when typing is kept.
TEXT_LIMITS = {"year": 24, "month": 10, "day": 10}


class BoundedText(StringField):
    """A box that takes at most ``max_length`` characters. Longer text, or a file sent in
    its place, is a form error; the box shows what fits."""

    def __init__(self, label=None, validators=None, *, max_length: int, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.max_length = max_length
        self.refused: str | None = None

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        value = valuelist[0]
        if not isinstance(value, str):  # a file upload under this name
            self.data, self.refused = "", "not_text"
        elif len(value) > self.max_length:
            self.data, self.refused = value[:self.max_length], "too_long"
        else:
            self.data = value

    def pre_validate(self, form):
        part = FIELD_NAMES[self.name]
        if self.refused == "not_text":
            raise StopValidation(_("Enter the %(part)s in numbers", part=part))
        if self.refused == "too_long":
            raise StopValidation(_("Enter the %(part)s in %(max)s characters or fewer",
                                   part=part, max=self.max_length))


class BirthDateForm(FlaskForm):
    """The birth date, in one of the calendars offered. 昭和 is chosen when the page is
    first shown, but a form sent without a calendar is not read as 昭和: it is an error,
    unless the year box holds a whole date, which carries its own. Once validated,
    ``era.data`` is the calendar the date was read in (the pasted date's own)."""

    era = RadioField(_l("Calendar"), choices=[SelectChoice(key, ERA_LABELS[key]) for key in ERA_KEYS_FOR_INPUT],
                     default="showa", validate_choice=False)
    year = BoundedText(_l("Year"), max_length=TEXT_LIMITS["year"])
    month = BoundedText(_l("Month"), max_length=TEXT_LIMITS["month"])
    day = BoundedText(_l("Day"), max_length=TEXT_LIMITS["day"])

    def __init__(self, *args, as_of: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.as_of = as_of
        self.birth_date: date | None = None

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.era.raw_data:  # nothing sent: the default is for showing the page only
            self.era.data = None  # (and the page shown again has nothing chosen)
        elif self.era.data not in ERA_KEYS_FOR_INPUT:
            self.era.errors.append(_("Choose Showa, Heisei, Reiwa, Taisho or the Western calendar"))
            return False
        try:
            born, era_read = read_birth_date(self.era.data, self.year.data or "", self.month.data or "",
                                             self.day.data or "", eras=ERA_KEYS_FOR_INPUT)
        except EraDateError as error:
            field, message = birth_date_message(error)
            self[field].errors.append(message)
            return False
        if born > self.as_of:
            self.year.errors.append(_("Your date of birth cannot be in the future"))
            return False
        if born < EARLIEST_BIRTH_DATE:
            self.year.errors.append(_("Enter a date of birth on or after %(day)s",
                                      day=long_date(EARLIEST_BIRTH_DATE, current_lang())))
            return False
        self.birth_date = born
        self.era.data = era_read  # saved with the date, to show it again as it was written
        return True


class ChoiceForm(FlaskForm):
    """A question answered by choosing one option; the view sets the choices."""

    answer = RadioField(validate_choice=False)


def choice_form(question: Question, **kwargs) -> ChoiceForm:
    form = ChoiceForm(**kwargs)
    form.answer.choices = [SelectChoice(value, label) for value, label in question.choices]
    # A tampered value gets the same plain message as no value at all.
    form.answer.validators = [Optional() if question.optional else InputRequired(question.required),
                              AnyOf(question.values, message=question.required)]
    return form


def form_fields(step: str) -> dict[str, int | frozenset]:
    """The fields of ``step``'s form: a text box's length limit, or a choice's values."""
    if step == "birth_date":
        return {"era": frozenset(ERA_KEYS_FOR_INPUT), **TEXT_LIMITS}
    return {"answer": frozenset(BY_NAME[step].values)}


def typing_to_keep(step: str, formdata) -> tuple[dict[str, str], bool]:
    """What was typed on ``step``'s form that may be kept (the form's own fields, known
    choices, text within its box's limit), and whether something was too long to keep."""
    kept, too_long = {}, False
    for name, allowed in form_fields(step).items():
        value = formdata.get(name)
        if not isinstance(value, str):
            continue
        if isinstance(allowed, int):
            too_long = too_long or len(value) > allowed
            kept[name] = value[:allowed]
        elif value in allowed:
            kept[name] = value
    return kept, too_long


def _search_text(value: str | None) -> str | None:
    # A pasted line break or a full-width space is a space; other control characters are
    # no part of a name.
    if value is None:
        return None
    return "".join(" " if c.isspace() else c for c in value if c.isprintable() or c.isspace()).strip()


class SearchForm(Form):
    """The index's search by a city's name (GET: no answer in it, nothing to protect)."""
    q = StringField(filters=[_search_text], validators=[
        DataRequired(_l("Enter the name of your city, town or village")),
        Length(max=LONGEST_QUERY, message=_l("Enter at most %(max)d characters"))])
