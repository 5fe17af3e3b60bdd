"""Hand-drawn control states of the bundled data set, from July to November 2025 and from January to August 2026.

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
    "2025-07-01": {
        "ru": [
            [
                (38.0200, 49.0500), (38.0500, 49.0150), (38.1100, 48.9850), (38.1800, 48.9600),
                (38.2250, 48.9400), (38.2350, 48.9150), (38.2300, 48.8900), (38.2150, 48.8700),
                (38.1950, 48.8450), (38.1700, 48.8200), (38.1450, 48.7900), (38.1050, 48.7550),
                (38.0200, 48.7200), (37.9350, 48.7000),
                (E, S), (E, N),
            ],
        ],
        "status": "assessed",
        "source": 'Authored by siversk-map from public reporting (ISW, DeepState, summer 2025); line approximate',
        "source_date": "2025-07-01",
        "source_url": None,
        "precision_m": 1000,
        "note": None,
    },
    "2025-09-01": {
        "ru": [
            [
                (37.9700, 49.0500), (37.9800, 49.0150), (38.0300, 48.9850), (38.0900, 48.9600),
                (38.1300, 48.9400), (38.1500, 48.9150), (38.1600, 48.8900), (38.1750, 48.8650),
                (38.1700, 48.8450), (38.1450, 48.8200), (38.1200, 48.7900), (38.0950, 48.7550),
                (38.0150, 48.7200), (37.9300, 48.7000),
                (E, S), (E, N),
            ],
        ],
        "status": "assessed",
        "source": 'Authored by siversk-map from public reporting (11th Army Corps via Suspilne, Kyiv Independent, DeepState, September 2025); line approximate',
        "source_date": "2025-09-01",
        "source_url": None,
        "precision_m": 1000,
        "note": None,
    },
    "2025-11-25": {
        "ru": [
            [
                (37.9700, 49.0500), (37.9800, 49.0150), (38.0250, 48.9850), (38.0800, 48.9550),
                (38.1150, 48.9350), (38.1300, 48.9100), (38.1380, 48.8850), (38.1400, 48.8700),
                (38.1350, 48.8550), (38.1250, 48.8400), (38.1050, 48.8150), (38.0950, 48.7900),
                (38.0800, 48.7550), (38.0100, 48.7200), (37.9300, 48.7000),
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
        "source": "Authored by siversk-map from DeepState's report of incursions into the urban area (25 November 2025); line approximate",
        "source_date": "2025-11-25",
        "source_url": None,
        "precision_m": 500,
        "note": None,
    },
}
