"""Buildings merged into built-up blocks, where OpenStreetMap has no ``landuse`` area for them.

Many villages have their houses mapped but no ``landuse=residential`` around them; a map still
needs their built-up area at low zoom. Buildings within about 50 m of each other are merged: each
outline is grown by :data:`GROW_M`, the union is shrunk by :data:`SHRINK_M` and simplified, in
the area's UTM zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import geopandas as gpd
import shapely

from .layers import BaseFeature, Box, fit

__all__ = ["GROW_M", "SHRINK_M", "building_blocks"]

GROW_M: Final = 25.0
SHRINK_M: Final = 20.0
_SIMPLIFY_M: Final = 2.0


def building_blocks(
    buildings: Sequence[BaseFeature], covered: Sequence[BaseFeature], box: Box
) -> list[BaseFeature]:
    """``built_up`` features of kind ``block`` from the buildings no landuse area covers.

    Parameters
    ----------
    buildings : sequence of BaseFeature
        The ``building`` features.
    covered : sequence of BaseFeature
        The ``built_up`` features from landuse: buildings inside them are left out.
    box : tuple of float
        The data set's ``bbox``.

    Returns
    -------
    list of BaseFeature
        Ids ``osm-built-up-block-<n>``, numbered south to north, then west to east.
    """
    cover = shapely.union_all([f.geometry for f in covered]) if covered else None
    outside = [
        f.geometry
        for f in buildings
        if cover is None or not cover.contains(f.geometry.representative_point())
    ]
    if not outside:
        return []
    series = gpd.GeoSeries(outside, crs="EPSG:4326")
    utm = series.estimate_utm_crs()
    grown = series.to_crs(utm).buffer(GROW_M, quad_segs=4).union_all()
    merged = shapely.simplify(grown.buffer(-SHRINK_M, quad_segs=4), _SIMPLIFY_M)
    back = gpd.GeoSeries([merged], crs=utm).to_crs("EPSG:4326").iloc[0]
    parts = []
    for part in getattr(back, "geoms", [back]):
        fitted = fit(part, box, "polygon")
        if fitted is not None:
            point = fitted.representative_point()
            parts.append((round(point.y, 7), round(point.x, 7), fitted))
    parts.sort(key=lambda p: (p[0], p[1]))
    return [
        BaseFeature(f"osm-built-up-block-{i}", "built_up", geom, {"kind": "block"})
        for i, (_, _, geom) in enumerate(parts, start=1)
    ]
