"""The translations: each language's catalog loaded once, at start, and found by the
request's Locale (languages.py) in one dict access.

Flask-Babel looks the translations up again on every ``gettext`` call: the domain, the
locale, ``str(locale)`` and its cache, each through the app context, and a page or an
answer calls it many times. ``Catalogs`` holds the three catalogs, read when the app is
made (like the city files: data loaded once, not a cache), by Locale object.

Templates: Flask-Babel's template ``_()`` finds the request's translations again on every
call (through the app context, the domain and the locale), and a result page calls it
many times. A context processor hands each render functions bound to the language's
catalog, made with it at start, with the same newstyle behaviour as Jinja's i18n
extension (autoescaped, ``%(name)s`` variables), so the output is identical; the ``%``
step is skipped when there is nothing to substitute or unescape.
"""
from __future__ import annotations

from pathlib import Path

from babel import Locale, support
from flask import Flask, current_app
from flask_babel import Babel, Domain, get_babel, get_locale, get_translations
from flask_babel.speaklater import LazyString
from markupsafe import Markup

from .caching import memoized
from .languages import CODES, EASY_CATALOG, LANGUAGE_LINKS, LOCALES

CATALOG_FOLDERS = {"ja": "ja", "en": "en", "ja-easy": EASY_CATALOG}  # under translations/


def current_lang() -> str:
    """"ja", "ja-easy" or "en": the request's language (or the one forced)."""
    locale = get_locale()
    return CODES.get(id(locale)) or str(locale)


def _finish(text: str, variables: dict) -> Markup:
    text = Markup(text)
    return text % variables if variables or "%" in text else text


class Catalogs(Domain):
    """Flask-Babel's default domain, each language's catalog read once, at start, and found
    by Locale (hashable: one dict access); ``force_locale`` still works, as it changes the
    Locale. With each catalog, the template functions bound to it."""

    def __init__(self, directories: list[str], domain: str):
        super().__init__(domain=domain)
        self.loaded: dict[Locale, support.Translations] = {
            LOCALES[code]: read_catalog(directories, folder, domain) for code, folder in CATALOG_FOLDERS.items()}
        self.functions = {locale: template_functions(catalog) for locale, catalog in self.loaded.items()}

    def get_translations(self):
        try:
            return self.loaded[get_locale()]
        except KeyError:  # outside a request (None): Flask-Babel's NullTranslations
            return super().get_translations()


def read_catalog(directories: list[str], folder: str, domain: str) -> support.Translations:
    """One language's catalog from each translation folder, merged. Read by path: Babel would
    take "ja_easy" for a name of Japanese."""
    catalog = support.Translations()
    for directory in directories:
        path = Path(directory) / folder / "LC_MESSAGES" / f"{domain}.mo"
        if path.exists():
            with path.open("rb") as file:
                catalog.merge(support.Translations(file, domain=domain))
    return catalog


class LazyText(LazyString):
    """Flask-Babel's lazy_gettext, looked up by Locale (its own finds the domain, then the
    translations, each through the app context, on every use, and the check page uses
    many)."""

    def __init__(self, msgid: str):
        super().__init__(_translate, msgid)
        self.msgid = msgid

    def __str__(self) -> str:
        return _translated(self.msgid, get_locale())


@memoized(maxsize=4096)  # the msgids of lazy texts (labels, questions): some hundreds, by language
def _translated(msgid: str, locale: Locale | None) -> str:
    return _translate(msgid)  # in the request's language, which is ``locale``


def _translate(msgid: str) -> str:
    return get_translations().ugettext(msgid)


def lazy_gettext(msgid: str) -> LazyText:
    return LazyText(msgid)


def template_functions(t: support.Translations) -> dict:
    """gettext and friends for templates, bound to one language's catalog (made with it, at
    start). Every template here is HTML with autoescape on, so the text is Markup and the
    variables are escaped, as Jinja's own newstyle gettext does."""

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
    catalogs: Catalogs = current_app.extensions["catalogs"]
    return catalogs.functions[get_locale()]


def init_app(app: Flask, babel: Babel) -> None:
    catalogs = Catalogs(get_babel(app).translation_directories, app.config.get("BABEL_DOMAIN", "messages"))
    app.extensions["catalogs"] = catalogs
    # Babel.domain_instance is a cached property: setting it replaces the default domain.
    babel.domain_instance = catalogs
    app.context_processor(request_translations)
    app.jinja_env.globals["language_links"] = LANGUAGE_LINKS
