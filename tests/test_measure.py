"""Geodesic measurement: areas, gains and losses, distances, the advance."""

from __future__ import annotations

import datetime as dt

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import LineString, Point, box

from siversk_map.compose import State
from siversk_map.measure import (
    area_km2,
    distance_km,
    length_km,
    measure_advance,
    measure_change,
)

GEOD = Geod(ellps="WGS84")
D1, D2 = dt.date(2025, 1, 1), dt.date(2025, 2, 1)


def state(day: dt.date, **held: shapely.Geometry) -> State:
    import geopandas as gpd

    return State(day, gpd.GeoDataFrame(geometry=[]), dict(held), {})


# Boxes inside the Siversk area, snapped to a 0.001° grid so unions stay simple.
coord = st.integers(0, 300).map(lambda i: round(i * 0.001, 3))


@st.composite
def boxes(draw: st.DrawFn) -> shapely.Geometry:
    x0, x1 = sorted([draw(coord), draw(coord)])
    y0, y1 = sorted([draw(coord), draw(coord)])
    if x1 - x0 < 0.002 or y1 - y0 < 0.002:
        x1, y1 = x0 + 0.002, y0 + 0.002
    return box(38.0 + x0, 48.75 + y0, 38.0 + x1, 48.75 + y1)


@st.composite
def zones(draw: st.DrawFn) -> shapely.Geometry:
    return shapely.union_all(draw(st.lists(boxes(), min_size=1, max_size=4)))


@settings(max_examples=60, deadline=None)
@given(zones(), zones())
def test_held_before_plus_gained_minus_lost_is_held_after(before, after) -> None:
    ch = measure_change("ru", state(D1, ru=before), state(D2, ru=after))
    assert area_km2(before) + ch.gained_km2 - ch.lost_km2 == pytest.approx(
        area_km2(after), rel=1e-9, abs=1e-6
    )


@settings(max_examples=60, deadline=None)
@given(zones(), st.integers(1, 299).map(lambda i: 38.0 + i * 0.001))
def test_without_contested_ground_one_sides_gain_is_the_others_loss(after_ru, split) -> None:
    area = box(38.0, 48.75, 38.3, 49.05)
    before_ru = box(split, 48.75, 38.3, 49.05)
    after_ru = shapely.union_all([after_ru, before_ru]).intersection(area)
    before = state(D1, ru=before_ru, ua=area.difference(before_ru))
    after = state(D2, ru=after_ru, ua=area.difference(after_ru))
    ru = measure_change("ru", before, after)
    ua = measure_change("ua", before, after)
    assert ru.gained_km2 == pytest.approx(ua.lost_km2, rel=1e-9, abs=1e-6)
    assert ru.lost_km2 == pytest.approx(ua.gained_km2, rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(zones(), st.integers(1, 299).map(lambda i: 38.0 + i * 0.001))
def test_area_does_not_depend_on_orientation_or_split(zone, cut) -> None:
    reversed_rings = shapely.orient_polygons(zone, exterior_cw=True)
    assert area_km2(reversed_rings) == pytest.approx(area_km2(zone), rel=1e-12, abs=1e-6)
    west = zone.intersection(box(37.0, 48.0, cut, 50.0))
    east = zone.intersection(box(cut, 48.0, 39.0, 50.0))
    assert area_km2(west) + area_km2(east) == pytest.approx(area_km2(zone), rel=1e-9, abs=1e-6)
    parts = shapely.MultiPolygon(
        [p for g in (west, east) for p in shapely.get_parts(g) if p.geom_type == "Polygon"]
    )
    assert area_km2(parts) == pytest.approx(area_km2(zone), rel=1e-9, abs=1e-6)


def test_area_matches_an_independent_geodesic_computation() -> None:
    poly = box(38.0, 48.8, 38.2, 48.9)
    lons, lats = zip(*poly.exterior.coords, strict=True)
    area, _ = GEOD.polygon_area_perimeter(lons, lats)
    # Edges straight in lon/lat (as drawn) vs geodesic edges differ by under 1e-5 here.
    assert area_km2(poly) == pytest.approx(abs(area) / 1e6, rel=1e-5)
    # And not the planar area in squared degrees.
    assert area_km2(poly) > 100


def test_area_of_a_polygon_with_a_hole() -> None:
    outer = box(38.0, 48.8, 38.2, 48.9)
    inner = box(38.05, 48.82, 38.1, 48.85)
    holed = outer.difference(inner)
    assert area_km2(holed) == pytest.approx(area_km2(outer) - area_km2(inner), rel=1e-9)


def test_length_is_geodesic() -> None:
    line = LineString([(38.0, 48.8), (38.3, 48.9)])
    _, _, metres = GEOD.inv(38.0, 48.8, 38.3, 48.9)
    assert length_km(line) == pytest.approx(metres / 1000, rel=1e-9)


def test_distance_is_zero_inside_and_geodesic_outside() -> None:
    zone = box(38.1, 48.8, 38.2, 48.9)
    assert distance_km(Point(38.15, 48.85), zone) == 0.0
    _, _, metres = GEOD.inv(38.0, 48.85, 38.1, 48.85)
    assert distance_km(Point(38.0, 48.85), zone) == pytest.approx(metres / 1000, rel=1e-4)
    assert distance_km(Point(38.0, 48.85), shapely.Polygon()) is None


def test_deepest_advance_finds_the_farthest_gained_point() -> None:
    before = box(38.1, 48.8, 38.2, 48.9)
    # A salient pushed 0.05° west at the middle: its tip is the farthest point.
    after = shapely.union_all([before, box(38.05, 48.84, 38.1, 48.86)])
    adv = measure_advance(before, after)
    assert adv is not None
    _, _, metres = GEOD.inv(38.05, 48.85, 38.1, 48.85)
    assert adv.distance_km == pytest.approx(metres / 1000, rel=0.01)
    assert adv.head[0] == pytest.approx(38.05, abs=0.001)
    assert measure_advance(before, before) is None


def test_first_date_has_no_change() -> None:
    ch = measure_change("ru", None, state(D1, ru=box(38.1, 48.8, 38.2, 48.9)))
    assert ch.gained_km2 == ch.lost_km2 == 0.0
    assert ch.area_km2 > 0


def test_a_new_pocket_away_from_the_front_is_no_advance() -> None:
    before = box(38.0, 48.8, 38.1, 48.9)
    pushed = box(38.1, 48.8, 38.12, 48.9)  # 1.5 km deeper along the front
    pocket = box(38.5, 48.8, 38.51, 48.81)  # 29 km away, not touching
    adv = measure_advance(before, before.union(pushed).union(pocket))
    assert adv is not None
    assert adv.distance_km == pytest.approx(1.47, abs=0.05)
    assert measure_advance(before, before.union(pocket)) is None
