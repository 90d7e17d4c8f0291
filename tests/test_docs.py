"""The docs say what the code does, where a test can check it (issue 30: docs/furigana.md
counted 480 readings where its table said 481, and neither was the file's count): every
path they name exists, every `make` target they give is the Makefile's, and the counts of
the readings are tests/readings.yaml's."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "webapp/data/cities/README.md"]
# A path of the project in backquotes; one with a placeholder (<id>, *, …) names no file.
PATH = re.compile(r"`((?:webapp|tests|scripts|deploy|docs|screenshots|\.ci)/[^`\s]*)`")
PLACEHOLDER = re.compile(r"[<*{…]")
MAKE = re.compile(r"`make ([a-z][a-z-]*)")
# What docs/adding.md's recipes create (a new question's template and test), and what
# `make screenshots` writes (screenshots/ is not in the repository: .gitignore).
CREATED = {"webapp/templates/questions/lives_abroad.html", "tests/test_lives_abroad.py",
           "screenshots/", "screenshots/card-ends.md"}


def makefile_targets() -> set[str]:
    targets: set[str] = set()
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        found = re.match(r"([a-z][a-z -]*):(?!=)", line)
        if found:
            targets.update(found[1].split())
    return targets


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_path_a_doc_names_is_there(doc):
    named = {found[1].rstrip(".,:;)").split("::")[0].split("#")[0]
             for found in PATH.finditer(doc.read_text(encoding="utf-8"))}
    missing = sorted(path for path in named - CREATED
                     if not PLACEHOLDER.search(path) and not (ROOT / path).exists())
    assert missing == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_make_target_a_doc_gives_is_the_makefiles(doc):
    given = set(MAKE.findall(doc.read_text(encoding="utf-8")))
    assert given - makefile_targets() == set()


def test_the_check_finds_a_missing_target_and_path():
    assert "test" in makefile_targets() and "update" in makefile_targets()
    assert "no-such-target" not in makefile_targets()
    assert not (ROOT / "webapp/no_such_module.py").exists()


def test_the_furigana_docs_count_the_readings_as_the_file_holds_them():
    readings = yaml.safe_load((ROOT / "tests/readings.yaml").read_text(encoding="utf-8"))
    terms, names, sentences = (len(readings[key]) for key in ("terms", "city_terms", "sentences"))
    text = (ROOT / "docs/furigana.md").read_text(encoding="utf-8")
    said = re.search(r"over the (\d+) hand-written readings\s+of `tests/readings.yaml` \((\d+) domain terms, "
                     r"(\d+) names of the test cities, (\d+) sentences", text)
    assert said, "docs/furigana.md no longer says what scripts/analysers.py reads"
    assert [int(number) for number in said.groups()] == [terms + names + sentences, terms, names, sentences]
    assert f"with the domain dictionary (of {terms + names + sentences})" in text
    assert f"without it (sentences, of {sentences})" in text


def test_the_architecture_names_every_module():
    """docs/architecture.md's tree is the package's: a module added is a line there."""
    tree = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    unnamed = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "webapp").rglob("*.py")
                     if path.name != "__init__.py" and path.name not in tree)
    assert unnamed == []
