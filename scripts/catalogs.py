"""The pybabel cycle with its settings in one place: `make extract|update|compile` run this,
and tests/test_translations.py extracts with the same arguments.

    python scripts/catalogs.py extract|update|compile
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

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
}


def compile_catalogs() -> None:
    """Each messages.po into its .mo, written whole under a temporary name, then renamed:
    instances started at the same time (`make serve` runs this) never read half a file."""
    for po in sorted(CATALOGS.glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        handle, temporary = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
        try:
            with os.fdopen(handle, "wb") as target:
                write_mo(target, catalog)
            os.chmod(temporary, 0o644)
            os.replace(temporary, po.with_suffix(".mo"))
        except BaseException:
            os.unlink(temporary)
            raise


def main(command: str) -> None:
    if command == "compile":
        compile_catalogs()
        return
    for args in COMMANDS[command]:
        CommandLineInterface().run(args)


if __name__ == "__main__":
    main(sys.argv[1])
