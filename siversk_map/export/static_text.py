"""The static figures' text: legend, change table, figure lines, events and sources (the
figures read from the analysis stage)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..compose import State
from ..dataset import DataSet
from ..model import SIDES
from ..symbology import BASE_COLOURS, FRONT_STYLES, mpl_hatched, mpl_line
from .advance import on_area_edge
from .static_style import (
    COLOURS,
    SHORT_LABELS,
    SIDE_LABELS,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def legend_handles(ds: DataSet, changes: bool, t: Callable[[str], str]) -> list[Any]:
    """The legend's entries (matplotlib handles) of a map, its texts translated by ``t``."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Patch(facecolor=COLOURS[s], alpha=FRONT_STYLES[s].fill_opacity, label=t(SIDE_LABELS[s]))
        for s in SIDES
    ]
    handles.append(Patch(**mpl_hatched("claim"), label=t("Claimed, not assessed")))
    if changes:
        handles += [
            Patch(**mpl_hatched("gain"), label=t("Russian gain (since previous/compared date)")),
            Patch(**mpl_hatched("loss"), label=t("Russian loss (since previous/compared date)")),
        ]
    river = BASE_COLOURS["river"]
    handles += [
        Line2D(
            [],
            [],
            color=COLOURS["front"],
            **mpl_line("front"),
            label=t("Front line (Russian forward edge)"),
        ),
        Line2D([], [], color=COLOURS["ru"], **mpl_line("axis"), label=t("Axis of advance")),
    ]
    # The base map explains itself (it is labelled); the legend names the river line only.
    if ds.manifest.river_name and ds.manifest.river_line:
        name = t("{name} (river line)").format(name=ds.manifest.river_name)
        handles.append(Line2D([], [], color=river, lw=3, label=name))
    handles += [
        Line2D(
            [], [], color=COLOURS["measure"], **mpl_line("measure"), label=t("Measured distance")
        ),
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            color=FRONT_STYLES["event_reported"].colour,
            label=t("Reported event (numbered)"),
        ),
    ]
    return handles


def _legend(
    fig: Figure, rect: list[float], ds: DataSet, changes: bool, t: Callable[[str], str]
) -> None:
    handles = legend_handles(ds, changes, t)
    # Labels wrapped to the legend's width (after the ~3 em of each key's symbol and gap): a
    # smaller figure keeps its type size and gets more lines, never text past the edge.
    # A very small figure gets smaller legend type (not below 4.5 pt) to hold 16 characters.
    size = 7.0
    width_pt = rect[2] * fig.get_figwidth() * 72 - 3.2 * size
    if width_pt / (size * 0.56) < 16:
        size = max(4.5, (rect[2] * fig.get_figwidth() * 72) / (16 * 0.56 + 3.2))
        width_pt = rect[2] * fig.get_figwidth() * 72 - 3.2 * size
    chars = max(12, int(width_pt / (size * 0.56)))
    labels = [textwrap.fill(str(h.get_label()), chars) for h in handles]
    # And it keeps above the figure's foot: each entry takes its lines plus half a line between.
    room_pt = (rect[1] + rect[3]) * fig.get_figheight() * 72
    need_pt = sum(label.count("\n") + 1.5 for label in labels) * size * 1.25
    if need_pt > room_pt:
        size = max(3.5, size * room_pt / need_pt)
    for handle, label in zip(handles, labels, strict=True):
        handle.set_label(label)
    # A figure legend, its upper left corner at the box's (no axes: an axes makes tick objects
    # it would never show, a tenth of a report page's time).
    legend = fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(rect[0], rect[1] + rect[3]),
        bbox_transform=fig.transFigure,
        fontsize=size,
        frameon=False,
        borderaxespad=0,
    )
    legend.set_gid("legend")


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
    chars = max(24, int(rect[2] * fig.get_figwidth() * 72 / (7.5 * 0.55)))
    lines = figure_lines(ds, state, since, t, width=chars)
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
            lines.append(f"Claim check: {check.text}")
    # Every line within the column (a long advance line ran past the figure's right edge).
    return [part for line in lines for part in textwrap.wrap(line, width, subsequent_indent="   ")]


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


def _credits(states: list[State], t: Callable[[str], str]) -> str:
    """The "Sources:" line of a figure: every source shown on its panels' dates, once each."""
    return f"{t('Sources')}: " + "; ".join(sorted({s for state in states for s in _sources(state)}))


def _sources(state: State) -> list[str]:
    feats = state.features
    dated = feats[feats["layer"].isin(["control", "front_line", "axis", "event", "measure"])]
    return sorted({str(s) for s in dated["source"] if s})
