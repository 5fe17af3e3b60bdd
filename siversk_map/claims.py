"""The claim check: how far each claim ran ahead of the ground.

For every claimed ``control`` feature, the data set's own states are read forward from the claim's
date: the first date on which the ground held by the claiming side (assessed and reported control,
never claims) covers at least :data:`HELD_SHARE` of the claimed area is the date the claim came
true; if no date does, the claim is "not held as of the last date", with the share covered then.
Areas are geodesic (:func:`siversk_map.analysis.geodesy.area_km2`). Pure: no files, no rendering.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from .analysis.geodesy import area_km2
from .compose import State, polygons_only

__all__ = ["CLAIM_COLUMNS", "HELD_SHARE", "ClaimCheck", "check_claims"]

#: Share of a claimed area the claiming side must hold for the claim to count as come true.
HELD_SHARE = 0.9


#: Keys of :meth:`ClaimCheck.as_record`, in order (the columns of ``changes --claims``).
CLAIM_COLUMNS = (
    "claim_id",
    "name",
    "side",
    "source",
    "claimed_on",
    "claimed_km2",
    "share_on_claim",
    "held_on",
    "days_ahead",
    "held_share",
    "held_status",
    "last_date",
    "share_on_last",
    "threshold",
    "text",
)


@dataclass(frozen=True)
class ClaimCheck:
    """One claimed feature checked against the later states of the same data set.

    Attributes
    ----------
    claim_id : str
        The claimed feature's id.
    name : str
        Its name (or its id when it has none).
    side : str
        The side the ground was claimed for.
    source : str
        Who made the claim.
    claimed_on : datetime.date
        The claim's date.
    claimed_km2 : float
        Geodesic area of the claimed ground.
    share_on_claim : float
        Share (0..1) of the claimed ground the side held on the claim's date.
    held_on : datetime.date or None
        First date, on or after the claim, on which the side held at least ``threshold`` of it.
    held_share : float or None
        The share held on ``held_on``.
    held_status : str or None
        Status of the control that held it then: ``assessed``, ``reported`` or
        ``assessed/reported``.
    last_date : datetime.date
        The data set's last date.
    share_on_last : float
        Share held on ``last_date``.
    threshold : float
        The share that counts as held.
    """

    claim_id: str
    name: str
    side: str
    source: str
    claimed_on: dt.date
    claimed_km2: float
    share_on_claim: float
    held_on: dt.date | None
    held_share: float | None
    held_status: str | None
    last_date: dt.date
    share_on_last: float
    threshold: float = HELD_SHARE

    @property
    def days_ahead(self) -> int | None:
        """Days from the claim to the date it came true (None if it has not)."""
        return None if self.held_on is None else (self.held_on - self.claimed_on).days

    @property
    def text(self) -> str:
        """One line: ``claimed 11 Dec 2025; assessed as held 23 Dec 2025, 12 days later``."""
        head = f"claimed {_day(self.claimed_on)}"
        if self.held_on is None:
            return (
                f"{head}; not held as of the last date, {_day(self.last_date)} "
                f"({self.share_on_last:.0%} of the claimed area held)"
            )
        days = self.days_ahead or 0
        when = "the same day" if days == 0 else f"{days} day{'s' if days != 1 else ''} later"
        return f"{head}; {self.held_status} as held {_day(self.held_on)}, {when}"

    def as_record(self) -> dict[str, object]:
        """The check as a flat JSON-able record (dates as ISO text)."""
        return {
            "claim_id": self.claim_id,
            "name": self.name,
            "side": self.side,
            "source": self.source,
            "claimed_on": self.claimed_on.isoformat(),
            "claimed_km2": round(self.claimed_km2, 3),
            "share_on_claim": round(self.share_on_claim, 4),
            "held_on": self.held_on.isoformat() if self.held_on else None,
            "days_ahead": self.days_ahead,
            "held_share": None if self.held_share is None else round(self.held_share, 4),
            "held_status": self.held_status,
            "last_date": self.last_date.isoformat(),
            "share_on_last": round(self.share_on_last, 4),
            "threshold": self.threshold,
            "text": self.text,
        }


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _share(claim: BaseGeometry, claim_km2: float, held: BaseGeometry | None) -> float:
    if held is None or held.is_empty or claim_km2 <= 0:
        return 0.0
    return min(1.0, area_km2(polygons_only(claim.intersection(held))) / claim_km2)


def _held_status(state: State, side: str, claim: BaseGeometry) -> str:
    rows = state.layer("control")
    mine = rows[(rows["side"] == side) & ~rows["claim"].astype(bool)]
    statuses = {
        str(status)
        for status, geom in zip(mine["status"], mine.geometry, strict=True)
        if geom is not None and geom.intersects(claim)
    }
    if statuses == {"assessed"}:
        return "assessed"
    if statuses == {"reported"}:
        return "reported"
    return "assessed/reported"


def check_claims(
    table: gpd.GeoDataFrame,
    dates: Sequence[dt.date],
    state: Callable[[dt.date], State],
    threshold: float = HELD_SHARE,
) -> tuple[ClaimCheck, ...]:
    """Check every claimed ``control`` feature of a layer table.

    Parameters
    ----------
    table : GeoDataFrame
        The layer table of a data set.
    dates : sequence of datetime.date
        The data set's dates, in order.
    state : callable
        Composes the state of a date (e.g. :meth:`siversk_map.DataSet.state`).
    threshold : float
        Share of the claimed area that counts as held.

    Returns
    -------
    tuple of ClaimCheck
        One per claimed feature, by date then id.
    """
    claims = table[(table["layer"] == "control") & (table["status"] == "claimed")]
    checks: list[ClaimCheck] = []
    if not len(claims) or not dates:
        return ()
    last = dates[-1]
    rows = zip(
        claims["id"],
        claims["name"],
        claims["side"],
        claims["source"],
        claims["date"],
        claims.geometry,
        strict=True,
    )
    for fid, name, side, source, day, geom in sorted(rows, key=lambda r: (r[4], str(r[0]))):
        if not isinstance(day, dt.date) or geom is None:
            continue
        claimed = polygons_only(geom)
        claimed_km2 = area_km2(claimed)
        if claimed_km2 <= 0:
            continue
        on_claim = _share(claimed, claimed_km2, state(day).held.get(side))
        held_on: dt.date | None = None
        held_share: float | None = None
        held_status: str | None = None
        share_last = on_claim
        for later in (d for d in dates if d >= day):
            st = state(later)
            share = _share(claimed, claimed_km2, st.held.get(side))
            share_last = share
            if share >= threshold:
                held_on, held_share = later, share
                held_status = _held_status(st, side, claimed)
                share_last = _share(claimed, claimed_km2, state(last).held.get(side))
                break
        checks.append(
            ClaimCheck(
                claim_id=str(fid),
                name=str(name) if isinstance(name, str) and name else str(fid),
                side=str(side),
                source=str(source) if isinstance(source, str) else "",
                claimed_on=day,
                claimed_km2=claimed_km2,
                share_on_claim=on_claim,
                held_on=held_on,
                held_share=held_share,
                held_status=held_status,
                last_date=last,
                share_on_last=share_last,
                threshold=threshold,
            )
        )
    return tuple(checks)
