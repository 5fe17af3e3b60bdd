"""The state of every layer on a date. Pure: no files, no rendering."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .model import BASE_LAYERS, SIDES, SNAPSHOT_LAYERS

__all__ = ["Composer", "State", "compose_state", "list_dates", "polygons_only"]

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
    rows : tuple of int
        Position in the layer table (``iloc``) of each row of ``features``, in order: what a
        caller reading many dates looks up in columns it read once (empty for a state not
        made by a :class:`Composer`).
    """

    date: dt.date
    features: gpd.GeoDataFrame
    held: dict[str, BaseGeometry]
    claimed: dict[str, BaseGeometry]
    rows: tuple[int, ...] = ()

    def layer(self, name: str) -> gpd.GeoDataFrame:
        """The features of one layer kind on this date."""
        layers = self._layers
        if name not in layers:
            return self.features.iloc[:0]
        return layers[name]

    @functools.cached_property
    def _layers(self) -> dict[str, gpd.GeoDataFrame]:
        """The features by layer kind, split once (a date's page asks for several)."""
        kinds = self.features["layer"]
        return {str(name): self.features[kinds == name] for name in kinds.unique()}

    def to_file(self, path: str, **kwargs: Any) -> None:
        """Write the features shown on this date with :meth:`geopandas.GeoDataFrame.to_file`.

        Dates become ISO text (GIS formats have no common date type); every other keyword goes
        to ``to_file`` (``driver=``, ``layer=``, ...).

        Parameters
        ----------
        path : str
            The file to write.
        **kwargs
            Passed on to :meth:`geopandas.GeoDataFrame.to_file`.
        """
        frame = self.features.copy()
        for column in ("date", "valid_until", "source_date"):
            if column in frame.columns:
                frame[column] = [d.isoformat() if d is not None else None for d in frame[column]]
        frame.drop(columns=[c for c in ("file",) if c in frame.columns]).to_file(path, **kwargs)


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


class Composer:
    """Composes states quickly: the layer table indexed once, then each date by bisection.

    Parameters
    ----------
    table : GeoDataFrame
        The layer table of a data set.

    Examples
    --------
    >>> import datetime as dt
    >>> from siversk_map import load_dataset
    >>> composer = Composer(load_dataset().table)
    >>> sorted(composer.state(dt.date(2025, 12, 16)).held)
    ['contested', 'ru', 'ua']
    """

    def __init__(self, table: gpd.GeoDataFrame) -> None:
        self.table = table
        self._geoms = table.geometry.values
        layers = [str(v) for v in table["layer"]]
        dates = list(table["date"])
        self._until = [u if isinstance(u, dt.date) else None for u in table["valid_until"]]
        self._claim = np.asarray(table["status"] == "claimed", dtype=bool)
        sides = ["" if not isinstance(v, str) else v for v in table["side"]]
        self._base = [k for k, layer in enumerate(layers) if layer in BASE_LAYERS]
        self._events = [
            (k, dates[k])
            for k, layer in enumerate(layers)
            if layer == "event" and isinstance(dates[k], dt.date)
        ]
        series: dict[tuple[str, str, bool], dict[dt.date, list[int]]] = {}
        for k, layer in enumerate(layers):
            day = dates[k]
            if layer in SNAPSHOT_LAYERS and isinstance(day, dt.date):
                key = (layer, sides[k], bool(self._claim[k]))
                series.setdefault(key, {}).setdefault(day, []).append(k)
        self._series = [(sorted(by_date), by_date) for _, by_date in sorted(series.items())]
        self._control_side = [
            sides[k] if layer == "control" else None for k, layer in enumerate(layers)
        ]

    def _alive_after_date(self, k: int, date: dt.date) -> bool:
        until = self._until[k]
        return until is not None and until >= date

    def _alive(self, k: int, date: dt.date) -> bool:
        until = self._until[k]
        return until is None or until >= date

    def state(self, date: dt.date) -> State:
        """The state of every layer on ``date`` (see :func:`compose_state`)."""
        rows = list(self._base)
        rows.extend(
            k
            for k, day in self._events
            if day == date or (day < date and self._alive_after_date(k, date))
        )
        for days, by_date in self._series:
            at = bisect.bisect_right(days, date)
            if at:
                rows.extend(k for k in by_date[days[at - 1]] if self._alive(k, date))
        rows.sort()
        shown = self.table.take(rows)  # a new frame: the claim column is its own
        shown["claim"] = self._claim[rows]
        held: dict[str, BaseGeometry] = {}
        claimed: dict[str, BaseGeometry] = {}
        geoms = self._geoms
        for side in SIDES:
            mine = [k for k in rows if self._control_side[k] == side]
            real = [geoms[k] for k in mine if not self._claim[k]]
            if real:
                held[side] = _union(real)
            claims = [geoms[k] for k in mine if self._claim[k]]
            if claims:
                claimed[side] = _union(claims)
        return State(date=date, features=shown, held=held, claimed=claimed, rows=tuple(rows))


def _union(geoms: list[BaseGeometry]) -> BaseGeometry:
    """Union of polygons; one polygonal geometry is returned as it is (the loader validated it)."""
    if len(geoms) == 1 and geoms[0].geom_type in ("Polygon", "MultiPolygon"):
        return geoms[0]
    return polygons_only(shapely.union_all(geoms))


def compose_state(table: gpd.GeoDataFrame, date: dt.date) -> State:
    """Compose the state of every layer on ``date``.

    For each dated layer kind, side and claim-or-not, the latest snapshot on or before the
    date is shown whole (features past their ``valid_until`` dropped); events are shown on
    their own date, or through their ``valid_until``; base layers always. Claimed features form
    their own series, so a claim never replaces an assessment. To compose many dates of one
    table, build a :class:`Composer` once.

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
    return Composer(table).state(date)
