"""Hand-drawn control states of the bundled data set, in December 2025, the fall of the city.

``STATES`` maps a date (the state as of the evening of that date) to what was drawn for it:

- ``ru``: shells (lists of ``(lon, lat)``) of Russian-held ground, drawn by hand; they may run past
  the area of interest and are clipped to it;
- ``ru_minus`` (optional): shells cut out of ``ru`` (Ukrainian-held pockets);
- ``contested`` (optional): grey-zone shells, cut out of both sides;
- ``status``: ``assessed`` where a mapping project published the assessment the line was drawn
  after, ``reported`` where it was drawn from one source's text;
- ``source``, ``source_date``, ``source_url`` (or None), ``precision_m``, ``note`` (or None);
- ``contested_status``, ``contested_source`` (with ``contested``): the grey zones here are drawn
  from reporting, not from DeepState's map, so they are ``reported`` and name their own sources
  (the date's ``note`` says what each source said).

Ukrainian-held ground is the rest of the area. The front line is the edge of ``ru`` inside the area.
Every vertex is placed by hand, as a cartographer traces; none is computed from any archive.

How these were drawn: for each date, DeepState's map of that evening was rendered (as a light fill,
never read as numbers) under a labelled grid (0.01°/0.002°; 0.005°/0.001° over the city) with the
OSM streets, bridges and city boundary of Siversk, and the edge was read off the grid by eye and
typed in below. Each shell is one chain that runs from past the north edge of the area, down the
front, and out past the south edge, then back round the east outside the area. Where nothing moved
from one date to the next, the same chain is used again (the named chains below); near the city
every date has its own chain. The dates are evenings for which a DeepState map is archived (the
daily file of the next day): so 14 and 16 Dec rather than 15 and 17, 18 rather than 19, 21 rather
than 20; there is no map of the evening of 1 Dec, which is left to the November state.

``precision_m`` is measured against the same map, with the figures of ``accuracy.py``: the largest
of the front-to-centre error, the symmetric-difference area inside the 8 km disc divided by the
length of the drawn front inside the disc, and the 95th percentile of the distance from the drawn
front (sampled every 20 m inside the disc) to DeepState's edge, rounded up to 50 m. It says how
closely the line follows DeepState's map, not how closely DeepState's map follows the ground.
"""

from __future__ import annotations

from typing import Any

from common import after_deepstate

Chain = list[tuple[float, float]]

# Past the east of the area: closes every shell outside the area of interest.
EAST_CLOSE: Chain = [(38.4600, 48.6900), (38.4600, 49.0600)]

