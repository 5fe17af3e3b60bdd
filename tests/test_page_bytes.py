"""The timeline page's smaller forms: change arcs written as runs of the main topology's arcs,
and siversk-map's own scripts and styles minified (issue 15's page-size target)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from siversk_map import load_dataset
from siversk_map.render.assets import load_timeline_assets, minify_css, minify_js
from siversk_map.render.packed import read_page_payload
from siversk_map.render.timeline import build_timeline_data
from siversk_map.render.topology import build_topology
from siversk_map.render.topology_codec import decode_arcs, decode_geometry
from siversk_map.render.topology_runs import decode_runs, encode_runs

STATIC = Path(__file__).resolve().parents[1] / "siversk_map" / "render" / "static"


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return build_timeline_data(load_dataset())


def _arrays(arcs: list[np.ndarray]) -> list[list[list[int]]]:
    return [np.asarray(a).tolist() for a in arcs]


def test_runs_round_trip_with_crossings_reversals_and_other_origins() -> None:
    base = [np.array([[0, 0], [4, 0], [4, 4], [0, 4]]), np.array([[0, 4], [-3, 1], [0, 0]])]
    arcs = [
        np.array([[4, 4], [4, 0], [2, 0], [2, -5]]),  # backwards along arc 0, then off it
        np.array([[9, 9], [0, 4], [-3, 1], [0, 0], [4, 0]]),  # a loose point, two arcs
        np.array([[7, 7], [8, 8]]),  # nothing shared
    ]
    enc = encode_runs(arcs, (100, 200), base, (103, 198))
    back = decode_runs(enc, (100, 200), base, (103, 198))
    moved = list(arcs)  # same frame: the arcs are written in their own grid
    assert _arrays(back) == _arrays(moved)
    # Copies happen in the base's frame: the same arcs relative to another origin still match.
    shifted = [a + np.array([3, -2]) for a in base]
    assert _arrays(
        decode_runs(encode_runs(arcs, (0, 0), shifted, (-3, 2)), (0, 0), shifted, (-3, 2))
    ) == _arrays(arcs)


def test_runs_copy_what_the_base_has() -> None:
    base = [np.array([[x, 0] for x in range(50)])]
    arcs = [np.array([[x, 0] for x in range(40, 5, -1)])]
    enc = encode_runs(arcs, (0, 0), base, (0, 0))
    plain = json.dumps({"counts": [35], "data": ""})
    assert len(enc["data"]) < 8 < len(plain)  # one copy: arc, start, length
    assert _arrays(decode_runs(enc, (0, 0), base, (0, 0))) == _arrays(arcs)


def test_page_change_arcs_decode_to_the_pool_arcs(data: dict[str, Any]) -> None:
    """Every change geometry of the bundled page decodes to what was measured and pooled."""
    change = data["change_topology"]
    assert change["arcs"]["base"] == "topology"
    main = data["topology"]
    arcs = decode_runs(
        change["arcs"],
        tuple(change["translate"]),
        decode_arcs(main["arcs"]),
        tuple(main["translate"]),
    )
    assert len(arcs) > 0
    # Copies are used where they are shorter: never more text than plain points.
    from siversk_map.render.topology_codec import encode_arcs

    plain = encode_arcs(arcs)
    assert len(change["arcs"]["data"]) < len(plain["data"])
    with pytest.raises(ValueError, match="pass it as base"):
        decode_geometry(change, data["geoms"][0])


def test_runs_of_a_real_pool_round_trip(data: dict[str, Any]) -> None:
    from shapely.geometry import shape

    geoms = [
        shape(decode_geometry(data["change_topology"], g, data["topology"]))
        for g in data["geoms"]
        if g is not None
    ]
    topo = build_topology(geoms)
    main = data["topology"]
    base = decode_arcs(main["arcs"])
    enc = encode_runs(topo.arcs, topo.translate, base, tuple(main["translate"]))
    back = decode_runs(enc, topo.translate, base, tuple(main["translate"]))
    assert _arrays(back) == _arrays(topo.arcs)


def test_own_scripts_and_styles_are_minified_and_kept_readable_in_the_repo() -> None:
    assets = load_timeline_assets()
    own_js = assets.js[-1]
    readable = sum(len((STATIC / p.name).read_text()) for p in STATIC.glob("*.js"))
    assert len(own_js) < 0.75 * readable
    assert "/* timeline_pairs.js */" in own_js  # parts stay marked
    assert not re.search(r"\n\s*//", own_js)  # no line comments left
    assert minify_js("var a = 1; /* x */ var b = 2;") == "var a=1;var b=2;"
    assert minify_css("a { color: red; }\n/* x */\nb { margin: 0 }") == "a{color:red}b{margin:0}"
    # Deterministic: the same text twice.
    assert minify_js(own_js) == minify_js(own_js)


@pytest.mark.browser
def test_the_page_decodes_change_arcs_as_python_does(
    bundled_site: Path, offline_page: Any, data: dict[str, Any]
) -> None:
    offline_page.goto((bundled_site / "index.html").as_uri())
    page = offline_page.page
    page.wait_for_function("() => window.SiverskTimeline !== undefined")
    page_data = read_page_payload((bundled_site / "index.html").read_text())
    want = [
        decode_geometry(page_data["change_topology"], g, page_data["topology"])
        for g in page_data["geoms"]
    ]
    got = page.evaluate(
        """() => {
        const D = SiverskTimeline.data, T = SiverskTimeline.topology;
        const changes = T.decode(D.change_topology, T.decode(D.topology));
        return D.geoms.map((g) => (g ? changes.geometry(g) : null));
    }"""
    )
    assert len(want) > 0 and got == want
    assert offline_page.errors == []


@pytest.mark.browser
def test_stored_pairs_draw_their_faces_as_one_ground(bundled_site: Path, offline_page: Any) -> None:
    """Past 24 dates a stored pair's ground is the faces that flip between its dates (its own
    geometry is not stored): the page joins them with no inner edges, and the ground is the
    ground the data set measures between the two dates."""
    import shapely
    from shapely.geometry import shape

    from siversk_map.analysis.geodesy import area_km2

    ds = load_dataset()
    offline_page.goto((bundled_site / "index.html").as_uri())
    page = offline_page.page
    page.wait_for_function("() => window.SiverskTimeline !== undefined")
    drawn = page.evaluate(
        """() => {
        const T = SiverskTimeline, D = T.data, out = [];
        for (let i = 0; i + 1 < D.dates.length; i++) {
          const p = T.pair(i, i + 1);
          for (const side of Object.keys(p.sides)) {
            for (const kind of ["gained", "lost"]) {
              const g = p.sides[side][kind];
              if (g !== -1 && typeof g === "object") {
                out.push([i, side, kind, T.ground(side, g.faces)]);
              }
            }
          }
        }
        return out;
    }"""
    )
    assert len(drawn) > 50
    for i, side, kind, geom in drawn:
        ground = shape(geom)
        change = ds.change(side, ds.dates[i], ds.dates[i + 1])
        want = change.gained if kind == "gained" else change.lost
        # The same ground as the data set's (to the page's 1 m grid).
        off = area_km2(ground.buffer(0).symmetric_difference(want))
        assert off <= max(0.01, 0.01 * area_km2(want)), (i, side, kind, off)
        # No inner edges: no two of its polygons share a boundary (a union would join them).
        parts = list(shapely.get_parts(shapely.buffer(shapely.get_parts(ground), 0)))  # valid
        joined = shapely.get_parts(shapely.union_all(parts))
        assert len(joined) == len(parts), (i, side, kind)
    assert offline_page.errors == []


@pytest.mark.browser
def test_the_page_rebuilds_every_feature_s_properties(
    bundled_site: Path, offline_page: Any, data: dict[str, Any]
) -> None:
    """Features stored as changes (dates moved by one number of days, texts edited) come back
    in the page as Python wrote them."""
    html = (bundled_site / "index.html").read_text()
    stored = read_page_payload(html)
    assert any(isinstance(e.get("d"), int) for e in stored["features"])
    assert any(isinstance(e.get("d"), dict) for e in stored["features"])
    offline_page.goto((bundled_site / "index.html").as_uri())
    page = offline_page.page
    page.wait_for_function("() => window.SiverskTimeline !== undefined")
    got = page.evaluate(
        """() => {
        const F = SiverskTimeline.data.features, out = {};
        Object.keys(F).forEach((id) => { out[id] = F[id].properties; });
        return out;
    }"""
    )
    want = json.loads(json.dumps({fid: f["properties"] for fid, f in data["features"].items()}))
    assert got == want


@pytest.mark.browser
def test_consecutive_pairs_stored_as_a_list_come_back_whole(
    bundled_site: Path, offline_page: Any, data: dict[str, Any]
) -> None:
    html = (bundled_site / "index.html").read_text()
    stored = read_page_payload(html)
    assert isinstance(stored["pairs"], list) and len(stored["pairs"]) == len(data["dates"]) - 1
    offline_page.goto((bundled_site / "index.html").as_uri())
    page = offline_page.page
    page.wait_for_function("() => window.SiverskTimeline !== undefined")
    got = page.evaluate("() => SiverskTimeline.data.pairs")
    want = json.loads(json.dumps(data["pairs"]))
    assert got == want
    assert any(p["advance"] for p in want.values())


def test_edits_round_trip_and_code_new_arcs_as_steps() -> None:
    from siversk_map.render.timeline_pack import _edit, apply_edit
    from siversk_map.render.topology_codec import read_varints

    rng = np.random.default_rng(15)
    for _ in range(200):
        base = rng.integers(-50, 3000, size=int(rng.integers(0, 40))).tolist()
        new = [v for v in base if rng.random() > 0.2]
        for _ in range(int(rng.integers(0, 4))):
            at = int(rng.integers(0, len(new) + 1))
            first = int(rng.integers(-5000, 5000))
            new[at:at] = list(range(first, first + int(rng.integers(1, 6))))
        assert apply_edit(base, _edit(base, new)) == new
    # New arcs numbered in turn cost one byte each after the first.
    values = read_varints(_edit([1, 2, 3], [1, 2, 3, 4000, 4001, 4002, 4003]))
    assert values == [0, 0, 3, 4, 4000, 1, 1, 1, 0, 0]


@pytest.mark.browser
def test_the_page_rebuilds_its_dates(bundled_site: Path, offline_page: Any) -> None:
    html = (bundled_site / "index.html").read_text()
    stored = read_page_payload(html)
    assert set(stored["dates"]) == {"from", "days"}
    offline_page.goto((bundled_site / "index.html").as_uri())
    page = offline_page.page
    page.wait_for_function("() => window.SiverskTimeline !== undefined")
    want = [day.isoformat() for day in load_dataset().dates]
    assert page.evaluate("() => SiverskTimeline.data.dates") == want
    assert offline_page.errors == []


def test_varints_read_back_whole_numbers_of_every_size() -> None:
    import base64

    from siversk_map.render.timeline_pack import flat_refs
    from siversk_map.render.topology import pack_object
    from siversk_map.render.topology_codec import read_varints, varint_array, varints

    rng = np.random.default_rng(3)
    for bits in (3, 20, 40, 62, 63):
        values = rng.integers(-(2**bits), 2**bits - 1, size=300, dtype=np.int64, endpoint=True)
        assert read_varints(varints(values)) == values.tolist()
    edge = [0, -1, 1, 2**62 - 1, -(2**62), 2**63 - 1, -(2**63)]  # the last two: ten bytes
    assert read_varints(varints(np.asarray(edge, dtype=np.int64))) == edge
    with pytest.raises(ValueError, match="9 bytes"):
        varint_array(varints(np.asarray([2**63 - 1], dtype=np.int64)))
    # A value cut short at the end is left out, as the page's reader leaves it.
    cut = base64.b64encode(bytes([0x02, 0x80, 0x81])).decode()
    assert read_varints(cut) == [1] and varint_array(cut).tolist() == [1]
    assert read_varints("") == []
    # Packed references flattened without unpacking: the shape, then the references in order.
    multi = pack_object({"type": "MultiPolygon", "arcs": [[[0, 1, 2], [~3]], [[4000, ~4001]]]})
    line = pack_object({"type": "LineString", "arcs": [5, ~6]})
    assert multi is not None and line is not None
    assert flat_refs(multi) == [2, 2, 3, 1, 1, 2, 0, 1, 2, -4, 4000, -4002]
    assert flat_refs(line) == [2, 5, -7]


def test_compiled_matcher_finds_difflibs_blocks() -> None:
    """The feature edits use cydifflib where it is installed: it must give difflib's blocks
    (the page's bytes would otherwise depend on the machine that built it)."""
    import difflib

    cydifflib = pytest.importorskip("cydifflib")
    rng = np.random.default_rng(7)
    for _ in range(300):
        a = rng.integers(0, 60, size=int(rng.integers(0, 120))).tolist()
        b = [v for v in a if rng.random() > 0.1]
        for _ in range(int(rng.integers(0, 5))):
            at = int(rng.integers(0, len(b) + 1))
            b[at:at] = rng.integers(0, 80, size=int(rng.integers(1, 6))).tolist()
        want = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
        got = cydifflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
        assert [tuple(m) for m in got] == [tuple(m) for m in want]
