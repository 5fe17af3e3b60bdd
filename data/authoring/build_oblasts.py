"""Build ``siversk_map/_geo/ukraine_oblasts.geojson``: Ukraine's oblasts, coarse, for map insets.

Source: Natural Earth 1:10m "Admin 1 – States, Provinces" (public domain), as the quantised
TopoJSON kept in the Elastic Maps Service repository
(``elastic/ems-file-service``, ``sources/world/ne_10m_admin_1_states_provinces.topo.json.gz``).
The 27 first-level units of Ukraine are taken by ``adm0_a3 == "UKR"``: 24 oblasts, the
Autonomous Republic of Crimea and the cities of Kyiv and Sevastopol, i.e. Ukraine within its
internationally recognised borders. The shared TopoJSON arcs are simplified once each
(Douglas-Peucker, SIMPLIFY_DEG, about 1 km), so neighbouring units keep a common edge, then
coordinates are rounded to 3 decimals.

With a second argument, Natural Earth 1:110m "Admin 0 – Countries" (public domain; the GeoJSON of
``martynafford/natural-earth-geojson``, ``110m/cultural/ne_110m_admin_0_countries.json``), it also
writes ``siversk_map/_geo/neighbours.geojson``: the countries around Ukraine for an inset's
context, each less Ukraine as drawn above (Natural Earth's default 110m layer shows Crimea as part
of Russia; here it is not).

Run:  python data/authoring/build_oblasts.py ADMIN1.topo.json.gz [ne_110m_admin_0_countries.json]
The output is deterministic.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon, mapping
from shapely.geometry.polygon import orient

OUT = Path(__file__).resolve().parents[2] / "siversk_map" / "_geo" / "ukraine_oblasts.geojson"
NEIGHBOURS_OUT = OUT.with_name("neighbours.geojson")
NEIGHBOURS_BOX = (19.0, 42.5, 43.0, 54.0)  # lon/lat box around Ukraine kept for insets
NEIGHBOUR_NAMES_UK = {
    "ALB": "Албанія",
    "BGR": "Болгарія",
    "BIH": "Боснія і Герцеговина",
    "BLR": "Білорусь",
    "GEO": "Грузія",
    "HRV": "Хорватія",
    "HUN": "Угорщина",
    "KOS": "Косово",
    "LTU": "Литва",
    "MDA": "Молдова",
    "MNE": "Чорногорія",
    "POL": "Польща",
    "ROU": "Румунія",
    "RUS": "Росія",
    "SRB": "Сербія",
    "SVK": "Словаччина",
    "TUR": "Туреччина",
    "LVA": "Латвія",
    "MKD": "Північна Македонія",
    "GRC": "Греція",
    "AUT": "Австрія",
    "CZE": "Чехія",
    "SVN": "Словенія",
    "ARM": "Вірменія",
    "AZE": "Азербайджан",
}
SIMPLIFY_DEG = 0.01  # about 0.7 km east-west and 1.1 km north-south at 49 N
MIN_RING_DEG2 = 0.0004  # islands and holes under about 3 km² are dropped
DECIMALS = 3

# ISO 3166-2 code -> (English name, Ukrainian name). Natural Earth's own names are older
# transliterations ("Zaporizhzhya", "Kiev"); these are the current official forms.
NAMES = {
    "UA-05": ("Vinnytsia Oblast", "Вінницька область"),
    "UA-07": ("Volyn Oblast", "Волинська область"),
    "UA-09": ("Luhansk Oblast", "Луганська область"),
    "UA-12": ("Dnipropetrovsk Oblast", "Дніпропетровська область"),
    "UA-14": ("Donetsk Oblast", "Донецька область"),
    "UA-18": ("Zhytomyr Oblast", "Житомирська область"),
    "UA-21": ("Zakarpattia Oblast", "Закарпатська область"),
    "UA-23": ("Zaporizhzhia Oblast", "Запорізька область"),
    "UA-26": ("Ivano-Frankivsk Oblast", "Івано-Франківська область"),
    "UA-30": ("Kyiv", "Київ"),
    "UA-32": ("Kyiv Oblast", "Київська область"),
    "UA-35": ("Kirovohrad Oblast", "Кіровоградська область"),
    "UA-40": ("Sevastopol", "Севастополь"),
    "UA-43": ("Autonomous Republic of Crimea", "Автономна Республіка Крим"),
    "UA-46": ("Lviv Oblast", "Львівська область"),
    "UA-48": ("Mykolaiv Oblast", "Миколаївська область"),
    "UA-51": ("Odesa Oblast", "Одеська область"),
    "UA-53": ("Poltava Oblast", "Полтавська область"),
    "UA-56": ("Rivne Oblast", "Рівненська область"),
    "UA-59": ("Sumy Oblast", "Сумська область"),
    "UA-61": ("Ternopil Oblast", "Тернопільська область"),
    "UA-63": ("Kharkiv Oblast", "Харківська область"),
    "UA-65": ("Kherson Oblast", "Херсонська область"),
    "UA-68": ("Khmelnytskyi Oblast", "Хмельницька область"),
    "UA-71": ("Cherkasy Oblast", "Черкаська область"),
    "UA-74": ("Chernihiv Oblast", "Чернігівська область"),
    "UA-77": ("Chernivtsi Oblast", "Чернівецька область"),
}
KIND = {"UA-30": "city", "UA-40": "city", "UA-43": "autonomous republic"}


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The TopoJSON arcs as lon/lat lists (delta-decoded, de-quantised)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def simplified(arcs: list[list[tuple[float, float]]], used: set[int]) -> dict[int, list]:
    """Each used arc simplified on its own, endpoints kept (so shared edges stay shared)."""
    out = {}
    for i in sorted(used):
        pts = arcs[i]
        if len(pts) > 2 and pts[0] != pts[-1]:
            pts = list(LineString(pts).simplify(SIMPLIFY_DEG, preserve_topology=False).coords)
        elif len(pts) > 3:  # a closed arc (a whole island or border ring)
            ring = Polygon(pts).exterior.simplify(SIMPLIFY_DEG, preserve_topology=True)
            pts = list(ring.coords)
        out[i] = pts
    return out


def ring(indexes: list[int], arcs: dict[int, list]) -> list[tuple[float, float]]:
    """A ring from arc indexes (negative = reversed, ~i)."""
    pts: list[tuple[float, float]] = []
    for idx in indexes:
        seg = arcs[idx] if idx >= 0 else arcs[~idx][::-1]
        pts.extend(seg if not pts else seg[1:])
    return pts


def polygon(rings: list[list[int]], arcs: dict[int, list]) -> Polygon | None:
    """A polygon from TopoJSON rings, small holes dropped; None when the shell is too small."""
    shell = ring(rings[0], arcs)
    if len(shell) < 4 or Polygon(shell).area < MIN_RING_DEG2:
        return None
    holes = [
        h
        for h in (ring(r, arcs) for r in rings[1:])
        if len(h) >= 4 and Polygon(h).area >= MIN_RING_DEG2
    ]
    return Polygon(shell, holes)


def rounded(geom: Any) -> Any:
    """Coordinates rounded to DECIMALS, made valid, exteriors counter-clockwise."""
    geom = shapely.make_valid(shapely.set_precision(geom, 10**-DECIMALS))
    polys = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon)]
    polys = [orient(p, 1.0) for p in polys if p.area >= MIN_RING_DEG2]
    polys.sort(key=lambda p: -p.area)
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def write(path: Path, obj: dict[str, Any]) -> int:
    """Write compact JSON atomically; the number of characters written."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(path)
    return len(text)


