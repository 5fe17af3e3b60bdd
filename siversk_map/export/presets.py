"""Print presets: snapshots laid out for a page size, with a smallest type size enforced.

=========== ================ ===== =====================
preset      size (mm)        dpi   smallest type (pt)
=========== ================ ===== =====================
column      88 x 200         300   7
half-page   180 x 140        300   7
full-page   180 x 250        300   8
slide       338.7 x 190.5    150   12
=========== ================ ===== =====================

The map fills the width; the title and the date are above it; the legend, the date's figures,
the numbered events and the sources are below it, wrapped to the width. Every text of the
figure is at least the preset's smallest size (:func:`enforce_min_type`); the events listed
are cut (saying so) when they would leave the map too little room.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..cartography import base_labels
from ..dataset import DataSet, _as_date
from ..errors import ExportError
from ..i18n import translator
from ..symbology import BASE_COLOURS
from .base import draw_labels, equivalent_zoom
from .groups import group_layers, tagged
from .static_draw import _changed_ground, _draw_crs, _draw_state, _scale_bar, _view
from .static_style import SHORT_LABELS, Framing, SnapshotStyle, _pyplot, plain_texts
from .static_text import _credits, _event_numbers, _events_text, figure_lines, legend_handles

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["PRESETS", "Preset", "enforce_min_type", "render_print"]

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Preset:
    """A print size.

    Parameters
    ----------
    name : str
    width_mm, height_mm : float
        The figure's physical size.
    dpi : int
        Resolution of PNG output.
    min_pt : float
        The smallest type size allowed anywhere in the figure, in points.
    """

    name: str
    width_mm: float
    height_mm: float
    dpi: int
    min_pt: float

    @property
    def inches(self) -> tuple[float, float]:
        """Width and height in inches."""
        return self.width_mm / MM_PER_INCH, self.height_mm / MM_PER_INCH

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height in pixels at ``dpi``."""
        w, h = self.inches
        return round(w * self.dpi), round(h * self.dpi)


PRESETS = {
    p.name: p
    for p in (
        Preset("column", 88.0, 200.0, 300, 7.0),
        Preset("half-page", 180.0, 140.0, 300, 7.0),
        Preset("full-page", 180.0, 250.0, 300, 8.0),
        Preset("slide", 338.7, 190.5, 150, 12.0),
    )
}


def get_preset(name: str) -> Preset:
    """The preset called ``name`` (an :class:`ExportError` naming the choices otherwise)."""
    try:
        return PRESETS[name]
    except KeyError:
        raise ExportError(f"unknown preset {name!r}: use one of {', '.join(PRESETS)}") from None


def enforce_min_type(fig: Figure, min_pt: float) -> int:
    """Raise every text of ``fig`` smaller than ``min_pt`` points to ``min_pt``.

    Returns
    -------
    int
        How many texts were raised.
    """
    from matplotlib.text import Text

    raised = 0
    for text in fig.findobj(Text):
        if isinstance(text, Text) and text.get_text() and float(text.get_fontsize()) < min_pt:
            text.set_fontsize(min_pt)
            raised += 1
    return raised


def _wrap(text: str, width_in: float, size: float) -> str:
    """Wrap to a width in inches at a type size (DejaVu Sans: about 0.58 em a character)."""
    chars = max(int(width_in * 72 / (size * 0.58)), 16)
    return "\n".join(textwrap.fill(part, chars) for part in text.split("\n"))


