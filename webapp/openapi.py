"""The API's OpenAPI 3.1 document: written in openapi.yaml, served as JSON."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .citydata import _StringDatesLoader

DOCUMENT = Path(__file__).parent / "openapi.yaml"


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    """Read once; dates in examples stay strings, as the API sends them."""
    return yaml.load(DOCUMENT.read_text(encoding="utf-8"), Loader=_StringDatesLoader)
