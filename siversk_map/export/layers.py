"""The state on a date, and the change between two dates, as GIS layers (GeoPackage, GeoJSON,
KML, GeoParquet) for QGIS, Google Earth and the like.

Each feature keeps its properties (dates as ISO text); the styles travel where the format carries
them: ``stroke``/``fill`` properties (the simplestyle convention) in every format, and real
``<Style>`` elements in KML. Files are written atomically and never over a file the tool did not
write (see :mod:`siversk_map.export.outputs`); the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from ..errors import ExportError
from ..extras import require_extra
from .static_style import COLOURS

if TYPE_CHECKING:
    from ..compose import State
    from ..dataset import DataSet

__all__ = ["FORMATS", "explore_state", "export_layers", "layers_frame", "render_layers_bytes"]

FORMATS = ("gpkg", "geojson", "kml", "parquet")
_DROP = ("file",)
#: GeoPackage and other GDAL outputs stamp the time they were written: fix it, for equal bytes.
_FIXED_TIME = "2000-01-01T00:00:00.000Z"


def _style(row: pd.Series) -> dict[str, Any]:
    """Simplestyle properties of one feature."""
    layer = row.get("layer")
    side = row.get("side")
    if layer == "control":
        colour = COLOURS["claim"] if bool(row.get("claim")) else COLOURS.get(str(side), "#000000")
        return {"stroke": colour, "stroke-width": 1, "fill": colour, "fill-opacity": 0.35}
    if layer == "change":
        colour = COLOURS["gain"] if row.get("kind") == "gained" else COLOURS["loss"]
        return {"stroke": colour, "stroke-width": 1, "fill": colour, "fill-opacity": 0.5}
    colour = {
        "front_line": COLOURS["front"],
        "axis": COLOURS["ru"],
        "measure": "#000000",
        "river": COLOURS["river"],
        "water": COLOURS["river"],
        "road": COLOURS["road"],
        "railway": "#424242",
        "boundary": COLOURS["boundary"],
    }.get(str(layer), "#455a64")
    width = 3 if layer in ("front_line", "axis") else 1.5
    return {"stroke": colour, "stroke-width": width, "fill": colour, "fill-opacity": 0.15}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value


def layers_frame(
    ds: DataSet, date: dt.date | str, date_to: dt.date | str | None = None
) -> gpd.GeoDataFrame:
    """Every feature shown on ``date`` (and, with ``date_to``, the ground each side gained and
    lost from ``date`` to ``date_to`` as ``change`` features), with style properties.

    Parameters
    ----------
    ds : DataSet
    date : datetime.date or str
        The date whose state is exported.
    date_to : datetime.date or str, optional
        A later date: its state is exported instead, with the change since ``date``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature, CRS ``OGC:CRS84``; text, number and boolean columns only.
    """
    first = ds.check_date(date)
    last = ds.check_date(date_to) if date_to is not None else None
    if last is not None and last < first:
        raise ExportError(f"--to {last} is before {first}")
    state: State = ds.state(last or first)
    frame = state.features.drop(columns=[c for c in _DROP if c in state.features.columns])
    records = []
    for _, row in frame.iterrows():
        rec = {k: _plain(v) for k, v in row.items() if k != "geometry"}
        rec["claim"] = bool(rec.get("claim"))
        rec.update(_style(row))
        rec["geometry"] = row.geometry
        records.append(rec)
    if last is not None:
        for side in sorted(state.held):
            change = ds.change(side, first, last)
            for kind, geom, km2 in (
                ("gained", change.gained, change.gained_km2),
                ("lost", change.lost, change.lost_km2),
            ):
                if geom.is_empty:
                    continue
                rec = {
                    "id": f"change-{side}-{kind}-{first}-{last}",
                    "layer": "change",
                    "side": side,
                    "kind": kind,
                    "date": last.isoformat(),
                    "since": first.isoformat(),
                    "area_km2": round(km2, 3),
                    "source": "siversk-map, measured from the data set",
                    "claim": False,
                    "geometry": geom,
                }
                rec.update(_style(pd.Series(rec)))
                records.append(rec)
    out = gpd.GeoDataFrame(records, geometry="geometry", crs="OGC:CRS84")
    return out.sort_values(["layer", "id"], kind="stable").reset_index(drop=True)


def render_layers_bytes(frame: gpd.GeoDataFrame, fmt: str, *, name: str = "siversk-map") -> bytes:
    """The layers as the bytes of one file.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        From :func:`layers_frame`.
    fmt : {"gpkg", "geojson", "kml", "parquet"}
        GeoPackage (one table per layer kind), GeoJSON (one collection, a ``layer`` property),
        KML (one folder per layer kind, with styles) or GeoParquet.
    name : str
        Document name (KML).

    Returns
    -------
    bytes
    """
    if fmt == "kml":
        return _kml(frame, name).encode("utf-8")
    if fmt == "parquet":
        require_extra("parquet")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    import pyogrio

    with tempfile.TemporaryDirectory(prefix="siversk-map-layers-") as folder:
        path = Path(folder) / f"layers.{fmt}"
        if fmt == "parquet":
            frame.to_parquet(path, index=False)
        elif fmt == "geojson":
            frame.to_file(path, driver="GeoJSON", engine="pyogrio", RFC7946="YES")
        else:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _FIXED_TIME})
            try:
                for layer, part in frame.groupby("layer", sort=True):
                    part.to_file(path, driver="GPKG", layer=str(layer), engine="pyogrio")
            finally:
                pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
        return path.read_bytes()


def export_layers(
    ds: DataSet,
    date: dt.date | str,
    out: str | Path,
    *,
    date_to: dt.date | str | None = None,
    fmt: str | None = None,
    force: bool = False,
) -> Path:
    """Write the state on a date (and the change to ``date_to``) as GIS layers.

    Parameters
    ----------
    ds : DataSet
    date : datetime.date or str
    out : str or Path
        The file to write.
    date_to : datetime.date or str, optional
        See :func:`layers_frame`.
    fmt : {"gpkg", "geojson", "kml", "parquet"}, optional
        Default: from the file's suffix.
    force : bool
        Replace a file the tool did not write.

    Returns
    -------
    Path
        The file written.
    """
    from .snapshot import _write

    out = Path(out)
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt == "json":
        fmt = "geojson"
    if fmt not in FORMATS:
        raise ExportError(f"{out}: the format must be one of {', '.join(FORMATS)}")
    frame = layers_frame(ds, date, date_to)
    return _write(out, render_layers_bytes(frame, fmt, name=ds.manifest.title), force)


# ---------------------------------------------------------------------------------------------
# KML, written by hand: styles per colour, one folder per layer kind, every text escaped.


def _kml_colour(hex_colour: str, opacity: float) -> str:
    """``#rrggbb`` and an opacity as KML's ``aabbggrr``."""
    r, g, b = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"{round(255 * opacity):02x}{b}{g}{r}"


