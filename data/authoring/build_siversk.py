"""Build the bundled siversk-map data set (data/geojson/) from hand-authored coordinates.

Every coordinate below was authored by hand for siversk-map from public facts: encyclopedia
coordinates of settlements, the general course of the rivers and roads on public maps, and text
reports of where the front ran (see data/geojson/README.md). No geometry was copied from any
third-party data set. Positions are approximate; each feature carries `precision_m`.

Control polygons are not drawn by hand: for each date one front line (the Russian forward edge,
running from the north edge of the area of interest to its south edge) is authored, and the
area of interest is split by it: east of the line = Russian-held (`ru`), west = Ukrainian-held
(`ua`), minus any hand-drawn `contested` (grey-zone) patches, which are cut out of both. The
three sides therefore tile the box without overlapping.

Run from anywhere:  python data/authoring/build_siversk.py
The output is deterministic (sorted keys, fixed rounding): re-running reproduces it byte for byte.
Only json, shapely and pyproj are used.
"""
from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, mapping
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1] / "geojson"
BBOX = (37.85, 48.70, 38.45, 49.05)  # min_lon, min_lat, max_lon, max_lat
W, S, E, N = BBOX
AOI = box(W, S, E, N)
GRID = 1e-5  # 5 decimal places

AUTHORED = "Authored by siversk-map from public maps; position approximate"

# --------------------------------------------------------------------------------------------
# Static (base) layers
# --------------------------------------------------------------------------------------------

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

# --------------------------------------------------------------------------------------------
# Dated layers: one hand-authored front line per date (Russian forward edge), north -> south.
# The first vertex lies on the north edge of the box (lat 49.05), the last on the south edge
# (lat 48.70). Everything east of the line is Russian-held.
# --------------------------------------------------------------------------------------------

