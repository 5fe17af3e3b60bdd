"""The timeline page's geometry and its figures: the dated features, each date's held ground and
the pair differences, stored once as topologies of shared arcs, measured by the analysis stage.

Leaflet has no polygon clipping, so the pair differences are precomputed, from the arcs the two
dates do not share. Only pairs ``i < j`` are stored: the difference from a later date to an
earlier one is the same pair with gained and lost swapped. The figures are those of the page's
own geometry, measured on its arcs (:class:`siversk_map.analysis.PageAreas`).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from ..analysis import ADVANCE_TOLERANCE_M, Analysis, PageAreas
from ..compose import EMPTY, State
from ..dataset import DataSet
from ..model import SIDES
from .features import base_rows, feature_rows, json_properties
from .page import MIN_CHANGE_KM2
from .topology import DECIMALS, Topology, build_topology, pack_object
from .topology_runs import encode_runs

__all__ = [
    "ALL_PAIRS_MAX",
    "FROM_FACES",
    "PAIRS_PER_BATCH",
    "PageGeometry",
    "Pool",
    "Task",
    "add_features",
    "against_entry",
    "base_geometry",
    "date_pairs",
    "dated_geometry",
    "faces_entry",
    "find_faces",
    "measure_task",
    "pair_entries",
    "pair_key",
    "round_km",
]


#: Past this many dates only consecutive pairs are precomputed (n(n-1)/2 pairs grow fast).
ALL_PAIRS_MAX = 24

#: A stored pair's gained or lost ground drawn from the faces (past :data:`ALL_PAIRS_MAX`
#: dates): its figures are stored, its geometry is the faces that flip between the two dates.
FROM_FACES = -2


def pair_key(i: int, j: int) -> str:
    """Key of the pair of date indexes ``i < j`` in the page's ``pairs`` table.

    Examples
    --------
    >>> pair_key(0, 3)
    '0-3'
    """
    if not 0 <= i < j:
        raise ValueError(f"a pair needs 0 <= i < j, got {i}, {j}")
    return f"{i}-{j}"


class Pool:
    """Change geometries stored once, referenced by index, encoded as a topology of their own."""

    def __init__(self) -> None:
        self.geoms: list[BaseGeometry] = []
        self._index: dict[bytes, int] = {}

    def add(self, geom: BaseGeometry) -> int:
        if geom.is_empty:
            return -1
        key = shapely.normalize(geom).wkb
        if key not in self._index:
            self._index[key] = len(self.geoms)
            self.geoms.append(geom)
        return self._index[key]

    def encode(self, base: Topology) -> tuple[dict[str, Any], list[dict[str, Any] | None]]:
        """The pool's topology, its arcs written as runs of ``base``'s arcs where they follow
        them (:func:`encode_runs`), and its objects packed."""
        topo = build_topology(self.geoms, DECIMALS)
        arcs = encode_runs(topo.arcs, topo.translate, base.arcs, base.translate)
        text = {"scale": topo.scale, "translate": list(topo.translate), "arcs": arcs}
        return text, [pack_object(obj) for obj in topo.objects]


def round_km(value: float | None, digits: int = 3) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), digits)


def _latlon(point: tuple[float, float]) -> list[float]:
    return [round(point[1], DECIMALS), round(point[0], DECIMALS)]


def _advances(geo: PageGeometry, gains: list[tuple[int, BaseGeometry]]) -> list[Any]:
    """The deepest Russian advance into each ``(i, gained)``: from the ground held on date
    ``i`` (None where nothing was held, or nothing gained), measured together."""
    held = [geo.held[i].get("ru") for i, _ in gains]
    asked = [
        (geo.topology.geometries[k], g)
        for k, (_, g) in zip(held, gains, strict=True)
        if k is not None
    ]
    found = iter(geo.analysis.deepest_advances(asked, ADVANCE_TOLERANCE_M))
    out: list[Any] = []
    for k in held:
        adv = next(found) if k is not None else None
        if adv is None:
            out.append(None)
            continue
        out.append(
            {
                "km": round(adv.distance_km, 3),
                "origin": _latlon(adv.origin),
                "head": _latlon(adv.head),
                "tolerance_m": round(adv.tolerance_m, 1),
            }
        )
    return out


@dataclass
class PageGeometry:
    """Every dated geometry of the page, in one topology."""

    topology: Topology
    features: dict[str, dict[str, Any]]
    held: list[dict[str, int]]  # per date: side -> index in the topology
    analysis: Analysis
    areas: PageAreas  # figures of the page's own (quantised) geometry
    rows: list[Any] = field(default_factory=list)  # the dated features' (id, properties, geometry)


def dated_geometry(ds: DataSet, states: list[State], *, features: bool = True) -> PageGeometry:
    """Dated features and each date's held ground, their geometry stored once.

    With ``features=False`` the features are left for :func:`add_features` (the topology, the
    held ground and its figures are all the pair differences and the faces need).
    """
    table = ds.table
    extra = {fid: {"_defence": True} for fid in ds.manifest.river_line}
    rows = feature_rows(table[table["date"].notna()], extra, arrows=True)
    geoms: list[BaseGeometry] = [geom for _, _, geom in rows]
    held: list[dict[str, int]] = []
    for state in states:
        held.append({})
        for side, geom in sorted(state.held.items()):
            held[-1][side] = len(geoms)
            geoms.append(geom)
    topo = build_topology(geoms, DECIMALS)
    for k in (k for date in held for k in date.values()):
        topo.parity(k)  # once, before any worker is forked
    geo = PageGeometry(topo, {}, held, ds.analysis, ds.analysis.page_areas(topo), rows)
    if features:
        add_features(geo)
    return geo


def add_features(geo: PageGeometry) -> None:
    """The dated features of ``geo`` (properties and packed arc references), by id."""
    for k, (fid, props, _) in enumerate(geo.rows):
        obj = geo.topology.objects[k]
        if obj is None:
            continue  # smaller than the grid
        if props["layer"] == "control":
            props["_area_km2"] = round(geo.areas.object_km2(obj), 3)
        geo.features[str(fid)] = {
            "type": "Feature",
            "id": str(fid),
            "properties": json_properties(props),
            "geometry": pack_object(obj),
        }


def base_geometry(ds: DataSet) -> dict[str, Any]:
    """Base features (static), drawn once, in drawing order (see :func:`base_rows`).

    Their geometry is stored as a topology of its own (shared, quantised, delta-coded arcs, as
    the dated features'): a town's streets and built-up blocks as plain coordinates were a fifth
    of the bundled page.
    """
    extra = {fid: {"_defence": True} for fid in ds.manifest.river_line}
    rows = feature_rows(base_rows(ds), extra)
    topo = build_topology([geom for _, _, geom in rows], DECIMALS)
    features = [
        {
            "type": "Feature",
            "id": str(fid),
            "properties": json_properties(props),
            "geometry": pack_object(obj),
        }
        for (fid, props, _), obj in zip(rows, topo.objects, strict=True)
        if obj is not None  # smaller than the grid
    ]
    return {"topology": topo.to_json(), "features": features}


def against_entry(
    ds: DataSet, other: DataSet, i: int, geo: PageGeometry, pool: Pool
) -> dict[str, Any] | None:
    """Where another data set (another source) disagrees with this one on date ``i``.

    The other source's state is its latest snapshot on or before the date. Per side held in
    either: ground only this data set gives the side, ground only the other gives it, and the
    other's outline.
    """
    topo = geo.topology
    held_km2 = {side: geo.areas.object_km2(topo.objects[k]) for side, k in geo.held[i].items()}
    # Measured as every area on the page is: on its arcs (equal-area, see PageAreas).
    found = ds.analysis.page_disagreement(other, ds.dates[i], geo.areas.polygon_km2, held_km2)
    if found is None:
        return None
    sides: dict[str, Any] = {}
    for d in found.sides:
        sides[d.side] = {
            "a_only": pool.add(d.ours_only) if d.ours_only_km2 >= MIN_CHANGE_KM2 else -1,
            "b_only": pool.add(d.theirs_only) if d.theirs_only_km2 >= MIN_CHANGE_KM2 else -1,
            "outline": pool.add(d.theirs),
            "a_only_km2": round(d.ours_only_km2, 3),
            "b_only_km2": round(d.theirs_only_km2, 3),
            "agree_km2": round(d.agree_km2, 3),
            "b_km2": round(d.theirs_km2, 3),
        }
    return {"date": found.date.isoformat(), "sides": sides}


def date_pairs(n: int) -> list[tuple[int, int]]:
    """Date pairs whose differences are precomputed: all, or consecutive ones past a limit."""
    if n <= ALL_PAIRS_MAX:
        return list(itertools.combinations(range(n), 2))
    return [(i, i + 1) for i in range(n - 1)]


def _on_grid(faces: np.ndarray) -> np.ndarray:
    """Which faces' exteriors keep three points on the topology's grid (else a face is dropped
    there, and the faces' polygons would no longer be numbered as the faces)."""
    coords, owner = shapely.get_coordinates(shapely.get_exterior_ring(faces), return_index=True)
    q = np.rint(coords * 10.0**DECIMALS).astype(np.int64)
    keep = np.ones(len(q), dtype=bool)
    keep[1:] = (q[1:] != q[:-1]).any(axis=1) | (owner[1:] != owner[:-1])
    q, owner = q[keep], owner[keep]
    start = np.searchsorted(owner, np.arange(len(faces)))
    stop = np.searchsorted(owner, np.arange(len(faces)), side="right")
    count = stop - start
    if not len(q):
        return count >= 3
    closed = (count > 1) & (q[np.minimum(start, len(q) - 1)] == q[np.maximum(stop - 1, 0)]).all(
        axis=1
    )
    ok: np.ndarray = (count - closed) >= 3
    return ok


def faces_entry(
    geo: PageGeometry,
    n: int,
    pool: Pool,
    found: dict[str, tuple[dict[str, Any], BaseGeometry | None]] | None = None,
) -> dict[str, Any]:
    """Per side, the faces any pair's gained and lost ground is made of, and when each is held.

    ``found`` is :func:`find_faces` when the caller has it (a worker found them); their
    geometry is added to ``pool`` here, side after side.

    The arcs used an odd number of times by some two consecutive dates bound every change
    there is; noded and polygonised together they cut the ground into faces, each held or not
    on each date (by where its representative point lies, as in :meth:`Topology.changes`).
    Faces held on every date or on none never change and are left out. The ground gained from
    date *i* to date *j* is then the faces held on *j* and not on *i*: the page adds them up
    for pairs it has not stored. ``flips`` lists the dates on which a face's state changes (it
    is not held before the first). Faces that flip on the same dates form one group; ``geom`` is
    one MultiPolygon in ``geoms`` holding the groups' faces in turn (``parts``: how many each).
    """
    found = find_faces(geo, n) if found is None else found
    return {
        side: {"geom": -1 if geom is None else pool.add(geom), **entry}
        for side, (entry, geom) in found.items()
    }


#: Margin (degrees, about 10 m) around a date's changed arcs within which its faces are
#: looked at again: the held ground is the data's own geometry, within a grid step of its arcs.
_NEAR_DEG = 1e-4


def _membership(
    topo: Topology,
    held: list[int | None],
    odd: list[set[int]],
    px: np.ndarray,
    py: np.ndarray,
) -> np.ndarray:
    """Whether each face's point lies in the ground held on each date.

    A date's held ground differs from the date before's only inside the arcs used an odd
    number of times by the two (``odd``): only the faces whose point lies within those arcs'
    bounds (widened by :data:`_NEAR_DEG`) are looked at again, the others keep the date
    before's answer.
    """
    member = np.zeros((len(px), len(held)), dtype=bool)
    lo, hi = _arc_bounds(topo)
    for d, k in enumerate(held):
        if d:
            member[:, d] = member[:, d - 1]
        if not odd[d]:
            continue
        arcs = np.fromiter(odd[d], dtype=np.int64, count=len(odd[d]))
        x0, y0 = lo[arcs].min(axis=0) - _NEAR_DEG
        x1, y1 = hi[arcs].max(axis=0) + _NEAR_DEG
        near = np.flatnonzero((px >= x0) & (px <= x1) & (py >= y0) & (py <= y1))
        if k is None:
            member[near, d] = False
            continue
        geom = topo.geometries[k]
        shapely.prepare(geom)
        member[near, d] = shapely.contains_xy(geom, px[near], py[near])
    return member


def _arc_bounds(topo: Topology) -> tuple[np.ndarray, np.ndarray]:
    """Each arc's lowest and highest (lon, lat)."""
    if not topo.arcs:
        return np.zeros((0, 2)), np.zeros((0, 2))
    points = np.concatenate(topo.arcs).astype(np.float64)
    starts = np.cumsum([0, *(len(a) for a in topo.arcs[:-1])])
    lo = np.minimum.reduceat(points, starts, axis=0)
    hi = np.maximum.reduceat(points, starts, axis=0)
    origin = np.asarray(topo.translate, dtype=np.float64)
    return (lo + origin) * topo.scale, (hi + origin) * topo.scale


def find_faces(geo: PageGeometry, n: int) -> dict[str, tuple[dict[str, Any], BaseGeometry | None]]:
    """:func:`faces_entry`'s figures per side, and the faces as one MultiPolygon (or None)."""
    topo = geo.topology
    out: dict[str, tuple[dict[str, Any], BaseGeometry | None]] = {}
    for side in SIDES:
        held = [geo.held[d].get(side) for d in range(n)]
        if all(k is None for k in held):
            continue
        parity = [topo.parity(k) for k in held]
        odd = [a ^ b for a, b in itertools.pairwise([set(), *parity])]  # per date: its changes
        changing = set().union(*odd)
        if not changing:
            continue
        noded = shapely.node(shapely.MultiLineString(list(topo._lines(sorted(changing)))))
        faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
        if not len(faces):
            continue
        points = shapely.point_on_surface(faces)
        px, py = shapely.get_x(points), shapely.get_y(points)
        member = _membership(topo, held, odd, px, py)
        steps = np.diff(member.astype(np.int8), axis=1, prepend=0) != 0
        on_grid = _on_grid(faces)
        rows = [
            f for f in range(len(faces)) if steps[f].any() and not member[f].all() and on_grid[f]
        ]
        area = dict(zip(rows, geo.areas.polygons_km2(faces[rows]), strict=True))
        # Faces that flip on the same dates change together: one group, its areas summed.
        groups: dict[tuple[int, ...], list[int]] = {}
        for f in rows:
            groups.setdefault(tuple(np.flatnonzero(steps[f]).tolist()), []).append(f)
        order = list(groups.items())
        # Exteriors anticlockwise, holes clockwise: where two faces drawn together meet, their
        # rings walk the shared arcs in opposite directions (the page dissolves them there).
        faces_in_order = list(
            shapely.orient_polygons([faces[f] for _, members in order for f in members])
        )
        # One object for all the faces, group after group: its arcs are stored once.
        entry = {
            "parts": [len(members) for _, members in order],
            "km2": [round(sum(area[f] for f in members), 4) for _, members in order],
            "flips": [list(flips) for flips, _ in order],
        }
        out[side] = (entry, shapely.multipolygons(faces_in_order) if order else None)
    return out


def pair_entries(
    ds: DataSet,
    steps: list[tuple[int, int]],
    geo: PageGeometry,
    pool: Pool,
    from_faces: bool = False,
) -> list[dict[str, Any]]:
    """Per pair of ``steps`` (date indexes ``i``, ``j``), in order: per side the gained and lost
    ground from date ``i`` to ``j`` (km², and its geometry as an index into ``pool``, added in
    the pairs' order, or :data:`FROM_FACES` when ``from_faces``: the faces carry it), and the
    deepest Russian advance (measured together for all the pairs)."""
    topo = geo.topology
    entries: list[dict[str, Any]] = []
    gains: list[tuple[int, BaseGeometry]] = []
    for i, j in steps:
        before, after = geo.held[i], geo.held[j]
        sides: dict[str, Any] = {}
        ru_gained = EMPTY
        for side in SIDES:
            if side not in before and side not in after:
                continue
            gained, lost = topo.changes(before.get(side), after.get(side))
            gained_km2, lost_km2 = geo.areas.polygons_km2([gained, lost])
            gained_km2 = gained_km2 if gained_km2 >= MIN_CHANGE_KM2 else 0.0
            lost_km2 = lost_km2 if lost_km2 >= MIN_CHANGE_KM2 else 0.0
            sides[side] = {
                "gained": (FROM_FACES if from_faces else pool.add(gained)) if gained_km2 else -1,
                "lost": (FROM_FACES if from_faces else pool.add(lost)) if lost_km2 else -1,
                "gained_km2": round(gained_km2, 3),
                "lost_km2": round(lost_km2, 3),
            }
            if side == "ru" and gained_km2:  # under MIN_CHANGE_KM2 it is rounding noise
                ru_gained = gained
        entries.append({"sides": sides})
        gains.append((i, ru_gained))
    for entry, advance in zip(entries, _advances(geo, gains), strict=True):
        entry["advance"] = advance
    return entries


#: Pairs of dates measured by a worker at a time.
PAIRS_PER_BATCH = 16

#: What a worker is handed: the pairs of a batch, or ``"faces"`` (:func:`find_faces`).
Task = list[tuple[int, int]] | str


def measure_task(ds: DataSet, geo: PageGeometry, task: Task) -> Any:
    """In a worker: the entries of a batch of pairs drawn from the faces (no pool needed), or
    the faces (:func:`find_faces`).

    Parameters
    ----------
    ds : DataSet
        The data set.
    geo : PageGeometry
        Its dated geometry (features may be left out).
    task : list of (int, int) or str
        Pairs of date indexes, or ``"faces"``.

    Returns
    -------
    list of dict or dict
        The pairs' entries (:func:`pair_entries`), or the faces.
    """
    if isinstance(task, str):
        return find_faces(geo, len(ds.dates))
    return pair_entries(ds, task, geo, Pool(), from_faces=True)
