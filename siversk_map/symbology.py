"""The base map's symbology: one table read by the pages (via JSON) and by matplotlib.

A restrained, newspaper-style base: light built-up blocks, pale water, grey roads whose width
follows their OpenStreetMap ``highway`` class, a thin dark railway. The front's own colours
(control, front line, changes) stay with their renderers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Final

__all__ = [
    "BASE_COLOURS",
    "PLACE_MIN_ZOOM",
    "PLACE_RANK",
    "ROAD_CLASSES",
    "RoadClass",
    "road_class",
    "symbology_json",
]


@dataclass(frozen=True)
class RoadClass:
    """How a road class is drawn.

    Parameters
    ----------
    width : float
        Line width in pixels at zoom 14 (pages); points at the default snapshot scale.
    colour : str
        Line colour.
    min_zoom : float
        Drawn from this zoom on (pages); the snapshot draws classes with ``min_zoom <= 13``.
    major : bool
        Drawn above the minor roads and labelled from a lower zoom.
    """

    width: float
    colour: str
    min_zoom: float
    major: bool = False


_MAJOR = "#8a7a6c"
_MINOR = "#a8a198"
ROAD_CLASSES: Final[dict[str, RoadClass]] = {
    "motorway": RoadClass(4.5, "#8d6e63", 0, True),
    "trunk": RoadClass(4.0, "#8d6e63", 0, True),
    "primary": RoadClass(3.5, _MAJOR, 0, True),
    "secondary": RoadClass(3.0, _MAJOR, 0, True),
    "tertiary": RoadClass(2.4, _MAJOR, 10, True),
    "main road": RoadClass(3.0, _MAJOR, 0, True),
    "unclassified": RoadClass(1.6, _MINOR, 12),
    "residential": RoadClass(1.6, _MINOR, 13),
    "living_street": RoadClass(1.4, _MINOR, 13),
    "road": RoadClass(1.4, _MINOR, 13),
    "service": RoadClass(1.0, _MINOR, 14),
    "track": RoadClass(1.0, "#b9ad96", 14),
    "footway": RoadClass(0.8, "#b9ad96", 15),
    "path": RoadClass(0.8, "#b9ad96", 15),
}
_OTHER_ROAD = RoadClass(1.2, _MINOR, 13)

#: Fill and line colours of the other base layers.
BASE_COLOURS: Final[dict[str, str]] = {
    "background": "#f4f1ea",
    "built_up": "#d4cbbb",
    "building": "#cbc2b2",
    "water": "#b3d1e6",
    "river": "#5e9fd3",
    "railway": "#5d5d5d",
    "boundary": "#546e7a",
    "place_text": "#212121",
    "river_text": "#1f5f99",
    "street_text": "#5d4037",
}

#: Label priority of a place class (lower is more important); the main town comes before all.
PLACE_RANK: Final[dict[str, int]] = {"city": 1, "town": 2, "village": 3, "hamlet": 4}
#: Zoom from which a place class is labelled on the pages.
PLACE_MIN_ZOOM: Final[dict[str, float]] = {"city": 0, "town": 9, "village": 11, "hamlet": 12.5}
#: Zoom from which named streets, rivers and blocks appear.
STREET_LABEL_ZOOM: Final = 14.0
MAJOR_ROAD_LABEL_ZOOM: Final = 13.0
RIVER_LABEL_ZOOM: Final = 11.0
BLOCK_MIN_ZOOM: Final = 14.0
BUILDING_MIN_ZOOM: Final = 15.0


def road_class(kind: Any) -> RoadClass:
    """The drawing of a road's ``kind`` (its OSM highway class); unknown kinds draw minor.

    Examples
    --------
    >>> road_class("primary").major, road_class("no such class").width
    (True, 1.2)
    """
    return ROAD_CLASSES.get(kind, _OTHER_ROAD) if isinstance(kind, str) else _OTHER_ROAD


def symbology_json() -> dict[str, Any]:
    """The table as JSON for the pages' script."""
    return {
        "roads": {k: asdict(v) for k, v in ROAD_CLASSES.items()},
        "other_road": asdict(_OTHER_ROAD),
        "colours": BASE_COLOURS,
        "block_min_zoom": BLOCK_MIN_ZOOM,
        "building_min_zoom": BUILDING_MIN_ZOOM,
    }
