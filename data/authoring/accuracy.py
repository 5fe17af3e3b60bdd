"""Measure the bundled data set against the reference archives, date by date, where the story is.

The archives in ``../shared/data/real/`` (DeepState's daily files and its raw archive, the OSM city
boundary) are checks only: nothing here feeds the data set. For each dated control state of the
bundled data set this computes, against the reference for the same evening:

- ``iou``: intersection over union of Russian-held ground inside the 8 km disc round the city
  centre (38.0972 E, 48.8631 N);
- ``city_ru`` / ``city_grey`` and the reference's: share of the OSM city boundary held by Russia
  and drawn grey;
- ``front_km`` and ``ref_front_km``: geodesic distance from the centre to the nearest Russian-held
  ground (0 inside it);
- ``box_km2`` and ``ref_box_km2``: Russian-held area in the whole area of interest.

References: for a date D from 2024-07-07 on, DeepState's daily file dated D+1 (file F shows the
evening of F-1), or the latest before it, from the clipped copies, the weekly whole-front
series and the packed daily series (unpacked into a temporary folder); earlier, the last
raw-archive version on or before D (occupied areas, ORDLO and GeometryCollections included;
``Contested`` / ``Unknown status`` as grey).

Run:  python data/authoring/accuracy.py [--write-readme]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CENTRE = (38.0972, 48.8631)  # encyclopedia centre of Siversk (lon, lat)
DISC_KM = 8.0
GEOD = Geod(ellps="WGS84")
AOI_BBOX = (37.85, 48.70, 38.45, 49.05)

RAW_OCCUPIED = re.compile(r"occupied|cadr|calr|окуповано|рубіжне|ordlo", re.IGNORECASE)
RAW_GREY = re.compile(r"contested|unknown", re.IGNORECASE)


def real_data_dir() -> Path | None:
    """The folder of real third-party data, or None when it is missing."""
    env = os.environ.get("SIVERSK_REAL_DATA")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "data" / "real")
    for c in candidates:
        if (c / "deepstate_cyterat").is_dir():
            return c
    return None


def _polygons(geom: BaseGeometry | None) -> BaseGeometry:
    """The polygonal part of any geometry (collections opened), made valid, 2-D."""
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    geom = shapely.force_2d(geom)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    nested = [g for g in shapely.get_parts(geom) if g.geom_type == "GeometryCollection"]
    parts += [_polygons(g) for g in nested]
    return unary_union(parts) if parts else shapely.Polygon()


@dataclass(frozen=True)
class Reference:
    """Russian-held and grey ground of one reference file."""

    label: str
    file: str
    ru: BaseGeometry
    grey: BaseGeometry


_UNPACKED: dict[Path, Path] = {}


def _daily_series(real: Path) -> Path | None:
    """The packed daily whole-front series, unpacked once per process into a temporary folder."""
    packed = sorted((real / "series").glob("deepstate_daily_*.tar.xz"))
    if not packed:
        return None
    if packed[0] not in _UNPACKED:
        target = Path(tempfile.mkdtemp(prefix="siversk-daily-"))
        with tarfile.open(packed[0], "r:xz") as tar:
            members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".geojson")]
            for m in members:
                src = tar.extractfile(m)
                if src is not None:
                    (target / Path(m.name).name).write_bytes(src.read())
        _UNPACKED[packed[0]] = target
    return _UNPACKED[packed[0]]


def _daily_files(real: Path) -> list[tuple[dt.date, Path]]:
    """DeepState daily files by file date: clipped ones, the weekly and daily whole-front series."""
    found: dict[dt.date, Path] = {}
    folders = [real / "series" / "deepstate_daily_front"]
    unpacked = _daily_series(real)
    if unpacked is not None:
        folders.append(unpacked)
    folders.append(real / "deepstate_cyterat")  # last: the clipped copies win
    for folder in folders:
        for p in sorted(folder.glob("*.geojson")):
            m = re.search(r"(\d{8})", p.name)
            if m:
                found[dt.datetime.strptime(m.group(1), "%Y%m%d").date()] = p
    return sorted(found.items())


def _raw(real: Path) -> list[tuple[dt.datetime, Path]]:
    out = []
    for p in sorted((real / "deepstate_raw_danielrose").glob("siversk_*.geojson")):
        m = re.search(r"_(\d{8}T\d{4})Z", p.name)
        if m:
            out.append((dt.datetime.strptime(m.group(1), "%Y%m%dT%H%M"), p))
    return out


def load_reference(real: Path, date: dt.date) -> Reference:
    """The reference for the evening of ``date``."""
    cy = [(d, p) for d, p in _daily_files(real) if d <= date + dt.timedelta(days=1)]
    if cy and date >= dt.date(2024, 7, 7):
        d, p = cy[-1]
        doc = json.loads(p.read_text(encoding="utf-8"))
        aoi = shapely.box(*AOI_BBOX).buffer(0.05)
        ru = unary_union(
            [
                _polygons(shape(f["geometry"])).intersection(aoi)
                for f in doc["features"]
                if f["geometry"]
            ]
        )
        grey = shapely.Polygon()
        # The daily files leave the grey zone out; the raw archive has it until August 2025.
        raws = [(t, q) for t, q in _raw(real) if t.date() <= date]
        if raws and (date - raws[-1][0].date()).days <= 3:
            grey = load_raw(raws[-1][1]).grey
        return Reference(
            f"DeepState daily {d:%Y-%m-%d} (evening of {d - dt.timedelta(days=1)})",
            p.name,
            ru,
            grey,
        )
    raws = [(t, q) for t, q in _raw(real) if t.date() <= date]
    if not raws:
        raise LookupError(f"no reference on or before {date}")
    return load_raw(raws[-1][1])


def load_raw(path: Path) -> Reference:
    """Occupied and grey ground of one raw DeepState archive file."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    occ, grey, freed = [], [], []
    for f in doc["features"]:
        geom = f.get("geometry")
        if not geom or geom.get("type") in ("Point", "MultiPoint", "LineString", "MultiLineString"):
            continue
        name = str((f.get("properties") or {}).get("name") or "")
        poly = _polygons(shape(geom))
        if RAW_OCCUPIED.search(name):
            occ.append(poly)
        elif RAW_GREY.search(name):
            grey.append(poly)
        elif re.search(r"liberated|звільнено", name, re.IGNORECASE):
            freed.append(poly)
    freed_u = unary_union(freed) if freed else shapely.Polygon()
    grey_u = unary_union(grey) if grey else shapely.Polygon()
    ru = unary_union(occ) if occ else shapely.Polygon()
    ru = ru.difference(freed_u).difference(grey_u)
    m = re.search(r"_(\d{8}T\d{4})Z", path.name)
    label = f"DeepState raw {m.group(1) if m else path.name}"
    return Reference(label, path.name, ru, grey_u)


