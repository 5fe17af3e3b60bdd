"""Checks against real third-party data in ../shared/data/real/ (never copied into the repo)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyproj import Geod

from siversk_map.analysis.geodesy import area_km2
from siversk_map.io import read_layer_file

from .conftest import REAL

CYTERAT = REAL / "deepstate_cyterat"
pytestmark = pytest.mark.skipif(
    not CYTERAT.is_dir(), reason=f"real data folder {CYTERAT} not present (shared/data/real)"
)


def _independent_area_km2(path: Path) -> float:
    """Ring by ring with pyproj.Geod straight from the JSON: exteriors minus holes."""
    geod = Geod(ellps="WGS84")
    total = 0.0
    doc = json.loads(path.read_text(encoding="utf-8"))
    for feature in doc["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        for rings in polygons:
            for number, ring in enumerate(rings):
                lons = [p[0] for p in ring]
                lats = [p[1] for p in ring]
                area = abs(geod.polygon_area_perimeter(lons, lats)[0])
                total += area if number == 0 else -area
    return total / 1e6


def _files() -> list[Path]:
    return sorted(CYTERAT.glob("*.geojson")) if CYTERAT.is_dir() else []


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_occupied_area_agrees_with_independent_pyproj_within_half_a_percent(path: Path) -> None:
    result = read_layer_file(path, path.name)
    assert [p for p in result.problems if p.severity == "error"] == []
    ours = sum(area_km2(f.geometry) for f in result.features)
    theirs = _independent_area_km2(path)
    assert theirs > 500  # the occupied part of the Siversk bbox is hundreds of km²
    assert ours == pytest.approx(theirs, rel=0.005)
