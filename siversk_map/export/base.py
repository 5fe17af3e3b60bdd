"""The base map on a matplotlib axes: the pages' symbology and labels, at the axes' scale.

Base layers and labels follow the same table (:mod:`siversk_map.symbology`) and the same
label list (:mod:`siversk_map.cartography`) as the pages. The axes' scale is turned into the
web-map zoom it matches, so a class or label shown from zoom 13 on the pages shows in a static
map only when that map is at least as detailed. Labels are placed greedily in priority order:
each tries a few positions and is dropped when every one overlaps a placed label or leaves the
axes, so no label is cut at the frame.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from ..cartography import Label
from ..symbology import BASE_COLOURS, BLOCK_MIN_ZOOM, BUILDING_MIN_ZOOM, road_class

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text

__all__ = ["REPEAT_PX", "draw_base", "draw_labels", "equivalent_zoom", "polygon_path", "utm_crs"]

#: A name shown again (a long river) must be at least this far (pixels) from its last showing.
REPEAT_PX = 480.0
#: Points of line width per pixel of the pages' width at zoom 14.
_WIDTH_PT = 0.5
_EARTH_M = 40_075_016.686


def utm_crs(lon: float, lat: float) -> str:
    """The UTM zone (WGS 84) holding a point, as an EPSG code: the drawing CRS of a map there.

    Examples
    --------
    >>> utm_crs(38.1, 48.9), utm_crs(36.2, 47.6), utm_crs(24.0, 49.8)
    ('EPSG:32637', 'EPSG:32637', 'EPSG:32635')
    """
    zone = min(60, max(1, math.floor((lon + 180.0) / 6.0) + 1))
    return f"EPSG:{(32600 if lat >= 0 else 32700) + zone}"


def equivalent_zoom(metres_per_pixel: float, lat: float) -> float:
    """The web-map zoom whose scale at ``lat`` is ``metres_per_pixel`` (256-pixel tiles).

    Examples
    --------
    >>> round(equivalent_zoom(9.55, 0.0), 1)
    14.0
    """
    return math.log2(_EARTH_M * math.cos(math.radians(lat)) / (256.0 * metres_per_pixel))


def _draw(geoms: Iterable[BaseGeometry], crs: str) -> list[BaseGeometry]:
    return list(gpd.GeoSeries(list(geoms), crs="OGC:CRS84").to_crs(crs))


def polygon_path(geom: BaseGeometry) -> Any:
    """A matplotlib Path of a (multi)polygon, holes included."""
    import numpy as np
    from matplotlib.path import Path as MplPath

    vertices: list[Any] = []
    codes: list[int] = []
    for poly in shapely.get_parts(geom):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            vertices.append(xy)
            codes.extend(
                [int(MplPath.MOVETO)]
                + [int(MplPath.LINETO)] * (len(xy) - 2)
                + [int(MplPath.CLOSEPOLY)]
            )
    if not vertices:
        return None
    return MplPath(np.concatenate(vertices), codes)


def _polys(ax: Axes, geoms: list[BaseGeometry], **kwargs: Any) -> None:
    from matplotlib.patches import PathPatch

    for geom in geoms:
        path = polygon_path(geom)
        if path is not None:
            ax.add_patch(PathPatch(path, **kwargs))


def _lines(ax: Axes, geoms: list[BaseGeometry], widths: list[float], **kwargs: Any) -> None:
    from matplotlib.collections import LineCollection

    segments: list[Any] = []
    lws: list[float] = []
    for geom, width in zip(geoms, widths, strict=True):
        for part in shapely.get_parts(geom):
            if part.geom_type == "LineString" and not part.is_empty:
                segments.append(list(part.coords))
                lws.append(width)
    if segments:
        ax.add_collection(LineCollection(segments, linewidths=lws, **kwargs))


def draw_base(
    ax: Axes, base: gpd.GeoDataFrame, crs: str, zoom: float, river_line: Iterable[str] = ()
) -> None:
    """Draw a data set's base layers on ``ax`` (in ``crs``) as the pages do at ``zoom``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    base : geopandas.GeoDataFrame
        Base features in lon/lat, in drawing order (see
        :func:`siversk_map.render.features.base_rows`).
    crs : str
        The axes' CRS.
    zoom : float
        The web-map zoom the axes' scale matches (see :func:`equivalent_zoom`).
    river_line : iterable of str
        Ids of the river features forming the data set's river line (drawn thicker).
    """
    if not len(base):
        return
    drawn = dict(zip(base["id"], _draw(base.geometry, crs), strict=True))
    line = list(river_line)

    def rows(layer: str, keep: Callable[[Any], bool] = lambda row: True) -> list[Any]:
        return [r for r in base[base["layer"] == layer].itertuples(index=False) if keep(r)]

    def geoms(selected: list[Any]) -> list[BaseGeometry]:
        return [drawn[r.id] for r in selected]

    _polys(ax, geoms(rows("water")), facecolor=BASE_COLOURS["water"], lw=0, zorder=0.2)
    blocks = rows("built_up", lambda r: r.kind != "block" or zoom >= BLOCK_MIN_ZOOM - 2)
    _polys(ax, geoms(blocks), facecolor=BASE_COLOURS["built_up"], lw=0, zorder=0.3)
    if zoom >= BUILDING_MIN_ZOOM:
        _polys(ax, geoms(rows("building")), facecolor=BASE_COLOURS["building"], lw=0, zorder=0.4)
    areas = rows("settlement", lambda r: r.geometry.geom_type not in ("Point", "MultiPoint"))
    _polys(
        ax,
        geoms(areas),
        facecolor=BASE_COLOURS["built_up"],
        edgecolor="#90a4ae",
        alpha=0.6,
        lw=0.5,
        zorder=0.5,
    )
    _polys(
        ax,
        geoms(rows("boundary")),
        facecolor="none",
        edgecolor=BASE_COLOURS["boundary"],
        lw=0.7,
        linestyle=(0, (4, 3)),
        zorder=0.6,
    )
    roads = rows("road", lambda r: road_class(r.kind).min_zoom <= zoom)
    scale = max(0.45, min(2.2, 2 ** ((zoom - 14) / 2)))
    for major in (False, True):
        chosen = [r for r in roads if road_class(r.kind).major is major]
        _lines(
            ax,
            geoms(chosen),
            [road_class(r.kind).width * scale * _WIDTH_PT * 1.6 for r in chosen],
            colors=[road_class(r.kind).colour for r in chosen],
            capstyle="round",
            zorder=0.7 + major * 0.05,
        )
    rails = rows("railway")
    _lines(
        ax,
        geoms(rails),
        [0.9] * len(rails),
        colors=BASE_COLOURS["railway"],
        linestyles=(0, (5, 2)),
        zorder=0.8,
    )
    rivers = rows("river")
    widths = [3.0 if r.id in line else (0.8 if r.kind == "stream" else 1.4) for r in rivers]
    _lines(ax, geoms(rivers), widths, colors=BASE_COLOURS["river"], alpha=0.9, zorder=0.9)


_PLACE_STYLE: dict[str, dict[str, Any]] = {
    "main": {"fontsize": 12.5, "fontweight": "bold", "color": "#111111"},
    "city": {"fontsize": 9.5, "fontweight": "bold"},
    "town": {"fontsize": 8.5, "fontweight": "semibold"},
    "village": {"fontsize": 7.5},
    "hamlet": {"fontsize": 6.8, "color": "#424242"},
    "place": {"fontsize": 6.8, "color": "#424242"},
    "river": {"fontsize": 7.2, "style": "italic", "color": BASE_COLOURS["river_text"]},
    "road": {"fontsize": 6.3, "color": BASE_COLOURS["street_text"], "fontweight": "semibold"},
    "street": {"fontsize": 6.0, "color": BASE_COLOURS["street_text"]},
    "reference": {"fontsize": 7.5, "style": "italic", "color": "#424242"},
}
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_LINE_KINDS = frozenset({"river", "road", "street"})
#: Offsets (points) and alignments tried for a place label, in order.
_PLACE_SPOTS = (
    ((4, 1), "left", "center"),
    ((-4, 1), "right", "center"),
    ((0, 5), "center", "bottom"),
    ((0, -5), "center", "top"),
)


def draw_labels(
    ax: Axes,
    labels: list[Label],
    crs: str,
    zoom: float,
    obstacles: Iterable[Any] = (),
    min_pt: float = 0.0,
) -> list[Text]:
    """Place the labels shown at ``zoom`` on ``ax``, most important first, none cut at the frame.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Its limits must be set.
    labels : list of Label
        In priority order (see :func:`siversk_map.cartography.compute_labels`).
    crs : str
        The axes' CRS.
    zoom : float
        Line labels (rivers, roads, streets) whose ``min_zoom`` is above it are left out;
        places are all tried, as far as they fit.
    obstacles : iterable of matplotlib.transforms.Bbox
        Display-space boxes no label may overlap (the scale bar, the north arrow).
    min_pt : float
        Smallest type size (points): smaller label styles are drawn at it (print presets).

    Returns
    -------
    list of matplotlib.text.Text
        The labels placed.
    """
    from matplotlib.patheffects import withStroke

    # On paper every place is named that fits; line labels (rivers, streets) follow the scale.
    shown = [lb for lb in labels if lb.min_zoom <= zoom or lb.kind not in _LINE_KINDS]
    if not shown:
        return []
    points = _draw([shapely.Point(lb.lon, lb.lat) for lb in shown], crs)
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer).shrunk(0.985, 0.985)
    placed: list[Any] = list(obstacles)
    x0, x1 = sorted(ax.get_xlim())
    y0, y1 = sorted(ax.get_ylim())
    halo = [withStroke(linewidth=2.6, foreground="white")]
    named: dict[str, list[tuple[float, float]]] = {}
    out: list[Text] = []
    for label, point in zip(shown, points, strict=True):
        if not (x0 <= point.x <= x1 and y0 <= point.y <= y1):
            continue
        style = dict(_PLACE_STYLE.get(label.kind, _PLACE_STYLE["place"]))
        style["fontsize"] = max(style["fontsize"], min_pt)
        # Text from the data: drawn as written (no mathtext), without control characters.
        text = _CONTROL.sub("", label.text.replace("\t", " "))
        text = text.upper() if label.kind == "main" else text
        if label.kind in ("main", "river", "road", "street"):
            spots: tuple[Any, ...] = (((0, 0), "center", "center"),)
            if label.kind == "main":
                spots += (((0, 8), "center", "bottom"), ((0, -8), "center", "top"))
        else:
            spots = _PLACE_SPOTS
        if label.kind == "reference":
            ax.plot([point.x], [point.y], marker="+", color="#424242", ms=7, mew=1.2, zorder=8)
        for spot_number, (offset, ha, va) in enumerate(spots, 1):
            artist = ax.annotate(
                text,
                (point.x, point.y),
                xytext=offset,
                textcoords="offset points",
                ha=ha,
                va=va,
                rotation=-label.angle,
                rotation_mode="anchor",
                path_effects=halo,
                zorder=8,
                clip_on=False,
                annotation_clip=False,
                parse_math=False,
                **style,
            )
            box = artist.get_window_extent(renderer).expanded(1.04, 1.12)
            inside = (
                box.x0 >= frame.x0
                and box.x1 <= frame.x1
                and box.y0 >= frame.y0
                and box.y1 <= frame.y1
            )
            # The main town is always named: off the marks if it can, at its last spot if not.
            last_main = label.kind == "main" and spot_number == len(spots)
            clash = not last_main and any(box.overlaps(other) for other in placed)
            centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
            again = any(math.dist(centre, seen) < REPEAT_PX for seen in named.get(label.text, []))
            if inside and not clash and not again:
                placed.append(box)
                named.setdefault(label.text, []).append(centre)
                out.append(artist)
                break
            artist.remove()
    return out
