"""The timeline page's area chart: one line per side, one point per date, as SVG positions."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..model import SIDES
from ..symbology import FRONT_COLOURS
from .page import SIDE_LABELS

__all__ = ["ChartGeometry", "build_chart"]


@dataclass(frozen=True)
class ChartGeometry:
    """Size of the area chart (SVG user units)."""

    width: int = 320
    height: int = 170
    left: int = 40
    right: int = 10
    top: int = 10
    bottom: int = 26


def _nice_step(top: float) -> float:
    raw = top / 4 if top > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return float(10 * magnitude)


def build_chart(
    dates: list[str], areas: list[dict[str, float]], size: ChartGeometry = ChartGeometry()
) -> dict[str, Any]:
    """Positions of the area-per-side chart: one line per side, one point per date.

    Dates are spaced evenly (one step per date, not to time scale), so close dates stay
    clickable.

    Parameters
    ----------
    dates : list of str
        ISO dates, in order.
    areas : list of dict
        Per date, side -> km² held.
    size : ChartGeometry
        The chart's box.

    Returns
    -------
    dict
        ``xs`` (x of each date), ``series`` (per side: label, colour, points), ``yticks``,
        ``xlabels`` and the box.

    Examples
    --------
    >>> chart = build_chart(["2024-01-01", "2024-02-01"], [{"ru": 1.0}, {"ru": 2.0}])
    >>> chart["xs"]
    [40.0, 310.0]
    >>> [p["y"] for p in chart["series"][0]["points"]]
    [77.0, 10.0]
    """
    n = len(dates)
    plot_w = size.width - size.left - size.right
    plot_h = size.height - size.top - size.bottom
    xs = [round(size.left + (plot_w * k / (n - 1) if n > 1 else plot_w / 2), 1) for k in range(n)]
    top = max((v for a in areas for v in a.values()), default=0.0)
    step = _nice_step(top)
    ymax = step * max(1, math.ceil(top / step)) if top > 0 else 1.0

    def y(value: float) -> float:
        return round(size.top + plot_h * (1 - value / ymax), 1)

    series = []
    for side in SIDES:
        points = [
            {"i": k, "x": xs[k], "y": y(a[side]), "km2": round(a[side], 1), "date": dates[k]}
            for k, a in enumerate(areas)
            if side in a
        ]
        if points:
            series.append(
                {
                    "side": side,
                    "label": SIDE_LABELS[side],
                    "colour": FRONT_COLOURS[side],
                    "path": " ".join(f"{p['x']},{p['y']}" for p in points),
                    "points": points,
                }
            )
    yticks = [{"y": y(step * k), "label": f"{step * k:g}"} for k in range(round(ymax / step) + 1)]
    xlabels: list[dict[str, Any]] = []
    last_year = None
    for k, day in enumerate(dates):
        if day[:4] == last_year:
            continue
        # Each year is labelled at its first date or not at all (never under a later date).
        last_year = day[:4]
        if not xlabels or xs[k] - float(xlabels[-1]["x"]) >= 24:
            xlabels.append({"i": k, "x": xs[k], "label": day[:4]})
    return {
        "xs": xs,
        "series": series,
        "yticks": yticks,
        "xlabels": xlabels,
        "hit_w": round(plot_w / (n - 1) if n > 1 else plot_w, 1),
        "box": size,
        "plot_bottom": size.top + plot_h,
        "plot_right": size.width - size.right,
    }
