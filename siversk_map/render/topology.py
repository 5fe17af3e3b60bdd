"""Geometry stored once: a quantised topology of shared arcs, as the timeline page carries it.

Every polygon ring and line of every date is cut into *arcs* at its junctions (vertices where
the geometries sharing them part ways), and each arc is stored once, however many dates and
features use it. A geometry is then a list of arc references, in the style of TopoJSON: ``k``
is arc ``k`` as stored, ``~k`` (that is ``-k - 1``) the same arc walked backwards.

Coordinates are quantised to a grid of ``10**-decimals`` degrees (``decimals=5`` is about 1.1 m
in latitude and 0.7 m in longitude at Siversk) from ``translate``, the south-west corner of the
data. Each arc is written as its first point, then the difference to the previous point, each
number as a zig-zag variable-length integer (7 bits per byte), and all arcs end to end in one
base64 text; ``counts`` gives the number of points of each arc. The page decodes this once
(``static/topology.js``).

Because arcs are shared, the boundary of what changed between two dates is the set of arcs used
an odd number of times by the two (arcs both use cancel out). :meth:`Topology.changes` nodes
and polygonises only those arcs, so gains and losses cost what changed, not what is held.
Areas use the same arcs: each arc's shoelace term in an equal-area projection is computed once,
and a ring's area is the sum of the terms of its arcs.
"""

from __future__ import annotations

import base64
import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from ..compose import EMPTY
from ..measure import DENSIFY_DEG
from .features import round_geometry

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


def _zigzag(values: np.ndarray) -> np.ndarray:
    return ((values << 1) ^ (values >> 63)).astype(np.uint64)


