"""Report-ready static maps with matplotlib: no browser, reproducible, vector for SVG and PDF.

The figure is put together here; its styles live in :mod:`.static_style`, the drawing of a
map in :mod:`.static_draw` and its text (legend, figures, events) in :mod:`.static_text`.

A snapshot is one figure: the map of a date (or two dates side by side with the gains and
losses between them), a title with the date, a legend, a scale bar, a north arrow, the date's
figures, source credits, the data's precision note, and an inset locating the area in its
oblast and in Ukraine. The base map and its labels follow the pages' (see :mod:`.base`).
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from typing import TYPE_CHECKING, Any

from ..cartography import base_labels
from ..dataset import DataSet, _as_date
from ..i18n import translator
from ..symbology import BASE_COLOURS
from .base import draw_labels, equivalent_zoom
from .groups import group_layers, tagged
from .static_draw import (
    _changed_ground,
    _draw_crs,
    _draw_state,
    _inset,
    _north_arrow,
    _scale_bar,
    _view,
    frame_lonlat,
)
from .static_style import (
    COLOURS,
    FRAMES,
    SHORT_LABELS,
    SIDE_LABELS,
    Framing,
    SnapshotStyle,
    _pyplot,
    plain_texts,
)
from .static_text import (
    _credits,
    _event_numbers,
    _events_text,
    _figures,
    _legend,
    change_rows,
    figure_lines,
    legend_handles,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "COLOURS",
    "FRAMES",
    "SHORT_LABELS",
    "SIDE_LABELS",
    "Framing",
    "SnapshotStyle",
    "change_rows",
    "figure_bytes",
    "figure_lines",
    "legend_handles",
    "plain_texts",
    "render_snapshot",
]


def _footer_fit(fig: Figure, paragraphs: list[str], top: float, bottom: float) -> tuple[float, str]:
    """The type size and wrapped text of the sources footer, so that it fits between ``top``
    and ``bottom`` (figure fractions) across the figure's width: the largest size from 5.6 pt
    down to 4.2 pt that fits; at 4.2 pt, the lines that fit, the last one ending in "...".
    A long list of sources never runs off the figure's foot."""
    width_pt = fig.get_figwidth() * 72 * 0.97
    room_pt = fig.get_figheight() * 72 * (top - bottom)
    size = 5.6
    while True:
        chars = max(40, int(width_pt / (size * 0.56)))
        lines = [part for p in paragraphs for part in textwrap.wrap(p, chars)]
        fits = int(room_pt // (size * 1.3 * 1.17))  # leading, and the font's ascent and descent
        if len(lines) <= fits or size <= 4.2:
            break
        size = round(size - 0.2, 1)
    if len(lines) > fits:
        more = "... (every source: the report and the data set's README)"
        lines = [*lines[: max(fits - 1, 1)], more]
    return size, "\n".join(lines)


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
            # The panel's width holds its title: the type shrinks (not below 6 pt) to fit.
            width_pt = ax.get_position().width * fig.get_figwidth() * 72
            size = max(6.0, min(9.5, width_pt / (0.64 * len(label))))
            ax.set_title(label, fontsize=size, fontweight="bold", color="#7f0000", loc="left")
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
    # The title fits the figure's width (bold type is about 0.62 em a character).
    title_pt = max(6.0, min(13.0, fig.get_figwidth() * 72 * 0.97 / (0.62 * len(title))))
    fig.text(0.015, 0.972, title, fontsize=title_pt, fontweight="bold", va="center", gid="title")
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
        note = t("Claims are hatched purple: asserted by a party, not assessed control.")
        fig.text(
            0.30,
            0.942,
            note,
            fontsize=max(4.5, min(8.0, fig.get_figwidth() * 72 * 0.68 / (0.55 * len(note)))),
            color=COLOURS["claim"],
            va="center",
        )
    _inset(fig, [0.735, 0.70, 0.25, 0.24], ds, t, lang, frame_lonlat(x0, x1, y0, y1, crs))
    _legend(fig, [0.735, 0.46, 0.25, 0.22], ds, True, t)
    since = panels[-1][1]
    next_y = _figures(fig, [0.735, 0.355, 0.25, 0.085], ds, state, since, t)
    room = int((next_y - 0.125) / 0.0125)
    events = _events_text(event_rows, 62, max_lines=room, dated=compare is not None)
    if len(events.splitlines()) >= room:  # cut short: every numbered event, name and source
        events = _events_text(event_rows, 62, max_lines=room, dated=compare is not None, brief=True)
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
    credits = _credits([panel for panel, _ in panels], t)
    paragraphs = [
        credits,
        f"{t('Precision:')} {ds.manifest.precision_note}",
        f"{t('Attribution:')} {ds.manifest.attribution}",
    ]
    if ds.manifest.base_attribution:
        extract = ds.manifest.base_extract_date
        paragraphs.append(
            f"{t('Base map')}: {ds.manifest.base_attribution}"
            + (f" ({extract})" if extract else "")
        )
    size, footer = _footer_fit(fig, paragraphs, top=0.108, bottom=0.006)
    fig.text(
        0.015,
        0.108,
        footer,
        fontsize=size,
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
