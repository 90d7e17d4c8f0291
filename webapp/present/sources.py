"""Where an answer's statements come from, as a page lists them: the city's documents, laws,
and the national rules (listed as rules for all of Japan, never as the documents they were
read in); and an office as a page shows it."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, overload

from ..citydata import FREE_DIAL, City, National, Source
from ..datefmt import long_date
from ..rules.table import Cite, Said
from .labels import (
    GOVERNMENT,
    NATIONAL_RULES,
)
from .model import Office
from .model import Source as SourceView
from .wording import wording


@overload
def localized(text: Mapping[str, str], lang: str) -> str: ...
@overload
def localized(text: None, lang: str) -> None: ...
@overload
def localized(text: Mapping[str, str] | None, lang: str) -> str | None: ...
def localized(text: Mapping[str, str] | None, lang: str) -> str | None:
    return None if text is None else text[lang]


def bracketed(text: str, inner: str, lang: str) -> str:
    """国民健康保険課（山形市役所） in Japanese; National Health Insurance Division (Yamagata
    City Hall) in English."""
    return wording(lang).bracketed(text, inner)


def source_label(source: Source, lang: str) -> str:
    """白石市 健康推進課「…」（令和7年8月7日（2025年8月7日））; a document without a title is
    named by its publisher and its address (or its publisher alone)."""
    title = localized(source.title, lang)
    if title is None:
        label = localized(source.publisher, lang)
        label = bracketed(label, source.url, lang) if source.url else label
    else:
        label = f"{localized(source.publisher, lang)}{wording(lang).quoted(title)}"
    return bracketed(label, long_date(source.published, lang), lang) if source.published else label


class Citations:
    """What one answer rests on, in the order first used: the city's own documents (and
    laws, which are no city's document), and the national rules, which a page lists as
    rules for all of Japan, never as the documents they were read in."""

    def __init__(self, city: City, national: National):
        self.city, self.national = city, national
        self.ids: list[str] = []
        self.rules: list[str] = []

    def add(self, *ids: str) -> None:
        for source_id in ids:
            if source_id not in self.ids:
                self.ids.append(source_id)

    def rule(self, name: str) -> None:
        if name not in self.rules:
            self.rules.append(name)

    def view(self, lang: str, translate: Callable[[str], str]) -> list[SourceView]:
        found: list[SourceView] = []
        for source_id in self.ids:
            own = self.city.sources.get(source_id)
            source = own or self.national.sources[source_id]
            found.append(SourceView(
                id=source.id,
                title=localized(source.title, lang),
                publisher=localized(source.publisher, lang),
                published=source.published,
                url=source.url,
                national=own is None,  # a law
                label=source_label(source, lang),
                rules=(),
                rule_titles=(),
                read_in=(),
            ))
        if self.rules:
            titles = [localized(self.national.rules[name].title, lang) for name in self.rules]
            read_in = tuple(dict.fromkeys(i for name in self.rules for i in self.national.rules[name].read_in))
            title = translate(NATIONAL_RULES)
            found.append(SourceView(
                id="national-rules", title=title, publisher=translate(GOVERNMENT), published=None, url=None,
                national=True, label=wording(lang).listed(title, titles), rules=tuple(self.rules),
                rule_titles=tuple(titles),
                # Where each was read: for the API, never listed on a page as a source.
                read_in=read_in,
            ))
        return found


def office_view(office_id: str, office: Mapping[str, Any], lang: str, city: City | None = None) -> Office:
    place = localized(office.get("place"), lang)
    name = localized(office["name"], lang)
    # An office in the city hall without its own number is reached through the switchboard.
    switchboard = city.switchboard if city and not office.get("phone") and place else None
    # A national line (the free dial) is a rule for all of Japan, whoever's page it was read
    # in; an office named only by a law (the prefecture's union) is national too.
    source = None if office_id == FREE_DIAL else office["cite"]["source"]
    basis = ("national:free_dial" if source is None else
             f"city:{source}" if city is not None and source in city.sources else f"national:{source}")
    return Office(
        id=office_id,
        basis=basis,
        name=name,
        label=bracketed(name, place, lang) if place else name,
        place=place,
        phone=office.get("phone"),
        extension=office.get("extension"),
        switchboard=switchboard,
        hours=tuple(localized(h, lang) for h in office.get("hours", [])),
        menu=localized(office.get("menu"), lang),
        topics=tuple(localized(t, lang) for t in office.get("topics", [])),
    )


@overload
def cite_of(data: Mapping[str, Any]) -> Cite: ...
@overload
def cite_of(data: None) -> None: ...
@overload
def cite_of(data: Mapping[str, Any] | None) -> Cite | None: ...
def cite_of(data: Mapping[str, Any] | None) -> Cite | None:
    return None if data is None else Cite(data["source"], data["words"])


def said_of(data: Mapping[str, Any]) -> Said:
    return Said(data["text"], cite_of(data["cite"]))
