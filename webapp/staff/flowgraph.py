"""The question flow as a diagram, derived from questions.py and flow.py by asking the flow.

Every reachable set of answers is walked: for each question, each of its possible answers
is given and ``flow.Route.next_step`` says which question comes next. The edges are what the
predicates answer, never written by hand, so the diagram follows any change to flow.py.
"""
from __future__ import annotations

from datetime import date

from .. import flow
from ..questions import BY_NAME, NAMES, NOT_ANSWERED
from ..rules.ages import birthday
from ..rules.outcome import DatedAges

START, END = "start", "check"
EARLIER = "any answer, depending on earlier ones"


def answer_values(step: str, as_of: date, ages: DatedAges) -> list[tuple[str, str]]:
    """(label, stored value) for each answer that can change the route."""
    question = BY_NAME[step]
    if question.is_date:
        # Only the late-elderly age routes (flow.in_nhi); one birth date either side of it.
        age = ages.on(as_of).late_elderly
        under = birthday(as_of, -(age - 1)).isoformat()
        over = birthday(as_of, -(age + 1)).isoformat()
        return [(f"under {age}", under), (f"{age} or over", over)]
    values = [(value, value) for value in question.values]
    if question.optional:
        values.append(("not answered", NOT_ANSWERED))
    return values


def edges(as_of: date, ages: DatedAges) -> list[tuple[str, str, tuple[str, ...]]]:
    """(from, to, answer labels) for every route; no labels where every answer goes there."""
    found: dict[tuple[str, str], list[str]] = {}

    def walk(raw: dict[str, str]) -> None:
        step = flow.Route(raw, as_of, ages).next_step
        if step is None:
            return
        for label, value in answer_values(step, as_of, ages):
            answered = {**raw, step: value}
            target = flow.Route(answered, as_of, ages).next_step or END
            labels = found.setdefault((step, target), [])
            if label not in labels:
                labels.append(label)
            walk(answered)

    walk({})
    exits: dict[str, int] = {}
    for source, _target in found:
        exits[source] = exits.get(source, 0) + 1
    order = {name: index for index, name in enumerate((START,) + NAMES + (END,))}
    result: list[tuple[str, str, tuple[str, ...]]] = [(START, NAMES[0], ())]
    for (source, target), labels in sorted(found.items(), key=lambda item: (order[item[0][0]],
                                                                            order[item[0][1]])):
        every = [label for label, _value in answer_values(source, as_of, ages)]
        if sorted(labels) != sorted(every):
            result.append((source, target, tuple(labels)))
        elif exits[source] > 1:  # any answer goes either way: the earlier answers decide
            result.append((source, target, (EARLIER,)))
        else:
            result.append((source, target, ()))
    return result


def mermaid(as_of: date, ages: DatedAges) -> str:
    lines = ["flowchart TD", f"    {START}([start page])", f"    {END}[[check your answers, then the result]]"]
    for source, target, labels in edges(as_of, ages):
        arrow = f"-->|{', '.join(labels)}|" if labels else "-->"
        lines.append(f"    {source} {arrow} {target}")
    return "\n".join(lines) + "\n"


def dot(as_of: date, ages: DatedAges) -> str:
    lines = ["digraph flow {", "    rankdir=TB;", "    node [shape=box];",
             f'    {START} [shape=oval, label="start page"];',
             f'    {END} [shape=doubleoctagon, label="check your answers, then the result"];']
    for source, target, labels in edges(as_of, ages):
        label = f' [label="{", ".join(labels)}"]' if labels else ""
        lines.append(f"    {source} -> {target}{label};")
    lines.append("}")
    return "\n".join(lines) + "\n"
