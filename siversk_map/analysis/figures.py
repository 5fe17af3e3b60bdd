"""The figures the analysis stage hands to the outputs: frozen, typed, measured once.

Nothing here measures: these are the values (and geometries) the measurement engine
(:mod:`~siversk_map.analysis.geodesy`, :mod:`~siversk_map.analysis.advance`,
:mod:`~siversk_map.analysis.change`) produces and :class:`~siversk_map.analysis.Analysis` caches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry

__all__ = [
    "Advance",
    "AlongLine",
    "Change",
    "DateFigures",
    "Disagreement",
    "FrontDistances",
    "SideDisagreement",
]


@dataclass(frozen=True)
class Advance:
    """The deepest advance between two dates.

    Attributes
    ----------
    distance_km : float
        Greatest distance from the earlier ground to any point gained since.
    head : tuple of float
        ``(lon, lat)`` of that farthest gained point.
    origin : tuple of float
        ``(lon, lat)`` of the nearest point of the earlier ground to it.
    tolerance_m : float
        Tolerance of the search (metres): no gained point lies farther than ``distance_km``
        plus this from the earlier ground.
    """

    distance_km: float
    head: tuple[float, float]
    origin: tuple[float, float]
    tolerance_m: float = 0.0


@dataclass(frozen=True)
class Change:
    """Ground one side gained and lost between two dates.

    Attributes
    ----------
    side : str
    date_from, date_to : datetime.date
    area_km2 : float
        Held on ``date_to``.
    gained, lost : shapely geometry
        Ground held on ``date_to`` but not ``date_from``, and the reverse.
    gained_km2, lost_km2, net_km2 : float
    """

    side: str
    date_from: dt.date | None
    date_to: dt.date
    area_km2: float
    gained: BaseGeometry
    lost: BaseGeometry
    gained_km2: float
    lost_km2: float

    @property
    def net_km2(self) -> float:
        """Gained minus lost."""
        return self.gained_km2 - self.lost_km2


@dataclass(frozen=True)
class FrontDistances:
    """Distances (km) from Russian-held ground to the reference point and to the river line.

    Attributes
    ----------
    to_reference_km, to_river_km : float or None
        None when nothing is Russian-held, or (river) when the data set has no river line.
    """

    to_reference_km: float | None
    to_river_km: float | None

    def as_dict(self) -> dict[str, float | None]:
        """``{"to_reference_km": ..., "to_river_km": ...}`` (the old ``front_distances`` form)."""
        return {"to_reference_km": self.to_reference_km, "to_river_km": self.to_river_km}


@dataclass(frozen=True)
class DateFigures:
    """What one date measures.

    Attributes
    ----------
    date : datetime.date
    areas_km2 : Mapping of str to float
        Area held by each side (geodesic km²), in the order the state holds them.
    front : FrontDistances
    """

    date: dt.date
    areas_km2: Mapping[str, float]
    front: FrontDistances


@dataclass(frozen=True)
class AlongLine:
    """Russian advance a data set shows along one ``measure`` line.

    Attributes
    ----------
    date_from, date_to : str or None
        ISO dates: the data set's first date with Russian-held ground, and the line's own date.
    km : float or None
        Geodesic length of the line that was not Russian-held on the first and was on the
        second (rounded to metres); None when it cannot be measured.
    """

    date_from: str | None
    date_to: str | None
    km: float | None

    def as_tuple(self) -> tuple[str | None, str | None, float | None]:
        """``(date_from, date_to, km)``."""
        return self.date_from, self.date_to, self.km


@dataclass(frozen=True)
class SideDisagreement:
    """Where another source and this data set disagree about one side's ground.

    Attributes
    ----------
    side : str
    ours_only, theirs_only : shapely geometry
        Ground only this data set gives the side, and ground only the other source gives it.
    theirs : shapely geometry
        The other source's ground for the side (its outline is drawn).
    ours_only_km2, theirs_only_km2, theirs_km2 : float
    agree_km2 : float
        Ground both give the side: this data set's minus what only it gives.
    """

    side: str
    ours_only: BaseGeometry
    theirs_only: BaseGeometry
    theirs: BaseGeometry
    ours_only_km2: float
    theirs_only_km2: float
    agree_km2: float
    theirs_km2: float


@dataclass(frozen=True)
class Disagreement:
    """Disagreement with another source on a date, per side held in either.

    Attributes
    ----------
    date : datetime.date
        The other source's snapshot compared (its latest on or before the date).
    sides : tuple of SideDisagreement
        In the order of ``SIDES``.
    """

    date: dt.date
    sides: tuple[SideDisagreement, ...]
