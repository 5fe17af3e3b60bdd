"""Disagreement between two sources about the ground each side holds (part of the engine)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from shapely.geometry.base import BaseGeometry

from ..compose import EMPTY, polygons_only
from ..model import SIDES
from .figures import SideDisagreement
from .geodesy import area_km2
from .overlay import differences

__all__ = ["compare_held"]


def compare_held(
    ours: Mapping[str, BaseGeometry],
    theirs: Mapping[str, BaseGeometry],
    measure: Callable[[BaseGeometry], float] = area_km2,
    held_km2: Mapping[str, float] | None = None,
) -> tuple[SideDisagreement, ...]:
    """Per side held in either: ground only ours gives it, ground only theirs gives it.

    Parameters
    ----------
    ours, theirs : Mapping of str to shapely geometry
        Ground held by each side in this data set and in the other source (lon/lat).
    measure : callable
        The area measure (km²); geodesic by default. An output measuring its own encoded
        geometry passes its own (see :class:`~siversk_map.analysis.encoded.PageAreas`).
    held_km2 : Mapping of str to float, optional
        Our held areas as already measured (default: ``measure`` of ``ours``).

    Returns
    -------
    tuple of SideDisagreement

    Examples
    --------
    >>> from shapely.geometry import box
    >>> ours, theirs = box(38.0, 48.8, 38.1, 48.9), box(38.0, 48.8, 38.05, 48.9)
    >>> (d,) = compare_held({"ru": ours}, {"ru": theirs})
    >>> round(d.ours_only_km2, 1), round(d.theirs_only_km2, 1), round(d.agree_km2, 1)
    (40.8, 0.0, 40.8)
    """
    out = []
    for side in SIDES:
        a, b = ours.get(side, EMPTY), theirs.get(side, EMPTY)
        if a.is_empty and b.is_empty:
            continue
        a_only, b_only = (polygons_only(g) for g in differences(a, b))
        a_km2, b_km2 = measure(a_only), measure(b_only)
        if held_km2 is not None:
            held = held_km2.get(side, 0.0)
        else:
            held = measure(a) if side in ours else 0.0
        out.append(
            SideDisagreement(side, a_only, b_only, b, a_km2, b_km2, held - a_km2, measure(b))
        )
    return tuple(out)
