"""The 47 prefectures and their eight regions (data/prefectures.yaml), under which the index
lists a deployment's cities. National data, read once, like the schemas."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

FILE = Path(__file__).parent / "data" / "prefectures.yaml"


@dataclass(frozen=True)
class Region:
    id: str
    name: Mapping[str, str]  # ja, en
    reading: str


@dataclass(frozen=True)
class Prefecture:
    code: str  # JIS X 0401: "01" (北海道) to "47" (沖縄県), north to south
    id: str  # its page's address: /prefecture/<id>/
    name: Mapping[str, str]  # ja, en
    reading: str
    region: Region


def _read() -> tuple[Mapping[str, Region], tuple[Prefecture, ...]]:
    data = yaml.load(FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    regions = {key: Region(key, {"ja": row["ja"], "en": row["en"]}, row["reading"])
               for key, row in data["regions"].items()}
    return regions, tuple(Prefecture(row["code"], row["id"], {"ja": row["ja"], "en": row["en"]}, row["reading"],
                                     regions[row["region"]]) for row in data["prefectures"])


REGIONS, PREFECTURES = _read()
BY_NAME: Mapping[str, Prefecture] = {prefecture.name["ja"]: prefecture for prefecture in PREFECTURES}
BY_ID: Mapping[str, Prefecture] = {prefecture.id: prefecture for prefecture in PREFECTURES}
