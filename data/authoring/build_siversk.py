"""Build the bundled siversk-map data set (data/geojson/) from hand-authored coordinates.

The pieces live in modules of their own, each with one job:

- ``geography.py``: the base layers (city, villages, rivers, roads);
- ``fronts_2022_2025.py``, ``fronts_2025_2026.py`` and ``fronts_2025_12.py``: the hand-drawn
  control state of each date
  (``STATES``: Russian-held shells, Ukrainian pockets, grey zones, source, status, precision);
- ``story.py``: events, axes, claims, the advance measure and the manifest.

This script composes them: for each date, Russian-held ground is the union of its ``ru`` shells less
its ``ru_minus`` shells and its grey zone, clipped to the area of interest; Ukrainian-held ground
is the rest of the area; the front line is the edge of Russian-held ground inside the area. The
three sides therefore tile the area without overlapping.

Run from anywhere:  python data/authoring/build_siversk.py
The output is deterministic (sorted keys, fixed rounding): re-running reproduces it byte for byte.
Only json, shapely and pyproj are used.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import LineString, MultiLineString, Polygon
from shapely.ops import unary_union

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fronts_2022_2025
import fronts_2025_12
import fronts_2025_2026
import geography
import story
from common import (
    AOI,
    ROOT,
    clean_polygonal,
    collection,
    coords_list,
    feature,
    geom_json,
    r5,
    write,
)

STATES: dict[str, dict[str, Any]] = {
    **fronts_2022_2025.STATES,
    **fronts_2025_2026.STATES,
    **fronts_2025_12.STATES,
}


def _union(shells: list[list[tuple[float, float]]]) -> Any:
    polys = []
    for shell in shells:
        poly = Polygon(shell)
        if not poly.is_valid:
            raise ValueError(
                f"a drawn shell is not a valid polygon: {shapely.is_valid_reason(poly)}"
            )
        polys.append(poly)
    return unary_union(polys) if polys else Polygon()


def compose_state(d: str) -> dict[str, Any]:
    """Russian-held, contested and Ukrainian-held ground and the front line of one date."""
    st = STATES[d]
    contested = _union(st.get("contested", [])).intersection(AOI)
    ru = _union(st["ru"]).difference(_union(st.get("ru_minus", []))).difference(contested)
    ru = ru.intersection(AOI)
    ua = AOI.difference(unary_union([ru, contested]))
    edge = ru.boundary.difference(AOI.boundary.buffer(1e-7))
    front = shapely.line_merge(edge) if not edge.is_empty else edge
    return {"ru": ru, "contested": contested, "ua": ua, "front": front}


def _lines(geom: Any) -> dict[str, Any] | None:
    parts = [
        g for g in getattr(geom, "geoms", [geom]) if isinstance(g, LineString) and g.length > 1e-6
    ]
    if not parts:
        return None
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": coords_list(parts[0].coords)}
    parts.sort(key=lambda g: (-g.length, g.coords[0]))
    return {
        "type": "MultiLineString",
        "coordinates": [coords_list(g.coords) for g in MultiLineString(parts).geoms],
    }


def build_dated() -> dict[str, Any]:
    """The dated layer files, by path under data/geojson/."""
    files: dict[str, Any] = {}
    claim_dates = {c[0] for c in story.CLAIMS}
    event_dates = {e["date"] for e in story.EVENTS}
    dates = sorted(set(STATES) | event_dates | set(story.AXES) | claim_dates | {story.MEASURE_DATE})
    city = Polygon(geography.SIVERSK_BOUNDARY)
    for d in dates:
        feats = []
        if d in STATES:
            st = STATES[d]
            parts = compose_state(d)
            common = {
                "layer": "control",
                "date": d,
                "status": st["status"],
                "source": st["source"],
                "source_date": st["source_date"],
                "source_url": st.get("source_url"),
                "precision_m": st["precision_m"],
            }
            later = [x for x in sorted(STATES) if x > d]
            # A date without a grey zone has none: the previous date's must not carry over.
            until = (
                (dt.date.fromisoformat(later[0]) - dt.timedelta(days=1)).isoformat()
                if later
                else None
            )
            for side, note in (
                ("ru", st.get("note")),
                ("ua", None),
                ("contested", "Grey zone: control unclear."),
            ):
                geom = clean_polygonal(parts[side]) if not parts[side].is_empty else None
                if geom is not None:
                    props = dict(common, side=side, note=note)
                    if side == "contested":
                        props["valid_until"] = until
                        # A grey zone drawn from reporting carries its own source and status.
                        props["status"] = st.get("contested_status", st["status"])
                        props["source"] = st.get("contested_source", st["source"])
                        if "contested_source" in st:
                            props["source_url"] = st.get("contested_source_url")
                    feats.append(feature(f"{d}-ctl-{side}", geom_json(geom), props))
            front = _lines(parts["front"])
            if front is not None:
                feats.append(
                    feature(
                        f"{d}-front-ru",
                        front,
                        {
                            "layer": "front_line",
                            "date": d,
                            "side": "ru",
                            "status": st["status"],
                            "source": st["source"],
                            "source_date": st["source_date"],
                            "source_url": st.get("source_url"),
                            "precision_m": st["precision_m"],
                            "name": "Russian forward edge",
                        },
                    )
                )
        for ax in story.AXES.get(d, []):
            feats.append(
                feature(
                    ax["id"],
                    {"type": "LineString", "coordinates": coords_list(ax["pts"])},
                    {
                        "layer": "axis",
                        "date": d,
                        "side": "ru",
                        "status": "reported",
                        "name": ax["name"],
                        "note": ax["note"] + " Last vertex = head of the axis.",
                        "source": ax["source"],
                        "source_date": ax["source_date"],
                        "source_url": ax["url"],
                        "precision_m": 1500,
                        "valid_until": ax.get("valid_until"),
                    },
                )
            )
        for cd, fid, name, shell, src, url, prec, note in story.CLAIMS:
            if cd != d:
                continue
            # A claim without a shell of its own claims the whole city: its boundary ring.
            geom = clean_polygonal(Polygon(shell) if shell is not None else city)
            feats.append(
                feature(
                    fid,
                    geom_json(geom),
                    {
                        "layer": "control",
                        "date": d,
                        "side": "ru",
                        "status": "claimed",
                        "name": name,
                        "source": src,
                        "source_date": d,
                        "source_url": url,
                        "precision_m": prec,
                        "note": note,
                        "valid_until": story.CLAIM_SHOWN_UNTIL.get(fid),
                    },
                )
            )
        if d == story.MEASURE_DATE:
            ml = LineString(story.MEASURE)
            feats.append(
                feature(
                    f"{d}-measure-advance",
                    {"type": "LineString", "coordinates": coords_list(ml.coords)},
                    {
                        "layer": "measure",
                        "date": d,
                        "kind": "advance",
                        **story.MEASURE_PROPS,
                    },
                )
            )
        for ev in story.EVENTS:
            if ev["date"] != d:
                continue
            lon, lat = ev["lonlat"]
            feats.append(
                feature(
                    ev["id"],
                    {"type": "Point", "coordinates": [r5(lon), r5(lat)]},
                    {
                        "layer": "event",
                        "date": d,
                        "name": ev["name"],
                        "summary": ev["summary"],
                        "source": ev["source"],
                        "source_date": ev["source_date"],
                        "source_url": ev["url"],
                        "status": ev["status"],
                        "precision_m": ev["precision_m"],
                    },
                )
            )
        files[f"dated/{d}.geojson"] = collection(feats)
    return files


def main() -> None:
    """Write every file of the data set, and remove dated files no longer produced."""
    files: dict[str, Any] = {"manifest.json": story.MANIFEST}
    files.update(geography.build_base())
    files.update(build_dated())
    for old in sorted((ROOT / "dated").glob("*.geojson")):
        if f"dated/{old.name}" not in files:
            old.unlink()
    for rel, obj in sorted(files.items()):
        write(ROOT / rel, obj)
    print(f"wrote {len(files)} files under {ROOT}")


if __name__ == "__main__":
    main()
