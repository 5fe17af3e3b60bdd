"""Ground gained and lost by each side between two dates (part of the measurement engine)."""

from __future__ import annotations

from collections.abc import Mapping

from ..compose import EMPTY, State, polygons_only
from ..model import SIDES
from .figures import Change
from .geodesy import area_km2
from .overlay import differences

__all__ = ["measure_change", "measure_changes"]


def measure_change(
    side: str, before: State | None, after: State, held_km2: float | None = None
) -> Change:
    """Ground ``side`` gained and lost from ``before`` to ``after``.

    Parameters
    ----------
    side : str
        ``ua``, ``ru`` or ``contested``.
    before : State or None
        The earlier state; None for the first date (nothing gained or lost).
    after : State
        The later state.
    held_km2 : float, optional
        The area ``side`` holds in ``after`` when it is already measured.

    Returns
    -------
    Change
    """
    now = after.held.get(side, EMPTY)
    held = area_km2(now) if held_km2 is None else held_km2
    if before is None:
        return Change(side, None, after.date, held, EMPTY, EMPTY, 0.0, 0.0)
    then = before.held.get(side, EMPTY)
    gained, lost = (polygons_only(g) for g in differences(now, then))
    return Change(
        side,
        before.date,
        after.date,
        held,
        gained,
        lost,
        area_km2(gained),
        area_km2(lost),
    )


def measure_changes(
    before: State | None, after: State, held_km2: Mapping[str, float] | None = None
) -> list[Change]:
    """:func:`measure_change` for every side held on either date, in the order of ``SIDES``.

    Parameters
    ----------
    before : State or None
        The earlier state; None for the first date.
    after : State
        The later state.
    held_km2 : Mapping of str to float, optional
        The areas held in ``after`` when they are already measured.

    Returns
    -------
    list of Change
    """
    held_before = before.held if before is not None else {}
    known = held_km2 or {}
    return [
        measure_change(side, before, after, known.get(side))
        for side in SIDES
        if side in after.held or side in held_before
    ]