FRONT = {
    # After the fall of Lysychansk (3 July 2022): Russian forces on the north bank of the Donets
    # around Kreminna, Ukrainian forces holding Bilohorivka (Luhansk), the line running south
    # some 15-20 km east of Siversk toward the eastern approaches of Soledar.
    "2022-07-04": [
        (38.1200, 49.0500), (38.1300, 49.0150), (38.1700, 48.9850), (38.2200, 48.9600),
        (38.2700, 48.9400), (38.2900, 48.9150), (38.3150, 48.8900), (38.3500, 48.8700),
        (38.3450, 48.8400), (38.3200, 48.8050), (38.2700, 48.7700), (38.2100, 48.7400),
        (38.1600, 48.7200), (38.1300, 48.7000),
    ],
    # Soledar taken in January 2023: the southern part of the line swings west of Soledar; the
    # north-bank forest front west of Kreminna stays put after the autumn-2022 Lyman operation.
    "2023-01-16": [
        (38.0800, 49.0500), (38.1000, 49.0150), (38.1500, 48.9850), (38.2100, 48.9600),
        (38.2650, 48.9400), (38.2850, 48.9150), (38.3050, 48.8900), (38.3300, 48.8700),
        (38.3200, 48.8400), (38.2900, 48.8050), (38.2300, 48.7750), (38.1600, 48.7450),
        (38.0650, 48.7200), (37.9950, 48.7000),
    ],
    "2023-09-01": [
        (38.0300, 49.0500), (38.0600, 49.0150), (38.1200, 48.9850), (38.1900, 48.9600),
        (38.2500, 48.9400), (38.2750, 48.9150), (38.2950, 48.8900), (38.3150, 48.8700),
        (38.3050, 48.8400), (38.2750, 48.8050), (38.2150, 48.7750), (38.1350, 48.7450),
        (38.0300, 48.7200), (37.9500, 48.7000),
    ],
    # Winter 2023-24: Russian forces at the eastern outskirts of Spirne south-east of Siversk.
    "2024-01-01": [
        (38.0300, 49.0500), (38.0600, 49.0150), (38.1200, 48.9850), (38.1900, 48.9600),
        (38.2500, 48.9400), (38.2700, 48.9150), (38.2900, 48.8900), (38.3050, 48.8700),
        (38.2900, 48.8400), (38.2600, 48.8050), (38.2050, 48.7750), (38.1300, 48.7450),
        (38.0250, 48.7200), (37.9450, 48.7000),
    ],
    # Summer 2024: Spirne and Ivano-Darivka taken.
    "2024-07-08": [
        (38.0300, 49.0500), (38.0600, 49.0150), (38.1200, 48.9850), (38.1900, 48.9600),
        (38.2450, 48.9400), (38.2650, 48.9150), (38.2750, 48.8900), (38.2750, 48.8700),
        (38.2500, 48.8450), (38.2200, 48.8200), (38.1900, 48.7850), (38.1300, 48.7500),
        (38.0250, 48.7200), (37.9400, 48.7000),
    ],
    "2025-01-02": [
        (38.0300, 49.0500), (38.0600, 49.0150), (38.1200, 48.9850), (38.1900, 48.9600),
        (38.2400, 48.9400), (38.2550, 48.9150), (38.2600, 48.8900), (38.2500, 48.8700),
        (38.2250, 48.8450), (38.2000, 48.8200), (38.1750, 48.7900), (38.1250, 48.7550),
        (38.0250, 48.7200), (37.9400, 48.7000),
    ],
    "2025-07-01": [
        (38.0200, 49.0500), (38.0500, 49.0150), (38.1100, 48.9850), (38.1800, 48.9600),
        (38.2250, 48.9400), (38.2350, 48.9150), (38.2300, 48.8900), (38.2150, 48.8700),
        (38.1950, 48.8450), (38.1700, 48.8200), (38.1450, 48.7900), (38.1050, 48.7550),
        (38.0200, 48.7200), (37.9350, 48.7000),
    ],
    # Late summer 2025: Verkhniokamianske and the heights north-east of Siversk (Hryhorivka,
    # towards Serebrianka) lost, Russian pressure in the Serebrianka forest north of the Donets;
    # Russian forces on the Zvanivka side of the southern flank.
    "2025-09-01": [
        (37.9700, 49.0500), (37.9800, 49.0150), (38.0300, 48.9850), (38.0900, 48.9600),
        (38.1300, 48.9400), (38.1500, 48.9150), (38.1600, 48.8900), (38.1750, 48.8650),
        (38.1700, 48.8450), (38.1450, 48.8200), (38.1200, 48.7900), (38.0950, 48.7550),
        (38.0150, 48.7200), (37.9300, 48.7000),
    ],
    "2025-11-25": [
        (37.9700, 49.0500), (37.9800, 49.0150), (38.0250, 48.9850), (38.0800, 48.9550),
        (38.1150, 48.9350), (38.1300, 48.9100), (38.1380, 48.8850), (38.1400, 48.8700),
        (38.1350, 48.8550), (38.1250, 48.8400), (38.1050, 48.8150), (38.0950, 48.7900),
        (38.0800, 48.7550), (38.0100, 48.7200), (37.9300, 48.7000),
    ],
    "2025-12-01": [
        (37.9700, 49.0500), (37.9800, 49.0150), (38.0250, 48.9850), (38.0750, 48.9550),
        (38.1050, 48.9350), (38.1200, 48.9100), (38.1300, 48.8850), (38.1320, 48.8700),
        (38.1280, 48.8560), (38.1150, 48.8420), (38.1000, 48.8250), (38.0900, 48.8000),
        (38.0750, 48.7550), (38.0100, 48.7200), (37.9300, 48.7000),
    ],
    # 10 Dec 2025: infiltration on the flanks, above all from the south, and from the east near
    # Verkhniokamianske; the Bakhmutka is the active line of engagement.
    "2025-12-10": [
        (37.9700, 49.0500), (37.9800, 49.0150), (38.0200, 48.9850), (38.0700, 48.9550),
        (38.1000, 48.9350), (38.1150, 48.9100), (38.1250, 48.8850), (38.1250, 48.8720),
        (38.1180, 48.8620), (38.1080, 48.8540), (38.1000, 48.8480), (38.0930, 48.8400),
        (38.0870, 48.8250), (38.0820, 48.8000), (38.0700, 48.7550), (38.0050, 48.7200),
        (37.9300, 48.7000),
    ],
    # 13 Dec 2025: much of the city east of the Bakhmutka infiltrated; the river is the likely
    # last defensive line.
    "2025-12-13": [
        (37.9700, 49.0500), (37.9800, 49.0150), (38.0200, 48.9850), (38.0700, 48.9550),
        (38.0950, 48.9350), (38.1100, 48.9100), (38.1200, 48.8850), (38.1150, 48.8740),
        (38.1060, 48.8660), (38.1010, 48.8580), (38.0980, 48.8500), (38.0920, 48.8400),
        (38.0850, 48.8250), (38.0800, 48.8000), (38.0680, 48.7550), (38.0050, 48.7200),
        (37.9300, 48.7000),
    ],
    # 15 Dec 2025: Russian forward edge at the Bakhmutka in the south of the city, grey zone over
    # most of the centre.
    "2025-12-15": [
        (37.9700, 49.0500), (37.9800, 49.0150), (38.0200, 48.9850), (38.0650, 48.9550),
        (38.0900, 48.9350), (38.1050, 48.9100), (38.1150, 48.8850), (38.1100, 48.8760),
        (38.1020, 48.8680), (38.0990, 48.8600), (38.0960, 48.8520), (38.0900, 48.8420),
        (38.0820, 48.8250), (38.0780, 48.8000), (38.0650, 48.7550), (38.0000, 48.7200),
        (37.9250, 48.7000),
    ],
}

