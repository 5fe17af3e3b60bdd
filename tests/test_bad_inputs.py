"""Every file and schema case of ../shared/BAD_INPUTS.md gets its required outcome.

reject: exit code 2 and a message naming the file, the feature and the reason;
fix+warn: exit 0 and a warning naming the file and feature; accept: exit 0.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import shapely

from siversk_map import ValidationError, load_dataset
from siversk_map.model import Limits

from .conftest import MakeSet, Run, collection, feature

POINT = {"type": "Point", "coordinates": [38.1, 48.87]}


def _validate(
    run: Run, make_set: MakeSet, content: Any, name: str = "layer.geojson"
) -> tuple[int, str, str]:
    root = make_set({name: content})
    return run("validate", "--data", root)


def _rejected(result: tuple[int, str, str], *needles: str) -> str:
    code, out, err = result
    assert code == 2, (out, err)
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    return err


def _accepted(result: tuple[int, str, str], *warnings: str) -> str:
    code, out, err = result
    assert code == 0, err
    assert out.startswith("ok:")
    for needle in warnings:
        assert needle in err, err
    return err


# 1
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"type": "FeatureCollection", "features": [', "line 1 column"),
        ('{"type": "FeatureCollection" "features": []}', "byte 29"),
    ],
)
def test_invalid_or_truncated_json_names_file_and_offset(
    run: Run, make_set: MakeSet, text: str, where: str
) -> None:
    _rejected(_validate(run, make_set, text), "layer.geojson", where, "invalid JSON")


def test_empty_file_is_rejected(run: Run, make_set: MakeSet) -> None:
    _rejected(_validate(run, make_set, ""), "layer.geojson", "empty file")


# 2
def test_byte_order_mark_is_accepted(run: Run, make_set: MakeSet) -> None:
    data = b"\xef\xbb\xbf" + json.dumps(collection(feature())).encode()
    _accepted(_validate(run, make_set, data))


# 3
@pytest.mark.parametrize("text", ["[1, 2]", "42", '"text"'])
def test_top_level_not_an_object_is_rejected(run: Run, make_set: MakeSet, text: str) -> None:
    _rejected(_validate(run, make_set, text), "layer.geojson", "top level is a JSON")


# 4
def test_bare_feature_is_wrapped(run: Run, make_set: MakeSet) -> None:
    _accepted(_validate(run, make_set, feature()))
    ds = load_dataset(make_set({"layer.geojson": feature("bare")}))
    assert "bare" in set(ds.table["id"])


def test_bare_geometry_is_wrapped_then_checked(run: Run, make_set: MakeSet) -> None:
    # A geometry alone has no properties: it is read as a feature, then its schema is checked.
    _rejected(_validate(run, make_set, POINT), "feature 0", "no 'id'", "no 'layer'")


# 5
def test_no_type_member_is_rejected(run: Run, make_set: MakeSet) -> None:
    _rejected(_validate(run, make_set, {"features": []}), "no 'type' member")


# 6
@pytest.mark.parametrize("kind", ["featurecollection", "Pointy", "FEATURECOLLECTION"])
def test_unknown_or_wrong_case_type_is_rejected(run: Run, make_set: MakeSet, kind: str) -> None:
    _rejected(_validate(run, make_set, {"type": kind, "features": []}), "unknown type")


def test_unknown_geometry_type_is_rejected(run: Run, make_set: MakeSet) -> None:
    bad = feature(geometry={"type": "polygon", "coordinates": []})
    _rejected(_validate(run, make_set, collection(bad)), "feature 0", "unknown geometry type")


# 7
@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": ["38.1", "48.87"]},
        {"type": "Point", "coordinates": [38.1]},
        {"type": "LineString", "coordinates": [[38.1, 48.87], [38.2]]},
    ],
)
def test_bad_positions_reject_that_feature_only(
    run: Run, make_set: MakeSet, geometry: dict[str, Any]
) -> None:
    layer = collection(feature("good"), feature("bad", geometry=geometry, layer="event"))
    err = _rejected(_validate(run, make_set, layer), "feature 1 (id 'bad')")
    assert "good" not in err


# 8
@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_rejected(run: Run, make_set: MakeSet, token: str) -> None:
    text = json.dumps(collection(feature(geometry=POINT, layer="event")))
    text = text.replace("38.1", token, 1)
    _rejected(_validate(run, make_set, text), "not valid JSON", "line 1")


@pytest.mark.parametrize("layer", ["event", "control"])
def test_an_integer_coordinate_past_the_float_range_is_rejected(
    run: Run, make_set: MakeSet, layer: str
) -> None:
    # JSON allows integers of any length; Python reads them exactly, and math.isfinite() on
    # one past the float range raised OverflowError (a traceback) before this was caught.
    geometry = POINT if layer == "event" else None
    text = json.dumps(collection(feature("big", geometry=geometry, layer=layer)))
    text = text.replace("38.1", "1" + "0" * 400, 1).replace("38.15", "1" + "0" * 400, 1)
    _rejected(_validate(run, make_set, text), "feature 0 (id 'big')", "is too large")


# 9
def test_3d_coordinates_drop_z_with_warning(run: Run, make_set: MakeSet) -> None:
    geom = {"type": "Point", "coordinates": [38.1, 48.87, 120.0]}
    err = _accepted(
        _validate(run, make_set, collection(feature(geometry=geom, layer="event"))),
        "feature 0",
        "Z dropped",
    )
    assert "warning" in err
    ds = load_dataset(
        make_set({"layer.geojson": collection(feature(geometry=geom, layer="event"))})
    )
    assert not shapely.has_z(ds.table.geometry.iloc[0])


# 10
def test_swapped_lat_lon_is_rejected(run: Run, make_set: MakeSet) -> None:
    geom = {"type": "Point", "coordinates": [48.87, 38.1]}
    _rejected(
        _validate(run, make_set, collection(feature(geometry=geom, layer="event"))),
        "outside the data set's area",
        "swapped",
    )


def test_latitude_beyond_90_is_rejected(run: Run, make_set: MakeSet) -> None:
    geom = {"type": "Point", "coordinates": [38.1, 148.87]}
    _rejected(
        _validate(run, make_set, collection(feature(geometry=geom, layer="event"))),
        "out of range",
    )


# 11
def test_projected_metres_without_crs_are_rejected(run: Run, make_set: MakeSet) -> None:
    geom = {"type": "Point", "coordinates": [4241000.0, 6251000.0]}
    _rejected(
        _validate(run, make_set, collection(feature(geometry=geom, layer="event"))),
        "out of range",
        "projected metres",
    )


# 12
def test_legacy_crs_is_reprojected_with_warning(run: Run, make_set: MakeSet) -> None:
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True).transform(38.1, 48.87)
    doc = collection(feature(geometry={"type": "Point", "coordinates": [x, y]}, layer="event"))
    doc["crs"] = {"type": "name", "properties": {"name": "EPSG:3857"}}
    root = make_set({"layer.geojson": doc})
    _accepted(run("validate", "--data", root), "reprojected to WGS84")
    point = load_dataset(root).table.geometry.iloc[0]
    assert point.x == pytest.approx(38.1)
    assert point.y == pytest.approx(48.87)


def test_legacy_crs84_name_is_plain_wgs84(run: Run, make_set: MakeSet) -> None:
    doc = collection(feature())
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    err = _accepted(_validate(run, make_set, doc))
    assert "reprojected" not in err


# 13
def test_bow_tie_is_rejected_with_the_intersection_point(run: Run, make_set: MakeSet) -> None:
    geom = {
        "type": "Polygon",
        "coordinates": [
            [[38.15, 48.82], [38.19, 48.9], [38.19, 48.82], [38.15, 48.9], [38.15, 48.82]]
        ],
    }
    _rejected(
        _validate(run, make_set, collection(feature(geometry=geom))),
        "Self-intersection[38.17 48.86]",
    )


# 14
def test_unclosed_ring_rejects_that_feature_and_reads_the_rest(run: Run, make_set: MakeSet) -> None:
    geom = {
        "type": "Polygon",
        "coordinates": [[[38.15, 48.82], [38.19, 48.82], [38.19, 48.9], [38.15, 48.9]]],
    }
    other = feature("ok", geometry=POINT, layer="event")
    err = _rejected(
        _validate(run, make_set, collection(feature("open", geometry=geom), other)), "not closed"
    )
    assert err.count("layer.geojson") == 1


# 15
def test_ring_with_too_few_positions_is_rejected(run: Run, make_set: MakeSet) -> None:
    geom = {"type": "Polygon", "coordinates": [[[38.15, 48.82], [38.19, 48.82], [38.15, 48.82]]]}
    _rejected(_validate(run, make_set, collection(feature(geometry=geom))), "at least 4 needed")


# 16
def test_clockwise_exterior_is_accepted_and_oriented_counter_clockwise(make_set: MakeSet) -> None:
    cw = [[[38.15, 48.82], [38.15, 48.9], [38.19, 48.9], [38.19, 48.82], [38.15, 48.82]]]
    root = make_set(
        {"layer.geojson": collection(feature(geometry={"type": "Polygon", "coordinates": cw}))}
    )
    poly = load_dataset(root).table.geometry.iloc[0]
    assert poly.exterior.is_ccw


# 17
def test_hole_outside_shell_is_rejected(run: Run, make_set: MakeSet) -> None:
    geom = {
        "type": "Polygon",
        "coordinates": [
            [[38.15, 48.82], [38.16, 48.82], [38.16, 48.83], [38.15, 48.83], [38.15, 48.82]],
            [[38.18, 48.88], [38.19, 48.88], [38.19, 48.89], [38.18, 48.89], [38.18, 48.88]],
        ],
    }
    _rejected(
        _validate(run, make_set, collection(feature(geometry=geom))), "Hole lies outside shell"
    )


# 18
def test_spike_is_rejected(run: Run, make_set: MakeSet) -> None:
    geom = {
        "type": "Polygon",
        "coordinates": [
            [
                [38.15, 48.82],
                [38.17, 48.82],
                [38.19, 48.82],
                [38.17, 48.82],
                [38.17, 48.9],
                [38.15, 48.82],
            ]
        ],
    }
    _rejected(_validate(run, make_set, collection(feature(geometry=geom))), "invalid geometry")


# 19
def test_empty_geometry_is_dropped_with_warning(run: Run, make_set: MakeSet) -> None:
    empty = feature("empty", geometry={"type": "Polygon", "coordinates": []})
    _accepted(
        _validate(run, make_set, collection(feature(), empty)), "empty geometry", "id 'empty'"
    )


def test_empty_layer_is_accepted_with_warning(run: Run, make_set: MakeSet) -> None:
    root = make_set({"a.geojson": collection(feature()), "b.geojson": collection()})
    _accepted(run("validate", "--data", root), "b.geojson", "empty layer")


# 20
def test_null_geometry_is_skipped_with_warning(run: Run, make_set: MakeSet) -> None:
    null = feature("nothing")
    null["geometry"] = None
    _accepted(_validate(run, make_set, collection(feature(), null)), "null or missing geometry")


# 21
def test_geometry_collection_is_exploded_one_level(make_set: MakeSet) -> None:
    gc = {
        "type": "GeometryCollection",
        "geometries": [POINT, {"type": "Point", "coordinates": [38.11, 48.88]}],
    }
    ds = load_dataset(
        make_set(
            {"layer.geojson": collection(feature(), feature("gc", geometry=gc, layer="event"))}
        )
    )
    assert {"gc#0", "gc#1"} <= set(ds.table["id"])


def test_nested_geometry_collection_is_rejected(run: Run, make_set: MakeSet) -> None:
    gc = {
        "type": "GeometryCollection",
        "geometries": [{"type": "GeometryCollection", "geometries": [POINT]}],
    }
    _rejected(
        _validate(run, make_set, collection(feature(geometry=gc, layer="event"))),
        "nested GeometryCollection",
    )


# 22
def test_antimeridian_geometry_is_rejected(run: Run, make_set: MakeSet) -> None:
    geom = {"type": "LineString", "coordinates": [[179.5, 48.87], [-179.5, 48.87]]}
    _rejected(
        _validate(run, make_set, collection(feature(geometry=geom, layer="front_line"))),
        "outside the data set's area",
    )


# 23
def test_duplicated_ids_are_rejected(run: Run, make_set: MakeSet) -> None:
    root = make_set(
        {
            "a.geojson": collection(feature("same")),
            "b.geojson": collection(feature("same", geometry=POINT, layer="event")),
        }
    )
    err = _rejected(run("validate", "--data", root), "duplicated id", "'same'")
    assert "a.geojson" in err
    assert "b.geojson" in err


# 24
def test_duplicated_json_keys_are_rejected(run: Run, make_set: MakeSet) -> None:
    text = json.dumps(collection(feature())).replace('"side": "ru"', '"side": "ru", "side": "ua"')
    _rejected(_validate(run, make_set, text), "duplicated key 'side'")


# 25
@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("side", 5, "unknown side 5"),
        ("source", 5, "'source' must be text"),
        ("precision_m", "500", "'precision_m' must be a number"),
        ("name", ["x"], "'name' must be text"),
    ],
)
def test_wrong_property_type_names_the_field(
    run: Run, make_set: MakeSet, field: str, value: object, needle: str
) -> None:
    _rejected(_validate(run, make_set, collection(feature(**{field: value}))), needle)


# 26, 27
@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("2024-02-30", "not a real date"),
        ("0000-01-01", "not a real date"),
        ("01/02/2024", "not an ISO date"),
        ("2024-1-5", "not an ISO date"),
        (20240101, "expected an ISO date"),
    ],
)
def test_bad_dates_reject_that_feature(
    run: Run, make_set: MakeSet, value: object, needle: str
) -> None:
    layer = collection(feature("good"), feature("bad", geometry=POINT, layer="event", date=value))
    err = _rejected(_validate(run, make_set, layer), "id 'bad'", "'date'", needle)
    assert "id 'good'" not in err


# 28
def test_date_time_with_offset_keeps_the_date_as_written(make_set: MakeSet) -> None:
    layer = collection(feature(date="2024-04-01T01:00+03:00", source_date="2024-04-01T01:00+03:00"))
    ds = load_dataset(make_set({"layer.geojson": layer}))
    assert [d.isoformat() for d in ds.dates] == ["2024-04-01"]


# 29
@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("layer", "frontline", "control, front_line, axis"),
        ("side", "RU", "ua, ru, contested"),
        ("status", "confirmed", "assessed, claimed, reported"),
    ],
)
def test_unknown_enum_values_list_the_allowed_ones(
    run: Run, make_set: MakeSet, field: str, value: str, allowed: str
) -> None:
    _rejected(
        _validate(run, make_set, collection(feature(**{field: value}))), f"unknown {field}", allowed
    )


def test_missing_required_fields_are_all_reported_at_once(run: Run, make_set: MakeSet) -> None:
    bare = {"type": "Feature", "id": "x", "properties": {"layer": "control"}, "geometry": POINT}
    _rejected(
        _validate(run, make_set, collection(bare)),
        "no 'source'",
        "no 'date'",
        "no 'side'",
        "no 'status'",
        "must be MultiPolygon or Polygon",
    )


# 30
def test_overlapping_sides_warn_and_strict_rejects(run: Run, make_set: MakeSet) -> None:
    ua = feature("ua", side="ua")
    root = make_set({"layer.geojson": collection(feature("ru"), ua)})
    _accepted(run("validate", "--data", root), "overlap by", "km²")
    _rejected(run("validate", "--strict", "--data", root), "overlap by")


def test_an_overlap_names_every_file_and_feature_in_it(run: Run, make_set: MakeSet) -> None:
    # Two Russian features in two files, one of them clear of the Ukrainian one.
    far = feature(
        "ru-far",
        {
            "type": "Polygon",
            "coordinates": [[[38.0, 48.82], [38.05, 48.82], [38.05, 48.9], [38.0, 48.82]]],
        },
    )
    root = make_set(
        {
            "ru.geojson": collection(feature("ru-near"), far),
            "ua.geojson": collection(feature("ua-1", side="ua"), feature("ua-2", side="ua")),
        }
    )
    err = _rejected(
        run("validate", "--strict", "--data", root),
        "ru.geojson and ua.geojson: date",
        "(ua: features 'ua-1', 'ua-2'; ru: feature 'ru-near')",
    )
    assert "ru-far" not in err


# 31
def test_deep_nesting_is_rejected_cleanly(run: Run, make_set: MakeSet) -> None:
    text = "[" * 100_000 + "]" * 100_000
    _rejected(_validate(run, make_set, text), "nested too deeply")


def test_moderate_nesting_past_the_cap_is_rejected(run: Run, make_set: MakeSet) -> None:
    doc = collection(feature(note=None))
    doc["features"][0]["properties"]["note"] = json.loads("[" * 200 + "]" * 200)
    _rejected(_validate(run, make_set, doc), "nested deeper than")


# 32
def test_caps_on_bytes_features_and_vertices(make_set: MakeSet) -> None:
    root = make_set(
        {"layer.geojson": collection(feature("a"), feature("b", geometry=POINT, layer="event"))}
    )
    for limits, needle in (
        (Limits(max_file_bytes=100), "over the cap of 100"),
        (Limits(max_features=1), "over the cap of 1"),
        (Limits(max_vertices=3), "vertices, over the cap of 3"),
    ):
        with pytest.raises(ValidationError, match=needle):
            load_dataset(root, limits=limits)


# 34
def test_text_is_normalised_to_nfc(make_set: MakeSet) -> None:
    # "ї" decomposes under NFD ("Сіверськ" alone would not: the test could not fail).
    nfd = unicodedata.normalize("NFD", "Сіверськ, Київ")
    assert nfd != unicodedata.normalize("NFC", nfd)
    ds = load_dataset(make_set({"layer.geojson": collection(feature(name=nfd))}))
    assert ds.table["name"].iloc[0] == unicodedata.normalize("NFC", "Сіверськ, Київ")


def test_every_problem_of_a_run_is_reported_together(run: Run, make_set: MakeSet) -> None:
    root = make_set(
        {
            "a.geojson": "{broken",
            "b.geojson": collection(feature("x", side="north"), feature("y", date="2024-13-01")),
        }
    )
    err = _rejected(
        run("validate", "--data", root), "a.geojson", "unknown side 'north'", "not a real date"
    )
    assert "3 problem(s) found" in err


def test_rejected_build_leaves_the_output_folder_unchanged(
    run: Run, make_set: MakeSet, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    good = make_set({"layer.geojson": collection(feature())})
    assert run("build", "--data", good, "--out", out)[0] == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (good / "layer.geojson").write_text(
        '{"type": "FeatureCollection", "features": [', encoding="utf-8"
    )
    code, _, err = run("build", "--data", good, "--out", out)
    assert code == 2
    assert "layer.geojson" in err
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
