"""Benchmark: wall and CPU time of warm timeline builds, side by side with folium's baseline.

A script, not a test. It loads a data set (for example an imported daily whole-front series:
``siversk-map import deepstate-daily DIR --aoi 31,44,41,53 --out ds256``), builds the folium
``TimestampedGeoJson`` baseline and the timeline page with changes once each to warm up, then
``--rounds`` rounds of both, and prints the medians: wall time, and CPU time of this process
and the worker processes it forked and reaped (``resource.getrusage``). CPU time shows what a
build costs whatever else the machine runs; the wall ratio is what ``bench_scale.py`` reports.

Usage::

    python bench/bench_build_cpu.py DATA [--jobs N] [--rounds 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _run(fn: Callable[[], Any]) -> tuple[float, float]:
    cpu = _cpu()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0, _cpu() - cpu


def main() -> None:
    """Warm builds of the baseline and the timeline: median wall and CPU times, and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="data set folder")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: every core)")
    parser.add_argument("--rounds", type=int, default=3, help="timed builds of each page")
    args = parser.parse_args()

    from siversk_map import load_dataset
    from siversk_map.export.html import export_site

    spec = importlib.util.spec_from_file_location(
        "bench_scale", Path(__file__).with_name("bench_scale.py")
    )
    assert spec and spec.loader
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)

    ds = load_dataset(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def ours() -> None:
            export_site(ds, out / "ours", pages="timeline", force=True, jobs=args.jobs)

        def baseline() -> None:
            scale.build_baseline(ds, out / "baseline.html")

        ours()
        baseline()
        times: dict[str, list[tuple[float, float]]] = {"baseline": [], "timeline": []}
        for _ in range(args.rounds):
            times["baseline"].append(_run(baseline))
            times["timeline"].append(_run(ours))
    wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
    for name in times:
        print(f"{name:10} wall {wall[name]:.3f} s  cpu {cpu[name]:.3f} s")
    print(
        f"timeline / baseline: wall {wall['timeline'] / wall['baseline']:.2f}, "
        f"cpu {cpu['timeline'] / cpu['baseline']:.2f}; load {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
