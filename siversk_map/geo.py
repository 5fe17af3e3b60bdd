"""Ukraine's oblasts, neighbours and main cities, bundled coarse (Natural Earth, public domain).

>>> oblast_at(38.0972, 48.8631).name
'Donetsk Oblast'
>>> oblast_at(0.0, 0.0) is None
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from shapely.geometry import Point, box, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

__all__ = [
    "ATTRIBUTION",
    "Country",
    "Oblast",
    "Place",
    "neighbours",
    "oblast_at",
    "oblast_of_area",
    "oblasts",
    "places",
    "ukraine",
]

ATTRIBUTION = "Made with Natural Earth"
#: Points this close to an oblast but outside every one (the coast is simplified to ~1 km)
#: still count as in it.
SNAP_DEG = 0.02


@dataclass(frozen=True)
class Oblast:
    """One first-level unit of Ukraine.

    Parameters
    ----------
    name : str
        English name, e.g. ``"Donetsk Oblast"``, ``"Autonomous Republic of Crimea"``, ``"Kyiv"``.
    name_uk : str
        Ukrainian name, e.g. ``"Донецька область"``.
    iso_3166_2 : str
        ISO 3166-2 code, e.g. ``"UA-14"``.
    kind : str
        ``"oblast"``, ``"autonomous republic"`` or ``"city"``.
    geometry : shapely.geometry.base.BaseGeometry
        Outline in lon/lat (WGS 84), simplified to about 1 km.
    """

    name: str
    name_uk: str
    iso_3166_2: str
    kind: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class Country:
    """A country around Ukraine, for an inset's context.

    Parameters
    ----------
    name : str
        English short name, e.g. ``"Russia"``.
    name_uk : str
        Ukrainian name, e.g. ``"Росія"``.
    iso_a3 : str
        Natural Earth's ``ADM0_A3`` code, e.g. ``"RUS"``.
    geometry : shapely.geometry.base.BaseGeometry
        Outline in lon/lat within 19-43 E, 42.5-54 N, less Ukraine (Crimea is not part of it).
    """

    name: str
    name_uk: str
    iso_a3: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class Place:
    """A city or town of Ukraine or near it, for the context of a wide map.

    Parameters
    ----------
    name : str
        Current official English name, e.g. ``"Kropyvnytskyi"``.
    name_uk : str
        Ukrainian name, e.g. ``"Кропивницький"``.
    kind : str
        ``"city"`` (100,000 people or more) or ``"town"``.
    population : int
        Natural Earth's ``pop_max``.
    country : str
        ``"UKR"`` for a place within Ukraine's internationally recognised borders (Crimea
        included), else Natural Earth's ``adm0_a3``.
    lon, lat : float
        Position (WGS 84), to 3 decimals.
    """

    name: str
    name_uk: str
    kind: str
    population: int
    country: str
    lon: float
    lat: float


def _read(name: str) -> dict[str, Any]:
    ref = resources.files("siversk_map").joinpath("_geo", name)
    data: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def neighbours() -> tuple[Country, ...]:
    """The countries around Ukraine (Natural Earth 1:110m, public domain), less Ukraine.

    Returns
    -------
    tuple of Country
    """
    return tuple(
        Country(
            name=f["properties"]["name"],
            name_uk=f["properties"]["name_uk"],
            iso_a3=f["properties"]["iso_a3"],
            geometry=shape(f["geometry"]),
        )
        for f in _read("neighbours.geojson")["features"]
    )


@lru_cache(maxsize=1)
def oblasts() -> tuple[Oblast, ...]:
    """The 27 units of Ukraine (24 oblasts, Crimea, Kyiv, Sevastopol), by ISO code.

    Returns
    -------
    tuple of Oblast
    """
    data = _read("ukraine_oblasts.geojson")
    return tuple(
        Oblast(
            name=f["properties"]["name"],
            name_uk=f["properties"]["name_uk"],
            iso_3166_2=f["properties"]["iso_3166_2"],
            kind=f["properties"]["kind"],
            geometry=shape(f["geometry"]),
        )
        for f in data["features"]
    )


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """The main cities of Ukraine and those near its border (Natural Earth 1:10m, public domain).

    Every place within Ukraine of 40,000 people or more, and abroad, places of 300,000 or more
    within 150 km of the border; largest first (see ``data/authoring/build_places.py``).

    Returns
    -------
    tuple of Place

    Examples
    --------
    >>> kyiv = places()[0]
    >>> kyiv.name, kyiv.name_uk, kyiv.kind
    ('Kyiv', 'Київ', 'city')
    """
    return tuple(
        Place(
            name=f["properties"]["name"],
            name_uk=f["properties"]["name_uk"],
            kind=f["properties"]["kind"],
            population=f["properties"]["population"],
            country=f["properties"]["country"],
            lon=f["geometry"]["coordinates"][0],
            lat=f["geometry"]["coordinates"][1],
        )
        for f in _read("places.geojson")["features"]
    )


@lru_cache(maxsize=1)
def ukraine() -> BaseGeometry:
    """Ukraine within its internationally recognised borders (the union of :func:`oblasts`).

    Returns
    -------
    shapely.geometry.base.BaseGeometry
    """
    return unary_union([o.geometry for o in oblasts()])


def oblast_at(lon: float, lat: float) -> Oblast | None:
    """The oblast (or Crimea, Kyiv, Sevastopol) containing a point, or None outside Ukraine.

    Parameters
    ----------
    lon, lat : float
        WGS 84 degrees.

    Returns
    -------
    Oblast or None
        The unit containing the point; a point within about 2 km of a unit but in none (on the
        simplified coast or border) gets the nearest one.
    """
    pt = Point(lon, lat)
    for o in oblasts():
        if o.geometry.contains(pt):
            return o
    near = [(o.geometry.distance(pt), o.iso_3166_2, o) for o in oblasts()]
    dist, _, best = min(near, key=lambda t: (t[0], t[1]))
    return best if dist <= SNAP_DEG else None


def oblast_of_area(bbox: tuple[float, float, float, float]) -> Oblast | None:
    """The oblast holding most of an area (``min_lon, min_lat, max_lon, max_lat``), or None.

    Parameters
    ----------
    bbox : tuple of float
        The area's bounds in WGS 84 degrees.

    Returns
    -------
    Oblast or None
        The unit with the largest share of the box; for a degenerate box, the one at its centre.
    """
    w, s, e, n = bbox
    area = box(w, s, e, n)
    if area.area == 0:
        return oblast_at((w + e) / 2, (s + n) / 2)
    shares = [(o.geometry.intersection(area).area, o.iso_3166_2, o) for o in oblasts()]
    share, _, best = max(shares, key=lambda t: (t[0], t[1]))
    return best if share > 0 else None
