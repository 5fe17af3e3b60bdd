"""Caps enforced while reading: counts checked before a file is parsed, memory bounded."""

from __future__ import annotations

import io
import json
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest

from siversk_map import ValidationError, load_dataset
from siversk_map.importers import import_sources
from siversk_map.importers.sources import open_sources
from siversk_map.io import Budget, parse_json_strict, prescan
from siversk_map.model import Limits

from .conftest import MINI, feature

POSITION = [38.16, 48.85]


def _multipoint_doc(count: int) -> bytes:
    """One feature holding ``count`` positions, in compact JSON (6 bytes a position)."""
    head = (
        b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
        b'"geometry":{"type":"MultiPoint","coordinates":['
    )
    return head + b",".join([b"[1,2]"] * count) + b"]}}]}"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def test_zip_bomb_of_positions_is_refused_before_parsing_in_bounded_memory(
    tmp_path: Path,
) -> None:
    # The case scaled down 5x: a member of repeated positions past the vertex cap.
    limits = Limits(max_vertices=1_000_000)
    body = _multipoint_doc(2_000_000)
    member = len(body)
    (tmp_path / "bomb.zip").write_bytes(_zip({"deepstatemap_data_20240101.geojson": body}))
    del body
    run = ("deepstate-daily", [tmp_path / "bomb.zip"], tmp_path / "o")
    with pytest.raises(ValidationError):  # once first: modules imported on first use
        import_sources(*run, limits=Limits(max_vertices=10))
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="over the cap of 1000000") as info:
            import_sources(*run, limits=limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "Limits.max_vertices" in str(info.value)
    # The old reader parsed it into Python lists first: about 65 times the bytes.
    assert peak < 3.5 * member, f"peak {peak} bytes for a member of {member}"
    assert not (tmp_path / "o").exists()


def test_parsing_an_accepted_file_stays_within_a_multiple_of_its_bytes() -> None:
    data = _multipoint_doc(200_000)
    tracemalloc.start()
    try:
        doc, problems = parse_json_strict(data, "x.json")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == [] and doc is not None
    # Lists of two small ints: about 80 bytes of Python objects per 6-byte position.
    assert peak < 20 * len(data)


@pytest.mark.parametrize(
    ("data", "budget", "needle"),
    [
        (_multipoint_doc(10), Budget(10, 9, 100), "more than 9 vertices"),
        (b'{"a": [' + b"{}," * 50 + b"{}]}", Budget(10, 10, 40), "JSON arrays and objects"),
        (
            json.dumps(
                {"type": "FeatureCollection", "features": [feature(f"f{n}") for n in "abc"]}
            ).encode(),
            Budget(2, 100, 100),
            "more than 2 features",
        ),
    ],
)
def test_prescan_refuses_past_each_cap(data: bytes, budget: Budget, needle: str) -> None:
    problems = prescan(data, "x.json", budget)
    assert problems and needle in problems[0].reason


def test_prescan_does_not_count_brackets_inside_strings() -> None:
    text = '[1, 2] [3, 4] {"a": "b"}' * 20
    doc = json.dumps({"type": "Point", "coordinates": [1, 2], "properties": {"note": text}})
    assert prescan(doc.encode(), "x.json", Budget(1, 1, 4)) == []


def _features_doc(features: list[dict[str, Any]]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features})


def _dataset(tmp_path: Path, features: list[dict[str, Any]], name: str = "layer.geojson") -> Path:
    folder = tmp_path / "ds"
    folder.mkdir(exist_ok=True)
    (folder / "manifest.json").write_text((MINI / "manifest.json").read_text())
    (folder / name).write_text(_features_doc(features))
    return folder


def _square_count() -> int:
    return len(feature()["geometry"]["coordinates"][0])


def test_exactly_at_the_feature_and_vertex_caps_is_accepted_one_more_is_not(
    tmp_path: Path,
) -> None:
    three = [feature(f"f{i}", date=f"2024-01-0{i + 1}") for i in range(3)]
    folder = _dataset(tmp_path, three)
    vertices = 3 * _square_count()
    ds = load_dataset(folder, limits=Limits(max_features=3, max_vertices=vertices))
    assert len(ds.table) == 3
    with pytest.raises(ValidationError, match="over the cap of 2"):
        load_dataset(folder, limits=Limits(max_features=2, max_vertices=vertices))
    with pytest.raises(ValidationError, match=f"over the cap of {vertices - 1}"):
        load_dataset(folder, limits=Limits(max_features=3, max_vertices=vertices - 1))


def test_caps_count_across_files_of_a_data_set(tmp_path: Path) -> None:
    folder = _dataset(tmp_path, [feature("a", date="2024-01-01")], "a.geojson")
    (folder / "b.geojson").write_text(_features_doc([feature("b", date="2024-01-02")]))
    vertices = _square_count()
    with pytest.raises(ValidationError, match="over the cap of 0 left"):
        load_dataset(folder, limits=Limits(max_vertices=vertices))
    with pytest.raises(ValidationError, match="over the cap of 0 left"):
        load_dataset(folder, limits=Limits(max_features=1))
    assert len(load_dataset(folder, limits=Limits(max_features=2)).table) == 2


def test_exactly_at_the_byte_cap_is_accepted_one_byte_less_is_not(tmp_path: Path) -> None:
    folder = _dataset(tmp_path, [feature()])
    size = (folder / "layer.geojson").stat().st_size
    manifest = (folder / "manifest.json").stat().st_size
    cap = max(size, manifest)
    assert len(load_dataset(folder, limits=Limits(max_file_bytes=cap)).table) == 1
    with pytest.raises(ValidationError, match=f"over the cap of {cap - 1}"):
        load_dataset(folder, limits=Limits(max_file_bytes=cap - 1))
    total = size  # the cap on a run's bytes counts layer files
    assert len(load_dataset(folder, limits=Limits(max_total_bytes=total)).table) == 1
    with pytest.raises(ValidationError, match=f"over the cap of {total - 1} for one run"):
        load_dataset(folder, limits=Limits(max_total_bytes=total - 1))


def _nested(depth: int) -> bytes:
    """A feature whose property is nested so that the document is ``depth`` levels deep."""
    doc = feature()
    inner: Any = 1
    for _ in range(depth - 2):  # the feature object, its properties, then the lists
        inner = [inner]
    doc["properties"]["note"] = inner
    return json.dumps(doc).encode()


def test_exactly_at_the_depth_cap_is_read_one_more_is_refused() -> None:
    limits = Limits(max_depth=20)
    doc, problems = parse_json_strict(_nested(20), "x.json", limits)
    assert problems == [] and doc is not None
    doc, problems = parse_json_strict(_nested(21), "x.json", limits)
    assert doc is None and "deeper than 20 levels" in problems[0].reason


def test_archive_members_count_against_the_bytes_of_a_run(tmp_path: Path) -> None:
    # Several members, each under the per-file cap, past the run's cap together.
    members = {f"m{i}_2024-01-0{i + 1}.json": b" " * 900 + b"{}" for i in range(4)}
    (tmp_path / "ws.zip").write_bytes(_zip(members))
    limits = Limits(max_file_bytes=1000, max_total_bytes=2500)
    files, problems = open_sources([tmp_path / "ws.zip"], limits=limits)
    assert [p for p in problems if "Limits.max_total_bytes" in p.reason]
    assert sum(len(f.data) for f in files) <= 2500
    files, problems = open_sources([tmp_path / "ws.zip"], limits=Limits(max_file_bytes=1000))
    assert problems == [] and len(files) == 4
