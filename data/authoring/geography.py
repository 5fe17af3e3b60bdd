"""Base geography of the bundled data set: the city, places, rivers, roads, streets, blocks.

Two kinds of geometry meet here:

- **OpenStreetMap** (ODbL, © OpenStreetMap contributors): the city boundary of Siversk (OSM
  relation 3586192, kept below as ``SIVERSK_BOUNDARY``), its streets and its buildings merged
  into blocks, and the towns of the box (``osm_base.py`` reads the extracts);
- **drawn by hand for siversk-map** from public facts: the Bakhmutka (not in the extracts; placed
  at the OSM road bridges over it and at its mouth as given by public gazetteers), the
  Siverskyi Donets (after Natural Earth, public domain, moved to the Bakhmutka's mouth), the main
  roads between towns (OSM has none in the extracts), and villages at gazetteer coordinates or
  placed from reported relative positions (with a precision to match).

See data/geojson/README.md and data/geojson/ODbL-NOTICE.md.
"""

from __future__ import annotations

import sys
from typing import Any

import osm_base
from common import AUTHORED, clean_polygonal, collection, coords_list, feature, geom_json, r5
from shapely.geometry import LineString, Polygon

# City boundary of Siversk: the outer ring of OSM relation 3586192 (boundary=administrative,
# NZZ export of 2025-03-16; © OpenStreetMap contributors, ODbL), rounded to 5 decimals,
# counter-clockwise. 12.8 km². Also the polygon of the 11 Dec 2025 claim of "full control".
SIVERSK_BOUNDARY = [
    (38.11278, 48.87321),
    (38.12044, 48.87138),
    (38.12480, 48.87494),
    (38.11325, 48.87782),
    (38.11377, 48.87940),
    (38.10570, 48.88274),
    (38.10037, 48.88465),
    (38.09784, 48.88460),
    (38.09251, 48.88578),
    (38.09130, 48.88454),
    (38.09162, 48.88361),
    (38.08835, 48.88271),
    (38.08780, 48.88357),
    (38.08624, 48.88339),
    (38.08599, 48.88336),
    (38.08381, 48.88381),
    (38.08294, 48.88404),
    (38.08290, 48.88405),
    (38.08084, 48.88367),
    (38.08002, 48.88244),
    (38.07821, 48.88294),
    (38.07663, 48.88406),
    (38.07379, 48.88416),
    (38.07234, 48.87655),
    (38.06799, 48.87637),
    (38.06774, 48.87517),
    (38.06780, 48.86873),
    (38.06625, 48.86427),
    (38.06660, 48.85929),
    (38.06927, 48.85597),
    (38.07643, 48.85794),
    (38.08041, 48.85792),
    (38.08363, 48.85764),
    (38.08529, 48.85657),
    (38.08512, 48.85595),
    (38.08354, 48.85609),
    (38.08255, 48.85355),
    (38.08505, 48.85296),
    (38.08680, 48.85103),
    (38.08824, 48.84950),
    (38.09348, 48.84625),
    (38.09576, 48.84417),
    (38.09905, 48.84120),
    (38.10109, 48.83828),
    (38.10190, 48.83750),
    (38.10224, 48.83794),
    (38.10500, 48.83834),
    (38.10460, 48.83994),
    (38.10511, 48.84004),
    (38.10557, 48.84097),
    (38.10323, 48.84505),
    (38.10387, 48.84701),
    (38.10592, 48.84753),
    (38.10863, 48.84686),
    (38.11690, 48.84762),
    (38.11724, 48.84791),
    (38.11384, 48.85413),
    (38.11330, 48.85938),
    (38.11407, 48.85958),
    (38.11278, 48.87321),
]
SIVERSK_CENTRE = (38.0972, 48.8631)  # 48°51′47″ N 38°05′50″ E (Ukrainian Wikipedia, "Сіверськ")

