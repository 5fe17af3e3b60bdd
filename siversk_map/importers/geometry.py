"""Fit imported geometries to the area of interest: keep the right kind, repair, clip, round.

Coordinates are rounded to a grid of :data:`GRID_DEG` degrees (about 1 cm) with
:func:`shapely.set_precision`, which keeps polygons valid, so written files are compact and
identical from run to run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = [
    "GRID_DEG",
    "Fitted",
    "aoi_box",
    "fit_to_aoi",
    "geometry_kind",
    "rounded_array",
    "rounded_positions",
    "to_geojson_geometry",
]

#: Grid the written coordinates are rounded to (degrees): 1e-7° is about 1 cm.
GRID_DEG = 1e-7
#: Decimals matching :data:`GRID_DEG`.
DECIMALS = 7

Kind = Literal["polygon", "line", "point"]
_KINDS: dict[str, tuple[str, ...]] = {
    "polygon": ("Polygon", "MultiPolygon"),
    "line": ("LineString", "MultiLineString"),
    "point": ("Point", "MultiPoint"),
}


def geometry_kind(layer: str) -> Kind:
    """The kind of geometry a layer takes (``control`` polygons, ``event`` points, ...).

    Examples
    --------
    >>> geometry_kind("control"), geometry_kind("front_line"), geometry_kind("event")
    ('polygon', 'line', 'point')
    """
    if layer in ("control", "boundary"):
        return "polygon"
    if layer in ("event", "settlement"):
        return "point"
    return "line"


def aoi_box(aoi: tuple[float, float, float, float]) -> shapely.Polygon:
    """The area of interest as a polygon (``min_lon, min_lat, max_lon, max_lat``)."""
    return shapely.box(*aoi)


@dataclass(frozen=True)
class Fitted:
    """The result of :func:`fit_to_aoi`.

    Parameters
    ----------
    geometry : shapely geometry or None
        What is kept; None when the feature is dropped.
    cut : bool
        The geometry crossed the area's edge and was cut.
    repaired : str or None
        Why the geometry was invalid, when :func:`shapely.make_valid` repaired it.
    dropped : str or None
        Why nothing is kept.
    refused : str or None
        Why the feature is an error: an invalid polygon that no repair would keep as drawn.
    """

    geometry: BaseGeometry | None
    cut: bool = False
    repaired: str | None = None
    dropped: str | None = None
    refused: str | None = None


def _parts(geom: BaseGeometry, kind: Kind, valid: bool = False) -> BaseGeometry | None:
    """The parts of the wanted kind as one geometry, polygons merged (``valid``: ``geom`` is
    known to be a valid Polygon or MultiPolygon, so its parts need no union)."""
    wanted = _KINDS[kind]
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in wanted and not g.is_empty]
    if not parts:
        return None
    if len(parts) == 1 and geom.geom_type in wanted:
        return geom
    if kind == "polygon":
        merged = _merge_polygons(parts, checked=valid and geom.geom_type in wanted)
        return merged if merged.geom_type in wanted else None
    if kind == "line":
        return shapely.MultiLineString([ln for p in parts for ln in shapely.get_parts(p)])
    return shapely.MultiPoint([pt for p in parts for pt in shapely.get_parts(p)])


def _valid_disjoint(parts: list[BaseGeometry], checked: bool = False) -> BaseGeometry | None:
    """The polygons as one Polygon or MultiPolygon when that is valid (each part valid, parts
    meeting at points at most; ``checked``: known to be), else None."""
    if any(p.geom_type != "Polygon" for p in parts):
        return None
    multi = parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
    return multi if checked or multi.is_valid else None


def _merge_polygons(parts: list[BaseGeometry], checked: bool = False) -> BaseGeometry:
    """The union of polygons; skipped (checking validity costs a fifth of a union) when they
    already form a valid MultiPolygon. Both give the same ground: :func:`fit_to_aoi`
    normalises what it returns, so both give the same output."""
    merged = _valid_disjoint(parts, checked)
    return merged if merged is not None else shapely.union_all(parts)


def _polygons(geom: BaseGeometry) -> list[shapely.Polygon]:
    """Every non-empty Polygon in a geometry, multi-parts and collections opened."""
    parts = shapely.get_parts(shapely.get_parts(geom))
    return [p for p in parts if p.geom_type == "Polygon" and not p.is_empty]


def _hole_not_inside(poly: shapely.Polygon) -> int | None:
    """The number (from 1) of the first hole not inside its polygon's shell, or None."""
    if not len(poly.interiors):
        return None
    shell = shapely.make_valid(shapely.Polygon(poly.exterior))
    for number, ring in enumerate(poly.interiors, start=1):
        if not shell.covers(shapely.Polygon(ring)):
            return number
    return None