def _aeqd(geom: BaseGeometry) -> BaseGeometry:
    from pyproj import Transformer

    t = Transformer.from_crs(
        "EPSG:4326",
        f"+proj=aeqd +lat_0={CENTRE[1]} +lon_0={CENTRE[0]} +ellps=WGS84",
        always_xy=True,
    )

    def project(xy: Any) -> Any:
        x, y = t.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, project)


def area_km2(geom: BaseGeometry) -> float:
    """Geodesic area in km² (edges densified to 0.001°)."""
    if geom.is_empty:
        return 0.0
    return abs(GEOD.geometry_area_perimeter(shapely.segmentize(geom, 0.001))[0]) / 1e6


def disc() -> BaseGeometry:
    """The 8 km geodesic disc round the centre (360 vertices)."""
    lons, lats, _ = GEOD.fwd(
        [CENTRE[0]] * 360, [CENTRE[1]] * 360, list(range(360)), [DISC_KM * 1000] * 360
    )
    return shapely.Polygon(list(zip(lons, lats, strict=True)))


def front_km(ru: BaseGeometry) -> float | None:
    """Distance from the centre to the nearest Russian-held ground, km (0 inside).

    The nearest point is found in an azimuthal equidistant projection centred on the centre
    (distances from the centre are true there), densified first so that long edges bend as
    they should; nearest points in plain degrees would favour north-south over east-west.
    """
    if ru.is_empty:
        return None
    c = Point(CENTRE)
    if ru.covers(c):
        return 0.0
    projected = _aeqd(shapely.segmentize(ru, 0.002))
    return float(projected.distance(Point(0.0, 0.0))) / 1000


