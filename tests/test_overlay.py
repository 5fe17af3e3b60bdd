"""The windowed difference (analysis/overlay.py) gives the same ground as shapely's difference.

Checked on every pair of consecutive dates of the bundled data set and of DeepState's
whole-front series, on outlines moved at random, and on the cases its argument has to get
right: ground that changes side across an edge both outlines share, a hole filled, a part
that appears or goes.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from siversk_map import load_dataset
from siversk_map.analysis.overlay import MIN_VERTICES, _changed_boxes, differences
from siversk_map.importers import import_sources

SERIES = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "real" / "series"


def _same_ground(a: BaseGeometry, b: BaseGeometry) -> bool:
    """No ground in one and not the other (zero-area slivers, which an overlay may leave where
    edges nearly coincide, are not ground: topological ``equals`` can fail on them alone)."""
    if a.is_empty or b.is_empty:
        return bool(a.area == 0.0 and b.area == 0.0)
    return bool(shapely.equals(a, b)) or a.symmetric_difference(b).area < 1e-14


def _check(a: BaseGeometry, b: BaseGeometry) -> None:
    ab, ba = differences(a, b)
    assert _same_ground(ab, a.difference(b))
    assert _same_ground(ba, b.difference(a))
    assert shapely.is_valid(ab) and shapely.is_valid(ba)


def _dense(geom: BaseGeometry) -> BaseGeometry:
    """Enough vertices for the windowed path (small geometries take the plain overlay)."""
    return shapely.segmentize(geom, 0.002)


def test_consecutive_dates_of_the_bundled_data() -> None:
    ds = load_dataset()
    for before, after in zip(ds.dates, ds.dates[1:], strict=False):
        then, now = ds.state(before).held, ds.state(after).held
        for side in set(then) | set(now):
            empty = shapely.Polygon()
            _check(now.get(side, empty), then.get(side, empty))


@pytest.fixture(scope="module")
def front(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = SERIES / "deepstate_daily_front"
    if not folder.is_dir():
        pytest.skip(f"real series not present: {folder}")
    out = tmp_path_factory.mktemp("front") / "data"
    import_sources("deepstate-daily", [folder], out, aoi="31,44,41,53")
    return out


def test_consecutive_dates_of_the_whole_front(front: Path) -> None:
    ds = load_dataset(front)
    windowed = 0
    for before, after in zip(ds.dates, ds.dates[1:], strict=False):
        a, b = ds.state(after).held["ru"], ds.state(before).held["ru"]
        windowed += _changed_boxes(a, b) is not None
        _check(a, b)
    assert windowed >= len(ds.dates) // 2  # the windowed path was the one tested


def test_outlines_moved_at_random(front: Path) -> None:
    """Vertices of a real front pushed about at random: the same ground as the plain overlay."""
    ds = load_dataset(front)
    rng = random.Random(7)
    base = ds.state(ds.dates[10]).held["ru"]
    xy = shapely.get_coordinates(base)
    windowed = 0
    for _ in range(12):
        moved = xy.copy()
        for k in rng.sample(range(len(xy)), 25):
            same = (xy == xy[k]).all(axis=1)  # a ring's first vertex is its last too
            moved[same] += (rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02))
        other = shapely.make_valid(shapely.set_coordinates(shapely.from_wkb(base.wkb), moved))
        other = shapely.union_all([p for p in shapely.get_parts(other) if p.geom_type == "Polygon"])
        windowed += _changed_boxes(other, base) is not None
        _check(other, base)
    assert windowed >= 6


def test_ground_changing_side_across_a_shared_edge() -> None:
    """Left and right squares share an edge, interiors on either side of it."""
    left, right = _dense(box(0, 0, 1, 1)), _dense(box(1, 0, 2, 1))
    assert shapely.get_num_coordinates(left) * 2 >= MIN_VERTICES
    _check(left, right)
    _check(right, left)


def test_a_hole_filled_and_a_ring_around_it() -> None:
    """A square, and a ring whose hole is that square: every edge of the square is shared."""
    square = _dense(box(0.4, 0.4, 0.6, 0.6))
    ring = _dense(box(0, 0, 1, 1)).difference(square)
    _check(square, ring)
    _check(ring, square)
    _check(_dense(box(0, 0, 1, 1)), ring)


def test_a_part_that_appears_or_goes() -> None:
    main = _dense(box(0, 0, 1, 1))
    island = box(3, 3, 3.1, 3.1)
    both = shapely.MultiPolygon([main, island])
    _check(both, main)
    _check(main, both)
    _check(main, main)


def test_many_places_fall_back_to_the_plain_overlay() -> None:
    """Past the box limit the plain overlay is used: still the same ground."""
    main = _dense(box(0, 0, 10, 1))
    bites = shapely.union_all([box(x, 0.9, x + 0.05, 1.1) for x in [k * 0.1 for k in range(99)]])
    bitten = main.difference(bites)
    assert _changed_boxes(main, bitten) is None
    _check(main, bitten)
