"""Hand-drawn control states of the bundled data set, from the fall of Lysychansk (July 2022) to June 2025.

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
    "2022-07-04": {
        "ru": [
            [
                (38.1200, 49.0500), (38.1300, 49.0150), (38.1700, 48.9850), (38.2200, 48.9600),
                (38.2700, 48.9400), (38.2900, 48.9150), (38.3150, 48.8900), (38.3500, 48.8700),
                (38.3450, 48.8400), (38.3200, 48.8050), (38.2700, 48.7700), (38.2100, 48.7400),
                (38.1600, 48.7200), (38.1300, 48.7000),
                (E, S), (E, N),
            ],
        ],
        "status": "assessed",
        "source": 'Authored by siversk-map from public reporting on the line after the fall of Lysychansk (Ukrainian General Staff, ISW daily assessments, July 2022); line approximate',
        "source_date": "2022-07-04",
        "source_url": None,
        "precision_m": 2000,
        "note": None,
    },
    "2023-01-16": {
        "ru": [
            [
                (38.0800, 49.0500), (38.1000, 49.0150), (38.1500, 48.9850), (38.2100, 48.9600),
                (38.2650, 48.9400), (38.2850, 48.9150), (38.3050, 48.8900), (38.3300, 48.8700),
                (38.3200, 48.8400), (38.2900, 48.8050), (38.2300, 48.7750), (38.1600, 48.7450),
                (38.0650, 48.7200), (37.9950, 48.7000),
                (E, S), (E, N),
            ],
        ],
        "status": "assessed",
        "source": 'Authored by siversk-map from public reporting after the fall of Soledar (ISW, DeepState, January 2023); line approximate',
        "source_date": "2023-01-16",
        "source_url": None,
        "precision_m": 2000,
        "note": "In autumn 2022 Ukraine's Kharkiv-Lyman counter-offensive pushed Russian forces back on the north bank of the Siverskyi Donets (a loss reported for Russia, not drawn as a separate date here); the series resumes after Soledar fell.",
    },
    "2023-09-01": {
        "ru": [
            [
                (38.0300, 49.0500), (38.0600, 49.0150), (38.1200, 48.9850), (38.1900, 48.9600),
                (38.2500, 48.9400), (38.2750, 48.9150), (38.2950, 48.8900), (38.3150, 48.8700),
                (38.3050, 48.8400), (38.2750, 48.8050), (38.2150, 48.7750), (38.1350, 48.7450),
                (38.0300, 48.7200), (37.9500, 48.7000),
                (E, S), (E, N),
            ],
        ],
        "status": "assessed",
        "source": 'Authored by siversk-map from public reporting (ISW, DeepState, 2023); line approximate',
        "source_date": "2023-09-01",
        "source_url": None,
        "precision_m": 2000,
        "note": None,
    },
    "2024-01-01": {
        "ru": [
            [
                (38.0300, 49.0500), (38.0600, 49.0150), (38.1200, 48.9850), (38.1900, 48.9600),
                (38.2500, 48.9400), (38.2700, 48.9150), (38.2900, 48.8900), (38.3050, 48.8700),
                (38.2900, 48.8400), (38.2600, 48.8050), (38.2050, 48.7750), (38.1300, 48.7450),
                (38.0250, 48.7200), (37.9450, 48.7000),
                (E, S), (E, N),
            ],
        ],
        "status": "assessed",
        "source": 'Authored by siversk-map from public reporting (ISW, DeepState, winter 2023-24: Russian forces at the eastern outskirts of Spirne); line approximate',
        "source_date": "2024-01-01",
        "source_url": None,
        "precision_m": 1500,
        "note": None,
    },
    "2024-07-08": {
        "ru": [
            [
                (38.0300, 49.0500), (38.0600, 49.0150), (38.1200, 48.9850), (38.1900, 48.9600),
                (38.2450, 48.9400), (38.2650, 48.9150), (38.2750, 48.8900), (38.2750, 48.8700),
                (38.2500, 48.8450), (38.2200, 48.8200), (38.1900, 48.7850), (38.1300, 48.7500),
                (38.0250, 48.7200), (37.9400, 48.7000),
                (E, S), (E, N),
            ],
        ],
        "status": "assessed",
        "source": 'Authored by siversk-map from public reporting (ISW, DeepState, July 2024: Spirne and Ivano-Darivka taken); line approximate',
        "source_date": "2024-07-08",
        "source_url": None,
        "precision_m": 1500,
        "note": None,
    },
    "2025-01-02": {
        "ru": [
            [
                (38.0300, 49.0500), (38.0600, 49.0150), (38.1200, 48.9850), (38.1900, 48.9600),
                (38.2400, 48.9400), (38.2550, 48.9150), (38.2600, 48.8900), (38.2500, 48.8700),
                (38.2250, 48.8450), (38.2000, 48.8200), (38.1750, 48.7900), (38.1250, 48.7550),
                (38.0250, 48.7200), (37.9400, 48.7000),
                (E, S), (E, N),
            ],
        ],
        "status": "assessed",
        "source": 'Authored by siversk-map from public reporting (ISW, DeepState, winter 2024-25); line approximate',
        "source_date": "2025-01-02",
        "source_url": None,
        "precision_m": 1500,
        "note": None,
    },
}
