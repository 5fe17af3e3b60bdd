"""Base geography of the bundled data set: the city, villages, rivers and roads.

Every coordinate here was placed by hand for siversk-map from public facts (encyclopedia
coordinates, the general course of rivers and roads on public maps). See data/geojson/README.md.
"""

from __future__ import annotations

from typing import Any

from shapely.geometry import Polygon

from common import AUTHORED, clean_polygonal, collection, coords_list, feature, geom_json, r5

# Siversk built-up area (about 11 km2; the city lies in the Bakhmutka valley, centre ~48.863 N
# 38.097 E per public gazetteers). Drawn as a rough outline, counter-clockwise.
SIVERSK_BUILT_UP = [
    (38.0700, 48.8520), (38.0800, 48.8470), (38.0930, 48.8455), (38.1050, 48.8470),
    (38.1170, 48.8500), (38.1270, 48.8560), (38.1300, 48.8640), (38.1250, 48.8720),
    (38.1140, 48.8780), (38.1000, 48.8800), (38.0860, 48.8790), (38.0750, 48.8740),
    (38.0680, 48.8650), (38.0700, 48.8520),
]

# Administrative boundary of the city (looser than the built-up outline).
SIVERSK_BOUNDARY = [
    (38.0620, 48.8480), (38.0780, 48.8410), (38.0950, 48.8390), (38.1120, 48.8410),
    (38.1280, 48.8470), (38.1370, 48.8580), (38.1380, 48.8690), (38.1300, 48.8790),
    (38.1140, 48.8860), (38.0960, 48.8880), (38.0800, 48.8860), (38.0670, 48.8800),
    (38.0600, 48.8680), (38.0620, 48.8480),
]

# Settlements: (id, English name, Ukrainian name, kind, lon, lat, precision_m, note)
SETTLEMENTS = [
    ("settlement-verkhniokamianske", "Verkhniokamianske", "Верхньокам'янське", "village",
     38.1967, 48.8603, 500, "About 7 km east of Siversk on the Kamianka, a tributary of the Bakhmutka."),
    ("settlement-spirne", "Spirne", "Спірне", "village", 38.2460, 48.8070, 500,
     "South-east of Siversk (Soledar hromada)."),
    ("settlement-ivano-darivka", "Ivano-Darivka", "Івано-Дар'ївка", "village", 38.2150, 48.8300, 2000,
     "South-east of Siversk, north-west of Spirne; placed from its reported relative position."),
    ("settlement-zvanivka", "Zvanivka", "Званівка", "village", 38.0856, 48.8117, 500,
     "About 6 km south of Siversk in the Bakhmutka valley."),
    ("settlement-yampil", "Yampil", "Ямпіль", "town", 37.9570, 48.9330, 1000,
     "North-west of Siversk, on the road to Lyman, near the left (north) bank of the Siverskyi Donets."),
    ("settlement-serebrianka", "Serebrianka", "Серебрянка", "village", 38.0950, 48.9190, 2000,
     "North of Siversk on the right (south) bank of the Siverskyi Donets; position approximate."),
    ("settlement-hryhorivka", "Hryhorivka", "Григорівка", "village", 38.1650, 48.9310, 2500,
     "North-east of Siversk near the Siverskyi Donets, east of Serebrianka; position approximate."),
    ("settlement-bilohorivka-luhansk", "Bilohorivka (Luhansk Oblast)", "Білогорівка", "village",
     38.2486, 48.9272, 500,
     "The Luhansk Oblast Bilohorivka on the Siverskyi Donets, east-north-east of Siversk. Not the "
     "Donetsk Oblast village of the same name south-east of Siversk, which is not placed here."),
    ("settlement-lysychansk", "Lysychansk", "Лисичанськ", "city", 38.4330, 48.9040, 1500,
     "About 24 km east-north-east of Siversk; fell to Russian forces on 3 July 2022."),
]

# Bakhmutka: enters the box from the south (Soledar direction), runs north through Zvanivka and
# Siversk and joins the Siverskyi Donets north of the city. Upstream -> downstream.
BAKHMUTKA = [
    (38.0760, 48.7000), (38.0790, 48.7300), (38.0810, 48.7600), (38.0840, 48.7900),
    (38.0860, 48.8120), (38.0900, 48.8300), (38.0940, 48.8450), (38.0970, 48.8560),
    (38.0975, 48.8640), (38.0950, 48.8740), (38.0900, 48.8860), (38.0840, 48.9000),
    (38.0790, 48.9140), (38.0760, 48.9250),
]

# Siverskyi Donets: upstream (west, from the Raihorodok side) -> downstream (east, Lysychansk);
# it passes south of Yampil and north of Siversk.
DONETS = [
    (37.8500, 48.8850), (37.8900, 48.8870), (37.9300, 48.8900), (37.9700, 48.8960),
    (38.0000, 48.9030), (38.0300, 48.9150), (38.0600, 48.9240), (38.0760, 48.9260),
    (38.1100, 48.9290), (38.1600, 48.9380), (38.2100, 48.9400), (38.2500, 48.9400),
    (38.2850, 48.9650), (38.3100, 48.9950), (38.3500, 49.0100), (38.3900, 49.0000),
    (38.4200, 48.9600), (38.4400, 48.9350), (38.4500, 48.9250),
]

