"""Arcs written against another topology's arcs: runs copied from them, the rest as points.

The change geometries of a timeline page (gained and lost ground, the faces of every change)
are bounded by pieces of the dated features' arcs, cut where they cross. Written as plain
points (:func:`~siversk_map.render.topology_codec.encode_arcs`) they repeated most of the
page's main topology; here every run of points that follows an arc of that topology is a
reference to it (arc, direction, start, length) and only the points it lacks (where two
boundaries cross) are written out.

The text form is ``{"base": "topology", "counts": "<base64>", "data": "<base64>"}``: ``counts``
the number of points of each arc, ``data`` operations that give the points of every arc, the
arcs end to end (an operation may run on from one arc into the next), every number a zig-zag
varint (as in :mod:`~siversk_map.render.topology_codec`). An operation starts with
``t``: ``t < 0`` is ``-t`` points, each as its difference to the point written before it (in
this topology's grid: ``translate``); ``t > 0`` copies points of the base topology's arc
``k = (t - 1) // 2`` (``t = 2k + 1``; ``t = 2k + 2``: walked backwards), then ``start,
length``: the points ``start`` to ``start + length - 1`` of the arc as walked, moved to this
topology's grid. The page decodes this in ``static/topology.js``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .topology_codec import read_varints, varints

__all__ = ["decode_runs", "encode_runs"]


def _edges(base: Sequence[np.ndarray]) -> dict[tuple[int, int, int, int], tuple[int, int, int]]:
    """Every directed edge of the base arcs -> (arc, start of the edge as walked, backwards)."""
    found: dict[tuple[int, int, int, int], tuple[int, int, int]] = {}
    for k, arc in enumerate(base):
        n = len(arc)
        pts = arc.tolist()
        for i in range(n - 1):
            (x0, y0), (x1, y1) = pts[i], pts[i + 1]
            found.setdefault((x0, y0, x1, y1), (k, i, 0))
            found.setdefault((x1, y1, x0, y0), (k, n - 2 - i, 1))
    return found


def _bytes(value: int) -> int:
    """Bytes of one zig-zag varint."""
    zz = (value << 1) ^ (value >> 63)
    return max(1, (zz.bit_length() + 6) // 7)


def _copy_cost(t: int, start: int, size: int) -> int:
    return _bytes(t) + _bytes(start) + _bytes(size) + 1  # and a new run of points after it


def _loose_cost(pts: list[list[int]], done: int, size: int, last: list[int]) -> int:
    """Bytes of points ``done + 1 .. done + size`` written out, from ``last`` on."""
    total = 0
    for i in range(done + 1, done + 1 + size):
        total += _bytes(pts[i][0] - last[0]) + _bytes(pts[i][1] - last[1])
        last = pts[i]
    return total


def encode_runs(
    arcs: Sequence[np.ndarray],
    translate: tuple[int, int],
    base: Sequence[np.ndarray],
    base_translate: tuple[int, int],
) -> dict[str, Any]:
    """Quantised arcs as runs of a base topology's arcs and plain points.

    Parameters
    ----------
    arcs : sequence of numpy.ndarray
        The arcs to write, ``(n, 2)`` grid units from ``translate``.
    translate : tuple of int
        Their grid origin.
    base : sequence of numpy.ndarray
        The base topology's arcs, grid units from ``base_translate`` (same grid step).
    base_translate : tuple of int
        The base topology's grid origin.

    Returns
    -------
    dict
        ``{"base": "topology", "counts": "<base64>", "data": "<base64>"}``.

    Examples
    --------
    >>> import numpy as np
    >>> base = [np.array([[0, 0], [5, 0], [5, 5], [0, 5]])]
    >>> arcs = [np.array([[5, 5], [5, 0], [2, 0], [2, -3]])]
    >>> enc = encode_runs(arcs, (10, 10), base, (10, 10))
    >>> [a.tolist() for a in decode_runs(enc, (10, 10), base, (10, 10))]
    [[[5, 5], [5, 0], [2, 0], [2, -3]]]
    """
    shift = np.asarray(base_translate, dtype=np.int64) - np.asarray(translate, dtype=np.int64)
    moved = [np.asarray(a, dtype=np.int64) + shift for a in base]
    edges = _edges(moved)
    walked: dict[tuple[int, int], list[list[int]]] = {}
    out: list[int] = []
    cursor = [0, 0]
    loose: list[list[int]] = []  # points waiting to be written out

    def flush() -> None:
        nonlocal cursor
        if loose:
            out.append(-len(loose))
            for p in loose:
                out.extend((p[0] - cursor[0], p[1] - cursor[1]))
                cursor = p
            loose.clear()

    for arc in arcs:
        pts = np.asarray(arc, dtype=np.int64).tolist()
        m = len(pts)
        done = -1  # points 0..done are written
        while done < m - 1:
            j = max(done, 0)
            hit = edges.get((*pts[j], *pts[j + 1])) if j + 1 < m else None
            size = 0
            if hit is not None:
                k, a, back = hit
                if (k, back) not in walked:
                    walked[(k, back)] = (moved[k][::-1] if back else moved[k]).tolist()
                path = walked[(k, back)]
                start = a if done < 0 else a + 1
                while (
                    done + 1 + size < m
                    and start + size < len(path)
                    and path[start + size] == pts[done + 1 + size]
                ):
                    size += 1
            last = loose[-1] if loose else cursor
            if size < 2 or _copy_cost(2 * k + 2, start, size) >= _loose_cost(pts, done, size, last):
                # Written out, these points take no more bytes than a copy of them.
                loose.extend(pts[done + 1 : done + 1 + max(size, 1)])
                done += max(size, 1)
                continue
            flush()
            out.extend((2 * k + (2 if back else 1), start, size))
            done += size
            cursor = pts[done]

    flush()
    return {
        "base": "topology",
        "counts": varints(np.asarray([len(a) for a in arcs], dtype=np.int64)),
        "data": varints(np.asarray(out, dtype=np.int64)),
    }


def decode_runs(
    encoded: dict[str, Any],
    translate: tuple[int, int],
    base: Sequence[np.ndarray],
    base_translate: tuple[int, int],
) -> list[np.ndarray]:
    """Inverse of :func:`encode_runs` (what the page's script does, in Python, for tests)."""
    shift = (base_translate[0] - translate[0], base_translate[1] - translate[1])
    values = read_varints(encoded["data"])
    at = 0
    cursor = (0, 0)
    points: list[tuple[int, int]] = []  # every arc's points, end to end
    while at < len(values):
        t = values[at]
        at += 1
        if t < 0:
            for _ in range(-t):
                cursor = (cursor[0] + values[at], cursor[1] + values[at + 1])
                at += 2
                points.append(cursor)
            continue
        k, back = (t - 1) // 2, t % 2 == 0
        start, size = values[at], values[at + 1]
        at += 2
        arc = base[k][::-1] if back else base[k]
        for x, y in arc[start : start + size].tolist():
            cursor = (x + shift[0], y + shift[1])
            points.append(cursor)
    counts = read_varints(encoded["counts"])
    if len(points) != sum(counts):
        raise ValueError("topology runs: arc data and counts disagree")
    flat = np.asarray(points, dtype=np.int64).reshape(-1, 2)
    return list(np.split(flat, np.cumsum(counts)[:-1])) if counts else []
