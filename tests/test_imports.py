"""The package's modules import one another without a cycle: every import counted, at the top
of a module, inside a function or under TYPE_CHECKING (issue 30: a function-level import
hid caching ↔ i18n, and a TYPE_CHECKING one actions ↔ dated ↔ situation)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "webapp"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules ``path`` imports, anywhere in it."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            origin = (f"{base}.{node.module}" if node.module else base) if node.level else node.module or ""
            for alias in node.names:
                # `from . import views` imports the module views; `from .flow import FIRST`, flow.
                submodule = f"{origin}.{alias.name}"
                found.add(submodule if submodule in modules else origin)
    targets = set()
    for target in found:
        while target and target not in modules:  # a name inside a module: that module
            target = target.rpartition(".")[0]
        if target and target != name:
            targets.add(target)
    return targets


def graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: imports(path, set(paths)) for name, path in paths.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_check_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_a_package_importing_its_own_modules_is_no_cycle_of_theirs():
    edges = graph()
    assert "webapp.rules.outcome" in edges["webapp.present.dated"]
    assert "webapp.caching" in edges["webapp.present.dated"]


def test_no_module_of_the_package_imports_itself_through_others():
    found = cycles(graph())
    assert found == [], found