# The chains run from north to south along the front; the named pieces are joined per date.
# Zarichne, north-west of the area (unchanged on DeepState's maps through December).
ZARICHNE: Chain = [
    (37.9670, 49.0600),
    (37.9660, 49.0480),
    (37.9550, 49.0390),
    (37.9610, 49.0330),
    (37.9510, 49.0240),
    (37.9400, 49.0235),
    (37.9390, 49.0190),
    (37.9400, 49.0140),
    (37.9460, 49.0090),
    (37.9560, 49.0090),
    (37.9670, 49.0020),
    (37.9800, 48.9900),
    (37.9760, 48.9865),
    (37.9650, 48.9845),
    (37.9680, 48.9770),
    (37.9670, 48.9700),
]
# West of Yampil: on 4 Dec; from 5-7 Dec further west; from 14 Dec south to 48.91.
YAMPIL_4: Chain = [
    (37.9320, 48.9660),
    (37.9320, 48.9570),
    (37.9460, 48.9490),
    (37.9270, 48.9415),
    (37.9280, 48.9290),
    (37.9360, 48.9270),
    (37.9340, 48.9370),
    (37.9360, 48.9410),
]
YAMPIL_7: Chain = [
    (37.9250, 48.9660),
    (37.8830, 48.9600),
    (37.8790, 48.9515),
    (37.8825, 48.9440),
    (37.9100, 48.9325),
    (37.9280, 48.9285),
    (37.9360, 48.9270),
    (37.9340, 48.9370),
    (37.9360, 48.9410),
]
YAMPIL_14: Chain = [
    (37.9250, 48.9660),
    (37.8830, 48.9600),
    (37.8790, 48.9515),
    (37.8815, 48.9300),
    (37.9195, 48.9125),
    (37.9305, 48.9150),
    (37.9355, 48.9275),
    (37.9335, 48.9370),
    (37.9360, 48.9413),
]
# North of the Donets, Yampil to the Serebrianka forest (west part unchanged through December).
FOREST_WW: Chain = [
    (37.9500, 48.9410),
    (37.9530, 48.9460),
    (37.9620, 48.9478),
    (37.9860, 48.9455),
    (37.9970, 48.9405),
    (37.9970, 48.9310),
    (37.9930, 48.9200),
    (37.9940, 48.9160),
    (37.9980, 48.9150),
    (38.0010, 48.9170),
    (38.0060, 48.9220),
    (38.0130, 48.9380),
]
FOREST_W: Chain = [
    *FOREST_WW,
    (38.0260, 48.9380),
    (38.0400, 48.9400),
    (38.0440, 48.9490),
    (38.0570, 48.9475),
    (38.0570, 48.9425),
    (38.0640, 48.9420),
    (38.0640, 48.9370),
]
FOREST: Chain = [
    *FOREST_W,
    (38.0800, 48.9400),
    (38.0900, 48.9405),
    (38.0930, 48.9380),
    (38.0950, 48.9350),
    (38.1105, 48.9333),
    (38.1160, 48.9313),
]
# North-east of the city, Bilohorivka side, up to the 14th.
NORTH_EAST_4: Chain = [
    (38.1175, 48.9272),
    (38.1265, 48.9270),
    (38.1300, 48.9262),
    (38.1330, 48.9243),
    (38.1370, 48.9263),
    (38.1390, 48.9318),
    (38.1430, 48.9335),
    (38.1445, 48.9232),
    (38.1290, 48.9185),
    (38.1320, 48.9113),
    (38.1390, 48.9117),
    (38.1415, 48.9022),
    (38.1300, 48.8997),
]
NW_EARLY: Chain = [*ZARICHNE, *YAMPIL_4, *FOREST, *NORTH_EAST_4]
NW_LATE: Chain = [*ZARICHNE, *YAMPIL_7, *FOREST, *NORTH_EAST_4]

# South of the city, from the south-eastern salient to the south edge of the area, on 4 Dec.
SOUTH_EARLY: Chain = [
    (38.1760, 48.7835),
    (38.1770, 48.7800),
    (38.1760, 48.7780),
    (38.1450, 48.7720),
    (38.1250, 48.7715),
    (38.1150, 48.7660),
    (38.1090, 48.7650),
    (38.0920, 48.7680),
    (38.0820, 48.7710),
    (38.0700, 48.7715),
    (38.0695, 48.7660),
    (38.0730, 48.7610),
    (38.0680, 48.7560),
    (38.0600, 48.7485),
    (38.0520, 48.7485),
    (38.0430, 48.7470),
    (38.0350, 48.7500),
    (38.0300, 48.7505),
    (38.0280, 48.7475),
    (38.0270, 48.7410),
    (38.0200, 48.7410),
    (37.9980, 48.7385),
    (37.9900, 48.7260),
    (37.9870, 48.7170),
    (37.9800, 48.7070),
    (37.9620, 48.7010),
    (37.9400, 48.7020),
    (37.9300, 48.7025),
    (37.9250, 48.6900),
]
# South-west corner of the area, unchanged through December.
SOUTH_WEST: Chain = [
    (37.9985, 48.7385),
    (37.9900, 48.7260),
    (37.9870, 48.7170),
    (37.9800, 48.7070),
    (37.9620, 48.7010),
    (37.9400, 48.7020),
    (37.9300, 48.7025),
    (37.9250, 48.6900),
]
# West of the south-eastern salient from 5-7 Dec; from 13 Dec the whole south edge of the chain.
SOUTH_LATE_W: Chain = [
    (38.1250, 48.7715),
    (38.1150, 48.7660),
    (38.1090, 48.7650),
    (38.0920, 48.7680),
    (38.0820, 48.7710),
    (38.0700, 48.7715),
    (38.0610, 48.7675),
    (38.0530, 48.7615),
    (38.0470, 48.7625),
    (38.0300, 48.7510),
    (38.0280, 48.7475),
    (38.0270, 48.7410),
    (38.0200, 48.7410),
    *SOUTH_WEST,
]
SOUTH_LATE: Chain = [
    (38.1760, 48.7835),
    (38.1770, 48.7800),
    (38.1760, 48.7780),
    (38.1450, 48.7720),
    *SOUTH_LATE_W,
]