# Villages and towns not in the OSM town list (the list holds towns with boundaries only), at
# public gazetteer coordinates: (id, English name, Ukrainian name, place class, lon, lat,
# precision_m, source, note).
GAZETTEER = [
    (
        "settlement-zvanivka",
        "Zvanivka",
        "Званівка",
        "village",
        38.08556,
        48.81167,
        300,
        "Wikipedia, 'Zvanivka' (48°48′42″ N 38°5′8″ E)",
        "On the Bakhmutka, about 6 km south of Siversk; centre of Zvanivka rural hromada.",
    ),
    (
        "settlement-dronivka",
        "Dronivka",
        "Дронівка",
        "village",
        38.0414,
        48.9178,
        300,
        "Wikipedia, 'Dronivka' (48.9178° N 38.0414° E)",
        "On the right bank of the Siverskyi Donets near the Bakhmutka's mouth; Siversk urban "
        "hromada.",
    ),
    (
        "settlement-verkhniokamianske",
        "Verkhniokamianske",
        "Верхньокам'янське",
        "village",
        38.19667,
        48.86028,
        300,
        "Wikipedia, 'Verkhniokamianske' (48°51′37″ N 38°11′48″ E)",
        "About 7 km east of Siversk on the Kamianka, a tributary of the Bakhmutka.",
    ),
    (
        "settlement-spirne",
        "Spirne",
        "Спірне",
        "village",
        38.24611,
        48.80694,
        300,
        "Wikipedia, 'Spirne' (48°48′25″ N 38°14′46″ E)",
        "South-east of Siversk (Soledar urban hromada).",
    ),
    (
        "settlement-ivano-darivka",
        "Ivano-Darivka",
        "Іванодар'ївка",
        "village",
        38.2150,
        48.8300,
        2000,
        "Placed from Wikipedia, 'Spirne' (\"the village to the northwest\" of Spirne)",
        "North-west of Spirne; no gazetteer coordinates were available offline, so the point is "
        "placed from that relative position.",
    ),
    (
        "settlement-serebrianka",
        "Serebrianka",
        "Серебрянка",
        "village",
        38.1250,
        48.9240,
        3000,
        "Placed from Radio Svoboda (22 Dec 2025: north-east of Siversk) and the Donetsk Oblast "
        "Council (on the right bank of the Siverskyi Donets)",
        "No gazetteer coordinates were available offline: placed on the right (south) bank of "
        "the Siverskyi Donets, north-north-east of Siversk, as those reports describe it.",
    ),
    (
        "settlement-hryhorivka",
        "Hryhorivka",
        "Григорівка",
        "village",
        38.1600,
        48.9260,
        3000,
        "Placed from public reporting (near Serebrianka on the Siverskyi Donets, north-east of "
        "Siversk)",
        "No gazetteer coordinates were available offline: placed east of Serebrianka on the "
        "right bank of the Siverskyi Donets.",
    ),
    (
        "settlement-zakitne",
        "Zakitne",
        "Закітне",
        "village",
        37.96583,
        48.89639,
        300,
        "Russian Wikipedia, 'Закотное (Донецкая область)' (48°53′47″ N 37°57′57″ E)",
        "On the Siverskyi Donets, about 10 km west-north-west of Siversk (Lyman hromada, "
        "Kramatorsk Raion); the Siversk - Lyman road passes through it (RBC, 16 Jan 2026).",
    ),
]

# Populations given by the gazetteer a village's point comes from: id -> (people, what count).
GAZETTEER_POPULATION = {
    "settlement-zakitne": (573, "2001 census, as given by Russian Wikipedia"),
}

# OSM towns of the box kept as places (English name in the extract -> feature id, note).
OSM_TOWNS = {
    "Lysychansk": ("settlement-lysychansk", "Fell to Russian forces on 3 July 2022."),
    "Yampil": ("settlement-yampil", "North-west of Siversk, on the road to Lyman."),
    "Bilohorivka": (
        "settlement-bilohorivka-luhansk",
        "The Luhansk Oblast Bilohorivka on the Siverskyi Donets, east-north-east of "
        "Siversk; not the Donetsk Oblast village of the same name.",
    ),
    "Zarichne": ("settlement-zarichne", None),
    "Pryvillia": ("settlement-pryvillia", None),
    "Kreminna": ("settlement-kreminna", None),
    "Rubizhne": ("settlement-rubizhne", None),
    "Vrubivka": ("settlement-vrubivka", None),
    "Vovchoiarivka": ("settlement-vovchoiarivka", None),
    "Maloriazantseve": ("settlement-maloriazantseve", None),
}

