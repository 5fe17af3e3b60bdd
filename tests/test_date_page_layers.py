"""Each per-date page draws every layer its state has: axes, gains and losses (planted-bug net).

The bundled data never shows a loss nobody gained, so a page that dropped every loss went
unnoticed: this data set has one on its second date, and an axis of advance.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from siversk_map import load_dataset
from siversk_map.export.html import date_page_name, render_site

from .conftest import MINI, collection, feature


def _square(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def _layers(html: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for name in re.findall(r'"layer": *"([a-z_]+)"', html):
        found[name] = found.get(name, 0) + 1
    return found


def test_axes_gains_and_losses_are_drawn_on_their_dates(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    (folder / "dated").mkdir(parents=True)
    (folder / "manifest.json").write_text((MINI / "manifest.json").read_text())
    first = collection(
        feature("ru-1", _square(38.02, 48.82, 38.10, 48.90), date="2024-01-01"),
        feature("ua-1", _square(38.12, 48.82, 38.18, 48.90), side="ua", date="2024-01-01"),
    )
    axis = {"type": "LineString", "coordinates": [[38.05, 48.86], [38.11, 48.86]]}
    second = collection(
        # Russian ground shrinks to its western half and nobody takes the rest: a loss.
        feature("ru-2", _square(38.02, 48.82, 38.06, 48.90), date="2024-02-01"),
        feature("ua-2", _square(38.12, 48.82, 38.18, 48.90), side="ua", date="2024-02-01"),
        feature("ax-2", axis, layer="axis", date="2024-02-01"),
    )
    (folder / "dated" / "2024-01-01.geojson").write_text(json.dumps(first))
    (folder / "dated" / "2024-02-01.geojson").write_text(json.dumps(second))
    ds = load_dataset(folder)
    pages = render_site(ds)
    one = _layers(pages[date_page_name(dt.date(2024, 1, 1))].decode())
    two = _layers(pages[date_page_name(dt.date(2024, 2, 1))].decode())
    assert one.get("axis", 0) == 0 and one.get("loss", 0) == 0
    assert two.get("axis", 0) >= 1, two  # the line (and its arrowhead)
    assert two.get("loss", 0) >= 1, two  # Russian loss of about 26 km², gained by nobody
    assert two.get("gain", 0) == 0, two
