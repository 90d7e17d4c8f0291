"""``python -m webapp.staff check PATH…``: `flask cities check` without starting the app with
the files checked.

The app will not start with a broken file in its folder of cities (FLASK_CITY_DATA_DIR), and
`flask cities check` with it: this names each problem of each file and its line all the same.
The answers a file gives are read with the app's built-in cities only (its translations).
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from .. import create_app
from .citycheck import check_city, ok_message

USAGE = "usage: python -m webapp.staff check PATH [PATH…]"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2 or args[0] != "check":
        print(USAGE, file=sys.stderr)
        return 2
    # An app of the built-in cities alone, for the pages' translations (the answers' words).
    app = create_app({"SECRET_KEY": "python -m webapp.staff check", "CITY_DATA_DIR": None})
    loaded, failed = app.extensions["loaded_data"], 0
    for path in map(Path, args[1:]):
        with app.test_request_context("/"):
            problems = check_city(path, loaded.national, loaded.cities.values())
            message = None if problems else ok_message(path, loaded.national)
        failed += bool(problems)
        for problem in problems:
            print(f"{path}:{problem}", file=sys.stderr)
        if message:
            first, *rest = message.splitlines()
            print(f"{path}: {first}", *rest, sep="\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
