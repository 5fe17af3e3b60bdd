"""The analysis stage: every figure of a data set, computed once by one measurement engine.

Outputs (``render/``, ``export/``) read figures from :class:`Analysis` (``DataSet.analysis``)
and its frozen figure types; only this package measures. The engine:

- :mod:`~siversk_map.analysis.geodesy`: geodesic areas, lengths and distances;
- :mod:`~siversk_map.analysis.change`: ground gained and lost between two dates;
- :mod:`~siversk_map.analysis.advance`: the deepest advance;
- :mod:`~siversk_map.analysis.compare`: disagreement with another source;
- :mod:`~siversk_map.analysis.encoded`: areas of a page's topology of arcs.
"""

from __future__ import annotations

from .encoded import PageAreas
from .figures import (
    Advance,
    AlongLine,
    Change,
    DateFigures,
    Disagreement,
    FrontDistances,
    SideDisagreement,
)
from .stage import ADVANCE_TOLERANCE_M, Analysis

__all__ = [
    "ADVANCE_TOLERANCE_M",
    "Advance",
    "AlongLine",
    "Analysis",
    "Change",
    "DateFigures",
    "Disagreement",
    "FrontDistances",
    "PageAreas",
    "SideDisagreement",
]
