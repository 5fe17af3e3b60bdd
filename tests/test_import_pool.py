"""The import's process pool changes nothing but the time it takes (issue 15, import speed).

On real whole-front DeepState files: the same bytes, in the same order, with one process or
two, whatever the start method; a bad file or a cap passed gives the same errors and writes
nothing; Ctrl-C leaves no folder and no worker behind.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import shapely
import shapely.affinity

from siversk_map.errors import ValidationError
from siversk_map.importers import (
    engine,
    import_sources,
    layer_files,
    parallel,
    read_sources,
    render_files,
)
from siversk_map.importers.base import ImportedFeature
from siversk_map.importers.generic import parse_map_rule
from siversk_map.io import read_geojson_document
from siversk_map.model import Limits, Manifest, ReferencePoint

from .conftest import REAL, unpack_daily

AOI = "31,44,41,53"


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every 26th file of the daily archive (16 files, over :data:`parallel.MIN_FILES`)."""
    folder = tmp_path_factory.mktemp("series")
    assert len(unpack_daily(folder, slice(None, None, 26))) >= 2 * parallel.MIN_FILES
    return folder


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _import(src: Path, out: Path, jobs: int | None) -> tuple[dict[str, bytes], str]:
    report = import_sources("deepstate-daily", [src], out, aoi=AOI, jobs=jobs)
    return _tree(out), report.format_text()


