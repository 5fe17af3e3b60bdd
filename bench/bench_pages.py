"""Benchmark: the per-date pages and the report of a long whole-front series, against plain
baselines measured in the same run on the same machine. A script, not a test.

Imports the 64-date DeepState whole-front series (``import deepstate-daily DIR --aoi
31,44,41,53``) into a temporary folder, then times, each on a freshly loaded data set with the
cache of measured areas emptied (so no figure is cached from an earlier step):

- the per-date map pages (``render_date_pages``, as ``build --pages all`` renders them, saved
  as HTML), in one process and on every core, against saving one plain folium map per date of
  the same layer files (``folium.GeoJson`` of the file, no style, no panel); target ratio <= 2;
- the PDF report (``render_report``: summary pages and one page per date) against a plain
  per-date ``PdfPages`` report: one figure per date of the same size, the date's layer file
  drawn with ``GeoDataFrame.plot``; target ratio <= 2.5.

Each of ``--rounds`` rounds times every step once, the baseline first; the ratio printed is the
median of the rounds' ratios (the rounds' own ratios beside it).

Usage::

    python bench/bench_pages.py [--series DIR] [--rounds N] [--no-report]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import folium
import geopandas as gpd
import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from siversk_map import load_dataset
from siversk_map.analysis.geodesy import forget_areas
from siversk_map.export.date_pages import pool_size, render_date_pages
from siversk_map.export.snapshot import render_report
from siversk_map.importers import import_sources

SERIES = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "real" / "series"
AOI = "31,44,41,53"


def clock() -> float:
    return time.perf_counter()


def our_pages(data: Path, out: Path, jobs: int | None) -> float:
    """The date pages as ``build --pages all`` renders them (shared Leaflet), written."""
    ds = load_dataset(data)
    forget_areas()  # nothing measured before counts
    start = clock()
    for name, page in render_date_pages(ds, jobs=jobs).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(page)
    return clock() - start


def folium_pages(files: list[Path], centre: list[float], zoom: int, out: Path) -> float:
    start = clock()
    for file in files:
        m = folium.Map(location=centre, zoom_start=zoom, tiles=None)
        folium.GeoJson(json.loads(file.read_text(encoding="utf-8"))).add_to(m)
        m.save(str(out / f"{file.stem}.html"))
    return clock() - start


def our_report(data: Path) -> tuple[float, int]:
    ds = load_dataset(data)
    forget_areas()
    start = clock()
    pdf, _ = render_report(ds)
    return clock() - start, len(pdf)


def plain_report(files: list[Path]) -> tuple[float, int]:
    import io

    start = clock()
    buffer = io.BytesIO()
    with PdfPages(buffer) as pdf:
        for file in files:
            fig = plt.figure(figsize=(1754 / 150, 1240 / 150), dpi=150)
            ax = fig.add_axes((0.05, 0.05, 0.9, 0.85))
            gpd.read_file(file).plot(ax=ax)
            ax.set_title(file.stem)
            pdf.savefig(fig)
            plt.close(fig)
    return clock() - start, len(buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--series", type=Path, default=SERIES / "deepstate_daily_front")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds; each times every step once (default 3)"
    )
    parser.add_argument("--no-report", action="store_true", help="time the pages only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = root / "front"
        start = clock()
        import_sources("deepstate-daily", [args.series], data, aoi=AOI)
        print(f"import of {args.series.name}: {clock() - start:.1f} s")
        files = sorted((data / "deepstate-daily").glob("*.geojson"))  # the dated files
        ds = load_dataset(data)
        print(f"{len(ds.dates)} dates, {len(files)} layer files, {args.rounds} rounds")
        centre, zoom = list(ds.manifest.center), ds.manifest.zoom
        workers = pool_size(None, len(ds.dates))
        steps = {
            "per-date pages, one process": 1,
            f"per-date pages, {workers} processes": None,
        }
        # Each round times the baseline and then each of ours, so that a slow spell of a
        # shared machine falls on both; the figure is the median of the rounds' ratios.
        ratios: dict[str, list[float]] = {what: [] for what in [*steps, "report (PDF)"]}
        seconds: dict[str, list[tuple[float, float]]] = {what: [] for what in ratios}
        for number in range(args.rounds):
            plain_dir = root / f"plain-{number}"
            plain_dir.mkdir()
            base = folium_pages(files, centre, zoom, plain_dir)
            for what, jobs in steps.items():
                out = root / f"ours-{number}-{jobs}"
                out.mkdir()
                ours = our_pages(data, out, jobs)
                ratios[what].append(ours / base)
                seconds[what].append((ours, base))
            if not args.no_report:
                plain, plain_size = plain_report(files)
                report, size = our_report(data)
                ratios["report (PDF)"].append(report / plain)
                seconds["report (PDF)"].append((report, plain))
        print(
            f"{'what':34} {'seconds':>9} {'baseline':>9} {'ratio':>7} {'rounds':>18} {'target':>7}"
        )
        for what, values in ratios.items():
            if not values:
                continue
            k = sorted(range(len(values)), key=values.__getitem__)[len(values) // 2]
            ours, base = seconds[what][k]
            each = " ".join(f"{v:.2f}" for v in values)
            target = "<= 2.5" if what.startswith("report") else "<= 2"
            print(f"{what:34} {ours:9.2f} {base:9.2f} {values[k]:7.2f} {each:>18} {target:>7}")
        if not args.no_report:
            print(f"report {size / 1e6:.1f} MB, plain {plain_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
