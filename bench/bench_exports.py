"""Benchmark: time per snapshot for each renderer, and for the whole report.

Prints seconds and ratios against baselines measured in the same run on the same machine:
- static snapshot vs saving an empty matplotlib figure of the same size and format;
- browser snapshot vs a Chromium screenshot of an empty page of the same size;
- the whole report vs (number of pages) x one static snapshot.

Run: python bench/bench_exports.py [--repeat N]
"""

from __future__ import annotations

import argparse
import functools
import statistics
import time
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import siversk_map as sm
from siversk_map.export.browser import capture_page
from siversk_map.export.snapshot import render_report, render_snapshot_bytes
from siversk_map.export.static import figure_bytes

SIZE = (1600, 1200)


def timed(function: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` runs after one warm-up."""
    function()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def empty_figure(fmt: str) -> bytes:
    fig = plt.figure(figsize=(SIZE[0] / 150, SIZE[1] / 150), dpi=150)
    try:
        return figure_bytes(fig, fmt)
    finally:
        plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ds = sm.load_dataset()
    day = "2025-12-13"
    print(f"{'what':38} {'seconds':>9} {'baseline':>9} {'ratio':>7}")
    for fmt in ("png", "svg", "pdf"):
        ours = timed(functools.partial(render_snapshot_bytes, ds, day, fmt, size=SIZE), args.repeat)
        base = timed(functools.partial(empty_figure, fmt), args.repeat)
        print(f"{'static snapshot ' + fmt:38} {ours:9.3f} {base:9.3f} {ours / base:7.1f}")
    try:
        ours = timed(
            lambda: render_snapshot_bytes(ds, day, "png", size=SIZE, dpi=96, renderer="browser"),
            args.repeat,
        )
        empty = "<!DOCTYPE html><html><body style='margin:0'></body></html>"
        base = timed(lambda: capture_page(empty, "png", SIZE[0], SIZE[1]), args.repeat)
        print(f"{'browser snapshot png':38} {ours:9.3f} {base:9.3f} {ours / base:7.1f}")
    except (ImportError, sm.ExportError) as exc:
        print(f"browser snapshot: skipped ({exc})")
    one = timed(lambda: render_snapshot_bytes(ds, day, "pdf", size=(1754, 1240)), 1)
    report = timed(lambda: render_report(ds), 1)
    pages = len(ds.dates) + 1
    label = f"whole report ({pages} pages)"
    print(f"{label:38} {report:9.3f} {one * pages:9.3f} {report / (one * pages):7.2f}")


if __name__ == "__main__":
    main()
