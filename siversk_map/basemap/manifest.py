"""What ``basemap`` writes into ``manifest.json``: the OSM credit and what ``import`` left generic.

``import`` names its reference point "centre of the imported area" and titles the data set after
the archive; ``basemap`` knows the places, so it puts the reference point on the largest one (or
on ``--centre``), titles the data set after it and its oblast, and sets the river line when a
river is named.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import shapely

from ..errors import SiverskMapError
from .layers import PLACE_RANK, BaseFeature

__all__ = ["BasemapOptionsError", "main_place", "update_manifest"]

#: The reference point ``import`` writes when the area has no better one.
GENERIC_REFERENCE = "centre of the imported area"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
#: A --centre within this distance (degrees, about 3 km) of a place takes its name.
_NEAR = 0.03


class BasemapOptionsError(SiverskMapError):
    """The options cannot be satisfied (a river not found, a centre outside the area)."""


def main_place(settlements: Sequence[BaseFeature]) -> BaseFeature | None:
    """The largest place: by class (city, town, village, hamlet), then population, then name.

    Suburbs are parts of a place and never chosen.

    Parameters
    ----------
    settlements : sequence of BaseFeature
        The ``settlement`` features.

    Returns
    -------
    BaseFeature or None
    """
    ranked = [f for f in settlements if f.properties.get("kind") in PLACE_RANK[:4]]
    if not ranked:
        return None
    return min(
        ranked,
        key=lambda f: (
            PLACE_RANK.index(f.properties["kind"]),
            -(f.properties.get("population") or 0),
            str(f.properties.get("name") or ""),
            f.fid,
        ),
    )


def _nearest_name(settlements: Sequence[BaseFeature], lon: float, lat: float) -> str | None:
    best: tuple[float, str] | None = None
    for f in settlements:
        if f.properties.get("kind") not in PLACE_RANK[:4] or not f.properties.get("name"):
            continue
        d = math.hypot(f.geometry.x - lon, f.geometry.y - lat)
        if d <= _NEAR and (best is None or d < best[0]):
            best = (d, str(f.properties["name"]))
    return best[1] if best else None


def _rivers(rivers: Sequence[BaseFeature], wanted: str) -> tuple[list[str], str]:
    """Ids of the river features named ``wanted`` (any of their names), and the name used."""
    key = wanted.strip().casefold()
    ids: list[str] = []
    shown = wanted.strip()
    for f in rivers:
        values = [f.properties.get(k) for k in ("name", "name_en", "name_uk")]
        if any(isinstance(v, str) and v.casefold() == key for v in values):
            ids.append(f.fid)
            shown = str(f.properties.get("name") or shown)
    if not ids:
        known = sorted({str(f.properties["name"]) for f in rivers if f.properties.get("name")})
        listed = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
        raise BasemapOptionsError(
            f"no river named {wanted!r} in the area (named rivers: {listed or 'none'})"
        )
    return sorted(ids), shown


def _oblast_name(boundaries: Sequence[BaseFeature], box: tuple[float, ...]) -> str | None:
    oblasts = [f for f in boundaries if f.properties.get("kind") == "oblast"]
    if not oblasts:
        return None
    centre = shapely.Point((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    best = max(oblasts, key=lambda f: (f.geometry.intersects(centre), f.geometry.area, f.fid))
    name = best.properties.get("name")
    return str(name) if name else None


def update_manifest(
    doc: Mapping[str, Any] | None,
    *,
    name: str,
    box: tuple[float, float, float, float],
    layers: Mapping[str, Sequence[BaseFeature]],
    extract_date: str,
    centre: tuple[float, float] | None = None,
    river: str | None = None,
    title: str | None = None,
    zoom: int = 12,
) -> dict[str, Any]:
    """The manifest after ``basemap``: ``doc`` (or a new one) with the base credit and what
    OSM tells.

    Parameters
    ----------
    doc : mapping or None
        The current manifest (as JSON), None when the folder has none.
    name : str
        Name of a new data set.
    box : tuple of float
        Its ``bbox``.
    layers : mapping
        The base layers written.
    extract_date : str
        ``YYYY-MM-DD`` of the OSM extract.
    centre : tuple of float, optional
        ``(lat, lon)`` of the reference point chosen by the user.
    river : str, optional
        Name of the river forming the river line.
    title : str, optional
        Title chosen by the user.
    zoom : int
        Default zoom of a new data set.

    Returns
    -------
    dict
        The new manifest.

    Raises
    ------
    BasemapOptionsError
        When the river is not in the area or the centre is outside the box.
    """
    out: dict[str, Any] = dict(doc) if doc else {"name": name, "bbox": list(box)}
    out["base_attribution"] = OSM_ATTRIBUTION
    out["base_extract_date"] = extract_date
    settlements = layers.get("settlement", [])
    place = main_place(settlements)
    a, b, c, d = out["bbox"]
    ref = out.get("reference_point")
    generic = not isinstance(ref, dict) or ref.get("name") == GENERIC_REFERENCE
    if centre is not None:
        lat, lon = centre
        if not (a <= lon <= c and b <= lat <= d):
            raise BasemapOptionsError(
                f"--centre {lat},{lon} is outside the data set's bbox {[a, b, c, d]}"
            )
        label = _nearest_name(settlements, lon, lat) or "map centre"
        out["reference_point"] = {"name": label, "lon": round(lon, 7), "lat": round(lat, 7)}
    elif generic and place is not None:
        point = place.geometry
        out["reference_point"] = {
            "name": str(place.properties.get("name") or "main place"),
            "lon": point.x,
            "lat": point.y,
        }
    elif not isinstance(ref, dict):
        out["reference_point"] = {
            "name": "centre of the area",
            "lon": round((a + c) / 2, 7),
            "lat": round((b + d) / 2, 7),
        }
    town = str(place.properties.get("name")) if place and place.properties.get("name") else None
    oblast = _oblast_name(layers.get("boundary", []), box)
    if title:
        out["title"] = title
    elif doc is None:
        out["title"] = ", ".join(t for t in (town, oblast) if t) or name
    elif town and str(out.get("name", "")).startswith("import-"):
        old = str(out.get("title") or "")
        out["title"] = old if old.startswith(f"{town}") else f"{town}: {old}".rstrip(": ")
    if river:
        ids, shown = _rivers(layers.get("river", []), river)
        out["river_line"] = ids
        out["river_name"] = shown
    if doc is None:
        out["view"] = {"zoom": zoom}
        out.setdefault("attribution", OSM_ATTRIBUTION)
    return out
