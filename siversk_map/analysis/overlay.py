"""The difference of two dates' ground, computed only where their outlines differ.

Two dates of a long series share almost all of their outline: a front of thousands of vertices
moves in a few places. :func:`shapely.difference` nodes every edge of both polygons (about
22 ms for two 3,000-vertex fronts, both ways); this finds the few places first and runs the
overlay there (about 8 ms).

Why it is exact: the boundary of ``a - b`` and of ``b - a`` is made of pieces of edges that
are in one outline and not in the other (where both outlines run along the same edge, the two
sides of it agree). So each connected piece of either difference lies inside the bounding box of
the differing edges around it. Boxes around every differing edge, grown a little and merged
until no two overlap, therefore hold all of both differences, each piece whole inside one box.
Inside a box the difference of the two polygons clipped to the box is the difference itself;
outside every box there is none. Clipping (:func:`shapely.clip_by_rect`) is linear and the
overlays it leaves are small.

When a clipped polygon comes out invalid (``clip_by_rect`` does not promise validity) or there
are too many places to be worth it, the plain overlay of the whole is used instead.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["differences"]

#: How far (degrees) each box reaches past its edges: well clear of the edges, and not on the
#: 1e-7° grid the importers round to, so a box side never runs along an edge.
MARGIN_DEG = 3.14159e-5
#: More boxes than this and the plain overlay is as quick.
MAX_BOXES = 64
#: More differing edges than this and the plain overlay is as quick (and the box merging's
#: pairwise matrix stays small: 3,000² booleans).
MAX_EDGES = 3000
#: Fewer vertices (both geometries) than this and the plain overlay is quicker.
MIN_VERTICES = 1000


def differences(a: BaseGeometry, b: BaseGeometry) -> tuple[BaseGeometry, BaseGeometry]:
    """``a - b`` and ``b - a`` of two polygonal geometries, overlaid only where they differ.

    The same ground as :func:`shapely.difference` both ways (tested on every pair of
    consecutive dates of the bundled and of a whole-front series).

    Parameters
    ----------
    a, b : shapely geometry
        Valid polygons or multipolygons (lon/lat).

    Returns
    -------
    tuple of shapely geometry
        ``(a - b, b - a)``.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> gained, lost = differences(box(0, 0, 2, 1), box(0, 0, 1, 1))
    >>> gained.area, lost.area
    (1.0, 0.0)
    """
    boxes = _changed_boxes(a, b)
    if boxes is None:
        return a.difference(b), b.difference(a)
    if not len(boxes):
        return shapely.Polygon(), shapely.Polygon()
    ab: list[BaseGeometry] = []
    ba: list[BaseGeometry] = []
    for x0, y0, x1, y1 in boxes.tolist():
        pa = shapely.clip_by_rect(a, x0, y0, x1, y1)
        pb = shapely.clip_by_rect(b, x0, y0, x1, y1)
        if not (shapely.is_valid(pa) and shapely.is_valid(pb)):
            return a.difference(b), b.difference(a)
        ab.append(pa.difference(pb))
        ba.append(pb.difference(pa))
    return _gather(ab), _gather(ba)


def _gather(pieces: list[BaseGeometry]) -> BaseGeometry:
    """Pieces from disjoint boxes as one geometry (their polygons; no union needed)."""
    parts = [p for piece in pieces for p in shapely.get_parts(piece) if not p.is_empty]
    polygons = [p for p in parts if p.geom_type == "Polygon"]
    if len(polygons) != len(parts):  # pragma: no cover - differences of polygons are polygons
        return shapely.union_all(pieces)
    if not polygons:
        return shapely.Polygon()
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def _changed_boxes(a: BaseGeometry, b: BaseGeometry) -> np.ndarray | None:
    """Disjoint boxes (rows ``x0, y0, x1, y1``) holding every edge of one outline and not the
    other, grown by :data:`MARGIN_DEG`; None when the plain overlay is the better way."""
    if a.is_empty or b.is_empty:
        return None
    if shapely.get_num_coordinates(a) + shapely.get_num_coordinates(b) < MIN_VERTICES:
        return None
    (ea, keys_a, in_a), (eb, keys_b, in_b) = _outline(a), _outline(b)
    only = np.concatenate(
        [
            ea[np.fromiter((k not in in_b for k in keys_a), bool, len(keys_a))],
            eb[np.fromiter((k not in in_a for k in keys_b), bool, len(keys_b))],
        ]
    )
    if not len(only):
        return np.zeros((0, 4))
    if len(only) > MAX_EDGES:
        return None
    boxes = np.column_stack(
        [
            np.minimum(only[:, 0], only[:, 2]) - MARGIN_DEG,
            np.minimum(only[:, 1], only[:, 3]) - MARGIN_DEG,
            np.maximum(only[:, 0], only[:, 2]) + MARGIN_DEG,
            np.maximum(only[:, 1], only[:, 3]) + MARGIN_DEG,
        ]
    )
    merged = _merge(boxes)
    return None if len(merged) > MAX_BOXES else merged


def _merge(boxes: np.ndarray) -> np.ndarray:
    """Boxes merged (each group of overlapping or touching boxes into its bounding box) until no
    two overlap or touch, in a fixed order."""
    while True:
        hit = _overlaps(boxes)
        if not hit.any():
            order = np.lexsort((boxes[:, 1], boxes[:, 0]))
            return np.asarray(boxes[order])
        np.fill_diagonal(hit, True)
        # Connected groups: every box takes the smallest label it can reach.
        labels = np.arange(len(boxes))
        while True:
            reach = np.where(hit, labels[None, :], len(boxes)).min(axis=1)
            if np.array_equal(reach, labels):
                break
            labels = reach
        groups = np.unique(labels)
        boxes = np.array(
            [
                [
                    boxes[labels == g, 0].min(),
                    boxes[labels == g, 1].min(),
                    boxes[labels == g, 2].max(),
                    boxes[labels == g, 3].max(),
                ]
                for g in groups
            ]
        )


def _overlaps(boxes: np.ndarray) -> np.ndarray:
    """Which pairs of boxes overlap or touch (a boolean matrix, the diagonal False)."""
    x0, y0, x1, y1 = (boxes[:, k][:, None] for k in range(4))
    # Box i overlaps box j when each starts before the other ends, on both axes.
    hit: np.ndarray = (x0 <= x1.T) & (x1 >= x0.T) & (y0 <= y1.T) & (y1 >= y0.T)
    np.fill_diagonal(hit, False)
    return hit


def _outline(geom: BaseGeometry) -> tuple[np.ndarray, list[bytes], set[bytes]]:
    """A geometry's edges, their keys and the set of them; the last few are kept, as a date's
    ground is the later geometry of one pair and the earlier of the next."""
    for seen, found in _OUTLINES:
        if seen is geom:
            return found
    edges = _edges(geom)
    keys = _keys(edges)
    found = (edges, keys, set(keys))
    _OUTLINES.append((geom, found))  # the geometry is held too: its id stays its own
    del _OUTLINES[:-4]
    return found


#: The outlines measured last, with their geometries (see :func:`_outline`).
_OUTLINES: list[tuple[BaseGeometry, tuple[np.ndarray, list[bytes], set[bytes]]]] = []


def _edges(geom: BaseGeometry) -> np.ndarray:
    """Every edge of a polygonal geometry's rings, as rows ``x0, y0, x1, y1`` with the two ends
    in a fixed order (an edge walked either way is the same edge)."""
    rings = shapely.get_rings(shapely.get_parts(geom))
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[:-1] == ring[1:]
    start, end = xy[:-1][same], xy[1:][same]
    swap = (start[:, 0] > end[:, 0]) | ((start[:, 0] == end[:, 0]) & (start[:, 1] > end[:, 1]))
    low = np.where(swap[:, None], end, start)
    high = np.where(swap[:, None], start, end)
    return np.ascontiguousarray(np.column_stack([low, high]))


def _keys(edges: np.ndarray) -> list[bytes]:
    """Each edge's four coordinates as one hashable value (its 32 bytes; ``-0.0`` as ``0.0``)."""
    rows = np.ascontiguousarray(edges + 0.0).view(np.dtype((np.void, 32))).ravel()
    return cast("list[bytes]", rows.tolist())  # a void row's item is its bytes