def fit_to_aoi(geom: BaseGeometry, kind: Kind, box: shapely.Polygon) -> Fitted:
    """Keep the parts of the right kind, repair invalid polygons, clip to the area, round.

    A polygon with a hole not inside its shell (wholly or partly outside) is refused, not
    repaired: ``make_valid`` would turn what lies outside into land. Every other invalid polygon,
    each part of a multi-part one on its own, is repaired with ``make_valid``; the parts are then
    merged.

    Parameters
    ----------
    geom : shapely geometry
        In WGS84 lon/lat.
    kind : {"polygon", "line", "point"}
        What the target layer takes.
    box : shapely Polygon
        The area of interest (see :func:`aoi_box`).

    Returns
    -------
    Fitted

    Examples
    --------
    >>> from shapely.geometry import box
    >>> fitted = fit_to_aoi(box(0, 0, 2, 2), "polygon", box(1, 1, 3, 3))
    >>> fitted.cut, fitted.geometry.area
    (True, 1.0)
    >>> fit_to_aoi(box(5, 5, 6, 6), "polygon", box(1, 1, 3, 3)).dropped
    'outside the area of interest'
    >>> outside = shapely.Polygon(box(1, 1, 2, 2).exterior, [box(2.5, 2.5, 2.8, 2.8).exterior])
    >>> fit_to_aoi(outside, "polygon", box(0, 0, 3, 3)).refused
    'invalid polygon (Hole lies outside shell[2.8 2.5]), hole 1 outside its shell: not repaired'
    """
    got = geom.geom_type
    repaired = None
    whole_valid = False
    if kind == "polygon":
        polygons = _polygons(geom)
        # A valid Polygon or MultiPolygon (the common case) has valid parts that do not overlap,
        # and each hole inside its shell: only an invalid one is searched for such holes.
        whole_valid = got in ("Polygon", "MultiPolygon") and bool(geom.is_valid)
        for poly in [] if whole_valid else polygons:
            hole = _hole_not_inside(poly)
            if hole is not None:
                # make_valid would turn what lies outside into land: a source error.
                reason = shapely.is_valid_reason(poly)
                why = f"invalid polygon ({reason}), hole {hole} outside its shell"
                return Fitted(None, refused=f"{why}: not repaired")
        invalid = (
            [] if whole_valid else [shapely.is_valid_reason(p) for p in polygons if not p.is_valid]
        )
        if not invalid and len(polygons) > 1 and got == "MultiPolygon" and not whole_valid:
            invalid = [shapely.is_valid_reason(geom)]  # valid parts that overlap
        if invalid:
            repaired = invalid[0]
            fixed = [p if p.is_valid else shapely.make_valid(p) for p in polygons]
            polygons = _polygons(shapely.GeometryCollection(fixed))
        geom = shapely.GeometryCollection(polygons)
    picked: BaseGeometry | None
    if whole_valid and polygons:
        picked = _merge_polygons(polygons, checked=True)
    else:
        picked = _parts(geom, kind)
    if picked is None:
        if repaired is not None:
            return Fitted(None, repaired=repaired, dropped="no area left after repair")
        return Fitted(None, dropped=f"not a {kind} ({got})")
    a, b, c, d = box.bounds
    x0, y0, x1, y1 = picked.bounds
    if x1 < a or x0 > c or y1 < b or y0 > d:
        return Fitted(None, repaired=repaired, dropped="outside the area of interest")
    cut = False
    if not box.covers(picked):
        clipped = _parts(picked.intersection(box), kind)
        if clipped is None:
            return Fitted(None, repaired=repaired, dropped="outside the area of interest")
        picked, cut = clipped, True
    # set_precision's default mode ("valid_output") gives valid polygons: not checked again.
    rounded = _parts(shapely.set_precision(picked, GRID_DEG), kind, valid=kind == "polygon")
    if rounded is None:
        return Fitted(None, cut, repaired, f"collapses at the {GRID_DEG:g}° grid")
    if kind == "polygon":
        # Normalised (parts, rings and their first vertices in a fixed order), then shells
        # counter-clockwise: the same output whichever way the parts were merged.
        rounded = shapely.orient_polygons(shapely.normalize(rounded))
    return Fitted(rounded, cut, repaired)


