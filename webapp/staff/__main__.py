"""``python -m webapp.staff check PATH…``: `flask cities check` without starting the app with
the files checked.

``python -m webapp.staff build``: the city files of FLASK_CITY_DATA_DIR checked as the start
checks them, and written into the instance folder for the app to read without checking
again (webapp/citybuild.py). Run it after changing one of them; `make serve-build` runs it.

The app will not start with a broken file in its folder of cities (FLASK_CITY_DATA_DIR), and
`flask cities check` with it: this names each problem of each file and its line all the same.
The answers a file gives are read with the app's built-in cities only (its translations).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from flask import Flask

from .. import citybuild, create_app
from ..citydata import CityDataError, folder_files
from .citycheck import check_city, ok_message

USAGE = "usage: python -m webapp.staff check PATH [PATH…]\n       python -m webapp.staff build"


def build() -> int:
    """The city build for the app's folders, in its instance folder."""
    folder = os.environ.get("FLASK_CITY_DATA_DIR")
    if not folder:
        print("No FLASK_CITY_DATA_DIR: the built-in cities are read and checked at start, no build needed.")
        return 0
    # Where create_app reads it: CITY_BUILD_FILE, else in its instance folder.
    target = Path(os.environ.get("FLASK_CITY_BUILD_FILE") or
                  Path(Flask("webapp", instance_relative_config=True).instance_path) / citybuild.NAME)
    try:
        target = citybuild.write(target, Path(folder))
    except CityDataError as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"{target}: the {len(folder_files(Path(folder)))} city files of {folder} checked")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["build"]:
        return build()
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
