"""Faster translations.

Flask-Babel looks the translations up again on every ``gettext`` call: the domain, the
locale, ``str(locale)`` and its cache, each through the app context, and a page or an
answer calls it many times. ``LocaleCachedDomain`` keeps them by the request's Locale object.

Templates:

Flask-Babel's template ``_()`` finds the request's translations again on every call
(through the app context, the domain and the locale), and a result page calls it many
times. A context processor hands each render functions bound to the
language's translations, made once per language, with the same newstyle behaviour as
Jinja's i18n extension (autoescaped, ``%(name)s`` variables), so the output is identical;
the ``%`` step is skipped when there is nothing to substitute or unescape.
"""
from __future__ import annotations

from pathlib import Path

from babel import Locale, support
from flask import Flask
from flask_babel import Babel, Domain, get_babel, get_locale, get_translations
from flask_babel.speaklater import LazyString
from markupsafe import Markup

from .caching import memoized

EASY = "ja-easy"  # やさしい日本語: Japanese for dates and numbers, its own catalog
LANGUAGES = ("ja", EASY, "en")  # Japanese first: the default
EASY_CATALOG = "ja_easy"  # its folder in translations/ (a gettext folder name has no "-")


class EasyJapanese(Locale):
    """Babel's Japanese (dates, numbers) under an identity of its own, so that a lookup
    kept by Locale (the catalogs, the cache's keys) never takes standard Japanese for it."""

    __eq__ = object.__eq__
    __hash__ = object.__hash__


# One Locale object per language: Flask-Babel parses the selector's string again on every
# request (a file-system check each time) unless it is handed a Locale.
LOCALES = {"ja": Locale.parse("ja"), EASY: EasyJapanese("ja"), "en": Locale.parse("en")}
CODES = {id(locale): code for code, locale in LOCALES.items()}


def current_lang() -> str:
    """"ja", "ja-easy" or "en": the request's language (or the one forced)."""
    locale = get_locale()
    return CODES.get(id(locale)) or str(locale)


def base(lang: str) -> str:
    """The language of dates, numbers and punctuation: やさしい日本語 is Japanese."""
    return "ja" if lang == EASY else lang


# Each language by its own name, and its HTML lang (the header's links, the staff preview).
LANGUAGE_NAMES = {"ja": "日本語", EASY: "やさしい日本語", "en": "English"}
LANGUAGE_LINKS = tuple((code, LANGUAGE_NAMES[code], base(code)) for code in LANGUAGES)


def is_japanese(lang: str) -> bool:
    return base(lang) == "ja"


def _finish(text: str, variables: dict) -> Markup:
    text = Markup(text)
    return text % variables if variables or "%" in text else text


class LocaleCachedDomain(Domain):
    """Flask-Babel's default domain, its translations kept by Locale (hashable) so that
    a lookup is one dict access; ``force_locale`` still works, as it changes the Locale."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_locale: dict = {}

    def get_translations(self):
        locale = get_locale()
        if locale is None:  # outside a request, as Flask-Babel
            return support.NullTranslations()
        try:
            return self.by_locale[locale]
        except KeyError:
            if isinstance(locale, EasyJapanese):
                translations = self.easy_translations()
            else:
                translations = super().get_translations()
            self.by_locale[locale] = translations
            return translations

    def easy_translations(self) -> support.Translations:
        # Its own folder: Babel would take "ja" for any name it can parse as Japanese.
        translations = support.Translations()
        for folder in get_babel().translation_directories:
            path = Path(folder) / EASY_CATALOG / "LC_MESSAGES" / f"{self.domain[0]}.mo"
            if path.exists():
                with path.open("rb") as catalog:
                    translations.merge(support.Translations(catalog, domain=self.domain[0]))
        return translations


class LazyText(LazyString):
    """Flask-Babel's lazy_gettext, remembered per Locale (its own finds the domain, then
    the translations, each through the app context, on every use, and the check page uses
    many). The catalogs are the package's own and never change while
    it runs, as LocaleCachedDomain assumes too."""

    def __init__(self, msgid: str):
        super().__init__(_translate, msgid)
        self.by_locale: dict = {}

    def __str__(self) -> str:
        locale = get_locale()
        try:
            return self.by_locale[locale]
        except KeyError:
            text = self.by_locale[locale] = _translate(*self._args)
            return text


def _translate(msgid: str) -> str:
    return get_translations().ugettext(msgid)


def lazy_gettext(msgid: str) -> LazyText:
    return LazyText(msgid)


@memoized(maxsize=16)
def template_functions(t: support.Translations) -> dict:
    """gettext and friends for templates, bound to one language's translations (made once
    per translations object: LocaleCachedDomain keeps one per Locale). Every
    template here is HTML with autoescape on, so the text is Markup and the variables are
    escaped, as Jinja's own newstyle gettext does."""

    def gettext(__string: str, **variables):
        return _finish(t.ugettext(__string), variables)

    def ngettext(__singular: str, __plural: str, __num: int, **variables):
        variables.setdefault("num", __num)
        return _finish(t.ungettext(__singular, __plural, __num), variables)

    def pgettext(__string_ctx: str, __string: str, **variables):
        variables.setdefault("context", __string_ctx)
        return _finish(t.upgettext(__string_ctx, __string), variables)

    def npgettext(__string_ctx: str, __singular: str, __plural: str, __num: int, **variables):
        variables.setdefault("context", __string_ctx)
        variables.setdefault("num", __num)
        return _finish(t.unpgettext(__string_ctx, __singular, __plural, __num), variables)

    # "_" too: Jinja's own "_" would look "gettext" up again on every call.
    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext,
            "npgettext": npgettext}


def request_translations() -> dict:
    return template_functions(get_translations())


def init_app(app: Flask, babel: Babel) -> None:
    # Babel.domain_instance is a cached property: setting it replaces the default domain.
    babel.domain_instance = LocaleCachedDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    app.context_processor(request_translations)
    app.jinja_env.globals["language_links"] = LANGUAGE_LINKS
