"""Base geography for a wide imported area: Ukraine's oblasts and its main cities.

An import over a whole front (or any area that fits the map at zoom
:data:`~siversk_map.model.WIDE_VIEW_ZOOM` or wider) has no OpenStreetMap extract at hand
(``siversk-map basemap`` is for a town's surroundings), and without one its maps show the
occupied area on a blank ground. Such an
import gets ``base/context.geojson``, from the bundled Natural Earth layers (public domain,
:mod:`siversk_map.geo`):

- the oblasts (and Crimea, Sevastopol, Kyiv) lying wholly inside the area, as ``boundary``
  features (drawn as dashed outlines; one cut by the area's edge is left out rather than
  drawn with a border that is not one);
- the cities and towns inside the area, as ``settlement`` points (labelled by size).

>>> [f["properties"]["name"] for f in context_features((37.0, 48.0, 38.5, 49.0))]
['Donetsk', 'Horlivka', 'Makiivka', 'Kramatorsk', 'Lysychansk']
>>> [f["properties"]["name"] for f in context_features((36.0, 46.5, 40.5, 50.5))][:2]
['Luhansk Oblast', 'Donetsk Oblast']
"""

from __future__ import annotations

import json
import re
from typing import Any

import shapely
from shapely.geometry import box

from ..errors import Problem, ValidationError
from ..geo import ATTRIBUTION, oblasts, places
from ..io import read_geojson_document
from ..model import Manifest
from ..validate import build_table
from .layer_files import collection_text

__all__ = ["CONTEXT_FILE", "context_features", "context_file"]

#: Where the layer is written in the data set.
CONTEXT_FILE = "base/context.geojson"
_PLACE_SOURCE = f"Natural Earth 1:10m populated places (public domain); {ATTRIBUTION}"
_OBLAST_SOURCE = f"Natural Earth 1:10m admin-1 units (public domain); {ATTRIBUTION}"
#: Natural Earth's positions: a city's point, its oblasts' outlines simplified to about 1 km.
_PLACE_PRECISION_M = 3000
_OBLAST_PRECISION_M = 2000


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def context_features(aoi: tuple[float, float, float, float]) -> list[dict[str, Any]]:
    """The context features inside an area: oblasts wholly inside, then places, largest first.

    Parameters
    ----------
    aoi : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)``.

    Returns
    -------
    list of dict
        GeoJSON features with ``id`` and the layer properties (``layer``, ``kind``, ``name``,
        ``name_en``, ``name_uk``, ``source``, ``precision_m``, and ``population`` for places).
    """
    area = box(*aoi)
    out: list[dict[str, Any]] = []
    for unit in oblasts():
        if not area.contains(unit.geometry):
            continue
        out.append(
            {
                "type": "Feature",
                "id": f"context-oblast-{unit.iso_3166_2.lower()}",
                "properties": {
                    "layer": "boundary",
                    "kind": "oblast" if unit.kind == "oblast" else unit.kind,
                    "name": unit.name,
                    "name_en": unit.name,
                    "name_uk": unit.name_uk,
                    "precision_m": _OBLAST_PRECISION_M,
                    "source": _OBLAST_SOURCE,
                },
                "geometry": json.loads(shapely.to_geojson(unit.geometry)),
            }
        )
    for place in places():
        if not area.covers(shapely.Point(place.lon, place.lat)):
            continue
        out.append(
            {
                "type": "Feature",
                "id": f"context-place-{_slug(place.name)}",
                "properties": {
                    "layer": "settlement",
                    "kind": place.kind,
                    "name": place.name,
                    "name_en": place.name,
                    "name_uk": place.name_uk,
                    "population": place.population,
                    "precision_m": _PLACE_PRECISION_M,
                    "source": _PLACE_SOURCE,
                },
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            }
        )
    return out


def context_file(aoi: tuple[float, float, float, float], manifest: Manifest) -> bytes | None:
    """The bytes of :data:`CONTEXT_FILE` for an area, checked as a loaded layer file is.

    Parameters
    ----------
    aoi : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)``.
    manifest : Manifest
        The manifest of the data set written to.

    Returns
    -------
    bytes or None
        One feature per line, keys sorted; None when nothing lies inside the area.

    Raises
    ------
    ValidationError
        When the layer fails the checks (a bug guard: nothing is written).
    """
    features = context_features(aoi)
    if not features:
        return None
    doc = {"type": "FeatureCollection", "features": features}
    read = read_geojson_document(doc, CONTEXT_FILE)
    problems: list[Problem] = list(read.problems)
    build_table(read.features, manifest, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationError(errors)
    return collection_text(
        [json.dumps(f, ensure_ascii=False, separators=(",", ":"), sort_keys=True) for f in features]
    )
