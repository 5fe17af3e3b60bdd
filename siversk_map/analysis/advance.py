"""The deepest advance between two dates: the gained point farthest from the ground held before.

Part of the measurement engine; the result is an :class:`~siversk_map.analysis.figures.Advance`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
import shapely.ops
from shapely.geometry.base import BaseGeometry

from ..compose import EMPTY, polygons_only
from .figures import Advance
from .geodesy import GEOD, R_MIN, local_projection, project

__all__ = ["AdvanceMeter", "measure_advance"]


def measure_advance(
    before: BaseGeometry,
    after: BaseGeometry,
    tolerance_m: float = 50.0,
    gained: BaseGeometry | None = None,
) -> Advance | None:
    """Deepest advance: the gained point farthest from the ground held before.

    Only gained parts that touch the earlier ground count: a new pocket away from it was not
    reached by advancing (it would read as an advance of tens of kilometres).

    The farthest point is found by a branch-and-bound search over square cells (as in
    Mapbox's polylabel), so the answer is within ``tolerance_m`` of the truth however large the
    gained ground is: see :meth:`AdvanceMeter.measure`.

    Parameters
    ----------
    before, after : shapely geometry
        Ground held on the earlier and the later date (lon/lat).
    tolerance_m : float
        Tolerance of the search, in metres.
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
    return AdvanceMeter((centre.x, centre.y)).measure(before, gained, tolerance_m)


class AdvanceMeter:
    """Deepest advances between many pairs of dates of one area.

    Everything is measured in one azimuthal equidistant projection centred on ``centre``
    (scale error under 0.1 % within 500 km of it).

    Parameters
    ----------
    centre : tuple of float
        ``(lon, lat)`` the projection is centred on.
    """

    def __init__(self, centre: tuple[float, float]) -> None:
        self.forward, self.back = local_projection(round(centre[0], 3), round(centre[1], 3))

    def measure(
        self, before: BaseGeometry, gained: BaseGeometry, tolerance_m: float = 50.0
    ) -> Advance | None:
        """The deepest advance into ``gained`` from ``before`` (see :func:`measure_advance`).

        Every gained point lies outside the ground held before, so its distance to that
        ground is its distance to the nearest edge. Only the edges within reach of the gained
        ground are projected and indexed (an R-tree of their segments): a gained part touches
        the earlier ground, so none of its points is farther from it than the part is wide.

        The search starts from the vertices of the gained parts' convex hulls (the tips of
        salients, where the deepest point usually is), then covers each gained part with
        square cells. A cell whose centre is at distance ``d`` holds no point farther than
        ``d + r`` (``r``: half its diagonal); cells that cannot beat the best point found by
        more than ``tolerance_m``, or that miss the gained ground, are dropped, the others
        split in four. A cell smaller than ``tolerance_m`` is settled by the gained point
        nearest its centre, which is within ``2 r`` of the best its cell could hold.

        Parameters
        ----------
        before, gained : shapely geometry
            Ground held before, and ground gained since (lon/lat).
        tolerance_m : float
            Tolerance of the search, in metres.
        """
        return self.measure_many([(before, gained)], tolerance_m)[0]

    def measure_many(
        self, pairs: Sequence[tuple[BaseGeometry, BaseGeometry]], tolerance_m: float = 50.0
    ) -> list[Advance | None]:
        """:meth:`measure` of many ``(before, gained)`` pairs, their searches run level by
        level together (each pair's cells, in the same order: the same figures as one by one).

        Parameters
        ----------
        pairs : sequence of (shapely geometry, shapely geometry)
            Ground held before, and ground gained since (lon/lat), per pair.
        tolerance_m : float
            Tolerance of the searches, in metres.
        """
        out: list[Advance | None] = [None] * len(pairs)
        jobs: list[tuple[BaseGeometry, shapely.STRtree]] = []
        found: list[tuple[int, np.ndarray]] = []  # pair, and its edges within reach
        for n, (before, gained) in enumerate(pairs):
            before = polygons_only(before)
            gained = _touching(polygons_only(gained), before)
            if before.is_empty or gained.is_empty:
                continue
            ends = _edges_within_reach(before, gained).reshape(-1, 2)  # start, end, start, ...
            x, y = self.forward.transform(ends[:, 0], ends[:, 1])
            segments = shapely.linestrings(np.column_stack([x, y]).reshape(-1, 2, 2))
            jobs.append((project(gained, self.forward), shapely.STRtree(segments)))
            found.append((n, segments))
        heads = _farthest_many(jobs, tolerance_m)
        for (n, segments), (_, edges), (hx, hy) in zip(found, jobs, heads, strict=True):
            head = shapely.Point(hx, hy)
            nearest = segments[int(edges.query_nearest(head, all_matches=False)[0])]
            origin = shapely.ops.nearest_points(nearest, head)[0]
            (hlon, olon), (hlat, olat) = self.back.transform([hx, origin.x], [hy, origin.y])
            _, _, metres = GEOD.inv(olon, olat, hlon, hlat)
            out[n] = Advance(
                float(metres) / 1000.0,
                (float(hlon), float(hlat)),
                (float(olon), float(olat)),
                float(tolerance_m),
            )
        return out


def _edges_within_reach(before: BaseGeometry, gained: BaseGeometry) -> np.ndarray:
    """The edges of ``before`` that can be the nearest edge of some gained point.

    Each gained part touches the earlier ground, so none of its points is farther from it than
    the part's diameter, at most the geodesic diagonal of its bounds: the nearest edge lies in
    the part's bounds widened by that much (in degrees at the smallest radius of curvature).

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 2, 2)``: each edge's two ends, lon/lat.
    """
    minx, miny, maxx, maxy = shapely.bounds(shapely.get_parts(gained)).T
    _, _, d1 = GEOD.inv(minx, miny, maxx, maxy)
    _, _, d2 = GEOD.inv(minx, maxy, maxx, miny)
    reach = np.maximum(d1, d2) * 1.01 + 10.0
    dlat = np.degrees(reach / R_MIN)
    top = np.minimum(89.0, np.maximum(np.abs(miny), np.abs(maxy)) + dlat)
    dlon = np.degrees(reach / (R_MIN * np.cos(np.radians(top))))
    windows = np.column_stack([minx - dlon, miny - dlat, maxx + dlon, maxy + dlat])
    coords, ring = shapely.get_coordinates(
        shapely.get_rings(shapely.get_parts(before)), return_index=True
    )
    # Edge k runs from point k to point k + 1 of one ring; its bounds are first matched to all
    # the windows' bounds at once, then the few left to each window.
    x, y = coords[:, 0], coords[:, 1]
    x0, x1 = np.minimum(x[:-1], x[1:]), np.maximum(x[:-1], x[1:])
    y0, y1 = np.minimum(y[:-1], y[1:]), np.maximum(y[:-1], y[1:])
    edge = ring[:-1] == ring[1:]
    (wx0, wy0), (wx1, wy1) = windows[:, :2].min(axis=0), windows[:, 2:].max(axis=0)
    cand = np.flatnonzero(edge & (x0 <= wx1) & (x1 >= wx0) & (y0 <= wy1) & (y1 >= wy0))
    boxes = np.column_stack([x0[cand], y0[cand], x1[cand], y1[cand]])
    near = cand[_boxes_meeting(boxes, windows)]
    if not len(near):  # cannot happen for gained ground that touches: keep every edge then
        near = np.flatnonzero(edge)
    return np.stack([coords[near], coords[near + 1]], axis=1)


#: Above this many windows, edges are matched to them through an R-tree rather than one by one.
_WINDOWS_BY_TREE = 32


def _boxes_meeting(boxes: np.ndarray, windows: np.ndarray) -> np.ndarray:
    """Which ``(minx, miny, maxx, maxy)`` boxes meet (or touch) at least one of the windows."""
    if len(windows) > _WINDOWS_BY_TREE:  # many gained parts: one R-tree query for them all
        near = np.zeros(len(boxes), dtype=bool)
        tree = shapely.STRtree(shapely.box(*boxes.T))
        near[tree.query(shapely.box(*windows.T))[1]] = True
        return near
    near = np.zeros(len(boxes), dtype=bool)
    for x0, y0, x1, y1 in windows:
        near |= (
            (boxes[:, 0] <= x1) & (boxes[:, 2] >= x0) & (boxes[:, 1] <= y1) & (boxes[:, 3] >= y0)
        )
    return near


#: Directions from a cell's centre to its quarters' centres (south-west first).
_QUARTERS = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])


