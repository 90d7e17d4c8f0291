"""docs/adding.md's recipe for a yes/no question, followed by a program on a copy of the
project: the tests of every place the recipe changes stay green in the copy, the places the
section names are exactly the files the recipe changes, and its count of places is the
number of its steps.

The copy holds the working tree's files that git tracks or would track (not .venv, not the
compiled catalogs: the recipe compiles them); the virtual environments are linked into it,
for the tests that run `make`. The recipe adds ``lives_abroad`` (asked when the card may be
registered; usually "no"), one step of the section at a time. Then, with this interpreter
and the copy first on the path (checked: ``webapp`` is imported from the copy, not from the
editable install), the copy runs the question's own tests, the tests of each place the
recipe changed (``CHECKS``) and one walk through every page: not the whole suite again,
which `make test` runs on the tree itself.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import Counter
from fnmatch import fnmatchcase
from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "adding.md"
SECTION = "## A yes/no question"
NAME = "lives_abroad"  # the section's own example
VENVS = (".venv", ".venv-serve")
pytestmark = pytest.mark.xdist_group("recipe")  # one copy, built once, for all its tests
NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve".split()
# A path in backticks, from the repository's root (`*` for any folder): a place the section
# names. Files it only mentions are named without their folder (`care_need.html`).
PATH = re.compile(r"`((?:webapp|tests|docs|scripts)/[\w./*-]+\.(?:py|html|yaml|json|md|po|pot))`")

# The recipe's new strings, for each Japanese catalog (ja_easy: やさしい日本語); a catalog
# gains exactly these.
JAPANESE = {
    "ja": {
        "Lives abroad": "海外在住",
        "Choose yes if you live abroad, or no": "海外に住んでいるかどうか、「はい」か「いいえ」を選んでください",
        "Do you live abroad?": "海外に住んでいますか？",
        "For example, you have moved out of Japan and told the city.":
            "たとえば、日本から海外へ転出し、市に届け出た場合です。",
    },
    "ja_easy": {
        "Lives abroad": "外国に住んでいる",
        "Choose yes if you live abroad, or no": "外国に住んでいる人は「はい」、ちがう人は「いいえ」を選んでください",
        "Do you live abroad?": "外国に住んでいますか？",
        "For example, you have moved out of Japan and told the city.":
            "たとえば、日本から外国へ引っ越して、市役所にそのことを知らせた人です。",
    },
}


# --- the section -----------------------------------------------------------------------------

def section(text: str) -> str:
    start = text.index(SECTION + "\n")
    end = text.find("\n## ", start + len(SECTION))
    return text[start:] if end == -1 else text[start:end]


def named(text: str) -> set[str]:
    return set(PATH.findall(text))


def steps(text: str) -> list[str]:
    return re.findall(r"^(\d+)\. ", text, re.MULTILINE)


def places_word(text: str) -> str:
    match = re.search(r"^(\w+) places, nothing else", text, re.MULTILINE)
    assert match, "the section no longer says how many places"
    return match[1].lower()


def test_the_section_counts_its_places():
    text = section(DOC.read_text(encoding="utf-8"))
    numbers = steps(text)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)], numbers
    assert places_word(text) == NUMBERS[len(numbers)], f"the section has {len(numbers)} steps"


# --- the copy --------------------------------------------------------------------------------

def git(*args: str, given: str | None = None) -> subprocess.CompletedProcess:
    """A git command that only reads (the working tree is shared)."""
    return subprocess.run(["git", *args], cwd=ROOT, input=given, capture_output=True, text=True)


def project_files() -> list[str]:
    """Tracked files and new files git does not ignore, as the working tree has them."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard")
    assert listed.returncode == 0, listed.stderr
    return sorted({name for name in listed.stdout.split("\0") if name and (ROOT / name).is_file()})


