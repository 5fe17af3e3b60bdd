"""OpenStreetMap features (as OSMnx returns them) turned into the project's base layers.

Each query group's GeoDataFrame (indexed by OSM element and id, one column per tag) becomes
features of one or more layers, clipped to the data set's box and rounded to 1e-7°, with an id
made of the layer and the OSM element (``osm-road-w123``), so every id is unique and stable.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

import shapely
from shapely.geometry.base import BaseGeometry

from .translit import transliterate_uk

__all__ = [
    "GROUPS",
    "PLACE_RANK",
    "BaseFeature",
    "Box",
    "Group",
    "features_from_groups",
]

Box = tuple[float, float, float, float]

#: Place classes kept, most important first.
PLACE_RANK: Final = ("city", "town", "village", "hamlet", "suburb")
ROAD_CLASSES: Final = (
    "motorway",
    "trunk",
    "primary",
    "secondary",
    "tertiary",
    "unclassified",
    "residential",
    "motorway_link",
    "trunk_link",
    "primary_link",
    "secondary_link",
    "tertiary_link",
)
RAIL_CLASSES: Final = ("rail", "narrow_gauge", "light_rail", "tram")
WATERWAY_CLASSES: Final = ("river", "stream", "canal")
BUILT_UP_CLASSES: Final = ("residential", "industrial", "commercial", "retail")
#: Building outlines are simplified to this tolerance (degrees, about 1 m).
BUILDING_TOLERANCE: Final = 1e-5
_GRID: Final = 1e-7


@dataclass(frozen=True)
class Group:
    """One Overpass query: its name (for the report) and OSMnx ``tags``."""

    name: str
    tags: Mapping[str, bool | str | list[str]]


GROUPS: Final = (
    Group("places", {"place": list(PLACE_RANK)}),
    Group("oblast", {"admin_level": "4"}),
    Group("roads", {"highway": list(ROAD_CLASSES)}),
    Group("railways", {"railway": list(RAIL_CLASSES)}),
    Group("waterways", {"waterway": list(WATERWAY_CLASSES)}),
    Group("water", {"natural": "water", "landuse": "reservoir"}),
    Group("built-up", {"landuse": list(BUILT_UP_CLASSES)}),
)
BUILDINGS: Final = Group("buildings", {"building": True})


@dataclass(frozen=True)
class BaseFeature:
    """A base-layer feature ready to write.

    Parameters
    ----------
    fid : str
        Unique id.
    layer : str
        Layer name.
    geometry : shapely geometry
        Clipped and rounded.
    properties : dict
        Properties other than ``layer`` and ``source``.
    """

    fid: str
    layer: str
    geometry: BaseGeometry
    properties: Mapping[str, Any]

    def to_geojson(self, source: str) -> dict[str, Any]:
        """The GeoJSON Feature, with ``layer`` and ``source`` properties."""
        props = {k: v for k, v in self.properties.items() if v is not None}
        props.update(layer=self.layer, source=source)
        geometry = json.loads(shapely.to_geojson(self.geometry))
        geometry["coordinates"] = _rounded(geometry["coordinates"])
        return {"type": "Feature", "id": self.fid, "geometry": geometry, "properties": props}


def _rounded(value: Any) -> Any:
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return round(float(value), 7)


def _rows(gdf: Any) -> Iterator[tuple[str, int, dict[str, str], BaseGeometry]]:
    """``(element letter, OSM id, tags, geometry)`` of each row, in OSM order."""
    if gdf is None or not len(gdf):
        return
    columns = [c for c in gdf.columns if c != "geometry"]
    for (element, osmid), values, geom in zip(
        gdf.index, gdf[columns].itertuples(index=False, name=None), gdf.geometry, strict=True
    ):
        tags = {
            str(k): str(v)
            for k, v in zip(columns, values, strict=True)
            if v is not None and not (isinstance(v, float) and math.isnan(v))
        }
        if geom is not None and not geom.is_empty:
            yield str(element)[0], int(osmid), tags, geom


def _parts(geom: BaseGeometry, kinds: tuple[str, ...]) -> list[BaseGeometry]:
    """The simple parts of ``geom`` whose type is one of ``kinds``, at any nesting."""
    if geom.is_empty:
        return []
    if geom.geom_type in kinds:
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _parts(g, kinds)]
    return []


def fit(geom: BaseGeometry, box: Box, shape: str) -> BaseGeometry | None:
    """Clip to ``box``, round to the 1e-7° grid and keep the parts of one shape.

    Parameters
    ----------
    geom : shapely geometry
    box : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)``.
    shape : {"point", "line", "polygon"}

    Returns
    -------
    shapely geometry or None
        A Point, (Multi)LineString or (Multi)Polygon; None when nothing is left.

    Examples
    --------
    >>> line = shapely.LineString([(0, 0), (2, 0)])
    >>> fit(line, (1.0, -1.0, 3.0, 1.0), "line").wkt
    'LINESTRING (1 0, 2 0)'
    >>> fit(line, (5.0, 5.0, 6.0, 6.0), "line") is None
    True
    """
    if shape == "point":
        if geom.geom_type != "Point":
            geom = geom.representative_point()
        x, y = round(geom.x, 7), round(geom.y, 7)
        inside = box[0] <= x <= box[2] and box[1] <= y <= box[3]
        return shapely.Point(x, y) if inside else None
    clipped = shapely.clip_by_rect(geom, *box)
    if clipped.is_empty:
        return None
    snapped = shapely.set_precision(clipped, _GRID)
    if shape == "line":
        lines = [p for p in _parts(snapped, ("LineString",)) if p.length > 0]
        if not lines:
            return None
        return lines[0] if len(lines) == 1 else shapely.MultiLineString(lines)
    polys = [p for p in _parts(snapped, ("Polygon",)) if p.area > 0]
    if not polys:
        return None
    merged = polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)
    if not merged.is_valid:
        merged = shapely.make_valid(merged)
        polys = [p for p in _parts(merged, ("Polygon",)) if p.area > 0]
        if not polys:
            return None
        merged = polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)
    return shapely.orient_polygons(merged)


_NUMBER = re.compile(r"^\d{1,9}$")


def population(tags: Mapping[str, str]) -> int | None:
    """The ``population`` tag as a number when it is one (``"12 392"`` too), else None.

    Examples
    --------
    >>> population({"population": "12 392"}), population({"population": "~500"})
    (12392, None)
    """
    text = tags.get("population", "").replace(" ", "").replace(",", "")
    return int(text) if _NUMBER.match(text) else None


def names(tags: Mapping[str, str]) -> dict[str, str | None]:
    """``name`` (English: ``name:en``, else the Ukrainian name transliterated, else OSM's
    ``name``), ``name_uk`` (``name:uk``, else ``name``) and ``name_en`` (``name:en``).

    Examples
    --------
    >>> names({"name": "Сіверськ"})
    {'name': 'Siversk', 'name_uk': 'Сіверськ', 'name_en': None}
    """
    osm = tags.get("name")
    uk = tags.get("name:uk") or osm
    en = tags.get("name:en")
    latin = transliterate_uk(uk) if uk else None
    return {"name": en or latin or osm, "name_uk": uk, "name_en": en}


def _feature(
    layer: str, element: str, osmid: int, geom: BaseGeometry | None, props: dict[str, Any]
) -> BaseFeature | None:
    if geom is None:
        return None
    return BaseFeature(f"osm-{layer.replace('_', '-')}-{element}{osmid}", layer, geom, props)


def _places(gdf: Any, box: Box) -> Iterator[BaseFeature]:
    rows = [r for r in _rows(gdf) if r[2].get("place") in PLACE_RANK and r[2].get("name")]
    nodes = [r for r in rows if r[3].geom_type == "Point"]
    for element, osmid, tags, geom in rows:
        props: dict[str, Any] = {
            "kind": tags["place"],
            **names(tags),
            "population": population(tags),
        }
        if geom.geom_type == "Point":
            found = _feature("settlement", element, osmid, fit(geom, box, "point"), props)
            if found:
                yield found
            continue
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        clipped = fit(geom, box, "polygon")
        area_props = {**props, "kind": "city boundary", "place": tags["place"]}
        boundary = _feature("boundary", element, osmid, clipped, area_props)
        if boundary is None or clipped is None:
            continue
        yield boundary
        # A place mapped only as an area still needs a point to carry its label.
        has_node = any(
            n[2].get("name") == tags.get("name") and geom.buffer(0.01).contains(n[3]) for n in nodes
        )
        if not has_node:
            point = _feature("settlement", element, osmid, fit(clipped, box, "point"), props)
            if point:
                yield point


def _oblast(gdf: Any, box: Box) -> Iterator[BaseFeature]:
    for element, osmid, tags, geom in _rows(gdf):
        if tags.get("boundary") != "administrative" or tags.get("admin_level") != "4":
            continue
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        props = {"kind": "oblast", **names(tags)}
        found = _feature("boundary", element, osmid, fit(geom, box, "polygon"), props)
        if found:
            yield found


def _lines(gdf: Any, box: Box, layer: str, key: str, classes: tuple[str, ...]) -> Iterator[Any]:
    for element, osmid, tags, geom in _rows(gdf):
        if tags.get(key) not in classes or geom.geom_type not in ("LineString", "MultiLineString"):
            continue
        props: dict[str, Any] = {"kind": tags[key], **names(tags)}
        if layer == "road":
            props["ref"] = tags.get("ref")
        found = _feature(layer, element, osmid, fit(geom, box, "line"), props)
        if found:
            yield found


def _areas(gdf: Any, box: Box, layer: str) -> Iterator[BaseFeature]:
    for element, osmid, tags, geom in _rows(gdf):
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        if layer == "water":
            if tags.get("natural") != "water" and tags.get("landuse") != "reservoir":
                continue
            reservoir = tags.get("landuse") == "reservoir"
            kind = "reservoir" if reservoir else tags.get("water", "water")
            props: dict[str, Any] = {"kind": kind, **names(tags)}
        elif layer == "built_up":
            if tags.get("landuse") not in BUILT_UP_CLASSES:
                continue
            props = {"kind": tags["landuse"], **names(tags)}
        else:
            geom = shapely.simplify(geom, BUILDING_TOLERANCE, preserve_topology=True)
            props = {"kind": tags.get("building", "yes")}
        found = _feature(layer, element, osmid, fit(geom, box, "polygon"), props)
        if found:
            yield found


def features_from_groups(results: Mapping[str, Any], box: Box) -> dict[str, list[BaseFeature]]:
    """The base layers from the query groups' GeoDataFrames.

    Parameters
    ----------
    results : mapping
        Group name (see :data:`GROUPS`) to the OSMnx GeoDataFrame it returned (or None).
    box : tuple of float
        The data set's ``bbox``: everything is clipped to it.

    Returns
    -------
    dict
        Layer name to its features, sorted by id (every base layer present, maybe empty).
    """
    layers: dict[str, list[BaseFeature]] = {
        name: []
        for name in (
            "settlement",
            "boundary",
            "road",
            "railway",
            "river",
            "water",
            "built_up",
            "building",
        )
    }
    produced = [
        *_places(results.get("places"), box),
        *_oblast(results.get("oblast"), box),
        *_lines(results.get("roads"), box, "road", "highway", ROAD_CLASSES),
        *_lines(results.get("railways"), box, "railway", "railway", RAIL_CLASSES),
        *_lines(results.get("waterways"), box, "river", "waterway", WATERWAY_CLASSES),
        *_areas(results.get("water"), box, "water"),
        *_areas(results.get("built-up"), box, "built_up"),
        *_areas(results.get("buildings"), box, "building"),
    ]
    for feature in produced:
        layers[feature.layer].append(feature)
    if layers["building"]:
        from .blocks import building_blocks

        layers["built_up"].extend(building_blocks(layers["building"], layers["built_up"], box))
    for items in layers.values():
        items.sort(key=lambda f: f.fid)
    return layers
