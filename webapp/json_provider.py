"""JSON through orjson: the API's answer is a large document, and the standard library's
encoder (with Flask's sorted keys) was a sizeable part of its time. Keys keep the order the view
builds them in (municipality first); text stays readable (UTF-8, as ensure_ascii=False).

Reading: orjson refuses what the standard library half-accepts (NaN, integers past 64
bits, nesting deeper than 1,024) with a ValueError, so Flask's ``get_json(silent=True)``
answers None and the API says "Send a JSON object" instead of failing.
"""
from __future__ import annotations

from typing import Any, cast

import orjson
from flask import Flask, Response
from flask.json.provider import JSONProvider

from .present.model import to_json


class OrjsonProvider(JSONProvider):
    mimetype = "application/json"

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return to_json(obj).decode("utf-8")

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return orjson.loads(s)

    def response(self, *args: Any, **kwargs: Any) -> Response:
        # Typed as Flask's sansio App, whose Response takes no body: this one is a Flask app.
        app = cast(Flask, self._app)
        return app.response_class(to_json(self._prepare_response_obj(args, kwargs)),
                                  mimetype=self.mimetype)