def city_boundary(real: Path) -> BaseGeometry:
    """The OSM boundary of Siversk."""
    doc = json.loads((real / "base" / "osm_siversk_boundary.geojson").read_text(encoding="utf-8"))
    return unary_union([_polygons(shape(f["geometry"])) for f in doc["features"]])


def compare(
    ours_ru: BaseGeometry, ours_grey: BaseGeometry, ref: Reference, city: BaseGeometry
) -> dict[str, Any]:
    """The figures of one date (see the module's docstring)."""
    dsc = disc()
    a = ours_ru.intersection(dsc)
    b = ref.ru.intersection(dsc)
    union = area_km2(a.union(b))
    iou = area_km2(a.intersection(b)) / union if union > 0 else 1.0
    city_a = area_km2(city)
    aoi = shapely.box(*AOI_BBOX)
    fk, rk = front_km(ours_ru), front_km(ref.ru)
    return {
        "iou": iou,
        "disc_ru_km2": area_km2(a),
        "ref_disc_ru_km2": area_km2(b),
        "over_km2": area_km2(a.difference(b)),
        "under_km2": area_km2(b.difference(a)),
        "city_ru": area_km2(ours_ru.intersection(city)) / city_a,
        "city_grey": area_km2(ours_grey.intersection(city)) / city_a,
        "ref_city_ru": area_km2(ref.ru.intersection(city)) / city_a,
        "ref_city_grey": area_km2(ref.grey.intersection(city)) / city_a,
        "front_km": fk,
        "ref_front_km": rk,
        "front_err_km": None if fk is None or rk is None else fk - rk,
        "box_km2": area_km2(ours_ru.intersection(aoi)),
        "ref_box_km2": area_km2(ref.ru.intersection(aoi)),
        "reference": ref.label,
    }


def measure_dataset(real: Path) -> list[dict[str, Any]]:
    """One row per control date of the bundled data set."""
    sys.path.insert(0, str(REPO))
    import siversk_map as sm

    ds = sm.load_dataset()
    city = city_boundary(real)
    rows = []
    control_dates = sorted(set(ds.table[ds.table["layer"] == "control"]["date"].dropna()))
    for d in control_dates:
        st = ds.state(d)
        ours_ru = st.held.get("ru", shapely.Polygon())
        ours_grey = st.held.get("contested", shapely.Polygon())
        row = compare(ours_ru, ours_grey, load_reference(real, d), city)
        row["date"] = d
        rows.append(row)
    return rows


def table_markdown(rows: list[dict[str, Any]]) -> str:
    """The per-date table, as Markdown."""

    def pct(v: float) -> str:
        return f"{100 * v:.0f} %"

    def km(v: float | None) -> str:
        return "-" if v is None else f"{v:.2f}"

    out = [
        "| date | reference | IoU, 8 km disc | city RU (ref) | city grey (ref) "
        "| front to centre, km (ref) | box RU km² (ref) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(
            f"| {r['date']} | {r['reference']} | {r['iou']:.2f} "
            f"| {pct(r['city_ru'])} ({pct(r['ref_city_ru'])}) "
            f"| {pct(r['city_grey'])} ({pct(r['ref_city_grey'])}) "
            f"| {km(r['front_km'])} ({km(r['ref_front_km'])}) "
            f"| {r['box_km2']:.0f} ({r['ref_box_km2']:.0f}) |"
        )
    return "\n".join(out) + "\n"


BEGIN = "<!-- accuracy table: written by data/authoring/accuracy.py --write-readme -->"
END = "<!-- end of accuracy table -->"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write-readme", action="store_true", help="replace the table in data/geojson/README.md"
    )
    args = parser.parse_args()
    real = real_data_dir()
    if real is None:
        print("the real data folder (../shared/data/real) is missing", file=sys.stderr)
        return 2
    rows = measure_dataset(real)
    table = table_markdown(rows)
    print(table)
    if args.write_readme:
        readme = REPO / "data" / "geojson" / "README.md"
        text = readme.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            _, tail = rest.split(END, 1)
            text = head + BEGIN + "\n\n" + table + "\n" + END + tail
        else:
            text = (
                text.rstrip("\n")
                + "\n\n## Accuracy against the reference archives\n\n"
                + BEGIN
                + "\n\n"
                + table
                + "\n"
                + END
                + "\n"
            )
        readme.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
