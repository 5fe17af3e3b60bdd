"""Hand-drawn control states of the bundled data set, in December 2025, the fall of the city.

``STATES`` maps a date (the state as of the evening of that date) to what was drawn for it:

- ``ru``: shells (lists of ``(lon, lat)``) of Russian-held ground, drawn by hand; they may run past
  the area of interest and are clipped to it;
- ``ru_minus`` (optional): shells cut out of ``ru`` (Ukrainian-held pockets);
- ``contested`` (optional): grey-zone shells, cut out of both sides;
- ``status``: ``assessed`` where a mapping project published the assessment the line was drawn
  after, ``reported`` where it was drawn from one source's text;
- ``source``, ``source_date``, ``source_url`` (or None), ``precision_m``, ``note`` (or None).

Ukrainian-held ground is the rest of the area. The front line is the edge of ``ru`` inside the area.
Every vertex is placed by hand, as a cartographer traces; none is computed from any archive.
"""

from __future__ import annotations

from typing import Any

from common import E, N, S

STATES: dict[str, dict[str, Any]] = {
    "2025-12-01": {
        "ru": [
            [
                (37.9700, 49.0500), (37.9800, 49.0150), (38.0250, 48.9850), (38.0750, 48.9550),
                (38.1050, 48.9350), (38.1200, 48.9100), (38.1300, 48.8850), (38.1320, 48.8700),
                (38.1280, 48.8560), (38.1150, 48.8420), (38.1000, 48.8250), (38.0900, 48.8000),
                (38.0750, 48.7550), (38.0100, 48.7200), (37.9300, 48.7000),
                (E, S), (E, N),
            ],
        ],
        "contested": [
            [
                (38.1250, 48.8620), (38.1400, 48.8610), (38.1420, 48.8730), (38.1260, 48.8740),
                (38.1250, 48.8620),
            ],
            [
                (38.1100, 48.8430), (38.1280, 48.8480), (38.1240, 48.8560), (38.1080, 48.8500),
                (38.1100, 48.8430),
            ],
        ],
        "status": "assessed",
        "source": 'Authored by siversk-map from public reporting (DeepState, early December 2025); line approximate',
        "source_date": "2025-12-01",
        "source_url": None,
        "precision_m": 500,
        "note": None,
    },
    "2025-12-10": {
        "ru": [
            [
                (37.9700, 49.0500), (37.9800, 49.0150), (38.0200, 48.9850), (38.0700, 48.9550),
                (38.1000, 48.9350), (38.1150, 48.9100), (38.1250, 48.8850), (38.1250, 48.8720),
                (38.1180, 48.8620), (38.1080, 48.8540), (38.1000, 48.8480), (38.0930, 48.8400),
                (38.0870, 48.8250), (38.0820, 48.8000), (38.0700, 48.7550), (38.0050, 48.7200),
                (37.9300, 48.7000),
                (E, S), (E, N),
            ],
        ],
        "contested": [
            [
                (38.0980, 48.8540), (38.1080, 48.8540), (38.1180, 48.8620), (38.1250, 48.8720),
                (38.1200, 48.8780), (38.1050, 48.8790), (38.0960, 48.8760), (38.0975, 48.8640),
                (38.0980, 48.8540),
            ],
        ],
        "status": "assessed",
        "source": "Authored by siversk-map from DeepState co-founder Roman Pohorilyi's description (10 December 2025); line approximate",
        "source_date": "2025-12-10",
        "source_url": None,
        "precision_m": 500,
        "note": None,
    },
    "2025-12-13": {
        "ru": [
            [
                (37.9700, 49.0500), (37.9800, 49.0150), (38.0200, 48.9850), (38.0700, 48.9550),
                (38.0950, 48.9350), (38.1100, 48.9100), (38.1200, 48.8850), (38.1150, 48.8740),
                (38.1060, 48.8660), (38.1010, 48.8580), (38.0980, 48.8500), (38.0920, 48.8400),
                (38.0850, 48.8250), (38.0800, 48.8000), (38.0680, 48.7550), (38.0050, 48.7200),
                (37.9300, 48.7000),
                (E, S), (E, N),
            ],
        ],
        "contested": [
            [
                (38.0980, 48.8500), (38.1010, 48.8580), (38.1060, 48.8660), (38.1150, 48.8740),
                (38.1120, 48.8800), (38.0990, 48.8810), (38.0950, 48.8740), (38.0975, 48.8640),
                (38.0950, 48.8560), (38.0980, 48.8500),
            ],
        ],
        "status": "assessed",
        "source": "Authored by siversk-map from Ukrainska Pravda's report citing military sources (13 December 2025); line approximate",
        "source_date": "2025-12-13",
        "source_url": None,
        "precision_m": 500,
        "note": None,
    },
    "2025-12-15": {
        "ru": [
            [
                (37.9700, 49.0500), (37.9800, 49.0150), (38.0200, 48.9850), (38.0650, 48.9550),
                (38.0900, 48.9350), (38.1050, 48.9100), (38.1150, 48.8850), (38.1100, 48.8760),
                (38.1020, 48.8680), (38.0990, 48.8600), (38.0960, 48.8520), (38.0900, 48.8420),
                (38.0820, 48.8250), (38.0780, 48.8000), (38.0650, 48.7550), (38.0000, 48.7200),
                (37.9250, 48.7000),
                (E, S), (E, N),
            ],
        ],
        "contested": [
            [
                (38.0960, 48.8520), (38.0990, 48.8600), (38.1020, 48.8680), (38.1100, 48.8760),
                (38.1070, 48.8810), (38.0950, 48.8820), (38.0880, 48.8760), (38.0890, 48.8650),
                (38.0880, 48.8560), (38.0960, 48.8520),
            ],
        ],
        "status": "assessed",
        "source": 'Authored by siversk-map after the front shown on the DeepState map on 15 December 2025 (drawn by hand, not copied); line approximate',
        "source_date": "2025-12-15",
        "source_url": None,
        "precision_m": 500,
        "note": None,
    },
}
