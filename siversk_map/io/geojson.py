"""GeoJSON structure: a parsed document into raw features, every position checked.

Known ``type`` members only, every position a pair of finite numbers, rings closed; a
legacy ``crs`` member is honoured. Nothing here judges the *schema* of properties: that
is :mod:`siversk_map.validate`'s job.
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from ..errors import Problem
from .features import RawFeature, ReadResult, normalise_text
from .strict_json import RejectError

__all__ = ["GEOMETRY_TYPES", "document_features", "read_feature", "read_geojson_document"]

GEOMETRY_TYPES = frozenset(
    {
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
    }
)
_WGS84_NAMES = frozenset(
    {
        "urn:ogc:def:crs:ogc:1.3:crs84",
        "urn:ogc:def:crs:epsg::4326",
        "epsg:4326",
        "crs84",
        "ogc:crs84",
    }
)


def read_geojson_document(doc: Any, shown: str) -> ReadResult:
    """Turn a parsed GeoJSON document into raw features.

    Parameters
    ----------
    doc : object
        The parsed JSON.
    shown : str
        How messages name the file.

    Returns
    -------
    ReadResult
    """
    result = ReadResult()
    features, transformer, result.problems = document_features(doc, shown)
    for index, feature in enumerate(features):
        read_feature(feature, index, shown, transformer, result)
    return result


def document_features(doc: Any, shown: str) -> tuple[list[Any], Any, list[Problem]]:
    """The feature list of a GeoJSON document, its CRS transformer, and top-level problems.

    A bare Feature or geometry is wrapped as one feature; a legacy ``crs`` member naming
    another CRS gives a lon/lat transformer (None for WGS84).

    Parameters
    ----------
    doc : object
        The parsed JSON.
    shown : str
        How messages name the file.

    Returns
    -------
    tuple
        ``(features, transformer, problems)``; no features when the document is unusable.
    """
    if not isinstance(doc, dict):
        got = type(doc).__name__
        return (
            [],
            None,
            [Problem(shown, "", f"top level is a JSON {got}: expected a GeoJSON object")],
        )
    kind = doc.get("type")
    if kind is None:
        return [], None, [Problem(shown, "", "no 'type' member: not GeoJSON")]
    problems: list[Problem] = []
    transformer = None
    if "crs" in doc:
        transformer = _crs_transformer(doc["crs"], shown, problems)
        if transformer is False:
            return [], None, problems
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            return [], None, [*problems, Problem(shown, "", "'features' must be a list")]
        if not features:
            problems.append(Problem(shown, "", "empty layer: no features", "warning"))
        return features, transformer, problems
    if kind == "Feature":
        return [doc], transformer, problems
    if kind in GEOMETRY_TYPES:
        return [{"type": "Feature", "properties": {}, "geometry": doc}], transformer, problems
    reason = f"unknown type {kind!r}: expected FeatureCollection, Feature or a geometry type"
    return [], None, [*problems, Problem(shown, "", reason)]


def _crs_transformer(crs: Any, shown: str, problems: list[Problem]) -> Any:
    """A lon/lat transformer for a legacy ``crs`` member; None for WGS84; False on error."""
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError

    name = None
    if isinstance(crs, dict) and isinstance(crs.get("properties"), dict):
        name = crs["properties"].get("name")
    if not isinstance(name, str):
        problems.append(Problem(shown, "crs", "legacy 'crs' member without a CRS name"))
        return False
    if name.strip().lower() in _WGS84_NAMES:
        return None
    try:
        source = CRS.from_user_input(name)
    except CRSError:
        problems.append(Problem(shown, "crs", f"unknown CRS {name!r}"))
        return False
    target = CRS.from_user_input("OGC:CRS84")
    if source.equals(target, ignore_axis_order=True):
        return None
    problems.append(
        Problem(shown, "crs", f"legacy crs {name!r}: reprojected to WGS84 lon/lat", "warning")
    )
    return Transformer.from_crs(source, target, always_xy=True)


def read_feature(
    feature: Any, index: int, shown: str, transformer: Any, result: ReadResult
) -> None:
    """Read one GeoJSON feature into ``result`` (its features, or the problems met)."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        got = feature.get("type") if isinstance(feature, dict) else type(feature).__name__
        result.problems.append(
            Problem(shown, f"feature {index}", f"not a GeoJSON Feature (type {got!r})")
        )
        return
    fid = feature.get("id")
    props = feature.get("properties")
    if props is None:
        props = {}
    if not isinstance(props, dict):
        result.problems.append(
            Problem(shown, f"feature {index}", "'properties' must be an object or null")
        )
        return
    props = {normalise_text(k): normalise_text(v) for k, v in props.items()}
    if fid is None and "id" in props:
        fid = props["id"]
    raw = RawFeature(shown, index, fid, props, None)
    geometry = feature.get("geometry")
    if geometry is None:
        result.problems.append(
            Problem(shown, raw.where, "null or missing geometry: feature skipped", "warning")
        )
        return
    try:
        parts = _parse_geometry(geometry, top=True)
    except RejectError as exc:
        result.problems.append(Problem(shown, raw.where, str(exc)))
        return
    if not parts:
        result.problems.append(
            Problem(shown, raw.where, "empty GeometryCollection: feature dropped", "warning")
        )
        return
    multi = len(parts) > 1 or (
        isinstance(geometry, dict) and geometry.get("type") == "GeometryCollection"
    )
    for number, (geom, had_z) in enumerate(parts):
        item = RawFeature(shown, index, fid, dict(props), geom, number if multi else None)
        if had_z:
            result.problems.append(
                Problem(shown, item.where, "3-D coordinates: Z dropped", "warning")
            )
        if transformer is not None:
            item.geometry = shapely.transform(geom, lambda xy: _apply(transformer, xy))
        if item.geometry is not None and item.geometry.is_empty:
            result.problems.append(
                Problem(shown, item.where, "empty geometry: feature dropped", "warning")
            )
            continue
        result.features.append(item)