# The city and the ground north of Zvanivka on 16 and 18 Dec (the city did not change between
# the two maps).
CITY_16: Chain = [
    (38.0790, 48.8827),
    (38.0808, 48.8795),
    (38.0790, 48.8770),
    (38.0797, 48.8755),
    (38.0833, 48.8756),
    (38.0873, 48.8705),
    (38.0876, 48.8692),
    (38.0855, 48.8680),
    (38.0834, 48.8672),
    (38.0834, 48.8640),
    (38.0775, 48.8592),
    (38.0780, 48.8573),
    (38.0840, 48.8577),
    (38.0823, 48.8538),
    (38.0790, 48.8520),
    (38.0655, 48.8430),
    (38.0605, 48.8445),
    (38.0450, 48.8420),
    (38.0380, 48.8430),
    (38.0335, 48.8420),
    (38.0350, 48.8405),
    (38.0400, 48.8400),
    (38.0530, 48.8405),
    (38.0590, 48.8425),
    (38.0645, 48.8402),
    (38.0652, 48.8333),
]

# South of the city from 21 Dec: Zvanivka and the Ukrainian-held ground west of the Bakhmutka.
SOUTH_21: Chain = [
    (38.0652, 48.8333),
    (38.0545, 48.8200),
    (38.0500, 48.8042),
    (38.0150, 48.8020),
    (38.0175, 48.7860),
    (38.0300, 48.7898),
    (38.0575, 48.7913),
    (38.0665, 48.7988),
    (38.0855, 48.8010),
    (38.0825, 48.7837),
    (38.0695, 48.7830),
    (38.0600, 48.7725),
    (38.0485, 48.7710),
    (38.0420, 48.7663),
    (38.0465, 48.7628),
    (38.0355, 48.7575),
    (37.9995, 48.7778),
    (37.9800, 48.7747),
    (37.9825, 48.7632),
    (38.0020, 48.7655),
    (38.0070, 48.7573),
    (38.0140, 48.7535),
    (38.0185, 48.7425),
    (38.0135, 48.7395),
    *SOUTH_WEST,
]


