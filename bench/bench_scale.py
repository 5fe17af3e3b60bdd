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
off, as in ``bench_timeline.py`` (the baseline's step: see ``--daily``).

Targets (issue 6): page bytes <= 0.15x the baseline's, build time <= 0.5x, step p95 <= 50 ms.

``--daily N`` (issue 15) unpacks DeepState's daily whole-front archive
(``deepstate_daily_20240708_20250831.tar.xz``, 415 files) into a temporary folder, imports its
first N files with the whole-front ``--aoi`` (timed: the import figure is the whole
``siversk-map import`` command against the baseline's whole build), builds the baseline and the
timeline page (with and without changes) and prints, as issue 15's table: page bytes, build
(with changes) and import, each divided by the baseline's, in the same run. The daily baseline
steps by a day (``period="P1D"``) and shows each front on its day alone (``duration="PT23H"``).
``--browser`` adds, in headless Chromium, the JS heap after visiting every date (after a forced
garbage collection) and the step to the next painted frame (p95) of the timeline page and of
the folium page, drawing offline: folium's CDN libraries are installed with npm into a
temporary folder and served to the page by URL (``bench_timeline.CdnLibraries``; skipped with
a message when npm fails). ``--steps`` rounds, the two pages in turn; medians.

Usage::

    python bench/bench_scale.py [--series DIR] [--rounds 9] [--steps 3]
    python bench/bench_scale.py --daily 64 --daily 256 --daily 415 [--rounds 3] [--browser]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.util
import io
import json
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SERIES = REPO.parent / "shared" / "data" / "real" / "series" / "deepstate_daily_front"
DAILY = (
    REPO.parent / "shared" / "data" / "real" / "series" / "deepstate_daily_20240708_20250831.tar.xz"
)
AOI = "31,44,41,53"


def _sibling(name: str) -> Any:
    """Another benchmark script of this folder, loaded as a module."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_baseline(ds: Any, out: Path, period: str = "P1W", duration: str = "P6D") -> None:
    """The series as folium's TimestampedGeoJson page (what a folium user would write).

    ``period`` is the step of its time slider; ``duration`` how long a feature stays shown
    after its date (one step less a little, so one date's front shows at a time).
    """
    import folium
    from folium.plugins import TimestampedGeoJson
    from shapely.geometry import mapping

    # The dated fronts (an import's undated base map, its oblasts and cities, is left out).
    dated = ds.table[ds.table["date"].notna()]
    features = [
        {
            "type": "Feature",
            "geometry": mapping(geom),
            "properties": {"times": [day.isoformat()], "style": {"color": "#c62828"}},
        }
        for day, geom in zip(dated["date"], dated.geometry, strict=True)
    ]
    m = folium.Map(location=list(ds.manifest.center), zoom_start=ds.manifest.zoom, tiles=None)
    TimestampedGeoJson(
        {"type": "FeatureCollection", "features": features}, period=period, duration=duration
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


def daily(n: int, rounds: int, browser_rounds: int, libraries: Any = None) -> dict[str, Any]:
    """Issue 15's figures for the first ``n`` daily files of the archive."""
    from siversk_map import load_dataset
    from siversk_map.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        series = root / "series"
        series.mkdir()
        files = _sibling("bench_import").unpack(DAILY, series, n)
        data = root / "front"
        argv = ["import", "deepstate-daily", str(series), "--out", str(data), "--aoi", AOI]
        argv.append("--quiet")
        gc.collect()
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()) as report:
            code = cli(argv)
        import_s = time.perf_counter() - t0
        if code != 0:
            raise SystemExit(f"import failed:\n{report.getvalue()}")
        ds = load_dataset(data)
        pages = {
            "baseline": (
                root / "baseline.html",
                # Daily dates: a day's step, each front shown alone on its day.
                lambda: build_baseline(ds, root / "baseline.html", "P1D", "PT23H"),
            ),
            "ours": (root / "ours" / "index.html", lambda: build_ours(ds, root / "ours", True)),
            "ours_fast": (
                root / "fast" / "index.html",
                lambda: build_ours(ds, root / "fast", False),
            ),
        }
        times: dict[str, list[float]] = {k: [] for k in pages}
        for _ in range(rounds):
            for name, (_, build) in pages.items():
                times[name].append(_timed(build))
        build_s = {k: statistics.median(v) for k, v in times.items()}
        ratio = {
            k: statistics.median(t / b for t, b in zip(v, times["baseline"], strict=True))
            for k, v in times.items()
        }
        size = {k: path.stat().st_size for k, (path, _) in pages.items()}
        out: dict[str, Any] = {
            "dates": len(ds.dates),
            "files": len(files),
            "size": size,
            "build_s": build_s,
            "build_ratio": ratio,
            "import_s": import_s,
        }
        if browser_rounds:
            out["browser"] = _daily_browser(
                pages["ours"][0], pages["baseline"][0], browser_rounds, libraries
            )
    return out


def _daily_browser(ours: Path, folium_page: Path, rounds: int, libraries: Any) -> dict[str, Any]:
    """JS heap after every date and step to the next painted frame, the timeline against folium.

    Both pages are measured the same way (``bench_timeline.measure``): loaded, every date
    visited and painted, the heap read after a forced garbage collection, then every date
    stepped and timed. ``rounds`` rounds, the two pages in turn (the order swapped each round);
    the figures are the rounds' medians and the ratios the medians of the rounds' ratios.
    """
    from playwright.sync_api import sync_playwright

    bt = _sibling("bench_timeline")
    runs: dict[str, list[dict[str, Any]]] = {"ours": [], "folium": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=bt.CHROMIUM, args=bt.ARGS)
        for r in range(rounds):
            names = ["ours", "folium"] if r % 2 == 0 else ["folium", "ours"]
            for name in names:
                if name == "folium" and libraries is None:
                    continue
                url = (ours if name == "ours" else folium_page).as_uri()
                lib = libraries if name == "folium" else None
                runs[name].append(bt.measure(browser, url, 1, lib, 1, True, name == "ours"))
        browser.close()
    keys = ("heap_mib", "heap_load_mib", "frame_p95_ms", "frame_median_ms", "sync_p95_ms")
    out: dict[str, Any] = {
        name: {k: statistics.median(run[k] for run in rs) for k in keys} | {"runs": rs}
        for name, rs in runs.items()
        if rs
    }
    if runs["folium"]:
        out["ratio"] = {
            k: statistics.median(
                a[k] / b[k] for a, b in zip(runs["ours"], runs["folium"], strict=True)
            )
            for k in ("heap_mib", "frame_p95_ms")
        }
        out["folium"]["dates"] = runs["folium"][0]["dates"]
        out["blocked"] = sorted(libraries.blocked)
    out["ours"]["dates"] = runs["ours"][0]["dates"]
    for key in ("compare_open_ms", "compare_max_ms", "compare_median_ms"):
        out["ours"][key] = statistics.median(run[key] for run in runs["ours"])
    return out


def print_daily(results: list[dict[str, Any]]) -> None:
    """Issue 15's table, one column per number of daily dates."""
    cols = [str(r["dates"]) for r in results]
    print(f"{'daily dates':44}" + "".join(f"{c:>10}" for c in cols))

    def row(label: str, values: list[float], fmt: str = ".3f") -> None:
        print(f"{label:44}" + "".join(f"{format(v, fmt):>10}" for v in values))

    row("timeline page (MB)", [r["size"]["ours"] / 1e6 for r in results])
    row("baseline page (MB)", [r["size"]["baseline"] / 1e6 for r in results])
    row(
        "timeline page bytes / baseline",
        [r["size"]["ours"] / r["size"]["baseline"] for r in results],
    )
    row("KB per date (timeline)", [r["size"]["ours"] / r["dates"] / 1e3 for r in results], ".2f")
    row("build with changes / baseline", [r["build_ratio"]["ours"] for r in results])
    row("build --no-changes / baseline", [r["build_ratio"]["ours_fast"] for r in results])
    row("baseline build (s, median)", [r["build_s"]["baseline"] for r in results])
    row("timeline build (s, median)", [r["build_s"]["ours"] for r in results])
    row("import (s)", [r["import_s"] for r in results])
    row("import / baseline's build", [r["import_s"] / r["build_s"]["baseline"] for r in results])
    if all("browser" in r for r in results):
        b = [r["browser"] for r in results]
        row("JS heap after every date, timeline (MiB)", [x["ours"]["heap_mib"] for x in b], ".1f")
        row("step to frame p95, timeline (ms)", [x["ours"]["frame_p95_ms"] for x in b], ".1f")
        row("Compare: open on first->last (ms)", [x["ours"]["compare_open_ms"] for x in b], ".0f")
        row("Compare: far pair, median (ms)", [x["ours"]["compare_median_ms"] for x in b], ".0f")
        row("Compare: far pair, max (target 100)", [x["ours"]["compare_max_ms"] for x in b], ".0f")
        if all("folium" in x for x in b):
            row(
                "JS heap after every date, folium (MiB)",
                [x["folium"]["heap_mib"] for x in b],
                ".1f",
            )
            row("heap timeline / folium (target <= 0.3)", [x["ratio"]["heap_mib"] for x in b])
            row("step to frame p95, folium (ms)", [x["folium"]["frame_p95_ms"] for x in b], ".1f")
            row(
                "step p95 timeline / folium (target <= 1.1)",
                [x["ratio"]["frame_p95_ms"] for x in b],
            )
            print("not on npm, left unanswered (the page draws without them):")
            for url in b[0]["blocked"]:
                print(f"  {url}")
    print(json.dumps(results, sort_keys=True))


def main() -> None:
    """Import the series, build every page, print the figures and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--series", type=Path, default=SERIES, help="folder of the series")
    parser.add_argument("--rounds", type=int, default=9, help="timed builds of each page")
    parser.add_argument("--steps", type=int, default=3, help="rounds over every date in Chromium")
    parser.add_argument(
        "--daily", type=int, action="append", help="issue 15: N daily files of the archive"
    )
    parser.add_argument("--browser", action="store_true", help="with --daily: Chromium figures")
    args = parser.parse_args()
    if args.daily:
        with tempfile.TemporaryDirectory() as npm_dir:
            libraries = None
            if args.browser:
                # folium's CDN libraries from npm, so its page draws offline (None: skipped).
                libraries = _sibling("bench_timeline").cdn_libraries(Path(npm_dir))
            steps = args.steps if args.browser else 0
            print_daily([daily(n, args.rounds, steps, libraries) for n in args.daily])
        return
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

        bt = _sibling("bench_timeline")
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
    main()
