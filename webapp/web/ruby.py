"""ふりがな on the resident's pages: the choice (a cookie, like the language) and the ruby
added to a Japanese page as it leaves (``furigana.ruby_html``: each text read once)."""
from __future__ import annotations

from flask import Response, request

from ..furigana import ruby_html
from ..i18n import current_lang
from ..languages import EASY, is_japanese
from . import cookies

STATES = cookies.CHOICES[cookies.FURIGANA]  # as the resident chose; unset: the language's default


def furigana_on() -> bool:
    """Ruby over the kanji: as the resident chose, else on in やさしい日本語 only."""
    lang = current_lang()
    if not is_japanese(lang):
        return False
    chosen = cookies.read(cookies.FURIGANA)
    return chosen == "on" if chosen in STATES else lang == EASY


def add_ruby(response: Response) -> Response:
    """An after_request hook, run before compression."""
    if (response.mimetype == "text/html" and not response.direct_passthrough
            and not request.path.startswith("/static/") and furigana_on()):
        response.set_data(ruby_html(response.get_data(as_text=True), gloss=current_lang() == EASY))
    return response
