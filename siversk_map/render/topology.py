"""Geometry stored once: a quantised topology of shared arcs, as the timeline page carries it.

Every polygon ring and line of every date is cut into *arcs* at its junctions (vertices where
the geometries sharing them part ways), and each arc is stored once, however many dates and
features use it. A geometry is then a list of arc references, in the style of TopoJSON: ``k``
is arc ``k`` as stored, ``~k`` (that is ``-k - 1``) the same arc walked backwards.

Coordinates are quantised to a grid of ``10**-decimals`` degrees (``decimals=5`` is about 1.1 m
in latitude and 0.7 m in longitude at Siversk) from ``translate``, the south-west corner of the
data. The arcs are written end to end, every point as its difference to the point before it
(the first from 0, 0; an arc's first point from the last point of the arc before), each number
as a zig-zag variable-length integer (7 bits per byte), in one base64 text; ``counts`` gives
the number of points of each arc. The page decodes this once
(``static/topology.js``).

Because arcs are shared, the boundary of what changed between two dates is the set of arcs used
an odd number of times by the two (arcs both use cancel out). :meth:`Topology.changes` nodes
and polygonises only those arcs, so gains and losses cost what changed, not what is held.
Areas of this geometry are measured on the analysis side, from the same arcs
(:class:`siversk_map.analysis.PageAreas`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from ..compose import EMPTY
from .features import round_geometry
from .topology_codec import (
    decode_arcs,
    decode_geometry,
    encode_arcs,
    pack_object,
    unpack_object,
)

__all__ = [
    "Topology",
    "build_topology",
    "decode_arcs",
    "decode_geometry",
    "encode_arcs",
    "pack_object",
    "unpack_object",
]

#: Quantisation decimals by default (1e-5 degree, about 1 m).
DECIMALS = 5

_POLYGONAL = ("Polygon", "MultiPolygon")
_LINEAR = ("LineString", "MultiLineString")


@dataclass
class _Path:
    geom: int
    part: int
    ring: int
    closed: bool
    keys: np.ndarray  # int64 keys of the quantised points (closing point dropped for rings)


@dataclass
class Topology:
    """Shared, quantised arcs and the geometries made of them.

    Attributes
    ----------
    decimals : int
        Quantisation (``10**-decimals`` degrees).
    translate : tuple of int
        Grid origin, in grid units (``lon = (translate[0] + x) * 10**-decimals``).
    arcs : list of numpy.ndarray
        Quantised arcs, grid units relative to ``translate``.
    objects : list of dict or None
        Per input geometry, its TopoJSON-style geometry (``{"type", "arcs"}``; points keep
        their ``coordinates``), or None when it is empty.
    geometries : list of shapely geometry
        The input geometries (used to classify the faces of a change).
    """

    decimals: int
    translate: tuple[int, int]
    arcs: list[np.ndarray]
    objects: list[dict[str, Any] | None]
    geometries: list[BaseGeometry]
    _parities: dict[int, frozenset[int]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def scale(self) -> float:
        """Degrees per grid unit."""
        return float(10.0**-self.decimals)

    def to_json(self) -> dict[str, Any]:
        """What the page carries: ``{"scale", "translate", "arcs": {"counts", "data"}}``."""
        return {
            "scale": self.scale,
            "translate": list(self.translate),
            "arcs": encode_arcs(self.arcs),
        }

    def _lines(self, indexes: Sequence[int]) -> np.ndarray:
        """The arcs as LineStrings (lon/lat)."""
        xy = [self.arcs[k] for k in indexes]
        coords = (np.concatenate(xy) + np.asarray(self.translate)) * self.scale
        owner = np.repeat(np.arange(len(xy)), [len(a) for a in xy])
        return np.asarray(shapely.linestrings(coords, indices=owner))

    # -- changes -------------------------------------------------------------------------

    def _parity(self, obj: dict[str, Any] | None) -> set[int]:
        odd: set[int] = set()
        if obj is None or obj["type"] not in _POLYGONAL:
            return odd
        polygons = obj["arcs"] if obj["type"] == "MultiPolygon" else [obj["arcs"]]
        refs = np.fromiter(
            itertools.chain.from_iterable(itertools.chain.from_iterable(polygons)), np.int64
        )
        arcs, count = np.unique(np.where(refs >= 0, refs, ~refs), return_counts=True)
        return set(arcs[count % 2 == 1].tolist())

    def parity(self, index: int | None) -> set[int]:
        """Arcs used an odd number of times by polygonal input geometry ``index`` (None: none),
        computed once per geometry."""
        if index is None:
            return set()
        found = self._parities.get(index)
        if found is None:
            found = self._parities[index] = frozenset(self._parity(self.objects[index]))
        return set(found)

    def changes(self, before: int | None, after: int | None) -> tuple[BaseGeometry, BaseGeometry]:
        """Ground in ``after`` but not ``before`` (gained) and the reverse (lost).

        Parameters
        ----------
        before, after : int or None
            Indexes of two polygonal input geometries; None for nothing held.

        Returns
        -------
        tuple of shapely geometry
            ``(gained, lost)``, each a MultiPolygon, or an empty Polygon.

        Notes
        -----
        The boundary of the symmetric difference is made of the arcs used an odd number of
        times by the two geometries. Only those arcs are noded and polygonised; each face is
        then gained, lost or neither, by where its representative point lies.
        """
        old = EMPTY if before is None else self.geometries[before]
        new = EMPTY if after is None else self.geometries[after]
        odd = self.parity(before) ^ self.parity(after)
        if not odd:
            return EMPTY, EMPTY
        lines = self._lines(sorted(odd))
        noded = shapely.node(shapely.multilinestrings(lines))
        faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
        if not len(faces):
            return EMPTY, EMPTY
        points = shapely.point_on_surface(faces)
        px, py = shapely.get_x(points), shapely.get_y(points)
        shapely.prepare(old)
        shapely.prepare(new)
        in_old = (
            shapely.contains_xy(old, px, py) if not old.is_empty else np.zeros(len(faces), bool)
        )
        in_new = (
            shapely.contains_xy(new, px, py) if not new.is_empty else np.zeros(len(faces), bool)
        )
        return _multi(faces[in_new & ~in_old]), _multi(faces[in_old & ~in_new])


def _multi(faces: np.ndarray) -> BaseGeometry:
    if not len(faces):
        return EMPTY
    found: BaseGeometry = shapely.multipolygons(faces)
    return found


def _paths(geoms: Sequence[BaseGeometry], decimals: int) -> tuple[list[_Path], tuple[int, int]]:
    """Every ring and line of the polygonal and linear inputs, quantised, as int64 keys."""
    kinds = np.asarray([None if g is None or g.is_empty else g.geom_type for g in geoms])
    meta: list[np.ndarray] = []  # per family: geometry, part, ring, closed of each path
    coords_parts: list[np.ndarray] = []
    bounds_parts: list[np.ndarray] = []
    used = 0
    for family, closed in ((_POLYGONAL, True), (_LINEAR, False)):
        chosen = np.flatnonzero(np.isin(kinds, family))
        if not len(chosen):
            continue
        # Ragged arrays give every ring's or line's span without cloning any geometry.
        _, coords, offsets = shapely.to_ragged_array(
            np.asarray(geoms, dtype=object)[chosen], include_z=False
        )
        if len(offsets) < (3 if closed else 2):  # only single parts: one part per geometry
            offsets = (*offsets, np.arange(len(offsets[-1])))
        if closed:
            rings, polys, owners = offsets
            ring_poly = np.searchsorted(polys, np.arange(len(rings) - 1), side="right") - 1
            poly_geom = np.searchsorted(owners, np.arange(len(polys) - 1), side="right") - 1
            geom = poly_geom[ring_poly]
            part = ring_poly - owners[geom]
            ring = np.arange(len(rings) - 1) - polys[ring_poly]
        else:
            rings, owners = offsets
            geom = np.searchsorted(owners, np.arange(len(rings) - 1), side="right") - 1
            part = np.arange(len(rings) - 1) - owners[geom]
            ring = np.zeros(len(geom), dtype=np.int64)
        flag = np.full(len(geom), closed)
        meta.append(np.column_stack([chosen[geom], part, ring, flag]).astype(np.int64))
        coords_parts.append(coords)
        bounds_parts.append(rings[:-1] + used)
        used += len(coords)
    if not meta or not sum(len(m) for m in meta):
        return [], (0, 0)
    info = np.concatenate(meta)
    coords = np.concatenate(coords_parts)
    bounds = np.concatenate([*bounds_parts, [used]])
    factor = 10.0**decimals
    q = np.rint(coords * factor).astype(np.int64)
    origin = (int(q[:, 0].min()), int(q[:, 1].min()))
    q -= np.asarray(origin)
    keys = (q[:, 0] << 32) | q[:, 1]
    # Points merged by quantisation are dropped (each path keeps its first point).
    sizes = np.diff(bounds)
    owner = np.repeat(np.arange(len(sizes)), sizes)
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = keys[1:] != keys[:-1]
    keep[bounds[:-1][sizes > 0]] = True
    keys, owner = keys[keep], owner[keep]
    start = np.searchsorted(owner, np.arange(len(sizes)))
    stop = np.searchsorted(owner, np.arange(len(sizes)), side="right")
    count = stop - start
    ring_path = info[:, 3].astype(bool)
    # A ring's closing point, when it is its first, is dropped; then a ring needs three
    # points (else it is smaller than the grid) and a line two.
    last = keys[np.maximum(stop - 1, 0)] if len(keys) else np.zeros(len(count), np.int64)
    head = keys[np.minimum(start, len(keys) - 1)] if len(keys) else last
    stop = stop - (ring_path & (count > 1) & (head == last))
    enough = (stop - start) >= np.where(ring_path, 3, 2)
    paths = [
        _Path(g, p, r, bool(c), keys[a:b])
        for (g, p, r, c), a, b in zip(
            info[enough].tolist(), start[enough].tolist(), stop[enough].tolist(), strict=True
        )
    ]
    return paths, origin


def _junctions(paths: list[_Path]) -> np.ndarray:
    """Keys where paths meet and part: seen with two different pairs of neighbours, or ends."""
    keys: list[np.ndarray] = []
    lo: list[np.ndarray] = []
    hi: list[np.ndarray] = []
    ends: list[int] = []
    for path in paths:
        k = path.keys
        if path.closed:
            prev = np.concatenate([k[-1:], k[:-1]])
            nxt = np.concatenate([k[1:], k[:1]])
        else:
            prev = np.concatenate([[-1], k[:-1]])
            nxt = np.concatenate([k[1:], [-1]])
            ends.extend((int(k[0]), int(k[-1])))
        keys.append(k)
        lo.append(np.minimum(prev, nxt))
        hi.append(np.maximum(prev, nxt))
    allk = np.concatenate(keys)
    lows, highs = np.concatenate(lo), np.concatenate(hi)
    # A key is a junction when a row of that key has other neighbours than its first row
    # (keys numbered by hashing, in order of appearance: no sort of every row).
    codes, _ = pd.factorize(allk)
    first = _first_rows(codes)
    differs = (lows != lows[first]) | (highs != highs[first])
    return np.union1d(allk[differs], np.asarray(ends, dtype=np.int64))


def _first_rows(codes: np.ndarray) -> np.ndarray:
    """For each row, the first row with its code (codes numbered in order of appearance)."""
    first = np.full(int(codes.max()) + 1 if len(codes) else 0, len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))
    found: np.ndarray = first[codes]
    return found


def _member(keys: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Which keys are in ``sorted_set`` (sorted, unique): ``np.isin`` without sorting ``keys``."""
    if not len(sorted_set):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_set, keys), len(sorted_set) - 1)
    found: np.ndarray = sorted_set[at] == keys
    return found


