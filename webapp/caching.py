"""The one place the app keeps what it built, for speed, under one rule: **only what is the
same for every resident**.

- A kept value is found by a key this module builds: what kind of thing it is (a template
  block, an office, a situation's half of a result…), the city (or none), the language, and
  the parts the caller names, which come from finite sets (a situation, an office id, a
  block's own key): never a birth date, never any date of a resident's, never an answer
  typed in.
- It is built under the key's language (``force_locale``), so a key cannot hold text of
  another language, whatever the request's own language is.
- It is frozen when kept (dicts become ``Frozen``, lists tuples), so no caller can change
  what the next resident gets: a change raises instead.
- A result's shape (webapp/present/shape.py: the answers less the birth date, and the
  order of its days, each day a placeholder) is such a key too: ``same_for_shape`` keeps
  the latest ``SHAPES`` of them, the oldest going first (shapes are many, and a new cycle
  brings new ones).
- ``CACHE_SAME_FOR_ALL = False`` (config) turns all of it off: every value is then built
  for each use, frozen the same way, so the pages must not differ (tests/test_speed_caches.py).

A function whose arguments come from finite sets too, the same for every resident, is
``memoized``: the readings of a page's words (webapp/furigana.py: its digits masked, so no
birth year is a key), a lazy text's translation, the session's keys, the number of
questions left on a route (the answers given so far, each one of its question's choices: a
shape's part, never the birth date). ``CACHE_SAME_FOR_ALL = False`` turns these off as
well: each call then computes again. No other module keeps what it computed while serving
(``functools.cache`` and ``lru_cache`` are used here only); what is read once at start (the
city files, the catalogs, the readings dictionary) is data, not a cache.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from functools import lru_cache, wraps
from typing import Any, TypeVar

from flask import Flask, appcontext_pushed, current_app, has_request_context
from flask_babel import force_locale, get_locale
from markupsafe import Markup

from .languages import LOCALES

T = TypeVar("T")
# Keys come from finite sets; this bounds a store all the same (a new key past it is built
# and not kept).
LIMIT = 20_000
# Values kept per shape (a view, a page's dated part, an API answer: some 20 KB each).
SHAPES = 1_500


class Frozen(dict):
    """A dict that cannot be changed: kept for every resident, so what one gets, all get."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("a value kept for every resident cannot be changed; copy it first")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse

    def __copy__(self) -> dict:
        return dict(self)

    def __deepcopy__(self, memo) -> dict:
        import copy
        return {key: copy.deepcopy(value, memo) for key, value in self.items()}

    def __reduce__(self):
        return (dict, (dict(self),))


def freeze(value: Any) -> Any:
    """The value with every dict, list and set in it made unchangeable."""
    if isinstance(value, (str, Markup, int, float, bool, type(None), Frozen)):
        return value
    if isinstance(value, dict):
        return Frozen({key: freeze(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    return value  # dataclasses here are frozen; dates are immutable


def enabled() -> bool:
    return current_app.config["CACHE_SAME_FOR_ALL"]


def same_for_all(kind: str, city_id: str | None, lang: str, *parts: Hashable,
                 build: Callable[[], T]) -> T:
    """``build()``'s value, frozen, kept under (kind, city, language, *parts)."""
    return _kept((kind, city_id, lang, *parts), lang, build, _while_room)


def same_for_shape(kind: str, city_id: str, lang: str, *parts: Hashable, build: Callable[[], T]) -> T:
    """As ``same_for_all``, for a value kept per shape: the latest ``SHAPES`` are kept."""
    return _kept((kind, city_id, lang, *parts), lang, build, _latest)


def _kept(key: tuple[Hashable, ...], lang: str, build: Callable[[], T],
          keep: Callable[[dict, tuple[Hashable, ...], Any], None]) -> T:
    if not enabled():
        return freeze(_in_language(lang, build))
    store = current_app.extensions["same_for_all"]
    try:
        return store[key]
    except KeyError:
        value = freeze(_in_language(lang, build))
        keep(store, key, value)
        return value


def _while_room(store: dict, key: tuple[Hashable, ...], value: Any) -> None:
    if len(store) < LIMIT:
        store[key] = value


def _latest(store: dict, key: tuple[Hashable, ...], value: Any) -> None:
    order = current_app.extensions["same_for_all_shapes"]
    if len(order) >= SHAPES:
        store.pop(order.popleft(), None)
    store[key] = value
    order.append(key)


def _in_language(lang: str, build: Callable[[], T]) -> T:
    """Built in ``lang``: its translations, whatever the request's language."""
    if not lang or not has_request_context() or get_locale() is LOCALES[lang]:
        return build()
    with force_locale(LOCALES[lang]):
        return build()


# The switch as the app whose context was pushed last in this thread has it: a memoized
# function asks it on every call, and a context variable answers faster than the config.
_SWITCH: ContextVar[bool] = ContextVar("cache_same_for_all", default=True)
# Every memoized function's store, emptied together by forget().
_MEMORIES: list[Any] = []


def memoized(maxsize: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """For a function of values from finite sets, the same for every resident (see above):
    its latest ``maxsize`` answers remembered per arguments; with the switch off, it is
    called each time."""
    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        remembered = lru_cache(maxsize=maxsize)(function)
        _MEMORIES.append(remembered)

        @wraps(function)
        def call(*args: Any) -> T:
            return remembered(*args) if _SWITCH.get() else function(*args)
        return call
    return decorate


def forget() -> None:
    """Empty every memoized function's store: the data they read has changed (a city file
    adds readings of its own names, webapp/furigana.py)."""
    for remembered in _MEMORIES:
        remembered.cache_clear()


def _switch(app: Flask, **extra: Any) -> None:
    # Any app's context: one that is not the wizard (a test's bare Flask) keeps things.
    _SWITCH.set(app.config.get("CACHE_SAME_FOR_ALL", True))


def init_app(app: Flask) -> None:
    app.config.setdefault("CACHE_SAME_FOR_ALL", True)
    appcontext_pushed.connect(_switch)  # every app's (one lookup less than for one sender)
    app.extensions["same_for_all"] = {}
    app.extensions["same_for_all_shapes"] = deque()  # the keys same_for_shape kept, oldest first
