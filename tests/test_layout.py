"""How the tests are laid out: no test module imports another. What test modules share
lives in modules that are not tests (tests/corpus.py, tests/expected.py,
tests/browser/pages.py …), so a test module can be moved, renamed or run alone.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def package_of(path: Path) -> list[str]:
    return list(path.relative_to(ROOT).parent.parts)


def modules_named(node: ast.Import | ast.ImportFrom, path: Path) -> list[str]:
    """Every dotted name an import statement may load: the module, and for ``from … import
    name`` each ``module.name`` too (that may be a module: ``from tests import test_x``)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = package_of(path)[:len(package_of(path)) - (node.level - 1)]
        module = ".".join([*base, *([node.module] if node.module else [])])
    else:
        module = node.module or ""
    return [module, *(f"{module}.{alias.name}" for alias in node.names)]


def imported_test_modules(path: Path, source: str | None = None) -> list[str]:
    """The test modules (test_*.py under tests/) that the file at ``path`` imports."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):  # also the imports inside functions
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        for name in modules_named(node, path):
            parts = name.split(".")
            target = ROOT.joinpath(*parts).with_suffix(".py")
            if parts[0] == TESTS.name and parts[-1].startswith("test_") and target.is_file():
                found.append(name)
    return found


TEST_FILES = sorted(TESTS.rglob("test_*.py"))


def test_no_test_module_imports_another():
    assert len(TEST_FILES) >= 30 and {path.parent.name for path in TEST_FILES} >= {"tests", "browser", "production"}
    found = {str(path.relative_to(ROOT)): imported_test_modules(path) for path in TEST_FILES}
    assert not {path: names for path, names in found.items() if names}, \
        "a test module imports another: move what they share to tests/corpus.py or tests/browser/pages.py"


@pytest.mark.parametrize("where, source", [
    ("tests/test_speed_caches.py", "from tests.test_trust import BIRTHS"),
    ("tests/test_speed_caches.py", "import tests.test_trust"),
    ("tests/test_speed_caches.py", "from tests import test_trust"),
    ("tests/test_city_findings.py", "def f():\n    from tests.test_city_invariants import CITIES"),
    ("tests/browser/test_answer_card.py", "from .test_household import household_walk"),
    ("tests/browser/test_answer_card.py", "from . import test_household"),
    ("tests/browser/test_answer_card.py", "from ..test_trust import SITUATIONS"),
    ("tests/production/test_edges.py", "from tests.browser.test_walks import KINDS"),
])
def test_the_check_sees_each_way_of_importing_a_test_module(where, source):
    assert imported_test_modules(ROOT / where, source)


@pytest.mark.parametrize("where, source", [
    ("tests/test_speed_caches.py", "from tests.corpus import BIRTHS, CITIES"),
    ("tests/browser/test_answer_card.py", "from .pages import household_walk"),
    ("tests/test_result_page.py", "from tests.conftest import Node"),
    ("tests/test_rules.py", "from webapp.rules.outcome import decide"),
])
def test_the_check_lets_shared_modules_be_imported(where, source):
    assert imported_test_modules(ROOT / where, source) == []
