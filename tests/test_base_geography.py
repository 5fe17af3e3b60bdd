"""The bundled base geography: OSM-derived layers, the hand-drawn Bakhmutka, the places.

Checks that need the OSM extracts (``../shared/data/real/base/``) skip cleanly without them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon, shape

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data" / "geojson"
GEOD = Geod(ellps="WGS84")

# OSM ways (bridge=yes) that cross the Bakhmutka in Siversk: two footbridges, the central road
# bridge with the footbridge beside it, and the three bridges in the north-west of the city.
# The other bridges of the extract cross other features (the railway yard, the streams of the
# south-east) and lie 0.5-1.3 km from the river.
BAKHMUTKA_BRIDGES = {
    242952710: "footbridge, 38.0839 E 48.8639 N",
    242957908: "footbridge beside the central road bridge",
    192947943: "central road bridge, 38.0871 E 48.8690 N",
    499862616: "street bridge, 38.0834 E 48.8751 N",
    255391371: "road bridge, 38.0791 E 48.8772 N",
    1099661178: "path bridge, 38.0796 E 48.8789 N",
}
CENTRAL_BRIDGE = (38.0871, 48.8690)


def extract_dir() -> Path | None:
    """The OSM extracts, or None when they are not on this machine."""
    env = os.environ.get("SIVERSK_REAL_DATA")
    for cand in ([Path(env) / "base"] if env else []) + [
        REPO.parent / "shared" / "data" / "real" / "base",
    ]:
        if (cand / "osm_siversk_streets.geojson").is_file():
            return cand
    return None


def load(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        feats: list[dict[str, Any]] = json.load(fh)["features"]
    return feats


def base_features() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted((DATA / "base").glob("*.geojson")):
        out.extend(load(path))
    return out


def by_id() -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in base_features()}


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


def distance_to_line(pt: Point, line: LineString) -> float:
    """Geodesic metres from a point to the nearest point of a line."""
    near = line.interpolate(line.project(pt))
    return metres((pt.x, pt.y), (near.x, near.y))


@pytest.fixture(scope="module")
def osm() -> Path:
    found = extract_dir()
    if found is None:
        pytest.skip("the OSM extracts (../shared/data/real/base) are not on this machine")
    return found


def bakhmutka() -> LineString:
    feats = by_id()
    parts = ["bakhmutka-river-south", "bakhmutka-river-siversk", "bakhmutka-river-north"]
    coords: list[Any] = []
    for fid in parts:
        c = feats[fid]["geometry"]["coordinates"]
        coords.extend(c if not coords else c[1:])
    return LineString(coords)


# --- the Bakhmutka ---------------------------------------------------------------------------


def test_bakhmutka_reaches_join_and_city_reach_is_the_river_line() -> None:
    feats = by_id()
    south, city, north = (
        feats[f"bakhmutka-river-{p}"]["geometry"]["coordinates"]
        for p in ("south", "siversk", "north")
    )
    assert south[-1] == city[0] and city[-1] == north[0]
    manifest = json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["river_line"] == ["bakhmutka-river-siversk"]
    assert manifest["river_name"] == "Bakhmutka"
    for p in ("south", "siversk", "north"):
        props = feats[f"bakhmutka-river-{p}"]["properties"]
        assert props["name"] == "Bakhmutka" and props["name_uk"] == "Бахмутка"
    # the city reach runs through the city
    city_poly = shape(feats["settlement-siversk"]["geometry"])
    assert LineString(city).crosses(city_poly)


def test_bakhmutka_flows_north_from_zvanivka_to_its_mouth_on_the_donets() -> None:
    river = bakhmutka()
    feats = by_id()
    start, mouth = river.coords[0], river.coords[-1]
    assert start[1] < mouth[1]  # drawn upstream (south) to downstream (north)
    # mouth: 48°55′33″ N 38°02′22″ E (Wikipedia), on the drawn Donets
    assert metres(mouth, (38.03944, 48.92583)) < 50
    donets = shape(feats["siverskyi-donets-river"]["geometry"])
    assert distance_to_line(Point(mouth), donets) < 10
    zvanivka = feats["settlement-zvanivka"]["geometry"]["coordinates"]
    assert distance_to_line(Point(zvanivka), river) < 300
    dronivka = feats["settlement-dronivka"]["geometry"]["coordinates"]
    assert metres(mouth, tuple(dronivka)) < 2000  # "near Dronivka"


def test_bakhmutka_passes_every_osm_bridge_over_it(osm: Path) -> None:
    """Distance from the drawn river to each OSM bridge over it, within the stated precision."""
    city = by_id()["bakhmutka-river-siversk"]
    line = LineString(city["geometry"]["coordinates"])
    precision = city["properties"]["precision_m"]
    assert precision <= 300
    streets = {f["properties"]["id"]: f for f in load(osm / "osm_siversk_streets.geojson")}
    distances = {}
    for way, what in BAKHMUTKA_BRIDGES.items():
        street = streets[way]
        assert street["properties"]["bridge"] == "yes", what
        bridge = shape(street["geometry"])
        distances[way] = distance_to_line(bridge.centroid, line)
        assert bridge.intersects(line), f"the river does not pass under the {what}"
    assert max(distances.values()) <= precision, distances
    assert max(distances.values()) <= 50, distances
    assert distance_to_line(Point(CENTRAL_BRIDGE), line) < 50


def test_bakhmutka_crosses_osm_ways_only_at_bridges(osm: Path) -> None:
    river = bakhmutka()
    for f in load(osm / "osm_siversk_streets.geojson"):
        p = f["properties"]
        if shape(f["geometry"]).intersects(river):
            assert p.get("bridge") == "yes", (p["id"], p["highway"])
            assert p["id"] in BAKHMUTKA_BRIDGES, p["id"]


# --- OSM-derived layers ----------------------------------------------------------------------


def test_siversk_boundary_is_the_osm_boundary(osm: Path) -> None:
    (rel,) = load(osm / "osm_siversk_boundary.geojson")
    osm_poly = shape(rel["geometry"])
    feats = by_id()
    for fid in ("settlement-siversk", "boundary-siversk"):
        ours = shape(feats[fid]["geometry"])
        assert ours.symmetric_difference(osm_poly).area / osm_poly.area < 0.001, fid
    props = feats["settlement-siversk"]["properties"]
    assert (props["kind"], props["name"], props["name_uk"]) == ("city", "Siversk", "Сіверськ")
    assert feats["boundary-siversk"]["properties"]["kind"] == "city boundary"


def test_boundary_constant_matches_the_shipped_polygon() -> None:
    import sys

    sys.path.insert(0, str(REPO / "data" / "authoring"))
    try:
        import geography
    finally:
        sys.path.pop(0)
    shipped = shape(by_id()["boundary-siversk"]["geometry"])
    assert Polygon(geography.SIVERSK_BOUNDARY).equals_exact(shipped, 1e-5) or (
        Polygon(geography.SIVERSK_BOUNDARY).symmetric_difference(shipped).area < 1e-9
    )


def test_at_least_100_streets_with_class_and_names() -> None:
    streets = [f for f in base_features() if f["id"].startswith("osm-way-")]
    assert len(streets) >= 100
    kinds = {f["properties"]["kind"] for f in streets}
    assert kinds <= {
        "trunk",
        "primary",
        "secondary",
        "tertiary",
        "unclassified",
        "residential",
        "living_street",
    }
    named = [f["properties"] for f in streets if f["properties"].get("name_uk")]
    assert len(named) >= 15
    for p in named:
        assert p["name"] and p["name_en"] == p["name"]
    tsentralna = [p for p in named if p["name_uk"] == "Центральна вулиця"]
    assert tsentralna and tsentralna[0]["name_en"] == "Tsentralna Street"
    for f in streets:
        assert f["properties"]["layer"] == "road"
        assert "OpenStreetMap" in f["properties"]["source"]


def test_streets_keep_their_osm_shape(osm: Path) -> None:
    source = {
        f"osm-way-{f['properties']['id']}": shape(f["geometry"])
        for f in load(osm / "osm_siversk_streets.geojson")
    }
    for f in base_features():
        if f["id"].startswith("osm-way-"):
            ours = shape(f["geometry"])
            assert ours.hausdorff_distance(source[f["id"]]) < 1e-4, f["id"]  # < ~10 m


def test_built_up_blocks_cover_the_buildings(osm: Path) -> None:
    blocks = [
        shape(f["geometry"]) for f in base_features() if f["properties"]["layer"] == "built_up"
    ]
    assert blocks and all(b.is_valid for b in blocks)
    assert all(
        f["properties"]["kind"] == "block"
        for f in base_features()
        if f["properties"]["layer"] == "built_up"
    )
    from shapely.ops import unary_union

    cover = unary_union(blocks)
    buildings = [shape(f["geometry"]) for f in load(osm / "osm_siversk_buildings.geojson")]
    inside = sum(1 for b in buildings if cover.intersects(b.centroid))
    assert inside / len(buildings) > 0.95


# --- places ------------------------------------------------------------------------------------


STORY_PLACES = {
    "Verkhniokamianske": "Верхньокам'янське",
    "Zvanivka": "Званівка",
    "Spirne": "Спірне",
    "Ivano-Darivka": "Іванодар'ївка",
    "Serebrianka": "Серебрянка",
    "Hryhorivka": "Григорівка",
    "Yampil": "Ямпіль",
    "Dronivka": "Дронівка",
    "Lysychansk": "Лисичанськ",
    "Bilohorivka": "Білогорівка",
}


def test_named_places_with_ukrainian_names_and_precision() -> None:
    places = [f for f in base_features() if f["properties"]["layer"] == "settlement"]
    named = [f for f in places if f["properties"].get("name") and f["properties"].get("name_uk")]
    assert len(named) >= 15
    for f in places:
        p = f["properties"]
        assert p.get("source") and isinstance(p.get("precision_m"), (int, float)), f["id"]
        assert p.get("kind") in {"city", "town", "village", "hamlet"}, f["id"]
    found = {f["properties"]["name"]: f["properties"]["name_uk"] for f in named}
    for en, uk in STORY_PLACES.items():
        assert found.get(en) == uk, en


def test_gazetteer_points_agree_with_the_osm_towns(osm: Path) -> None:
    towns = {
        f["properties"]["name:en"]: shape(f["geometry"])
        for f in load(osm / "osm_settlements_towns_bbox.geojson")
    }
    for f in base_features():
        p = f["properties"]
        is_point = f["geometry"]["type"] == "Point"
        if p["layer"] == "settlement" and p.get("name") in towns and is_point:
            assert towns[p["name"]].contains(Point(f["geometry"]["coordinates"])), p["name"]


def test_villages_lie_on_the_right_side_of_the_donets() -> None:
    feats = by_id()
    donets = LineString(feats["siverskyi-donets-river"]["geometry"]["coordinates"])
    villages = ("settlement-dronivka", "settlement-serebrianka", "settlement-hryhorivka")
    for fid in (*villages, "settlement-zakitne"):
        x, y = feats[fid]["geometry"]["coordinates"]
        near = donets.interpolate(donets.project(Point(x, y)))
        assert y < near.y, fid  # south of the river: its right bank


def test_places_fall_in_their_oblast() -> None:
    from siversk_map.geo import oblast_at

    feats = by_id()
    expect = {
        "settlement-siversk": "Donetsk Oblast",
        "settlement-zvanivka": "Donetsk Oblast",
        "settlement-dronivka": "Donetsk Oblast",
        "settlement-verkhniokamianske": "Donetsk Oblast",
        "settlement-spirne": "Donetsk Oblast",
        "settlement-serebrianka": "Donetsk Oblast",
        "settlement-hryhorivka": "Donetsk Oblast",
        "settlement-zakitne": "Donetsk Oblast",
        "settlement-yampil": "Donetsk Oblast",
        "settlement-lysychansk": "Luhansk Oblast",
        "settlement-bilohorivka-luhansk": "Luhansk Oblast",
        "settlement-kreminna": "Luhansk Oblast",
    }
    for fid, oblast in expect.items():
        pt = shape(feats[fid]["geometry"]).representative_point()
        found = oblast_at(pt.x, pt.y)
        assert found is not None and found.name == oblast, fid


def test_zakitne_where_the_reporting_puts_it() -> None:
    """Zakitne (Wikipedia point): about 10 km west-north-west of Siversk, in Donetsk Oblast."""
    from pyproj import Geod

    p = by_id()["settlement-zakitne"]
    lon, lat = p["geometry"]["coordinates"]
    azimuth, _, metres = Geod(ellps="WGS84").inv(38.0972, 48.8631, lon, lat)
    assert 8_000 < metres < 13_000
    assert -80 < azimuth < -55  # west-north-west of the centre
    assert p["properties"]["population"] == 573
    assert p["properties"]["name_uk"] == "Закітне"
