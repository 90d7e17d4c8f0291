"""The unit of text of an answer: a **statement**, one sentence a resident reads with the one
thing it rests on (docs/rules.md, "A sentence is a statement").

A statement is a ``str`` (its words in the view's language), so that templates, JSON and
the page cache take it as they take any text, and it carries its basis:

- ``city``: the city's own words, ``source`` the id of its document;
- ``national``: a rule for all of Japan, ``source`` its name in national.yaml;
- ``projected``: a documented year carried into one the documents do not describe;
- ``not_stated``: the city's guide is silent, and the sentence says so (and whom to ask);
- ``ui``: the app's own words about the page itself (a label, a pointer), never a fact.

Anything composed from a statement with ``+``, ``%`` or ``join`` is a plain ``str`` again:
text made up around a statement loses its basis, and the provenance view
(``PROVENANCE = True``) shows it as text without one.
"""
from __future__ import annotations

from collections.abc import Hashable

from markupsafe import Markup, escape

from ..datefmt import kept_whole

CITY, NATIONAL, PROJECTED, NOT_STATED, UI = "city", "national", "projected", "not_stated", "ui"
KINDS = (CITY, NATIONAL, PROJECTED, NOT_STATED, UI)
# A sentence that rests on several things is as sure as the least sure of them: a date
# the city gives beside one that is projected is projected (Writer.rests).
STRENGTH = {UI: 0, NATIONAL: 1, CITY: 2, NOT_STATED: 3, PROJECTED: 4}


class Message(str):
    """The app's sentence in one language, with its ``id``: the message it translates and the
    values put in it (``Writer._``). Two sentences with one id state one thing."""

    __slots__ = ("id",)
    id: Hashable

    def __new__(cls, text: str, id: Hashable) -> Message:
        message = str.__new__(cls, text)
        message.id = id
        return message

    def __reduce__(self):
        return (Message, (str(self), self.id))


class Statement(str):
    """One sentence in one language, with its basis (``kind`` and ``source``) and its ``id``,
    the same in every language: the app's message and its values (``Message``), or the city's
    sentence (its document and its own Japanese: two rows wording a fact alike are one
    statement). A page says each id once; readers compare ids, never words."""

    __slots__ = ("kind", "source", "id")
    kind: str
    source: str | None
    id: Hashable

    def __new__(cls, text: str, kind: str, source: str | None = None, id: Hashable = None) -> Statement:
        if kind not in STRENGTH:
            raise ValueError(f"unknown basis {kind!r}")
        return cls.of(text, kind, source, id)

    @classmethod
    def of(cls, text: str, kind: str, source: str | None = None, id: Hashable = None) -> Statement:
        """Without the check of ``kind`` (the presenters' own kinds): pages make many. Without
        ``id``: the id ``text`` carries (a Message's, or a statement's carried on), else the
        words with their source (a city's item, as its file gives it)."""
        statement = str.__new__(cls, text)
        statement.kind, statement.source = kind, source
        statement.id = id if id is not None else getattr(text, "id", None) or (source, str(text))
        return statement

    @property
    def basis(self) -> str:
        """As the provenance view writes it: ``kind`` or ``kind:source``."""
        return f"{self.kind}:{self.source}" if self.source else self.kind

    def reworded(self, text: str) -> Statement:
        """The same statement in other words of the app's (a label before it): its basis and
        its id are kept."""
        return Statement.of(text, self.kind, self.source, self.id)

    def __reduce__(self):
        return (Statement, (str(self), self.kind, self.source, self.id))

    def __repr__(self) -> str:
        return f"Statement({str(self)!r}, {self.basis!r})"

    def __html__(self) -> Markup:
        """As a page writes it: each day in it kept on one line (datefmt.kept_whole)."""
        return Markup(kept_whole(str(escape(str(self)))))


def ui(text: str) -> Statement:
    return Statement(text, UI)


NOTHING = Markup("")


def attribute(text: object) -> Markup:
    """` data-basis="…"` for an element that holds ``text`` if it is a statement; nothing
    for any other text (the provenance test finds it)."""
    if isinstance(text, Statement):
        return Markup(' data-basis="%s"') % escape(text.basis)
    return NOTHING
