"""Build ``siversk_map/_geo/places.geojson``: the main cities of Ukraine and around it.

A small gazetteer for maps of a wide area (a whole-front import), where no OpenStreetMap extract
is at hand: without it such a map shows the occupied area on a blank ground.

Source: Natural Earth 1:10m Cultural Vectors, "Populated Places" (simple), public domain; the
GeoJSON of ``martynafford/natural-earth-geojson``
(``10m/cultural/ne_10m_populated_places_simple.7z``, snapshot ``0b9a6ce``, unpacked with
``7z x``). Kept:

- every place within Ukraine's internationally recognised borders (``siversk_map.geo.ukraine``,
  Crimea included, whatever Natural Earth's ``adm0_a3`` says) of at least
  :data:`MIN_POP_UKRAINE` people (``pop_max``), historic places left out;
- outside Ukraine, within :data:`BOX`, places of at least :data:`MIN_POP_ABROAD` people within
  :data:`ABROAD_KM` of Ukraine's border.

Natural Earth's positions and populations are kept; its names are often old transliterations
("Kiev", "Kirovohrad", "Illichivsk"): every kept place is named from :data:`NAMES` (current
official English and Ukrainian forms), and the script stops if a kept place has no entry there,
so no name is guessed.

Run:  python data/authoring/build_places.py ne_10m_populated_places_simple.json
The output is deterministic.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import shapely.affinity
from shapely.geometry import Point

from siversk_map.geo import ukraine

OUT = Path(__file__).resolve().parents[2] / "siversk_map" / "_geo" / "places.geojson"
BOX = (22.0, 44.0, 41.0, 53.0)
MIN_POP_UKRAINE = 40_000
MIN_POP_ABROAD = 300_000
ABROAD_KM = 150.0
#: Points this close to Ukraine's simplified outline count as in it (coastal cities).
SNAP_DEG = 0.02

#: Natural Earth name -> (English, Ukrainian), current official forms.
NAMES: dict[str, tuple[str, str]] = {
    "Kiev": ("Kyiv", "Київ"),
    "Kharkiv": ("Kharkiv", "Харків"),
    "Dnipro": ("Dnipro", "Дніпро"),
    "Odessa": ("Odesa", "Одеса"),
    "Donetsk": ("Donetsk", "Донецьк"),
    "Lvov": ("Lviv", "Львів"),
    "Zaporizhzhya": ("Zaporizhzhia", "Запоріжжя"),
    "Kryvyy Rih": ("Kryvyi Rih", "Кривий Ріг"),
    "Mykolayiv": ("Mykolaiv", "Миколаїв"),
    "Mariupol": ("Mariupol", "Маріуполь"),
    "Luhansk": ("Luhansk", "Луганськ"),
    "Khmelnytskyy": ("Khmelnytskyi", "Хмельницький"),
    "Horlivka": ("Horlivka", "Горлівка"),
    "Sevastapol": ("Sevastopol", "Севастополь"),
    "Makiyivka": ("Makiivka", "Макіївка"),
    "Simferopol": ("Simferopol", "Сімферополь"),
    "Vinnytsya": ("Vinnytsia", "Вінниця"),
    "Kherson": ("Kherson", "Херсон"),
    "Poltava": ("Poltava", "Полтава"),
    "Chernihiv": ("Chernihiv", "Чернігів"),
    "Chernivtsi": ("Chernivtsi", "Чернівці"),
    "Cherkasy": ("Cherkasy", "Черкаси"),
    "Sumy": ("Sumy", "Суми"),
    "Zhytomyr": ("Zhytomyr", "Житомир"),
    "Rivne": ("Rivne", "Рівне"),
    "Kirovohrad": ("Kropyvnytskyi", "Кропивницький"),
    "Ternopil": ("Ternopil", "Тернопіль"),
    "Ivano-Frankivsk": ("Ivano-Frankivsk", "Івано-Франківськ"),
    "Kremenchuk": ("Kremenchuk", "Кременчук"),
    "Lutsk": ("Lutsk", "Луцьк"),
    "Bila Tserkva": ("Bila Tserkva", "Біла Церква"),
    "Kramatorsk": ("Kramatorsk", "Краматорськ"),
    "Melitopol": ("Melitopol", "Мелітополь"),
    "Kerch": ("Kerch", "Керч"),
    "Uzhgorod": ("Uzhhorod", "Ужгород"),
    "Nikopol": ("Nikopol", "Нікополь"),
    "Lysychansk": ("Lysychansk", "Лисичанськ"),
    "Drohobych": ("Drohobych", "Дрогобич"),
    "Berdyansk": ("Berdiansk", "Бердянськ"),
    "Nizhyn": ("Nizhyn", "Ніжин"),
    "Kamyanets-Podilskyy": ("Kamianets-Podilskyi", "Кам'янець-Подільський"),
    "Yevpatoriya": ("Yevpatoriia", "Євпаторія"),
    "Konotop": ("Konotop", "Конотоп"),
    "Shostka": ("Shostka", "Шостка"),
    "Brovary": ("Brovary", "Бровари"),
    "Uman": ("Uman", "Умань"),
    "Izmayil": ("Izmail", "Ізмаїл"),
    "Yalta": ("Yalta", "Ялта"),
    "Kupyansk": ("Kupiansk", "Куп'янськ"),
    "Korosten": ("Korosten", "Коростень"),
    "Kovel": ("Kovel", "Ковель"),
    "Illichivsk": ("Chornomorsk", "Чорноморськ"),
    "Voznesensk": ("Voznesensk", "Вознесенськ"),
    "Dzhankoy": ("Dzhankoi", "Джанкой"),
    # Abroad: English exonyms, Ukrainian forms.
    "Rostov": ("Rostov-on-Don", "Ростов-на-Дону"),
    "Chișinău": ("Chișinău", "Кишинів"),
    "Homyel": ("Gomel", "Гомель"),
    "Kursk": ("Kursk", "Курськ"),
    "Lublin": ("Lublin", "Люблін"),
    "Belgorod": ("Belgorod", "Бєлгород"),
    "Iași": ("Iași", "Ясси"),
    "Galați": ("Galați", "Галац"),
    "Constanța": ("Constanța", "Констанца"),
    "Brest": ("Brest", "Берестя"),
    "Voronezh": ("Voronezh", "Воронеж"),
    "Cluj-Napoca": ("Cluj-Napoca", "Клуж-Напока"),
}


def _km_to(geom: Any, x: float, y: float) -> float:
    """Distance (km, equirectangular at the point's latitude) from (x, y) to a geometry."""
    k = math.cos(math.radians(y))
    scaled = shapely.affinity.scale(geom, xfact=k, yfact=1.0, origin=(x, y))
    return float(scaled.distance(Point(x, y))) * 111.32


def build(source: Path) -> dict[str, Any]:
    """The gazetteer as a GeoJSON FeatureCollection (largest places first)."""
    doc = json.loads(source.read_text(encoding="utf-8"))
    country = ukraine()
    kept: list[tuple[int, str, dict[str, Any]]] = []
    missing: list[str] = []
    for f in doc["features"]:
        p = f["properties"]
        x, y = f["geometry"]["coordinates"]
        if not (BOX[0] <= x <= BOX[2] and BOX[1] <= y <= BOX[3]):
            continue
        pop = int(p["pop_max"])
        inside = country.distance(Point(x, y)) <= SNAP_DEG
        if inside:
            if pop < MIN_POP_UKRAINE or p["featurecla"] == "Historic place":
                continue
        elif pop < MIN_POP_ABROAD or _km_to(country, x, y) > ABROAD_KM:
            continue
        if p["name"] not in NAMES:
            missing.append(p["name"])
            continue
        en, uk = NAMES[p["name"]]
        props = {
            "country": "UKR" if inside else p["adm0_a3"],
            "kind": "city" if pop >= 100_000 else "town",
            "name": en,
            "name_natural_earth": p["name"],
            "name_uk": uk,
            "population": pop,
        }
        feature = {
            "type": "Feature",
            "properties": props,
            "geometry": {"type": "Point", "coordinates": [round(x, 3), round(y, 3)]},
        }
        kept.append((-pop, en, feature))
    if missing:
        raise SystemExit(f"no current name in NAMES for: {', '.join(sorted(missing))}")
    kept.sort(key=lambda t: (t[0], t[1]))
    return {
        "type": "FeatureCollection",
        "attribution": "Made with Natural Earth: 1:10m populated places (public domain)",
        "features": [f for _, _, f in kept],
    }


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    data = build(Path(sys.argv[1]))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    OUT.write_text(text.replace('{"geometry"', '\n{"geometry"') + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['features'])} places)")


if __name__ == "__main__":
    main()
