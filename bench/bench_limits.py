"""Benchmark: what the read caps cost, in memory and time, on hostile and on real inputs.

A script, not a test (``tests/test_limits_while_reading.py`` checks the same bounds scaled
down). Each case runs in a fresh process so that peak RSS belongs to it alone; the Python
allocation peak comes from tracemalloc, measured in a second run of the case (tracemalloc
slows allocation-heavy code several times, so times come from the first run).

Cases:

- ``bomb``: a zip of 86 KB holding one 57 MiB member of repeated positions (the issue's case),
  imported with the default caps;
- ``whitespace``: a zip of four 60 MiB members of spaces, each under the per-file cap;
- ``accepted``: parsing a file of 1 000 000 positions (within every cap), to give the parse's
  multiple of the file's bytes;
- ``real``: loading the largest whole-front DeepState file of ``../shared/data/real/full``.

Run: python bench/bench_limits.py [CASE ...]
"""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "data" / "real" / "full"
MIB = 1 << 20


def _positions(count: int) -> bytes:
    head = (
        b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
        b'"geometry":{"type":"MultiPoint","coordinates":['
    )
    return head + b"[1,2]," * (count - 1) + b"[1,2]]}}]}"


def _zip(folder: Path, members: dict[str, bytes]) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path = folder / "input.zip"
    path.write_bytes(buf.getvalue())
    return path


def _prepare(name: str, folder: Path) -> int:
    """Write a case's input into ``folder``; return its size in bytes (what the multiple is of)."""
    if name == "bomb":
        body = _positions(9_960_000)  # 57 MiB
        path = _zip(folder, {"deepstatemap_data_20240101.geojson": body})
        print(f"  zip {path.stat().st_size} bytes, member {len(body)} bytes")
        return len(body)
    if name == "whitespace":
        members = {f"deepstatemap_data_2024010{i + 1}.json": b" " * (60 * MIB) for i in range(4)}
        path = _zip(folder, members)
        print(f"  zip {path.stat().st_size} bytes, 4 members of 60 MiB")
        return 240 * MIB
    if name == "accepted":
        body = _positions(1_000_000)
        (folder / "input.json").write_bytes(body)
        return len(body)
    if name == "real":
        path = max(REAL.glob("*.geojson"), key=lambda p: p.stat().st_size)
        (folder / "input.json").write_bytes(path.read_bytes())
        print(f"  {path.name}")
        return path.stat().st_size
    raise SystemExit(f"unknown case {name!r}")


def _run(name: str, folder: Path) -> str:
    from siversk_map import ValidationError
    from siversk_map.importers import import_sources
    from siversk_map.io import read_json_strict

    if name in ("bomb", "whitespace"):
        try:
            import_sources("deepstate-daily", [folder / "input.zip"], folder / "o")
        except ValidationError as exc:
            return str(exc).splitlines()[1][-110:]
        return "accepted"
    doc, problems = read_json_strict(folder / "input.json", "input.json")
    return f"{len(doc['features'])} feature(s), problems {problems}"


def _high_water() -> int:
    """This process's peak resident memory in bytes (``VmHWM``: ``ru_maxrss`` can carry the
    parent's peak over a fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _child(name: str, folder: Path, trace: bool) -> None:
    import geopandas  # noqa: F401 - imported before measuring, as a run would have them
    import pyproj  # noqa: F401

    from siversk_map import bundled_data_path
    from siversk_map.dataset import load_manifest
    from siversk_map.importers import import_sources  # noqa: F401

    load_manifest(bundled_data_path() / "manifest.json")
    base = _high_water()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    outcome = _run(name, folder)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    rss = _high_water()
    row = {"seconds": seconds, "peak": peak, "rss": rss, "base_rss": base, "outcome": outcome}
    print(json.dumps(row))


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        _child(sys.argv[2], Path(sys.argv[3]), sys.argv[4] == "1")
        return
    for name in sys.argv[1:] or ["bomb", "whitespace", "accepted", "real"]:
        print(f"{name}:")
        with tempfile.TemporaryDirectory() as tmp:
            size = _prepare(name, Path(tmp))
            rows = []
            for trace in ("0", "1"):
                out = subprocess.run(
                    [sys.executable, __file__, "--child", name, tmp, trace],
                    capture_output=True,
                    text=True,
                    check=True,
                    env={"PYTHONPATH": str(ROOT)},
                ).stdout
                rows.append(json.loads(out.strip().splitlines()[-1]))
        plain, traced = rows
        print(f"  outcome: {plain['outcome']}")
        print(
            f"  time {plain['seconds']:.2f} s; peak RSS {plain['rss'] / MIB:.0f} MiB "
            f"({(plain['rss'] - plain['base_rss']) / MIB:.0f} MiB over the process before it)"
        )
        print(
            f"  Python allocation peak {traced['peak'] / MIB:.1f} MiB = "
            f"{traced['peak'] / size:.2f} x the input's {size / MIB:.1f} MiB"
        )


if __name__ == "__main__":
    main()
