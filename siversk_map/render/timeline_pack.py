"""The timeline page's data packed for a long series: each date as a change against the previous.

:func:`siversk_map.render.timeline.build_timeline_data` gives every dated feature whole; in a
daily series most of a date repeats the date before it (the same properties, the same arcs but
a few). :func:`pack_page_data` rewrites that data as the page stores it (docs/FORMAT.md,
"Features as changes"); ``static/timeline.js`` rebuilds the full form as it loads.

- ``features`` becomes a list in a fixed order (``feature_ids`` gives the ids). A feature whose
  *chain* (same layer, side, status and source) has an earlier member is stored against that
  member (``b``, its index): its properties as the keys that differ (strings that share a start
  and an end with the earlier value as ``[start, end, middle]``: the length of the common
  start, of the common end, and the text between, in ``t``; a ``YYYY-MM-DD`` date after an
  earlier one as the days from it, in ``d``, or one number when every date kept moved by the
  same days; other values in ``s``), the keys removed
  (``x``), and its arc references as an edit of the earlier member's (``edit``).
- ``feature_ids``: an id that shares a start and an end with the id before it is written as
  ``[start, end, middle]`` as above.
- ``states[i]`` names features by index, ``date`` is dropped (it is ``dates[i]``) and ``sources``
  are indexes into the page's ``sources``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np

from .topology_codec import read_varints, unpack_shape, varint_array, varints

try:  # difflib's own algorithm compiled (cydifflib: the same blocks, four times as fast)
    from cydifflib import SequenceMatcher
except ImportError:  # pragma: no cover - a platform without its wheel
    from difflib import SequenceMatcher

__all__ = ["apply_edit", "flat_refs", "pack_features", "pack_page_data", "unflatten_refs"]

_CHAIN_KEYS = ("layer", "side", "status", "source")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def flat_refs(obj: dict[str, Any]) -> list[int]:
    """A packed object's shape and arc references as one list of integers.

    The shape comes first (a LineString: its length; a Polygon or MultiLineString: the number of
    rings then each ring's length; a MultiPolygon: the number of polygons then each polygon as
    a Polygon), then every reference in order.

    Examples
    --------
    >>> from siversk_map.render.topology import pack_object
    >>> flat_refs(pack_object({"type": "Polygon", "arcs": [[0, 1, 2], [~3]]}))
    [2, 3, 1, 0, 1, 2, -4]
    """
    kind = obj["type"]
    if "refs" in obj:  # the references are in order already: only the shape is unfolded
        shape = unpack_shape(kind, obj["shape"])
        refs: list[int] = np.cumsum(varint_array(obj["refs"])).tolist()
        if kind == "LineString":
            return [shape, *refs]
        if kind in ("Polygon", "MultiLineString"):
            return [len(shape), *shape, *refs]
        head: list[int] = [len(shape)]
        for poly in shape:
            head += [len(poly), *poly]
        return head + refs
    arcs = obj["arcs"]
    if kind == "LineString":
        return [len(arcs), *arcs]
    if kind in ("Polygon", "MultiLineString"):
        return [len(arcs), *(len(r) for r in arcs), *(ref for r in arcs for ref in r)]
    head = [len(arcs)]
    for poly in arcs:
        head += [len(poly), *(len(r) for r in poly)]
    return head + [ref for poly in arcs for r in poly for ref in r]


def unflatten_refs(kind: str, flat: list[int]) -> dict[str, Any]:
    """Inverse of :func:`flat_refs`: ``{"type", "arcs"}``."""
    at = 0

    def take(n: int) -> list[int]:
        nonlocal at
        out = flat[at : at + n]
        at += n
        return out

    if kind == "LineString":
        return {"type": kind, "arcs": flat[1 : 1 + flat[0]]}
    if kind in ("Polygon", "MultiLineString"):
        n = flat[0]
        sizes = flat[1 : 1 + n]
        at = 1 + n
        return {"type": kind, "arcs": [take(s) for s in sizes]}
    n, at, shape = flat[0], 1, []
    for _ in range(n):
        rings = flat[at]
        shape.append(flat[at + 1 : at + 1 + rings])
        at += 1 + rings
    return {"type": kind, "arcs": [[take(s) for s in poly] for poly in shape]}


def _edit(base: list[int], new: list[int]) -> str:
    """``new`` as edits of ``base``: runs of (inserted values, jump, copied count), as varints.

    Each run is the number of values inserted, those values (each as its difference to the
    value inserted before it in the edit, the first from 0: new arcs are numbered in turn), the
    signed jump of the position in ``base`` and the number of values copied from there; the
    position then moves past them. A last run that inserts and copies nothing is left out.

    Examples
    --------
    >>> edit = _edit([5, 6, 7, 8], [5, 6, 40, 41, 42, 8])
    >>> apply_edit([5, 6, 7, 8], edit)
    [5, 6, 40, 41, 42, 8]
    """
    out: list[int] = []
    at = done = last = 0
    matcher = SequenceMatcher(None, base, new, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        if not size and b == done:
            continue  # the closing block, with nothing left to insert
        out.append(b - done)
        for value in new[done:b]:
            out.append(value - last)
            last = value
        out.append(a - at if size else 0)
        out.append(size)
        if size:
            at = a + size
        done = b + size
    return varints(np.asarray(out, dtype=np.int64))


def apply_edit(base: list[int], edit: str) -> list[int]:
    """Inverse of the edit coding: ``new`` from ``base`` and its edit (as the page does)."""
    values = read_varints(edit)
    out: list[int] = []
    k = at = last = 0
    while k < len(values):
        n = values[k]
        for diff in values[k + 1 : k + 1 + n]:
            last += diff
            out.append(last)
        k += 1 + n
        at += values[k]
        size = values[k + 1]
        out.extend(base[at : at + size])
        at += size
        k += 2
    return out


def _text_change(old: Any, new: Any) -> Any:
    """A string as ``[start, end, middle]`` against the earlier one, when that is shorter."""
    if not (isinstance(old, str) and isinstance(new, str)):
        return new
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[-1 - end] == new[-1 - end]:
        end += 1
    middle = new[start : len(new) - end]
    if len(middle) + 12 >= len(new):
        return new
    return [start, end, middle]


def _days(old: Any, new: Any) -> int | None:
    """Days from one ISO date to another, or None when either is not a ``YYYY-MM-DD`` text."""
    if not (isinstance(old, str) and isinstance(new, str) and _ISO.match(old) and _ISO.match(new)):
        return None
    return (dt.date.fromisoformat(new) - dt.date.fromisoformat(old)).days


def _props_change(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    changed = {k: v for k, v in new.items() if old.get(k) != v}
    days = {k: _days(old.get(k), v) for k, v in changed.items()}
    coded = {k: _text_change(old.get(k), v) for k, v in changed.items() if days[k] is None}
    moved = {k: d for k, d in days.items() if d is not None}
    dated = {
        k
        for k, v in old.items()
        if k in new and isinstance(v, str) and v.isascii() and _days(v, v) is not None
    }
    shift: Any = moved
    if moved and set(moved) == dated and len(set(moved.values())) == 1:
        shift = next(iter(moved.values()))  # every date moved by the same days: one number
    parts = {
        "s": {k: v for k, v in coded.items() if not isinstance(v, list)},
        "t": {k: v for k, v in coded.items() if isinstance(v, list)},
        "d": shift,
    }
    out: dict[str, Any] = {k: v for k, v in parts.items() if v}
    removed = sorted(k for k in old if k not in new)
    if removed:
        out["x"] = removed
    return out


def _chain(props: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(str(props.get(k)) for k in _CHAIN_KEYS)


def pack_features(
    features: dict[str, dict[str, Any]],
) -> tuple[list[str], list[dict[str, Any]]]:
    """Features as a list, each against the previous member of its chain (see module doc).

    Features are taken in order of their ``date`` then id, so a chain runs forward in time.
    """
    ids = sorted(features, key=lambda fid: (str(features[fid]["properties"].get("date")), fid))
    last: dict[tuple[Any, ...], int] = {}
    flats: list[list[int] | None] = []
    out: list[dict[str, Any]] = []
    for k, fid in enumerate(ids):
        f = features[fid]
        props, geom = f["properties"], f["geometry"]
        flat = flat_refs(geom) if geom is not None and "refs" in geom else None
        flats.append(flat)
        key = _chain(props)
        prev = last.get(key)
        last[key] = k
        if prev is None:
            out.append({"p": props, "g": geom})
            continue
        earlier = features[ids[prev]]
        entry: dict[str, Any] = {"b": prev, **_props_change(earlier["properties"], props)}
        base = flats[prev]
        same_type = earlier["geometry"] is not None and geom["type"] == earlier["geometry"]["type"]
        if flat is not None and base is not None and same_type:
            entry["g"] = {"edit": _edit(base, flat)}
        else:
            entry["g"] = geom
        out.append(entry)
    return ids, out


def pack_page_data(
    data: dict[str, Any], packed: tuple[list[str], list[dict[str, Any]]] | None = None
) -> dict[str, Any]:
    """The timeline data as the page stores it (a new dict; ``data`` is left as it is).

    ``packed`` is :func:`pack_features` of ``data["features"]`` when the caller has it.
    """
    ids, features = pack_features(data["features"]) if packed is None else packed
    index = {fid: k for k, fid in enumerate(ids)}
    sources = {s: k for k, s in enumerate(data["sources"])}
    states = []
    for state in data["states"]:
        entry = {k: v for k, v in state.items() if k not in ("date", "add", "drop", "events")}
        entry["add"] = {g: [index[fid] for fid in fids] for g, fids in state["add"].items()}
        entry["drop"] = [index[fid] for fid in state["drop"]]
        entry["events"] = [index[fid] for fid in state["events"]]
        entry["sources"] = [sources[s] for s in state["sources"]]
        states.append(entry)
    out = {k: v for k, v in data.items() if k not in ("features", "states", "pairs")}
    out["feature_ids"] = [_text_change(ids[k - 1] if k else None, fid) for k, fid in enumerate(ids)]
    out["features"] = features
    out["states"] = _state_changes(states)
    out["faces"] = {side: _faces_row(f) for side, f in data["faces"].items()}
    out["dates"] = _dates_row(data["dates"])
    tolerance = data.get("advance_tolerance_m")
    pairs = {key: _pair_row(entry, tolerance) for key, entry in data["pairs"].items()}
    steps = [f"{k}-{k + 1}" for k in range(len(pairs))]
    # Consecutive pairs only (a long series): a list, row k for the pair k-(k+1).
    out["pairs"] = (
        [pairs[key] for key in steps] if len(pairs) > 1 and set(pairs) == set(steps) else pairs
    )
    return out


#: Per-date lists: never carried over from the date before (empty when absent).
_OWN = ("add", "drop", "events")


def _state_changes(states: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each state as the keys whose value differs from the state before (``x``: keys removed)."""
    out = []
    prev: dict[str, Any] = {}
    for state in states:
        entry = {k: v for k, v in state.items() if k in _OWN and v}
        entry.update({k: v for k, v in state.items() if k not in _OWN and prev.get(k, _OWN) != v})
        removed = sorted(k for k in prev if k not in state and k not in _OWN)
        if removed:
            entry["x"] = removed
        out.append(entry)
        prev = state
    return out


