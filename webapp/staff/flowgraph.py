"""The question flow as a diagram, derived from flow.STEPS by asking the flow itself.

Every reachable set of answers is walked: for each question, each of its possible answers
is given and ``flow.next_step`` says which question comes next. The edges are what the
predicates answer, never written by hand, so the diagram follows any change to flow.py.
"""
from __future__ import annotations

from datetime import date
from .. import flow
from ..rules.ages import birthday
from ..rules.outcome import Ages
from ..web.forms import NOT_ANSWERED, QUESTIONS

START, END = "start", "check"
EARLIER = "any answer, depending on earlier ones"


def answer_values(step: str, as_of: date, ages: Ages) -> list[tuple[str, str]]:
    """(label, stored value) for each answer that can change the route."""
    if step == "birth_date":
        # Only the late-elderly age routes (flow._nhi); one birth date either side of it.
        under = birthday(as_of, -(ages.late_elderly - 1)).isoformat()
        over = birthday(as_of, -(ages.late_elderly + 1)).isoformat()
        return [(f"under {ages.late_elderly}", under), (f"{ages.late_elderly} or over", over)]
    spec = QUESTIONS[step]
    values = [(value, value) for value, _label in spec["choices"]]
    if spec.get("optional"):
        values.append(("not answered", NOT_ANSWERED))
    return values


def edges(as_of: date, ages: Ages) -> list[tuple[str, str, tuple[str, ...]]]:
    """(from, to, answer labels) for every route; no labels where every answer goes there."""
    found: dict[tuple[str, str], list[str]] = {}

    def walk(raw: dict[str, str]) -> None:
        step = flow.next_step(raw, as_of, ages)
        if step is None:
            return
        for label, value in answer_values(step, as_of, ages):
            answered = {**raw, step: value}
            target = flow.next_step(answered, as_of, ages) or END
            labels = found.setdefault((step, target), [])
            if label not in labels:
                labels.append(label)
            walk(answered)

    walk({})
    exits: dict[str, int] = {}
    for source, _target in found:
        exits[source] = exits.get(source, 0) + 1
    order = {name: index for index, name in enumerate((START,) + flow.STEP_NAMES + (END,))}
    result = [(START, flow.STEP_NAMES[0], ())]
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


def mermaid(as_of: date, ages: Ages) -> str:
    lines = ["flowchart TD", f"    {START}([start page])", f"    {END}[[check your answers, then the result]]"]
    for source, target, labels in edges(as_of, ages):
        arrow = f"-->|{', '.join(labels)}|" if labels else "-->"
        lines.append(f"    {source} {arrow} {target}")
    return "\n".join(lines) + "\n"


def dot(as_of: date, ages: Ages) -> str:
    lines = ["digraph flow {", "    rankdir=TB;", "    node [shape=box];",
             f'    {START} [shape=oval, label="start page"];',
             f'    {END} [shape=doubleoctagon, label="check your answers, then the result"];']
    for source, target, labels in edges(as_of, ages):
        label = f' [label="{", ".join(labels)}"]' if labels else ""
        lines.append(f"    {source} -> {target}{label};")
    lines.append("}")
    return "\n".join(lines) + "\n"