def neighbours(src: str, ukraine: Any) -> None:
    """The countries around Ukraine (Natural Earth 1:110m), less Ukraine, for insets."""
    from shapely.geometry import box, shape

    with open(src, encoding="utf-8") as fh:
        countries = json.load(fh)["features"]
    area = box(*NEIGHBOURS_BOX)
    feats = []
    for c in sorted(countries, key=lambda c: c["properties"]["ADM0_A3"]):
        code = c["properties"]["ADM0_A3"]
        if code == "UKR":
            continue
        geom = shape(c["geometry"]).intersection(area).simplify(0.02)
        geom = geom.difference(ukraine.buffer(0.005))
        if geom.is_empty or geom.area < 0.01:
            continue
        geom = rounded(geom)
        m = mapping(geom)
        feats.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {
                    "name": c["properties"]["NAME"],
                    "iso_a3": code,
                    "name_uk": NEIGHBOUR_NAMES_UK.get(code, c["properties"]["NAME"]),
                },
                "geometry": {
                    "type": m["type"],
                    "coordinates": json.loads(json.dumps(m["coordinates"])),
                },
            }
        )
    n = write(
        NEIGHBOURS_OUT,
        {
            "type": "FeatureCollection",
            "name": "neighbours",
            "attribution": "Made with Natural Earth (public domain): Admin 0 – Countries, 1:110m; "
            "clipped, less Ukraine within its internationally recognised borders",
            "features": feats,
        },
    )
    print(f"wrote {len(feats)} countries, {n:,} bytes to {NEIGHBOURS_OUT}")


def main(src: str, admin0: str | None = None) -> None:
    """Read the TopoJSON, write the coarse oblast layer."""
    with gzip.open(src) as fh:
        topo = json.load(fh)
    (obj,) = topo["objects"].values()
    units = [g for g in obj["geometries"] if g["properties"].get("adm0_a3") == "UKR"]
    codes = sorted(g["properties"]["iso_3166_2"] for g in units)
    if codes != sorted(NAMES):
        raise SystemExit(f"unexpected Ukrainian units: {codes}")
    used: set[int] = set()
    for g in units:
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        for rings in polys:
            for r in rings:
                used.update(i if i >= 0 else ~i for i in r)
    arcs = simplified(decode_arcs(topo), used)
    feats = []
    for g in sorted(units, key=lambda g: g["properties"]["iso_3166_2"]):
        code = g["properties"]["iso_3166_2"]
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        parts = [p for p in (polygon(rings, arcs) for rings in polys) if p is not None]
        geom = rounded(MultiPolygon(parts) if len(parts) > 1 else parts[0])
        name, name_uk = NAMES[code]
        m = mapping(geom)
        feats.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {
                    "name": name,
                    "name_uk": name_uk,
                    "iso_3166_2": code,
                    "kind": KIND.get(code, "oblast"),
                    "name_natural_earth": g["properties"]["name"],
                },
                "geometry": {
                    "type": m["type"],
                    "coordinates": json.loads(json.dumps(m["coordinates"])),
                },
            }
        )
    out = {
        "type": "FeatureCollection",
        "name": "ukraine_oblasts",
        "attribution": "Made with Natural Earth (public domain): Admin 1 – States, Provinces, "
        "1:10m; simplified to about 1 km by siversk-map",
        "features": feats,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    n = write(OUT, out)
    print(f"wrote {len(feats)} units, {n:,} bytes to {OUT}")
    if admin0:
        from shapely.geometry import shape
        from shapely.ops import unary_union

        neighbours(admin0, unary_union([shape(f["geometry"]) for f in feats]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