def copy_project(target: Path) -> dict[str, bytes]:
    """The project's files into ``target``, the environments linked; returns each file's bytes."""
    before = {}
    for name in project_files():
        data = (ROOT / name).read_bytes()
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)
        before[name] = data
    for name in VENVS:  # tests/test_serving.py runs `make run` and `make serve`, which use them
        if (ROOT / name).is_dir():
            (target / name).symlink_to(ROOT / name, target_is_directory=True)
    return before


def changed(root: Path, before: dict[str, bytes]) -> set[str]:
    """The files new or different from ``before``, but those git ignores (compiled catalogs,
    caches, instance/)."""
    found = set()
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if name not in VENVS and name != "__pycache__"]
        for file in files:
            path = Path(folder) / file
            name = path.relative_to(root).as_posix()
            if before.get(name) != path.read_bytes():
                found.add(name)
    ignored = git("check-ignore", "--no-index", "--stdin", given="\n".join(sorted(found)) + "\n")
    return found - set(ignored.stdout.splitlines())


def environment(root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("FLASK_", "PYTEST_", "COVERAGE_")) and key != "PYTHONPATH"}
    return {**env, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}


def python(root: Path, *args: str, **settings: str) -> str:
    """This interpreter in the copy, with ``settings`` added to the environment: its output."""
    result = subprocess.run([sys.executable, *args], cwd=root, env={**environment(root), **settings},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])
    return result.stdout


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one place ``old`` stands; a recipe that no longer fits the code fails here."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: expected {old!r} once, found it {text.count(old)} times"
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- the recipe, in the section's order ---------------------------------------------------------

def add_question(root: Path) -> None:
    """1. The spec: a Question in webapp/questions.py, the last page."""
    edit(root / "webapp/questions.py", "             usual=NO),\n)\nBY_NAME",
         "             usual=NO),\n"
         f'    Question("{NAME}", YES_NO, _l("Lives abroad"), registered_or_unsure,\n'
         '             choices=yes_no(), required=_l("Choose yes if you live abroad, or no"), usual=NO),\n'
         ")\nBY_NAME")


def add_template(root: Path) -> None:
    """2. Its template: care_need.html with its own words."""
    questions = root / "webapp/templates/questions"
    text = (questions / "care_need.html").read_text(encoding="utf-8")
    for block, words in (("question", "Do you live abroad?"),
                         ("hint", "For example, you have moved out of Japan and told the city.")):
        text, count = re.subn(r'(\{% block ' + block + r' %\}\{\{ _\(")[^"]*("\) \}\})',
                              lambda m, words=words: m[1] + words + m[2], text)
        assert count == 1, (block, text)
    (questions / f"{NAME}.html").write_text(text, encoding="utf-8")


def add_rule(root: Path) -> None:
    """3. The field on rules.outcome.Answers and a rule that reads it: living abroad, the
    resident leaves National Health Insurance (an action the app has already)."""
    outcome = root / "webapp/rules/outcome.py"
    edit(outcome, "    wants_deregistration: bool = False\n",
         f"    wants_deregistration: bool = False\n    {NAME}: bool = False\n")
    edit(outcome, "    if answers.employer_insurance:\n",
         f"    if answers.employer_insurance or answers.{NAME}:\n"
         "        # Moving abroad ends National Health Insurance too (転出).\n")