# The Bakhmutka, upstream (south) -> downstream (mouth), drawn by hand. Not in the OSM extracts.
# Upstream of Siversk it follows the valley through Zvanivka (gazetteer point above); in the city
# it passes the OSM road and foot bridges over it (footbridge 38.0839 E 48.8639 N, the central
# road bridge 38.0871 E 48.8690 N, the bridges at 48.8751, 48.8772 and 48.8789 N), keeping between
# the streets and tracks that run along its banks; below the city it runs north-west to its mouth
# on the Siverskyi Donets near Dronivka, 48°55′33″ N 38°02′22″ E (Wikipedia, "Bakhmutka").
BAKHMUTKA_SOUTH = [
    (38.0780, 48.7000),
    (38.0800, 48.7300),
    (38.0830, 48.7600),
    (38.0850, 48.7900),
    (38.0856, 48.8117),
    (38.0850, 48.8300),
    (38.0845, 48.8450),
    (38.0838, 48.8531),
]
BAKHMUTKA_SIVERSK = [
    (38.0838, 48.8531),
    (38.0836, 48.8580),
    (38.0834, 48.8612),
    (38.0834, 48.8629),
    (38.0839, 48.8639),
    (38.0838, 48.8655),
    (38.0837, 48.8668),
    (38.0845, 48.8677),
    (38.0858, 48.8683),
    (38.0866, 48.8687),
    (38.0871, 48.8690),
    (38.0875, 48.8697),
    (38.0876, 48.8706),
    (38.0868, 48.8716),
    (38.0858, 48.8724),
    (38.0849, 48.8735),
    (38.0840, 48.8745),
    (38.0834, 48.8751),
    (38.0828, 48.8753),
    (38.0820, 48.87552),
    (38.0810, 48.87555),
    (38.0800, 48.8755),
    (38.0794, 48.8760),
    (38.0792, 48.8766),
    (38.0791, 48.8772),
    (38.0793, 48.8782),
    (38.0796, 48.8789),
    (38.0801, 48.8800),
    (38.0800, 48.8830),
]
BAKHMUTKA_NORTH = [
    (38.0800, 48.8830),
    (38.0770, 48.8870),
    (38.0710, 48.8920),
    (38.0650, 48.8970),
    (38.0590, 48.9020),
    (38.0530, 48.9080),
    (38.0480, 48.9140),
    (38.0450, 48.9200),
    (38.0394, 48.9258),
]
#: Precision of the Bakhmutka: in Siversk, the largest distance from the drawn line to an OSM
#: bridge over it (measured by tests/test_base_geography.py) is well under this.
BAKHMUTKA_CITY_PRECISION_M = 150
BAKHMUTKA_RURAL_PRECISION_M = 800

# Siverskyi Donets: upstream (west) -> downstream (east). After Natural Earth 1:10m rivers
# (public domain) west of the Bakhmutka's mouth and east of Bilohorivka, moved to pass through
# the mouth (38.0394 E, 48.9258 N) and north of Serebrianka and Bilohorivka; meanders omitted.
DONETS = [
    (37.8500, 48.8931),
    (37.8853, 48.8869),
    (37.9225, 48.8903),
    (37.9291, 48.8959),
    (37.9399, 48.9115),
    (37.9505, 48.9177),
    (37.9614, 48.9178),
    (37.9719, 48.9132),
    (37.9819, 48.9073),
    (37.9915, 48.9040),
    (38.0103, 48.9059),
    (38.0244, 48.9142),
    (38.0394, 48.9258),
    (38.0600, 48.9300),
    (38.0900, 48.9300),
    (38.1100, 48.9310),
    (38.1600, 48.9380),
    (38.2099, 48.9239),
    (38.2184, 48.9298),
    (38.2236, 48.9370),
    (38.2310, 48.9518),
    (38.2350, 48.9534),
    (38.2408, 48.9530),
    (38.2468, 48.9539),
    (38.2516, 48.9593),
    (38.2522, 48.9663),
    (38.2495, 48.9701),
    (38.2459, 48.9726),
    (38.2441, 48.9757),
    (38.2415, 49.0109),
    (38.2490, 49.0222),
    (38.2720, 49.0275),
    (38.3088, 49.0200),
    (38.3435, 48.9990),
    (38.4500, 48.9127),
]