# Grey zones (``contested``), drawn from reporting, not from a map: DeepState's daily files leave
# its grey zone out. Each lies on the Ukrainian-held side of that date's line (its east edge is the
# line itself), where the reporting cited in the date's note put fighting in ground not yet shown
# occupied; their extent is approximate.
GREY_EAST_4: Chain = [
    (38.1130, 48.8790),
    (38.1275, 48.8800),
    (38.1205, 48.8715),
    (38.1330, 48.8687),
    (38.1230, 48.8600),
    (38.1180, 48.8480),
    (38.1100, 48.8470),
    (38.1090, 48.8600),
    (38.1100, 48.8720),
    (38.1130, 48.8790),
]
GREY_EAST_7: Chain = [
    (38.1130, 48.8780),
    (38.1115, 48.8715),
    (38.1085, 48.8690),
    (38.1085, 48.8645),
    (38.1125, 48.8635),
    (38.1145, 48.8630),
    (38.1145, 48.8605),
    (38.1135, 48.8585),
    (38.1115, 48.8480),
    (38.1100, 48.8400),
    (38.1060, 48.8420),
    (38.1040, 48.8500),
    (38.1030, 48.8600),
    (38.1030, 48.8700),
    (38.1060, 48.8800),
    (38.1130, 48.8780),
]
# Between the line and the Bakhmutka, the river named as the holding line (8-13 Dec).
GREY_RIVER_8: Chain = [
    (38.0925, 48.8777),
    (38.0945, 48.8720),
    (38.0958, 48.8695),
    (38.0925, 48.8675),
    (38.0935, 48.8655),
    (38.0955, 48.8650),
    (38.0985, 48.8625),
    (38.1020, 48.8560),
    (38.0900, 48.8545),
    (38.0845, 48.8560),
    (38.0842, 48.8610),
    (38.0845, 48.8636),
    (38.0860, 48.8672),
    (38.0880, 48.8688),
    (38.0884, 48.8707),
    (38.0874, 48.8722),
    (38.0855, 48.8740),
    (38.0860, 48.8770),
    (38.0925, 48.8777),
]
GREY_RIVER_10: Chain = [
    (38.0925, 48.8777),
    (38.0960, 48.8700),
    (38.0930, 48.8675),
    (38.0938, 48.8650),
    (38.0938, 48.8550),
    (38.0845, 48.8555),
    (38.0842, 48.8610),
    (38.0845, 48.8636),
    (38.0860, 48.8672),
    (38.0880, 48.8688),
    (38.0884, 48.8707),
    (38.0874, 48.8722),
    (38.0855, 48.8740),
    (38.0860, 48.8770),
    (38.0925, 48.8777),
]
# Along the river, west of the line of 14 Dec.
GREY_RIVER_14: Chain = [
    (38.0850, 48.8802),
    (38.0888, 48.8735),
    (38.0898, 48.8700),
    (38.0884, 48.8675),
    (38.0880, 48.8650),
    (38.0882, 48.8600),
    (38.0889, 48.8550),
    (38.0897, 48.8500),
    (38.0850, 48.8495),
    (38.0835, 48.8550),
    (38.0830, 48.8600),
    (38.0832, 48.8640),
    (38.0845, 48.8670),
    (38.0855, 48.8690),
    (38.0840, 48.8720),
    (38.0810, 48.8750),
    (38.0800, 48.8800),
    (38.0850, 48.8802),
]
# The part of the city not shown occupied on 16 and 18 Dec, to a little past the city boundary.
GREY_WEST_16: Chain = [
    (38.0790, 48.8827),
    (38.0808, 48.8795),
    (38.0790, 48.8770),
    (38.0797, 48.8755),
    (38.0833, 48.8756),
    (38.0873, 48.8705),
    (38.0876, 48.8692),
    (38.0855, 48.8680),
    (38.0834, 48.8672),
    (38.0834, 48.8640),
    (38.0775, 48.8592),
    (38.0780, 48.8573),
    (38.0745, 48.8570),
    (38.0690, 48.8555),
    (38.0660, 48.8590),
    (38.0657, 48.8645),
    (38.0672, 48.8690),
    (38.0673, 48.8770),
    (38.0720, 48.8775),
    (38.0728, 48.8848),
    (38.0770, 48.8848),
    (38.0790, 48.8827),
]
# The strip of the city still shown Ukrainian-held on 21 Dec, to the city boundary.
GREY_WEST_21: Chain = [
    (38.0740, 48.8855),
    (38.0726, 48.8753),
    (38.0765, 48.8723),
    (38.0750, 48.8650),
    (38.0768, 48.8573),
    (38.0730, 48.8572),
    (38.0690, 48.8565),
    (38.0665, 48.8590),
    (38.0662, 48.8645),
    (38.0678, 48.8690),
    (38.0678, 48.8765),
    (38.0700, 48.8775),
    (38.0712, 48.8800),
    (38.0720, 48.8845),
    (38.0740, 48.8855),
]
# West of the city after its fall (23 Dec).
GREY_WEST_23: Chain = [
    (38.0580, 48.8895),
    (38.0600, 48.8745),
    (38.0655, 48.8610),
    (38.0600, 48.8607),
    (38.0550, 48.8700),
    (38.0535, 48.8800),
    (38.0540, 48.8890),
    (38.0580, 48.8895),
]

