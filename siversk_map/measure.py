"""Geodesic measurement: areas, gains and losses, distances, the advance.

Every length and area is computed on the WGS84 ellipsoid with :class:`pyproj.Geod`, never in
planar degrees. Set operations (union, difference) are done in lon/lat, where they are exact;
only their results are measured.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry.base import BaseGeometry

from .compose import EMPTY, State, polygons_only

__all__ = [
    "Advance",
    "AdvanceMeter",
    "Change",
    "area_km2",
    "distance_km",
    "length_km",
    "measure_advance",
    "measure_change",
    "measure_changes",
]

GEOD = Geod(ellps="WGS84")
#: Longest edge (degrees) measured as one geodesic; longer edges are split first.
DENSIFY_DEG = 0.001


def area_km2(geom: BaseGeometry | None) -> float:
    """Geodesic area of the polygonal part of a geometry, in km².

    The result does not depend on ring orientation or on how the area is split into parts.
    Edges are taken as drawn on the map (straight in lon/lat) and densified to 0.001° before
    the geodesic computation: a geodesic edge bows away from a straight lon/lat edge, so
    without densifying, splitting an edge with an extra vertex would change the area.

    Parameters
    ----------
    geom : shapely geometry or None
        In WGS84 lon/lat.

    Returns
    -------
    float

    Examples
    --------
    >>> from shapely.geometry import box
    >>> round(area_km2(box(38.0, 48.8, 38.1, 48.9)), 1)
    81.6
    """
    poly = polygons_only(geom)
    if poly.is_empty:
        return 0.0
    total = 0.0
    dense = shapely.segmentize(shapely.orient_polygons(poly), DENSIFY_DEG)
    for part in shapely.get_parts(dense):
        area, _ = GEOD.geometry_area_perimeter(part)
        total += abs(area)
    return total / 1e6


def length_km(geom: BaseGeometry) -> float:
    """Geodesic length of a line or of a polygon's boundary, in km.

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> round(length_km(LineString([(38.0, 48.8), (38.0, 48.9)])), 2)
    11.12
    """
    return float(GEOD.geometry_length(geom)) / 1000.0


@functools.lru_cache(maxsize=16)
def _local(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    """Azimuthal equidistant projection centred near the area (metres), both ways."""
    proj = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs"
    forward = Transformer.from_crs("OGC:CRS84", proj, always_xy=True)
    back = Transformer.from_crs(proj, "OGC:CRS84", always_xy=True)
    return forward, back


def _project(geom: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    return shapely.transform(
        geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
    )


def distance_km(a: BaseGeometry, b: BaseGeometry) -> float | None:
    """Geodesic distance between the nearest points of two geometries, in km.

    0 when they touch or overlap; None when either is empty.

    Examples
    --------
    >>> from shapely.geometry import Point, box
    >>> round(distance_km(Point(38.0, 48.85), box(38.1, 48.8, 38.2, 48.9)), 2)
    7.34
    """
    if a is None or b is None or a.is_empty or b.is_empty:
        return None
    if a.intersects(b):
        return 0.0
    b = _near(a, b)
    centre = shapely.union_all([a.envelope, b.envelope]).centroid
    forward, back = _local(round(centre.x, 3), round(centre.y, 3))
    pa, pb = shapely.ops.nearest_points(_project(a, forward), _project(b, forward))
    lon1, lat1 = back.transform(pa.x, pa.y)
    lon2, lat2 = back.transform(pb.x, pb.y)
    _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000.0


#: Smallest radius of curvature of the WGS84 ellipsoid (metres, meridian at the equator).
_R_MIN = 6_335_439.0


def _near(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    """The part of a large ``b`` that can hold its nearest point to ``a``.

    The lon/lat-nearest pair bounds the true (metric) nearest distance D from above; every point
    of ``b`` within D of ``a`` lies in ``a``'s bounds widened by D in degrees at the smallest
    radius of curvature, so clipping ``b`` to that window changes no answer.
    """
    if shapely.get_num_coordinates(b) < 2000:
        return b
    pa, pb = shapely.ops.nearest_points(a, b)
    _, _, metres = GEOD.inv(pa.x, pa.y, pb.x, pb.y)
    reach = float(metres) * 1.01 + 1.0
    minx, miny, maxx, maxy = a.bounds
    dlat = np.degrees(reach / _R_MIN)
    top = min(89.0, max(abs(miny), abs(maxy)) + dlat)
    dlon = np.degrees(reach / (_R_MIN * np.cos(np.radians(top))))
    near = shapely.clip_by_rect(b, minx - dlon, miny - dlat, maxx + dlon, maxy + dlat)
    return b if near.is_empty else near


@dataclass(frozen=True)
class Advance:
    """The deepest advance between two dates.

    Attributes
    ----------
    distance_km : float
        Greatest distance from the earlier ground to any point gained since.
    head : tuple of float
        ``(lon, lat)`` of that farthest gained point.
    origin : tuple of float
        ``(lon, lat)`` of the nearest point of the earlier ground to it.
    step_m : float
        Sampling step used on the boundary of the gained ground (metres).
    """

    distance_km: float
    head: tuple[float, float]
    origin: tuple[float, float]
    step_m: float = 0.0


def measure_advance(
    before: BaseGeometry,
    after: BaseGeometry,
    step_m: float = 50.0,
    gained: BaseGeometry | None = None,
) -> Advance | None:
    """Deepest advance: the gained point farthest from the ground held before.

    Only gained parts that touch the earlier ground count: a new pocket away from it was not
    reached by advancing (it would read as an advance of tens of kilometres).

    The gained ground is sampled on its boundary every ``step_m`` metres (wider when its
    boundary would need more than :data:`MAX_BOUNDARY_SAMPLES` points; the step used is in
    the result) and inside on a grid of at most about :data:`MAX_GRID_SAMPLES` points (never
    finer than ``step_m``), so the answer is within about one step of the truth.

    Parameters
    ----------
    before, after : shapely geometry
        Ground held on the earlier and the later date (lon/lat).
    step_m : float
        Sampling step on the boundary of the gained ground.
    gained : shapely geometry, optional
        ``after`` minus ``before`` when the caller already has it.

    Returns
    -------
    Advance or None
        None when nothing was gained or nothing was held before.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> adv = measure_advance(box(38.0, 48.8, 38.1, 48.9), box(38.0, 48.8, 38.2, 48.9))
    >>> round(adv.distance_km, 1)
    7.3
    """
    before = polygons_only(before)
    if gained is None:
        gained = polygons_only(after).difference(before)
    gained = polygons_only(gained)
    if before.is_empty or gained.is_empty:
        return None
    centre = gained.centroid
    return AdvanceMeter((centre.x, centre.y)).measure(before, gained, step_m)


#: Most boundary samples of the gained ground per advance (the step widens past it).
MAX_BOUNDARY_SAMPLES = 5000
#: About the most samples inside the gained ground (the grid widens past it).
MAX_GRID_SAMPLES = 10_000


class AdvanceMeter:
    """Deepest advances between many pairs of dates of one area.

    Everything is measured in one azimuthal equidistant projection centred on ``centre``
    (scale error under 0.1 % within 500 km of it), and each earlier ground is projected and
    its edges indexed once (an R-tree of its segments), however many pairs start from it (pass
    the same ``key``).

    Parameters
    ----------
    centre : tuple of float
        ``(lon, lat)`` the projection is centred on.
    """

    def __init__(self, centre: tuple[float, float]) -> None:
        self.forward, self.back = _local(round(centre[0], 3), round(centre[1], 3))
        self._indexed: dict[Any, tuple[BaseGeometry, shapely.STRtree]] = {}

    def _before(self, before: BaseGeometry, key: Any) -> tuple[BaseGeometry, shapely.STRtree]:
        found = self._indexed.get(key) if key is not None else None
        if found is None:
            b = _project(before, self.forward)
            found = (b, shapely.STRtree(_segments(b.boundary)))
            if key is not None:
                self._indexed[key] = found
        return found

    def measure(
        self, before: BaseGeometry, gained: BaseGeometry, step_m: float = 50.0, key: Any = None
    ) -> Advance | None:
        """The deepest advance into ``gained`` from ``before`` (see :func:`measure_advance`).

        Parameters
        ----------
        before, gained : shapely geometry
            Ground held before, and ground gained since (lon/lat).
        step_m : float
            Sampling step on the boundary of the gained ground.
        key : hashable, optional
            Names ``before`` (for example its date) so it is projected and indexed once.
        """
        before = polygons_only(before)
        gained = _touching(polygons_only(gained), before)
        if before.is_empty or gained.is_empty:
            return None
        b, edges = self._before(before, key)
        g = _project(gained, self.forward)
        step = max(step_m, float(g.length) / MAX_BOUNDARY_SAMPLES)
        samples = [shapely.get_coordinates(shapely.segmentize(g.boundary, step))]
        minx, miny, maxx, maxy = g.bounds
        spacing = max(step_m, float(np.sqrt(max(g.area, 1.0) / MAX_GRID_SAMPLES)))
        xs = np.arange(minx, maxx + spacing, spacing)
        ys = np.arange(miny, maxy + spacing, spacing)
        if len(xs) * len(ys) <= 250_000:
            gx, gy = np.meshgrid(xs, ys)
            inside = shapely.contains_xy(g, gx.ravel(), gy.ravel())
            samples.append(np.column_stack([gx.ravel()[inside], gy.ravel()[inside]]))
        points = np.concatenate(samples)
        # Every sample lies outside the ground held before (or on its edge), so its distance
        # to that ground is its distance to the nearest edge segment: found through the R-tree.
        found, distances = edges.query_nearest(
            shapely.points(points), return_distance=True, all_matches=False
        )
        best = int(found[0][int(np.argmax(distances))])
        head = shapely.Point(points[best])
        origin = shapely.ops.nearest_points(b, head)[0]
        hlon, hlat = self.back.transform(head.x, head.y)
        olon, olat = self.back.transform(origin.x, origin.y)
        _, _, metres = GEOD.inv(olon, olat, hlon, hlat)
        return Advance(
            float(metres) / 1000.0,
            (float(hlon), float(hlat)),
            (float(olon), float(olat)),
            step,
        )


#: Gained parts closer than this (degrees, about 1 m) to the earlier ground touch it.
_TOUCH_DEG = 1e-5


def _touching(gained: BaseGeometry, before: BaseGeometry) -> BaseGeometry:
    """The parts of the gained ground that touch the ground held before.

    A part away from it (a new pocket drawn behind the lines, an isolated position) was not
    reached by advancing, so it is no measure of how deep the front moved.
    """
    if gained.is_empty or before.is_empty:
        return gained
    parts = shapely.get_parts(gained)
    near = parts[shapely.dwithin(parts, before, _TOUCH_DEG)]
    if len(near) == len(parts):
        return gained
    return shapely.MultiPolygon(list(near)) if len(near) else EMPTY


def _segments(lines: BaseGeometry) -> np.ndarray:
    """Every straight segment of a (multi)line, as an array of two-point LineStrings."""
    coords, index = shapely.get_coordinates(shapely.get_parts(lines), return_index=True)
    same = index[:-1] == index[1:]
    starts, ends = coords[:-1][same], coords[1:][same]
    pairs = np.stack([starts, ends], axis=1)
    return np.asarray(shapely.linestrings(pairs))


@dataclass(frozen=True)
class Change:
    """Ground one side gained and lost between two dates.

    Attributes
    ----------
    side : str
    date_from, date_to : datetime.date
    area_km2 : float
        Held on ``date_to``.
    gained, lost : shapely geometry
        Ground held on ``date_to`` but not ``date_from``, and the reverse.
    gained_km2, lost_km2, net_km2 : float
    """

    side: str
    date_from: dt.date | None
    date_to: dt.date
    area_km2: float
    gained: BaseGeometry
    lost: BaseGeometry
    gained_km2: float
    lost_km2: float

    @property
    def net_km2(self) -> float:
        """Gained minus lost."""
        return self.gained_km2 - self.lost_km2


def measure_change(side: str, before: State | None, after: State) -> Change:
    """Ground ``side`` gained and lost from ``before`` to ``after``.

    Parameters
    ----------
    side : str
        ``ua``, ``ru`` or ``contested``.
    before : State or None
        The earlier state; None for the first date (nothing gained or lost).
    after : State
        The later state.

    Returns
    -------
    Change
    """
    now = after.held.get(side, EMPTY)
    if before is None:
        return Change(side, None, after.date, area_km2(now), EMPTY, EMPTY, 0.0, 0.0)
    then = before.held.get(side, EMPTY)
    gained = polygons_only(now.difference(then))
    lost = polygons_only(then.difference(now))
    return Change(
        side,
        before.date,
        after.date,
        area_km2(now),
        gained,
        lost,
        area_km2(gained),
        area_km2(lost),
    )


def measure_changes(before: State | None, after: State) -> list[Change]:
    """:func:`measure_change` for every side held on either date, in the order of ``SIDES``.

    Parameters
    ----------
    before : State or None
        The earlier state; None for the first date.
    after : State
        The later state.

    Returns
    -------
    list of Change
    """
    from .model import SIDES

    held_before = before.held if before is not None else {}
    return [
        measure_change(side, before, after)
        for side in SIDES
        if side in after.held or side in held_before
    ]
