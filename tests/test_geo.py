"""The bundled coarse layer of Ukraine's oblasts and the lookups on it."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from shapely.geometry import Point

from siversk_map.geo import oblast_at, oblast_of_area, oblasts, ukraine


def test_27_units_with_names_and_valid_outlines() -> None:
    units = oblasts()
    assert len(units) == 27
    assert len({o.iso_3166_2 for o in units}) == 27
    for o in units:
        assert o.name and o.name_uk and o.geometry.is_valid and not o.geometry.is_empty
    names = {o.name for o in units}
    assert {
        "Donetsk Oblast",
        "Luhansk Oblast",
        "Zaporizhzhia Oblast",
        "Kherson Oblast",
        "Autonomous Republic of Crimea",
        "Sevastopol",
        "Kyiv",
    } <= names


@pytest.mark.parametrize(
    ("lon", "lat", "name", "name_uk"),
    [
        (38.0972, 48.8631, "Donetsk Oblast", "Донецька область"),  # Siversk
        (36.26, 47.66, "Zaporizhzhia Oblast", "Запорізька область"),  # Huliaipole
        (33.5254, 44.6166, "Sevastopol", "Севастополь"),
        (34.1024, 44.9521, "Autonomous Republic of Crimea", "Автономна Республіка Крим"),
        (38.4304, 48.9018, "Luhansk Oblast", "Луганська область"),  # Lysychansk
        (37.1763, 48.7389, "Donetsk Oblast", "Донецька область"),  # Pokrovsk area
        (30.5234, 50.4501, "Kyiv", "Київ"),
        (32.6169, 46.6354, "Kherson Oblast", "Херсонська область"),
    ],
)
def test_oblast_at(lon: float, lat: float, name: str, name_uk: str) -> None:
    o = oblast_at(lon, lat)
    assert o is not None
    assert (o.name, o.name_uk) == (name, name_uk)


@pytest.mark.parametrize(("lon", "lat"), [(37.6173, 55.7558), (21.0122, 52.2297), (35.0, 43.0)])
def test_outside_ukraine_is_none(lon: float, lat: float) -> None:
    assert oblast_at(lon, lat) is None  # Moscow, Warsaw, the Black Sea


def test_crimea_is_in_ukraine() -> None:
    assert ukraine().contains(Point(34.1, 45.0))
    assert ukraine().contains(Point(33.65, 44.6))  # Sevastopol city council area, inland


def test_neighbours_share_edges() -> None:
    units = oblasts()
    total = sum(o.geometry.area for o in units)
    assert total == pytest.approx(ukraine().area, rel=1e-9)  # no overlaps
    donetsk = next(o for o in units if o.name == "Donetsk Oblast").geometry
    luhansk = next(o for o in units if o.name == "Luhansk Oblast").geometry
    assert donetsk.intersection(luhansk).length > 1.0  # a common edge, not a gap


def test_oblast_of_area() -> None:
    huliaipole = oblast_of_area((36.05, 47.55, 36.45, 47.75))
    assert huliaipole is not None and huliaipole.name == "Zaporizhzhia Oblast"
    siversk = oblast_of_area((37.85, 48.70, 38.45, 49.05))
    assert siversk is not None and siversk.name == "Donetsk Oblast"
    assert oblast_of_area((0.0, 0.0, 1.0, 1.0)) is None


def test_file_is_small_and_credited() -> None:
    ref = resources.files("siversk_map").joinpath("_geo", "ukraine_oblasts.geojson")
    text = ref.read_text(encoding="utf-8")
    assert len(text.encode()) < 150_000
    assert "Natural Earth" in json.loads(text)["attribution"]
    readme = resources.files("siversk_map").joinpath("_geo", "README.md").read_text("utf-8")
    assert "public domain" in readme


def test_neighbours_surround_ukraine_without_crimea() -> None:
    from siversk_map.geo import neighbours

    countries = {c.iso_a3: c for c in neighbours()}
    assert {"RUS", "BLR", "POL", "SVK", "HUN", "ROU", "MDA"} <= set(countries)
    russia = countries["RUS"]
    assert russia.name_uk == "Росія"
    for lon, lat in [(34.1, 45.0), (33.65, 44.6), (38.0972, 48.8631)]:
        assert not russia.geometry.contains(Point(lon, lat))
    assert russia.geometry.contains(Point(37.6173, 55.7558)) is False  # outside the box
    assert russia.geometry.contains(Point(36.59, 50.6))  # Belgorod
    for c in countries.values():
        assert c.geometry.intersection(ukraine()).area < 1e-5, c.iso_a3  # rounding only


def test_places_named_today_inside_their_country_and_credited() -> None:
    from siversk_map.geo import places

    found = places()
    names = [p.name for p in found]
    assert len(set(names)) == len(names) >= 50
    assert [p.population for p in found] == sorted((p.population for p in found), reverse=True)
    by_name = {p.name: p for p in found}
    # Natural Earth's old forms are replaced by today's official ones.
    assert {"Kyiv", "Odesa", "Kropyvnytskyi", "Chornomorsk", "Zaporizhzhia"} <= set(names)
    assert not {"Kiev", "Odessa", "Kirovohrad", "Illichivsk"} & set(names)
    assert by_name["Kropyvnytskyi"].name_uk == "Кропивницький"
    # Crimea's cities are in Ukraine, whatever the source's country code says.
    for name in ("Sevastopol", "Simferopol", "Kerch"):
        assert by_name[name].country == "UKR"
    for p in found:
        inside = ukraine().distance(Point(p.lon, p.lat)) <= 0.02
        assert inside == (p.country == "UKR"), p.name
        assert p.kind == ("city" if p.population >= 100_000 else "town"), p.name
        assert p.name_uk and all(not ("a" <= ch.lower() <= "z") for ch in p.name_uk), p.name
    text = resources.files("siversk_map").joinpath("_geo", "places.geojson").read_text("utf-8")
    assert "Natural Earth" in json.loads(text)["attribution"]
