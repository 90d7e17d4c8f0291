"""やさしい日本語: a third language beside 日本語 and English. The app's own strings come
from its own catalog; a city's fact is the city's Japanese unless the city file gives a
``ja-easy`` text for it, which `flask cities check` accepts."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from webapp import create_app

MIHON = Path(__file__).parent / "cities" / "mihon.yaml"


def page(client, path: str) -> str:
    return client.get(path).get_data(as_text=True)


def test_the_language_links_offer_all_three(flow_app):
    client = flow_app.test_client()
    for lang, others in [("ja", ["ja-easy", "en"]), ("ja-easy", ["ja", "en"]), ("en", ["ja", "ja-easy"])]:
        client.set_cookie("lang", lang)
        client.set_cookie("furigana", "off")
        text = page(client, "/yamagata/")
        assert re.findall(r'data-switch-language="([\w-]+)"', text) == others
        assert f'<html lang="{"en" if lang == "en" else "ja"}"' in text
    switched = client.get("/language/ja-easy?next=/yamagata/")
    assert switched.status_code == 302 and "lang=ja-easy" in switched.headers["Set-Cookie"]


def test_easy_japanese_pages_use_their_own_strings(flow_app):
    client = flow_app.test_client()
    client.set_cookie("furigana", "off")
    client.set_cookie("lang", "ja")
    standard = page(client, "/yamagata/")
    client.set_cookie("lang", "ja-easy")
    easy = page(client, "/yamagata/")
    assert "山形市" in easy and easy != standard
    assert re.search(r"<h1>(.*?)</h1>", easy).group(1) != re.search(r"<h1>(.*?)</h1>", standard).group(1)


def test_a_city_file_may_give_a_fact_in_easy_japanese(tmp_path, walk):
    folder = tmp_path / "cities"
    folder.mkdir()
    path = folder / "mihon.yaml"
    shutil.copy(MIHON, path)
    text = path.read_text(encoding="utf-8")
    plain, easy = "簡易書留で郵送されます。", "「簡易書留」という郵便で届きます。"
    assert text.count(f"{{ja: {plain}, en:") >= 1
    path.write_text(text.replace(f"{{ja: {plain}, en:", f"{{ja: {plain}, ja-easy: {easy}, en:"), encoding="utf-8")

    app = create_app({"SECRET_KEY": "test", "TESTING": True, "WTF_CSRF_ENABLED": False,
                      "CITY_DATA_DIR": str(folder), "AS_OF": "2026-01-15"})
    result = app.test_cli_runner().invoke(args=["cities", "check", str(path)])
    assert (result.exit_code, result.output.splitlines()[0]) == (0, "ok")

    client = app.test_client()
    client.set_cookie("lang", "ja-easy")
    client.set_cookie("furigana", "off")  # the words alone (ruby: test_furigana.py)
    walk(client, "mihon", {"birth_date": "1980-05-10", "my_number_card": "none"})
    shown = page(client, "/mihon/result")
    assert f"<span>{easy}</span>" in shown and f"<span>{plain}</span>" not in shown
    client.set_cookie("lang", "ja")
    shown = page(client, "/mihon/result")
    assert f"<span>{plain}</span>" in shown and easy not in shown
    api = client.post("/api/v1/mihon/outcome", json={"birth_date": "1980-05-10", "my_number_card": "none",
                                                     "lang": "ja-easy"}).get_json()
    assert easy in str(api) and "<ruby>" not in str(api)


def test_a_fact_without_an_easy_text_is_the_citys_own_japanese(flow_app, walk):
    client = flow_app.test_client()
    client.set_cookie("lang", "ja-easy")
    client.set_cookie("furigana", "off")
    walk(client, "shiroishi", {"birth_date": "1980-05-10", "my_number_card": "none"})
    shown = page(client, "/shiroishi/result")
    assert "簡易書留。玄関先で手渡しになります。" in shown  # the city's own words


def test_easy_japanese_joins_and_brackets_as_japanese_does(make_app, walk):
    """Separators are the language's (present/wording.py), and やさしい日本語 writes them as
    Japanese: the national rules' list under 「この案内のもと」 was joined with ": " and "; ",
    and a household step's person with a space before its case, where the code asked
    `lang == "ja"`."""
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    client.set_cookie("lang", "ja-easy")
    client.set_cookie("furigana", "off")
    walk(client, "yamagata", {"birth_date": "1980-05-10"})
    shown = page(client, "/yamagata/result")
    sources = shown[shown.index('<ul class="sources">'):]
    sources = sources[:sources.index("</ul>")]
    assert "：" in sources and ": " not in sources and "; " not in sources
