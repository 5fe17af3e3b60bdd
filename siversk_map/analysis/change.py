"""Ground gained and lost by each side between two dates (part of the measurement engine)."""

from __future__ import annotations

from ..compose import EMPTY, State, polygons_only
from ..model import SIDES
from .figures import Change
from .geodesy import area_km2

__all__ = ["measure_change", "measure_changes"]


def measure_change(side: str, before: State | None, after: State) -> Change:
    """Ground ``side`` gained and lost from ``before`` to ``after``.

    Parameters
    ----------
    side : str
        ``ua``, ``ru`` or ``contested``.
    before : State or None
        The earlier state; None for the first date (nothing gained or lost).
    after : State
        The later state.

    Returns
    -------
    Change
    """
    now = after.held.get(side, EMPTY)
    if before is None:
        return Change(side, None, after.date, area_km2(now), EMPTY, EMPTY, 0.0, 0.0)
    then = before.held.get(side, EMPTY)
    gained = polygons_only(now.difference(then))
    lost = polygons_only(then.difference(now))
    return Change(
        side,
        before.date,
        after.date,
        area_km2(now),
        gained,
        lost,
        area_km2(gained),
        area_km2(lost),
    )


def measure_changes(before: State | None, after: State) -> list[Change]:
    """:func:`measure_change` for every side held on either date, in the order of ``SIDES``.

    Parameters
    ----------
    before : State or None
        The earlier state; None for the first date.
    after : State
        The later state.

    Returns
    -------
    list of Change
    """
    held_before = before.held if before is not None else {}
    return [
        measure_change(side, before, after)
        for side in SIDES
        if side in after.held or side in held_before
    ]