# Contested (grey-zone) patches, cut out of both sides.
CONTESTED = {
    "2025-11-25": [
        # first incursions at the eastern and south-eastern edge of the built-up area
        [(38.1250, 48.8620), (38.1400, 48.8610), (38.1420, 48.8730), (38.1260, 48.8740),
         (38.1250, 48.8620)],
        [(38.1100, 48.8430), (38.1280, 48.8480), (38.1240, 48.8560), (38.1080, 48.8500),
         (38.1100, 48.8430)],
    ],
    # The first incursions remain grey on 1 Dec: the line moved up to them, not past them.
    "2025-12-01": [
        [(38.1250, 48.8620), (38.1400, 48.8610), (38.1420, 48.8730), (38.1260, 48.8740),
         (38.1250, 48.8620)],
        [(38.1100, 48.8430), (38.1280, 48.8480), (38.1240, 48.8560), (38.1080, 48.8500),
         (38.1100, 48.8430)],
    ],
    "2025-12-10": [
        # eastern half of the city up to the Bakhmutka
        [(38.0980, 48.8540), (38.1080, 48.8540), (38.1180, 48.8620), (38.1250, 48.8720),
         (38.1200, 48.8780), (38.1050, 48.8790), (38.0960, 48.8760), (38.0975, 48.8640),
         (38.0980, 48.8540)],
    ],
    "2025-12-13": [
        [(38.0980, 48.8500), (38.1010, 48.8580), (38.1060, 48.8660), (38.1150, 48.8740),
         (38.1120, 48.8800), (38.0990, 48.8810), (38.0950, 48.8740), (38.0975, 48.8640),
         (38.0950, 48.8560), (38.0980, 48.8500)],
    ],
    "2025-12-15": [
        # grey zone over the centre on both banks of the Bakhmutka
        [(38.0960, 48.8520), (38.0990, 48.8600), (38.1020, 48.8680), (38.1100, 48.8760),
         (38.1070, 48.8810), (38.0950, 48.8820), (38.0880, 48.8760), (38.0890, 48.8650),
         (38.0880, 48.8560), (38.0960, 48.8520)],
    ],
}

SOURCE_NOTES = {
    "2022-07-04": ("Authored by siversk-map from public reporting on the line after the fall of "
                   "Lysychansk (Ukrainian General Staff, ISW daily assessments, July 2022); line approximate",
                   "2022-07-04", 2000),
    "2023-01-16": ("Authored by siversk-map from public reporting after the fall of Soledar "
                   "(ISW, DeepState, January 2023); line approximate", "2023-01-16", 2000),
    "2023-09-01": ("Authored by siversk-map from public reporting (ISW, DeepState, 2023); line approximate",
                   "2023-09-01", 2000),
    "2024-01-01": ("Authored by siversk-map from public reporting (ISW, DeepState, winter 2023-24: "
                   "Russian forces at the eastern outskirts of Spirne); line approximate", "2024-01-01", 1500),
    "2024-07-08": ("Authored by siversk-map from public reporting (ISW, DeepState, July 2024: "
                   "Spirne and Ivano-Darivka taken); line approximate", "2024-07-08", 1500),
    "2025-01-02": ("Authored by siversk-map from public reporting (ISW, DeepState, winter 2024-25); "
                   "line approximate", "2025-01-02", 1500),
    "2025-07-01": ("Authored by siversk-map from public reporting (ISW, DeepState, summer 2025); "
                   "line approximate", "2025-07-01", 1000),
    "2025-09-01": ("Authored by siversk-map from public reporting (11th Army Corps via Suspilne, "
                   "Kyiv Independent, DeepState, September 2025); line approximate", "2025-09-01", 1000),
    "2025-11-25": ("Authored by siversk-map from DeepState's report of incursions into the urban "
                   "area (25 November 2025); line approximate", "2025-11-25", 500),
    "2025-12-01": ("Authored by siversk-map from public reporting (DeepState, early December 2025); "
                   "line approximate", "2025-12-01", 500),
    "2025-12-10": ("Authored by siversk-map from DeepState co-founder Roman Pohorilyi's description "
                   "(10 December 2025); line approximate", "2025-12-10", 500),
    "2025-12-13": ("Authored by siversk-map from Ukrainska Pravda's report citing military sources "
                   "(13 December 2025); line approximate", "2025-12-13", 500),
    "2025-12-15": ("Authored by siversk-map after the front shown on the DeepState map on "
                   "15 December 2025 (drawn by hand, not copied); line approximate", "2025-12-15", 500),
}

