"""The timeline page's shared-arc topology: lossless to the grid, shared, exact in change."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box, shape

from siversk_map import load_dataset
from siversk_map.analysis import PageAreas
from siversk_map.analysis.geodesy import area_km2
from siversk_map.render.timeline import build_timeline_data
from siversk_map.render.topology import (
    build_topology,
    decode_arcs,
    decode_geometry,
    encode_arcs,
    pack_object,
    unpack_object,
)

from .browser import OfflinePage
from .conftest import REAL

SERIES = REAL / "series" / "deepstate_daily_front"
needs_series = pytest.mark.skipif(
    not SERIES.is_dir(), reason=f"real whole-front series not found at {SERIES}"
)

arcs_strategy = st.lists(
    st.lists(
        st.tuples(st.integers(-(2**40), 2**40), st.integers(-(2**40), 2**40)),
        min_size=1,
        max_size=30,
    ),
    max_size=10,
)


@given(arcs_strategy)
def test_arcs_survive_encoding(arcs: list[list[tuple[int, int]]]) -> None:
    arrays = [np.asarray(a, dtype=np.int64) for a in arcs]
    back = decode_arcs(encode_arcs(arrays))
    assert [b.tolist() for b in back] == [a.tolist() for a in arrays]


@settings(deadline=None)  # pure Python; a loaded machine passed the 200 ms default
@given(
    st.lists(st.lists(st.integers(-5000, 5000), min_size=1, max_size=20), min_size=1, max_size=5)
)
def test_packed_references_survive(rings: list[list[int]]) -> None:
    for obj in (
        {"type": "Polygon", "arcs": rings},
        {"type": "MultiPolygon", "arcs": [rings, rings[:1]]},
        {"type": "LineString", "arcs": rings[0]},
        {"type": "MultiLineString", "arcs": rings},
    ):
        packed = pack_object(obj)
        assert packed is not None
        assert unpack_object(packed) == obj


def _grid(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.set_precision(geom, 1e-5, mode="pointwise")


def test_decoded_geometry_is_the_input_on_the_grid() -> None:
    ds = load_dataset()
    geoms = list(ds.table.geometry)
    topo = build_topology(geoms)
    doc = topo.to_json()
    checked = 0
    for geom, obj in zip(geoms, topo.objects, strict=True):
        packed = pack_object(obj)
        assert obj is not None and packed is not None
        back = shape(decode_geometry(doc, packed))
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            assert back.symmetric_difference(_grid(geom)).area < 1e-12
            assert area_km2(back) == pytest.approx(area_km2(geom), rel=1e-4)
        else:
            assert shapely.hausdorff_distance(back, geom) < 1e-5
        checked += 1
    assert checked == len(geoms)


def test_two_dates_share_their_common_boundary() -> None:
    west = box(38.0, 48.8, 38.1, 48.9)
    topo = build_topology([west.union(box(38.1, 48.8, 38.2, 48.85)), west])
    first, second = topo.objects[0], topo.objects[1]
    assert first is not None and second is not None
    refs = [{r if r >= 0 else ~r for r in ring} for ring in (first["arcs"][0], second["arcs"][0])]
    # The west part's outline is stored once and used by both dates.
    assert refs[0] & refs[1]
    assert sum(len(a) for a in topo.arcs) < 5 + 7


polygon_pairs = st.tuples(
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=6),
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=6),
)


def _cells(cells: list[tuple[int, int]]) -> shapely.Geometry:
    size = 0.01
    return shapely.union_all(
        [
            box(38 + x * size, 48.8 + y * size, 38 + (x + 1.5) * size, 48.8 + (y + 1.3) * size)
            for x, y in cells
        ]
    )


@settings(max_examples=60, deadline=None)
@given(polygon_pairs)
def test_changes_from_arcs_equal_the_overlay(pair: tuple[list, list]) -> None:
    before, after = _grid(_cells(pair[0])), _grid(_cells(pair[1]))
    topo = build_topology([before, after])
    gained, lost = topo.changes(0, 1)
    assert area_km2(gained) == pytest.approx(area_km2(after.difference(before)), abs=1e-4)
    assert area_km2(lost) == pytest.approx(area_km2(before.difference(after)), abs=1e-4)
    assert PageAreas(topo).object_km2(topo.objects[1]) == pytest.approx(
        area_km2(after), rel=1e-6, abs=1e-6
    )


def test_page_keeps_the_bundled_areas() -> None:
    ds = load_dataset()
    data = build_timeline_data(ds)
    for i, day in enumerate(ds.dates):
        for side, km2 in data["states"][i]["areas"].items():
            assert km2 == pytest.approx(area_km2(ds.state(day).held[side]), rel=1e-5, abs=2e-3)


@pytest.fixture(scope="module")
def front(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from siversk_map.cli import main

    out = tmp_path_factory.mktemp("front")
    code = main(
        ["import", "deepstate-daily", str(SERIES), "--out", str(out), "--aoi", "31,44,41,53", "-q"]
    )
    assert code == 0
    return out


@needs_series
def test_whole_front_series_is_stored_once(front: Path) -> None:
    ds = load_dataset(front)
    geoms = [ds.state(d).held["ru"] for d in ds.dates]
    topo = build_topology(geoms)
    raw = sum(shapely.get_num_coordinates(g) for g in geoms)
    stored = sum(len(a) for a in topo.arcs)
    # 64 weekly states of the whole front share almost all of their boundary.
    assert stored < raw / 8, (stored, raw)
    for k in (0, 31, 63):
        assert PageAreas(topo).object_km2(topo.objects[k]) == pytest.approx(
            area_km2(geoms[k]), rel=1e-6
        )
    gained, lost = topo.changes(10, 11)
    assert area_km2(gained) == pytest.approx(
        area_km2(geoms[11].difference(geoms[10])), rel=1e-3, abs=0.01
    )
    assert area_km2(lost) == pytest.approx(
        area_km2(geoms[10].difference(geoms[11])), rel=1e-3, abs=0.01
    )


@needs_series
def test_browser_decodes_what_python_decodes(
    front: Path, tmp_path: Path, offline_page: OfflinePage
) -> None:
    from siversk_map.render.timeline import build_timeline_data, render_timeline_html

    page = tmp_path / "front.html"
    page.write_text(render_timeline_html(load_dataset(front), changes=False), encoding="utf-8")
    offline_page.goto(page.as_uri())
    # The page stores most features as edits of the feature before them (timeline_pack):
    # what its script rebuilds must decode to what Python's full data decodes to.
    decoded = offline_page.page.evaluate(
        """() => {
            const D = SiverskTimeline.data;
            const topo = SiverskTimeline.topology.decode(D.topology);
            const ids = Object.keys(D.features).sort();
            return ids.map((id) => [id, topo.geometry(D.features[id].geometry)]);
        }"""
    )
    data = json.loads(json.dumps(build_timeline_data(load_dataset(front), changes=False)))
    assert offline_page.errors == []
    assert len(decoded) == 64
    for fid, geometry in decoded:
        expected = decode_geometry(data["topology"], data["features"][fid]["geometry"])
        assert geometry["type"] == expected["type"]
        got = np.asarray(shapely.get_coordinates(shape(geometry)))
        want = np.asarray(shapely.get_coordinates(shape(expected)))
        assert got.shape == want.shape
        assert np.abs(got - want).max() < 1e-9


def test_faces_give_the_change_between_any_two_dates(front: Path) -> None:
    """Past ALL_PAIRS_MAX dates only consecutive pairs are stored; the page adds up faces for
    the others. Summed as the page does, they give what Topology.changes gives for the pair."""
    import bisect

    from siversk_map.render.timeline_geometry import dated_geometry

    ds = load_dataset(front)
    data = build_timeline_data(ds)
    assert "0-63" not in data["pairs"]
    faces = data["faces"]["ru"]
    geo = dated_geometry(ds, [ds.state(day) for day in ds.dates])
    topo = geo.topology

    def held(k: int, day: int) -> bool:
        return bisect.bisect_right(faces["flips"][k], day) % 2 == 1

    for i, j in ((0, 63), (10, 40), (40, 10), (5, 6)):
        gained = sum(a for k, a in enumerate(faces["km2"]) if held(k, j) and not held(k, i))
        lost = sum(a for k, a in enumerate(faces["km2"]) if held(k, i) and not held(k, j))
        want_g, want_l = topo.changes(geo.held[i]["ru"], geo.held[j]["ru"])
        assert gained == pytest.approx(PageAreas(topo).polygon_km2(want_g), rel=1e-3, abs=0.02)
        assert lost == pytest.approx(PageAreas(topo).polygon_km2(want_l), rel=1e-3, abs=0.02)
    drawn = decode_geometry(data["change_topology"], data["geoms"][faces["geom"]], data["topology"])
    assert len(drawn["coordinates"]) == sum(faces["parts"])  # every face drawn, in order
    assert len(faces["parts"]) == len(faces["km2"]) == len(faces["flips"])


def test_object_areas_of_copies_and_holes_are_measured_as_their_geometry() -> None:
    ring = box(38.0, 48.8, 38.1, 48.9).difference(box(38.02, 48.82, 38.04, 48.84))
    multi = shapely.MultiPolygon([ring, box(38.2, 48.8, 38.25, 48.85)])
    # The same MultiPolygon twice (read once, the second object a copy) and a single hole.
    topo = build_topology([multi, multi, ring])
    areas = PageAreas(topo)
    assert topo.objects[0] is not topo.objects[1]
    first = areas.object_km2(topo.objects[0])
    assert first == pytest.approx(area_km2(multi), rel=1e-6)
    assert areas.object_km2(topo.objects[1]) == first
    assert areas.object_km2(topo.objects[2]) == pytest.approx(area_km2(ring), rel=1e-6)
    # An object built by hand from the same arcs, in a new list: measured again, the same.
    obj = topo.objects[0]
    assert obj is not None
    rebuilt = {"type": "MultiPolygon", "arcs": list(obj["arcs"])}
    assert areas.object_km2(rebuilt) == pytest.approx(first, rel=1e-12)