def _to_xy(keys: np.ndarray) -> np.ndarray:
    return np.stack([keys >> 32, keys & 0xFFFFFFFF], axis=1)


def _canonical_ring(keys: np.ndarray) -> np.ndarray:
    """A ring with no junction, rotated to start at its smallest key, as a closed sequence."""
    start = int(np.argmin(keys))
    ring = np.roll(keys, -start)
    return np.concatenate([ring, ring[:1]])


def build_topology(geoms: Sequence[BaseGeometry], decimals: int = DECIMALS) -> Topology:
    """Quantise geometries and cut their rings and lines into shared arcs.

    Parameters
    ----------
    geoms : sequence of shapely geometry
        In lon/lat. Polygons and lines are made of arcs; points keep their coordinates
        (rounded to ``decimals``); empty geometries and None give None.
    decimals : int
        Quantisation: ``10**-decimals`` degrees.

    Returns
    -------
    Topology

    Examples
    --------
    >>> from shapely.geometry import box
    >>> topo = build_topology([box(38.0, 48.8, 38.1, 48.9), box(38.0, 48.8, 38.2, 48.9)])
    >>> len(topo.arcs)  # the shared west edges, and each date's own east part
    3
    >>> topo.objects[0]["type"]
    'Polygon'
    """
    # The same geometry given twice (a date's held ground is often its control feature) is
    # read once; its objects are copies of the first's.
    first: dict[int, int] = {}
    for g, geom in enumerate(geoms):
        first.setdefault(id(geom), g)
    distinct_geoms = [geoms[g] for g in sorted(first.values())]
    if len(distinct_geoms) < len(geoms):
        topo = build_topology(distinct_geoms, decimals)
        position = {id(geom): k for k, geom in enumerate(distinct_geoms)}
        objects = [topo.objects[position[id(geom)]] for geom in geoms]
        seen: set[int] = set()
        for k, obj in enumerate(objects):
            if obj is not None and id(obj) in seen:
                objects[k] = dict(obj)
            elif obj is not None:
                seen.add(id(obj))
        return Topology(decimals, topo.translate, topo.arcs, objects, list(geoms))
    paths, origin = _paths(geoms, decimals)
    # A ring drawn on many dates is the same keys each time: look at it, and cut it, once.
    index: dict[tuple[bool, bytes], int] = {}
    distinct: list[_Path] = []
    which = []
    for path in paths:
        key = (path.closed, path.keys.tobytes())
        found = index.get(key)
        if found is None:
            found = index[key] = len(distinct)
            distinct.append(path)
        which.append(found)
    junctions = _junctions(distinct) if paths else np.zeros(0, dtype=np.int64)
    arcs, cut = _cut_all(distinct, junctions)
    rings: dict[int, dict[int, dict[int, list[int]]]] = {}
    for path, k in zip(paths, which, strict=True):
        rings.setdefault(path.geom, {}).setdefault(path.part, {})[path.ring] = cut[k]
    objects = [_object(geom, rings.get(g, {}), decimals) for g, geom in enumerate(geoms)]
    return Topology(decimals, origin, arcs, objects, list(geoms))