CONTROL_NOTES = {
    "2023-01-16": ("In autumn 2022 Ukraine's Kharkiv-Lyman counter-offensive pushed Russian forces "
                   "back on the north bank of the Siverskyi Donets (a loss reported for Russia, "
                   "not drawn as a separate date here); the series resumes after Soledar fell."),
}

AXES = {
    "2025-12-10": [
        ("2025-12-10-axis-south", "Russian infiltration from the southern flank (Zvanivka side)",
         [(38.0880, 48.8150), (38.0920, 48.8300), (38.0960, 48.8450), (38.0990, 48.8560)],
         "DeepState (co-founder Roman Pohorilyi)",
         "Infiltration first on the flanks, particularly from the south."),
        ("2025-12-10-axis-east", "Russian infiltration from the east near Verkhniokamianske",
         [(38.1900, 48.8610), (38.1650, 48.8630), (38.1400, 48.8650), (38.1200, 48.8680)],
         "DeepState (co-founder Roman Pohorilyi)",
         "Later from the east near Verkhniokamianske, where the 54th Brigade had held the line for a long time."),
    ],
}

KYIV_INDEPENDENT_SEP_1 = ("https://kyivindependent.com/russian-forces-allegedly-preparing-major-"
                          "assault-toward-siversk-in-donetsk-oblast-ukraines-military-says")

EVENTS = [
    ("2025-09-01", "2025-09-01-ev-zaporozhets", "11th Army Corps expects an assault on Siversk",
     "Dmytro Zaporozhets, spokesman of the 11th Army Corps, told Suspilne that Russian forces were "
     "expected to launch an offensive toward Siversk to establish a foothold before the autumn rains.",
     "Suspilne (Dmytro Zaporozhets, 11th Army Corps), reported by Kyiv Independent",
     KYIV_INDEPENDENT_SEP_1, "reported", (38.1200, 48.8700), 1000),
    ("2025-11-25", "2025-11-25-ev-deepstate", "DeepState: sharp increase in attacks on Siversk",
     "DeepState reported a sharp increase in Russian attacks on Siversk and incursions into the "
     "urban area.", "DeepState", "https://deepstatemap.live/", "reported", (38.1300, 48.8650), 500),
    ("2025-12-10", "2025-12-10-ev-pohorilyi", "Infiltration of Siversk from several directions",
     "DeepState co-founder Roman Pohorilyi: Russian forces infiltrated from several directions, first "
     "on the flanks, particularly from the south, later from the east near Verkhniokamianske, where "
     "the 54th Brigade held the line for a long time; the Bakhmutka River marks the active line of "
     "engagement.", "DeepState (co-founder Roman Pohorilyi)", "https://deepstatemap.live/",
     "reported", (38.0975, 48.8600), 500),
    ("2025-12-11", "2025-12-11-ev-kremlin-claim", "Kremlin claims full control of Siversk",
     "At a briefing to Vladimir Putin, Chief of the General Staff Valery Gerasimov claimed Russian "
     "forces had taken full control of Siversk.",
     "Russian Ministry of Defence / Kremlin (Gerasimov briefing to Putin)", "http://en.kremlin.ru/",
     "claimed", (38.0970, 48.8630), 500),
    ("2025-12-11", "2025-12-11-ev-denial", "Ukraine denies the capture of Siversk",
     "Ukrainian officials and analysts denied the Russian claim, saying Ukrainian forces still held "
     "parts of the city and fighting continued.", "Ukrainian officials and analysts", None,
     "reported", (38.0900, 48.8680), 500),
    ("2025-12-13", "2025-12-13-ev-ukrainska-pravda", "Bakhmutka as the last defensive line",
     "Ukrainska Pravda, citing military sources: Russian forces have infiltrated much of the city; "
     "the Bakhmutka River is the natural barrier and likely the last defensive line.",
     "Ukrainska Pravda (citing military sources)", "https://www.pravda.com.ua/eng/", "reported",
     (38.0960, 48.8700), 500),
    ("2025-12-14", "2025-12-14-ev-butolin", "54th Brigade: no full Russian control",
     "Maksym Butolin, chief sergeant of the 54th Separate Mechanised Brigade: \"talking about full "
     "control of the city is impossible.\"",
     "Maksym Butolin, chief sergeant, 54th Separate Mechanised Brigade", None, "reported",
     (38.0880, 48.8640), 500),
    ("2025-12-16", "2025-12-16-ev-fighting", "Fighting continues inside Siversk",
     "The 54th Brigade reported that fighting was still going on inside the city.",
     "54th Separate Mechanised Brigade", None, "reported", (38.0920, 48.8600), 500),
]

