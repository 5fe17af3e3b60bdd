"""export-layers: the state on a date (and a change) as GIS layers that round-trip."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from siversk_map import DataSet, load_dataset
from siversk_map.export.layers import export_layers, layers_frame, render_layers_bytes

from .conftest import (
    MINI,  # dates 2024-01-01, 2024-02-01, 2024-03-01
    Run,
)

KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def mini() -> DataSet:
    return load_dataset(MINI)


def _read(path: Path) -> gpd.GeoDataFrame:
    if path.suffix == ".gpkg":
        parts = [gpd.read_file(path, layer=name) for name, _ in pyogrio.list_layers(path)]
        return pd.concat(parts, ignore_index=True)
    if path.suffix == ".parquet":
        return gpd.read_parquet(path)
    return gpd.read_file(path)


def _value(v: Any) -> object:
    """A cell as read back: GDAL's GeoJSON reader turns ISO dates into timestamps."""
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    return None if pd.isna(v) else v


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "parquet"])
def test_layers_round_trip(mini: DataSet, tmp_path: Path, fmt: str) -> None:
    frame = layers_frame(mini, "2024-01-01", "2024-03-01")
    out = export_layers(mini, "2024-01-01", tmp_path / f"s.{fmt}", date_to="2024-03-01")
    back = _read(out).sort_values("id").reset_index(drop=True)
    mine = frame.sort_values("id").reset_index(drop=True)
    assert list(back["id"]) == list(mine["id"])
    for column in ("layer", "side", "status", "source", "date", "name", "stroke", "fill"):
        assert [_value(v) for v in back[column]] == [_value(v) for v in mine[column]], column
    for a, b in zip(back.geometry, mine.geometry, strict=True):
        assert a.equals_exact(b, 1e-9) or a.normalize().equals_exact(b.normalize(), 1e-9)


def test_the_change_layers_match_the_change_table(mini: DataSet) -> None:
    frame = layers_frame(mini, "2024-01-01", "2024-03-01")
    change = frame[frame["layer"] == "change"]
    assert len(change) >= 1
    for _, row in change.iterrows():
        expected = mini.change(row["side"], "2024-01-01", "2024-03-01")
        km2 = expected.gained_km2 if row["kind"] == "gained" else expected.lost_km2
        assert row["area_km2"] == pytest.approx(km2, abs=1e-3)
    assert set(frame[frame["layer"] != "change"]["date"].dropna()) <= {
        "2024-01-01",
        "2024-02-01",
        "2024-03-01",
    }


def _text(node: ET.Element, path: str) -> str:
    """The text of ``node``'s first element at ``path``, which must be there."""
    found = node.find(path)
    assert found is not None and found.text is not None, path
    return found.text


def test_kml_has_every_feature_styles_and_escaped_text(mini: DataSet) -> None:
    frame = layers_frame(mini, "2024-02-01")
    frame.loc[frame.index[0], "name"] = "<script>alert(1)</script> & co"
    text = render_layers_bytes(frame, "kml", name="a <b> name").decode("utf-8")
    root = ET.fromstring(text)
    marks = root.findall(f".//{KML}Placemark")
    assert len(marks) == len(frame)
    styles = {s.get("id") for s in root.findall(f".//{KML}Style")}
    assert all(_text(m, f"{KML}styleUrl").lstrip("#") in styles for m in marks)
    assert "<script>" not in text and "&lt;script&gt;" in text
    names = [_text(m, f"{KML}name") for m in marks]
    assert "<script>alert(1)</script> & co" in names
    ru = list(root.findall(f".//{KML}Style"))
    assert any(_text(s, f"{KML}PolyStyle/{KML}color").endswith("2828c6") for s in ru)


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "kml", "parquet"])
def test_layers_are_deterministic(mini: DataSet, fmt: str) -> None:
    a = render_layers_bytes(layers_frame(mini, "2024-02-01", "2024-03-01"), fmt)
    b = render_layers_bytes(layers_frame(mini, "2024-02-01", "2024-03-01"), fmt)
    assert a == b


def test_the_command_writes_and_refuses(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "s.kml"
    code, _stdout, err = run("export-layers", "2024-02-01", "--data", MINI, "--out", out)
    assert code == 0, err
    assert out.exists()
    foreign = tmp_path / "theirs.gpkg"
    foreign.write_bytes(b"not ours")
    code, _, err = run("export-layers", "2024-02-01", "--data", MINI, "--out", foreign)
    assert code == 2 and foreign.read_bytes() == b"not ours", err
    code, _, err = run("export-layers", "2030-01-01", "--data", MINI, "--out", tmp_path / "x.gpkg")
    assert code == 2 and "after the data's range" in err
    code, _, err = run(
        "export-layers",
        "2024-03-01",
        "--to",
        "2024-01-01",
        "--data",
        MINI,
        "--out",
        tmp_path / "y.gpkg",
    )
    assert code == 2 and "before" in err
    assert not (tmp_path / "x.gpkg").exists() and not (tmp_path / "y.gpkg").exists()


def test_state_to_file_round_trips(mini: DataSet, tmp_path: Path) -> None:
    state = mini.state("2024-02-01")
    state.to_file(str(tmp_path / "s.gpkg"), driver="GPKG")
    back = gpd.read_file(tmp_path / "s.gpkg")
    assert sorted(back["id"]) == sorted(state.features["id"])
    assert set(back["date"].dropna()) <= {"2024-01-01", "2024-02-01"}


def test_explore_adds_to_a_users_map(mini: DataSet) -> None:
    import folium

    m = folium.Map(location=[48.9, 38.1], zoom_start=10, tiles=None)
    before = len(m._children)
    assert mini.explore("2024-02-01", m=m) is m
    assert len(m._children) > before
    groups = [c.layer_name for c in m._children.values() if isinstance(c, folium.FeatureGroup)]
    assert "control (2024-02-01)" in groups
    assert "2024-02-01" in m.get_root().render()
    assert isinstance(mini.explore("2024-02-01"), folium.Map)
