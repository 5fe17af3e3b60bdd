"""The measurement engine's former home, kept so that ``siversk_map.measure`` still imports.

The engine now lives in :mod:`siversk_map.analysis` (``geodesy``, ``change``, ``advance``);
outputs read figures from :class:`siversk_map.analysis.Analysis` instead.
"""

from __future__ import annotations

from .analysis.advance import AdvanceMeter, measure_advance
from .analysis.change import measure_change, measure_changes
from .analysis.figures import Advance, Change
from .analysis.geodesy import DENSIFY_DEG, GEOD, area_km2, distance_km, length_km

__all__ = [
    "DENSIFY_DEG",
    "GEOD",
    "Advance",
    "AdvanceMeter",
    "Change",
    "area_km2",
    "distance_km",
    "length_km",
    "measure_advance",
    "measure_change",
    "measure_changes",
]
