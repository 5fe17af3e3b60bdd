"""The story of the bundled data set: events, axes, claims, the advance measure and the manifest.

Each event names its source, the source's date and, where one exists, its URL. Status: `reported`
for one source's text, `claimed` for a party's claim, `assessed` only where a mapping project
published the assessment.
"""

from __future__ import annotations

from typing import Any

from common import BBOX

W, S, E, N = BBOX

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



# Claims drawn as `control` features with status `claimed` (never counted as control):
# (date, id, name, shell, source, source_url, precision_m, note)
CLAIMS: list[tuple[str, str, str, list[tuple[float, float]] | None, str, str | None, float, str]] = [
    ("2025-12-11", "2025-12-11-claim-ru", "Claimed Russian control of Siversk", None,
     "Russian Ministry of Defence / Kremlin (Gerasimov briefing to Putin)", "http://en.kremlin.ru/",
     500,
     "Claim, not verified; denied by Ukrainian officials and analysts. Drawn as the whole built-up "
     "area of the city."),
]

# The measure's date: the line is drawn on this date's file.
MEASURE_DATE = "2025-12-15"

MANIFEST = {
    "name": "siversk",
    "title": "Siversk, Donetsk Oblast: front line and control, July 2022 - December 2025",
    "bbox": [W, S, E, N],
    "reference_point": {"name": "Siversk city centre", "lon": 38.0972, "lat": 48.8631},
    "river_line": ["bakhmutka-river-siversk"],
    "river_name": "Bakhmutka",
    "view": {"center": [48.8657, 38.0937], "zoom": 12},
    "base_attribution": "© OpenStreetMap contributors",
    "base_extract_date": "2025-03-16",
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


