"""Areas of the timeline page's encoded geometry, measured on the arcs it is stored as.

The page stores geometry as a topology of shared, quantised arcs
(:mod:`siversk_map.render.topology`); the figures it shows are those of that geometry, so they
are measured here from the same arcs: each arc's shoelace term in an equal-area projection is
computed once, and a ring's area is the sum of the terms of its arcs. The projection is
Lambert azimuthal equal-area on the WGS84 ellipsoid and edges are densified as
:func:`~siversk_map.analysis.geodesy.area_km2` densifies them, so both agree to about one part
in a million (checked in ``tests/test_topology.py``).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from .geodesy import DENSIFY_DEG, lonlat_to

__all__ = ["ArcStore", "PageAreas"]

_POLYGONAL = ("Polygon", "MultiPolygon")


class ArcStore(Protocol):
    """What :class:`PageAreas` reads of a topology: quantised arcs and their grid."""

    arcs: list[np.ndarray]
    translate: tuple[int, int]

    @property
    def scale(self) -> float:
        """Degrees per grid unit."""


class PageAreas:
    """Areas (km²) of geometries stored as, or drawn from, one topology's arcs.

    Parameters
    ----------
    topology : ArcStore
        The topology (``arcs``, ``translate``, ``scale``).
    """

    def __init__(self, topology: ArcStore) -> None:
        self.topology = topology
        self._terms: np.ndarray | None = None
        self._laea: Transformer | None = None
        # Areas of objects by the id of their arc list, which copies of an object share.
        self._objects: dict[int, tuple[Any, float]] = {}

    def _lines(self, indexes: Sequence[int]) -> np.ndarray:
        topo = self.topology
        xy = [topo.arcs[k] for k in indexes]
        coords = (np.concatenate(xy) + np.asarray(topo.translate)) * topo.scale
        owner = np.repeat(np.arange(len(xy)), [len(a) for a in xy])
        return np.asarray(shapely.linestrings(coords, indices=owner))

    def _arc_terms(self) -> np.ndarray:
        """Per arc, twice its signed shoelace area term (m²) in an equal-area projection."""
        if self._terms is not None:
            return self._terms
        arcs = self.topology.arcs
        if not arcs:
            self._terms = np.zeros(0)
            return self._terms
        self._terms = self._shoelace(self._lines(range(len(arcs))), len(arcs))
        return self._terms

    def _projection(self) -> Transformer:
        """Lambert azimuthal equal-area on the WGS84 ellipsoid, centred on the data."""
        if self._laea is None:
            topo = self.topology
            x0, y0 = topo.translate
            top = np.concatenate(topo.arcs).max(axis=0) if topo.arcs else np.zeros(2)
            lon0 = (x0 + int(top[0]) / 2) * topo.scale
            lat0 = (y0 + int(top[1]) / 2) * topo.scale
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

    def polygon_km2(self, geom: BaseGeometry) -> float:
        """Area (km²) of any polygonal geometry, measured as the arcs are (equal-area).

        Parameters
        ----------
        geom : shapely geometry
            In lon/lat; only its polygons count.
        """
        polys = shapely.get_parts(geom)
        polys = polys[np.isin(shapely.get_type_id(polys), (3,))]
        if not len(polys):
            return 0.0
        rings, owner = shapely.get_rings(polys, return_index=True)
        terms = np.abs(self._shoelace(rings, len(rings))) / 2.0
        exterior = np.ones(len(rings), dtype=bool)
        exterior[1:] = owner[1:] != owner[:-1]
        return float(terms[exterior].sum() - terms[~exterior].sum()) / 1e6

    def polygons_km2(self, geoms: Sequence[BaseGeometry]) -> list[float]:
        """:meth:`polygon_km2` of many geometries, projected together (the same figures).

        Parameters
        ----------
        geoms : sequence of shapely geometry
            In lon/lat; only their polygons count.

        Examples
        --------
        >>> from shapely.geometry import box
        >>> from siversk_map.render.topology import build_topology
        >>> boxes = [box(38.0, 48.8, 38.1, 48.9), box(38.1, 48.8, 38.2, 48.9)]
        >>> areas = PageAreas(build_topology(boxes))
        >>> areas.polygons_km2(boxes) == [areas.polygon_km2(b) for b in boxes]
        True
        """
        if not len(geoms):
            return []
        parts, owner = shapely.get_parts(np.asarray(geoms, dtype=object), return_index=True)
        polygonal = np.isin(shapely.get_type_id(parts), (3,))
        parts, owner = parts[polygonal], owner[polygonal]
        rings, part = shapely.get_rings(parts, return_index=True)
        terms = np.abs(self._shoelace(rings, len(rings))) / 2.0 if len(rings) else np.zeros(0)
        exterior = np.ones(len(rings), dtype=bool)
        exterior[1:] = part[1:] != part[:-1]
        # Each geometry's rings, in turn: summed as polygon_km2 sums them, one geometry alone.
        bounds = np.searchsorted(owner[part], np.arange(len(geoms) + 1))
        out = []
        for a, b in itertools.pairwise(bounds.tolist()):
            if a == b:
                out.append(0.0)
                continue
            t, e = terms[a:b], exterior[a:b]
            out.append(float(t[e].sum() - t[~e].sum()) / 1e6)
        return out

    def object_km2(self, obj: dict[str, Any] | None) -> float:
        """Area (km²) of a polygonal object of the topology, from its arcs' terms.

        Parameters
        ----------
        obj : dict or None
            A TopoJSON-style object (``{"type", "arcs"}``); 0 for None or a non-polygon.

        Examples
        --------
        >>> from shapely.geometry import box
        >>> from siversk_map.render.topology import build_topology
        >>> topo = build_topology([box(38.0, 48.8, 38.1, 48.9)])
        >>> round(PageAreas(topo).object_km2(topo.objects[0]), 1)
        81.6
        """
        if obj is None or obj["type"] not in _POLYGONAL:
            return 0.0
        arcs = obj["arcs"]
        known = self._objects.get(id(arcs))
        if known is not None and known[0] is arcs:  # a copy of an object measured already
            return known[1]
        terms = self._arc_terms()
        polygons = arcs if obj["type"] == "MultiPolygon" else [arcs]
        rings = list(itertools.chain.from_iterable(polygons))
        sizes = np.fromiter(map(len, rings), np.int64, len(rings))
        refs = np.fromiter(itertools.chain.from_iterable(rings), np.int64, int(sizes.sum()))
        owner = np.repeat(np.arange(len(rings)), sizes)
        forward = refs >= 0
        signed = terms[np.where(forward, refs, ~refs)] * np.where(forward, 1.0, -1.0)
        ring_area = np.abs(np.bincount(owner, weights=signed, minlength=len(rings))) / 2.0
        counts = np.fromiter(map(len, polygons), np.int64, len(polygons))
        shell = np.zeros(len(rings), dtype=bool)  # each polygon's first ring
        shell[(np.cumsum(counts) - counts)[counts > 0]] = True
        km2 = float(ring_area[shell].sum() - ring_area[~shell].sum()) / 1e6
        self._objects[id(arcs)] = (arcs, km2)  # the list kept: its id is not reused
        return km2


@functools.lru_cache(maxsize=16)
def _laea(lon0: str, lat0: str) -> Transformer:
    """Lambert azimuthal equal-area on the WGS84 ellipsoid (metres), from lon/lat."""
    return lonlat_to(f"+proj=laea +lat_0={lat0} +lon_0={lon0} +ellps=WGS84")
