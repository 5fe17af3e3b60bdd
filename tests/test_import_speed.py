"""The import's fast paths give exactly what the slow ones give (issue 15, import speed).

- polygons already forming a valid MultiPolygon are not unioned: the written files are the
  same, byte for byte, as with the union, on real whole-front DeepState files;
- coordinates are rounded with numpy, as :func:`round` rounds them;
- the nesting depth is counted on the bytes, as the parsed document's depth.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely

from siversk_map.importers import geojson_text, geometry, read_sources, render_files
from siversk_map.io.strict_json import _json_depth

from .conftest import unpack_daily

AOI = "31,44,41,53"


def _some_real_files(folder: Path, every: int) -> Path:
    """Every ``every``-th file of the daily archive, unpacked into ``folder``."""
    unpack_daily(folder, slice(None, None, every))
    return folder


def test_skipping_the_union_of_valid_parts_writes_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _some_real_files(tmp_path, every=23)
    skipped = 0
    real = geometry._valid_disjoint

    def counting(parts: list[Any], checked: bool = False) -> Any:
        nonlocal skipped
        merged = real(parts, checked)
        skipped += merged is not None
        return merged

    monkeypatch.setattr(geometry, "_valid_disjoint", counting)
    fast = render_files(read_sources("deepstate-daily", [src], aoi=AOI, jobs=1))
    assert skipped >= len(fast)  # the fast path was taken (at least once a file)

    monkeypatch.setattr(geometry, "_valid_disjoint", lambda *_: None)  # always unite
    slow = render_files(read_sources("deepstate-daily", [src], aoi=AOI, jobs=1))
    assert len(fast) >= 18 and list(fast) == list(slow)
    for name in fast:
        assert fast[name] == slow[name], name


def test_overlapping_parts_are_still_united() -> None:
    a, b = shapely.box(38.0, 48.8, 38.2, 48.9), shapely.box(38.1, 48.8, 38.3, 48.9)
    fitted = geometry.fit_to_aoi(
        shapely.MultiPolygon([a, b]), "polygon", shapely.box(37, 48, 39, 50)
    )
    assert fitted.geometry is not None and fitted.geometry.geom_type == "Polygon"
    assert fitted.geometry.area == pytest.approx(shapely.union(a, b).area)


def test_vectorised_rounding_is_round() -> None:
    rng = np.random.default_rng(15)
    values = np.concatenate(
        [
            rng.uniform(-180, 180, (20000, 2)),
            np.round(rng.uniform(-180, 180, (20000, 2)), 8),  # many exact half-way cases
            (rng.integers(-1_800_000_000, 1_800_000_000, (20000, 2)) + 0.5) / 1e7,
            np.array([[-0.0, -1e-9], [0.00390625, -0.00390625]]),
        ]
    )
    got = geometry.rounded_positions(values)
    want = [[round(x, 7) + 0.0, round(y, 7) + 0.0] for x, y in values.tolist()]
    assert got == want
    assert all(str(v) != "-0.0" for row in got for v in row)


def _walked_depth(doc: Any) -> int:
    level, depth = [doc], 0
    while level:
        depth += 1
        children = itertools.chain(
            itertools.chain.from_iterable(n for n in level if isinstance(n, list)),
            itertools.chain.from_iterable(n.values() for n in level if isinstance(n, dict)),
        )
        level = [c for c in children if isinstance(c, (dict, list))]
    return depth


def test_depth_counted_on_bytes_is_the_parsed_depth() -> None:
    rnd = random.Random(15)

    def make(d: int) -> Any:
        r = rnd.random()
        if d > 9 or r < 0.3:
            return rnd.choice([1, 2.5, None, True, "x[{", 'a"]\\', "é}]", ""])
        if r < 0.65:
            return [make(d + 1) for _ in range(rnd.randint(0, 3))]
        return {rnd.choice(["k", "[", "}{", 'q"']) + str(i): make(d + 1) for i in range(3)}

    for _ in range(3000):
        doc = make(0)
        text = json.dumps(doc, ensure_ascii=rnd.random() < 0.5, indent=rnd.choice([None, 1]))
        assert _json_depth(text.encode()) == _walked_depth(doc), text
    deep = b"[" * 70_000 + b"]" * 70_000  # across chunks
    assert _json_depth(deep) == 70_000


def _random_polygons(rng: np.random.Generator) -> Any:
    scale = rng.choice([1e-5, 1e-3, 1.0, 50.0, 179.99])
    polygons = []
    for _ in range(rng.integers(1, 4)):
        cx, cy = rng.uniform(-scale, scale, 2)
        r = rng.choice([1e-6, 1e-4, 0.01, 1.0])
        turns = np.linspace(0, 6, rng.integers(3, 9))
        pts = np.column_stack([cx + r * np.cos(turns), cy + r * np.sin(turns)])
        if rng.random() < 0.3:  # on coarser grids: trailing zeros, whole degrees
            pts = np.round(pts, rng.integers(0, 8))
        polygons.append(shapely.Polygon(pts))
    if rng.random() < 0.2:
        holes = [
            shapely.box(-0.5, -0.5, 0.5, 0.5).exterior,
            shapely.box(0.6, 0.6, 0.7, 0.7).exterior,
        ]
        return shapely.Polygon(shapely.box(-1, -1, 1, 1).exterior, holes)
    return polygons[0] if rng.random() < 0.5 else shapely.MultiPolygon(polygons)


def test_numpy_writer_writes_what_json_dumps_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(15)
    fast = 0
    real = geojson_text._coordinates_text

    def counting(geom: Any) -> str | None:
        nonlocal fast
        text = real(geom)
        fast += text is not None
        return text

    monkeypatch.setattr(geojson_text, "_coordinates_text", counting)
    tries = 3000
    for _ in range(tries):
        geom = _random_polygons(rng)
        want = geojson_text.dump(geometry.to_geojson_geometry(geom))
        assert geojson_text.geometry_text(geom) == want, want
    assert fast > tries // 2  # most took the numpy path (not below 1e-4: exponents)
    for geom in (shapely.LineString([(38, 48), (38.5, 48.25)]), shapely.Point(0, -0.0)):
        assert geojson_text.geometry_text(geom) == geojson_text.dump(
            geometry.to_geojson_geometry(geom)
        )


def test_layer_files_are_json_dumps_of_the_features(tmp_path: Path) -> None:
    src = _some_real_files(tmp_path, every=41)
    result = read_sources("deepstate-daily", [src], aoi=AOI, jobs=1)
    files = render_files(result)
    assert len(files) >= 10
    for (name, data), features in zip(files.items(), result.by_date().values(), strict=True):
        lines = [geojson_text.dump(f.to_geojson()) for f in features]
        want = '{"features":[\n' + ",\n".join(lines) + '\n],"type":"FeatureCollection"}\n'
        assert data == want.encode("utf-8"), name
        assert json.loads(data)["features"] == [f.to_geojson() for f in features]
