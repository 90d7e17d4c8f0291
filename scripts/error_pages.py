"""The pages nginx itself answers with (deploy/nginx/hoken.conf, `error_page`): when a request is
refused before it reaches the app (unreadable, too large, too many, a header too long) or
when no instance answers. Japanese first, then やさしい日本語 (with ふりがな, from the app's own
readings: webapp/furigana.py) and English, as the app's pages; a JSON error in the API's
own shape for /api/.

The pages and JSON files in deploy/errors/ are this script's output (tests/production
checks they are current): edit the texts here, then `make error-pages`. Their style sheet,
deploy/errors/errors.css, is written by hand.

    python scripts/error_pages.py [OUTPUT_DIR]
"""
from __future__ import annotations

import json
import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the app's readings
from webapp.furigana import ruby  # noqa: E402

OUTPUT = ROOT / "deploy" / "errors"

# name: (title ja, text ja, title en, text en). 502, 503 and 504 share one page: to a
# resident they all mean that the service is not answering for a moment.
PAGES = {
    "400": ("送られた内容を読み取れませんでした",
            "ブラウザーから送られた内容を、このサイトでは読み取れませんでした。最初のページからもう一度お進みください。",
            "What was sent could not be read",
            "This site could not read what your browser sent. Please start again from the first page."),
    "413": ("送信された内容が長すぎます",
            "どの回答よりもはるかに長い内容が送信されました。前のページに戻り、入力した内容を確かめてから、もう一度お試しください。",
            "Too much was sent",
            "What was sent is much longer than any answer. Go back, check what you typed and try again."),
    "414": ("ページのアドレスが長すぎます",
            "このアドレスのページはありません。最初のページからお進みください。",
            "The address is too long",
            "There is no page at this address. Please start from the first page."),
    "429": ("アクセスが集中しています",
            "短い時間に多くのページが開かれました。1分ほど待ってから、もう一度お試しください。",
            "Too many requests",
            "Many pages were opened in a short time. Please wait a minute and try again."),
    "431": ("ブラウザーから送られた情報が多すぎます",
            "このサイトでは読み取れない量の情報（クッキーなど）がブラウザーから送られました。"
            "ブラウザーの履歴とクッキーを削除してから、もう一度お試しください。",
            "Your browser sent too much",
            "Your browser sent more information (such as cookies) than this site can read. "
            "Clear your browser's history and cookies, then try again."),
    "50x": ("ただいま表示できません",
            "しばらくの間、このサービスが応答していません。数分待ってから、もう一度お試しください。",
            "This page cannot be shown right now",
            "The service is not answering for a moment. Please wait a few minutes and try again."),
}
# The API's JSON errors, where nginx answers for it (its own 414 or 431, beyond its 16 KB
# buffers, comes before it knows the path: always the HTML page).
API_ERRORS = ("400", "413", "414", "429", "431", "50x")
HOME = ("最初のページへ", "Go to the start")
# やさしい日本語 (issue 28): short sentences, everyday words; name: (title, text).
EASY = {
    "400": ("送った内容を読むことができません",
            "ブラウザーが送った内容を、読むことができませんでした。最初のページから、もう一度始めてください。"),
    "413": ("送った内容が長すぎます",
            "送った内容がとても長いです。前のページに戻って、書いた内容を見てください。それから、もう一度送ってください。"),
    "414": ("ページのアドレスが長すぎます",
            "このアドレスのページはありません。最初のページから始めてください。"),
    "429": ("少し待ってください",
            "短い時間に、たくさんのページを開きました。1分ぐらい待ってください。それから、もう一度開いてください。"),
    "431": ("ブラウザーの情報が多すぎます",
            "ブラウザーが送った情報（クッキーなど）が多すぎて、読むことができません。"
            "ブラウザーの履歴とクッキーを消してください。それから、もう一度開いてください。"),
    "50x": ("今、ページを見ることができません",
            "今、このサービスが動いていません。数分待ってください。それから、もう一度開いてください。"),
}
EASY_LABEL = "やさしい日本語"



def page(name: str) -> str:
    title_ja, text_ja, title_en, text_en = PAGES[name]
    return (
        '<!doctype html>\n<html lang="ja">\n'
        f'<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(title_ja)} / {escape(title_en)}</title>'
        '<link rel="stylesheet" href="/_errors/errors.css"></head>\n'
        f'<body><main>\n<h1>{escape(title_ja)}</h1>\n<p>{escape(text_ja)}</p>\n'
        f'<p><a href="/">{HOME[0]}</a></p>\n'
        f'<section lang="ja" class="easy"><h2>{ruby(EASY_LABEL)}：{ruby(EASY[name][0])}</h2>\n'
        f'<p>{ruby(EASY[name][1])}</p>\n<p><a href="/">{ruby(HOME[0])}</a></p></section>\n'
        f'<section lang="en"><h2>{escape(title_en)}</h2>\n<p>{escape(text_en)}</p>\n'
        f'<p><a href="/">{HOME[1]}</a></p></section>\n</main></body>\n</html>\n')


def api_error(name: str) -> str:
    title_ja, _text_ja, title_en, _text_en = PAGES[name]
    message = f"{title_ja} / {title_en}"
    return json.dumps({"errors": [{"field": None, "message": message}]}, ensure_ascii=False) + "\n"


def files() -> dict[str, str]:
    """Every file of deploy/errors/, by name."""
    found = {f"{name}.html": page(name) for name in PAGES}
    found.update({f"{name}.json": api_error(name) for name in API_ERRORS})
    return found


def main(output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    for name, text in files().items():
        (output / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
