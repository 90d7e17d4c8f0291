"""The templates' environment (webapp/templating.py) renders what Jinja's own would."""
from __future__ import annotations

import jinja2
import pytest
from flask import Flask
from flask.templating import Environment

from webapp.templating import KeysFirstEnvironment, TemplateGlobals

TEMPLATES = {
    "macros.html": "{% macro hello(name) %}Hello {{ name }}{{ mark }}{% endmacro %}",
    "page.html": '{% from "macros.html" import hello %}{{ hello(person.name) }} {{ d.count }}{{ mark }}',
}


def render(environment_class: type[Environment], mark: str) -> str:
    app = Flask(__name__)
    app.jinja_environment = environment_class
    app.jinja_env.loader = jinja2.DictLoader(TEMPLATES)
    app.jinja_env.globals["mark"] = "?"
    with app.app_context():
        first = app.jinja_env.get_template("page.html").render(
            person={"name": "Hanako"}, d={"count": 2})
        # A global changed after the templates were loaded: the page sees it, the imported
        # macros (a module Jinja keeps) do not, exactly as with Jinja's own environment.
        app.jinja_env.globals["mark"] = mark
        second = app.jinja_env.get_template("page.html").render(
            person={"name": "Taro"}, d={"count": 3})
    return f"{first}|{second}"


def test_same_output_as_jinja():
    assert render(KeysFirstEnvironment, "!") == render(Environment, "!") == "Hello Hanako? 2?|Hello Taro? 3!"


def test_template_globals_keys_are_a_set_over_both_maps():
    env = KeysFirstEnvironment(Flask(__name__))
    env.globals["shared"] = 1
    template_globals = env.make_globals({"own": 2})
    assert isinstance(template_globals, TemplateGlobals)
    assert template_globals.keys() >= {"shared", "own"}
    assert isinstance(template_globals.keys(), set)
    assert template_globals["own"] == 2 and template_globals["shared"] == 1
    with pytest.raises(KeyError):
        template_globals["missing"]


def test_pages_carry_no_template_indentation(client, walk):
    """StripIndentation: no line of a page starts with the spaces its template was indented
    with (they only cost bytes), and a line break still separates what it separated."""
    walk(client, "yamagata", {"birth_date": "1956-03-15", "my_number_card": "held",
                              "insurance_registration": "unknown"})
    for path in ("/", "/yamagata/", "/yamagata/q/birth_date", "/yamagata/check", "/yamagata/result"):
        page = client.get(path).get_data(as_text=True)
        indented = [line for line in page.splitlines() if line[:1] in (" ", "\t")]
        assert not indented, (path, indented[:3])
    assert "</li>\n<li" in page or "</p>\n<p" in page
