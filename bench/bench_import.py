"""Benchmark: importing a daily whole-front series, against the baseline's whole build.

A script, not a test (issue 15, import speed). For each N (64, 256, 415 by default) the first N
daily DeepState whole-front files of ``../shared/data/real/series/
deepstate_daily_20240708_20250831.tar.xz`` (unpacked into a temporary folder) are imported with
``siversk-map import deepstate-daily DIR --aoi 31,44,41,53 --out OUT`` (in this process, output
to a fresh folder each round), and in the same run the baseline is built from the imported data
set: folium's ``TimestampedGeoJson`` (one feature per date), built and saved as folium writes
it. Rounds alternate the two; the ratio is the median over rounds of import / baseline build.

``--code DIR`` imports siversk_map from another checkout (e.g. the code before a change, from
``git archive REV | tar -x -C DIR``) to print before/after figures measured the same way.

Target: import <= 1.0x the baseline's whole build at 256 and at 415 daily dates, in wall time
(the import reads files on a process pool, one worker per core; ``--jobs 1`` reads in one
process). CPU seconds include the import's worker processes.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ARCHIVE = (
    REPO.parent / "shared" / "data" / "real" / "series" / "deepstate_daily_20240708_20250831.tar.xz"
)
AOI = "31,44,41,53"


def unpack(archive: Path, folder: Path, n: int | None = None) -> list[Path]:
    """The archive's first ``n`` (default all) ``.geojson`` files, unpacked into ``folder``, in
    name (date) order."""
    out = []
    with tarfile.open(archive) as tar:
        members = sorted(
            (m for m in tar.getmembers() if m.isfile() and m.name.endswith(".geojson")),
            key=lambda m: m.name,
        )[:n]
        for member in members:
            data = tar.extractfile(member)
            assert data is not None
            target = folder / Path(member.name).name
            target.write_bytes(data.read())
            out.append(target)
    return out


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the import's pool)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def run_import(src: Path, out: Path, jobs: int | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (this process and its workers) to import ``src`` into ``out``."""
    from siversk_map.cli import main as cli

    argv = ["import", "deepstate-daily", str(src), "--aoi", AOI, "--out", str(out)]
    if jobs is not None:
        argv += ["--jobs", str(jobs)]
    gc.collect()
    with contextlib.redirect_stdout(io.StringIO()) as report:
        t0, c0 = time.perf_counter(), _cpu()
        code = cli(argv)
        seconds = time.perf_counter() - t0, _cpu() - c0
    if code != 0:
        raise SystemExit(f"import failed:\n{report.getvalue()}")
    return seconds


def build_baseline(ds: Any, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds to build and save the series as folium's TimestampedGeoJson."""
    import folium
    from folium.plugins import TimestampedGeoJson
    from shapely.geometry import mapping

    gc.collect()
    t0, c0 = time.perf_counter(), _cpu()
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
        {"type": "FeatureCollection", "features": features}, period="P1D", duration="PT23H"
    ).add_to(m)
    m.save(str(out))
    return time.perf_counter() - t0, _cpu() - c0


def main() -> None:
    """Import the first N files for each N, build the baseline, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, default=ARCHIVE)
    parser.add_argument("--sizes", default="64,256,415", help="numbers of daily files")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per size")
    parser.add_argument("--code", type=Path, help="import siversk_map from this checkout")
    parser.add_argument(
        "--jobs", type=int, help="--jobs passed to the import (default: the import's own)"
    )
    args = parser.parse_args()
    sys.path.insert(0, str((args.code or REPO).resolve()))
    import siversk_map
    from siversk_map import load_dataset

    print(f"siversk_map from {Path(siversk_map.__file__).parent}, jobs {args.jobs or 'auto'}")
    load0 = os.getloadavg()
    sizes = [int(n) for n in args.sizes.split(",")]
    rows: list[list[float]] = []
    warm = False
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "all").mkdir()
        files = unpack(args.archive, root / "all")
        for n in sizes:
            src = root / f"src{n}"
            src.mkdir()
            for path in files[:n]:
                (src / path.name).symlink_to(path)
            if not warm:  # warm-up: module imports and caches, once
                run_import(src, root / "warm", args.jobs)
                build_baseline(load_dataset(root / "warm"), root / "warm.html")
                warm = True
            imports, builds = [], []
            for r in range(args.rounds):
                imports.append(run_import(src, root / f"out{n}-{r}", args.jobs))
                if r == 0:
                    ds = load_dataset(root / f"out{n}-{r}")  # not timed
                builds.append(build_baseline(ds, root / f"baseline{n}-{r}.html"))
            row: list[float] = [n]
            for k in (0, 1):  # wall, then CPU seconds
                imp, bld = [i[k] for i in imports], [b[k] for b in builds]
                ratio = statistics.median(i / b for i, b in zip(imp, bld, strict=True))
                row += [statistics.median(imp), statistics.median(bld), ratio]
            rows.append(row)
            print(f"  {n} dates: import {imports}, baseline build {builds}", file=sys.stderr)
    print(
        "ratio = median over rounds of import / baseline build; the target (<= 1.0) is the "
        "wall-time ratio. CPU seconds count this process and the import's worker processes "
        "(os.times children): a pool spends more CPU than it saves wall time."
    )
    print(f"load average before and after: {load0} -> {os.getloadavg()}")
    head = ["daily dates", "import s", "baseline s", "ratio", "import CPU", "baseline CPU", "ratio"]
    print("".join(f"{h:>13}" for h in head))
    for row in rows:
        print(f"{row[0]:>13}" + "".join(f"{v:>13.2f}" for v in row[1:]))


if __name__ == "__main__":
    main()
