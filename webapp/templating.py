"""The templates' Jinja environment: ``outcome.summary`` on a dict reads the key first.

The views hand templates plain dicts (present.py's outcome view, office views, …). Jinja's
own ``getattr`` tries the attribute first and, for a dict key, raises and catches an
AttributeError on every lookup: about a hundred on a result page, a tenth of its time.
Here a dict's key is read first; a name that is no key (a method such as ``items``) still
goes the usual way, so a template that worked before works the same.
"""
from __future__ import annotations

from typing import Any

from flask.templating import Environment


class KeysFirstEnvironment(Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)