def _depth(edges: shapely.STRtree, xy: np.ndarray) -> np.ndarray:
    """Each point's distance to the nearest indexed edge."""
    found, dist = edges.query_nearest(shapely.points(xy), return_distance=True, all_matches=False)
    out = np.empty(len(xy))
    out[found[0]] = dist
    return out


def _tiles(g: BaseGeometry, tolerance: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The vertices of each part's convex hull (the tips of salients, a good first best), and
    each part's bounds tiled with square cells as wide as the bounds' shorter side: their
    centres and half sides."""
    parts = shapely.get_parts(g)
    parts = parts[~shapely.is_empty(parts)]  # an empty part has NaN bounds
    tips = shapely.get_coordinates(shapely.convex_hull(parts))
    minx, miny, maxx, maxy = shapely.bounds(parts).T
    size = np.maximum(np.minimum(maxx - minx, maxy - miny), tolerance)
    nx = np.maximum(np.ceil((maxx - minx) / size), 1).astype(np.int64)
    ny = np.maximum(np.ceil((maxy - miny) / size), 1).astype(np.int64)
    count = nx * ny
    owner = np.repeat(np.arange(len(parts)), count)
    k_in_part = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    side = size[owner]
    cells = np.column_stack(
        [
            minx[owner] + (k_in_part % nx[owner] + 0.5) * side,
            miny[owner] + (k_in_part // nx[owner] + 0.5) * side,
        ]
    )
    return tips, cells, side / 2


def _farthest_many(
    jobs: Sequence[tuple[BaseGeometry, shapely.STRtree]], tolerance: float
) -> list[tuple[float, float]]:
    """For each ``(g, edges)``, the point of ``g`` farthest from the indexed edges, to within
    ``tolerance``; the searches run level by level together.

    See :meth:`AdvanceMeter.measure` for the search. Cells are handled a whole level at a time,
    so each level is a few vectorised calls.

    The cells of all the searches are kept in one array, grouped by search (``who``), each
    search's cells in the order its own search would hold them: every test of a level is one
    call for all of them, and each search keeps its own best point, found as it alone would
    find it (the first of equally deep cells).
    """
    tolerance = max(float(tolerance), 1e-6)
    geoms = np.empty(len(jobs), dtype=object)
    best = np.empty(len(jobs))
    head = np.empty((len(jobs), 2))
    levels: list[tuple[np.ndarray, np.ndarray]] = []
    for p, (g, edges) in enumerate(jobs):
        shapely.prepare(g)
        geoms[p] = g
        tips, cells, half = _tiles(g, tolerance)
        d = _depth(edges, tips)
        k = int(np.argmax(d))
        best[p], head[p] = float(d[k]), tips[k]
        levels.append((cells, half))
    cells = np.concatenate([c for c, _ in levels]) if jobs else np.zeros((0, 2))
    half = np.concatenate([h for _, h in levels]) if jobs else np.zeros(0)
    who = np.repeat(np.arange(len(jobs)), [len(c) for c, _ in levels])
    while len(cells):
        reach = half * np.sqrt(2.0)
        g_of = geoms[who]
        inside = shapely.contains_xy(g_of, cells[:, 0], cells[:, 1])
        # A cell that misses the gained ground is dropped whatever its depth: only the others
        # are measured (the nearest-edge search costs more than the test).
        near = inside.copy()
        outside = ~inside
        if outside.any():  # g first: the prepared geometry must be the first argument
            near[outside] = shapely.dwithin(
                g_of[outside], shapely.points(cells[outside]), reach[outside]
            )
        d = np.full(len(cells), -np.inf)
        _measure(jobs, who, near, cells, d)
        _raise_best(best, head, who, np.where(inside, d, -np.inf), cells)
        keep = near & (d + reach > best[who] + tolerance)
        small = keep & (2.0 * reach <= tolerance)
        settle = small & ~inside
        if settle.any():
            closest = shapely.get_coordinates(
                shapely.shortest_line(shapely.points(cells[settle]), g_of[settle])
            )[1::2]
            depth = np.empty(len(closest))
            _measure(jobs, who[settle], np.ones(len(closest), dtype=bool), closest, depth)
            _raise_best(best, head, who[settle], depth, closest)
        split = keep & ~small
        quarter = half[split] / 2
        # Each split cell's four quarters, a quarter of every cell at a time (_QUARTERS);
        # then grouped by search again, each search's cells in that order.
        cells = (cells[split] + _QUARTERS[:, None, :] * quarter[:, None]).reshape(-1, 2)
        half = np.concatenate((quarter, quarter, quarter, quarter))
        who = np.concatenate((who[split],) * 4)
        order = np.argsort(who, kind="stable")
        cells, half, who = cells[order], half[order], who[order]
    return [(float(x), float(y)) for x, y in head]


def _measure(
    jobs: Sequence[tuple[BaseGeometry, shapely.STRtree]],
    who: np.ndarray,
    chosen: np.ndarray,
    points: np.ndarray,
    out: np.ndarray,
) -> None:
    """``out`` at the ``chosen`` points: their depth, each from its own search's edges
    (``who``, grouped by search)."""
    at = np.flatnonzero(chosen)
    if not len(at):
        return
    owners = who[at]
    bounds = np.flatnonzero(np.diff(owners)) + 1
    for group in np.split(at, bounds):
        out[group] = _depth(jobs[int(who[group[0]])][1], points[group])


def _raise_best(
    best: np.ndarray, head: np.ndarray, who: np.ndarray, values: np.ndarray, points: np.ndarray
) -> None:
    """Per search (``who``, grouped), its first point of greatest value, kept where it beats
    the search's best."""
    if not len(values):
        return
    starts = np.flatnonzero(np.diff(who, prepend=-1))
    top = np.maximum.reduceat(values, starts)
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(values))))
    hits = np.flatnonzero(values == top[group])
    first = hits[np.diff(group[hits], prepend=-1) != 0]
    searches = who[first]
    better = values[first] > best[searches]
    best[searches[better]] = values[first[better]]
    head[searches[better]] = points[first[better]]


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
    prepared = shapely.is_prepared(before)
    if not prepared:
        shapely.prepare(before)  # indexed distances: a large front against many small parts
    try:
        near = parts[shapely.dwithin(before, parts, _TOUCH_DEG)]
    finally:
        if not prepared:
            shapely.destroy_prepared(before)
    if len(near) == len(parts):
        return gained
    return shapely.MultiPolygon(list(near)) if len(near) else EMPTY