def test_pool_writes_the_same_bytes_as_one_process(series: Path, tmp_path: Path) -> None:
    one, one_report = _import(series, tmp_path / "one", jobs=1)
    two, two_report = _import(series, tmp_path / "two", jobs=2)
    auto, _ = _import(series, tmp_path / "auto", jobs=None)
    assert len(one) >= 16
    assert list(two) == list(one) and list(auto) == list(one)
    for name in one:
        assert two[name] == one[name], name
        assert auto[name] == one[name], name
    assert two_report == one_report
    # Features in date order, one date a file, ids numbered within each date.
    dated = [n for n in one if n.startswith("deepstate-daily/")]
    days = [json.loads(one[n])["features"][0]["properties"]["date"] for n in dated]
    assert days == sorted(days) and len(set(days)) == len(days)


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_any_start_method_gives_the_same_result(
    series: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    one = read_sources("deepstate-daily", [series], aoi=AOI, jobs=1)
    monkeypatch.setattr(parallel, "START_METHOD", method)
    two = read_sources("deepstate-daily", [series], aoi=AOI, jobs=2)
    assert [f.id for f in two.features] == [f.id for f in one.features]
    assert [f.properties for f in two.features] == [f.properties for f in one.features]
    pairs = zip(one.features, two.features, strict=True)
    assert all(a.geometry.equals_exact(b.geometry, 0) for a, b in pairs)
    assert two.report == one.report


def test_results_come_in_input_order_whoever_finishes_first() -> None:
    delays = [0.3, 0.0, 0.2, 0.0, 0.1, 0.0]
    with parallel.ordered_map(time.sleep, [(d,) for d in delays], 2) as results:
        assert list(results) == [None] * len(delays)
    with parallel.ordered_map(_slow_square, [(n,) for n in range(6)], 2) as results:
        assert list(results) == [n * n for n in range(6)]


def _slow_square(n: int) -> int:
    time.sleep(0.05 * (6 - n))  # the first ones finish last
    return n * n


def _with_bad_file(series: Path, tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(series, src)
    names = sorted(p.name for p in src.iterdir())
    doc = json.loads((src / names[5]).read_text())
    ring = doc["features"][0]["geometry"]["coordinates"][0][0]
    ring[-1] = [ring[0][0] + 0.001, ring[0][1]]  # not closed
    (src / names[5]).write_text(json.dumps(doc))
    (src / names[9]).write_text('{"type": "FeatureCollection", "features": [')
    return src


def test_a_bad_file_gives_the_same_errors_and_writes_nothing(series: Path, tmp_path: Path) -> None:
    src = _with_bad_file(series, tmp_path)
    errors = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        with pytest.raises(ValidationError) as caught:
            import_sources("deepstate-daily", [src], out, aoi=AOI, jobs=jobs)
        errors[jobs] = [str(p) for p in caught.value.problems]
        assert not out.exists()
    assert errors[1] == errors[2]
    text = "\n".join(errors[2])
    assert "not closed" in text and "feature 0" in text and "invalid JSON" in text


def test_the_feature_cap_stops_at_the_same_file(series: Path, tmp_path: Path) -> None:
    limits = Limits(max_features=5)  # one feature a file: the sixth file passes it
    problems = {}
    for jobs in (1, 2):
        with pytest.raises(ValidationError) as caught:
            read_sources("deepstate-daily", [series], aoi=AOI, limits=limits, jobs=jobs)
        problems[jobs] = [str(p) for p in caught.value.problems]
    assert problems[1] == problems[2]
    assert "Limits.max_features" in "\n".join(problems[2])


def test_ctrl_c_writes_nothing_and_leaves_no_worker(
    series: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = engine._merge
    merged = 0

    def interrupted(*args: Any) -> bool:
        nonlocal merged
        merged += 1
        if merged == 4:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(engine, "_merge", interrupted)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        import_sources("deepstate-daily", [series], out, aoi=AOI, jobs=2)
    assert not out.exists()
    assert multiprocessing.active_children() == []


def test_jobs_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="jobs must be 1 or more"):
        parallel.worker_count(0, 10)
    assert parallel.worker_count(None, parallel.MIN_FILES - 1) == 1
    assert parallel.worker_count(2, 1) == 1


def test_the_check_reads_what_the_written_text_reads(series: Path) -> None:
    result = read_sources("deepstate-daily", [series], aoi=AOI, jobs=1)
    named = layer_files._named(result)
    assert len(named) >= 16
    for name, features in named:
        want = read_geojson_document(json.loads(layer_files.collection(features)), name)
        got = layer_files._as_read(name, features)
        assert got is not None and not want.problems
        assert len(got) == len(want.features)
        for a, b in zip(got, want.features, strict=True):
            assert (a.file, a.index, a.fid, a.part) == (b.file, b.index, b.fid, b.part)
            assert a.properties == b.properties
            assert shapely.to_wkb(a.geometry) == shapely.to_wkb(b.geometry)


@pytest.mark.parametrize("off_grid", [False, True])
def test_the_check_refuses_a_bad_feature_before_writing(series: Path, off_grid: bool) -> None:
    result = read_sources("deepstate-daily", [series], aoi=AOI, jobs=1)
    features = list(result.features)
    bad = features[3]
    geom = shapely.affinity.translate(bad.geometry, 1e-9) if off_grid else bad.geometry
    features[3] = ImportedFeature(bad.id, {**bad.properties, "status": "rumoured"}, geom)
    broken = dataclasses.replace(result, features=tuple(features))
    name = f"deepstate-daily/{bad.properties['date']}.geojson"
    assert (layer_files._as_read(name, [features[3]]) is None) == off_grid
    bbox = (31.0, 44.0, 41.0, 53.0)
    manifest = Manifest("x", "x", bbox, ReferencePoint("centre", 36.0, 48.5))
    for jobs in (1, 2):
        with pytest.raises(ValidationError) as caught:
            layer_files.render_checked(broken, manifest, jobs)
        found = [p for p in caught.value.problems if p.file == name]
        assert found and "rumoured" in str(found[0]) and bad.id in str(found[0])


RAW = REAL / "deepstate_raw_danielrose"
NZZ = REAL / "nzz_liveuamap"


@pytest.mark.parametrize(
    ("fmt", "src", "options"),
    [
        # 34 files, two versions of one day (the earlier superseded): read here, in turn.
        ("deepstate-raw", RAW, {"keep_points": True}),
        # Dated feature by feature.
        (
            "generic",
            NZZ,
            {"rules": [parse_map_rule("type=nochange:ru"), parse_map_rule("type=gains:ru")]},
        ),
    ],
)
def test_other_formats_give_the_same_on_the_pool(
    fmt: str, src: Path, options: dict[str, Any]
) -> None:
    if not src.is_dir():
        pytest.skip(f"real data not present: {src}")
    if fmt == "generic":
        options = {**options, "date_field": "date"}
    one = read_sources(fmt, [src], aoi=AOI, jobs=1, **options)
    two = read_sources(fmt, [src], aoi=AOI, jobs=2, **options)
    assert len(one.report.files) >= 6 and one.features  # jobs=2: a pool even below MIN_FILES
    assert two.report == one.report
    assert render_files(two) == render_files(one)
