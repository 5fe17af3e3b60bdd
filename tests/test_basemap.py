"""``siversk-map basemap`` end to end against a local stub of Overpass and Nominatim.

No test touches the internet: OSMnx is pointed at the stub in :mod:`tests.osm_stub` (a made-up
town, Testopil) with ``--overpass-url`` and ``--nominatim-url``.
"""

from __future__ import annotations

import json
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shapely

from siversk_map import load_dataset
from siversk_map.basemap import BasemapOptionsError, build_basemap
from siversk_map.cli import main

from .osm_stub import AOI, Stub, serve

pytest.importorskip("osmnx")

AOI_TEXT = ",".join(str(v) for v in AOI)
LAYERS = ("settlement", "boundary", "road", "railway", "river", "water", "built_up", "building")


@pytest.fixture
def stub() -> Iterator[Stub]:
    with serve() as running:
        yield running


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every ``time.sleep`` of the run, recorded instead of slept."""
    seen: list[float] = []
    monkeypatch.setattr(time, "sleep", lambda s: seen.append(float(s)))
    return seen


def _run(stub_url: str, out: Path, cache: Path, *extra: str) -> int:
    return main(
        [
            "basemap",
            "--out",
            str(out),
            "--cache",
            str(cache),
            "--overpass-url",
            stub_url,
            "--quiet",
            *extra,
        ]
    )


def _layer(out: Path, layer: str) -> list[dict[str, Any]]:
    doc = json.loads((out / "base" / f"osm_{layer}.geojson").read_text(encoding="utf-8"))
    features: list[dict[str, Any]] = doc["features"]
    return features


def _snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_layers_properties_and_manifest(
    stub: Stub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "set"
    code = _run(
        stub.url, out, tmp_path / "cache", "--aoi", AOI_TEXT, "--buildings", "--river", "Testka"
    )
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "8 queries, 0 cache hit(s), 8 fetched" in printed.out
    assert "settlement         5" in printed.out
    # One query per group, each asking Overpass for its tags.
    assert len(stub.queries) == 8
    for tag in ("['place'='town']", "['admin_level'='4']", "['highway'='primary']",
                "['railway'='rail']", "['waterway'='river']", "['natural'='water']",
                "['landuse'='industrial']", "['building']"):  # fmt: skip
        assert any(tag in q for q in stub.queries), tag

    source = "OpenStreetMap contributors (ODbL), extract 2026-11-30"
    ids: list[str] = []
    box = shapely.box(*AOI)
    for layer in LAYERS:
        for f in _layer(out, layer):
            assert f["properties"]["layer"] == layer
            assert f["properties"]["source"] == source
            assert box.covers(shapely.geometry.shape(f["geometry"]))
            ids.append(f["id"])
    assert len(ids) == len(set(ids)) == 25

    places = {f["properties"]["name"]: f["properties"] for f in _layer(out, "settlement")}
    assert set(places) == {"Testopil", "Zelene", "Yarove", "Novyi", "Lisove"}  # not Daleke
    assert places["Testopil"] == {
        "kind": "town", "layer": "settlement", "name": "Testopil", "name_en": "Testopil",
        "name_uk": "Тестопіль", "population": 12000, "source": source,
    }  # fmt: skip
    assert places["Zelene"]["name_uk"] == "Зелене" and "name_en" not in places["Zelene"]
    assert places["Lisove"]["kind"] == "village"  # mapped only as an area: a point added

    kinds = {f["properties"]["name"]: f["properties"]["kind"] for f in _layer(out, "boundary")}
    assert kinds == {
        "Test Oblast": "oblast",
        "Testopil": "city boundary",
        "Lisove": "city boundary",
    }
    oblast = next(f for f in _layer(out, "boundary") if f["properties"]["kind"] == "oblast")
    assert shapely.geometry.shape(oblast["geometry"]).equals(box)  # clipped to the area

    roads = {f["id"]: f["properties"] for f in _layer(out, "road")}
    assert set(roads) == {"osm-road-w10", "osm-road-w11", "osm-road-w13"}  # no footway
    assert roads["osm-road-w10"]["ref"] == "H-20" and roads["osm-road-w10"]["kind"] == "primary"
    assert roads["osm-road-w10"]["name_uk"] == "вулиця Центральна"
    primary = next(f for f in _layer(out, "road") if f["id"] == "osm-road-w10")
    assert max(x for x, _ in primary["geometry"]["coordinates"]) == AOI[2]  # cut at the edge

    rivers = {f["properties"]["name"]: f["properties"]["kind"] for f in _layer(out, "river")}
    assert rivers == {"Testka": "river", "Ruchai": "stream"}
    assert {f["properties"]["kind"] for f in _layer(out, "water")} == {"pond", "reservoir"}
    built = {f["id"]: f for f in _layer(out, "built_up")}
    assert {f["properties"]["kind"] for f in built.values()} == {
        "residential",
        "industrial",
        "block",
    }
    # Houses outside any landuse area are merged into blocks: Yarove's one, Zelene's two as one.
    yarove = shapely.geometry.shape(built["osm-built-up-block-1"]["geometry"])
    zelene = shapely.geometry.shape(built["osm-built-up-block-2"]["geometry"])
    assert "osm-built-up-block-3" not in built
    assert yarove.contains(shapely.box(36.3001, 47.5501, 36.3003, 47.5503))
    assert zelene.contains(shapely.box(36.1001, 47.7001, 36.1007, 47.7003))  # the gap filled
    assert zelene.area < shapely.box(36.1, 47.7, 36.101, 47.701).area  # but not much more
    assert {f["properties"]["kind"] for f in _layer(out, "building")} == {"house", "yes", "barn"}
    assert [f["properties"]["kind"] for f in _layer(out, "railway")] == ["rail"]

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["base_attribution"] == "© OpenStreetMap contributors"
    assert manifest["base_extract_date"] == "2026-11-30"
    assert manifest["reference_point"] == {"name": "Testopil", "lon": 36.2, "lat": 47.65}
    assert manifest["title"] == "Testopil, Test Oblast"
    assert manifest["river_line"] == ["osm-river-w30"] and manifest["river_name"] == "Testka"
    assert manifest["bbox"] == list(AOI)

    # The same validator as every layer accepts it.
    assert main(["validate", "--data", str(out)]) == 0
    ds = load_dataset(out)
    assert ds.manifest.river_name == "Testka" and ds.river is not None
    assert sorted(ds.table["layer"].unique()) == sorted(LAYERS)


def test_import_then_basemap_then_build(stub: Stub, tmp_path: Path) -> None:
    src = tmp_path / "archive"
    src.mkdir()
    ring = [[36.22, 47.6], [36.4, 47.6], [36.4, 47.75], [36.22, 47.75], [36.22, 47.6]]
    doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
           "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]}}]}  # fmt: skip
    (src / "deepstatemap_data_20251210.geojson").write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "pk"
    assert (
        main(["import", "deepstate-daily", str(src), "--aoi", AOI_TEXT, "--out", str(out), "-q"])
        == 0
    )
    before = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert before["reference_point"]["name"] == "centre of the imported area"

    assert _run(stub.url, out, tmp_path / "cache", "--buildings") == 0  # the manifest's bbox
    after = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert after["reference_point"]["name"] == "Testopil"
    assert after["title"] == f"Testopil: {before['title']}"
    assert after["attribution"] == before["attribution"]
    assert (out / "deepstate-daily" / "2025-12-09.geojson").is_file()

    site = tmp_path / "site"
    assert main(["build", "--data", str(out), "--out", str(site), "-q"]) == 0
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "Testopil" in page
    # Running it again changes nothing (the manifest's title is not prefixed twice).
    assert _run(stub.url, out, tmp_path / "cache", "--buildings") == 0
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == after


@pytest.mark.parametrize(
    ("mode", "message", "queries"),
    [
        ("html500", "answered HTTP 500 Internal Server Error after 5 attempts", 5),
        ("html200", "did not answer JSON (text/html)", 1),
        ("fail-after-3", "answered HTTP 400 Bad Request", 4),
    ],
)
def test_a_failing_server_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    waits: list[float],
    mode: str,
    message: str,
    queries: int,
) -> None:
    out = tmp_path / "set"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    before = _snapshot(out)
    with serve(mode) as bad:
        code = _run(bad.url, out, tmp_path / "cache", "--aoi", AOI_TEXT)
        assert len(bad.queries) == queries
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "nothing written" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert _snapshot(out) == before
    if mode == "html500":
        assert [w for w in waits if w] == [2.0, 4.0, 8.0, 16.0]  # backed off, doubling


def test_network_unavailable_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api"
    start = time.monotonic()
    code = _run(url, tmp_path / "set", tmp_path / "cache", "--aoi", AOI_TEXT)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"error: cannot reach Overpass at {url} (network unavailable?)")
    assert "Connection refused" in err and len(err.strip().splitlines()) == 1
    assert time.monotonic() - start < 20  # no 60-second slot wait
    assert not (tmp_path / "set").exists()


def test_busy_server_is_asked_again_after_retry_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], waits: list[float]
) -> None:
    with serve("busy-once") as busy:
        assert _run(busy.url, tmp_path / "set", tmp_path / "cache", "--aoi", AOI_TEXT) == 0
        assert len(busy.queries) == 8
    assert 3.0 in waits
    assert "1 retried" in capsys.readouterr().out


def test_a_dropped_connection_is_retried(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], waits: list[float]
) -> None:
    with serve("drop-once") as flaky:
        assert _run(flaky.url, tmp_path / "set", tmp_path / "cache", "--aoi", AOI_TEXT) == 0
        assert len(flaky.queries) == 8
    assert 2.0 in waits
    assert "1 retried" in capsys.readouterr().out


def test_cache_reuse_and_refresh(
    stub: Stub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache"
    assert _run(stub.url, tmp_path / "a", cache, "--aoi", AOI_TEXT) == 0
    assert len(stub.queries) == 7
    capsys.readouterr()
    assert _run(stub.url, tmp_path / "b", cache, "--aoi", AOI_TEXT) == 0
    assert len(stub.queries) == 7  # every answer from the cache
    assert "7 queries, 7 cache hit(s), 0 fetched" in capsys.readouterr().out
    # Deterministic: the same answers give the same bytes.
    assert _snapshot(tmp_path / "a" / "base") == _snapshot(tmp_path / "b" / "base")
    assert (tmp_path / "b" / "manifest.json").read_text(encoding="utf-8").count("2026-11-30") == 1

    assert _run(stub.url, tmp_path / "c", cache, "--aoi", AOI_TEXT, "--refresh") == 0
    assert len(stub.queries) == 14  # --refresh asked again
    assert "0 cache hit(s), 7 fetched" in capsys.readouterr().out
    assert _run(stub.url, tmp_path / "d", cache, "--aoi", AOI_TEXT) == 0
    assert len(stub.queries) == 14  # and the cache still answers afterwards
    assert not list(cache.glob(".refresh-*"))


def test_place_is_geocoded_with_nominatim(stub: Stub, tmp_path: Path, waits: list[float]) -> None:
    nominatim = stub.url.removesuffix("/api") + "/nominatim/"
    out = tmp_path / "set"
    args = ("--place", "Testopil", "--nominatim-url", nominatim, "--centre", "47.651,36.201")
    assert _run(stub.url, out, tmp_path / "cache", *args, "--title", "Testopil, made up") == 0
    assert stub.searches == ["Testopil"]
    assert all("poly:" in q for q in stub.queries)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["bbox"] == [36.17, 47.62, 36.23, 47.68]
    assert manifest["title"] == "Testopil, made up"
    assert manifest["reference_point"] == {"name": "Testopil", "lon": 36.201, "lat": 47.651}
    names = {f["properties"]["name"] for f in _layer(out, "settlement")}
    assert names == {"Testopil", "Novyi"}  # only what lies in the place's area
    assert main(["validate", "--data", str(out)]) == 0


def test_unknown_place_and_river_are_clear_errors(
    stub: Stub, tmp_path: Path, capsys: pytest.CaptureFixture[str], waits: list[float]
) -> None:
    nominatim = stub.url.removesuffix("/api") + "/nominatim/"
    out = tmp_path / "set"
    assert (
        _run(stub.url, out, tmp_path / "c", "--place", "Nowhere", "--nominatim-url", nominatim) == 2
    )
    assert "Nominatim found no place named 'Nowhere'" in capsys.readouterr().err
    assert _run(stub.url, out, tmp_path / "c", "--aoi", AOI_TEXT, "--river", "Volga") == 2
    err = capsys.readouterr().err
    assert "no river named 'Volga' in the area (named rivers: Ruchai, Testka)" in err
    assert not out.exists()


def test_never_overwrites_a_file_it_did_not_write(
    stub: Stub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "set"
    (out / "base").mkdir(parents=True)
    (out / "base" / "osm_road.geojson").write_text("hand-made", encoding="utf-8")
    before = _snapshot(out)
    assert _run(stub.url, out, tmp_path / "cache", "--aoi", AOI_TEXT) == 2
    assert "was not written by siversk-map" in capsys.readouterr().err
    assert _snapshot(out) == before
    assert _run(stub.url, out, tmp_path / "cache", "--aoi", AOI_TEXT, "--force") == 0


def test_area_outside_the_data_set_is_refused(stub: Stub, tmp_path: Path) -> None:
    out = tmp_path / "set"
    out.mkdir()
    manifest = {"name": "t", "bbox": list(AOI), "reference_point": {"lon": 36.2, "lat": 47.65}}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(BasemapOptionsError, match="reaches outside the bbox"):
        build_basemap(out, aoi="35.9,47.5,36.4,47.8", cache=tmp_path / "cache",
                      overpass_url=stub.url, quiet=True)  # fmt: skip
    assert stub.queries == []


def test_missing_osmnx_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "osmnx", None)  # import osmnx now raises ImportError
    assert main(["basemap", "--aoi", AOI_TEXT, "--out", str(tmp_path / "set")]) == 2
    err = capsys.readouterr().err
    assert "install the 'basemap' extra" in err and "siversk-map[basemap]" in err
    assert not (tmp_path / "set").exists()
