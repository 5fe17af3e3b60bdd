"""The analysis stage: every figure of a data set, computed once, on demand, and kept.

:class:`Analysis` is what the outputs (the timeline, the per-date pages, ``snapshot``,
``animate``, ``report``, ``changes``) and the Python API read their numbers from. Each figure is
computed the first time it is asked for, by the one measurement engine
(:mod:`~siversk_map.analysis.geodesy`, :mod:`~siversk_map.analysis.change`,
:mod:`~siversk_map.analysis.advance`), and cached: a date's areas, the changes of a pair of
dates, the deepest advance, the distances of the front are never measured twice.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

import shapely
from shapely.geometry.base import BaseGeometry

from ..compose import EMPTY, State, polygons_only
from .advance import AdvanceMeter, measure_advance
from .change import measure_change, measure_changes
from .compare import compare_held
from .encoded import ArcStore, PageAreas
from .figures import Advance, AlongLine, Change, DateFigures, Disagreement, FrontDistances
from .geodesy import area_km2, distance_km, length_km

if TYPE_CHECKING:
    from ..dataset import DataSet

__all__ = ["ADVANCE_TOLERANCE_M", "Analysis"]

#: Tolerance (m) of the deepest advance between two dates.
ADVANCE_TOLERANCE_M = 50.0


class Analysis:
    """The figures of one data set, measured lazily and cached.

    Parameters
    ----------
    ds : DataSet
        The data set (its states come from :meth:`DataSet.state`, itself cached).

    Examples
    --------
    >>> from siversk_map import load_dataset
    >>> an = load_dataset().analysis
    >>> day = an.dates[-1]
    >>> an.figures(day) is an.figures(day)
    True
    """

    def __init__(self, ds: DataSet) -> None:
        self.ds = ds
        a, b, c, d = ds.manifest.bbox
        self._meter = AdvanceMeter(((a + c) / 2, (b + d) / 2))

    @property
    def dates(self) -> list[dt.date]:
        """The data set's dates, in order."""
        return self.ds.dates

    def _state(self, date: dt.date | None) -> State | None:
        return None if date is None else self.ds.state(date)

    # -- per date ---------------------------------------------------------------------------

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one Analysis per long-lived DataSet
    def figures(self, date: dt.date) -> DateFigures:
        """Areas held by each side and the front's distances on a date of the data set.

        Parameters
        ----------
        date : datetime.date
            A date within the data set's range (checked by :meth:`DataSet.state`).
        """
        return DateFigures(self.ds.state(date).date, self.areas(date), self.front(date))

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one Analysis per long-lived DataSet
    def areas(self, date: dt.date) -> Mapping[str, float]:
        """Area held by each side on a date (geodesic km²), measured once.

        Parameters
        ----------
        date : datetime.date
        """
        held = self.ds.state(date).held
        return MappingProxyType({side: area_km2(geom) for side, geom in held.items()})

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one Analysis per long-lived DataSet
    def front(self, date: dt.date) -> FrontDistances:
        """Distance (km) from Russian-held ground to the reference point and the river line.

        Parameters
        ----------
        date : datetime.date
        """
        ru = self.ds.state(date).held.get("ru")
        if ru is None:
            return FrontDistances(None, None)
        river = self.ds.river
        return FrontDistances(
            distance_km(self.ds.reference_point, ru),
            distance_km(river, ru) if river is not None else None,
        )

    # -- pairs of dates ---------------------------------------------------------------------

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one Analysis per long-lived DataSet
    def changes(self, date_from: dt.date | None, date_to: dt.date) -> tuple[Change, ...]:
        """Ground each side gained and lost from ``date_from`` to ``date_to``.

        Parameters
        ----------
        date_from : datetime.date or None
            The earlier date; None for none (nothing gained or lost).
        date_to : datetime.date

        Returns
        -------
        tuple of Change
            One per side held on either date, in the order of ``SIDES``.
        """
        after = self.ds.state(date_to)
        return tuple(measure_changes(self._state(date_from), after, self.areas(date_to)))

    def change(self, side: str, date_from: dt.date | None, date_to: dt.date) -> Change:
        """Ground ``side`` gained and lost from ``date_from`` to ``date_to``.

        Parameters
        ----------
        side : str
        date_from : datetime.date or None
        date_to : datetime.date
        """
        for ch in self.changes(date_from, date_to):
            if ch.side == side:
                return ch
        return measure_change(side, self._state(date_from), self.ds.state(date_to))

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one Analysis per long-lived DataSet
    def advance(self, date_from: dt.date, date_to: dt.date) -> Advance | None:
        """Deepest Russian advance from ``date_from`` to ``date_to`` (None: nothing gained).

        Parameters
        ----------
        date_from, date_to : datetime.date
        """
        before = self.ds.state(date_from).held.get("ru", EMPTY)
        after = self.ds.state(date_to).held.get("ru", EMPTY)
        # The gained ground of the changes (measured once for the page's figures too).
        return measure_advance(before, after, gained=self.change("ru", date_from, date_to).gained)

    def deepest_advances(
        self,
        pairs: Sequence[tuple[BaseGeometry, BaseGeometry]],
        tolerance_m: float = ADVANCE_TOLERANCE_M,
    ) -> list[Advance | None]:
        """Deepest advance into each ``gained`` from its ``before``, both given as geometry,
        measured together (:meth:`.AdvanceMeter.measure_many`: the same figures as one by one).

        For figures of geometry an output encodes itself (the timeline's quantised arcs):
        measured in one projection centred on the data set's bbox.

        Parameters
        ----------
        pairs : sequence of (shapely geometry, shapely geometry)
        tolerance_m : float
        """
        return self._meter.measure_many(pairs, tolerance_m)

    # -- another source ---------------------------------------------------------------------

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one Analysis per long-lived DataSet
    def disagreement(self, other: DataSet, date: dt.date) -> Disagreement | None:
        """Where another source disagrees with this data set on a date (geodesic km²).

        The other source's state is its latest snapshot on or before the date.

        Parameters
        ----------
        other : DataSet
            Another source for the same ground.
        date : datetime.date

        Returns
        -------
        Disagreement or None
            None when the other source has no snapshot on or before the date.
        """
        return self.page_disagreement(other, date, area_km2)

    def page_disagreement(
        self,
        other: DataSet,
        date: dt.date,
        measure: Callable[[BaseGeometry], float],
        held_km2: Mapping[str, float] | None = None,
    ) -> Disagreement | None:
        """:meth:`disagreement` with the areas measured as an output measures its own geometry.

        Parameters
        ----------
        other : DataSet
        date : datetime.date
        measure : callable
            Area measure (km²), for example :meth:`PageAreas.polygon_km2`.
        held_km2 : Mapping of str to float, optional
            This data set's held areas as that output measured them.
        """
        known = [d for d in other.dates if d <= date]
        if not known:
            return None
        theirs = other.state(date, latest=True).held  # its latest snapshot, as documented
        ours = self.ds.state(date).held
        return Disagreement(known[-1], compare_held(ours, theirs, measure, held_km2))

    # -- features ---------------------------------------------------------------------------

    @staticmethod
    def feature_area_km2(geom: BaseGeometry | None) -> float:
        """Geodesic area of a feature's polygons (km²).

        Parameters
        ----------
        geom : shapely geometry or None
        """
        return area_km2(geom)

    @staticmethod
    def feature_length_km(geom: BaseGeometry) -> float:
        """Geodesic length of a line feature (km).

        Parameters
        ----------
        geom : shapely geometry
        """
        return length_km(geom)

    @staticmethod
    def page_areas(topology: ArcStore) -> PageAreas:
        """Areas of geometry stored as (or drawn from) a page's topology of arcs.

        Parameters
        ----------
        topology : ArcStore
        """
        return PageAreas(topology)

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one Analysis per long-lived DataSet
    def along(self, measure_id: str) -> AlongLine:
        """Russian advance the data set shows along one ``measure`` line.

        Parameters
        ----------
        measure_id : str
            The id of a ``measure`` feature.

        Returns
        -------
        AlongLine
            From the data set's first date with Russian-held ground to the line's own date;
            all None when the line or a Russian-held state is missing, or the line predates
            the first state.
        """
        table = self.ds.table
        rows = table[(table["id"] == measure_id) & (table["layer"] == "measure")]
        if not len(rows):
            return AlongLine(None, None, None)
        line = rows.geometry.iloc[0]
        end = rows["date"].iloc[0]
        start = self._first_ru_date
        if not isinstance(end, dt.date) or start is None or start >= end or line is None:
            return AlongLine(None, None, None)
        before = self.ds.state(start).held.get("ru", shapely.Polygon())
        after = self.ds.state(end).held.get("ru", shapely.Polygon())
        gained = polygons_only(after.difference(before))
        km = 0.0
        if not gained.is_empty:
            inside = shapely.get_parts(line.intersection(gained))
            km = sum(length_km(g) for g in inside if g.geom_type == "LineString")
        return AlongLine(start.isoformat(), end.isoformat(), round(km, 3))

    @functools.cached_property
    def _first_ru_date(self) -> dt.date | None:
        for day in self.dates:
            if "ru" in self.ds.state(day).held:
                return day
        return None