# Main roads between towns, drawn by hand (the OSM extract covers Siversk only). Each starts at
# the OSM street where it leaves the city; its class is the one OSM gives that street there.
ROADS = [
    (
        "road-siversk-sloviansk",
        "Siversk - Sloviansk / Kramatorsk direction",
        "secondary",
        "Т-05-13",
        [
            (38.07457, 48.85743),
            (38.0700, 48.8548),
            (38.0300, 48.8565),
            (37.9800, 48.8550),
            (37.9200, 48.8520),
            (37.8500, 48.8500),
        ],
    ),
    (
        "road-siversk-lysychansk",
        "Siversk - Lysychansk direction",
        "tertiary",
        None,
        [
            (38.11405, 48.85980),
            (38.1600, 48.8630),
            (38.1967, 48.8600),
            (38.2500, 48.8650),
            (38.3000, 48.8750),
            (38.3600, 48.8880),
            (38.4300, 48.9000),
        ],
    ),
    (
        "road-siversk-bakhmut",
        "Siversk - Soledar / Bakhmut direction",
        "tertiary",
        None,
        [
            (38.09750, 48.84259),
            (38.0900, 48.8300),
            (38.0870, 48.8117),
            (38.0830, 48.7800),
            (38.0800, 48.7400),
            (38.0780, 48.7000),
        ],
    ),
    (
        "road-siversk-lyman",
        "Siversk - Yampil - Lyman direction",
        "secondary",
        "Т-05-13",
        [
            (38.06775, 48.87499),
            (38.0400, 48.8900),
            (38.0000, 48.9080),
            (37.9570, 48.9330),
            (37.9200, 48.9600),
            (37.8800, 48.9800),
            (37.8500, 48.9950),
        ],
    ),
]


def _line(pts: list[tuple[float, float]]) -> dict[str, Any]:
    return {"type": "LineString", "coordinates": coords_list(pts)}


def siversk() -> dict[str, Any]:
    """The city of Siversk: its OSM boundary as settlement polygon and as boundary."""
    poly = clean_polygonal(Polygon(SIVERSK_BOUNDARY))
    return collection(
        [
            feature(
                "settlement-siversk",
                geom_json(poly),
                {
                    "layer": "settlement",
                    "kind": "city",
                    "name": "Siversk",
                    "name_uk": "Сіверськ",
                    "name_en": "Siversk",
                    "population": 10875,
                    "source": osm_base.OSM_SOURCE,
                    "precision_m": 10,
                    "osm_id": "relation/3586192",
                    "note": "Area of the city (its OSM administrative boundary). "
                    "Population 10,875 on 1 January 2022 (official estimate); "
                    "OSM gives 12,392 (census 2001).",
                },
            ),
            feature(
                "boundary-siversk",
                geom_json(poly),
                {
                    "layer": "boundary",
                    "kind": "city boundary",
                    "name": "Siversk city boundary",
                    "name_uk": "Межа міста Сіверськ",
                    "name_en": "Siversk city boundary",
                    "source": osm_base.OSM_SOURCE,
                    "precision_m": 10,
                    "osm_id": "relation/3586192",
                },
            ),
        ]
    )


