"""The static figures' styles and framing: side colours and labels, page sizes, how a map is
framed, and text kept as real text in SVG and PDF."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ExportError
from ..symbology import FRONT_COLOURS, FRONT_STYLES

if TYPE_CHECKING:
    from matplotlib.figure import Figure


#: Colours of the static figures: the front's from the one symbology table, and the export
#: layers' river, road and boundary lines.
COLOURS = {
    **{name: FRONT_COLOURS[name] for name in ("ru", "ua", "contested", "claim", "gain", "loss")},
    "front": FRONT_COLOURS["front"],
    "measure": FRONT_COLOURS["measure"],
    "river": "#1e88e5",
    "road": "#8d6e63",
    "boundary": "#37474f",
}


SIDE_LABELS = {side: FRONT_STYLES[side].label for side in ("ru", "ua", "contested")}


SHORT_LABELS = {"ru": "Russian", "ua": "Ukrainian", "contested": "Contested"}


@dataclass(frozen=True)
class Framing:
    """What a static map shows, and its title.

    Parameters
    ----------
    bbox : tuple of float, optional
        ``(min_lon, min_lat, max_lon, max_lat)`` to fit in the frame.
    centre : tuple of float, optional
        ``(lat, lon)`` of the frame's centre (with ``zoom``, or the style's width).
    zoom : float, optional
        Web-map zoom level the frame's width matches (at ``centre``, or the view's centre).
    frame : {"view", "area", "change"}
        Without ``bbox``/``centre``: the data set's default view, its whole area, or the ground
        that changed (since the date before, or over an animation's dates), padded.
    title : str, optional
        Replaces the data set's title.
    """

    bbox: tuple[float, float, float, float] | None = None
    centre: tuple[float, float] | None = None
    zoom: float | None = None
    frame: str = "view"
    title: str | None = None

    def __post_init__(self) -> None:
        if self.frame not in FRAMES:
            raise ExportError(f"unknown frame {self.frame!r}: use one of {', '.join(FRAMES)}")
        if self.bbox is not None:
            w, s, e, n = self.bbox
            if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
                raise ExportError(
                    "--bbox must be MINLON,MINLAT,MAXLON,MAXLAT with min < max, in degrees"
                )
        if self.centre is not None and not (
            -90 <= self.centre[0] <= 90 and -180 <= self.centre[1] <= 180
        ):
            raise ExportError("--centre must be LAT,LON in degrees")
        if self.zoom is not None and not 0 <= self.zoom <= 22:
            raise ExportError("--zoom must be from 0 to 22")


FRAMES = ("view", "area", "change")


@dataclass(frozen=True)
class SnapshotStyle:
    """Size and view of a static map.

    Parameters
    ----------
    width, height : int
        Pixels (at ``dpi``).
    dpi : int
        Dots per inch.
    half_width_km : float
        Half the width of the map's view around the data set's view centre.
    framing : Framing
        What the frame shows (default: the data set's view) and the title.
    """

    width: int = 1600
    height: int = 1200
    dpi: int = 150
    half_width_km: float = 11.0
    framing: Framing = Framing()


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - matplotlib is a dependency
        raise ImportError("static maps need matplotlib: pip install matplotlib") from exc
    return plt


# Control characters other than newline: no font has a glyph for them.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def plain_texts(fig: Figure) -> Figure:
    r"""Draw every text of a figure as written: no mathtext, no control characters.

    Names, summaries and sources come from data: with mathtext on, ``$5 or $6`` would be drawn
    as a formula and ``$\foo$`` would make saving the figure fail. Control characters (tab
    becomes a space) are removed, as no font can draw them.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    matplotlib.figure.Figure
        The same figure.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure()
    >>> text = fig.text(0, 0, "$\\foo$ at\ttea\x00")
    >>> _ = plain_texts(fig)
    >>> text.get_text(), text.get_parse_math()
    ('$\\foo$ at tea', False)
    >>> plt.close(fig)
    """
    for text in _texts(fig):
        text.set_parse_math(False)
        value = text.get_text()
        if _CONTROL.search(value):
            text.set_text(_CONTROL.sub("", value.replace("\t", " ")))
    return fig


def _texts(fig: Figure) -> list[Any]:
    """Every Text of a figure, as ``fig.findobj(Text)`` finds them, but the axes' tick labels.

    Asking an axis for its children makes its tick objects (most of a report page's time
    when walking the figure); tick labels are formatted numbers, never data, so an axis gives
    only its label and offset text.
    """
    from matplotlib.axis import Axis
    from matplotlib.text import Text

    found: list[Any] = []
    stack: list[Any] = [fig]
    while stack:
        artist = stack.pop()
        if isinstance(artist, Text):
            found.append(artist)
        if isinstance(artist, Axis):
            stack += [artist.label, artist.offsetText]
        else:
            stack += artist.get_children()
    return found
