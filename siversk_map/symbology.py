"""The base map's symbology: one table read by the pages (via JSON) and by matplotlib.

A restrained, newspaper-style base: light built-up blocks, pale water, grey roads whose width
follows their OpenStreetMap ``highway`` class, a thin dark railway. The front's styles (sides,
claims, gained and lost ground, front line, axes, measures, events, another source's outline and
disagreement) are in :data:`FRONT_STYLES`: every colour, hatch, width, dash pattern, draw order
and legend label is written here once. The pages read them through :func:`symbology_json`, the
legends through :func:`legend_swatch`, matplotlib through :data:`FRONT_COLOURS`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Final

__all__ = [
    "BASE_COLOURS",
    "FRONT_COLOURS",
    "FRONT_STYLES",
    "PLACE_MIN_ZOOM",
    "PLACE_RANK",
    "ROAD_CLASSES",
    "FrontStyle",
    "Hatch",
    "RoadClass",
    "hatch_patterns",
    "legend_swatch",
    "mpl_hatch",
    "mpl_hatched",
    "mpl_line",
    "rgba",
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


@dataclass(frozen=True)
class Hatch:
    r"""Parallel lines filling an area (claims, gained and lost ground).

    Parameters
    ----------
    angle : int
        Rotation of the lines in degrees (SVG ``patternTransform``; 45 draws ``/``, -45 ``\``).
    stroke : float
        Line width in pixels on the pages (8-pixel pattern).
    opacity : float
        Opacity of the lines.
    density : int
        How many times matplotlib repeats the hatch character (more is denser).
    """

    angle: int
    stroke: float
    opacity: float
    density: int


@dataclass(frozen=True)
class FrontStyle:
    """How one of the front's layers is drawn and named in the legends.

    Parameters
    ----------
    colour : str
        Line (outline) colour, ``#rrggbb``.
    label : str
        Legend label (English; translated by the pages).
    width : float
        Line width in pixels on the pages.
    opacity : float
        Line opacity on the pages.
    fill : str, optional
        Fill colour; ``None`` draws no fill (or only the hatch).
    fill_opacity : float
        Opacity of the fill.
    dash : str, optional
        SVG dash array on the pages; ``None`` is a solid line.
    hatch : Hatch, optional
        Hatch lines filling the area, drawn in ``colour``.
    z : int
        Draw order among the front's layers, higher above (the pages' and the timeline's
        layer order: control, claims, other source, changes, front line, axes, measures,
        events; ``0`` for the fallback style).
    """

    colour: str
    label: str
    width: float = 1.0
    opacity: float = 1.0
    fill: str | None = None
    fill_opacity: float = 0.0
    dash: str | None = None
    hatch: Hatch | None = None
    z: int = 0


# Chosen so that the sides, the contested grey, claims and gained and lost ground stay apart
# under simulated protanopia and deuteranopia (tests/test_symbology.py): the grey is dark and
# filled densely enough to differ from the Russian fill, and lost ground is a dark green that
# differs from the orange of gained ground in lightness as well as hue.
_RU, _UA, _GREY, _CLAIM = "#c62828", "#1565c0", "#616161", "#6a1b9a"
#: The front's styles, by name: the sides, claims, changes, lines, events, another source.
FRONT_STYLES: Final[dict[str, FrontStyle]] = {
    "ru": FrontStyle(_RU, "Russian-held", 1, 0.6, _RU, 0.28, z=1),
    "ua": FrontStyle(_UA, "Ukrainian-held", 1, 0.6, _UA, 0.28, z=1),
    "contested": FrontStyle(_GREY, "Contested (grey zone)", 1, 0.6, _GREY, 0.6, z=1),
    "claim": FrontStyle(
        _CLAIM, "Claimed, not assessed", 2.5, 0.95, dash="8 6", hatch=Hatch(45, 1.8, 0.55, 2), z=2
    ),
    "gain": FrontStyle(
        "#ff6f00", "Gained since previous date", 2, hatch=Hatch(-45, 3, 0.7, 3), z=4
    ),
    "loss": FrontStyle("#006d2c", "Lost since previous date", 2, hatch=Hatch(45, 3, 0.7, 3), z=4),
    "front": FrontStyle("#7f0000", "Front line (Russian forward edge)", 3.5, 0.95, z=5),
    "front_claimed": FrontStyle(_CLAIM, "Front line (claim)", 3.5, 0.95, dash="8 6", z=5),
    "axis": FrontStyle(_RU, "Axis of advance", 3, 0.95, _RU, 0.9, "10 5", z=6),
    "measure": FrontStyle("#000000", "Measured distance", 2.5, 0.9, dash="2 6", z=7),
    "event_reported": FrontStyle("#ef6c00", "Event, reported", z=8),
    "event_assessed": FrontStyle("#212121", "Event, assessed", z=8),
    "event_claimed": FrontStyle(_CLAIM, "Event, claimed", z=8),
    "other_outline": FrontStyle(
        "#4a148c", "Other source: outline of held ground", 2.5, 0.95, dash="6 5", z=3
    ),
    "disagree_a": FrontStyle("#ff8f00", "Held in this data set only", 1.5, 1, "#ffb300", 0.5, z=3),
    "disagree_b": FrontStyle(
        "#00838f", "Held in the other source only", 1.5, 1, "#00838f", 0.45, z=3
    ),
    "other": FrontStyle("#333333", "Other", 2),
}
#: The front's line colours by name (what matplotlib draws with).
FRONT_COLOURS: Final[dict[str, str]] = {name: s.colour for name, s in FRONT_STYLES.items()}


def rgba(colour: str, alpha: float) -> str:
    """A ``#rrggbb`` colour as CSS ``rgba()`` with ``alpha``.

    Examples
    --------
    >>> rgba("#c62828", 0.28)
    'rgba(198,40,40,0.28)'
    """
    r, g, b = (int(colour[k : k + 2], 16) for k in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:g})"


def mpl_hatch(name: str) -> str:
    r"""The hatch of a front style (``claim``, ``gain``, ``loss``) as matplotlib's hatch string.

    Examples
    --------
    >>> mpl_hatch("gain"), mpl_hatch("loss")
    ('\\\\\\', '///')
    """
    hatch = FRONT_STYLES[name].hatch
    if hatch is None:
        raise ValueError(f"the {name!r} style has no hatch")
    return ("/" if hatch.angle > 0 else "\\") * hatch.density


#: Points of a static (matplotlib) map per pixel of the pages: a printed map is read closer and
#: smaller than a screen, so its lines are 0.64 pt per page pixel (a 3.5 px front: 2.24 pt).
PT_PER_PX: Final = 0.64


def mpl_line(name: str) -> dict[str, Any]:
    """A front style's line for matplotlib: ``linewidth`` (pt) and ``linestyle``.

    Both come from the pages' width and dash array, scaled by :data:`PT_PER_PX`; matplotlib
    scales a dash pattern by the line's width, so the pattern is divided by it: on paper, dashes
    keep the proportions they have on the pages.

    Examples
    --------
    >>> mpl_line("front")
    {'linewidth': 2.24, 'linestyle': 'solid'}
    >>> mpl_line("claim")
    {'linewidth': 1.6, 'linestyle': (0, (3.2, 2.4))}
    """
    style = FRONT_STYLES[name]
    width = round(style.width * PT_PER_PX, 2)
    if not style.dash:
        return {"linewidth": width, "linestyle": "solid"}
    pattern = tuple(round(float(v) * PT_PER_PX / width, 2) for v in style.dash.split())
    return {"linewidth": width, "linestyle": (0, pattern)}


def mpl_hatched(name: str) -> dict[str, Any]:
    """A hatched front style (``claim``, ``gain``, ``loss``) as matplotlib patch properties:
    no fill, the style's colour as edge and hatch colour, its hatch, width and dashes.

    Examples
    --------
    >>> sorted(mpl_hatched("loss"))
    ['edgecolor', 'facecolor', 'hatch', 'linestyle', 'linewidth']
    """
    return {
        "facecolor": "none",
        "edgecolor": FRONT_STYLES[name].colour,
        "hatch": mpl_hatch(name),
        **mpl_line(name),
    }


def hatch_patterns() -> list[tuple[str, str, int, float, float]]:
    """The SVG hatch patterns of the pages: ``(id, colour, angle, stroke, opacity)`` each.

    Examples
    --------
    >>> hatch_patterns()[1]
    ('sm-hatch-gain', '#ff6f00', -45, 3, 0.7)
    """
    return [
        (
            f"sm-hatch-{name}",
            style.colour,
            style.hatch.angle,
            style.hatch.stroke,
            style.hatch.opacity,
        )
        for name, style in FRONT_STYLES.items()
        if style.hatch is not None
    ]


def legend_swatch(name: str) -> dict[str, str]:
    """The legend entry of a front style, as the pages' legend template reads it.

    An area with a hatch is shown by a CSS gradient of its lines; a plain area by its fill.

    Examples
    --------
    >>> legend_swatch("contested")["background"]
    'rgba(97,97,97,0.6)'
    >>> legend_swatch("axis")["style"]
    'dashed'
    """
    style = FRONT_STYLES[name]
    line = "solid" if style.dash is None else "dotted" if style.dash.startswith("2 ") else "dashed"
    background = None
    if style.hatch is not None:
        lines = rgba(style.colour, style.hatch.opacity)
        # CSS turns a gradient the other way round from SVG's patternTransform.
        background = (
            f"repeating-linear-gradient({-style.hatch.angle}deg, {lines} 0 2px, "
            "transparent 2px 6px)"
        )
    elif style.fill is not None and name != "axis":
        background = rgba(style.fill, style.fill_opacity)
    if background is None:
        return {"kind": "line", "label": style.label, "colour": style.colour, "style": line}
    return {
        "kind": "area",
        "label": style.label,
        "background": background,
        "colour": style.colour,
        "style": line,
    }


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
        "front": {k: asdict(v) for k, v in FRONT_STYLES.items()},
        "block_min_zoom": BLOCK_MIN_ZOOM,
        "building_min_zoom": BUILDING_MIN_ZOOM,
    }