ROADS = [
    ("road-siversk-sloviansk", "Siversk - Sloviansk / Kramatorsk direction", "main road",
     [(38.0700, 48.8620), (38.0300, 48.8580), (37.9800, 48.8550), (37.9200, 48.8520), (37.8500, 48.8500)]),
    ("road-siversk-lysychansk", "Siversk - Lysychansk direction", "main road",
     [(38.1280, 48.8640), (38.1600, 48.8630), (38.1967, 48.8600), (38.2500, 48.8650),
      (38.3000, 48.8750), (38.3600, 48.8880), (38.4300, 48.9000)]),
    ("road-siversk-bakhmut", "Siversk - Soledar / Bakhmut direction", "main road",
     [(38.0950, 48.8470), (38.0900, 48.8300), (38.0870, 48.8117), (38.0830, 48.7800),
      (38.0800, 48.7400), (38.0780, 48.7000)]),
    ("road-siversk-lyman", "Siversk - Yampil - Lyman direction", "main road",
     [(38.0750, 48.8740), (38.0400, 48.8900), (38.0000, 48.9080), (37.9570, 48.9330),
      (37.9200, 48.9600), (37.8800, 48.9800), (37.8500, 48.9950)]),
]


def build_base() -> dict[str, Any]:
    """The base layer files, by path under data/geojson/."""
    files = {}
    city = clean_polygonal(Polygon(SIVERSK_BUILT_UP))
    bnd = clean_polygonal(Polygon(SIVERSK_BOUNDARY))
    feats = [
        feature("settlement-siversk", geom_json(city), {
            "layer": "settlement", "kind": "city", "name": "Siversk", "name_uk": "Сіверськ",
            "source": AUTHORED, "precision_m": 300,
            "note": "Built-up area drawn by hand around the city centre (about 48.863 N, 38.097 E).",
        }),
        feature("boundary-siversk", geom_json(bnd), {
            "layer": "boundary", "kind": "city boundary", "name": "Siversk city boundary",
            "name_uk": "Межа міста Сіверськ", "source": AUTHORED, "precision_m": 500,
        }),
    ]
    files["base/siversk.geojson"] = collection(feats)

    feats = []
    for fid, name, name_uk, kind, lon, lat, prec, note in SETTLEMENTS:
        feats.append(feature(fid, {"type": "Point", "coordinates": [r5(lon), r5(lat)]}, {
            "layer": "settlement", "kind": kind, "name": name, "name_uk": name_uk,
            "source": AUTHORED, "precision_m": prec, "note": note,
        }))
    files["base/settlements.geojson"] = collection(feats)

    feats = [
        # The Bakhmutka is split where it enters and leaves Siversk: the city reach is the
        # defensive line the front's distance is measured to (the manifest's river_line).
        feature("bakhmutka-river-south", {"type": "LineString", "coordinates": coords_list(BAKHMUTKA[:7])}, {
            "layer": "river", "kind": "river", "name": "Bakhmutka (upstream of Siversk)", "name_uk": "Бахмутка",
            "source": AUTHORED, "precision_m": 300,
            "note": "Right tributary of the Siverskyi Donets; flows north through Zvanivka towards Siversk. "
                    "Drawn upstream to downstream.",
        }),
        feature("bakhmutka-river-siversk", {"type": "LineString", "coordinates": coords_list(BAKHMUTKA[6:11])}, {
            "layer": "river", "kind": "river", "name": "Bakhmutka through Siversk (last defensive line, Dec 2025)",
            "name_uk": "Бахмутка в Сіверську", "source": AUTHORED, "precision_m": 300,
            "note": "The reach through the city: the active line of engagement and likely last defensive "
                    "line in December 2025 (DeepState; Ukrainska Pravda citing military sources). "
                    "Distances to the river line are measured to this reach.",
        }),
        feature("bakhmutka-river-north", {"type": "LineString", "coordinates": coords_list(BAKHMUTKA[10:])}, {
            "layer": "river", "kind": "river", "name": "Bakhmutka (downstream of Siversk)", "name_uk": "Бахмутка",
            "source": AUTHORED, "precision_m": 300,
            "note": "Lower course to its mouth on the Siverskyi Donets. Drawn upstream to downstream.",
        }),
        feature("siverskyi-donets-river", {"type": "LineString", "coordinates": coords_list(DONETS)}, {
            "layer": "river", "kind": "river", "name": "Siverskyi Donets", "name_uk": "Сіверський Донець",
            "source": AUTHORED, "precision_m": 1500,
            "note": "Drawn upstream (west) to downstream (east); course simplified (meanders omitted).",
        }),
    ]
    files["base/rivers.geojson"] = collection(feats)

    feats = []
    for fid, name, kind, pts in ROADS:
        feats.append(feature(fid, {"type": "LineString", "coordinates": coords_list(pts)}, {
            "layer": "road", "kind": kind, "name": name, "source": AUTHORED, "precision_m": 1000,
        }))
    files["base/roads.geojson"] = collection(feats)
    return files
