"""Which base features carry a label, in which language, where, and in what order.

Computed once from the data set's base layers and read by the pages (as JSON) and by the
static exports, so both label the same places. Labels come in priority order: the data set's
main town first, then cities, towns, villages and hamlets (larger population first), rivers,
major roads, streets. A renderer that runs out of room drops labels from the end.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from .model import ReferencePoint

if TYPE_CHECKING:
    from .dataset import DataSet
from .symbology import (
    MAJOR_ROAD_LABEL_ZOOM,
    PLACE_MIN_ZOOM,
    PLACE_RANK,
    RIVER_LABEL_ZOOM,
    STREET_LABEL_ZOOM,
    road_class,
)

__all__ = ["LANGUAGES", "Label", "base_labels", "compute_labels", "label_text", "main_place"]

LANGUAGES = ("en", "uk")
_GEOD = Geod(ellps="WGS84")
#: A place this close to the reference point (km) can be the data set's main town.
MAIN_RADIUS_KM = 4.0
#: Past this distance from the reference point no place stands for it: on a map of a whole
#: front, the largest city in view is not the data set's main town.
MAIN_FALLBACK_KM = 10.0
#: Streets shorter than this (m) carry no label.
MIN_STREET_M = 250.0
#: Rivers longer than this (m) are named again at these fractions of their length.
RIVER_REPEAT_M = 6000.0
RIVER_REPEATS = (0.2, 0.8, 0.35, 0.65)


@dataclass(frozen=True)
class Label:
    """One label of the base map.

    Parameters
    ----------
    fid : str
        Id of the labelled feature.
    text : str
        The label (from the data: escape it wherever it is written).
    lon, lat : float
        Anchor (places: the point, labels sit beside it; lines: the label's centre).
    kind : str
        ``main``, ``city``, ``town``, ``village``, ``hamlet``, ``place``, ``river``, ``road``,
        ``street``, or ``reference`` (the reference point's name, when there is no place).
    min_zoom : float
        Zoom from which the pages show it.
    angle : float
        Rotation in degrees, clockwise on screen (line labels; 0 for places).
    """

    fid: str
    text: str
    lon: float
    lat: float
    kind: str
    min_zoom: float
    angle: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The label for the pages (coordinates rounded to 1e-5 degree)."""
        return {
            "id": self.fid,
            "text": self.text,
            "lat": round(self.lat, 5),
            "lon": round(self.lon, 5),
            "kind": self.kind,
            "z": self.min_zoom,
            "angle": round(self.angle, 1),
        }


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def label_text(row: Any, lang: str = "en") -> str:
    """A feature's name in a language: ``name_uk`` for ``uk``, ``name_en`` for ``en``.

    Falls back to ``name`` (and to the other language) when the wanted one is missing.

    Examples
    --------
    >>> label_text({"name": "Huliaipole", "name_uk": "Гуляйполе"}, "uk")
    'Гуляйполе'
    >>> label_text({"name": "", "name_uk": "Гуляйполе"}, "en")
    'Гуляйполе'
    """
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k, None)
    order = ("name_uk", "name", "name_en") if lang == "uk" else ("name_en", "name", "name_uk")
    for key in order:
        text = _text(get(key))
        if text:
            return text
    return ""


def _population(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(number) else number


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(_GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000.0


def _anchor(geom: BaseGeometry) -> tuple[float, float]:
    if geom.geom_type in ("Point", "MultiPoint"):
        point = geom
    else:
        point = geom.centroid if geom.covers(geom.centroid) else geom.representative_point()
    if point.geom_type == "MultiPoint":
        point = next(iter(shapely.get_parts(point)))
    return float(point.x), float(point.y)


def _place_key(row: Any) -> tuple[int, float]:
    return PLACE_RANK.get(str(row.kind), 5), -_population(row.population)


def main_place(places: gpd.GeoDataFrame, reference: ReferencePoint) -> str | None:
    """Id of the data set's main town: the place at the reference point, else the largest near it.

    A settlement area containing the reference point wins; else the highest-ranked place
    (class, then population) within :data:`MAIN_RADIUS_KM` of it; else the highest-ranked
    place within :data:`MAIN_FALLBACK_KM`. None without such a place (the reference point is
    then labelled itself).
    """
    if not len(places):
        return None
    ref = shapely.Point(reference.lon, reference.lat)
    rows = sorted(places.itertuples(index=False), key=_place_key)
    for row in rows:
        if row.geometry.geom_type in ("Polygon", "MultiPolygon") and row.geometry.covers(ref):
            return str(row.id)
    for radius in (MAIN_RADIUS_KM, MAIN_FALLBACK_KM):
        for row in rows:
            if _distance_km(_anchor(row.geometry), (ref.x, ref.y)) <= radius:
                return str(row.id)
    return None


def _place_labels(
    places: gpd.GeoDataFrame, reference: ReferencePoint, lang: str
) -> list[tuple[tuple[Any, ...], Label]]:
    main = main_place(places, reference)
    main_text = ""
    for row in places.itertuples(index=False):
        if str(row.id) == main:
            main_text = label_text(row, lang)
    out: list[tuple[tuple[Any, ...], Label]] = []
    seen: set[str] = set()
    # Points before areas: a town with both a place node and a boundary is labelled once.
    rows = sorted(
        places.itertuples(index=False),
        key=lambda r: (str(r.id) != main, r.geometry.geom_type not in ("Point", "MultiPoint")),
    )
    for row in rows:
        text = label_text(row, lang)
        if not text or text in seen or (str(row.id) != main and text == main_text):
            continue
        seen.add(text)
        lon, lat = _anchor(row.geometry)
        if str(row.id) == main:
            # The main town's label sits on the reference point's side of its area.
            out.append(((0, 0.0, text), Label(str(row.id), text, lon, lat, "main", 0.0)))
            continue
        kind = str(row.kind) if row.kind in PLACE_RANK else "place"
        rank, pop = _place_key(row)
        zoom = PLACE_MIN_ZOOM.get(kind, 12.5)
        out.append(((rank, pop, text), Label(str(row.id), text, lon, lat, kind, zoom)))
    if main is None and reference.name:
        out.append(
            (
                (0, 0.0, reference.name),
                Label("reference", reference.name, reference.lon, reference.lat, "reference", 0.0),
            )
        )
    return out


def _screen_angle(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Clockwise screen angle of the segment a->b, turned so text never reads upside down."""
    dx = (b[0] - a[0]) * math.cos(math.radians((a[1] + b[1]) / 2))
    dy = -(b[1] - a[1])
    angle = math.degrees(math.atan2(dy, dx))
    if angle > 90:
        angle -= 180
    elif angle < -90:
        angle += 180
    return angle


def _line_anchor(geom: BaseGeometry, at: float = 0.5) -> tuple[float, float, float, float]:
    """Point at fraction ``at``, angle there and geodesic length (m) of a line's longest part."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "LineString" and not p.is_empty]
    part = max(parts, key=lambda p: p.length)
    mid = part.interpolate(at, normalized=True)
    d = part.project(mid)
    step = part.length * 0.04
    a = part.interpolate(max(d - step, 0.0))
    b = part.interpolate(min(d + step, part.length))
    length = float(_GEOD.geometry_length(part))
    return float(mid.x), float(mid.y), _screen_angle((a.x, a.y), (b.x, b.y)), length


def _line_labels(
    lines: gpd.GeoDataFrame, lang: str, layer: str
) -> list[tuple[tuple[Any, ...], Label]]:
    """One label per name: on the longest feature carrying it."""
    best: dict[str, tuple[float, Label, bool]] = {}
    for row in lines.itertuples(index=False):
        text = label_text(row, lang)
        if not text or row.geometry is None or row.geometry.is_empty:
            continue
        lon, lat, angle, length = _line_anchor(row.geometry)
        if layer == "river":
            kind, zoom, major = "river", RIVER_LABEL_ZOOM, True
        else:
            major = road_class(row.kind).major
            kind = "road" if major else "street"
            zoom = MAJOR_ROAD_LABEL_ZOOM if major else STREET_LABEL_ZOOM
            if length < MIN_STREET_M:
                continue
        if text not in best or length > best[text][0]:
            best[text] = (length, Label(str(row.id), text, lon, lat, kind, zoom, angle), major)
    rank = 6 if layer == "river" else 7
    out: list[tuple[tuple[Any, ...], Label]] = [
        ((rank + (0 if major else 1), -length, text), label)
        for text, (length, label, major) in best.items()
    ]
    if layer == "river":
        # A long river is named again along its course; overlapping repeats give way.
        geoms = {str(row.id): row.geometry for row in lines.itertuples(index=False)}
        for text, (length, label, _) in best.items():
            for at in RIVER_REPEATS if length >= RIVER_REPEAT_M else ():
                lon, lat, angle, _ = _line_anchor(geoms[label.fid], at)
                repeat = Label(label.fid, text, lon, lat, "river", label.min_zoom, angle)
                out.append(((rank, -length + 1.0, text, at), repeat))
    return out


def compute_labels(
    base: gpd.GeoDataFrame, reference: ReferencePoint, lang: str = "en"
) -> list[Label]:
    """Every label of the base map, most important first.

    Parameters
    ----------
    base : geopandas.GeoDataFrame
        Base features (columns ``id``, ``layer``, ``kind``, ``name``, ``name_uk``,
        ``name_en``, ``population``, geometry in lon/lat).
    reference : ReferencePoint
        The data set's reference point (locates the main town).
    lang : {"en", "uk"}
        Language of the labels.

    Returns
    -------
    list of Label

    Raises
    ------
    ValueError
        On an unknown language.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (one of {', '.join(LANGUAGES)})")
    keyed = _place_labels(base[base["layer"] == "settlement"], reference, lang)
    keyed += _line_labels(base[base["layer"] == "river"], lang, "river")
    keyed += _line_labels(base[base["layer"] == "road"], lang, "road")
    keyed.sort(key=lambda pair: pair[0])
    return [label for _, label in keyed]


def base_labels(ds: DataSet, lang: str = "en") -> list[Label]:
    """The labels of a data set's base layers (see :func:`compute_labels`).

    Computed once per data set and language (the base layers do not change with the date).
    """
    return list(_base_labels(ds, lang))


@functools.lru_cache(maxsize=8)
def _base_labels(ds: DataSet, lang: str) -> tuple[Label, ...]:
    table = ds.table
    return tuple(compute_labels(table[table["date"].isna()], ds.manifest.reference_point, lang))
