"""Base layers derived from the OpenStreetMap extracts (ODbL): streets, built-up blocks, towns.

The extracts are NZZ's OpenStreetMap export of Donbas towns
(``simonhuwiler/cities-of-donbas-osm-export``, repository commit of 2025-03-16), copied to
``../shared/data/real/base/`` (see its SOURCES.md).
OSM data is © OpenStreetMap contributors, available under the Open Database Licence 1.0; the
files written from it are listed in ``data/geojson/ODbL-NOTICE.md``.

When the extracts are missing, :func:`extract_dir` returns None and the OSM-derived files already
in ``data/geojson/base/`` are left as they are.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from common import AOI, clean_polygonal, coords_list, feature, geom_json, r5
from pyproj import Transformer
from shapely.geometry import LineString, MultiLineString, Polygon, shape
from shapely.ops import unary_union

OSM_SOURCE = "© OpenStreetMap contributors (ODbL), NZZ export of 2025-03-16"
#: Date of the OSM export: the commit of simonhuwiler/cities-of-donbas-osm-export that holds it.
EXTRACT_DATE = "2025-03-16"

#: OSM highway classes kept at city zoom (tracks, service ways, footways and paths are left out).
STREET_CLASSES = (
    "trunk",
    "primary",
    "secondary",
    "tertiary",
    "unclassified",
    "residential",
    "living_street",
)
STREET_TOLERANCE_M = 3.0
#: Buildings are merged into blocks: grown by BLOCK_GROW_M, united, shrunk by BLOCK_SHRINK_M,
#: simplified by BLOCK_TOLERANCE_M; blocks under BLOCK_MIN_AREA_M2 are dropped.
BLOCK_GROW_M = 20.0
BLOCK_SHRINK_M = 15.0
BLOCK_TOLERANCE_M = 5.0
BLOCK_MIN_AREA_M2 = 400.0

_TO_M = Transformer.from_crs("EPSG:4326", "EPSG:32637", always_xy=True)
_TO_DEG = Transformer.from_crs("EPSG:32637", "EPSG:4326", always_xy=True)

REPO = Path(__file__).resolve().parents[2]


def extract_dir() -> Path | None:
    """The OSM extracts: ``$SIVERSK_REAL_DATA/base`` or ``../shared/data/real/base``, or None."""
    candidates = []
    env = os.environ.get("SIVERSK_REAL_DATA")
    if env:
        candidates.append(Path(env) / "base")
    candidates.append(REPO.parent / "shared" / "data" / "real" / "base")
    for c in candidates:
        if (c / "osm_siversk_streets.geojson").is_file():
            return c
    return None


def load(name: str, base: Path) -> list[dict[str, Any]]:
    """The features of one extract file."""
    with open(base / name, encoding="utf-8") as fh:
        feats: list[dict[str, Any]] = json.load(fh)["features"]
    return feats


def to_m(geom: Any) -> Any:
    """A lon/lat geometry in metres (UTM zone 37N)."""
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_M.transform(xy[:, 0], xy[:, 1])))


def to_deg(geom: Any) -> Any:
    """A UTM 37N geometry back in lon/lat."""
    return shapely.transform(
        geom, lambda xy: np.column_stack(_TO_DEG.transform(xy[:, 0], xy[:, 1]))
    )


# Ukrainian national romanisation (Cabinet of Ministers resolution 55 of 27 January 2010).
_FIRST = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_REST = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": "iu",
    "я": "ia",
    "'": "",
    "’": "",
    "ʼ": "",
}


def romanise(text: str) -> str:
    """Romanise Ukrainian text with the 2010 national system (``Шкільна`` -> ``Shkilna``)."""
    out = []
    for word in text.split(" "):
        letters = []
        for i, ch in enumerate(word):
            low = ch.lower()
            if low == "г" and i > 0 and word[i - 1].lower() == "з":
                rom = "gh"
            elif i == 0 and low in _FIRST:
                rom = _FIRST[low]
            else:
                rom = _REST.get(low, ch)
            letters.append(rom.capitalize() if ch.isupper() and rom else rom)
        out.append("".join(letters))
    return " ".join(out)


_GENERIC = {
    "вулиця": "Street",
    "провулок": "Lane",
    "площа": "Square",
    "проспект": "Avenue",
    "бульвар": "Boulevard",
    "проїзд": "Passage",
    "шосе": "Highway",
    "тупик": "Dead End",
}


def street_name_en(name_uk: str) -> str:
    """English form of a Ukrainian street name: the specific part romanised, the generic translated.

    ``Шкільна вулиця`` -> ``Shkilna Street``. OSM's own ``name:en`` is not used: in this extract
    several are names from before the 2016 renaming (``Lenina Street`` for Центральна вулиця).
    """
    words = name_uk.split()
    generic = [w for w in words if w.lower() in _GENERIC]
    specific = [w for w in words if w.lower() not in _GENERIC]
    en = romanise(" ".join(specific))
    if generic:
        en = f"{en} {_GENERIC[generic[0].lower()]}"
    return en.strip()


def streets(base: Path) -> list[dict[str, Any]]:
    """Road features for the OSM streets of Siversk that matter at city zoom."""
    out = []
    for f in load("osm_siversk_streets.geojson", base):
        p = f["properties"]
        if p.get("highway") not in STREET_CLASSES:
            continue
        geom = to_deg(to_m(shape(f["geometry"])).simplify(STREET_TOLERANCE_M))
        parts = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, LineString)]
        if len(parts) == 1:
            gj = {"type": "LineString", "coordinates": coords_list(parts[0].coords)}
        else:
            gj = {
                "type": "MultiLineString",
                "coordinates": [coords_list(g.coords) for g in MultiLineString(parts).geoms],
            }
        name_uk = p.get("name")
        props = {
            "layer": "road",
            "kind": p["highway"],
            "source": OSM_SOURCE,
            "precision_m": 10,
            "name_uk": name_uk,
            "name_en": street_name_en(name_uk) if name_uk else None,
            "name": street_name_en(name_uk) if name_uk else None,
            "ref": p.get("ref"),
            "bridge": "yes" if p.get("bridge") == "yes" else None,
            "osm_id": f"way/{p['id']}",
        }
        out.append(feature(f"osm-way-{p['id']}", gj, props))
    out.sort(key=lambda f: (STREET_CLASSES.index(f["properties"]["kind"]), f["id"]))
    return out


def blocks(base: Path) -> list[dict[str, Any]]:
    """Built-up blocks: the OSM buildings of Siversk merged (grown, united, shrunk, simplified)."""
    geoms = [to_m(shape(f["geometry"])) for f in load("osm_siversk_buildings.geojson", base)]
    merged = unary_union([g.buffer(BLOCK_GROW_M, quad_segs=2) for g in geoms])
    merged = merged.buffer(-BLOCK_SHRINK_M, quad_segs=2).simplify(BLOCK_TOLERANCE_M)
    parts = [p for p in getattr(merged, "geoms", [merged]) if p.area >= BLOCK_MIN_AREA_M2]
    out = []
    for part in sorted(parts, key=lambda p: (-round(p.area), p.bounds)):
        geom = clean_polygonal(
            to_deg(
                Polygon(
                    part.exterior,
                    [r for r in part.interiors if Polygon(r).area >= BLOCK_MIN_AREA_M2],
                )
            )
        )
        if geom is None:
            continue
        out.append(geom)
    return [
        feature(
            f"built-up-block-{i:03d}",
            geom_json(g),
            {
                "layer": "built_up",
                "kind": "block",
                "source": OSM_SOURCE,
                "precision_m": 20,
                "note": (
                    f"OSM buildings merged into a block: grown {BLOCK_GROW_M:g} m, united, shrunk "
                    f"{BLOCK_SHRINK_M:g} m, simplified {BLOCK_TOLERANCE_M:g} m."
                ),
            },
        )
        for i, g in enumerate(out, 1)
    ]


def towns(base: Path) -> dict[str, dict[str, Any]]:
    """The OSM towns of the box, by English name: label point, names, place class, population.

    The extract holds boundaries, not place nodes: the point is the boundary's centroid (or a
    point inside it when the centroid falls outside). Towns whose point is outside the box are
    left out (Siversk is given as its boundary polygon elsewhere).
    """
    out = {}
    for f in load("osm_settlements_towns_bbox.geojson", base):
        p = f["properties"]
        poly = shape(f["geometry"])
        pt = poly.centroid if poly.contains(poly.centroid) else poly.representative_point()
        if not AOI.contains(pt):
            continue
        out[p["name:en"]] = {
            "lon": r5(pt.x),
            "lat": r5(pt.y),
            "name_uk": p["name"],
            "name_en": p["name:en"],
            "place": p["place"],
            "population": p.get("population"),
            "osm_id": f"{p['overpasstype']}/{p['id']}",
            "area_km2": round(to_m(poly).area / 1e6, 1),
        }
    return out
