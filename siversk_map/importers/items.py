"""Items of a source document, for the import engine's parse and screen stages.

An item is one source feature: its raw features (one per member of a GeometryCollection),
or why it has none (null geometry, rejected). The screen stage merges them and checks them
for lon/lat degrees and the antimeridian.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from .. import io as layer_io
from ..errors import Problem
from ..io import RawFeature, ReadResult

__all__ = [
    "Item",
    "crosses_antimeridian",
    "lonlat_ok",
    "merged",
    "one_line",
    "read_items",
]


@dataclass
class Item:
    index: int
    raws: list[RawFeature]
    null: bool = False
    rejected: bool = False
    had_z: bool = False


def document_features(doc: Any, shown: str) -> tuple[list[Any], Any, list[Problem]]:
    """The feature list of a document, its CRS transformer, and top-level problems (errors,
    and warnings such as a reprojection or an empty layer)."""
    if isinstance(doc, dict) and "type" not in doc and set(doc) == {"value"}:
        doc = doc["value"]  # the NZZ archive wraps its FeatureCollection in {"value": ...}
    return layer_io.document_features(doc, shown)


def read_items(doc: Any, shown: str) -> tuple[list[Item], list[Problem]]:
    features, transformer, problems = document_features(doc, shown)
    items: list[Item] = []
    for index, feature in enumerate(features):
        item = Item(index, [])
        items.append(item)
        if (
            isinstance(feature, dict)
            and feature.get("type") == "Feature"
            and (feature.get("geometry") is None)
        ):
            item.null = True
            continue
        result = ReadResult()
        layer_io.read_feature(feature, index, shown, transformer, result)
        item.raws = result.features
        for problem in result.problems:
            if problem.severity == "error":
                item.rejected = True
                problems.append(problem)
            elif problem.reason.startswith("3-D"):
                item.had_z = True
    return items, problems


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def merged(raws: list[RawFeature]) -> RawFeature:
    """One raw feature for a source feature (the members of a GeometryCollection together)."""
    first = raws[0]
    if len(raws) == 1:
        return RawFeature(first.file, first.index, first.fid, first.properties, first.geometry)
    geoms = [r.geometry for r in raws if r.geometry is not None]
    return RawFeature(
        first.file, first.index, first.fid, first.properties, shapely.GeometryCollection(geoms)
    )


def lonlat_ok(geom: BaseGeometry) -> bool:
    x0, y0, x1, y1 = geom.bounds
    return all(math.isfinite(v) for v in (x0, y0, x1, y1)) and (
        x0 >= -180 and x1 <= 180 and y0 >= -90 and y1 <= 90
    )


def crosses_antimeridian(geom: BaseGeometry) -> bool:
    """Whether a part spans more than 180° of longitude: drawn across the antimeridian.

    Read as written, such a part wraps the long way round the globe and covers every area of
    interest between its ends. (A part split at ±180°, as RFC 7946 asks, spans less.)
    """
    for part in shapely.get_parts(shapely.get_parts(geom)):
        x0, _, x1, _ = part.bounds
        if x1 - x0 > 180:
            return True
    return False
