"""Benchmark: a whole-front weekly series in one timeline page, against folium's TimestampedGeoJson.

A script, not a test. It imports the 64-date DeepState series of ``../shared/data/real/series/
deepstate_daily_front/`` (whole front, one MultiPolygon per week) and, in the same run, builds:

- the baseline: the same features handed to ``folium.plugins.TimestampedGeoJson`` (each with its
  date in ``times``), rendered and written as folium writes it;
- the siversk-map timeline page (``siversk-map build --pages timeline``), with the change
  analysis between consecutive dates (gained, lost, deepest advance) and without it
  (``--no-changes``).

Build time starts from the loaded data set for all three (the same shapely geometries in memory)
and ends with the page on disk; loading the data set is timed once and printed apart, as it is
the same for both. Each round builds the three pages in turn; times are medians (and bests) of
``--rounds`` rounds, and the build ratio is the median of the rounds' ratios. Peak memory is
Python's allocations during one build (tracemalloc, in a separate run so it does not slow the
timed ones). The step latency of the timeline page is measured in headless Chromium, network
off, as in ``bench_timeline.py``; the baseline page loads Leaflet, jQuery and TimeDimension from
public CDNs and does not draw offline, so it has no step figure.

Targets (issue 6): page bytes <= 0.15x the baseline's, build time <= 0.5x, step p95 <= 50 ms.

Usage::

    python bench/bench_scale.py [--series DIR] [--rounds 9] [--steps 3]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.util
import io
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SERIES = REPO.parent / "shared" / "data" / "real" / "series" / "deepstate_daily_front"
AOI = "31,44,41,53"


def _bench_timeline() -> Any:
    spec = importlib.util.spec_from_file_location(
        "bench_timeline", Path(__file__).with_name("bench_timeline.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_baseline(ds: Any, out: Path) -> None:
    """The series as folium's TimestampedGeoJson page (what a folium user would write)."""
    import folium
    from folium.plugins import TimestampedGeoJson
    from shapely.geometry import mapping

    features = [
        {
            "type": "Feature",
            "geometry": mapping(geom),
            "properties": {"times": [day.isoformat()], "style": {"color": "#c62828"}},
        }
        for day, geom in zip(ds.table["date"], ds.table.geometry, strict=True)
    ]
    m = folium.Map(location=list(ds.manifest.center), zoom_start=ds.manifest.zoom, tiles=None)
    TimestampedGeoJson(
        {"type": "FeatureCollection", "features": features}, period="P1W", duration="P6D"
    ).add_to(m)
    m.save(str(out))


def build_ours(ds: Any, out: Path, changes: bool) -> None:
    """The siversk-map timeline page alone (``build --pages timeline [--no-changes]``)."""
    from siversk_map.export.html import export_site

    export_site(ds, out, pages="timeline", changes=changes, force=True)


def _timed(fn: Callable[[], None]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _peak_mib(fn: Callable[[], None]) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    """Import the series, build every page, print the figures and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--series", type=Path, default=SERIES, help="folder of the series")
    parser.add_argument("--rounds", type=int, default=9, help="timed builds of each page")
    parser.add_argument("--steps", type=int, default=3, help="rounds over every date in Chromium")
    args = parser.parse_args()
    if not args.series.is_dir():
        raise SystemExit(f"series not found: {args.series}")

    from siversk_map import load_dataset
    from siversk_map.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = root / "front"
        argv = ["import", "deepstate-daily", str(args.series), "--out", str(data), "--aoi", AOI]
        with contextlib.redirect_stdout(io.StringIO()) as report:
            code = cli(argv)
        if code != 0:
            raise SystemExit(f"import failed:\n{report.getvalue()}")
        t0 = time.perf_counter()
        ds = load_dataset(data)
        load_s = time.perf_counter() - t0
        raw_bytes = sum(p.stat().st_size for p in args.series.glob("*.geojson"))

        pages = {
            "baseline": (
                root / "baseline.html",
                lambda: build_baseline(ds, root / "baseline.html"),
            ),
            "ours": (root / "ours" / "index.html", lambda: build_ours(ds, root / "ours", True)),
            "ours_fast": (
                root / "fast" / "index.html",
                lambda: build_ours(ds, root / "fast", False),
            ),
        }
        for _, build in pages.values():
            build()  # warm-up: imports, caches of the data set (composed states)
        times: dict[str, list[float]] = {k: [] for k in pages}
        for _ in range(args.rounds):
            for name, (_, build) in pages.items():
                times[name].append(_timed(build))
        build_s = {k: statistics.median(v) for k, v in times.items()}
        best_s = {k: min(v) for k, v in times.items()}
        # Each round builds the three pages back to back: the ratio within a round is spared
        # the slow swings of a shared machine, so the ratio reported is the rounds' median.
        round_ratio = {
            k: statistics.median(t / b for t, b in zip(v, times["baseline"], strict=True))
            for k, v in times.items()
        }
        peak = {k: _peak_mib(build) for k, (_, build) in pages.items()}
        size = {k: path.stat().st_size for k, (path, _) in pages.items()}

        bt = _bench_timeline()
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=bt.CHROMIUM, args=bt.ARGS)
            step = {
                name: bt.measure(browser, pages[name][0].as_uri(), args.steps)
                for name in ("ours", "ours_fast")
            }
            browser.close()

    base = "baseline"
    print(f"series: {args.series} ({len(ds.dates)} dates, {raw_bytes / 1e6:.2f} MB of GeoJSON)")
    print(f"loading the data set (same for every page, not in the build times): {load_s:.2f} s")
    print()
    header = f"{'':34}{'baseline':>12}{'timeline':>12}{'ratio':>8}{'no-changes':>12}{'ratio':>8}"
    print(header)

    def row(label: str, key: dict[str, float], fmt: str, target: str = "") -> None:
        b, o, f = key[base], key["ours"], key["ours_fast"]
        print(
            f"{label:34}{format(b, fmt):>12}{format(o, fmt):>12}{o / b:>8.3f}"
            f"{format(f, fmt):>12}{f / b:>8.3f}  {target}"
        )

    row("page (MB)", {k: v / 1e6 for k, v in size.items()}, ".3f", "target ratio <= 0.15")
    row(f"build, median of {args.rounds} (s)", build_s, ".3f")
    row(f"build, best of {args.rounds} (s)", best_s, ".3f")
    print(
        f"{'build ratio, median over rounds':34}{'':>12}{'':>12}{round_ratio['ours']:>8.3f}"
        f"{'':>12}{round_ratio['ours_fast']:>8.3f}  target ratio <= 0.5"
    )
    row("build peak Python memory (MiB)", peak, ".1f")
    print()
    for name in ("ours", "ours_fast"):
        s = step[name]
        print(
            f"{name:10} step p95 {s['sync_p95_ms']:.1f} ms script+layout, "
            f"{s['frame_p95_ms']:.1f} ms to the next frame (median {s['frame_median_ms']:.1f}); "
            f"time to interactive {s['tti_ms']:.0f} ms; {s['steps']} steps  (target p95 <= 50 ms)"
        )
    print()
    print(
        json.dumps(
            {
                "size": size,
                "build_s": build_s,
                "best_s": best_s,
                "round_ratio": round_ratio,
                "peak_mib": peak,
                "load_s": load_s,
                "step": step,
            },
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
