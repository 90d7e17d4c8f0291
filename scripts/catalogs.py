"""The pybabel cycle with its settings in one place: `make extract|update|compile` run this,
and tests/test_translations.py extracts with the same arguments.

    python scripts/catalogs.py extract|update|compile
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "webapp" / "translations"
TEMPLATE = CATALOGS / "messages.pot"


def extract_args(output: Path) -> list[str]:
    return ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
            "--no-location", "--sort-output", "--omit-header", "--no-wrap", "-o", str(output),
            str(ROOT)]


COMMANDS = {
    "extract": [extract_args(TEMPLATE)],
    "update": [extract_args(TEMPLATE),
               ["pybabel", "-q", "update", "--no-fuzzy-matching", "--ignore-obsolete", "--no-wrap",
                "-i", str(TEMPLATE), "-d", str(CATALOGS)]],
    "compile": [["pybabel", "-q", "compile", "--statistics", "-d", str(CATALOGS)]],
}


def main(command: str) -> None:
    for args in COMMANDS[command]:
        CommandLineInterface().run(args)


if __name__ == "__main__":
    main(sys.argv[1])
