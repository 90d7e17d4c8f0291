"""``python -m webapp.staff check PATH…``: `flask cities check` without starting the app.

The app will not start with a broken file in its folder of cities (FLASK_CITY_DATA_DIR), and
`flask cities check` with it: this names each problem of each file and its line all the same.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ..citydata import load_national
from .citycheck import check_city_file

USAGE = "usage: python -m webapp.staff check PATH [PATH…]"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2 or args[0] != "check":
        print(USAGE, file=sys.stderr)
        return 2
    national, failed = load_national(), 0
    for path in map(Path, args[1:]):
        problems = check_city_file(path, national)
        failed += bool(problems)
        for problem in problems:
            print(f"{path}:{problem}", file=sys.stderr)
        if not problems:
            print(f"{path}: ok")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
