"""Tools for city staff, as Flask commands (`flask --app webapp …`). Not linked for residents,
and none of them takes or writes a resident's personal data.

- ``flow-graph``: the question flow as a Mermaid or Graphviz diagram (flowgraph.py)
- ``scenarios``: every outcome kind for a city and a day, as a CSV for Excel (scenarios.py)
- ``cities check PATH``: the start-up check of a city file, with lines (citycheck.py)
- ``cities preview PATH``: every statement a resident sees for a city file, by section,
  each with its basis beside the words it rests on, as one HTML page for a clerk to
  proofread (preview.py)
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from .. import citydata
from ..clock import today_in_tokyo
from ..rules.outcome import LATEST_AS_OF
from . import citycheck, flowgraph, preview, scenarios


def write(output: str, data: bytes) -> None:
    """To a file, or to standard output for "-"."""
    with click.open_file(output, "wb") as handle:
        handle.write(data)


@click.command("flow-graph")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid",
              show_default=True, help="Mermaid text (GitHub shows it) or Graphviz dot.")
@click.option("-o", "--output", default="-", help="File to write; standard output by default.")
@with_appcontext
def flow_graph(fmt: str, output: str) -> None:
    """Write the question flow as a diagram, derived from webapp/flow.py."""
    render = flowgraph.mermaid if fmt == "mermaid" else flowgraph.dot
    as_of = current_app.config["AS_OF"] or today_in_tokyo()  # the ages in force that day
    write(output, render(as_of, citydata.loaded().national.ages).encode("utf-8"))


def iso_day(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None


@click.command("scenarios")
@click.option("--city", "city_id", required=True, help="A configured city id, e.g. shiroishi.")
@click.option("--as-of", callback=iso_day, help="The day, YYYY-MM-DD; default AS_OF or today.")
@click.option("-o", "--output", default="-", help="File to write; standard output by default.")
@with_appcontext
def scenarios_command(city_id: str, as_of: date | None, output: str) -> None:
    """Write every outcome kind by birth month and answers, as a CSV (UTF-8 with BOM)."""
    city = citydata.loaded().cities.get(city_id)
    if city is None:
        raise click.BadParameter(f"no city {city_id!r}; configured: "
                                 f"{', '.join(sorted(citydata.loaded().cities))}", param_hint="--city")
    as_of = as_of or current_app.config["AS_OF"] or today_in_tokyo()
    if not city.calendar.first_day() <= as_of <= LATEST_AS_OF:
        raise click.BadParameter(f"{as_of} is outside {city_id}'s cycles "
                                 f"({city.calendar.first_day()} to {LATEST_AS_OF})",
                                 param_hint="--as-of")
    write(output, scenarios.scenarios_csv(city, citydata.loaded().national, as_of))


cities = AppGroup("cities", help="Check and proofread city data files.")


@cities.command("check")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def check_city(path: Path) -> None:
    """Check a city file as start-up does, and every answer it gives; print each problem with
    its field and line."""
    loaded = citydata.loaded()
    with current_app.test_request_context("/"):
        problems = citycheck.check_city(path, loaded.national, loaded.cities.values())
        if not problems:
            click.echo(citycheck.ok_message(path, loaded.national))
            return
    for problem in problems:
        click.echo(f"{path}:{problem}", err=True)
    raise SystemExit(1)


@cities.command("preview")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", default="-", help="HTML file to write; standard output by default.")
def preview_city(path: Path, output: str) -> None:
    """Write every statement a resident sees for a city file, by section of the result page and
    its calendar file, each with its basis beside the words it rests on."""
    problems = citycheck.check_city_file(path, citydata.loaded().national)
    if problems:
        for problem in problems:
            click.echo(f"{path}:{problem}", err=True)
        raise SystemExit(1)
    city = citydata.load_city(path, citydata.loaded().national)
    with current_app.test_request_context("/"):
        write(output, preview.preview_html(city, citydata.loaded().national).encode("utf-8"))


def register(app: Flask) -> None:
    app.cli.add_command(flow_graph)
    app.cli.add_command(scenarios_command)
    app.cli.add_command(cities)