# Advance measured from the 2022-07-04 line to the Russian forward edge at the Bakhmutka in
# Siversk on 2025-12-15, along the Lysychansk-Siversk axis.
MEASURE = [
    (38.3500, 48.8700), (38.3000, 48.8760), (38.2500, 48.8680), (38.1967, 48.8610),
    (38.1500, 48.8630), (38.1200, 48.8590), (38.0960, 48.8520),
]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

def r5(x: float) -> float:
    return round(float(x) + 0.0, 5)


def coords_list(seq):
    return [[r5(x), r5(y)] for x, y in seq]


def clean_polygonal(geom):
    """Snap to the 1e-5 grid, drop slivers, orient exteriors counter-clockwise."""
    geom = shapely.set_precision(geom, GRID)
    polys = []
    for g in getattr(geom, "geoms", [geom]):
        if isinstance(g, Polygon) and not g.is_empty and g.area > 1e-9:
            polys.append(orient(g, 1.0))
        elif isinstance(g, MultiPolygon):
            polys.extend(orient(p, 1.0) for p in g.geoms if p.area > 1e-9)
    if not polys:
        return None
    out = polys[0] if len(polys) == 1 else MultiPolygon(sorted(polys, key=lambda p: -p.area))
    assert out.is_valid, out
    return out


