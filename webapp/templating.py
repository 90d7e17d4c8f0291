"""The templates' Jinja environment, with two lookups Jinja makes on every render made cheap,
and the templates' indentation left out of the pages.

- ``outcome.summary`` on a dict reads the key first. The views hand templates plain dicts
  (present's outcome view, office views, …). Jinja's own ``getattr`` tries the
  attribute first and, for a dict key, raises and catches an AttributeError on every
  lookup: about a hundred on a result page, a tenth of its time. A name that is no key (a
  method such as ``items``) still goes the usual way, so a template that worked before
  works the same.
- ``{% from "macros.html" import … %}`` compares the page's globals with the macros'
  on every render (``Template._get_default_module``), as a set minus a ChainMap's keys
  view: a membership test in Python through the chain for each global, on every page.
  A template's globals here give their keys as a set, so the difference is one C call.
  The globals are the same mapping as Jinja's own, looked up the same way.
- A template's indentation is for whoever edits it: ``StripIndentation`` drops the spaces at
  the start of each line when a template is read, never per page. A line break stays, so
  every page reads and wraps as before (no template holds a <pre> or <textarea>).
"""
from __future__ import annotations

import re
from collections import ChainMap
from typing import Any

from flask import Flask
from flask.templating import Environment
from jinja2.ext import Extension

INDENTATION = re.compile(r"\n\s+")


class StripIndentation(Extension):
    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return INDENTATION.sub("\n", source)


class TemplateGlobals(ChainMap):
    def keys(self) -> set[str]:  # type: ignore[override]
        return set(self)


class KeysFirstEnvironment(Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)

    def make_globals(self, d):
        # As Jinja's own (the template's globals over the environment's, which stay live).
        return TemplateGlobals({} if d is None else d, self.globals)


def init_app(app: Flask) -> None:
    """Before the app's first template: its environment reads a dict's key first and drops
    each line's indentation."""
    app.jinja_environment = KeysFirstEnvironment
    app.jinja_options = {**app.jinja_options, "extensions": [StripIndentation]}
