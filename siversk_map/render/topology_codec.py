"""The text form of a topology: arcs delta, zig-zag and varint encoded, objects packed.

Every point of every arc, the arcs end to end, is written as its difference to the point before
it (the first from 0, 0), each number as a zig-zag variable-length integer (7 bits per byte), in
one base64 text; ``counts`` gives the number of points of each arc. The page decodes this once
(``static/topology.js``); see :mod:`siversk_map.render.topology` for what the arcs are.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = [
    "decode_arcs",
    "decode_geometry",
    "encode_arcs",
    "pack_object",
    "read_varints",
    "unpack_object",
    "unpack_shape",
    "varint_array",
    "varints",
]


def _zigzag(values: np.ndarray) -> np.ndarray:
    return ((values << 1) ^ (values >> 63)).astype(np.uint64)


def encode_arcs(arcs: Sequence[np.ndarray]) -> dict[str, Any]:
    """Delta, zig-zag and varint encode quantised arcs into one base64 text.

    Parameters
    ----------
    arcs : sequence of numpy.ndarray
        Integer arrays of shape ``(n, 2)``.

    Returns
    -------
    dict
        ``{"counts": [n, ...], "data": "<base64>"}``.

    Examples
    --------
    >>> import numpy as np
    >>> enc = encode_arcs([np.array([[0, 0], [3, -1], [3, 200]])])
    >>> enc["counts"], [a.tolist() for a in decode_arcs(enc)]
    ([3], [[[0, 0], [3, -1], [3, 200]]])
    """
    if not arcs:
        return {"counts": [], "data": ""}
    # One walk through every arc in turn: an arc's first point is its difference to the last
    # point of the arc before (arcs cut from one ring follow each other: mostly 0, 0).
    points = np.concatenate([np.asarray(a, dtype=np.int64).reshape(-1, 2) for a in arcs])
    deltas = np.diff(points, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return {
        "counts": [len(a) for a in arcs],
        "data": varints(deltas.ravel()),
    }


def varints(numbers: np.ndarray) -> str:
    """Signed integers as zig-zag varints (7 bits per byte, low bits first), in base64."""
    values = _zigzag(numbers.astype(np.int64))
    # Vectorised over all values, one pass per byte position; the high bit marks "more".
    chunks = np.zeros((len(values), 10), dtype=np.uint8)
    lengths = np.ones(len(values), dtype=np.int64)
    rest = values.copy()
    for pos in range(10):
        chunks[:, pos] = (rest & np.uint64(0x7F)).astype(np.uint8)
        rest >>= np.uint64(7)
        more = rest > 0
        if not more.any():
            break
        chunks[more, pos] |= 0x80
        lengths[more] += 1
    mask = np.arange(10)[None, :] < lengths[:, None]
    return base64.b64encode(chunks[mask].tobytes()).decode("ascii")


def read_varints(text: str) -> list[int]:
    """The integers of :func:`varints`' text.

    Examples
    --------
    >>> read_varints(varints(np.array([0, -1, 300, -70000])))
    [0, -1, 300, -70000]
    """
    raw = base64.b64decode(text)
    found = _read_varints(raw)
    if found is not None:
        decoded: list[int] = found.tolist()
        return decoded
    values: list[int] = []  # a value past 63 bits: read one byte at a time
    shift = acc = 0
    for byte in raw:
        acc |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        values.append((acc >> 1) ^ -(acc & 1))
        shift = acc = 0
    return values


def varint_array(text: str) -> np.ndarray:
    """:func:`read_varints` as an int64 array (values past 63 bits are refused).

    Raises
    ------
    ValueError
        When a value takes more than 9 bytes.
    """
    found = _read_varints(base64.b64decode(text))
    if found is None:
        raise ValueError("a varint takes more than 9 bytes (past 63 bits)")
    return found


def _read_varints(raw: bytes) -> np.ndarray | None:
    """Zig-zag varints decoded all at once (None when one takes more than 9 bytes). Bytes
    after the last complete value are left out, as a reader one byte at a time does."""
    data = np.frombuffer(raw, dtype=np.uint8)
    ends = np.flatnonzero((data & 0x80) == 0)
    if not len(ends):
        return np.zeros(0, dtype=np.int64)
    data = data[: ends[-1] + 1]
    starts = np.concatenate([[0], ends[:-1] + 1])
    lengths = ends - starts + 1
    if lengths.max() > 9:
        return None
    at = (np.arange(len(data)) - np.repeat(starts, lengths)).astype(np.uint64)
    acc = np.add.reduceat((data & 0x7F).astype(np.uint64) << (np.uint64(7) * at), starts)
    found: np.ndarray = (acc >> np.uint64(1)).astype(np.int64) ^ -(acc & np.uint64(1)).astype(
        np.int64
    )
    return found


def pack_object(obj: dict[str, Any] | None) -> dict[str, Any] | None:
    """An object's arc references in compact form: ``{"type", "refs", "shape"}``.

    ``refs`` holds every reference, in order, as the zig-zag varint of its difference to the
    previous one (neighbouring arcs are mostly numbered in sequence, so most take one byte);
    ``shape`` gives how many references each ring or line has, nested like the geometry, or
    the same numbers as varints (base64) when that is shorter: the number of rings then each
    ring's length (a MultiPolygon: the number of polygons, then each polygon so).
    Objects without arcs (points) are returned as they are.

    Examples
    --------
    >>> packed = pack_object({"type": "Polygon", "arcs": [[0, 1, 2], [~3]]})
    >>> packed["shape"], unpack_object(packed)["arcs"]
    ([3, 1], [[0, 1, 2], [-4]])
    """
    if obj is None or "arcs" not in obj:
        return obj
    kind = obj["type"]
    arcs = obj["arcs"]
    if kind in ("LineString",):
        shape: Any = len(arcs)
        flat = list(arcs)
    elif kind in ("Polygon", "MultiLineString"):
        shape = [len(r) for r in arcs]
        flat = [ref for r in arcs for ref in r]
    else:
        shape = [[len(r) for r in poly] for poly in arcs]
        flat = [ref for poly in arcs for r in poly for ref in r]
    refs = np.asarray(flat, dtype=np.int64)
    return {"type": kind, "refs": varints(np.diff(refs, prepend=0)), "shape": _short(shape)}


def _short(shape: Any) -> Any:
    """A shape list as varints (base64) when that is shorter than its JSON text: the number of
    rings then each ring's length (a MultiPolygon: the number of polygons, then each so)."""
    if isinstance(shape, int):
        return shape
    if shape and isinstance(shape[0], list):
        head = [len(shape)]
        for poly in shape:
            head += [len(poly), *poly]
    else:
        head = [len(shape), *shape]
    text = varints(np.asarray(head, dtype=np.int64))
    return text if len(text) + 2 < len(json.dumps(shape, separators=(",", ":"))) else shape