def add_tests(root: Path) -> None:
    """4. Its tests, in a file of their own."""
    (root / f"tests/test_{NAME}.py").write_text(f'''\
"""The question {NAME} (docs/adding.md, "A yes/no question")."""
from datetime import date

from webapp.citydata import load_cities, load_national
from webapp.flow import Route
from webapp.rules.outcome import Answers, decide

AS_OF = date(2025, 8, 1)
HOLDER = {{"birth_date": "1980-05-10", "my_number_card": "held", "insurance_registration": "registered"}}


def test_asked_only_when_the_card_may_be_registered():
    ages = load_national().ages
    assert Route(HOLDER, AS_OF, ages).steps[-1] == "{NAME}"
    assert "{NAME}" in Route(dict(HOLDER, insurance_registration="unknown"), AS_OF, ages).steps
    assert "{NAME}" not in Route(dict(HOLDER, insurance_registration="not_registered"), AS_OF, ages).steps
    assert "{NAME}" not in Route({{"birth_date": "1980-05-10", "my_number_card": "none"}}, AS_OF, ages).steps


def test_living_abroad_means_leaving_nhi():
    rules, ages = load_cities()["yamagata"].rules, load_national().ages
    answers = dict(birth_date=date(1980, 5, 10), my_number_card="held", insurance_registration="registered")
    assert [a.id for a in decide(Answers(**answers), AS_OF, rules, ages).actions] == []
    assert [a.id for a in decide(Answers(**answers, {NAME}=True), AS_OF, rules, ages).actions] == ["leave_nhi"]


def test_the_page_asks_it(client, walk):
    assert walk(client, "yamagata", {{"birth_date": "1980-05-10"}}).visited[-1] == "{NAME}"
    assert "Do you live abroad?" in client.get("/yamagata/q/{NAME}").get_data(as_text=True)


def test_the_api_takes_it(client):
    body = dict(HOLDER, as_of="2025-08-01", {NAME}=True)
    answer = client.post("/api/v1/yamagata/outcome", json=body)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert [action["id"] for action in answer.get_json()["actions"]] == ["leave_nhi"]
''', encoding="utf-8")


def add_documents(root: Path) -> None:
    """5. The request field in webapp/openapi.yaml; the flow diagram in docs/staff-tools.md."""
    spec = root / "webapp/openapi.yaml"
    field = "          description: Wants to cancel the card's health-insurance registration.\n" \
            "          type: boolean\n          default: false\n"
    edit(spec, field, field + f"        {NAME}:\n          description: Lives abroad.\n"
                              "          type: boolean\n          default: false\n")
    edit(spec, "                 employer_insurance, wants_deregistration]",
         f"                 employer_insurance, wants_deregistration, {NAME}]")
    graph = python(root, "-m", "flask", "--app", "webapp", "flow-graph", FLASK_SECRET_KEY="x",
                   FLASK_AS_OF="2025-08-01")
    assert NAME in graph, graph
    staff = root / "docs/staff-tools.md"
    text, count = re.subn(r"(```mermaid\n).*?(```)", lambda m: m[1] + graph + m[2],
                          staff.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert count == 1
    staff.write_text(text, encoding="utf-8")


def translate(root: Path) -> None:
    """6. `make update`, the new strings in each Japanese catalog, `make compile`."""
    from babel.messages.pofile import read_po, write_po

    catalogs = root / "webapp/translations"

    def untranslated(po: Path):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name)
        return catalog, {message.id for message in catalog if message.id and not message.string}

    japanese = sorted(catalogs.glob("ja*/LC_MESSAGES/messages.po"))
    assert {po.parent.parent.name for po in japanese} <= set(JAPANESE), "a Japanese catalog the recipe lacks"
    before = {po: untranslated(po)[1] for po in japanese}
    python(root, "scripts/catalogs.py", "update")
    for po in japanese:
        catalog, after = untranslated(po)
        strings = JAPANESE[po.parent.parent.name]
        assert after - before[po] == set(strings), po
        for msgid, string in strings.items():
            catalog[msgid].string = string
        with po.open("wb") as handle:  # as `pybabel update --no-wrap --ignore-obsolete` writes it
            write_po(handle, catalog, ignore_obsolete=True, width=None)
    python(root, "scripts/catalogs.py", "compile")


RECIPE = (add_question, add_template, add_rule, add_tests, add_documents, translate)


# --- the proof -------------------------------------------------------------------------------

