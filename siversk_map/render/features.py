"""Turn layer tables and geometries into GeoJSON for the page (JSON-safe properties)."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from ..analysis import Analysis
from ..model import COLUMNS
from ..symbology import road_class

if TYPE_CHECKING:
    from ..dataset import DataSet

__all__ = [
    "arrowhead",
    "base_rows",
    "feature_collection",
    "feature_rows",
    "json_properties",
    "round_geometry",
    "to_feature",
]

_GEOD = Geod(ellps="WGS84")
_PROPERTY_COLUMNS = [c for c in COLUMNS if c not in ("id", "file")]


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


def _round_nested(value: Any, decimals: int) -> Any:
    """Every float in nested lists (GeoJSON coordinates) rounded to ``decimals``."""
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, (list, tuple)):
        return [_round_nested(v, decimals) for v in value]
    return value


#: ``v * 10**decimals`` this close to half-way between integers is left to :func:`round`: far
#: above the error of the product (under 1e-6 for lon/lat degrees), far below 0.5.
_NEAR_HALF = 1e-3


def rounded_values(values: np.ndarray, decimals: int) -> list[Any]:
    """An array's values rounded to ``decimals``, exactly as :func:`round` rounds each.

    Vectorised: ``rint(v * 10**decimals) / 10**decimals`` is the double nearest the rounded
    decimal whenever the product is not within rounding error of a half-way value; those few
    are rounded by :func:`round` (correctly rounded, half to even). The sign of zero is kept,
    as :func:`round` keeps it.

    Examples
    --------
    >>> rounded_values(np.array([38.100000000000001, -4e-8, 0.0000125, 2.5e-6]), 5)
    [38.1, -0.0, 1e-05, 0.0]
    >>> [round(v, 5) for v in (38.100000000000001, -4e-8, 0.0000125, 2.5e-6)]
    [38.1, -0.0, 1e-05, 0.0]
    """
    values = np.asarray(values, dtype=float)
    scale = 10.0**decimals
    scaled = values * scale
    out = np.rint(scaled) / scale
    near = np.abs(np.abs(scaled - np.floor(scaled)) - 0.5) < _NEAR_HALF
    near |= ~np.isfinite(scaled)
    for index in zip(*np.nonzero(near), strict=True):
        out[index] = round(float(values[index]), decimals)
    result: list[Any] = out.tolist()
    return result


def _split(items: list[Any], sizes: np.ndarray) -> list[Any]:
    """``items`` cut into consecutive lists of the given sizes."""
    out, start = [], 0
    for size in sizes.tolist():
        out.append(items[start : start + size])
        start += size
    return out


def _rounded_coordinates(geom: BaseGeometry, decimals: int) -> Any:
    """GeoJSON ``coordinates`` of a 2-D, non-empty simple or multi geometry, rounded at once."""
    kind = geom.geom_type
    positions = rounded_values(shapely.get_coordinates(geom), decimals)
    if kind == "Point":
        return positions[0]
    if kind in ("LineString", "MultiPoint", "LinearRing"):
        return positions
    if kind == "MultiLineString":
        return _split(positions, shapely.get_num_coordinates(shapely.get_parts(geom)))
    polygons = shapely.get_parts(geom)
    rings = shapely.get_rings(polygons)
    nested = _split(
        _split(positions, shapely.get_num_coordinates(rings)),
        1 + np.asarray(shapely.get_num_interior_rings(polygons)),
    )
    return nested[0] if kind == "Polygon" else nested


def round_geometry(geom: BaseGeometry, decimals: int = 6) -> dict[str, Any]:
    """GeoJSON of a geometry with every coordinate rounded to ``decimals``.

    Examples
    --------
    >>> round_geometry(shapely.Point(38.1234567, 48.7654321), 3)
    {'type': 'Point', 'coordinates': [38.123, 48.765]}
    """
    if geom.geom_type == "GeometryCollection":
        return {
            "type": "GeometryCollection",
            "geometries": [round_geometry(g, decimals) for g in shapely.get_parts(geom)],
        }
    if geom.is_empty or shapely.has_z(geom):
        doc = mapping(geom)
        return {"type": doc["type"], "coordinates": _round_nested(doc["coordinates"], decimals)}
    return {"type": geom.geom_type, "coordinates": _rounded_coordinates(geom, decimals)}


def to_feature(
    fid: str, props: dict[str, Any], geom: BaseGeometry, decimals: int = 6
) -> dict[str, Any]:
    """A GeoJSON Feature with JSON-safe properties (None values left out)."""
    return {
        "type": "Feature",
        "id": fid,
        "properties": json_properties(props),
        "geometry": round_geometry(geom, decimals),
    }


def json_properties(props: dict[str, Any]) -> dict[str, Any]:
    """Properties made JSON-safe (dates as ISO text, numpy scalars as numbers), None left out."""
    clean = {k: _json_value(v) for k, v in props.items()}
    return {k: v for k, v in clean.items() if v is not None}


def arrowhead(line: BaseGeometry, size_m: float = 600.0) -> BaseGeometry | None:
    """A triangle at the head (last vertex) of a line, pointing along its last segment."""
    if line.geom_type == "MultiLineString":
        line = list(shapely.get_parts(line))[-1]
    coords = list(line.coords)
    if len(coords) < 2:
        return None
    (x0, y0), (x1, y1) = coords[-2][:2], coords[-1][:2]
    azimuth, _, _ = _GEOD.inv(x0, y0, x1, y1)
    points = [(x1, y1)]
    for turn in (150.0, -150.0):
        lon, lat, _ = _GEOD.fwd(x1, y1, azimuth + turn, size_m)
        points.append((lon, lat))
    points.append((x1, y1))
    return shapely.Polygon(points)


def feature_collection(
    rows: gpd.GeoDataFrame,
    extra: dict[str, dict[str, Any]] | None = None,
    arrows: bool = False,
    decimals: int = 6,
) -> dict[str, Any]:
    """The rows of a layer table as a FeatureCollection for a page.

    Measures and axes get ``_length_km``; control zones ``_area_km2``; axes an arrowhead
    feature (``_arrow``) when ``arrows`` is set. ``extra`` adds properties by feature id.
    Coordinates keep ``decimals`` decimals.
    """
    features: list[dict[str, Any]] = []
    for fid, props, geom in feature_rows(rows, extra, arrows=arrows):
        if props["layer"] == "control":
            props["_area_km2"] = round(Analysis.feature_area_km2(geom), 3)
        features.append(to_feature(fid, props, geom, decimals))
    return {"type": "FeatureCollection", "features": features}


def feature_rows(
    rows: gpd.GeoDataFrame,
    extra: dict[str, dict[str, Any]] | None = None,
    arrows: bool = False,
) -> list[tuple[str, dict[str, Any], BaseGeometry]]:
    """Id, page properties and geometry of each row (areas of control zones left to the caller).

    Measures and axes get ``_length_km``; axes an arrowhead (id ``ID:head``, ``_arrow``) when
    ``arrows`` is set; ``extra`` adds properties by feature id.
    """
    out: list[tuple[str, dict[str, Any], BaseGeometry]] = []
    columns = [str(c) for c in rows.columns]
    # Plain tuples: itertuples' named tuples build a class on every call.
    for row in rows.itertuples(index=False, name=None):
        values = dict(zip(columns, row, strict=True))
        geom = values.pop("geometry")
        props = {k: values.get(k) for k in _PROPERTY_COLUMNS}
        if props["layer"] in ("measure", "axis"):
            props["_length_km"] = round(Analysis.feature_length_km(geom), 3)
        if extra and values["id"] in extra:
            props.update(extra[values["id"]])
        out.append((values["id"], props, geom))
        if arrows and props["layer"] == "axis":
            head = arrowhead(geom)
            if head is not None:
                out.append((values["id"] + ":head", dict(props, _arrow=True), head))
    return out


#: Drawing order of the base layers, bottom first.
_BASE_ORDER = {
    "water": 0,
    "built_up": 1,
    "settlement": 2,
    "building": 3,
    "boundary": 4,
    "road": 5,
    "railway": 6,
    "river": 7,
}


def _base_key(layer: str, kind: Any, geom_type: str) -> tuple[int, float]:
    if layer == "settlement" and geom_type in ("Point", "MultiPoint"):
        return 9, 0.0
    if layer == "road":
        style = road_class(kind)
        return _BASE_ORDER["road"], (1.0 if style.major else 0.0) + style.width / 10
    return _BASE_ORDER.get(layer, 8), 0.0


def base_rows(ds: DataSet) -> gpd.GeoDataFrame:
    """A data set's base features in drawing order: water, built-up, roads (minor first), rivers."""
    table = ds.table
    base = table[table["date"].isna()]
    keys = [
        _base_key(layer, kind, gt)
        for layer, kind, gt in zip(base["layer"], base["kind"], base.geom_type, strict=True)
    ]
    order = sorted(range(len(base)), key=lambda k: (keys[k], k))
    return base.iloc[order]