_SIDE_KEYS = ("gained", "lost", "gained_km2", "lost_km2")
_ADVANCE_KEYS = ("km", "origin", "head", "tolerance_m")


def _pair_row(entry: dict[str, Any], tolerance: Any = None) -> list[Any]:
    """A pair as ``[{side: [gained, lost, gained_km2, lost_km2]}, advance]``; the advance as
    ``[km, origin, head, tolerance_m]`` (``tolerance_m`` left out when it is the page's
    ``advance_tolerance_m``) or null."""
    sides = {side: [s[k] for k in _SIDE_KEYS] for side, s in entry["sides"].items()}
    adv = entry["advance"]
    if adv is None:
        return [sides, None]
    row = [adv[k] for k in _ADVANCE_KEYS]
    return [sides, row[:3] if tolerance is not None and row[3] == tolerance else row]


def _faces_row(faces: dict[str, Any]) -> dict[str, Any]:
    """A side's faces with ``flips`` as varints: per group, how many dates, then each date as
    its difference to the one before (the first from 0)."""
    flat: list[int] = []
    for dates in faces["flips"]:
        flat.append(len(dates))
        flat.extend(np.diff(np.asarray(dates, dtype=np.int64), prepend=0).tolist())
    return {**faces, "flips": varints(np.asarray(flat, dtype=np.int64))}


def _dates_row(dates: list[str]) -> Any:
    """The dates as ``{"from": first date, "days": varints}``: each date as the days after the
    one before (the first: 0). Dates that are not all ``YYYY-MM-DD`` stay a list."""
    if not dates or not all(isinstance(d, str) and d.isascii() and _ISO.match(d) for d in dates):
        return dates
    days = [dt.date.fromisoformat(d).toordinal() for d in dates]
    steps = np.diff(np.asarray(days, dtype=np.int64), prepend=days[0])
    return {"from": dates[0], "days": varints(steps)}
