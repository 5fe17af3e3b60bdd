"""The timeline page's entry for each date: the features it shows, its figures and sources.

Each date's entry (:func:`date_entries`) names the dated features shown (by group), the
events, the measures with what the data set measures along them, the areas held (measured on
the page's own arcs), the front's distances and the sources; the dates after the first give
the features they add and drop rather than the whole list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..analysis import Analysis
from ..compose import State
from ..dataset import DataSet
from .timeline_geometry import PageGeometry, round_km

__all__ = ["date_entries"]


def date_entries(ds: DataSet, states: list[State], geo: PageGeometry) -> list[dict[str, Any]]:
    """Each date's entry, from its composed state (see the module's doc).

    Parameters
    ----------
    ds : DataSet
        The data set.
    states : list of State
        The state of each of its dates, in order, composed from ``ds.table``.
    geo : PageGeometry
        The page's dated geometry, with its features (:func:`add_features`).

    Returns
    -------
    list of dict
        Per date: ``date``, ``add`` and ``drop`` (group -> feature ids shown from this date;
        ids no longer shown), ``events``, ``claims``, ``areas``, ``front``, ``measures``,
        ``sources``.
    """
    cols = _Columns.of(ds)
    return _as_deltas([_state_entry(ds, i, st, geo, cols) for i, st in enumerate(states)])


def _as_deltas(states: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each date's shown features as what changed since the previous date.

    ``groups`` is replaced by ``add`` (group -> ids shown from this date) and ``drop`` (ids
    no longer shown); the page rebuilds the full lists as it loads.
    """
    shown: dict[str, str] = {}
    out = []
    for state in states:
        now = {fid: group for group, ids in state["groups"].items() for fid in ids}
        add: dict[str, list[str]] = {}
        for fid, group in now.items():
            if shown.get(fid) != group:
                add.setdefault(group, []).append(fid)
        drop = sorted(fid for fid in shown if fid not in now)
        entry = {k: v for k, v in state.items() if k != "groups"}
        entry["add"] = {g: sorted(ids) for g, ids in sorted(add.items())}
        entry["drop"] = drop
        out.append(entry)
        shown = now
    return out


def _group_of(layer: str, claim: bool) -> str:
    if claim:
        return "claims"
    return layer


#: Layers whose sources a date lists.
_SOURCED = ("control", "front_line", "axis", "event", "measure")


@dataclass(frozen=True)
class _Columns:
    """The layer table's columns a date's entry reads, as lists: read once for every date
    (a column read from a date's own frame costs more than the rest of its entry)."""

    ids: list[Any]
    layers: list[Any]
    claim: list[bool]
    names: list[Any]
    sources: list[Any]
    geoms: Any

    @classmethod
    def of(cls, ds: DataSet) -> _Columns:
        table = ds.table
        return cls(
            ids=list(table["id"]),
            layers=list(table["layer"]),
            # As the composer marks each shown row (State.features["claim"]).
            claim=np.asarray(table["status"] == "claimed", dtype=bool).tolist(),
            names=list(table["name"]),
            sources=list(table["source"]),
            geoms=table.geometry.values,
        )


def _state_entry(
    ds: DataSet, i: int, state: State, geo: PageGeometry, cols: _Columns
) -> dict[str, Any]:
    dated = geo.features
    topo = geo.topology
    day = ds.dates[i]
    if len(state.rows) != len(state.features):
        raise ValueError(f"the state of {day} was not composed from the data set's table")
    groups: dict[str, list[str]] = {}
    events: list[str] = []
    measures: list[dict[str, Any]] = []
    sources: set[str] = set()
    for k in state.rows:
        fid, layer = cols.ids[k], cols.layers[k]
        source = cols.sources[k]
        if source and layer in _SOURCED:
            sources.add(str(source))
        if layer == "measure":
            known = dated.get(str(fid), {}).get("properties", {}).get("_length_km")
            length = (
                known if known is not None else round(Analysis.feature_length_km(cols.geoms[k]), 3)
            )
            start, end, advance_km = ds.advance_along(str(fid))
            measures.append(
                {
                    "id": str(fid),
                    "name": _text(cols.names[k]),
                    "length_km": length,
                    "data_from": start,
                    "data_to": end,
                    "data_advance_km": advance_km,
                }
            )
        if fid not in dated:
            continue  # base layers: drawn once, not per date
        group = _group_of(str(layer), cols.claim[k])
        groups.setdefault(group, []).append(str(fid))
        head = f"{fid}:head"
        if head in dated:
            groups[group].append(head)
        if layer == "event":
            events.append(str(fid))
    front = ds.front_distances(state)
    return {
        "date": day.isoformat(),
        "groups": {k: sorted(v) for k, v in sorted(groups.items())},
        "events": events,
        "claims": bool(state.claimed),
        "areas": {
            side: round(geo.areas.object_km2(topo.objects[k]), 3) for side, k in geo.held[i].items()
        },
        "front": {
            "to_reference_km": round_km(front["to_reference_km"]),
            "to_river_km": round_km(front["to_river_km"]),
        },
        "measures": measures,
        "sources": sorted(sources),
    }


def _text(value: Any) -> str | None:
    """A text cell as str, or None when it is missing (None or NaN)."""
    return value if isinstance(value, str) else None
