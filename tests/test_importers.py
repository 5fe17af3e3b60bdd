"""Importers: every archive format, the report, clipping, dating, caps and the command."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import shape

from siversk_map import ValidationError, load_dataset
from siversk_map.analysis.geodesy import area_km2
from siversk_map.cli import main as cli_main
from siversk_map.errors import ExportError
from siversk_map.importers import (
    ImportOptionsError,
    NothingImportedError,
    classify_deepstate_name,
    classify_isw_layer,
    import_sources,
    open_sources,
    parse_aoi,
    parse_map_rule,
    read_sources,
)
from siversk_map.model import Limits

from .conftest import DATA, REAL

FIXTURES = DATA / "import"
FULL_ISW = "isw_nikkei_20230824.geojson"
AOI = (37.85, 48.7, 38.45, 49.05)
BOX = shapely.box(*AOI)
GEOD = Geod(ellps="WGS84")

needs_real = pytest.mark.skipif(
    not (REAL / "deepstate_cyterat").is_dir(),
    reason=f"real data folder {REAL} not present (../shared/data/real)",
)


def _cli(*args: str | Path) -> int:
    """``siversk-map import ...``: the exit code (its errors end as every command's do)."""
    return cli_main([str(a) for a in args])


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# ---------------------------------------------------------------- independent areas (pyproj)


def _ring_area_km2(geom: Any) -> float:
    """Ring by ring with pyproj.Geod.polygon_area_perimeter: exteriors minus holes."""
    total = 0.0
    for part in shapely.get_parts(geom):
        if part.geom_type != "Polygon":
            continue
        for number, ring in enumerate([part.exterior, *part.interiors]):
            lons, lats = ring.coords.xy
            area = abs(GEOD.polygon_area_perimeter(list(lons), list(lats))[0])
            total += area if number == 0 else -area
    return total / 1e6


def _clipped(geoms: list[Any]) -> Any:
    valid = [g if g.is_valid else shapely.make_valid(g) for g in geoms]
    return shapely.union_all(valid).intersection(BOX)


def _imported_km2(out: Path, day: dt.date, side: str = "ru", status: str = "assessed") -> float:
    table = load_dataset(out).table
    rows = table[(table["date"] == day) & (table["side"] == side) & (table["status"] == status)]
    return area_km2(shapely.union_all(list(rows.geometry)))


def _polygons(doc: dict[str, Any], keep: Callable[[dict[str, Any]], bool]) -> list[Any]:
    out: list[Any] = []
    for feature in doc["features"]:
        if feature["geometry"] is None or not keep(feature):
            continue
        geom = shape(feature["geometry"])
        out.extend(g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon"))
    return out


# ---------------------------------------------------------------- deepstate-daily


def test_daily_fixture_dated_the_day_before_clipped_and_oriented(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = import_sources("deepstate-daily", [FIXTURES / "daily"], out)
    assert report.written == [
        "deepstate-daily/2025-12-08.geojson",
        "deepstate-daily/2025-12-09.geojson",
        "manifest.json",
    ]
    first = report.files[0]
    assert (first.read, first.kept, first.cut) == (1, 1, 1)
    ds = load_dataset(out)
    assert ds.manifest.bbox == AOI
    feature = json.loads((out / "deepstate-daily/2025-12-08.geojson").read_text())["features"][0]
    props = feature["properties"]
    assert props["date"] == "2025-12-08" and props["source_date"] == "2025-12-09"
    assert props["valid_until"] == "2025-12-08"  # the next file (12-10) shows 12-09
    assert (props["layer"], props["side"], props["status"]) == ("control", "ru", "assessed")
    ring = feature["geometry"]["coordinates"][0]
    assert shapely.LinearRing(ring).is_ccw  # the clockwise source ring is written RFC 7946 way
    assert max(p[0] for p in ring) == AOI[2]  # cut at the east edge
    assert ds.held_area_km2("2025-12-08")["ru"] == pytest.approx(
        _ring_area_km2(shapely.box(38.2, 48.8, 38.45, 48.95)), rel=0.005
    )


def test_daily_keep_file_date(tmp_path: Path) -> None:
    report = import_sources(
        "deepstate-daily", [FIXTURES / "daily"], tmp_path / "o", keep_file_date=True
    )
    assert report.dates == [dt.date(2025, 12, 9), dt.date(2025, 12, 10)]
    assert "kept as the feature date" in report.dating


def test_imports_are_byte_identical(tmp_path: Path) -> None:
    import_sources("deepstate-raw", [FIXTURES / "raw"], tmp_path / "a")
    import_sources("deepstate-raw", [FIXTURES / "raw"], tmp_path / "b")
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a == b and len(a) == 4  # two dates, manifest, ownership record


@needs_real
def test_daily_real_folder_imports_with_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = import_sources("deepstate-daily", [REAL / "deepstate_cyterat"], out)
    total = report.total
    assert (total.read, total.kept, total.dropped_total) == (43, 43, 0)
    assert report.dates[0] == dt.date(2024, 7, 7) and report.dates[-1] == dt.date(2026, 8, 21)
    ds = load_dataset(out)
    assert len(ds.dates) == 43
    centre = shapely.Point(38.1, 48.868)
    # The source file of 2025-12-09 is the first with Siversk's centre inside: state of 12-08.
    assert not ds.state("2025-12-07").held["ru"].contains(centre)
    assert ds.state("2025-12-08").held["ru"].contains(centre)


def _daily_pairs() -> list[Path]:
    if not REAL.is_dir():
        return []
    return sorted((REAL / "deepstate_cyterat").glob("*.geojson")) + sorted(
        (REAL / "full").glob("deepstate_cyterat_*.geojson")
    )


@needs_real
def test_daily_areas_match_independent_pyproj(tmp_path: Path) -> None:
    files = _daily_pairs()
    for number, path in enumerate(files):
        out = tmp_path / f"o{number}"
        import_sources("deepstate-daily", [path], out)
        doc = json.loads(path.read_text(encoding="utf-8"))
        theirs = _ring_area_km2(_clipped(_polygons(doc, lambda f: True)))
        stamp = re.search(r"(\d{4})(\d{2})(\d{2})", path.name)
        assert stamp is not None
        day = dt.date(*map(int, stamp.groups())) - dt.timedelta(days=1)
        ours = _imported_km2(out, day)
        assert theirs > 500, path.name
        assert ours == pytest.approx(theirs, rel=0.005), path.name


@needs_real
def test_daily_whole_front_series_clips_and_matches(tmp_path: Path) -> None:
    series = REAL / "series" / "deepstate_daily_front"
    out = tmp_path / "out"
    report = import_sources("deepstate-daily", [series], out)
    assert report.total.kept == 64 and report.total.cut == 64
    ds = load_dataset(out)
    for path in sorted(series.glob("*.geojson"))[::16]:
        stamp = re.search(r"(\d{4})(\d{2})(\d{2})", path.name)
        assert stamp is not None
        day = dt.date(*map(int, stamp.groups())) - dt.timedelta(days=1)
        doc = json.loads(path.read_text(encoding="utf-8"))
        theirs = _ring_area_km2(_clipped(_polygons(doc, lambda f: True)))
        assert ds.held_area_km2(day)["ru"] == pytest.approx(theirs, rel=0.005), path.name


def test_a_wide_import_gets_oblasts_and_cities_as_its_base_map(tmp_path: Path) -> None:
    series = sorted((REAL / "series" / "deepstate_daily_front").glob("*.geojson"))[:2]
    wide = (31.0, 44.0, 41.0, 53.0)
    out = tmp_path / "front"
    report = import_sources("deepstate-daily", series, out, aoi=wide)
    assert "base/context.geojson" in report.written
    doc = json.loads((out / "base" / "context.geojson").read_text(encoding="utf-8"))
    area = shapely.box(*wide)
    units = [f for f in doc["features"] if f["properties"]["layer"] == "boundary"]
    towns = [f for f in doc["features"] if f["properties"]["layer"] == "settlement"]
    names = {f["properties"]["name"] for f in doc["features"]}
    # Wholly inside only: Kyiv (30.5 E) and the oblasts the area's edge cuts are left out.
    assert {"Donetsk Oblast", "Luhansk Oblast", "Autonomous Republic of Crimea"} <= names
    assert {"Kyiv", "Kyiv Oblast", "Mykolaiv Oblast"}.isdisjoint(names)
    assert all(area.covers(shape(f["geometry"])) for f in units + towns)
    assert {"Kharkiv", "Donetsk", "Kramatorsk", "Sevastopol", "Belgorod"} <= names
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "Natural Earth" in manifest["base_attribution"]
    ds = load_dataset(out)
    from siversk_map.cartography import base_labels

    labels = {lb.text: lb for lb in base_labels(ds)}
    # No city stands for the reference point (Siversk, 25 km from Lysychansk): it is labelled.
    assert labels["Siversk city centre"].kind == "reference"
    assert labels["Kharkiv"].kind == "city"
    assert "Харків" in {lb.text for lb in base_labels(ds, "uk")}
    # A town's area keeps no such layer (it gets OpenStreetMap's, from `basemap`).
    small = import_sources("deepstate-daily", series, tmp_path / "town", aoi=AOI)
    assert not any(name.startswith("base/") for name in small.written)


# ---------------------------------------------------------------- deepstate-raw


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Окуповано /// Occupied\xa0/// geoJSON.status.occupied\n", "occupied"),
        ("Окуповано", "occupied"),
        ("Рубіжне. Території зайняті ворогом", "occupied"),
        ("ОРДЛО /// CADR and CALR", "occupied"),
        ("Звільнено 30.03 /// Taken back 30.03", "liberated"),
        ("Звільнено /// Liberated\xa0/// geoJSON.status.dismissed_at {{at:19.09}}", "liberated"),
        ("Статус невідомий /// Unknown status\xa0/// geoJSON.status.unknown\n", "contested"),
        ("Під питанням /// In doubt\n", "contested"),
        ("28.05 Під питанням /// 26.05 Contested", "contested"),
        ("Напрямок удару /// Direction of attack", "attack direction"),
        ("geoJSON.units.brigade.123-artillery", "unit"),
        (
            "Окупована Абхазія.\n///\nOccupied Abkhazia.\n/// geoJSON.territories.abkhazia\n",
            "foreign",
        ),
        ("Зміїний ///\xa0Snake Island", None),
    ],
)
def test_deepstate_names_classify(name: str, expected: str | None) -> None:
    assert classify_deepstate_name(name) == expected


def test_raw_fixture_report_counts_every_case(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = import_sources("deepstate-raw", [FIXTURES / "raw"], out)
    first, second, third = report.files
    assert first.dropped == {"superseded by a later version of the same date": 1}
    assert (second.read, second.kept, second.cut, second.repaired) == (10, 5, 1, 1)
    assert second.flattened_3d == 2
    assert second.dropped == {
        "attack direction marker (point) not imported": 1,
        "unit marker (point) not imported": 1,
        "null geometry": 1,
        "outside the area of interest": 1,
        "unknown class": 1,
    }
    assert second.read == second.kept + second.dropped_total
    assert (third.read, third.kept) == (1, 1)
    text = report.format_text()
    assert "repaired with make_valid" in text and "Something new" in text
    ds = load_dataset(out)
    table = ds.table
    day = table[table["date"] == dt.date(2022, 7, 3)]
    assert sorted(day["side"]) == ["contested", "ru", "ru", "ru", "ua"]
    liberated = day[day["side"] == "ua"].iloc[0]
    assert liberated.geometry.geom_type == "MultiPolygon"  # the GeometryCollection, merged
    assert liberated["name"] == "Liberated" and liberated["name_uk"] == "Звільнено"
    repaired = day[day["note"].str.contains("feature 3")].iloc[0]
    assert repaired.geometry.is_valid and area_km2(repaired.geometry) > 0
    # Each file is the whole map: the contested zone of 07-03 is gone on 07-04.
    assert set(ds.state("2022-07-04").held) == {"ru"}


def test_raw_keep_points_become_events(tmp_path: Path) -> None:
    result = read_sources("deepstate-raw", [FIXTURES / "raw"], aoi=AOI, keep_points=True)
    events = [f for f in result.features if f.properties["layer"] == "event"]
    assert sorted(f.properties["kind"] for f in events) == ["attack direction", "unit"]
    assert all(f.geometry.geom_type == "Point" for f in events)


@needs_real
def test_raw_real_versions_superseded_and_loads(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = import_sources("deepstate-raw", [REAL / "deepstate_raw_danielrose"], out)
    by_name = {Path(f.file).name: f for f in report.files}
    early = by_name["siversk_1656844138_20220703T1028Z.geojson"]
    assert early.kept == 0 and early.dropped == {
        "superseded by a later version of the same date": early.read
    }
    assert by_name["siversk_1656868117_20220703T1708Z.geojson"].kept > 0
    assert report.total.dropped["attack direction marker (point) not imported"] > 0
    assert report.total.flattened_3d > 0
    ds = load_dataset(out)
    assert len(ds.dates) == 33
    assert ds.held_area_km2("2022-07-04")["ru"] > ds.held_area_km2("2022-07-01")["ru"]


def _occupied_by_name(feature: dict[str, Any]) -> bool:
    """Independent of the importer's classifier: DeepState's words for Russian-held ground."""
    name = str(feature["properties"].get("name", "")).lower()
    words = ("occupied", "окуповано", "cadr and calr", "зайняті ворогом", "under occupation")
    return any(w in name for w in words)


def _raw_files() -> list[Path]:
    if not REAL.is_dir():
        return []
    files = sorted((REAL / "deepstate_raw_danielrose").glob("*.geojson"))
    files += sorted((REAL / "full").glob("deepstate_raw_*.geojson"))
    return files


@needs_real
@pytest.mark.parametrize("path", _raw_files(), ids=lambda p: p.stem)
def test_raw_occupied_area_matches_independent_pyproj(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    import_sources("deepstate-raw", [path], out)
    epoch = int(re.findall(r"\d{10}", path.name)[0])
    day = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()
    doc = json.loads(path.read_text(encoding="utf-8"))
    theirs = _ring_area_km2(_clipped(_polygons(doc, _occupied_by_name)))
    assert theirs > 20
    assert _imported_km2(out, day) == pytest.approx(theirs, rel=0.005)


# ---------------------------------------------------------------- isw


def test_isw_layers_map_to_side_and_status() -> None:
    assert classify_isw_layer("RussianAssessedCoTinUkraine") == "assessed-control"
    assert classify_isw_layer("MDS_AssessedRussianAdvanceInUkraine_view") == "assessed-advance"
    assert classify_isw_layer("VIEW_ClaimedUkrainianCounteroffensives_V2") == (
        "claimed-counteroffensive"
    )
    assert classify_isw_layer("ウクライナ軍反撃エリア") == "claimed-counteroffensive"
    assert classify_isw_layer("PartisanWarfare") == "other"
    assert classify_isw_layer("Something") is None


def test_isw_fixture(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = import_sources("isw", [FIXTURES / "isw"], out)
    assert report.total.dropped == {
        "null geometry": 1,
        "ISW layer not imported (PartisanWarfare)": 1,
    }
    table = load_dataset(out).table
    day = table[table["date"] == dt.date(2023, 8, 24)]
    pairs = sorted(zip(day["side"], day["status"], strict=True))
    assert pairs == [
        ("contested", "assessed"),
        ("ru", "assessed"),
        ("ru", "claimed"),
        ("ua", "claimed"),
    ]
    may = table[table["date"] == dt.date(2023, 5, 1)]
    assert sorted(zip(may["side"], may["status"], strict=True)) == [
        ("ru", "assessed"),
        ("ua", "claimed"),
    ]
    assert dt.date(2022, 7, 4) in set(table["date"])


def _isw_files() -> list[Path]:
    if not REAL.is_dir():
        return []
    return [*sorted((REAL / "isw_nikkei").glob("*.geojson")), REAL / "full" / FULL_ISW]


def _assessed_control(path: Path) -> Callable[[dict[str, Any]], bool]:
    def keep(feature: dict[str, Any]) -> bool:
        layer = feature["properties"].get("layer")
        if layer is None:
            return "RussianAssessedCoTinUkraine" in path.name
        return layer in ("VIEW_RussiaCoTinUkraine_V3", "ロシア軍支配エリア")

    return keep


@needs_real
@pytest.mark.parametrize("path", _isw_files(), ids=lambda p: p.stem)
def test_isw_assessed_area_matches_independent_pyproj(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = import_sources("isw", [path], out)
    stamp = re.search(r"(\d{4})(\d{2})(\d{2})", path.name)
    assert stamp is not None
    day = dt.date(*map(int, stamp.groups()))
    doc = json.loads(path.read_text(encoding="utf-8"))
    theirs = _ring_area_km2(_clipped(_polygons(doc, _assessed_control(path))))
    assert theirs > 100
    assert _imported_km2(out, day) == pytest.approx(theirs, rel=0.005)
    if path.parent.name == "full":
        assert report.total.dropped["null geometry"] == 11
        assert report.total.repaired >= 1


@needs_real
def test_isw_real_claims_are_claimed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    import_sources("isw", [REAL / "isw_nikkei"], out)
    ds = load_dataset(out)
    state = ds.state("2023-08-24")
    assert len(state.claimed) > 0
    assert set(ds.table["status"]) == {"assessed", "claimed"}


# ---------------------------------------------------------------- generic


def test_map_rule_parsing() -> None:
    rule = parse_map_rule("type=nochange:ru")
    assert (rule.field, rule.value, rule.side, rule.status) == (
        "type",
        "nochange",
        "ru",
        "reported",
    )
    assert parse_map_rule("a=b:c:contested/claimed").value == "b:c"
    with pytest.raises(ValueError, match="unknown status"):
        parse_map_rule("a=b:ru/maybe")


def test_generic_nzz_wrapper_and_date_field(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = _cli(
        "import",
        "generic",
        FIXTURES / "generic",
        "--out",
        out,
        "--map",
        "type=nochange:ru/reported",
        "--map",
        "type=gains:ru/reported",
        "--date-field",
        "date",
        "--source",
        "NZZ / liveuamap",
    )
    assert code == 0
    table = load_dataset(out).table
    assert list(table["date"].unique()) == [dt.date(2025, 12, 7)]
    assert set(table["source"]) == {"NZZ / liveuamap"}
    assert len(table) == 2  # 'losses' matched no rule


def test_generic_date_from_name(tmp_path: Path) -> None:
    report = import_sources(
        "generic",
        [FIXTURES / "generic"],
        tmp_path / "o",
        rules=[parse_map_rule("type=nochange:ru")],
        date_from_name=r"nzz_(\d{4}-\d{2}-\d{2})",
    )
    assert report.dates == [dt.date(2025, 12, 9)]
    assert report.total.dropped == {"no --map rule matched": 2}


def test_generic_needs_rules_and_one_dating(tmp_path: Path) -> None:
    with pytest.raises(ImportOptionsError, match="--map"):
        import_sources(
            "generic", [FIXTURES / "generic"], tmp_path / "o", rules=[], date_field="date"
        )
    with pytest.raises(ImportOptionsError, match="one of"):
        import_sources(
            "generic", [FIXTURES / "generic"], tmp_path / "o", rules=[parse_map_rule("type=x:ru")]
        )
    assert not (tmp_path / "o").exists()


@needs_real
def test_generic_real_nzz(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = import_sources(
        "generic",
        [REAL / "nzz_liveuamap"],
        out,
        rules=[parse_map_rule("type=nochange:ru"), parse_map_rule("type=gains:ru")],
        date_field="date",
        source="NZZ / liveuamap",
    )
    assert report.total.kept > 0
    load_dataset(out)


# ---------------------------------------------------------------- archives and caps


def test_gz_and_zip_give_the_same_output(tmp_path: Path) -> None:
    src = FIXTURES / "daily"
    packed = tmp_path / "packed"
    packed.mkdir()
    names = sorted(p.name for p in src.glob("*.geojson"))
    (packed / f"{names[0]}.gz").write_bytes(gzip.compress((src / names[0]).read_bytes()))
    with zipfile.ZipFile(packed / "more.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(src / names[1], f"data/{names[1]}")
        archive.writestr("README.txt", "not a layer")
    import_sources("deepstate-daily", [src], tmp_path / "plain")
    report = import_sources("deepstate-daily", [packed], tmp_path / "packed-out")
    shown = [f.file for f in report.files]
    assert shown[0].endswith(f"packed/{names[0]}.gz")
    assert shown[1].endswith(f"packed/more.zip:data/{names[1]}")
    plain, other = _files(tmp_path / "plain"), _files(tmp_path / "packed-out")
    assert {k: v for k, v in plain.items() if k.endswith(".geojson")} == {
        k: v for k, v in other.items() if k.endswith(".geojson")
    }


def _gzip_bomb(path: Path, gigabytes: int = 1) -> None:
    """1 GB of zeros as 64 concatenated gzip members of 16 MiB each (a valid gzip file)."""
    member = gzip.compress(b"\0" * (16 << 20), compresslevel=9)
    with path.open("wb") as handle:
        for _ in range(64 * gigabytes):
            handle.write(member)


def test_gzip_bomb_is_refused_quickly_in_little_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "deepstatemap_data_20251209.geojson.gz"
    _gzip_bomb(bomb)
    assert bomb.stat().st_size < 2_000_000
    out = tmp_path / "out"
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(ValidationError, match=r"over the cap|more than the cap"):
            import_sources("deepstate-daily", [bomb], out)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 10
    assert peak < 3 * Limits().max_file_bytes  # the cap (64 MiB), not the gigabyte
    assert not out.exists()


def test_zip_member_over_the_cap_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("deepstatemap_data_20251209.geojson", b" " * 3_000_000)
    files, problems = open_sources([archive], limits=Limits(max_file_bytes=1_000_000))
    assert files == [] and "over the cap" in str(problems[0])


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("nan_20250101.geojson", "NaN is not valid JSON"),
        ("dupkey_20250102.geojson", "duplicated key 'type'"),
        ("truncated_20250103.geojson", "invalid JSON"),
        ("strings_20250104.geojson", "is not a number"),
    ],
)
def test_bad_json_is_rejected_naming_the_file_and_nothing_written(
    name: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    src = [FIXTURES / "daily", FIXTURES / "bad" / name]
    with pytest.raises(ValidationError) as caught:
        import_sources("deepstate-daily", src, out)
    assert any(name in str(p) and reason in str(p) for p in caught.value.problems)
    assert not out.exists()
    assert _cli("import", "deepstate-daily", *src, "--out", out) == 2
    assert name in capsys.readouterr().err
    assert not out.exists()


def test_undatable_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no epoch-seconds time"):
        read_sources("deepstate-raw", [FIXTURES / "daily"], aoi=AOI)


def test_aoi_clips_and_becomes_the_manifest_bbox(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = import_sources("deepstate-raw", [FIXTURES / "raw"], out, aoi="38.2,48.8,38.35,48.9")
    assert report.total.cut > 0
    ds = load_dataset(out)
    assert ds.manifest.bbox == (38.2, 48.8, 38.35, 48.9)
    assert ds.manifest.reference_point.name == "centre of the imported area"
    for geom in ds.table.geometry:
        assert shapely.box(38.2, 48.8, 38.35, 48.9).buffer(1e-9).covers(geom)


def test_aoi_outside_an_existing_manifest_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    import_sources("deepstate-daily", [FIXTURES / "daily"], out, aoi="38.0,48.7,38.45,49.0")
    with pytest.raises(ImportOptionsError, match="outside the bbox"):
        import_sources("deepstate-raw", [FIXTURES / "raw"], out, aoi="37.85,48.7,38.45,49.05")
    # Without --aoi the existing manifest's area is used, and both imports load together.
    import_sources("deepstate-raw", [FIXTURES / "raw"], out)
    assert {"deepstate-daily", "deepstate-raw"} <= {p.name for p in out.iterdir()}
    load_dataset(out)


def test_bad_options() -> None:
    with pytest.raises(ImportOptionsError, match="unknown format"):
        import_sources("kml", [FIXTURES / "raw"], "unused")
    with pytest.raises(ImportOptionsError, match="MIN < MAX"):
        parse_aoi("38.45,48.7,37.85,49.05")
    with pytest.raises(ImportOptionsError, match="bad option"):
        import_sources("isw", [FIXTURES / "isw"], "unused", keep_points=True)


def test_nothing_kept_is_an_error_with_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    with pytest.raises(NothingImportedError) as caught:
        import_sources("deepstate-daily", [FIXTURES / "daily"], out, aoi="30,40,31,41")
    assert caught.value.report.total.dropped == {"outside the area of interest": 2}
    assert (
        _cli("import", "deepstate-daily", FIXTURES / "daily", "--out", out, "--aoi", "30,40,31,41")
        == 2
    )
    assert "outside the area of interest" in capsys.readouterr().out
    assert not out.exists()


def test_foreign_file_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "deepstate-daily").mkdir(parents=True)
    (out / "deepstate-daily" / "2025-12-08.geojson").write_text("mine")
    with pytest.raises(ExportError, match="--force"):
        import_sources("deepstate-daily", [FIXTURES / "daily"], out)
    assert (out / "deepstate-daily" / "2025-12-08.geojson").read_text() == "mine"
    import_sources("deepstate-daily", [FIXTURES / "daily"], out, force=True)
    load_dataset(out)


def test_command_prints_the_report_and_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _cli("import", "deepstate-raw", FIXTURES / "raw", "--out", out) == 0
    printed = capsys.readouterr().out
    assert "import deepstate-raw: 3 file(s)" in printed
    assert "superseded by a later version of the same date" in printed
    assert "kept 6 of 12 feature(s) on 2 date(s)" in printed
    assert cli_main(["validate", "--data", str(out)]) == 0
    assert _cli("import", "isw", FIXTURES / "isw", "--out", out, "--keep-points") == 2


def test_read_functions_write_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    sources = sorted((FIXTURES / "daily").iterdir())
    before = [(p.name, p.stat().st_mtime_ns) for p in sources]
    result = read_sources("deepstate-daily", [FIXTURES / "daily"], aoi=AOI)
    assert [f.id for f in result.features] == [
        "deepstate-daily-2025-12-08-001",
        "deepstate-daily-2025-12-09-001",
    ]
    assert result.report.written == []
    assert list(tmp_path.iterdir()) == []  # nothing in the working folder
    assert [
        (p.name, p.stat().st_mtime_ns) for p in sorted((FIXTURES / "daily").iterdir())
    ] == before


SQUARE = [[38.0, 48.8], [38.1, 48.8], [38.1, 48.9], [38.0, 48.9], [38.0, 48.8]]
OTHER_SQUARE = [[38.2, 48.8], [38.3, 48.8], [38.3, 48.9], [38.2, 48.9], [38.2, 48.8]]
HOLE_OUT = [[38.12, 48.82], [38.14, 48.82], [38.14, 48.84], [38.12, 48.84], [38.12, 48.82]]
HOLE_ACROSS = [[38.05, 48.82], [38.15, 48.82], [38.15, 48.84], [38.05, 48.84], [38.05, 48.82]]


@pytest.mark.parametrize(
    "hole", [HOLE_OUT, HOLE_ACROSS], ids=["hole-outside", "hole-partly-outside"]
)
def test_a_hole_not_inside_its_shell_is_refused_in_any_part(
    hole: list[list[float]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Never repaired into land, in a MultiPolygon with other parts too (it once crashed)."""
    src = tmp_path / "src"
    src.mkdir()
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[SQUARE, hole], [OTHER_SQUARE]],
                },
            }
        ],
    }
    (src / "deepstatemap_data_20251210.geojson").write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "out"
    assert _cli("import", "deepstate-daily", src, "--out", out) == 2
    err = capsys.readouterr().err
    assert "hole 1 outside its shell: not repaired" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_overlapping_parts_are_merged_and_the_repair_listed() -> None:
    from siversk_map.importers.geometry import fit_to_aoi

    overlap = shapely.MultiPolygon(
        [shapely.box(38.0, 48.8, 38.1, 48.9), shapely.box(38.05, 48.8, 38.2, 48.9)]
    )
    fitted = fit_to_aoi(overlap, "polygon", BOX)
    assert fitted.repaired is not None and fitted.refused is None
    assert fitted.geometry is not None
    assert fitted.geometry.area == pytest.approx(0.2 * 0.1)


def test_sources_glob_and_missing(tmp_path: Path) -> None:
    files, problems = open_sources([str(FIXTURES / "raw" / "16568*.geojson"), tmp_path / "none"])
    assert [Path(f.shown).name for f in files] == ["1656820000.geojson", "1656860000.geojson"]
    assert "no such file" in str(problems[0])


@pytest.mark.parametrize("folder", ["../up", "a/b", ".hidden", "_x", ""])
def test_folder_option_is_one_safe_name(folder: str) -> None:
    with pytest.raises(ImportOptionsError, match="must be one name"):
        read_sources("isw", [FIXTURES / "isw"], aoi=AOI, folder=folder)