def _height(fig: Figure, artist: Any) -> float:
    """An artist's height in figure fraction."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    return float(artist.get_window_extent(renderer).height) / (fig.get_figheight() * fig.dpi)


def _fixed_north_arrow(ax: Any, size: float) -> Any:
    """A north arrow of a fixed size in points (the default one scales with the axes)."""
    return ax.annotate(
        "N",
        xy=(0.95, 0.96),
        xycoords="axes fraction",
        xytext=(0, -3.2 * size),
        textcoords="offset points",
        ha="center",
        va="top",
        fontsize=size + 2,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.2, "mutation_scale": 12},
    )


def render_print(
    ds: DataSet,
    date: dt.date | str,
    preset: Preset,
    *,
    compare: dt.date | str | None = None,
    framing: Framing | None = None,
    lang: str = "en",
) -> Figure:
    """A snapshot laid out for a print preset (see the module's table).

    Parameters
    ----------
    ds : DataSet
    date : datetime.date or str
    preset : Preset
    compare : datetime.date or str, optional
        An earlier date drawn beside (left of) ``date``.
    framing : Framing, optional
    lang : {"en", "uk"}

    Returns
    -------
    matplotlib.figure.Figure
    """
    plt = _pyplot()
    t = translator(lang)
    small = preset.min_pt
    w_in, h_in = preset.inches
    fig = plt.figure(figsize=(w_in, h_in), dpi=preset.dpi)
    fig.patch.set_facecolor("white")
    margin_x, margin_y = 0.12 / w_in, 0.12 / h_in
    text_w = w_in - 0.24
    gap = 0.06 / h_in
    day = _as_date(date)
    state = ds.state(day)
    if compare is not None:
        first = ds.state(_as_date(compare))
        panels = [(first, None), (state, first)]
    else:
        prev = ds.previous_date(day)
        panels = [(state, ds.state(prev) if prev else None)]
    since = panels[-1][1]
    numbers, event_rows = _event_numbers([p for p, _ in panels])

    # Top: title and date.
    title = (framing.title if framing else None) or ds.manifest.title
    when = f"{_as_date(compare).isoformat()} vs {day.isoformat()}" if compare else day.isoformat()
    y = 1 - margin_y
    head = fig.text(
        margin_x,
        y,
        _wrap(title, text_w, small + 4),
        fontsize=small + 4,
        fontweight="bold",
        va="top",
        gid="title",
    )
    y -= _height(fig, head) + gap / 2
    stamp = fig.text(
        margin_x,
        y,
        when,
        fontsize=small + 2,
        fontweight="bold",
        color="#7f0000",
        va="top",
        gid="date",
    )
    y -= _height(fig, stamp) + gap
    map_top = y

    # Bottom up: sources, events, figures, legend.
    credits = _credits([panel for panel, _ in panels], t)
    footer_lines = [
        credits,
        f"{t('Precision:')} {ds.manifest.precision_note}",
        # The date's own sources are listed above: the attribution's first clause (who drew
        # the map, after what) is kept, its list of every source of the data set is not.
        f"{t('Attribution:')} {ds.manifest.attribution.split(';')[0]}",
    ]
    if ds.manifest.base_attribution:
        footer_lines.append(f"{t('Base map')}: {ds.manifest.base_attribution}")
    footer = fig.text(
        margin_x,
        margin_y,
        _wrap("\n".join(footer_lines), text_w, small),
        fontsize=small,
        color="#424242",
        va="bottom",
        linespacing=1.2,
        gid="sources",
    )
    y = margin_y + _height(fig, footer) + gap
    rows = []
    for ch in ds.analysis.changes(since.date if since else None, state.date):
        line = f"{t(SHORT_LABELS[ch.side])}: {ch.area_km2:.1f} km²"
        if since is not None:
            line += f" ({t('gained')} {ch.gained_km2:.2f}, {t('lost')} {ch.lost_km2:.2f})"
        rows.append(line)
    rows += figure_lines(ds, state, since, t, width=10_000)
    # Landscape (half-page, slide): the map on the left, the legend, figures and events in a
    # column on its right. Portrait (column, full-page): all of them under the map.
    side = w_in > h_in
    col_x = margin_x + 0.64 * (1 - 2 * margin_x) + 0.015 if side else margin_x
    col_w = (1 - margin_x - col_x) * w_in if side else text_w
    ncol = 1 if side else 2
    handles = legend_handles(ds, since is not None, t)
    # Keys of what the map shows: no measured-distance key without a measure, and so on.
    shown = {layer for panel, _ in panels for layer in panel.features["layer"]}
    absent = set()
    if "measure" not in shown:
        absent.add(t("Measured distance"))
    if not event_rows:
        absent.add(t("Reported event (numbered)"))
    if "axis" not in shown:
        absent.add(t("Axis of advance"))
    if not any(panel.claimed for panel, _ in panels):
        absent.add(t("Claimed, not assessed"))
    handles = [h for h in handles if h.get_label() not in absent]
    for handle in handles:
        handle.set_label(_wrap(handle.get_label(), col_w / ncol - 0.4, small))
    common = {"fontsize": small, "linespacing": 1.2}
    numbers_text = fig.text(col_x, y, _wrap("\n".join(rows), col_w, small), gid="figures", **common)
    legend = fig.legend(
        handles=handles,
        loc="upper left" if side else "lower left",
        bbox_to_anchor=(col_x, map_top if side else y),
        ncol=ncol,
        fontsize=small,
        frameon=False,
        borderaxespad=0,
        borderpad=0,
        handlelength=1.6,
        columnspacing=1.0,
    )
    legend.set_gid("legend")
    legend_h = _height(fig, legend)
    figures_h = _height(fig, numbers_text)
    line_h = small * 1.2 / 72 / h_in
    chars = max(int(col_w * 72 / (small * 0.58)), 16)
    heading = t("Reported on these dates" if compare else "Reported on this date")
    if side:
        numbers_text.set_va("top")
        numbers_text.set_y(map_top - legend_h - gap)
        room = map_top - legend_h - figures_h - 2 * gap - y
    else:
        room = map_top - (y + figures_h + legend_h + 2 * gap) - 0.35
    # Every numbered event is listed (one line or two each), whatever room that takes.
    max_lines = max(int(room / line_h) - 2, 3 * len(event_rows))
    events = _events_text(
        event_rows, chars, max_lines=max_lines, dated=compare is not None, brief=True
    )
    listed = None
    if events and max_lines > 0:
        listed = fig.text(
            col_x, y, heading + "\n" + events, va="bottom", gid="events-list", **common
        )
    if side:
        if listed is not None:
            listed.set_va("top")
            listed.set_y(map_top - legend_h - figures_h - 2 * gap)
        map_bottom, map_width = y, 0.64 * (1 - 2 * margin_x)
    else:
        shift = _height(fig, listed) + gap / 2 if listed is not None else 0.0
        numbers_text.set_y(y + shift)
        legend.set_bbox_to_anchor(
            (margin_x, y + shift + figures_h + gap / 2), transform=fig.transFigure
        )
        map_bottom, map_width = y + shift + figures_h + legend_h + gap, 1 - 2 * margin_x

    # The map (or the two maps) between.
    map_h = map_top - map_bottom
    if map_h < 0.2:
        raise ExportError(
            f"the {preset.name} preset leaves the map too little room; use a larger preset"
        )
    width_each = map_width / len(panels)
    aspect = (map_h * h_in) / ((width_each - 0.01) * w_in)
    style = SnapshotStyle(
        width=preset.pixels[0],
        height=preset.pixels[1],
        dpi=preset.dpi,
        framing=framing or Framing(),
    )
    changed = None
    if style.framing.frame == "change":
        changed = _changed_ground([(p, s) for p, s in panels if s is not None])
    crs = _draw_crs(ds)
    x0, x1, y0, y1 = _view(ds, style, aspect, crs, changed)
    zoom = equivalent_zoom((x1 - x0) / ((width_each - 0.01) * w_in * 96), ds.manifest.center[0])
    labels = base_labels(ds, lang)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    for number, (panel, panel_since) in enumerate(panels):
        ax = fig.add_axes(
            (margin_x + number * width_each, map_bottom, width_each - 0.01, map_h),
            gid="map" if number == 0 else f"map-{number + 1}",
        )
        ax.set_facecolor(BASE_COLOURS["background"])
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        measures = _draw_state(ax, ds, panel, panel_since, crs, zoom, numbers, type_pt=small)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        if compare is not None:
            ax.set_title(panel.date.isoformat(), fontsize=small + 1, fontweight="bold", loc="left")
        with tagged(ax, "scale-bar"):
            marks = [_scale_bar(ax, x0, x1, y0, y1)]
        with tagged(ax, "north-arrow"):
            marks.append(_fixed_north_arrow(ax, small))
        if ds.manifest.base_attribution:
            with tagged(ax, "attribution"):
                marks.append(
                    ax.text(
                        0.995,
                        0.005,
                        ds.manifest.base_attribution,
                        transform=ax.transAxes,
                        fontsize=small,
                        ha="right",
                        va="bottom",
                        color="#424242",
                        bbox={"facecolor": "white", "alpha": 0.8, "lw": 0, "pad": 1.0},
                        zorder=9,
                    )
                )
        for mark in marks:
            if float(mark.get_fontsize()) < small:
                mark.set_fontsize(small)
        marks += measures
        with tagged(ax, "labels"):
            draw_labels(
                ax,
                labels,
                crs,
                zoom,
                [m.get_window_extent(renderer) for m in marks],
                min_pt=small,
            )
    enforce_min_type(fig, small)
    group_layers(fig)
    return plain_texts(fig)