def _cut_all(paths: list[_Path], junctions: np.ndarray) -> tuple[list[np.ndarray], list[list[int]]]:
    """Distinct rings and lines cut at their junctions into shared arcs.

    Returns the arcs (grid coordinates, numbered in order of first use) and each path's arc
    references (``~k``: arc ``k`` walked backwards).

    Every arc runs from a junction to the next one (a ring without any is one arc, closed,
    from its smallest key), and whatever is not a junction has one pair of neighbours
    wherever it is: an arc is therefore known by its first edge, and an arc walked backwards by
    its last edge reversed. Arcs are matched by those edges, all at once.
    """
    if not paths:
        return [], []
    seqs: list[np.ndarray] = []  # each path as the arcs walk it (rotated, closed)
    spans: list[np.ndarray] = []  # per path, its arcs' (first, last) positions in the walk
    at = 0
    marks = _member(np.concatenate([p.keys for p in paths]), junctions)
    bounds = np.cumsum([0, *(len(p.keys) for p in paths)])
    for n, path in enumerate(paths):
        k = path.keys
        cuts = np.flatnonzero(marks[bounds[n] : bounds[n + 1]])
        if path.closed:
            if not len(cuts):
                seq = _canonical_ring(k)
                stops = np.asarray([0, len(k)])
            else:
                first = int(cuts[0])
                seq = np.concatenate([k[first:], k[: first + 1]])
                stops = np.concatenate([cuts - first, [len(k)]])
        else:
            seq = k
            stops = cuts if len(cuts) and cuts[0] == 0 else np.concatenate([[0], cuts])
            if stops[-1] != len(k) - 1:
                stops = np.concatenate([stops, [len(k) - 1]])
        seqs.append(seq)
        spans.append(np.column_stack([stops[:-1], stops[1:]]) + at)
        at += len(seq)
    walk = np.concatenate(seqs)
    span = np.concatenate(spans)
    start, end = span[:, 0], span[:, 1]
    # Keys as dense numbers, so that an edge (two keys) is one int64.
    dense = pd.factorize(walk)[0].astype(np.int64)
    size = int(dense.max()) + 1
    forward = dense[start] * size + dense[start + 1]
    backward = dense[end] * size + dense[end - 1]
    # An arc and its reverse are one stored arc, in the direction it was first used; arcs
    # are numbered in order of first use (as factorize numbers what it meets).
    arc = pd.factorize(np.minimum(forward, backward))[0].astype(np.int64)
    first_use = _first_rows(arc)
    refs = np.where(forward == forward[first_use], arc, ~arc)
    stored = np.unique(first_use)
    lengths = end[stored] - start[stored] + 1
    points = np.repeat(start[stored] - np.cumsum(lengths) + lengths, lengths) + np.arange(
        int(lengths.sum())
    )
    xy = np.split(_to_xy(walk[points]), np.cumsum(lengths)[:-1])
    per_path = np.cumsum([len(x) for x in spans])[:-1]
    return xy, [part.tolist() for part in np.split(refs, per_path)]


def _object(
    geom: BaseGeometry | None,
    parts: dict[int, dict[int, list[int]]],
    decimals: int,
) -> dict[str, Any] | None:
    if geom is None or geom.is_empty:
        return None
    kind = geom.geom_type
    if kind in _POLYGONAL:
        # A polygon whose exterior vanished on the grid is dropped with its holes.
        polygons = [[rs[r] for r in sorted(rs)] for _, rs in sorted(parts.items()) if 0 in rs]
        if not polygons:
            return None
        if kind == "Polygon":
            return {"type": "Polygon", "arcs": polygons[0]}
        return {"type": "MultiPolygon", "arcs": polygons}
    if kind in _LINEAR:
        lines = [rs[0] for _, rs in sorted(parts.items())]
        if not lines:
            return None
        if kind == "LineString":
            return {"type": "LineString", "arcs": lines[0]}
        return {"type": "MultiLineString", "arcs": lines}
    return round_geometry(geom, decimals)
