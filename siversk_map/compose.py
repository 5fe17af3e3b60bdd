"""The state of every layer on a date. Pure: no files, no rendering."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from .model import BASE_LAYERS, SIDES, SNAPSHOT_LAYERS

__all__ = ["State", "compose_state", "list_dates", "polygons_only"]

EMPTY = shapely.Polygon()


@dataclass(frozen=True)
class State:
    """Everything shown on one date.

    Attributes
    ----------
    date : datetime.date
        The date.
    features : geopandas.GeoDataFrame
        Every feature shown on the date (base layers, the latest snapshot of each dated layer
        and side, the date's events), with a boolean column ``claim``.
    held : dict
        Side -> union of the ground it holds (assessed and reported control; never claims).
    claimed : dict
        Side -> union of the ground claimed for it.
    """

    date: dt.date
    features: gpd.GeoDataFrame
    held: dict[str, BaseGeometry]
    claimed: dict[str, BaseGeometry]

    def layer(self, name: str) -> gpd.GeoDataFrame:
        """The features of one layer kind on this date."""
        return self.features[self.features["layer"] == name]


def list_dates(table: gpd.GeoDataFrame) -> list[dt.date]:
    """The dates that appear in a layer table, in order.

    Parameters
    ----------
    table : GeoDataFrame
        A layer table with a ``date`` column of ``datetime.date`` or None.

    Returns
    -------
    list of datetime.date
    """
    return sorted({d for d in table["date"] if isinstance(d, dt.date)})


def polygons_only(geom: BaseGeometry | None) -> BaseGeometry:
    """The polygonal part of a geometry (set operations can return collections)."""
    if geom is None or geom.is_empty:
        return EMPTY
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [
        g
        for g in shapely.get_parts(geom)
        if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty
    ]
    if not parts:
        return EMPTY
    return shapely.union_all(parts)


def compose_state(table: gpd.GeoDataFrame, date: dt.date) -> State:
    """Compose the state of every layer on ``date``.

    For each dated layer kind, side and claim-or-not, the latest snapshot on or before the
    date is shown whole (features past their ``valid_until`` dropped); events are shown on
    their own date, or through their ``valid_until``; base layers always. Claimed features form
    their own series, so a claim never replaces an assessment.

    Parameters
    ----------
    table : GeoDataFrame
        The layer table of a data set.
    date : datetime.date
        The date.

    Returns
    -------
    State
    """
    layer = table["layer"]
    dates = table["date"]
    until = table["valid_until"]
    claim = table["status"] == "claimed"
    on_or_before = dates.map(lambda d: isinstance(d, dt.date) and d <= date)
    alive = until.map(lambda u: not isinstance(u, dt.date) or u >= date)

    base = layer.isin(sorted(BASE_LAYERS))
    events = (
        (layer == "event")
        & on_or_before
        & ((dates == date) | until.map(lambda u: isinstance(u, dt.date) and u >= date))
    )
    snap = layer.isin(sorted(SNAPSHOT_LAYERS)) & on_or_before
    keys = pd.DataFrame(
        {"layer": layer, "side": table["side"].fillna(""), "claim": claim, "date": dates}
    )[snap]
    latest = keys.groupby(["layer", "side", "claim"])["date"].transform("max")
    chosen = pd.Series(False, index=table.index)
    chosen.loc[latest.index] = keys["date"] == latest
    mask = base | events | (chosen & alive)
    shown = table[mask].copy()
    shown["claim"] = claim[mask]

    held: dict[str, BaseGeometry] = {}
    claimed: dict[str, BaseGeometry] = {}
    control = shown[shown["layer"] == "control"]
    for side in SIDES:
        rows = control[control["side"] == side]
        real = rows[~rows["claim"]]
        if len(real):
            held[side] = polygons_only(shapely.union_all(real.geometry.values))
        claims = rows[rows["claim"]]
        if len(claims):
            claimed[side] = polygons_only(shapely.union_all(claims.geometry.values))
    return State(date=date, features=shown, held=held, claimed=claimed)