def geom_json(geom):
    m = mapping(geom)

    def rnd(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            return [r5(c[0]), r5(c[1])]
        return [rnd(x) for x in c]

    return {"type": m["type"], "coordinates": rnd(m["coordinates"])}


def feature(fid, geom, props):
    props = {k: v for k, v in props.items() if v is not None}
    return {"type": "Feature", "id": fid, "geometry": geom, "properties": props}


def ru_side(line_coords):
    """Polygon east of a north->south line across the box."""
    (x0, y0), (x1, y1) = line_coords[0], line_coords[-1]
    assert y0 == N and y1 == S, "front lines run from the north edge to the south edge"
    ring = list(line_coords) + [(E, S), (E, N), line_coords[0]]
    poly = Polygon(ring)
    assert poly.is_valid, "front line self-intersects"
    return poly.intersection(AOI)


def write(path: Path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")


def collection(features):
    return {"type": "FeatureCollection", "features": features}


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------

def build_base():
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


def build_dated():
    files = {}
    dates = sorted(set(FRONT) | {e[0] for e in EVENTS})
    city = Polygon(SIVERSK_BUILT_UP)
    for d in dates:
        feats = []
        if d in FRONT:
            source, sdate, prec = SOURCE_NOTES[d]
            contested = unary_union([Polygon(r) for r in CONTESTED.get(d, [])]) if d in CONTESTED else None
            ru = ru_side(FRONT[d])
            if contested is not None:
                ru = ru.difference(contested)
            ru = clean_polygonal(ru)
            taken = ru if contested is None else unary_union([ru, contested])
            ua = clean_polygonal(AOI.difference(taken))
            common = {"layer": "control", "date": d, "status": "assessed", "source": source,
                      "source_date": sdate, "precision_m": prec}
            feats.append(feature(f"{d}-ctl-ru", geom_json(ru), dict(common, side="ru",
                                 note=CONTROL_NOTES.get(d))))
            feats.append(feature(f"{d}-ctl-ua", geom_json(ua), dict(common, side="ua")))
            if contested is not None:
                cg = clean_polygonal(contested.intersection(AOI))
                feats.append(feature(f"{d}-ctl-contested", geom_json(cg), dict(
                    common, side="contested",
                    note="Grey zone: Russian infiltration, control unclear.")))
            fl = LineString(FRONT[d])
            feats.append(feature(f"{d}-front-ru", {"type": "LineString", "coordinates": coords_list(fl.coords)}, {
                "layer": "front_line", "date": d, "side": "ru", "status": "assessed",
                "source": source, "source_date": sdate, "precision_m": prec,
                "name": "Russian forward edge",
            }))
        for fid, name, pts, src, note in AXES.get(d, []):
            feats.append(feature(fid, {"type": "LineString", "coordinates": coords_list(pts)}, {
                "layer": "axis", "date": d, "side": "ru", "status": "reported", "name": name,
                "note": note + " Last vertex = head of the axis.", "source": src, "source_date": d,
                "source_url": "https://deepstatemap.live/", "precision_m": 1000,
            }))
        if d == "2025-12-11":
            feats.append(feature("2025-12-11-claim-ru", geom_json(clean_polygonal(city)), {
                "layer": "control", "date": d, "side": "ru", "status": "claimed",
                "name": "Claimed Russian control of Siversk",
                "source": "Russian Ministry of Defence / Kremlin (Gerasimov briefing to Putin)",
                "source_date": d, "source_url": "http://en.kremlin.ru/", "precision_m": 500,
                "note": "Claim, not verified; denied by Ukrainian officials and analysts. Drawn as the "
                        "whole built-up area of the city.",
            }))
        if d == "2025-12-15":
            ml = LineString(MEASURE)
            feats.append(feature("2025-12-15-measure-advance", {"type": "LineString",
                                 "coordinates": coords_list(ml.coords)}, {
                "layer": "measure", "date": d, "status": "assessed", "kind": "advance",
                "name": "Russian advance toward Siversk since July 2022 (about 19 km)",
                "note": "Measures the advance from the line east of Siversk after the fall of Lysychansk "
                        "(2022-07-04) to the Russian forward edge at the Bakhmutka in Siversk "
                        "(2025-12-15): about 19 km in more than three years, as reported in coverage of "
                        "the battle in December 2025, one of the most stable sectors of the front.",
                "source": "siversk-map, measured between its 2022-07-04 and 2025-12-15 lines; "
                          "figure as reported in December 2025 press coverage",
                "source_date": d, "precision_m": 1000,
            }))
        for ed, fid, name, summary, src, url, status, (lon, lat), prec in EVENTS:
            if ed != d:
                continue
            feats.append(feature(fid, {"type": "Point", "coordinates": [r5(lon), r5(lat)]}, {
                "layer": "event", "date": d, "name": name, "summary": summary, "source": src,
                "source_date": d, "source_url": url, "status": status, "precision_m": prec,
            }))
        files[f"dated/{d}.geojson"] = collection(feats)
    return files


MANIFEST = {
    "name": "siversk",
    "title": "Siversk, Donetsk Oblast: front line and control, July 2022 - December 2025",
    "bbox": [W, S, E, N],
    "reference_point": {"name": "Siversk city centre", "lon": 38.1, "lat": 48.868},
    "river_line": ["bakhmutka-river-siversk"],
    "view": {"center": [48.868, 38.1], "zoom": 12},
    "attribution": ("Geometry authored by siversk-map from public reporting: DeepState "
                    "(incl. co-founder Roman Pohorilyi), Ukrainska Pravda, Suspilne / Kyiv Independent "
                    "(11th Army Corps), 54th Separate Mechanised Brigade, ISW, Russian Ministry of "
                    "Defence / Kremlin (claims), public gazetteers and maps"),
    "precision_note": ("Positions are approximate, drawn by hand from text reports and public maps: "
                       "typically 300-500 m for December 2025, 1-2 km for older lines and for some "
                       "villages; see each feature's precision_m."),
    "facts": [
        "Population before the full-scale invasion: about 11,000 (10,875 on 1 January 2022); "
        "several hundred by late 2025.",
        "Siversk lies on the Bakhmutka river, a right tributary of the Siverskyi Donets.",
        "The city shields the approaches to Sloviansk and Kramatorsk from the east.",
        "The front moved about 19 km toward the city between July 2022 and December 2025, one of "
        "the most stable sectors of the front.",
    ],
}


def main():
    files = {"manifest.json": MANIFEST}
    files.update(build_base())
    files.update(build_dated())
    for rel, obj in sorted(files.items()):
        write(ROOT / rel, obj)
    print(f"wrote {len(files)} files under {ROOT}")


if __name__ == "__main__":
    main()
