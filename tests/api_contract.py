"""Every API answer the tests get is checked against the OpenAPI document (issue 10).

``ContractClient`` is a Flask test client that validates each response under /api/ as it
comes back, and each JSON body the API accepted against the request schema: a documented
operation against the schema of its status code (an undocumented status fails), anything
else (a path or a method the API does not have) against the error shape every API error
uses. Schemas are the document's own components, checked with jsonschema's draft 2020-12,
the dialect OpenAPI 3.1 uses, with formats (``date``) on.
"""
from __future__ import annotations

import gzip
import json
import re

import brotli
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from webapp import openapi


class ApiContract:
    def __init__(self, document: dict):
        self.document = document
        self.paths = [(re.compile("^" + re.sub(r"\{[^/}]+\}", "[^/]+", template) + "$"), item)
                      for template, item in document["paths"].items()]
        self.checked = 0
        self.validators: dict[int, Draft202012Validator] = {}

    def validator(self, schema: dict) -> Draft202012Validator:
        # One validator per schema (building one per response would triple the suite's time).
        # The components ride along so that "#/components/schemas/…" resolves.
        if id(schema) not in self.validators:
            self.validators[id(schema)] = Draft202012Validator(
                {**schema, "components": self.document["components"]},
                format_checker=Draft202012Validator.FORMAT_CHECKER)
        return self.validators[id(schema)]

    def schema(self, name: str) -> Draft202012Validator:
        return self.validator(self.document["components"]["schemas"][name])

    def response_schema(self, path: str, method: str, status: int) -> Draft202012Validator:
        item = next((item for pattern, item in self.paths if pattern.match(path)), None)
        operation = item and item.get(method.lower())
        if operation is None:
            # Not an operation of the API: the app still answers in the API's error shape.
            assert status in (404, 405), (method, path, status)
            return self.schema("Errors")
        documented = operation["responses"]
        assert str(status) in documented, f"{method} {path}: status {status} is not documented"
        return self.validator(documented[str(status)]["content"]["application/json"]["schema"])

    def request_schema(self, path: str, method: str) -> Draft202012Validator | None:
        item = next((item for pattern, item in self.paths if pattern.match(path)), None)
        body = ((item or {}).get(method.lower()) or {}).get("requestBody")
        return body and self.validator(body["content"]["application/json"]["schema"])

    def check(self, response, sent: object = None) -> None:
        """``sent``: the JSON body posted, if any. A body the API accepted must be one the
        document allows, so the request schema is no stricter than the API."""
        request = response.request
        assert response.is_json, (request.path, response.content_type)
        self.response_schema(request.path, request.method, response.status_code).validate(
            json.loads(decoded_body(response)))
        schema = self.request_schema(request.path, request.method)
        if sent is not None and response.status_code == 200 and schema is not None:
            schema.validate(sent)
        self.checked += 1


def decoded_body(response) -> bytes:
    """The body as sent before compression (the app compresses when the client accepts it)."""
    data = response.get_data()
    match response.headers.get("Content-Encoding"):
        case "gzip":
            return gzip.decompress(data)
        case "br":
            return brotli.decompress(data)
    return data


CONTRACT = ApiContract(openapi.document())


class ContractClient(FlaskClient):
    """A test client that checks every /api/ response against the OpenAPI document."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.request.path.startswith("/api/"):
            CONTRACT.check(response, kwargs.get("json"))
        return response