def settlements(towns: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Places: the OSM towns of the box and the villages from gazetteers, as points."""
    feats = []
    for en, (fid, note) in OSM_TOWNS.items():
        t = towns[en]
        feats.append(
            feature(
                fid,
                {"type": "Point", "coordinates": [t["lon"], t["lat"]]},
                {
                    "layer": "settlement",
                    "kind": t["place"],
                    "name": en,
                    "name_en": en,
                    "name_uk": t["name_uk"],
                    "population": t["population"],
                    "source": osm_base.OSM_SOURCE,
                    "osm_id": t["osm_id"],
                    "precision_m": 1000 if t["area_km2"] < 30 else 2000,
                    "note": " ".join(
                        filter(
                            None,
                            [
                                note,
                                f"Point: centre of the town's OSM boundary ({t['area_km2']} km²).",
                            ],
                        )
                    ),
                },
            )
        )
    for fid, en, uk, kind, lon, lat, prec, src, note in GAZETTEER:
        props: dict[str, Any] = {
            "layer": "settlement",
            "kind": kind,
            "name": en,
            "name_en": en,
            "name_uk": uk,
            "source": src,
            "precision_m": prec,
            "note": note,
        }
        if fid in GAZETTEER_POPULATION:
            people, count = GAZETTEER_POPULATION[fid]
            props["population"] = people
            props["note"] = f"{note} Population {people:,} ({count})."
        feats.append(feature(fid, {"type": "Point", "coordinates": [r5(lon), r5(lat)]}, props))
    return collection(feats)


def rivers() -> dict[str, Any]:
    """The Bakhmutka in three reaches (the city reach is the river line) and the Donets."""
    uk = "Бахмутка"
    city_note = (
        "The reach through the city: the active line of engagement and likely last defensive "
        "line in December 2025 (DeepState; Ukrainska Pravda citing military sources). Distances "
        "to the river line are measured to this reach. Drawn by hand through the OSM bridges over "
        "the river; every such bridge lies within 50 m of the line "
        "(tests/test_base_geography.py)."
    )
    return collection(
        [
            feature(
                "bakhmutka-river-south",
                _line(BAKHMUTKA_SOUTH),
                {
                    "layer": "river",
                    "kind": "river",
                    "name": "Bakhmutka",
                    "name_en": "Bakhmutka",
                    "name_uk": uk,
                    "source": AUTHORED,
                    "precision_m": BAKHMUTKA_RURAL_PRECISION_M,
                    "note": "Upstream of Siversk: flows north through Zvanivka towards the city. "
                    "Drawn upstream to downstream along the valley; "
                    "no OSM bridge to check it against.",
                },
            ),
            feature(
                "bakhmutka-river-siversk",
                _line(BAKHMUTKA_SIVERSK),
                {
                    "layer": "river",
                    "kind": "river",
                    "name": "Bakhmutka",
                    "name_en": "Bakhmutka",
                    "name_uk": uk,
                    "source": AUTHORED + "; at the OSM bridges over it",
                    "precision_m": BAKHMUTKA_CITY_PRECISION_M,
                    "note": city_note,
                },
            ),
            feature(
                "bakhmutka-river-north",
                _line(BAKHMUTKA_NORTH),
                {
                    "layer": "river",
                    "kind": "river",
                    "name": "Bakhmutka",
                    "name_en": "Bakhmutka",
                    "name_uk": uk,
                    "source": AUTHORED,
                    "precision_m": BAKHMUTKA_RURAL_PRECISION_M,
                    "note": "Lower course to its mouth on the Siverskyi Donets near Dronivka "
                    "(48°55′33″ N 38°02′22″ E, Wikipedia 'Bakhmutka'). Drawn upstream to "
                    "downstream.",
                },
            ),
            feature(
                "siverskyi-donets-river",
                _line(DONETS),
                {
                    "layer": "river",
                    "kind": "river",
                    "name": "Siverskyi Donets",
                    "name_en": "Siverskyi Donets",
                    "name_uk": "Сіверський Донець",
                    "source": "After Natural Earth 1:10m rivers (public domain), adjusted by hand",
                    "precision_m": 2000,
                    "note": "Drawn upstream (west) to downstream (east); meanders omitted.",
                },
            ),
        ]
    )


def roads() -> dict[str, Any]:
    """Hand-drawn main roads from the city's edge to the neighbouring towns."""
    city = Polygon(SIVERSK_BOUNDARY)
    feats = []
    for fid, name, kind, ref, pts in ROADS:
        line = LineString(pts)
        assert line.intersection(city).length < 1e-4, fid  # starts at the city's edge
        feats.append(
            feature(
                fid,
                _line(pts),
                {
                    "layer": "road",
                    "kind": kind,
                    "name": name,
                    "name_en": name,
                    "ref": ref,
                    "source": AUTHORED,
                    "precision_m": 1000,
                    "note": "Drawn by hand from the city's edge; "
                    "class as OSM tags the street there.",
                },
            )
        )
    return collection(feats)


def build_base() -> dict[str, Any]:
    """The base layer files, by path under data/geojson/.

    The OSM-derived streets, blocks and places are rebuilt only when the extracts are found
    (:func:`osm_base.extract_dir`); otherwise the files already in the data set are kept.
    """
    files = {
        "base/siversk.geojson": siversk(),
        "base/rivers.geojson": rivers(),
        "base/roads.geojson": roads(),
    }
    base = osm_base.extract_dir()
    if base is None:
        print(
            "OSM extracts not found: base/streets, built_up and settlements kept as they are",
            file=sys.stderr,
        )
        return files
    files["base/streets.geojson"] = collection(osm_base.streets(base))
    files["base/built_up.geojson"] = collection(osm_base.blocks(base))
    files["base/settlements.geojson"] = settlements(osm_base.towns(base))
    return files
