"""The API's OpenAPI 3.1 document: written in openapi.yaml, served as JSON."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from .caching import memoized
from .citydata import _StringDatesLoader

DOCUMENT = Path(__file__).parent / "openapi.yaml"


@memoized(maxsize=1)
def document() -> dict[str, Any]:
    """Read once; dates in examples stay strings, as the API sends them."""
    return yaml.load(DOCUMENT.read_text(encoding="utf-8"), Loader=_StringDatesLoader)


@memoized(maxsize=4)
def served(cities: tuple[str, ...]) -> dict[str, Any]:
    """The document as served: the ``municipality`` parameter lists the cities this
    instance is configured with (CITY_DATA_DIR decides them, not the document)."""
    served = copy.deepcopy(document())
    for item in served["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", ()):
                if parameter["name"] == "municipality":
                    parameter["schema"]["enum"] = list(cities)
                    parameter["example"] = cities[0]
    return served
