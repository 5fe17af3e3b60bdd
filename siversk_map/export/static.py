"""Report-ready static maps with matplotlib: no browser, reproducible, vector for SVG and PDF.

A snapshot is one figure: the map of a date (or two dates side by side with the gains and
losses between them), a title with the date, a legend, a scale bar, a north arrow, the date's
figures, source credits, the data's precision note, and an inset locating the area in its
oblast and in Ukraine. The base map and its labels follow the pages' (see :mod:`.base`).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from ..cartography import base_labels
from ..compose import State
from ..dataset import DataSet, _as_date
from ..errors import ExportError
from ..geo import ATTRIBUTION as GEO_ATTRIBUTION
from ..geo import neighbours, oblast_of_area, oblasts, ukraine
from ..i18n import translator
from ..model import SIDES
from ..render.features import base_rows
from ..symbology import BASE_COLOURS
from .advance import on_area_edge
from .base import draw_base, draw_labels, equivalent_zoom, utm_crs
from .groups import group_layers, tagged

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "COLOURS",
    "FRAMES",
    "Framing",
    "SnapshotStyle",
    "figure_bytes",
    "plain_texts",
    "render_snapshot",
]

COLOURS = {
    "ru": "#c62828",
    "ua": "#1565c0",
    "contested": "#8d8d8d",
    "claim": "#6a1b9a",
    "gain": "#ff6f00",
    "loss": "#2e7d32",
    "front": "#7f0000",
    "river": "#1e88e5",
    "road": "#8d6e63",
    "boundary": "#37474f",
}
SIDE_LABELS = {"ru": "Russian-held", "ua": "Ukrainian-held", "contested": "Contested (grey zone)"}
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
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        if not isinstance(text, Text):  # pragma: no cover - findobj returns Text objects
            continue
        text.set_parse_math(False)
        value = text.get_text()
        if _CONTROL.search(value):
            text.set_text(_CONTROL.sub("", value.replace("\t", " ")))
    return fig


def _draw_crs(ds: DataSet) -> str:
    """The metric CRS a data set is drawn in: the UTM zone of its view centre."""
    lat, lon = ds.manifest.center
    return utm_crs(lon, lat)


def _to_draw(geoms: Any, crs: str) -> gpd.GeoSeries:
    return gpd.GeoSeries(list(geoms), crs="OGC:CRS84").to_crs(crs)


def _view(
    ds: DataSet,
    style: SnapshotStyle,
    aspect: float,
    crs: str,
    changed: BaseGeometry | None = None,
) -> tuple[float, float, float, float]:
    """The frame ``(x0, x1, y0, y1)`` in the drawing CRS; ``aspect`` is height / width.

    ``changed`` is the ground that changed, framed by ``frame="change"`` (the default view when
    nothing changed).
    """
    framing = style.framing
    bbox = framing.bbox
    if bbox is None and framing.centre is None:
        if framing.frame == "area":
            bbox = ds.manifest.bbox
        elif framing.frame == "change" and changed is not None and not changed.is_empty:
            bbox = changed.bounds
    if bbox is not None:
        w, s, e, n = bbox
        corners = _to_draw([shapely.Point(w, s), shapely.Point(e, n)], crs)
        (x0, y0), (x1, y1) = (
            (corners.iloc[0].x, corners.iloc[0].y),
            (corners.iloc[1].x, corners.iloc[1].y),
        )
        pad = 1.08 if framing.bbox is None else 1.0  # a frame found from the data gets a margin
        half_w = max((x1 - x0) / 2, (y1 - y0) / 2 / aspect, 500.0) * pad
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        return cx - half_w, cx + half_w, cy - half_w * aspect, cy + half_w * aspect
    lat, lon = framing.centre if framing.centre is not None else ds.manifest.center
    centre = _to_draw([shapely.Point(lon, lat)], crs).iloc[0]
    half_w = style.half_width_km * 1000.0
    if framing.zoom is not None:
        # Web Mercator's ground resolution at this latitude, over the map's share of the width.
        metres_per_pixel = 156543.03392 * math.cos(math.radians(lat)) / 2**framing.zoom
        half_w = metres_per_pixel * style.width * 0.7 / 2
    half_h = half_w * aspect
    return centre.x - half_w, centre.x + half_w, centre.y - half_h, centre.y + half_h


def _changed_ground(pairs: list[tuple[Any, Any]]) -> BaseGeometry | None:
    """Ground held by a side on one date of each pair and not on the other (lon/lat)."""
    parts = []
    for after, before in pairs:
        for side in set(after.held) | set(before.held):
            a = after.held.get(side, shapely.Polygon())
            b = before.held.get(side, shapely.Polygon())
            parts.append(a.symmetric_difference(b))
    found = shapely.union_all(parts) if parts else None
    return None if found is None or found.is_empty else found


def _polygon_path(geom: BaseGeometry) -> Any:
    """A matplotlib Path of a (multi)polygon, holes included."""
    import numpy as np
    from matplotlib.path import Path as MplPath

    vertices: list[Any] = []
    codes: list[int] = []
    for poly in shapely.get_parts(geom):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            vertices.append(xy)
            codes.extend(
                [int(MplPath.MOVETO)]
                + [int(MplPath.LINETO)] * (len(xy) - 2)
                + [int(MplPath.CLOSEPOLY)]
            )
    if not vertices:
        return None
    return MplPath(np.concatenate(vertices), codes)


def _plot_polys(ax: Axes, geoms: list[BaseGeometry], crs: str | None = None, **kwargs: Any) -> None:
    """Draw polygons as patches (geopandas' plot redraws the whole figure on every call).

    ``crs``: project lon/lat geometries to it first; None: they are in the axes' units.
    """
    from matplotlib.patches import PathPatch

    geoms = [g for g in geoms if g is not None and not g.is_empty]
    if not geoms:
        return
    drawn = list(_to_draw(geoms, crs)) if crs is not None else geoms
    for key, alias in (("lw", "linewidth"), ("color", None)):
        if key in kwargs and alias:
            kwargs[alias] = kwargs.pop(key)
    if "color" in kwargs:
        colour = kwargs.pop("color")
        kwargs.setdefault("facecolor", colour)
        kwargs.setdefault("edgecolor", colour)
    for geom in drawn:
        path = _polygon_path(geom)
        if path is not None:
            ax.add_patch(PathPatch(path, **kwargs))


def _plot_lines(
    ax: Axes, geoms: Any, widths: list[float] | float, crs: str | None = None, **kwargs: Any
) -> None:
    drawn = list(_to_draw(geoms, crs)) if crs is not None else list(geoms)
    if not isinstance(widths, list):
        widths = [widths] * len(drawn)
    for geom, width in zip(drawn, widths, strict=True):
        for part in shapely.get_parts(geom):
            if part.geom_type == "LineString" and not part.is_empty:
                xs, ys = part.xy
                ax.plot(xs, ys, linewidth=width, **kwargs)


def _draw_state(
    ax: Axes,
    ds: DataSet,
    state: State,
    since: State | None,
    crs: str,
    zoom: float,
    numbers: dict[str, int] | None = None,
    type_pt: float = 0.0,
) -> list[Any]:
    """Draw the base map, every layer of a state and its change since ``since`` on an axes.

    ``numbers`` gives each event its number (shared by the panels of a comparison; by default
    the state's events in order); ``type_pt`` is the smallest type size allowed (points).
    Returns the measure labels (obstacles for the place labels), each layer tagged by name
    (see :mod:`.groups`).
    """
    from matplotlib.patheffects import withStroke

    feats = state.features
    real = feats[~feats["claim"]]
    claims = feats[feats["claim"]]
    with tagged(ax, "base-map"):
        draw_base(ax, base_rows(ds), crs, zoom, ds.manifest.river_line)
    for side in SIDES:
        if side in state.held:
            alpha = 0.45 if side == "contested" else 0.28
            with tagged(ax, f"control-{side}"):
                _plot_polys(
                    ax, [state.held[side]], crs, color=COLOURS[side], alpha=alpha, linewidth=0
                )
    if since is not None:
        ru = ds.analysis.change("ru", since.date, state.date)
        with tagged(ax, "change-gain"):
            _plot_polys(
                ax,
                [ru.gained],
                crs,
                facecolor="none",
                edgecolor=COLOURS["gain"],
                hatch="\\\\\\",
                lw=1.2,
            )
        with tagged(ax, "change-loss"):
            _plot_polys(
                ax, [ru.lost], crs, facecolor="none", edgecolor=COLOURS["loss"], hatch="///", lw=1.2
            )
    claim_polys = claims[claims["layer"] == "control"]
    with tagged(ax, "claims"):
        _plot_polys(
            ax,
            list(claim_polys.geometry),
            crs,
            facecolor="none",
            edgecolor=COLOURS["claim"],
            hatch="//",
            linewidth=1.6,
            linestyle=(0, (5, 3)),
        )
    front = real[real["layer"] == "front_line"]
    if len(front):
        with tagged(ax, "front-line"):
            _plot_lines(ax, front.geometry, 2.2, crs, color=COLOURS["front"])
    for geom in real[real["layer"] == "axis"].geometry:
        line = _to_draw([geom], crs).iloc[0]
        if line.geom_type == "MultiLineString":
            line = list(line.geoms)[-1]
        coords = list(line.coords)
        xs, ys = zip(*coords, strict=True)
        with tagged(ax, "axes-of-advance"):
            ax.plot(xs, ys, color=COLOURS["ru"], lw=2.0, ls=(0, (6, 3)))
            ax.annotate(
                "",
                xy=coords[-1],
                xytext=coords[-2],
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": COLOURS["ru"],
                    "lw": 2.0,
                    "mutation_scale": 18,
                },
            )
    outline = [withStroke(linewidth=3, foreground="white")]
    measure_labels: list[Any] = []
    for row in real[real["layer"] == "measure"].itertuples(index=False):
        line = _to_draw([row.geometry], crs).iloc[0]
        xs, ys = line.xy if line.geom_type == "LineString" else next(iter(line.geoms)).xy
        _, _, advance_km = ds.advance_along(str(row.id))
        label = (
            f"{ds.analysis.feature_length_km(row.geometry):.1f} km line"
            if advance_km is None
            else f"advance on the data: {advance_km:.1f} km"
        )
        with tagged(ax, "measures"):
            ax.plot(xs, ys, color="black", lw=1.6, ls=(0, (1, 2)))
            measure_labels.append(_measure_label(ax, line, label, max(8.0, type_pt), outline))
    with tagged(ax, "settlements"):
        points = real[(real["layer"] == "settlement") & (real.geom_type == "Point")]
        if len(points):
            drawn = _to_draw(points.geometry, crs)
            ax.scatter(
                drawn.x, drawn.y, s=12, facecolor="white", edgecolor="#263238", zorder=5, lw=0.8
            )
    events = real[real["layer"] == "event"]
    if len(events):
        drawn = _to_draw(events.geometry, crs)
        if numbers is None:
            numbers = {str(fid): n for n, fid in enumerate(events["id"], 1)}
        size = max(6.5, type_pt)
        with tagged(ax, "events"):
            for point, status, fid in zip(drawn, events["status"], events["id"], strict=True):
                colour = COLOURS["claim"] if status == "claimed" else "#ef6c00"
                ax.scatter(
                    [point.x],
                    [point.y],
                    s=90 * (size / 6.5) ** 2,
                    color=colour,
                    edgecolor="white",
                    zorder=6,
                )
                ax.text(
                    point.x,
                    point.y,
                    str(numbers.get(str(fid), "?")),
                    fontsize=size,
                    color="white",
                    ha="center",
                    va="center",
                    zorder=7,
                    fontweight="bold",
                )
    return measure_labels


def _measure_label(ax: Axes, line: Any, label: str, size: float, outline: list[Any]) -> Any:
    """The measure's label beside its line, at the middle (else the first place free of the
    map's marks); place labels are then kept off it."""
    mid = line.interpolate(0.5, normalized=True)
    return ax.text(
        mid.x,
        mid.y,
        label,
        fontsize=size,
        ha="center",
        va="bottom",
        path_effects=outline,
        zorder=8.5,
    )


def _scale_bar(ax: Axes, x0: float, x1: float, y0: float, y1: float) -> Any:
    """Draw the scale bar; return its text (an obstacle for labels)."""
    span_km = (x1 - x0) / 1000.0
    length = next(v for v in (1, 2, 5, 10, 20, 50) if v >= span_km / 6)
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    ax.plot([bx, bx + length * 1000], [by, by], color="black", lw=3, solid_capstyle="butt")
    ax.plot([bx, bx + length * 500], [by, by], color="white", lw=1.5, solid_capstyle="butt")
    return ax.text(bx, by + (y1 - y0) * 0.012, f"{length} km", fontsize=8, va="bottom")


def _north_arrow(ax: Axes) -> Any:
    """Draw the north arrow; return it (an obstacle for labels)."""
    return ax.annotate(
        "N",
        xy=(0.95, 0.95),
        xytext=(0.95, 0.86),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=11,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.5, "mutation_scale": 16},
    )


def _inset(fig: Figure, rect: list[float], ds: DataSet, t: Callable[[str], str], lang: str) -> None:
    """Ukraine within its internationally recognised borders, the area's oblast named and
    highlighted (from the bundled oblast layer), and the reference point."""
    ax = fig.add_axes((rect[0], rect[1], rect[2], rect[3]), gid="inset")
    ax.set_facecolor("#dcebf5")  # the sea
    countries = [c.geometry for c in neighbours()]
    _plot_polys(ax, countries, facecolor="#f5f5f5", edgecolor="#9e9e9e", lw=0.5)
    units = oblasts()
    _plot_polys(ax, [o.geometry for o in units], facecolor="#e3eaf3", edgecolor="#b0bec5", lw=0.3)
    _plot_polys(ax, [ukraine()], facecolor="none", edgecolor="#455a64", lw=0.8)
    area = oblast_of_area(ds.manifest.bbox)
    if area is not None:
        _plot_polys(ax, [area.geometry], facecolor="#ffe0b2", edgecolor="#e65100", lw=0.8)
    rp = ds.manifest.reference_point
    ax.scatter([rp.lon], [rp.lat], s=30, color=COLOURS["ru"], zorder=5, edgecolor="white")
    ax.set_xlim(21.5, 41.0)
    ax.set_ylim(44.0, 53.0)
    ax.set_aspect(1 / 0.66)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    country = t("Ukraine")
    if area is not None:
        name = area.name_uk if lang == "uk" and area.name_uk else area.name
        title = f"{t('Location')}: {name}, {country}"
    else:
        title = f"{t('Location')}: {country}"
    ax.set_title(title, fontsize=7.5)
    ax.text(0.01, 0.01, GEO_ATTRIBUTION, transform=ax.transAxes, fontsize=5, color="#616161")


def legend_handles(ds: DataSet, changes: bool, t: Callable[[str], str]) -> list[Any]:
    """The legend's entries (matplotlib handles) of a map, its texts translated by ``t``."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Patch(
            facecolor=COLOURS[s], alpha=0.45 if s == "contested" else 0.3, label=t(SIDE_LABELS[s])
        )
        for s in SIDES
    ]
    handles.append(
        Patch(
            facecolor="none",
            edgecolor=COLOURS["claim"],
            hatch="//",
            linestyle="--",
            label=t("Claimed, not assessed"),
        )
    )
    if changes:
        handles.append(
            Patch(
                facecolor="none",
                edgecolor=COLOURS["gain"],
                hatch="\\\\\\",
                label=t("Russian gain (since previous/compared date)"),
            )
        )
        handles.append(
            Patch(
                facecolor="none",
                edgecolor=COLOURS["loss"],
                hatch="///",
                label=t("Russian loss (since previous/compared date)"),
            )
        )
    river = BASE_COLOURS["river"]
    handles += [
        Line2D(
            [], [], color=COLOURS["front"], lw=2.2, label=t("Front line (Russian forward edge)")
        ),
        Line2D([], [], color=COLOURS["ru"], lw=2, ls=(0, (6, 3)), label=t("Axis of advance")),
    ]
    # The base map explains itself (it is labelled); the legend names the river line only.
    if ds.manifest.river_name and ds.manifest.river_line:
        name = t("{name} (river line)").format(name=ds.manifest.river_name)
        handles.append(Line2D([], [], color=river, lw=3, label=name))
    handles += [
        Line2D([], [], color="black", lw=1.5, ls=(0, (1, 2)), label=t("Measured distance")),
        Line2D([], [], marker="o", ls="", color="#ef6c00", label=t("Reported event (numbered)")),
    ]
    return handles


def _legend(
    fig: Figure, rect: list[float], ds: DataSet, changes: bool, t: Callable[[str], str]
) -> None:
    handles = legend_handles(ds, changes, t)
    ax = fig.add_axes((rect[0], rect[1], rect[2], rect[3]), gid="legend")
    ax.axis("off")
    ax.legend(handles=handles, loc="upper left", fontsize=7, frameon=False, borderaxespad=0)


def change_rows(ds: DataSet, state: State, since: State | None) -> list[list[str]]:
    """The change table of a date as text cells: side, km² held, gained, lost, net."""
    rows = []
    for ch in ds.analysis.changes(since.date if since else None, state.date):
        side = ch.side
        if since is None:
            rows.append([SHORT_LABELS[side], f"{ch.area_km2:.1f}", "", "", ""])
        else:
            rows.append(
                [
                    SHORT_LABELS[side],
                    f"{ch.area_km2:.1f}",
                    f"{ch.gained_km2:.2f}",
                    f"{ch.lost_km2:.2f}",
                    f"{ch.net_km2:+.2f}",
                ]
            )
    return rows


def _figures(
    fig: Figure,
    rect: list[float],
    ds: DataSet,
    state: State,
    since: State | None,
    t: Callable[[str], str] = str,
) -> float:
    """Draw the change table and the distances; return the y where the next block may start."""
    ax = fig.add_axes((rect[0], rect[1], rect[2], rect[3]), gid="figures")
    ax.axis("off")
    rows = [[t(row[0]), *row[1:]] for row in change_rows(ds, state, since)]
    header = [t("side"), "km²", t("gained"), t("lost"), t("net")]
    if rows:
        table = ax.table(
            cellText=rows,
            colLabels=header,
            cellLoc="right",
            colLoc="right",
            colWidths=[0.28, 0.18, 0.18, 0.18, 0.18],
            bbox=(0.0, 0.0, 1.0, 1.0),  # type: ignore[arg-type]
        )
        table.auto_set_font_size(False)
        table.set_fontsize(7)
        for (r, c), cell in table.get_celld().items():
            cell.set_edgecolor("#bdbdbd")
            cell.set_linewidth(0.4)
            if c == 0:
                cell.get_text().set_horizontalalignment("left")
            if r == 0:
                cell.set_text_props(fontweight="bold")
    lines = figure_lines(ds, state, since, t)
    top = rect[1] - 0.008
    fig.text(rect[0], top, "\n".join(lines), fontsize=7.5, va="top", linespacing=1.4)
    return top - 0.02 * len(lines) - 0.012


def figure_lines(
    ds: DataSet, state: State, since: State | None, t: Callable[[str], str] = str, width: int = 48
) -> list[str]:
    """The date's distances, deepest advance and claim checks as lines of text."""
    lines = []
    if since is not None:
        lines.append(f"{t('Change since')} {since.date.isoformat()}")
    front = ds.front_distances(state.date)
    if front["to_reference_km"] is not None:
        lines.append(
            f"{t('Front to')} {ds.manifest.reference_point.name}: {front['to_reference_km']:.2f} km"
        )
    if front["to_river_km"] is not None:
        lines.append(f"{t('Front to the river line')}: {front['to_river_km']:.2f} km")
    if since is not None:
        adv = ds.advance(since.date, state.date)
        if adv is not None:
            if on_area_edge(adv, ds.manifest.bbox):
                lines.append(
                    f"{t('Deepest advance since')} {since.date.isoformat()}: "
                    f"{adv.distance_km:.2f} km, along the area's edge (an artefact of the box)"
                )
            else:
                lines.append(
                    f"{t('Deepest advance since')} {since.date.isoformat()}: "
                    f"{adv.distance_km:.2f} km (farthest new Russian-held point)"
                )
    for check in ds.claim_checks():
        if check.claimed_on <= state.date:
            lines.extend(
                textwrap.wrap(f"Claim check: {check.text}", width, subsequent_indent="   ")
            )
    return lines


def _event_numbers(states: list[State]) -> tuple[dict[str, int], list[Any]]:
    """One number per event across the panels' states (in date order), and the events listed
    once each, in that order."""
    numbers: dict[str, int] = {}
    rows: list[Any] = []
    for state in sorted(states, key=lambda s: s.date):
        for row in state.layer("event").itertuples(index=False):
            if str(row.id) not in numbers:
                numbers[str(row.id)] = len(numbers) + 1
                rows.append(row)
    return numbers, rows


def _events_text(
    state: State | list[Any],
    width: int,
    max_lines: int = 1000,
    dated: bool = False,
    brief: bool = False,
) -> str:
    """The numbered events (of a state, or the rows given in their numbering order)."""
    out: list[str] = []
    rows = list(state.layer("event").itertuples(index=False)) if isinstance(state, State) else state
    for number, row in enumerate(rows, 1):
        claim = " (claim)" if row.status == "claimed" else ""
        when = f"{row.date}: " if dated else ""
        if brief:  # one entry a number: name and source
            text = f"{number}. {when}{row.name or 'Event'}{claim} ({row.source})"
            out.extend(textwrap.wrap(text, width, subsequent_indent="   "))
            continue
        head = f"{number}. {when}{row.name or 'Event'}{claim}: {row.summary or ''}".strip()
        src = f"   Source: {row.source}" + (f" ({row.source_date})" if row.source_date else "")
        out.extend(textwrap.wrap(head, width, subsequent_indent="   "))
        out.extend(textwrap.wrap(src, width, subsequent_indent="   "))
    if len(out) > max_lines:
        out = [*out[: max(max_lines - 1, 0)], "   ... (more in the report and the interactive map)"]
    return "\n".join(out)


def _sources(state: State) -> list[str]:
    feats = state.features
    dated = feats[feats["layer"].isin(["control", "front_line", "axis", "event", "measure"])]
    return sorted({str(s) for s in dated["source"] if s})


def render_snapshot(
    ds: DataSet,
    date: dt.date | str,
    *,
    compare: dt.date | str | None = None,
    style: SnapshotStyle = SnapshotStyle(),
    lang: str = "en",
) -> Figure:
    """A report-ready figure of one date, or of two dates side by side.

    Parameters
    ----------
    ds : DataSet
        The data set.
    date : datetime.date or str
        The date (with ``compare``: the later date, drawn on the right).
    compare : datetime.date or str, optional
        An earlier date drawn on the left; the right map then shows gains and losses since it.
    style : SnapshotStyle
        Size and view.
    lang : {"en", "uk"}
        Language of the map labels and the figure's own texts.

    Returns
    -------
    matplotlib.figure.Figure
        Close it with ``matplotlib.pyplot.close(fig)`` when done.
    """
    plt = _pyplot()
    t = translator(lang)
    crs = _draw_crs(ds)
    labels = base_labels(ds, lang)
    day = _as_date(date)
    state = ds.state(day)
    if compare is not None:
        first = ds.state(_as_date(compare))
        # Left: the earlier date as it was; right: the later date with the change since the left.
        panels = [(first, None), (state, first)]
    else:
        prev = ds.previous_date(day)
        panels = [(state, ds.state(prev) if prev else None)]
    fig = plt.figure(figsize=(style.width / style.dpi, style.height / style.dpi), dpi=style.dpi)
    fig.patch.set_facecolor("white")
    map_left, map_width = 0.015, 0.70
    map_bottom, map_height = 0.12, 0.78
    width_each = map_width / len(panels)
    aspect = (map_height * style.height) / (width_each * style.width)
    changed = None
    if style.framing.frame == "change":
        changed = _changed_ground([(p, since) for p, since in panels if since is not None])
    x0, x1, y0, y1 = _view(ds, style, aspect, crs, changed)
    numbers, event_rows = _event_numbers([p for p, _ in panels])
    metres_per_px = (x1 - x0) / ((width_each - 0.008) * style.width)
    zoom = equivalent_zoom(metres_per_px, ds.manifest.center[0])
    for number, (panel, since) in enumerate(panels):
        ax = fig.add_axes(
            [map_left + number * width_each, map_bottom, width_each - 0.008, map_height]
        )
        ax.set_facecolor(BASE_COLOURS["background"])
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_gid("map" if number == 0 else f"map-{number + 1}")
        measure_labels = _draw_state(ax, ds, panel, since, crs, zoom, numbers)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
        if compare is not None:
            label = panel.date.isoformat()
            if since is not None:
                label += f"  (hatched: change since {since.date.isoformat()})"
            ax.set_title(label, fontsize=9.5, fontweight="bold", color="#7f0000", loc="left")
        with tagged(ax, "scale-bar"):
            marks = [_scale_bar(ax, x0, x1, y0, y1)]
        with tagged(ax, "north-arrow"):
            marks.append(_north_arrow(ax))
        marks += measure_labels
        if ds.manifest.base_attribution:
            with tagged(ax, "attribution"):
                marks.append(
                    ax.text(
                        0.995,
                        0.005,
                        ds.manifest.base_attribution,
                        transform=ax.transAxes,
                        fontsize=6,
                        ha="right",
                        va="bottom",
                        color="#424242",
                        bbox={"facecolor": "white", "alpha": 0.8, "lw": 0, "pad": 1.5},
                        zorder=9,
                    )
                )
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        with tagged(ax, "labels"):
            draw_labels(ax, labels, crs, zoom, [m.get_window_extent(renderer) for m in marks])
    title = style.framing.title or ds.manifest.title
    when = f"{_as_date(compare).isoformat()} vs {day.isoformat()}" if compare else day.isoformat()
    fig.text(0.015, 0.972, title, fontsize=13, fontweight="bold", va="center", gid="title")
    fig.text(
        0.015,
        0.942,
        when,
        fontsize=11.5,
        color="#7f0000",
        va="center",
        fontweight="bold",
        gid="date",
    )
    if state.claimed:
        fig.text(
            0.30,
            0.942,
            t("Claims are hatched purple: asserted by a party, not assessed control."),
            fontsize=8,
            color=COLOURS["claim"],
            va="center",
        )
    _inset(fig, [0.735, 0.70, 0.25, 0.24], ds, t, lang)
    _legend(fig, [0.735, 0.46, 0.25, 0.22], ds, True, t)
    since = panels[-1][1]
    next_y = _figures(fig, [0.735, 0.355, 0.25, 0.085], ds, state, since, t)
    events = _events_text(
        event_rows, 62, max_lines=int((next_y - 0.125) / 0.0125), dated=compare is not None
    )
    if events:
        fig.text(
            0.735,
            next_y,
            t("Reported on these dates" if compare else "Reported on this date") + "\n" + events,
            fontsize=6.3,
            gid="events-list",
            va="top",
            linespacing=1.25,
        )
    credits = f"{t('Sources')}: " + "; ".join(
        sorted({s for panel, _ in panels for s in _sources(panel)})
    )
    note = f"{t('Precision:')} {ds.manifest.precision_note}"
    lines = [
        textwrap.fill(credits, 175),
        textwrap.fill(note, 175),
        textwrap.fill(f"{t('Attribution:')} {ds.manifest.attribution}", 175),
    ]
    if ds.manifest.base_attribution:
        extract = ds.manifest.base_extract_date
        lines.append(
            f"{t('Base map')}: {ds.manifest.base_attribution}"
            + (f" ({extract})" if extract else "")
        )
    footer = "\n".join(lines)
    fig.text(
        0.015,
        0.108,
        footer,
        fontsize=5.6,
        va="top",
        color="#424242",
        linespacing=1.3,
        gid="sources",
    )
    group_layers(fig)
    return plain_texts(fig)


def figure_bytes(fig: Figure, fmt: str, dpi: int | None = None) -> bytes:
    """Save a figure to bytes, deterministically (no dates or versions in the file).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    fmt : {"png", "svg", "pdf"}
    dpi : int, optional
    """
    import matplotlib

    metadata: dict[str, Any]
    if fmt == "png":
        metadata = {"Software": None}
    elif fmt == "svg":
        metadata = {"Date": None, "Creator": None}
    elif fmt == "pdf":
        metadata = {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}
    else:
        raise ValueError(f"unknown image format {fmt!r} (png, svg, pdf)")
    buffer = io.BytesIO()
    # SVG keeps its text as <text> a graphics desk can edit and translate: a text drawn with
    # a halo (a path effect) would be turned into outlines, so the halos are left out there.
    haloed = []
    if fmt == "svg":
        from matplotlib.text import Text

        for text in fig.findobj(Text):
            if isinstance(text, Text) and text.get_path_effects():
                haloed.append((text, text.get_path_effects()))
                text.set_path_effects([])
    try:
        with matplotlib.rc_context({"svg.hashsalt": "siversk-map", "svg.fonttype": "none"}):
            fig.savefig(buffer, format=fmt, dpi=dpi or fig.dpi, metadata=metadata)
    finally:
        for text, effects in haloed:
            text.set_path_effects(effects)
    return buffer.getvalue()
