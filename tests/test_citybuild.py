"""Many cities in one deployment (issue 31): the app starts on a folder of generated cities
and answers for the first and the last; the city build (webapp/citybuild.py) is read in
place of each file's parsing and schema check, and refused once a file is not as built."""
from __future__ import annotations

from pathlib import Path

import pytest

from scripts.bench_cities import BODY, make_cities
from webapp import citybuild
from webapp.citydata import CityDataError
from webapp.staff.__main__ import main as staff_main

COUNT = 30


@pytest.fixture
def folder(tmp_path) -> Path:
    cities = tmp_path / "cities"
    cities.mkdir()
    make_cities(cities, COUNT)
    return cities


def built_in() -> int:
    """The built-in cities (more with `make test-fast EXTRA_CITIES=…`: conftest.py)."""
    from webapp import citydata
    return len(list(citydata.CITIES_DIR.glob("*.yaml")))


def answers_for_the_first_and_the_last(app) -> None:
    cities = list(app.extensions["loaded_data"].cities)
    assert len(cities) == COUNT + built_in()
    client = app.test_client()
    for city in (cities[0], cities[-1], "c0001", f"c{COUNT:04d}"):
        answer = client.post(f"/api/v1/{city}/outcome", json=BODY)
        assert answer.status_code == 200, city
        assert answer.get_json()["municipality"] == city


def test_the_app_starts_on_a_folder_of_generated_cities_and_answers_for_each(make_app, folder):
    answers_for_the_first_and_the_last(make_app(CITY_DATA_DIR=str(folder)))


def test_with_the_build_the_files_are_neither_parsed_nor_checked_again(make_app, folder, tmp_path, monkeypatch):
    build = tmp_path / "city-build.bin"
    citybuild.write(build, folder)
    from webapp import citydata
    read, check = citydata.read_yaml, citydata._schema_errors

    # (The national file and the two built-in cities are read and checked as before.)
    def read_unless_built(path):
        return pytest.fail(f"{path} parsed again") if folder in path.parents else read(path)

    def check_unless_built(data, schema):  # (the built-in cities' ids are names: c0001… are the folder's)
        return pytest.fail(f"{data['id']} checked again") if str(data.get("id")).startswith("c0") else \
            check(data, schema)

    monkeypatch.setattr(citydata, "read_yaml", read_unless_built)
    monkeypatch.setattr(citydata, "_schema_errors", check_unless_built)
    answers_for_the_first_and_the_last(make_app(CITY_DATA_DIR=str(folder), CITY_BUILD_FILE=str(build)))


@pytest.mark.parametrize("change", ["changed", "added", "removed"])
def test_a_file_not_as_built_is_refused_with_the_command_to_run(make_app, folder, tmp_path, change):
    build = tmp_path / "city-build.bin"
    citybuild.write(build, folder)
    first = folder / "c0001.yaml"
    if change == "changed":
        first.write_text(first.read_text(encoding="utf-8").replace("000-000-1233", "000-000-1234"), encoding="utf-8")
    elif change == "added":
        (folder / "c9999.yaml").write_text(first.read_text(encoding="utf-8").replace("\nid: c0001\n", "\nid: c9999\n"),
                                           encoding="utf-8")
    else:
        first.unlink()
    with pytest.raises(CityDataError, match=f"{change} since the city files were built .*python -m webapp.staff build"):
        make_app(CITY_DATA_DIR=str(folder), CITY_BUILD_FILE=str(build))


def test_a_build_for_other_folders_is_not_read(make_app, folder, tmp_path):
    build = tmp_path / "city-build.bin"
    other = tmp_path / "other"
    other.mkdir()
    make_cities(other, 2)
    citybuild.write(build, other)
    app = make_app(CITY_DATA_DIR=str(folder), CITY_BUILD_FILE=str(build))
    assert len(app.extensions["loaded_data"].cities) == COUNT + built_in()
    build.write_bytes(b"not a build")  # cut short, or another Python's: checked as without one
    assert len(make_app(CITY_DATA_DIR=str(folder), CITY_BUILD_FILE=str(build)).extensions["loaded_data"].cities) \
        == COUNT + built_in()


def test_the_build_command_checks_the_files_first(folder, tmp_path, monkeypatch, capsys):
    build = tmp_path / "city-build.bin"
    monkeypatch.setenv("FLASK_CITY_DATA_DIR", str(folder))
    monkeypatch.setenv("FLASK_CITY_BUILD_FILE", str(build))
    assert staff_main(["build"]) == 0 and build.exists()
    assert f"the {COUNT} city files of {folder} checked" in capsys.readouterr().out
    broken = folder / "c0002.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("switchboard: ", "switchboard_: "), encoding="utf-8")
    before = build.read_bytes()
    assert staff_main(["build"]) == 1
    assert "c0002.yaml" in capsys.readouterr().err
    assert build.read_bytes() == before  # the last good build stays
