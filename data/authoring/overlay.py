"""Draw the reference archive over the bundled data, date by date, for a cartographer to look at.

``PYTHONPATH=. python data/authoring/overlay.py OUT.png [DATE ...]`` fills the bundled data's
Russian-held (pink) and contested (grey) ground of each date and draws the reference of that
evening over it (DeepState: dark red outline; its grey zone, where the archive has one: dashed),
on the OpenStreetMap roads, 8 km around the city centre. The reference is read from
``../shared/data/real`` exactly as ``accuracy.py`` reads it (checks only: nothing of it is
written into the data set). Default dates: 10, 11, 13, 15 and 23 December 2025 and the last date.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import shapely
from shapely.geometry.base import BaseGeometry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accuracy import CENTRE, load_reference, real_data_dir

from siversk_map import load_dataset

DEFAULT = ("2025-12-10", "2025-12-11", "2025-12-13", "2025-12-15", "2025-12-23")


def _polygons(geom: BaseGeometry) -> list[shapely.Polygon]:
    return [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and not g.is_empty]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    real = real_data_dir()
    if real is None:
        print("no reference archive (../shared/data/real)", file=sys.stderr)
        return 1
    ds = load_dataset()
    days = [dt.date.fromisoformat(d) for d in argv[1:]] or [
        *(dt.date.fromisoformat(d) for d in DEFAULT),
        ds.dates[-1],
    ]
    cols = 3
    rows = math.ceil(len(days) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 5 * rows), squeeze=False)
    base = ds.table[ds.table["date"].isna()]
    roads = base[base["layer"] == "road"].geometry
    dlat = 8.0 / 111.2
    dlon = dlat / math.cos(math.radians(CENTRE[1]))
    for ax, day in zip(axes.flat, days, strict=False):
        for line in shapely.get_parts(roads.values):
            x, y = line.xy
            ax.plot(x, y, color="#bbbbbb", lw=0.4)
        state = ds.state(day)
        for side, colour in (("ru", "#e8a0a0"), ("contested", "#aaaaaa")):
            for poly in _polygons(state.held.get(side, shapely.Polygon())):
                x, y = poly.exterior.xy
                ax.fill(x, y, color=colour, alpha=0.85, lw=0)
        ref = load_reference(real, day)
        for poly in _polygons(ref.ru):
            x, y = poly.exterior.xy
            ax.plot(x, y, color="darkred", lw=1.4)
        for poly in _polygons(ref.grey):
            x, y = poly.exterior.xy
            ax.plot(x, y, color="black", lw=1.0, ls="--")
        ax.plot(*CENTRE, "k*", ms=9)
        ax.set_xlim(CENTRE[0] - dlon, CENTRE[0] + dlon)
        ax.set_ylim(CENTRE[1] - dlat, CENTRE[1] + dlat)
        ax.set_aspect(1 / math.cos(math.radians(CENTRE[1])))
        ax.set_title(f"{day}: filled, siversk-map\nline, {ref.label}", fontsize=8)
        ax.tick_params(labelsize=6)
    for ax in list(axes.flat)[len(days) :]:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(argv[0], dpi=80)
    print(f"wrote {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
