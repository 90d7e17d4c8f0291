"""A benchmark, not a test: one deployment serving many cities (issue 31). Makes N city files
from the test city tests/cities/mihon.yaml (each a copy under an id of its own) in a
temporary folder, starts the app on them (FLASK_CITY_DATA_DIR) in a process of its own,
and prints how long create_app() took, the process's peak memory once it has answered, the
API's answer time for the first and the last city, and the index page's size (uncompressed,
the largest of ja, ja with ふりがな, やさしい日本語 and English): first with
each file read and checked at start, then after `python -m webapp.staff build` (its time
too), as a deployment runs; and for the built-in cities alone, as the yardstick.

    make bench-cities N=1700        (or: .venv/bin/python scripts/bench_cities.py 50 200 1700)
    .venv/bin/python scripts/bench_cities.py --tree build/against/<sha> 200
                                    (another tree's app, e.g. one `make bench AGAINST=` built)

docs/performance.md gives the figures.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from webapp.prefectures import PREFECTURES  # noqa: E402

SAMPLE = ROOT / "tests" / "cities" / "mihon.yaml"
BODY = {"birth_date": "1956-03-01", "my_number_card": "held", "insurance_registration": "unknown",
        "as_of": "2026-01-15"}

# Run in a fresh interpreter per count: start time and peak memory are the process's own.
MEASURE = r"""
import json, os, resource, statistics, sys, time
sys.path.insert(0, sys.argv[1])
started = time.perf_counter()
from webapp import create_app
app = create_app({"SECRET_KEY": "bench", "CITY_DATA_DIR": sys.argv[2] or None,
                  "CITY_BUILD_FILE": sys.argv[4] or None})
ready = time.perf_counter() - started
client = app.test_client()
body = json.loads(sys.argv[3])
cities = list(app.extensions["loaded_data"].cities)

def answer_ms(city):
    assert client.post(f"/api/v1/{city}/outcome", json=body).status_code == 200, city
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(50):
            client.post(f"/api/v1/{city}/outcome", json=body)
        runs.append((time.perf_counter() - start) / 50 * 1000)
    return statistics.median(runs)

first, last = answer_ms(cities[0]), answer_ms(cities[-1])
# Before any page with ふりがな, which maps the readings' dictionary (SudachiDict) from disk.
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
sizes = []
for cookies in ({}, {"furigana": "on"}, {"lang": "ja-easy"}, {"lang": "en"}):  # its largest
    reader = app.test_client()
    for name, value in cookies.items():
        reader.set_cookie(name, value)
    index = reader.get("/")
    assert index.status_code == 200
    sizes.append(len(index.get_data()))
print(json.dumps({"cities": len(cities), "start_s": ready, "first_ms": first, "last_ms": last,
                  "index_kb": max(sizes) / 1024,
                  "peak_mb": peak}))
"""


KANA_DIGITS = ("ぜろ", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう")
IDENTITY = ("\nid: mihon\nname: {ja: 見本市, en: Mihon City (a sample)}\nname_reading: みほんし",
            "\nprefecture: 東京都")


def make_cities(folder: Path, count: int, identity: bool = True) -> None:
    """``count`` copies of the sample city, ids c0001…, each its own file, with a name and a
    reading of its own (見本12市, みほんいちにし), in the prefectures in turn (``identity``
    False: without these fields, for a tree from before they were, issue 31)."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert all(text.count(part) == 1 for part in IDENTITY)
    for number in range(1, count + 1):
        city_id = f"c{number:04d}"
        read = "みほん" + "".join(KANA_DIGITS[int(digit)] for digit in str(number)) + "し"
        prefecture = PREFECTURES[(number - 1) % len(PREFECTURES)].name["ja"]
        own = text.replace(IDENTITY[0], f"\nid: {city_id}\nname: {{ja: 見本{number}市, en: Mihon {number} City}}"
                                        f"\nname_reading: {read}")
        own = own.replace(IDENTITY[1], f"\nprefecture: {prefecture}")
        if not identity:
            own = "".join(line for line in own.splitlines(keepends=True)
                          if not line.startswith(("name_reading:", "prefecture:")))
        (folder / f"{city_id}.yaml").write_text(own, encoding="utf-8")


def measure(tree: Path, folder: Path | None, build: Path | None = None) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE, str(tree), str(folder or ""), json.dumps(BODY),
                           str(build or "")],
                          capture_output=True, text=True, cwd=tree, env={"PATH": "/usr/bin:/bin"})
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def build(tree: Path, folder: Path, target: Path) -> float:
    """`python -m webapp.staff build` on the folder: its seconds."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "webapp.staff", "build"], capture_output=True, text=True, cwd=tree,
                          env={"PATH": "/usr/bin:/bin", "FLASK_CITY_DATA_DIR": str(folder),
                               "FLASK_CITY_BUILD_FILE": str(target)})
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    return time.perf_counter() - started


def row(label: str, count: int, found: dict) -> str:
    return (f"{count:>10} {label:>14} {found['start_s']:>9.1f} s {found['peak_mb']:>6.0f} MB "
            f"{found['first_ms']:>8.2f} ms {found['last_ms']:>7.2f} ms {found['index_kb']:>6.1f} KB")


def main(counts: list[int], tree: Path = ROOT) -> None:
    print(f"the app of {tree}")
    print(f"{'city files':>10} {'':>14} {'create_app':>11} {'peak RSS':>9} {'API, first':>11} "
          f"{'API, last':>10} {'index':>8}")
    print(row("built-in only", 0, measure(tree, None)))
    for count in counts:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch) / "cities"
            folder.mkdir()
            make_cities(folder, count, "name_reading" in (tree / "webapp/data/city.schema.json").read_text())
            print(row("checked", count, measure(tree, folder)))
            if (tree / "webapp" / "citybuild.py").exists():
                target = Path(scratch) / "city-build.bin"
                seconds = build(tree, folder, target)
                print(row("from the build", count, measure(tree, folder, target)) + f"   (build {seconds:.1f} s)")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    tree = ROOT
    if arguments[:1] == ["--tree"]:
        tree, arguments = Path(arguments[1]).resolve(), arguments[2:]
    main([int(arg) for arg in arguments] or [1700], tree)
