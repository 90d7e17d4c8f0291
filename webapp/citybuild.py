"""The city files checked once, not in every process (issue 31: 1,700 cities took a minute to
start, each worker on its own, most of it parsing the YAML and checking it against the schema).

``python -m webapp.staff build`` (``make serve-build`` runs it) reads the city files of
FLASK_CITY_DATA_DIR and checks each as the app does at start (the two built-in cities are
read at start as before: a change to one needs no build); then it writes what it read, with
each file's SHA-256, into instance/city-build.bin
(Python's marshal format: the YAML's own types, integer keys too, read back in a blink;
written and read by the same Python, which the build records).
An app started on the same folders reads each file's data from there and runs only the
checks that need the other files (its sources, offices, readings): no YAML parser, no
schema. A file changed, added or removed since is refused at start, naming the command to
run; a build made for other folders, or under another schema, is not read at all.
"""
from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path
from typing import Any

from .citydata import DATA_DIR, CityDataError, folder_files, load_cities, load_national, read_yaml, schema_checked

NAME = "city-build.bin"  # in the instance folder, unless CITY_BUILD_FILE names another
COMMAND = "python -m webapp.staff build"  # (make serve-build runs it)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _made_for(folder: Path) -> dict[str, Any]:
    """What a build holds only for: this folder of cities, under this schema."""
    return {"folder": str(Path(folder).resolve()),
            "schema": digest(DATA_DIR / "city.schema.json"), "python": sys.version}


def write(target: Path, folder: Path) -> Path:
    """Check every city file as the app's start does (a CityDataError names the first
    problem), then write each file's data by its path and hash into ``target``. Each file is
    read once: what is checked is what is written, and what its hash is of."""
    files = {}
    for path in folder_files(folder):
        raw = path.read_bytes()
        data = schema_checked(path, read_yaml(path, raw.decode("utf-8")), "city.schema.json")
        # Marshalled on its own: read back one city at a time, so that no more than one
        # city's unmarshalled data is held beside the cities made.
        files[path] = {"sha256": hashlib.sha256(raw).hexdigest(), "data": marshal.dumps(data)}
    # The checks that need the other files (sources, offices, readings), on that same data.
    load_cities(folder, load_national(), {path: entry["data"] for path, entry in files.items()})
    target.parent.mkdir(parents=True, exist_ok=True)
    written = target.with_suffix(".tmp")
    written.write_bytes(marshal.dumps({**_made_for(folder),
                                       "files": {str(path.resolve()): entry for path, entry in files.items()}}))
    written.replace(target)  # whole or not at all: an instance starting meanwhile reads the old one
    return target


def read(target: Path, folder: Path | None) -> dict[Path, Any] | None:
    """Each of ``folder``'s city files' checked data, by its path, from the build ``target``
    made for it; None where there is none. A file that is not as it was built is refused."""
    if folder is None or not target.exists():
        return None
    try:
        build = marshal.loads(target.read_bytes())
    except (EOFError, ValueError, TypeError):  # another Python's, or cut short: not this one's
        return None
    made_for = _made_for(folder)
    if not isinstance(build, dict) or {key: build.get(key) for key in made_for} != made_for:
        return None
    built: dict[str, dict[str, Any]] = build["files"]
    paths = folder_files(folder)
    checked = {}
    for path in paths:
        entry = built.get(str(path.resolve()))
        if entry is None or entry["sha256"] != digest(path):
            raise CityDataError(f"{path}: {'added' if entry is None else 'changed'} since the city files were "
                                f"built ({target}): run `{COMMAND}` (it checks them), then start again")
        checked[path] = entry["data"]  # (bytes: load_cities unmarshals each as it makes its city)
    gone = set(built) - {str(path.resolve()) for path in paths}
    if gone:
        raise CityDataError(f"{min(gone)}: removed since the city files were built ({target}): run `{COMMAND}`, "
                            f"then start again")
    return checked
