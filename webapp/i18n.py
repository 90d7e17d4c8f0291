"""Faster template translations.

Flask-Babel's template ``_()`` finds the request's translations again on every call
(through the app context, the domain and the locale: ~90 calls on the result page, about
a fifth of its time). A context processor hands each render the translations found once,
with the same newstyle behaviour as Jinja's i18n extension (autoescaped, ``%(name)s``
variables), so the output is identical; the ``%`` step is skipped when there is nothing
to substitute or unescape.
"""
from __future__ import annotations

from flask import Flask
from flask_babel import get_translations
from jinja2 import pass_context
from markupsafe import Markup


def _finish(context, text: str, variables: dict):
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


def request_translations() -> dict:
    t = get_translations()

    @pass_context
    def gettext(__context, __string: str, **variables):
        return _finish(__context, t.ugettext(__string), variables)

    @pass_context
    def ngettext(__context, __singular: str, __plural: str, __num: int, **variables):
        variables.setdefault("num", __num)
        return _finish(__context, t.ungettext(__singular, __plural, __num), variables)

    @pass_context
    def pgettext(__context, __string_ctx: str, __string: str, **variables):
        variables.setdefault("context", __string_ctx)
        return _finish(__context, t.upgettext(__string_ctx, __string), variables)

    @pass_context
    def npgettext(__context, __string_ctx: str, __singular: str, __plural: str, __num: int, **variables):
        variables.setdefault("context", __string_ctx)
        variables.setdefault("num", __num)
        return _finish(__context, t.unpgettext(__string_ctx, __singular, __plural, __num), variables)

    return {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


def init_app(app: Flask) -> None:
    app.context_processor(request_translations)
