"""Shared helpers of the authoring scripts: the area, rounding, GeoJSON building, writing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, box, mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parents[1] / "geojson"
BBOX = (37.85, 48.70, 38.45, 49.05)  # min_lon, min_lat, max_lon, max_lat
W, S, E, N = BBOX
AOI = box(W, S, E, N)
GRID = 1e-5  # 5 decimal places

Ring = list[tuple[float, float]]


def r5(x: float) -> float:
    """Round a coordinate to 5 decimals (about 1 m), without negative zero."""
    return round(float(x) + 0.0, 5)


def coords_list(seq: Any) -> list[list[float]]:
    """A coordinate sequence as rounded ``[lon, lat]`` lists."""
    return [[r5(x), r5(y)] for x, y, *_ in seq]


def clean_polygonal(geom: BaseGeometry) -> BaseGeometry | None:
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


def geom_json(geom: BaseGeometry) -> dict[str, Any]:
    """GeoJSON geometry with coordinates rounded to 5 decimals."""
    m = mapping(geom)

    def rnd(c: Any) -> Any:
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            return [r5(c[0]), r5(c[1])]
        return [rnd(x) for x in c]

    return {"type": m["type"], "coordinates": rnd(m["coordinates"])}


def feature(fid: str, geom: dict[str, Any], props: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON Feature; properties that are None are left out."""
    props = {k: v for k, v in props.items() if v is not None}
    return {"type": "Feature", "id": fid, "geometry": geom, "properties": props}


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection."""
    return {"type": "FeatureCollection", "features": features}


def write(path: Path, obj: Any) -> None:
    """Write JSON deterministically (sorted keys, one-space indent, final newline)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")


def after_deepstate(
    day: str, precision_m: int, note: str | None = None, *, evening: bool = False
) -> dict[str, Any]:
    """The source fields of a state drawn by hand after DeepState's map of ``day`` (ISO date;
    with ``evening``, "of the evening of" that day)."""
    of = f"the evening of {day}" if evening else day
    return {
        "status": "assessed",
        "source": f"siversk-map, drawn by hand after DeepState's map of {of}",
        "source_date": day,
        "source_url": "https://deepstatemap.live/",
        "precision_m": precision_m,
        "note": note,
    }


AUTHORED = "Authored by siversk-map from public maps; position approximate"