# The tests that check each place the recipe may change (a test file it adds checks itself).
# A place it changes that no entry covers fails the proof: name its tests here.
CHECKS = {
    "webapp/questions.py": ("tests/test_flow.py",),
    "webapp/templates/questions/*.html": ("tests/test_templating.py",),
    "webapp/rules/outcome.py": ("tests/test_rules.py",),
    "webapp/openapi.yaml": ("tests/test_openapi.py",),
    "docs/staff-tools.md": ("tests/test_staff.py",),
    "webapp/translations/*": ("tests/test_translations.py",),
}
# One walk through every page of both cities, the new question's included.
SMOKE_WALK = "tests/test_pages.py::test_every_page_is_reachable"


def checks_of(touched: set[str]) -> list[str]:
    """The tests to run in the copy for the files the recipe changed, then the smoke walk."""
    chosen = []
    for name in sorted(touched):
        found = [name] if fnmatchcase(name, "tests/test_*.py") else [
            test for place, tests in CHECKS.items() if fnmatchcase(name, place) for test in tests]
        assert found, f"the recipe changes {name}, and no test in CHECKS checks it"
        chosen += found
    return list(dict.fromkeys([*chosen, SMOKE_WALK]))


def run_suite(root: Path, report: Path, tests: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", *tests]
    started = time.monotonic()
    result = subprocess.run(command, cwd=root, env=environment(root), capture_output=True, text=True,
                            timeout=1800)
    return result, time.monotonic() - started


def failures(result: subprocess.CompletedProcess) -> str:
    """The failed tests, counted by file, then each (pytest's short summary)."""
    lines = list(dict.fromkeys(line for line in result.stdout.splitlines()
                               if line.startswith(("FAILED ", "ERROR "))))
    by_file = Counter(line.split()[1].split("::")[0] for line in lines)
    counts = "\n".join(f"  {count:4} {name}" for name, count in by_file.most_common())
    last = (result.stdout.strip().splitlines() or [""])[-1]
    return f"{counts}\n" + "\n".join(lines[:200]) + f"\n{last}\n{result.stderr[-2000:]}"


@pytest.fixture(scope="module")
def followed(tmp_path_factory) -> tuple[Path, set[str]]:
    """A copy of the project with the recipe followed, and the files the recipe changed."""
    root = tmp_path_factory.mktemp("recipe") / "copy"
    before = copy_project(root)
    where = python(root, "-c", "import webapp; print(webapp.__file__)").strip()
    assert Path(where) == root / "webapp" / "__init__.py", f"webapp comes from {where}, not the copy"
    for step in RECIPE:
        step(root)
    return root, changed(root, before)


def test_the_section_names_every_file_the_recipe_changes(followed):
    _root, touched = followed
    places = named(section(DOC.read_text(encoding="utf-8")))
    assert sorted(name for name in touched if not any(fnmatchcase(name, place) for place in places)) == []
    assert sorted(place for place in places if not any(fnmatchcase(name, place) for name in touched)) == []


def test_following_the_recipe_keeps_the_tests_of_what_it_changed_green(followed):
    root, touched = followed
    report = root.parent / "suite.xml"
    tests = checks_of(touched)
    assert f"tests/test_{NAME}.py" in tests and len(tests) >= 6, tests
    result, took = run_suite(root, report, tests)
    print(f"the copy's tests ({', '.join(tests)}): {took:.0f} s; "
          f"{(result.stdout.strip().splitlines() or [''])[-1]}")
    assert result.returncode != 5, f"the copy's tests collected nothing:\n{result.stdout[-3000:]}"
    assert result.returncode == 0, (f"after the recipe, the copy's tests fail ({took:.0f} s):\n"
                                    f"{failures(result)}")
    cases = list(ElementTree.parse(report).getroot().iter("testcase"))
    walked = [case for case in cases if case.get("name", "").startswith(SMOKE_WALK.rsplit("::", 1)[1])]
    assert walked and not any(len(case) for case in walked), "the walk through every page did not pass"
    ours = [case for case in cases if case.get("classname", "").startswith(f"tests.test_{NAME}")]
    assert len(ours) == 4 and not any(len(case) for case in ours), "the question's own tests did not pass"