def _apply(transformer: Any, xy: Any) -> Any:
    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def _parse_geometry(geometry: Any, top: bool) -> list[tuple[BaseGeometry, bool]]:
    """Check a geometry object's structure and build it; one item per collection member."""
    if not isinstance(geometry, dict):
        raise RejectError("geometry must be an object")
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        raise RejectError(f"unknown geometry type {kind!r}")
    if kind == "GeometryCollection":
        if not top:
            raise RejectError("nested GeometryCollection: not supported")
        members = geometry.get("geometries")
        if not isinstance(members, list):
            raise RejectError("GeometryCollection without a 'geometries' list")
        out: list[tuple[BaseGeometry, bool]] = []
        for member in members:
            out.extend(_parse_geometry(member, top=False))
        return out
    if "coordinates" not in geometry:
        raise RejectError(f"{kind} without 'coordinates'")
    coords, had_z = _coords(kind, geometry["coordinates"])
    try:
        geom = shapely.geometry.shape({"type": kind, "coordinates": coords})
    except (ValueError, TypeError, shapely.errors.GEOSException) as exc:
        raise RejectError(f"{kind}: {exc}") from None
    return [(geom, had_z)]


def _coords(kind: str, value: Any) -> tuple[Any, bool]:
    flags = [False]
    depth = {
        "Point": 0,
        "MultiPoint": 1,
        "LineString": 1,
        "MultiLineString": 2,
        "Polygon": 2,
        "MultiPolygon": 3,
    }[kind]

    def position(p: Any) -> list[float]:
        if not isinstance(p, list) or not 2 <= len(p) <= 3:
            raise RejectError(f"{kind}: a position must be [lon, lat] (got {_short(p)})")
        for v in p:
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise RejectError(f"{kind}: coordinate {_short(v)} is not a number")
            try:
                finite = math.isfinite(v)
            except OverflowError:  # an integer past the float range
                raise RejectError(f"{kind}: coordinate {_short(v)} is too large") from None
            if not finite:
                raise RejectError(f"{kind}: coordinate {v} is not finite")
        if len(p) == 3:
            flags[0] = True
        return [float(p[0]), float(p[1])]

    def walk(node: Any, level: int) -> Any:
        if level == 0:
            return position(node)
        if level == 1:
            fast = _positions(node)
            if fast is not None:
                flags[0] = flags[0] or fast[1]
                return fast[0]
        if not isinstance(node, list):
            raise RejectError(f"{kind}: coordinates nested wrongly (got {_short(node)})")
        return [walk(child, level - 1) for child in node]

    coords = walk(value, depth)
    if kind == "LineString":
        _check_line(coords, kind)
    elif kind == "MultiLineString":
        for line in coords:
            _check_line(line, kind)
    elif kind == "Polygon":
        _check_polygon(coords, kind)
    elif kind == "MultiPolygon":
        for poly in coords:
            _check_polygon(poly, kind)
    return coords, flags[0]


def _positions(node: Any) -> tuple[np.ndarray, bool] | None:
    """A list of well-formed positions as an ``(n, 2)`` array and whether they had a z.

    The fast path of ``_coords``: type checks run over whole lists at once. None when
    anything is unusual (empty, a bool, a string, mixed 2-D and 3-D positions, a value that
    is not finite), so the position-by-position path reports it.
    """
    if not isinstance(node, list) or not node or set(map(type, node)) != {list}:
        return None
    sizes = set(map(len, node))
    if sizes != {2} and sizes != {3}:
        return None
    if not set(map(type, itertools.chain.from_iterable(node))) <= {float, int}:
        return None
    width = 3 if sizes == {3} else 2
    try:  # float() of each value, as np.array(node, dtype=float) gives, six times faster
        flat = itertools.chain.from_iterable(node)
        values = np.fromiter(flat, dtype=float, count=width * len(node)).reshape(-1, width)
    except (OverflowError, ValueError):
        return None
    if not np.isfinite(values).all():  # z too: it is dropped, but checked like x and y
        return None
    return values[:, :2], sizes == {3}


def _check_line(line: list[Any], kind: str) -> None:
    # An empty coordinate list is an empty geometry (dropped later with a warning).
    if 0 < len(line) < 2:
        raise RejectError(f"{kind}: a line needs at least 2 positions (got {len(line)})")


def _check_polygon(rings: list[Any], kind: str) -> None:
    if not rings:
        if kind == "Polygon":
            return  # an empty polygon, dropped later with a warning
        raise RejectError(f"{kind}: a polygon needs an exterior ring")
    for number, ring in enumerate(rings):
        label = "exterior ring" if number == 0 else f"hole {number}"
        if len(ring) < 4:
            raise RejectError(f"{kind}: {label} has {len(ring)} positions, at least 4 needed")
        first, last = [float(v) for v in ring[0]], [float(v) for v in ring[-1]]
        if first != last:
            raise RejectError(
                f"{kind}: {label} is not closed (first position {first}, last {last})"
            )


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."