NOTE_EAST = (
    "Grey zone (east of the city) drawn from reporting, not from a map: DeepState "
    "reported Russian incursions into the urban area on 25 Nov 2025, and Radio Svoboda "
    "(17 Dec) wrote that Russian soldiers had gained a foothold on the eastern outskirts "
    "at the end of November; extent approximate."
)
NOTE_RIVER_8 = (
    "Grey zone between DeepState's line and the Bakhmutka drawn from DeepState's "
    "text of 8 Dec 2025 (by preliminary data half of the city under Russian control, "
    "the Bakhmutka the line where the Russian advance was held); extent approximate."
)
NOTE_RIVER_10 = (
    "Grey zone between DeepState's line and the Bakhmutka drawn from reporting: "
    "Operational Command East said on 10 Dec 2025 that small Russian assault groups "
    "were trying to infiltrate the city; DeepState (8 Dec) named the Bakhmutka as the "
    "holding line; extent approximate."
)
NOTE_RIVER_13 = (
    "Grey zone between DeepState's line and the Bakhmutka drawn from reporting: "
    "Ukrainska Pravda's military sources (13 Dec 2025) said Russian troops had been "
    "detected across almost the whole city except beyond the Bakhmutka; UK Defence "
    "Intelligence (13 Dec) judged they had probably taken individual positions in the "
    "centre while Ukrainian forces held the western districts; extent approximate."
)
NOTE_RIVER_14 = (
    "Grey zone along the Bakhmutka west of DeepState's line drawn from reporting: "
    "Ukrainska Pravda's military sources (13 Dec 2025) said the area beyond the "
    "Bakhmutka was still holding, and UK Defence Intelligence (13 Dec) judged "
    "Ukrainian forces held the western districts; extent approximate."
)
NOTE_WEST_16 = (
    "Grey zone over the part of the city not shown occupied: DeepState marked "
    "Siversk partly occupied and partly grey on 16 Dec 2025 (Interfax-Ukraine; its "
    "daily files leave the grey out), and Radio Svoboda (17 Dec) read its map as "
    "showing no part of the city fully under Ukrainian control; extent approximate."
)
NOTE_WEST_18 = (
    "Grey zone over the part of the city not shown occupied, as on 16 Dec when "
    "DeepState marked Siversk partly occupied and partly grey (Interfax-Ukraine); the "
    "city is unchanged on its map of 18 Dec; extent approximate."
)
NOTE_WEST_21 = (
    "Grey zone over the west of the city still shown Ukrainian-held by DeepState: ISW "
    "assessed on 21 Dec 2025 that Russian forces had likely completed the seizure of "
    "Siversk; extent approximate."
)
NOTE_WEST_23 = (
    "Grey zone west of the city drawn from reporting: announcing the withdrawal on "
    "23 Dec 2025, Ukraine's General Staff said heavy fighting continued in the Siversk "
    "area; extent approximate."
)

# Sources of the grey zones (``contested_source``).
SRC_EAST = "DeepState (25 Nov 2025, via the Kyiv Independent); Radio Svoboda (17 Dec 2025)"
SRC_RIVER_8 = "DeepState (8 Dec 2025, via Novyny Donbasu)"
SRC_RIVER_10 = (
    "Operational Command East (10 Dec 2025, via Interfax-Ukraine); DeepState (8 Dec 2025)"
)
SRC_RIVER_13 = (
    "Ukrainska Pravda's military sources (13 Dec 2025); UK Defence Intelligence (13 Dec 2025)"
)
SRC_WEST_16 = "DeepState (16 Dec 2025, via Interfax-Ukraine); Radio Svoboda (17 Dec 2025)"
SRC_WEST_18 = "DeepState (16 Dec 2025, via Interfax-Ukraine)"
SRC_WEST_21 = "ISW (21 Dec 2025)"
SRC_WEST_23 = "General Staff of the Armed Forces of Ukraine (23 Dec 2025, via UNN)"


def shell(*chains: Chain) -> Chain:
    """One Russian-held shell: the chains in order, closed round the east outside the area."""
    out: Chain = []
    for c in chains:
        out.extend(c)
    out.extend(EAST_CLOSE)
    out.append(out[0])
    return out


def deepstate(evening: str, precision_m: int, note: str | None = None) -> dict[str, Any]:
    """The credit of a state drawn after DeepState's map of the evening of ``evening``."""
    return after_deepstate(evening, precision_m, note, evening=True)


