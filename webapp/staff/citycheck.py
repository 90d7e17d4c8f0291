"""`flask cities check PATH`: the one check a clerk runs on a city file, with the line of each
problem.

The checks are one list (``check_city``), which the suite also runs on every city file:
citydata's own (schema_problems, then load_city for what a schema cannot say: ids, sources,
offices), then the quotes (where a source names its document's text, a file beside the city
file, every quoted piece of it must stand in that text), then the answers (invariants.py: what
every answer the file gives must hold). This module finds where in the YAML each field is
written, from the node marks of ``yaml.compose``.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..citydata import (
    City,
    CityDataError,
    National,
    _cites,
    _StringDatesLoader,
    field_name,
    load_city,
    plain,
    schema_problems,
)

SCHEMA = "city.schema.json"
# What "ok" does not cover: said with it, so that a clerk knows what make test adds.
NOT_COVERED = "how the pages lay out in a browser (make test runs tests/browser/)"
# load_city's messages read "<path>: field <field>: <problem>".
FIELD_MESSAGE = re.compile(r"field (?P<field>.+?): (?P<message>.*)", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    line: int | None  # 1-based; None where the field is not written in the file
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line if self.line else '?'}: field {self.field}: {self.message}"


def line_of(root: yaml.Node | None, parts: Sequence) -> int | None:
    """The line where the deepest written part of a field path (as messages write it) is: the
    key of a mapping entry, or the item of a list (found by its place, counted from 1, or by
    its ``id`` as load_city names sources)."""
    node, line = root, root.start_mark.line + 1 if root is not None else None
    for part in parts:
        found = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    found, line = value, key.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode):
            items = node.value
            index = int(part) - 1 if isinstance(part, str) and part.isdigit() else None
            if index is not None and 0 <= index < len(items):
                found = items[index]
            else:
                found = next((item for item in items if isinstance(item, yaml.MappingNode)
                              and any(k.value == "id" and v.value == str(part) for k, v in item.value)),
                             None)
            line = found.start_mark.line + 1 if found is not None else line
        if found is None:
            break
        node = found
    return line


def check_city_file(path: Path, national: National) -> list[Problem]:
    """Every schema problem with its line; if there are none, the first problem load_city
    finds beyond the schema. An empty list: the app would start with this file."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_StringDatesLoader)
        root = yaml.compose(text, Loader=_StringDatesLoader)
    except OSError as exc:
        return [Problem(None, "(file)", f"cannot be read: {exc.strerror}")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [Problem(mark.line + 1 if mark else None, "(file)",
                        f"not valid YAML: {getattr(exc, 'problem', None) or exc}")]
    named = [(field_name(error.absolute_path, data), error) for error in schema_problems(data, SCHEMA)]
    problems = [Problem(line_of(root, field.split("/")), field, plain(error)) for field, error in named]
    if problems:
        return sorted(problems, key=lambda problem: (problem.line or 0, problem.field))
    try:
        load_city(path, national)
    except CityDataError as exc:
        message = str(exc).removeprefix(f"{path}: ")
        match = FIELD_MESSAGE.fullmatch(message)
        if match is None:
            return [Problem(None, "(file)", message)]
        field = match["field"]
        return [Problem(line_of(root, field.split("/")), field, match["message"])]
    return quote_problems(path, data, root)


def flat(text: str) -> str:
    """Width, spaces and line breaks aside (NFKC: ７ is 7, （ is (): as a page's text and a
    quote of it may differ without differing in words."""
    return "".join(unicodedata.normalize("NFKC", text).split())


# " / " joins two quoted pieces read in two places of one document.
PIECES = " / "


def quote_problems(path: Path, data: dict, root: yaml.Node | None) -> list[Problem]:
    """Each quoted piece not found in its document's text (for the sources that name one),
    with its line; and each named text that cannot be read."""
    problems, texts = [], {}
    for source in data["sources"]:
        if source.get("text") is None:
            continue
        field = f"sources/{source['id']}/text"
        try:
            texts[source["id"]] = (source["text"], flat((path.parent / source["text"]).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
            problems.append(Problem(line_of(root, field.split("/")), field,
                                    f"the document's text {source['text']!r} cannot be read ({why}): put it "
                                    f"beside {path.name}, or leave out text"))
    for field, cite in _cites(data):
        found = texts.get(cite["source"])
        if found is None or not cite["words"]:
            continue
        name, text = found
        for piece in cite["words"].split(PIECES):
            if flat(piece) not in text:
                problems.append(Problem(line_of(root, [*field.split("/"), "words"]), f"{field}/words",
                                        f"「{piece}」 is not in {name}: quote the words as the document writes "
                                        f"them (two pieces joined by \" / \")"))
    return problems



def check_city(path: Path, national: National, others: Iterable[City] = ()) -> list[Problem]:
    """The one list of checks: the file's (``check_city_file``), then, where it has none,
    every answer it gives (invariants.py; inside an app context). ``others``: the cities
    served beside it, whose names its pages must not carry."""
    problems = check_city_file(path, national)
    if problems:
        return problems
    from .invariants import invariant_problems
    city = load_city(path, national)
    return [Problem(None, "(answers)", message) for message in invariant_problems(city, national, others)]


def ok_message(path: Path, national: National) -> str:
    """What "ok" means, for the file just checked."""
    from .invariants import checked_cases
    answers = checked_cases(load_city(path, national), national)
    return (f"ok\nchecked: the file against the schema and the app's rules, its quotes against its page's text, "
            f"and {answers} answers it gives (every case of the preview, in Japanese and English); "
            f"not checked here: {NOT_COVERED}")
