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
import tarfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely

from siversk_map.importers import geometry, read_sources, render_files
from siversk_map.io.strict_json import _json_depth

from .conftest import REAL

ARCHIVE = REAL / "series" / "deepstate_daily_20240708_20250831.tar.xz"
AOI = "31,44,41,53"


def _some_real_files(folder: Path, every: int) -> Path:
    """Every ``every``-th file of the daily archive, unpacked into ``folder``."""
    if not ARCHIVE.is_file():
        pytest.skip(f"real series not present: {ARCHIVE}")
    with tarfile.open(ARCHIVE) as tar:
        members = sorted(
            (m for m in tar.getmembers() if m.isfile() and m.name.endswith(".geojson")),
            key=lambda m: m.name,
        )[::every]
        for m in members:
            data = tar.extractfile(m)
            assert data is not None
            (folder / Path(m.name).name).write_bytes(data.read())
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