STATES: dict[str, dict[str, Any]] = {
    "2025-12-04": {
        "ru": [
            shell(
                NW_EARLY,
                [
                    (38.1285, 48.8950),
                    (38.1275, 48.8800),
                    (38.1205, 48.8715),
                    (38.1450, 48.8660),
                    (38.1650, 48.8618),
                    (38.1763, 48.8577),
                    (38.1758, 48.8500),
                    (38.1478, 48.8517),
                    (38.1505, 48.8330),
                    (38.1830, 48.8185),
                    (38.1845, 48.8085),
                    (38.1660, 48.8100),
                    (38.1720, 48.8020),
                    (38.1760, 48.7960),
                    (38.1690, 48.7900),
                ],
                SOUTH_EARLY,
            )
        ],
        "contested": [GREY_EAST_4],
        "contested_status": "reported",
        "contested_source": SRC_EAST,
        **deepstate("2025-12-04", 50, NOTE_EAST),
    },
    "2025-12-07": {
        "ru": [
            shell(
                NW_LATE,
                [
                    (38.1285, 48.8950),
                    (38.1275, 48.8800),
                    (38.1130, 48.8780),
                    (38.1115, 48.8715),
                    (38.1085, 48.8690),
                    (38.1085, 48.8645),
                    (38.1125, 48.8635),
                    (38.1145, 48.8630),
                    (38.1145, 48.8605),
                    (38.1135, 48.8585),
                    (38.1115, 48.8480),
                    (38.1100, 48.8400),
                    (38.1220, 48.8275),
                    (38.1660, 48.8100),
                    (38.1710, 48.8045),
                    (38.1760, 48.7960),
                    (38.1690, 48.7900),
                ],
                SOUTH_LATE,
            )
        ],
        "contested": [GREY_EAST_7],
        "contested_status": "reported",
        "contested_source": SRC_EAST,
        **deepstate("2025-12-07", 50, NOTE_EAST),
    },
    "2025-12-08": {
        "ru": [
            shell(
                NW_LATE,
                [
                    (38.1285, 48.8995),
                    (38.0990, 48.8860),
                    (38.0925, 48.8777),
                    (38.0945, 48.8720),
                    (38.0958, 48.8695),
                    (38.0925, 48.8675),
                    (38.0935, 48.8655),
                    (38.0955, 48.8650),
                    (38.0985, 48.8625),
                    (38.1020, 48.8560),
                    (38.1060, 48.8475),
                    (38.1100, 48.8400),
                    (38.1220, 48.8275),
                    (38.1660, 48.8100),
                    (38.1710, 48.8045),
                    (38.1760, 48.7960),
                    (38.1690, 48.7900),
                ],
                SOUTH_LATE,
            )
        ],
        "contested": [GREY_RIVER_8],
        "contested_status": "reported",
        "contested_source": SRC_RIVER_8,
        **deepstate("2025-12-08", 50, NOTE_RIVER_8),
    },
    "2025-12-10": {
        "ru": [
            shell(
                NW_LATE,
                [
                    (38.1285, 48.8995),
                    (38.0990, 48.8860),
                    (38.0925, 48.8777),
                    (38.0960, 48.8700),
                    (38.0930, 48.8675),
                    (38.0938, 48.8650),
                    (38.0938, 48.8505),
                    (38.0970, 48.8460),
                    (38.1020, 48.8390),
                    (38.1220, 48.8275),
                    (38.1660, 48.8100),
                    (38.1710, 48.8045),
                    (38.1760, 48.7960),
                    (38.1690, 48.7900),
                ],
                SOUTH_LATE,
            )
        ],
        "contested": [GREY_RIVER_10],
        "contested_status": "reported",
        "contested_source": SRC_RIVER_10,
        **deepstate("2025-12-10", 50, NOTE_RIVER_10),
    },
    "2025-12-13": {
        "ru": [
            shell(
                NW_LATE,
                [
                    (38.1285, 48.8995),
                    (38.0990, 48.8860),
                    (38.0925, 48.8777),
                    (38.0960, 48.8700),
                    (38.0930, 48.8675),
                    (38.0938, 48.8650),
                    (38.0938, 48.8505),
                    (38.0970, 48.8460),
                    (38.1020, 48.8390),
                    (38.1220, 48.8275),
                    (38.1415, 48.8110),
                    (38.1495, 48.7940),
                    (38.1425, 48.7885),
                    (38.1395, 48.7730),
                ],
                SOUTH_LATE_W,
            )
        ],
        "contested": [GREY_RIVER_10],
        "contested_status": "reported",
        "contested_source": SRC_RIVER_13,
        **deepstate("2025-12-13", 50, NOTE_RIVER_13),
    },
    "2025-12-14": {
        "ru": [
            shell(
                ZARICHNE,
                YAMPIL_14,
                FOREST,
                NORTH_EAST_4,
                [
                    (38.1285, 48.8995),
                    (38.0980, 48.8860),
                    (38.0850, 48.8802),
                    (38.0888, 48.8735),
                    (38.0898, 48.8700),
                    (38.0884, 48.8675),
                    (38.0880, 48.8650),
                    (38.0882, 48.8600),
                    (38.0889, 48.8550),
                    (38.0897, 48.8500),
                    (38.1020, 48.8390),
                    (38.1180, 48.8300),
                    (38.1220, 48.8275),
                    (38.1415, 48.8110),
                    (38.1495, 48.7940),
                    (38.1425, 48.7885),
                    (38.1395, 48.7730),
                ],
                SOUTH_LATE_W,
            )
        ],
        "contested": [GREY_RIVER_14],
        "contested_status": "reported",
        "contested_source": SRC_RIVER_13,
        **deepstate("2025-12-14", 50, NOTE_RIVER_14),
    },
    "2025-12-16": {
        "ru": [
            shell(
                ZARICHNE,
                YAMPIL_14,
                FOREST,
                [
                    (38.1180, 48.9270),
                    (38.1035, 48.9185),
                    (38.0990, 48.9070),
                    (38.0807, 48.8860),
                ],
                CITY_16,
                [
                    (38.1025, 48.8210),
                    (38.1155, 48.8115),
                    (38.1120, 48.7970),
                    (38.0970, 48.7975),
                    (38.0820, 48.7795),
                    (38.0695, 48.7830),
                    (38.0610, 48.7720),
                    (38.0530, 48.7615),
                    (38.0470, 48.7628),
                    (38.0355, 48.7575),
                    (38.0185, 48.7673),
                    (38.0020, 48.7655),
                    (38.0070, 48.7573),
                    (38.0140, 48.7535),
                    (38.0185, 48.7425),
                    (38.0135, 48.7395),
                ],
                SOUTH_WEST,
            )
        ],
        "contested": [GREY_WEST_16],
        "contested_status": "reported",
        "contested_source": SRC_WEST_16,
        **deepstate("2025-12-16", 50, NOTE_WEST_16),
    },
    "2025-12-18": {
        "ru": [
            shell(
                ZARICHNE,
                YAMPIL_14,
                FOREST_W,
                [
                    (38.0750, 48.9222),
                    (38.0790, 48.9052),
                ],
                CITY_16,
                [
                    (38.0875, 48.8255),
                    (38.0840, 48.8200),
                    (38.0855, 48.8010),
                    (38.0825, 48.7837),
                    (38.0695, 48.7830),
                    (38.0610, 48.7720),
                    (38.0530, 48.7615),
                    (38.0470, 48.7628),
                    (38.0355, 48.7575),
                    (38.0185, 48.7673),
                    (38.0020, 48.7655),
                    (38.0070, 48.7573),
                    (38.0140, 48.7535),
                    (38.0185, 48.7425),
                    (38.0135, 48.7395),
                ],
                SOUTH_WEST,
            )
        ],
        "contested": [GREY_WEST_16],
        "contested_status": "reported",
        "contested_source": SRC_WEST_18,
        **deepstate("2025-12-18", 50, NOTE_WEST_18),
    },
    "2025-12-21": {
        "ru": [
            shell(
                ZARICHNE,
                YAMPIL_14,
                FOREST_WW,
                [
                    (38.0255, 48.9383),
                    (38.0385, 48.9265),
                    (38.0445, 48.9180),
                    (38.0500, 48.9132),
                    (38.0565, 48.9108),
                    (38.0620, 48.9022),
                    (38.0535, 48.8995),
                    (38.0580, 48.8895),
                    (38.0690, 48.8892),
                    (38.0740, 48.8855),
                    (38.0726, 48.8753),
                    (38.0765, 48.8723),
                    (38.0750, 48.8650),
                    (38.0768, 48.8573),
                    (38.0845, 48.8577),
                    (38.0822, 48.8540),
                    (38.0790, 48.8520),
                    (38.0655, 48.8430),
                    (38.0455, 48.8495),
                    (38.0285, 48.8443),
                    (38.0300, 48.8415),
                    (38.0400, 48.8400),
                    (38.0530, 48.8405),
                    (38.0590, 48.8425),
                    (38.0645, 48.8402),
                ],
                SOUTH_21,
            )
        ],
        "contested": [GREY_WEST_21],
        "contested_status": "reported",
        "contested_source": SRC_WEST_21,
        **deepstate("2025-12-21", 50, NOTE_WEST_21),
    },
    "2025-12-23": {
        "ru": [
            shell(
                ZARICHNE,
                YAMPIL_14,
                FOREST_WW,
                [
                    (38.0255, 48.9383),
                    (38.0385, 48.9265),
                    (38.0445, 48.9180),
                    (38.0500, 48.9132),
                    (38.0565, 48.9108),
                    (38.0620, 48.9022),
                    (38.0535, 48.8995),
                    (38.0580, 48.8895),
                    (38.0600, 48.8745),
                    (38.0655, 48.8610),
                    (38.0515, 48.8600),
                    (38.0355, 48.8665),
                    (38.0155, 48.8642),
                    (38.0178, 48.8508),
                    (38.0300, 48.8415),
                    (38.0400, 48.8400),
                    (38.0530, 48.8405),
                    (38.0595, 48.8428),
                    (38.0645, 48.8402),
                ],
                SOUTH_21,
            )
        ],
        "contested": [GREY_WEST_23],
        "contested_status": "reported",
        "contested_source": SRC_WEST_23,
        **deepstate("2025-12-23", 50, NOTE_WEST_23),
    },
    "2025-12-30": {
        "ru": [
            shell(
                ZARICHNE,
                YAMPIL_14,
                FOREST_WW,
                [
                    (38.0255, 48.9383),
                    (38.0385, 48.9265),
                    (38.0315, 48.9172),
                    (38.0415, 48.9120),
                    (38.0535, 48.9093),
                    (38.0565, 48.9108),
                    (38.0620, 48.9022),
                    (38.0535, 48.8995),
                    (38.0580, 48.8895),
                    (38.0600, 48.8745),
                    (38.0655, 48.8610),
                    (38.0515, 48.8600),
                    (38.0355, 48.8665),
                    (38.0155, 48.8642),
                    (38.0178, 48.8508),
                    (38.0300, 48.8415),
                    (38.0400, 48.8400),
                    (38.0530, 48.8405),
                    (38.0595, 48.8428),
                    (38.0645, 48.8402),
                    (38.0655, 48.8333),
                    (38.0545, 48.8200),
                    (38.0500, 48.8042),
                    (38.0150, 48.8020),
                    (38.0175, 48.7860),
                    (38.0300, 48.7898),
                    (38.0580, 48.7913),
                    (38.0668, 48.7930),
                    (38.0668, 48.7847),
                    (38.0605, 48.7725),
                    (38.0485, 48.7710),
                    (38.0420, 48.7663),
                    (38.0465, 48.7628),
                    (38.0355, 48.7575),
                    (37.9995, 48.7778),
                    (37.9800, 48.7747),
                    (37.9635, 48.7670),
                    (37.9655, 48.7640),
                    (37.9820, 48.7632),
                    (38.0020, 48.7655),
                    (38.0070, 48.7573),
                    (38.0140, 48.7535),
                    (38.0185, 48.7425),
                    (38.0135, 48.7395),
                ],
                SOUTH_WEST,
            )
        ],
        **deepstate("2025-12-30", 50),
    },
}