#: ``x * 10**DECIMALS`` this close to half-way between integers is rounded by :func:`round`:
#: far above the error of the product (under 1e-6 for lon/lat degrees), far below 0.5.
_NEAR_HALF = 1e-3


def rounded_positions(xy: np.ndarray) -> list[list[float]]:
    """Positions rounded to :data:`DECIMALS`, exactly as ``round(v, DECIMALS) + 0.0`` does.

    Vectorised: ``rint(v * 10**DECIMALS) / 10**DECIMALS`` is the double nearest the rounded
    decimal whenever the product is not within rounding error of a half-way value; those few
    are rounded by :func:`round` (correctly rounded, half to even). ``+ 0.0`` turns ``-0.0``
    into ``0.0``.

    Examples
    --------
    >>> rounded_positions(np.array([[38.100000000000001, -0.00000000004], [0.00390625, 1.0]]))
    [[38.1, 0.0], [0.0039062, 1.0]]
    """
    result: list[list[float]] = rounded_array(xy).tolist()
    return result


def rounded_array(xy: np.ndarray) -> np.ndarray:
    """The array of :func:`rounded_positions` (x, y columns), before it is made lists."""
    values = np.asarray(xy, dtype=float)[:, :2]
    scaled = values * 10.0**DECIMALS
    out = np.rint(scaled) / 10.0**DECIMALS + 0.0
    near = np.abs(np.abs(scaled - np.floor(scaled)) - 0.5) < _NEAR_HALF
    for i, j in zip(*np.nonzero(near), strict=True):
        out[i, j] = round(float(values[i, j]), DECIMALS) + 0.0
    return out


def _polygon_lists(geom: BaseGeometry) -> list[list[list[list[float]]]]:
    """Each polygon of a (Multi)Polygon as lists of rounded rings, rounded in one pass."""
    rings, owner = shapely.get_rings(shapely.get_parts(geom), return_index=True)
    positions = rounded_positions(shapely.get_coordinates(geom))
    out: list[list[list[list[float]]]] = [[] for _ in range(len(shapely.get_parts(geom)))]
    start = 0
    for number, size in zip(
        owner.tolist(), shapely.get_num_coordinates(rings).tolist(), strict=True
    ):
        out[number].append(positions[start : start + size])
        start += size
    return out


def to_geojson_geometry(geom: BaseGeometry) -> dict[str, object]:
    """GeoJSON of a geometry with coordinates rounded to :data:`DECIMALS` (lists, not tuples).

    Examples
    --------
    >>> to_geojson_geometry(shapely.Point(38.100000000000001, 48.86800000004))
    {'type': 'Point', 'coordinates': [38.1, 48.868]}
    """

    def pos(xy: tuple[float, ...]) -> list[float]:
        return [round(float(xy[0]), DECIMALS) + 0.0, round(float(xy[1]), DECIMALS) + 0.0]

    def ring(line: BaseGeometry) -> list[list[float]]:
        return rounded_positions(shapely.get_coordinates(line))

    kind = geom.geom_type
    coords: object
    if kind == "Point":
        coords = pos(geom.coords[0])
    elif kind in ("LineString", "MultiPoint"):
        coords = ring(geom) if kind == "LineString" else [pos(g.coords[0]) for g in geom.geoms]
    elif kind == "MultiLineString":
        coords = [ring(g) for g in geom.geoms]
    elif kind in ("Polygon", "MultiPolygon"):
        polygons = _polygon_lists(geom)
        coords = polygons[0] if kind == "Polygon" else polygons
    else:
        raise ValueError(f"cannot write a {kind}")
    return {"type": kind, "coordinates": coords}