def encode_arcs(arcs: Sequence[np.ndarray]) -> dict[str, Any]:
    """Delta, zig-zag and varint encode quantised arcs into one base64 text.

    Parameters
    ----------
    arcs : sequence of numpy.ndarray
        Integer arrays of shape ``(n, 2)``.

    Returns
    -------
    dict
        ``{"counts": [n, ...], "data": "<base64>"}``.

    Examples
    --------
    >>> import numpy as np
    >>> enc = encode_arcs([np.array([[0, 0], [3, -1], [3, 200]])])
    >>> enc["counts"], [a.tolist() for a in decode_arcs(enc)]
    ([3], [[[0, 0], [3, -1], [3, 200]]])
    """
    if not arcs:
        return {"counts": [], "data": ""}
    deltas = []
    for arc in arcs:
        d = np.diff(arc, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
        deltas.append(d.ravel())
    return {
        "counts": [len(a) for a in arcs],
        "data": _varints(np.concatenate(deltas).astype(np.int64)),
    }


def _varints(numbers: np.ndarray) -> str:
    """Signed integers as zig-zag varints (7 bits per byte, low bits first), in base64."""
    values = _zigzag(numbers.astype(np.int64))
    # Vectorised over all values, one pass per byte position; the high bit marks "more".
    chunks = np.zeros((len(values), 10), dtype=np.uint8)
    lengths = np.ones(len(values), dtype=np.int64)
    rest = values.copy()
    for pos in range(10):
        chunks[:, pos] = (rest & np.uint64(0x7F)).astype(np.uint8)
        rest >>= np.uint64(7)
        more = rest > 0
        if not more.any():
            break
        chunks[more, pos] |= 0x80
        lengths[more] += 1
    mask = np.arange(10)[None, :] < lengths[:, None]
    return base64.b64encode(chunks[mask].tobytes()).decode("ascii")


def _read_varints(text: str) -> list[int]:
    values: list[int] = []
    shift = acc = 0
    for byte in base64.b64decode(text):
        acc |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        values.append((acc >> 1) ^ -(acc & 1))
        shift = acc = 0
    return values


def pack_object(obj: dict[str, Any] | None) -> dict[str, Any] | None:
    """An object's arc references in compact form: ``{"type", "refs", "shape"}``.

    ``refs`` holds every reference, in order, as the zig-zag varint of its difference to the
    previous one (neighbouring arcs are mostly numbered in sequence, so most take one byte);
    ``shape`` gives how many references each ring or line has, nested like the geometry.
    Objects without arcs (points) are returned as they are.

    Examples
    --------
    >>> packed = pack_object({"type": "Polygon", "arcs": [[0, 1, 2], [~3]]})
    >>> packed["shape"], unpack_object(packed)["arcs"]
    ([3, 1], [[0, 1, 2], [-4]])
    """
    if obj is None or "arcs" not in obj:
        return obj
    kind = obj["type"]
    arcs = obj["arcs"]
    if kind in ("LineString",):
        shape: Any = len(arcs)
        flat = list(arcs)
    elif kind in ("Polygon", "MultiLineString"):
        shape = [len(r) for r in arcs]
        flat = [ref for r in arcs for ref in r]
    else:
        shape = [[len(r) for r in poly] for poly in arcs]
        flat = [ref for poly in arcs for r in poly for ref in r]
    refs = np.asarray(flat, dtype=np.int64)
    return {"type": kind, "refs": _varints(np.diff(refs, prepend=0)), "shape": shape}


def unpack_object(packed: dict[str, Any]) -> dict[str, Any]:
    """Inverse of :func:`pack_object`."""
    if "refs" not in packed:
        return packed
    flat = np.cumsum(_read_varints(packed["refs"])).tolist()
    at = 0

    def take(n: int) -> list[int]:
        nonlocal at
        at += n
        return [int(v) for v in flat[at - n : at]]

    shape = packed["shape"]
    kind = packed["type"]
    if kind == "LineString":
        arcs: Any = take(shape)
    elif kind in ("Polygon", "MultiLineString"):
        arcs = [take(n) for n in shape]
    else:
        arcs = [[take(n) for n in poly] for poly in shape]
    return {"type": kind, "arcs": arcs}


def decode_arcs(encoded: dict[str, Any]) -> list[np.ndarray]:
    """Inverse of :func:`encode_arcs` (what the page's script does, in Python, for tests)."""
    values = _read_varints(encoded["data"])
    arcs = []
    at = 0
    for n in encoded["counts"]:
        d = np.asarray(values[at : at + 2 * n], dtype=np.int64).reshape(n, 2)
        arcs.append(np.cumsum(d, axis=0))
        at += 2 * n
    return arcs


def decode_geometry(topology: dict[str, Any], obj: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON geometry from a page's topology (``Topology.to_json()``) and one of its objects.

    What the page's script does, in Python: for tests and for reading a page's data back.
    """
    arcs = decode_arcs(topology["arcs"])
    obj = unpack_object(obj)
    x0, y0 = topology["translate"]
    scale = topology["scale"]

    def path(refs: list[int]) -> list[list[float]]:
        out: list[list[float]] = []
        for n, ref in enumerate(refs):
            arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
            out.extend(
                [round((x0 + x) * scale, 10), round((y0 + y) * scale, 10)]
                for x, y in arc.tolist()[0 if n == 0 else 1 :]
            )
        return out

    kind = obj["type"]
    if kind == "LineString":
        return {"type": kind, "coordinates": path(obj["arcs"])}
    if kind == "MultiLineString":
        return {"type": kind, "coordinates": [path(a) for a in obj["arcs"]]}
    if kind == "Polygon":
        return {"type": kind, "coordinates": [path(r) for r in obj["arcs"]]}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [[path(r) for r in p] for p in obj["arcs"]]}
    return obj


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
    _terms: np.ndarray | None = field(default=None, repr=False)
    _laea: Transformer | None = field(default=None, repr=False)

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

    # -- areas ---------------------------------------------------------------------------

    def _arc_terms(self) -> np.ndarray:
        """Per arc, twice its signed shoelace area term (m²) in an equal-area projection."""
        if self._terms is not None:
            return self._terms
        if not self.arcs:
            self._terms = np.zeros(0)
            return self._terms
        lines = self._lines(range(len(self.arcs)))
        self._terms = self._shoelace(lines, len(self.arcs))
        return self._terms

    def _projection(self) -> Transformer:
        """Lambert azimuthal equal-area on the WGS84 ellipsoid, centred on the data."""
        if self._laea is None:
            x0, y0 = self.translate
            top = np.concatenate(self.arcs).max(axis=0) if self.arcs else np.zeros(2)
            lon0 = (x0 + int(top[0]) / 2) * self.scale
            lat0 = (y0 + int(top[1]) / 2) * self.scale
            self._laea = _laea(f"{lon0:.3f}", f"{lat0:.3f}")
        return self._laea

    def _shoelace(self, lines: np.ndarray, n: int) -> np.ndarray:
        """Twice the signed shoelace area (m²) of each line, densified to 0.001°, projected."""
        dense, index = shapely.get_coordinates(
            shapely.segmentize(lines, DENSIFY_DEG), return_index=True
        )
        x, y = self._projection().transform(dense[:, 0], dense[:, 1])
        cross = x[:-1] * y[1:] - x[1:] * y[:-1]
        same = index[:-1] == index[1:]
        terms: np.ndarray = np.bincount(index[:-1][same], weights=cross[same], minlength=n)
        return terms

    def polygon_area_km2(self, geom: BaseGeometry) -> float:
        """Area (km²) of any polygonal geometry, measured as the arcs are (equal-area)."""
        polys = shapely.get_parts(geom)
        polys = polys[np.isin(shapely.get_type_id(polys), (3,))]
        if not len(polys):
            return 0.0
        rings, owner = shapely.get_rings(polys, return_index=True)
        terms = np.abs(self._shoelace(rings, len(rings))) / 2.0
        exterior = np.ones(len(rings), dtype=bool)
        exterior[1:] = owner[1:] != owner[:-1]
        return float(terms[exterior].sum() - terms[~exterior].sum()) / 1e6

    def area_km2(self, obj: dict[str, Any] | None) -> float:
        """Area (km²) of a polygonal object, from its arcs' terms.

        Agrees with :func:`siversk_map.measure.area_km2` (geodesic, edges densified to 0.001°)
        to about one part in a million: the projection is equal-area on the WGS84 ellipsoid.
        """
        if obj is None or obj["type"] not in _POLYGONAL:
            return 0.0
        terms = self._arc_terms()
        polygons = obj["arcs"] if obj["type"] == "MultiPolygon" else [obj["arcs"]]
        rings = [ring for rings in polygons for ring in rings]
        refs = np.asarray([ref for ring in rings for ref in ring], dtype=np.int64)
        owner = np.repeat(np.arange(len(rings)), [len(ring) for ring in rings])
        forward = refs >= 0
        signed = terms[np.where(forward, refs, ~refs)] * np.where(forward, 1.0, -1.0)
        ring_area = np.abs(np.bincount(owner, weights=signed, minlength=len(rings))) / 2.0
        shell = np.concatenate([[k == 0 for k in range(len(r))] for r in polygons]).astype(bool)
        return float(ring_area[shell].sum() - ring_area[~shell].sum()) / 1e6

    # -- changes -------------------------------------------------------------------------

    def _parity(self, obj: dict[str, Any] | None) -> set[int]:
        odd: set[int] = set()
        if obj is None or obj["type"] not in _POLYGONAL:
            return odd
        polygons = obj["arcs"] if obj["type"] == "MultiPolygon" else [obj["arcs"]]
        for rings in polygons:
            for ring in rings:
                for ref in ring:
                    odd ^= {ref if ref >= 0 else ~ref}
        return odd

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
        odd = self._parity(None if before is None else self.objects[before]) ^ self._parity(
            None if after is None else self.objects[after]
        )
        if not odd:
            return EMPTY, EMPTY
        lines = self._lines(sorted(odd))
        noded = shapely.node(shapely.MultiLineString(list(lines)))
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


@functools.lru_cache(maxsize=16)
def _laea(lon0: str, lat0: str) -> Transformer:
    """Lambert azimuthal equal-area on the WGS84 ellipsoid (metres), from lon/lat."""
    return Transformer.from_crs(
        "EPSG:4326",
        f"+proj=laea +lat_0={lat0} +lon_0={lon0} +ellps=WGS84 +units=m",
        always_xy=True,
    )


def _multi(faces: np.ndarray) -> BaseGeometry:
    if not len(faces):
        return EMPTY
    return shapely.MultiPolygon(list(faces))


def _paths(geoms: Sequence[BaseGeometry], decimals: int) -> tuple[list[_Path], tuple[int, int]]:
    """Every ring and line of the polygonal and linear inputs, quantised, as int64 keys."""
    kinds = np.asarray([None if g is None or g.is_empty else g.geom_type for g in geoms])
    meta: list[tuple[int, int, int, bool]] = []
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
            for r in range(len(rings) - 1):
                poly = ring_poly[r]
                geom = poly_geom[poly]
                meta.append(
                    (int(chosen[geom]), int(poly - owners[geom]), int(r - polys[poly]), True)
                )
        else:
            rings, owners = offsets
            line_geom = np.searchsorted(owners, np.arange(len(rings) - 1), side="right") - 1
            meta.extend(
                (int(chosen[g]), int(n - owners[g]), 0, False) for n, g in enumerate(line_geom)
            )
        coords_parts.append(coords)
        bounds_parts.append(rings[:-1] + used)
        used += len(coords)
    if not meta:
        return [], (0, 0)
    coords = np.concatenate(coords_parts)
    bounds = np.concatenate([*bounds_parts, [used]])
    factor = 10.0**decimals
    q = np.rint(coords * factor).astype(np.int64)
    origin = (int(q[:, 0].min()), int(q[:, 1].min()))
    q -= np.asarray(origin)
    keys = (q[:, 0] << 32) | q[:, 1]
    paths = []
    for k, (g, p, r, closed) in enumerate(meta):
        part = keys[bounds[k] : bounds[k + 1]]
        keep = np.ones(len(part), dtype=bool)
        keep[1:] = part[1:] != part[:-1]  # points merged by quantisation
        part = part[keep]
        if closed:
            if len(part) > 1 and part[0] == part[-1]:
                part = part[:-1]
            if len(part) < 3:
                continue  # a ring smaller than the grid
        elif len(part) < 2:
            continue
        paths.append(_Path(g, p, r, closed, part))
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
    order = np.lexsort((highs, lows, allk))
    k, a, b = allk[order], lows[order], highs[order]
    # A key is a junction when, sorted by key then neighbours, a row of the same key differs.
    differs = (k[1:] == k[:-1]) & ((a[1:] != a[:-1]) | (b[1:] != b[:-1]))
    return np.union1d(k[1:][differs], np.asarray(ends, dtype=np.int64))


def _to_xy(keys: np.ndarray) -> np.ndarray:
    return np.stack([keys >> 32, keys & 0xFFFFFFFF], axis=1)


class _Arcs:
    def __init__(self) -> None:
        self.arcs: list[np.ndarray] = []
        self._index: dict[bytes, int] = {}

    def ref(self, keys: np.ndarray) -> int:
        forward = keys.tobytes()
        found = self._index.get(forward)
        if found is not None:
            return found
        backward = keys[::-1].tobytes()
        found = self._index.get(backward)
        if found is not None:
            return ~found
        self._index[forward] = len(self.arcs)
        self.arcs.append(keys)
        return len(self.arcs) - 1

    def xy(self) -> list[np.ndarray]:
        """Every arc as an ``(n, 2)`` array of grid coordinates, converted in one pass."""
        if not self.arcs:
            return []
        xy = _to_xy(np.concatenate(self.arcs))
        return np.split(xy, np.cumsum([len(a) for a in self.arcs])[:-1])


def _canonical_ring(keys: np.ndarray) -> np.ndarray:
    """A ring with no junction, rotated to start at its smallest key, as a closed sequence."""
    start = int(np.argmin(keys))
    ring = np.roll(keys, -start)
    return np.concatenate([ring, ring[:1]])


def _cut(store: _Arcs, k: np.ndarray, cuts: np.ndarray, closed: bool) -> list[int]:
    """Arc references of one ring or line, cut at its junctions."""
    if closed:
        if not len(cuts):
            return [store.ref(_canonical_ring(k))]
        first = int(cuts[0])
        ring = np.concatenate([k[first:], k[: first + 1]])
        stops = np.concatenate([cuts - first, [len(k)]])
    else:
        stops = cuts if len(cuts) and cuts[0] == 0 else np.concatenate([[0], cuts])
        if stops[-1] != len(k) - 1:
            stops = np.concatenate([stops, [len(k) - 1]])
        ring = k
    return [store.ref(ring[a : b + 1]) for a, b in itertools.pairwise(stops)]


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
    >>> round(topo.area_km2(topo.objects[0]), 1)
    81.6
    """
    paths, origin = _paths(geoms, decimals)
    # A ring drawn on many dates adds the same neighbours each time: look at it once.
    distinct = list({(p.closed, p.keys.tobytes()): p for p in paths}.values())
    junctions = _junctions(distinct) if paths else np.zeros(0, dtype=np.int64)
    store = _Arcs()
    rings: dict[int, dict[int, dict[int, list[int]]]] = {}
    if paths:
        sizes = np.cumsum([len(path.keys) for path in paths])[:-1]
        at_junction = np.split(np.isin(np.concatenate([p.keys for p in paths]), junctions), sizes)
    seen: dict[tuple[bool, bytes], list[int]] = {}  # the same ring on many dates: cut once
    for path, marks in zip(paths, at_junction if paths else [], strict=True):
        k = path.keys
        known = seen.get((path.closed, k.tobytes()))
        if known is None:
            known = seen[(path.closed, k.tobytes())] = _cut(
                store, k, np.flatnonzero(marks), path.closed
            )
        rings.setdefault(path.geom, {}).setdefault(path.part, {})[path.ring] = known
    objects = [_object(geom, rings.get(g, {}), decimals) for g, geom in enumerate(geoms)]
    return Topology(decimals, origin, store.xy(), objects, list(geoms))


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