def unpack_shape(kind: str, shape: Any) -> Any:
    """An object's ``shape`` as nested lengths (inverse of :func:`_short`): an int for a
    LineString, a list per ring or line, a list of lists for a MultiPolygon."""
    if not isinstance(shape, str):
        return shape
    head = read_varints(shape)
    if kind != "MultiPolygon":
        return head[1 : 1 + head[0]]
    out, at = [], 1
    for _ in range(head[0]):
        out.append(head[at + 1 : at + 1 + head[at]])
        at += 1 + head[at]
    return out


def unpack_object(packed: dict[str, Any]) -> dict[str, Any]:
    """Inverse of :func:`pack_object`."""
    if "refs" not in packed:
        return packed
    flat = np.cumsum(read_varints(packed["refs"])).tolist()
    at = 0

    def take(n: int) -> list[int]:
        nonlocal at
        at += n
        return [int(v) for v in flat[at - n : at]]

    kind = packed["type"]
    shape = unpack_shape(kind, packed["shape"])
    if kind == "LineString":
        arcs: Any = take(shape)
    elif kind in ("Polygon", "MultiLineString"):
        arcs = [take(n) for n in shape]
    else:
        arcs = [[take(n) for n in poly] for poly in shape]
    return {"type": kind, "arcs": arcs}


def decode_arcs(encoded: dict[str, Any]) -> list[np.ndarray]:
    """Inverse of :func:`encode_arcs` (what the page's script does, in Python, for tests)."""
    values = np.asarray(read_varints(encoded["data"]), dtype=np.int64).reshape(-1, 2)
    points = np.cumsum(values, axis=0)
    counts = encoded["counts"]
    if len(points) != sum(counts):
        raise ValueError("topology: arc data and counts disagree")
    return list(np.split(points, np.cumsum(counts)[:-1])) if counts else []


def decode_geometry(
    topology: dict[str, Any], obj: dict[str, Any], base: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A GeoJSON geometry from a page's topology (``Topology.to_json()``) and one of its objects.

    What the page's script does, in Python: for tests and for reading a page's data back.
    ``base`` is the topology whose arcs ``topology``'s arcs copy from when they are written as
    runs (the page's ``change_topology`` against its ``topology``, see
    :mod:`siversk_map.render.topology_runs`).
    """
    if "base" in topology["arcs"]:
        from .topology_runs import decode_runs

        if base is None:
            raise ValueError("these arcs copy another topology's: pass it as base")
        arcs = decode_runs(
            topology["arcs"],
            tuple(topology["translate"]),
            decode_arcs(base["arcs"]),
            tuple(base["translate"]),
        )
    else:
        arcs = decode_arcs(topology["arcs"])
    obj = unpack_object(obj)
    x0, y0 = topology["translate"]
    scale = topology["scale"]

    def path(refs: list[int]) -> list[list[float]]:
        out: list[list[float]] = []
        for n, ref in enumerate(refs):
            arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
            out.extend(
                [round((x0 + x) * scale, 10), round((y0 + y) * scale, 10)]
                for x, y in arc.tolist()[0 if n == 0 else 1 :]
            )
        return out

    kind = obj["type"]
    if kind == "LineString":
        return {"type": kind, "coordinates": path(obj["arcs"])}
    if kind == "MultiLineString":
        return {"type": kind, "coordinates": [path(a) for a in obj["arcs"]]}
    if kind == "Polygon":
        return {"type": kind, "coordinates": [path(r) for r in obj["arcs"]]}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [[path(r) for r in p] for p in obj["arcs"]]}
    return obj