def _coords(seq: Any) -> str:
    return " ".join(f"{x:.6f},{y:.6f}" for x, y, *_ in seq)


def _kml_geometry(geom: BaseGeometry) -> str:
    kind = geom.geom_type
    if kind == "Point":
        return f"<Point><coordinates>{geom.x:.6f},{geom.y:.6f}</coordinates></Point>"
    if kind == "LineString":
        return f"<LineString><coordinates>{_coords(geom.coords)}</coordinates></LineString>"
    if kind == "Polygon":
        inner = "".join(
            f"<innerBoundaryIs><LinearRing><coordinates>{_coords(r.coords)}</coordinates>"
            "</LinearRing></innerBoundaryIs>"
            for r in geom.interiors
        )
        return (
            "<Polygon><outerBoundaryIs><LinearRing><coordinates>"
            f"{_coords(geom.exterior.coords)}</coordinates></LinearRing></outerBoundaryIs>"
            f"{inner}</Polygon>"
        )
    parts = "".join(_kml_geometry(g) for g in getattr(geom, "geoms", []) if not g.is_empty)
    return f"<MultiGeometry>{parts}</MultiGeometry>"


def _kml(frame: gpd.GeoDataFrame, name: str) -> str:
    styles: dict[str, str] = {}
    folders: dict[str, list[str]] = {}
    for _, row in frame.iterrows():
        geom = row.geometry
        if geom is None or geom.is_empty:
            continue
        key = f"{row['stroke']}-{row['stroke-width']}-{row['fill']}-{row['fill-opacity']}"
        style_id = f"s{len(styles)}" if key not in styles else styles[key]
        styles.setdefault(key, style_id)
        data = "".join(
            f"<Data name={quoteattr(str(k))}><value>{escape(str(v))}</value></Data>"
            for k, v in row.items()
            if k != "geometry" and v is not None and not (isinstance(v, float) and pd.isna(v))
        )
        label = row.get("name") or row.get("id")
        text = row.get("summary") or row.get("note") or ""
        folders.setdefault(str(row["layer"]), []).append(
            f"<Placemark><name>{escape(str(label))}</name>"
            f"<description>{escape(str(text))}</description>"
            f"<styleUrl>#{styles[key]}</styleUrl><ExtendedData>{data}</ExtendedData>"
            f"{_kml_geometry(geom)}</Placemark>"
        )
    style_xml = "".join(
        f'<Style id="{sid}"><LineStyle><color>{_kml_colour(k.split("-")[0], 1.0)}</color>'
        f"<width>{k.split('-')[1]}</width></LineStyle><PolyStyle>"
        f"<color>{_kml_colour(k.split('-')[2], float(k.split('-')[3]))}</color></PolyStyle>"
        "</Style>"
        for k, sid in styles.items()
    )
    folder_xml = "".join(
        f"<Folder><name>{escape(layer)}</name>{''.join(marks)}</Folder>"
        for layer, marks in sorted(folders.items())
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<name>{escape(name)}</name>{style_xml}{folder_xml}</Document></kml>\n"
    )


def explore_state(ds: DataSet, date: dt.date | str, m: Any = None, **kwargs: Any) -> Any:
    """Add the state on a date to a folium map (see :meth:`DataSet.explore`)."""
    import folium

    frame = layers_frame(ds, date)
    if m is None:
        kwargs.setdefault("location", list(ds.manifest.center))
        kwargs.setdefault("zoom_start", ds.manifest.zoom)
        kwargs.setdefault("tiles", "OpenStreetMap")
        m = folium.Map(**kwargs)
    day = ds.check_date(date).isoformat()
    for layer, part in frame.groupby("layer", sort=True):
        group = folium.FeatureGroup(name=f"{layer} ({day})")
        fields = [
            c
            for c in ("name", "side", "status", "source", "date")
            if c in part.columns and part[c].notna().any()
        ]
        folium.GeoJson(
            part.to_json(na="null"),
            style_function=lambda f: {
                "color": f["properties"].get("stroke"),
                "weight": f["properties"].get("stroke-width"),
                "fillColor": f["properties"].get("fill"),
                "fillOpacity": f["properties"].get("fill-opacity"),
            },
            tooltip=folium.GeoJsonTooltip(fields=fields) if fields else None,
        ).add_to(group)
        group.add_to(m)
    return m
