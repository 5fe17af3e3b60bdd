"""What the deepest advance measures, and when it is an artefact of the data's box."""

from __future__ import annotations

import math

from ..analysis import Advance

__all__ = ["EDGE_KM", "advance_text", "on_area_edge"]

#: An advance's end closer than this to the edge of the data's box lies "on the edge".
EDGE_KM = 0.3


def _edge_km(point: tuple[float, float], bbox: tuple[float, float, float, float]) -> float:
    lon, lat = point
    w, s, e, n = bbox
    km_lon = 111.32 * math.cos(math.radians(lat))
    return min((lon - w) * km_lon, (e - lon) * km_lon, (lat - s) * 110.57, (n - lat) * 110.57)


def on_area_edge(adv: Advance, bbox: tuple[float, float, float, float]) -> bool:
    """Whether both ends of an advance lie on the edge of the data's box.

    Ground drawn up to the box's edge grows along it when the box cuts it: such an "advance"
    runs along the frame, not toward anything.

    Examples
    --------
    >>> adv = Advance(5.0, head=(38.0, 48.9999), origin=(38.05, 48.9995))
    >>> on_area_edge(adv, (37.8, 48.7, 38.3, 49.0))
    True
    >>> on_area_edge(Advance(5.0, (38.0, 48.85), (38.05, 48.9995)), (37.8, 48.7, 38.3, 49.0))
    False
    """
    return _edge_km(adv.head, bbox) < EDGE_KM and _edge_km(adv.origin, bbox) < EDGE_KM


def advance_text(
    adv: Advance, bbox: tuple[float, float, float, float], since: str, digits: int = 2
) -> str:
    """The deepest advance as a line that says what it measures, or why it is left out."""
    if on_area_edge(adv, bbox):
        return (
            f"Deepest advance since {since}: left out ({adv.distance_km:.{digits}f} km along "
            "the edge of the data's area, an artefact of the box)"
        )
    return (
        f"Deepest advance since {since} (farthest new Russian-held point from the ground held "
        f"then): {adv.distance_km:.{digits}f} km"
    )
