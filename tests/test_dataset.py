"""Checks of the bundled Siversk data set (data/geojson/).

Uses only json, pathlib, shapely and pyproj (not the siversk_map package).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyproj import Geod
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

DATA = Path(__file__).parents[1] / "data" / "geojson"
REAL = Path(__file__).parents[2] / "shared" / "data" / "real"
GEOD = Geod(ellps="WGS84")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATED_LAYERS = {"control", "front_line", "axis", "event", "measure"}
POLY_TYPES = {"Polygon", "MultiPolygon"}

#: A GeoJSON feature as read from a file.
Feature = dict[str, Any]


def area_km2(geom: BaseGeometry) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data: dict[str, Any] = load(DATA / "manifest.json")
    return data


@pytest.fixture(scope="module")
def features() -> list[tuple[str, Feature]]:
    """(relative path, feature) for every feature of every layer file."""
    out: list[tuple[str, Feature]] = []
    for path in sorted(DATA.rglob("*.geojson")):
        for feat in load(path)["features"]:
            out.append((path.relative_to(DATA).as_posix(), feat))
    return out


@pytest.fixture(scope="module")
def dated() -> list[Feature]:
    return [f for _, f in _all() if f["properties"].get("layer") in DATED_LAYERS]


def _all() -> list[tuple[Path, Feature]]:
    out: list[tuple[Path, Feature]] = []
    for path in sorted(DATA.rglob("*.geojson")):
        for feat in load(path)["features"]:
            out.append((path, feat))
    return out


def ru_assessed_by_date() -> tuple[dict[str, BaseGeometry], dict[str, list[str]]]:
    """{date: union of ru non-claimed control polygons} for dates that have any, and notes."""
    polys: dict[str, list[BaseGeometry]] = {}
    notes: dict[str, list[str]] = {}
    for _, f in _all():
        p = f["properties"]
        if p.get("layer") == "control" and p.get("side") == "ru" and p.get("status") != "claimed":
            polys.setdefault(p["date"], []).append(shape(f["geometry"]))
            notes.setdefault(p["date"], []).append(
                " ".join(str(p.get(k, "")) for k in ("note", "source"))
            )
    return {d: unary_union(v) for d, v in sorted(polys.items())}, notes


def iter_positions(coords: Any) -> Iterator[Any]:
    if isinstance(coords[0], (int, float)):
        yield coords
    else:
        for c in coords:
            yield from iter_positions(c)


# ---------------------------------------------------------------------------------------------


def test_manifest_keys(manifest: dict[str, Any]) -> None:
    for key in (
        "name",
        "title",
        "bbox",
        "reference_point",
        "river_line",
        "view",
        "attribution",
        "precision_note",
        "facts",
    ):
        assert key in manifest, key
    assert manifest["name"] == "siversk"
    assert manifest["bbox"] == [37.85, 48.70, 38.45, 49.05]
    rp = manifest["reference_point"]
    assert abs(rp["lon"] - 38.100) < 0.01
    assert abs(rp["lat"] - 48.868) < 0.01


def test_at_least_12_dates_in_range() -> None:
    files = sorted((DATA / "dated").glob("*.geojson"))
    dates = [p.stem for p in files]
    assert all(DATE_RE.match(d) for d in dates), dates
    in_range = [d for d in dates if "2022-07-01" <= d <= "2025-12-16"]
    assert len(in_range) >= 12, in_range
    for path in files:
        feats = load(path)["features"]
        assert feats, f"{path.name} is empty"
        for f in feats:
            assert f["properties"].get("date") == path.stem, (path.name, f["id"])


def test_dated_features_have_provenance(dated: list[Feature]) -> None:
    assert dated
    for f in dated:
        p = f["properties"]
        for key in ("source", "source_date", "status", "precision_m", "date"):
            assert key in p and p[key] not in (None, ""), (f["id"], key)
        assert DATE_RE.match(p["source_date"]), f["id"]
        assert p["status"] in {"assessed", "claimed", "reported"}, f["id"]
        assert isinstance(p["precision_m"], (int, float)) and p["precision_m"] >= 0, f["id"]


def test_base_features_have_source_and_no_date(features: list[tuple[str, Feature]]) -> None:
    for rel, f in features:
        p = f["properties"]
        assert p.get("source"), f["id"]
        if rel.startswith("base/"):
            assert "date" not in p, f["id"]
            assert p["layer"] in {"river", "road", "settlement", "boundary", "built_up"}, f["id"]


def test_ids_unique(features: list[tuple[str, Feature]]) -> None:
    ids = [f.get("id") for _, f in features]
    assert all(isinstance(i, str) and i for i in ids)
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, dupes


def test_every_coordinate_inside_bbox(
    features: list[tuple[str, Feature]], manifest: dict[str, Any]
) -> None:
    w, s, e, n = manifest["bbox"]
    for _, f in features:
        for x, y in iter_positions(f["geometry"]["coordinates"]):
            assert w <= x <= e and s <= y <= n, (f["id"], x, y)


def test_polygons_valid_closed_ccw(features: list[tuple[str, Feature]]) -> None:
    n = 0
    for _, f in features:
        g = f["geometry"]
        if g["type"] not in POLY_TYPES:
            continue
        n += 1
        geom = shape(g)
        assert geom.is_valid, f["id"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for rings in polys:
            for ring in rings:
                assert ring[0] == ring[-1], f["id"]
            ext = rings[0]
            signed = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ext))
            assert signed > 0, f"{f['id']}: exterior ring not counter-clockwise"
    assert n > 0


def test_measure_quotes_the_press_and_the_data_measures_its_own_advance(
    dated: list[Feature],
) -> None:
    """The 19 km is a reported press figure; the advance shown beside it is measured on the data."""
    from siversk_map import load_dataset

    measures = [f for f in dated if f["properties"]["layer"] == "measure"]
    assert measures, "no measure feature"
    ds = load_dataset(DATA)
    for f in measures:
        p = f["properties"]
        assert p["status"] == "reported", f["id"]
        assert "19 k" in p["name"] + p.get("note", ""), f["id"]
        assert p.get("source_url", "").startswith("https://"), f["id"]
        start, end, km = ds.advance_along(f["id"])
        assert end is not None and end == p["date"] and start is not None and start < end
        assert km is not None and 0 < km < GEOD.geometry_length(shape(f["geometry"])) / 1000


def test_river_line_crosses_siversk(
    manifest: dict[str, Any], features: list[tuple[str, Feature]]
) -> None:
    rivers = {f["id"]: f for _, f in features if f["properties"]["layer"] == "river"}
    assert manifest["river_line"]
    city = [
        shape(f["geometry"])
        for _, f in features
        if f["properties"]["layer"] == "settlement"
        and f["properties"].get("name") == "Siversk"
        and f["geometry"]["type"] in POLY_TYPES
    ]
    assert city, "no Siversk built-up polygon"
    for rid in manifest["river_line"]:
        assert rid in rivers, rid
        river = shape(rivers[rid]["geometry"])
        assert river.crosses(city[0]), rid


def test_ru_control_never_shrinks() -> None:
    ru, notes = ru_assessed_by_date()
    dates = list(ru)
    assert len(dates) >= 10
    for before, after in itertools.pairwise(dates):
        a0, a1 = area_km2(ru[before]), area_km2(ru[after])
        if a1 < a0 - 0.01:
            text = " ".join(notes[after]).lower()
            assert "loss" in text or "lost" in text, (
                f"ru area shrinks {before} -> {after} ({a0:.1f} -> {a1:.1f} km2) "
                "without a reported loss"
            )


def test_control_sides_do_not_overlap() -> None:
    by_date: dict[str, dict[str, list[BaseGeometry]]] = {}
    for _, f in _all():
        p = f["properties"]
        if p.get("layer") == "control" and p.get("status") != "claimed":
            by_date.setdefault(p["date"], {}).setdefault(p["side"], []).append(shape(f["geometry"]))
    assert by_date
    for d, sides in by_date.items():
        merged = {s: unary_union(v) for s, v in sides.items()}
        names = sorted(merged)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                overlap = merged[a].intersection(merged[b])
                assert overlap.is_empty or area_km2(overlap) <= 0.01, (d, a, b, area_km2(overlap))


def test_control_tiles_bbox(manifest: dict[str, Any]) -> None:
    """Sides together cover the area of interest on every control date (within 1 km2)."""
    from shapely.geometry import box

    aoi = box(*manifest["bbox"])
    by_date: dict[str, list[BaseGeometry]] = {}
    for _, f in _all():
        p = f["properties"]
        if p.get("layer") == "control" and p.get("status") != "claimed":
            by_date.setdefault(p["date"], []).append(shape(f["geometry"]))
    for d, polys in by_date.items():
        gap = aoi.difference(unary_union(polys))
        assert gap.is_empty or area_km2(gap) < 1.0, (d, area_km2(gap))


def test_kremlin_claim_is_claimed(dated: list[Feature]) -> None:
    claims = [
        f
        for f in dated
        if f["properties"]["date"] == "2025-12-11"
        and f["properties"]["layer"] == "control"
        and f["properties"].get("side") == "ru"
    ]
    assert claims, "no 11 Dec 2025 ru control claim"
    for f in claims:
        assert f["properties"]["status"] == "claimed", f["id"]
        assert "Russian" in f["properties"]["source"], f["id"]
        assert f["properties"].get("source_url", "").startswith("https://"), f["id"]


def test_ru_area_close_to_deepstate() -> None:
    ds_dir = REAL / "deepstate_cyterat"
    if not ds_dir.is_dir():
        pytest.skip(
            f"../shared/data/real not present: {ds_dir} is missing, cannot compare with DeepState"
        )
    ru, _ = ru_assessed_by_date()
    pairs = [
        ("2024-07-08", "20240708"),
        ("2025-01-02", "20250102"),
        ("2025-07-01", "20250701"),
        ("2025-12-01", "20251201"),
        ("2025-12-15", "20251215"),
    ]
    checked = 0
    for mine, theirs in pairs:
        path = ds_dir / f"siversk_{theirs}.geojson"
        if mine not in ru or not path.exists():
            continue
        ds_geom = unary_union([shape(f["geometry"]) for f in load(path)["features"]])
        a_mine, a_ds = area_km2(ru[mine]), area_km2(ds_geom)
        assert abs(a_mine - a_ds) <= 0.25 * a_ds, (mine, round(a_mine), round(a_ds))
        checked += 1
    assert checked >= 1, "no comparable date found"


def test_readme_dates_table_is_current() -> None:
    """The Dates table of data/geojson/README.md is generated (data/authoring/dates_table.py)."""
    import importlib.util

    path = Path(__file__).parents[1] / "data" / "authoring" / "dates_table.py"
    spec = importlib.util.spec_from_file_location("dates_table", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "run: python data/authoring/dates_table.py"


def test_the_claim_is_drawn_until_the_ground_caught_up() -> None:
    """The bundled claim is shown up to the day before the claim check's 'held' date."""
    import datetime as dt

    from siversk_map import load_dataset

    ds = load_dataset()
    claims = ds.table[(ds.table["layer"] == "control") & (ds.table["status"] == "claimed")]
    checks = {c.claim_id: c for c in ds.claim_checks()}
    assert len(claims) >= 1
    for _, row in claims.iterrows():
        check = checks[row["id"]]
        assert check.held_on is not None
        assert row["valid_until"] == check.held_on - dt.timedelta(days=1), row["id"]
        assert ds.state(check.held_on - dt.timedelta(days=1)).claimed
        assert not ds.state(check.held_on).claimed
