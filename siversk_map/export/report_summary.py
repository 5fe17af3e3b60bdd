"""The report's summary pages: the area chart, the advance, the front's distances and the key
events with their sources (figures read from the analysis stage)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..dataset import DataSet
from .static_style import SnapshotStyle, plain_texts

__all__ = ["summary_pages"]


#: Key-event lines that fit below the chart on the summary page, and on a continuation page.
_EVENT_LINES_FIRST = 24


_EVENT_LINES_MORE = 52


def summary_pages(ds: DataSet, days: list[dt.date], style: SnapshotStyle) -> list[Any]:
    """The report's summary: its first page, then as many pages as the key events need.

    Parameters
    ----------
    ds : DataSet
    days : list of datetime.date
        The report's dates (at least one).
    style : SnapshotStyle
        Page size.

    Returns
    -------
    list of matplotlib Figure
    """
    import textwrap

    import matplotlib.pyplot as plt

    first, last = days[0], days[-1]
    events = ds.table[(ds.table["layer"] == "event")]
    # A boolean mask even when empty: an empty object Series would select columns instead.
    in_range = events["date"].map(lambda d: first <= d <= last).astype(bool)
    events = events[in_range].sort_values(["date", "id"])
    blocks = []
    for row in events.itertuples(index=False):
        claim = " [claim]" if row.status == "claimed" else ""
        text = f"{row.date}  {row.name}{claim}: {row.summary or ''} (Source: {row.source})"
        blocks.append(textwrap.wrap(text, 135, subsequent_indent="            "))
    chunks: list[list[str]] = [[]]
    for block in blocks:
        room = _EVENT_LINES_FIRST if len(chunks) == 1 else _EVENT_LINES_MORE
        if chunks[-1] and len(chunks[-1]) + len(block) > room:
            chunks.append([])
        chunks[-1].extend(block)
    pages = [_summary_page(ds, days, style, chunks[0], len(chunks) > 1)]
    for number, chunk in enumerate(chunks[1:], 2):
        fig = plt.figure(figsize=(style.width / style.dpi, style.height / style.dpi), dpi=style.dpi)
        fig.text(0.04, 0.95, ds.manifest.title, fontsize=16, fontweight="bold", va="top")
        more = " (continued on the next page)" if number < len(chunks) else ""
        fig.text(
            0.04,
            0.89,
            f"Key events, continued ({number} of {len(chunks)}){more}\n" + "\n".join(chunk),
            fontsize=6.5,
            va="top",
            linespacing=1.3,
        )
        pages.append(plain_texts(fig))
    return pages


def _summary_page(
    ds: DataSet,
    days: list[dt.date],
    style: SnapshotStyle,
    event_lines: list[str],
    continued: bool,
) -> Any:
    import textwrap

    import matplotlib.pyplot as plt

    from ..model import SIDES
    from .static_style import COLOURS, SIDE_LABELS

    fig = plt.figure(figsize=(style.width / style.dpi, style.height / style.dpi), dpi=style.dpi)
    fig.text(0.04, 0.95, ds.manifest.title, fontsize=16, fontweight="bold", va="top")
    fig.text(
        0.04,
        0.905,
        f"Report: {days[0].isoformat()} to {days[-1].isoformat()}, {len(days)} dates",
        fontsize=11.5,
        color="#7f0000",
        va="top",
    )
    ax = fig.add_axes((0.06, 0.53, 0.52, 0.31))
    # Dates before any control is drawn (events only) hold no ground: left out, not drawn as 0.
    held_days = [d for d in days if ds.state(d).held] or days
    for side in SIDES:
        shown = [d for d in held_days if side in ds.state(d).held]
        values = [ds.analysis.figures(d).areas_km2[side] for d in shown]
        if any(values):
            ax.plot(
                shown,  # type: ignore[arg-type]
                values,
                marker="o",
                ms=3.5,
                color=COLOURS[side],
                label=SIDE_LABELS[side],
            )
    ax.set_ylabel("km² held in the area")
    ax.set_title("Area held by each side over time", fontsize=10, loc="left")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7.5, loc="center left")
    fig.autofmt_xdate()
    lines = []
    first, last = held_days[0], held_days[-1]
    ru0 = ds.analysis.figures(first).areas_km2.get("ru", 0.0)
    ru1 = ds.analysis.figures(last).areas_km2.get("ru", 0.0)
    lines.append(
        f"Russian-held area: {ru0:.1f} km² on {first} -> {ru1:.1f} km² on {last} "
        f"({ru1 - ru0:+.1f} km²)."
    )
    adv = ds.advance(first, last) if first != last else None
    if adv is not None:
        from .advance import advance_text, on_area_edge

        line = advance_text(adv, ds.manifest.bbox, str(first), digits=1)
        if not on_area_edge(adv, ds.manifest.bbox):
            line += f" (head at {adv.head[1]:.4f} N, {adv.head[0]:.4f} E)"
        lines.append(line + ".")
    for d in (first, last):
        front = ds.front_distances(d)
        if front["to_reference_km"] is None:
            continue
        line = (
            f"Front to {ds.manifest.reference_point.name} on {d}: {front['to_reference_km']:.2f} km"
        )
        if front["to_river_km"] is not None:
            line += f"; to the river line: {front['to_river_km']:.2f} km"
        lines.append(line + ".")
    measures = ds.measures(last)
    columns = (measures["id"], measures["name"], measures["length_km"])
    for fid, name, line_km in zip(*columns, strict=True):
        start, end, advance_km = ds.advance_along(str(fid))
        if advance_km is None:
            lines.append(f"{name}: line {line_km:.1f} km (geodesic).")
        else:
            lines.append(
                f"{name}. Advance measured on this data set along this line toward "
                f"{ds.manifest.reference_point.name} (the length of the line that became "
                f"Russian-held), {start} -> {end}: {advance_km:.1f} km."
            )
    for check in ds.claim_checks():
        if check.claimed_on <= last:
            lines.append(f"Claim check - {check.name}: {check.text}.")
    lines.extend(ds.manifest.facts)
    text = "\n".join(textwrap.fill(line, 70) for line in lines)
    fig.text(0.62, 0.88, "Summary\n" + text, fontsize=6.8, va="top", linespacing=1.35)
    more = " (continued on the next page)" if continued else ""
    fig.text(
        0.04,
        0.44,
        f"Key events{more}\n" + "\n".join(event_lines),
        fontsize=6.5,
        va="top",
        linespacing=1.3,
    )
    fig.text(
        0.04,
        0.015,
        textwrap.fill(f"Precision: {ds.manifest.precision_note}", 200)
        + "\n"
        + textwrap.fill(f"Attribution: {ds.manifest.attribution}", 200)
        + (f"\nBase map: {ds.manifest.base_attribution}" if ds.manifest.base_attribution else ""),
        fontsize=6,
        color="#424242",
        va="bottom",
    )
    return plain_texts(fig)
