"""Drawing a date's map with matplotlib: its framing, the held ground, the change, lines,
labels, the scale bar, the north arrow and the locator inset."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from ..compose import State
from ..dataset import DataSet
from ..geo import ATTRIBUTION as GEO_ATTRIBUTION
from ..geo import neighbours, oblast_of_area, oblasts, ukraine
from ..model import SIDES, WIDE_VIEW_ZOOM
from ..render.features import base_rows
from ..symbology import FRONT_COLOURS, FRONT_STYLES, mpl_hatched, mpl_line
from .base import draw_base, polygon_path, utm_crs
from .groups import tagged
from .static_style import (
    COLOURS,
    SnapshotStyle,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def _draw_crs(ds: DataSet) -> str:
    """The metric CRS a data set is drawn in: the UTM zone of its view centre."""
    lat, lon = ds.manifest.center
    return utm_crs(lon, lat)


def _to_draw(geoms: Any, crs: str) -> gpd.GeoSeries:
    return gpd.GeoSeries(list(geoms), crs="OGC:CRS84").to_crs(crs)


def _view(
    ds: DataSet,
    style: SnapshotStyle,
    aspect: float,
    crs: str,
    changed: BaseGeometry | None = None,
) -> tuple[float, float, float, float]:
    """The frame ``(x0, x1, y0, y1)`` in the drawing CRS; ``aspect`` is height / width.

    ``changed`` is the ground that changed, framed by ``frame="change"`` (the default view when
    nothing changed).
    """
    framing = style.framing
    bbox = framing.bbox
    if bbox is None and framing.centre is None:
        # A data set whose own view is wider than a town's (a whole front) is framed whole.
        wide = framing.zoom is None and ds.manifest.zoom <= WIDE_VIEW_ZOOM
        if framing.frame == "area" or (framing.frame == "view" and wide):
            bbox = ds.manifest.bbox
        elif framing.frame == "change" and changed is not None and not changed.is_empty:
            bbox = changed.bounds
    if bbox is not None:
        w, s, e, n = bbox
        corners = _to_draw([shapely.Point(w, s), shapely.Point(e, n)], crs)
        (x0, y0), (x1, y1) = (
            (corners.iloc[0].x, corners.iloc[0].y),
            (corners.iloc[1].x, corners.iloc[1].y),
        )
        pad = 1.08 if framing.bbox is None else 1.0  # a frame found from the data gets a margin
        half_w = max((x1 - x0) / 2, (y1 - y0) / 2 / aspect, 500.0) * pad
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        return cx - half_w, cx + half_w, cy - half_w * aspect, cy + half_w * aspect
    lat, lon = framing.centre if framing.centre is not None else ds.manifest.center
    centre = _to_draw([shapely.Point(lon, lat)], crs).iloc[0]
    half_w = style.half_width_km * 1000.0
    if framing.zoom is not None:
        # Web Mercator's ground resolution at this latitude, over the map's share of the width.
        metres_per_pixel = 156543.03392 * math.cos(math.radians(lat)) / 2**framing.zoom
        half_w = metres_per_pixel * style.width * 0.7 / 2
    half_h = half_w * aspect
    return centre.x - half_w, centre.x + half_w, centre.y - half_h, centre.y + half_h


def _changed_ground(pairs: list[tuple[Any, Any]]) -> BaseGeometry | None:
    """Ground held by a side on one date of each pair and not on the other (lon/lat)."""
    parts = []
    for after, before in pairs:
        for side in set(after.held) | set(before.held):
            a = after.held.get(side, shapely.Polygon())
            b = before.held.get(side, shapely.Polygon())
            parts.append(a.symmetric_difference(b))
    found = shapely.union_all(parts) if parts else None
    return None if found is None or found.is_empty else found


def _plot_polys(ax: Axes, geoms: list[BaseGeometry], crs: str | None = None, **kwargs: Any) -> None:
    """Draw polygons as patches (geopandas' plot redraws the whole figure on every call).

    ``crs``: project lon/lat geometries to it first; None: they are in the axes' units.
    """
    from matplotlib.patches import PathPatch

    geoms = [g for g in geoms if g is not None and not g.is_empty]
    if not geoms:
        return
    drawn = list(_to_draw(geoms, crs)) if crs is not None else geoms
    for key, alias in (("lw", "linewidth"), ("color", None)):
        if key in kwargs and alias:
            kwargs[alias] = kwargs.pop(key)
    if "color" in kwargs:
        colour = kwargs.pop("color")
        kwargs.setdefault("facecolor", colour)
        kwargs.setdefault("edgecolor", colour)
    for geom in drawn:
        path = polygon_path(geom)
        if path is not None:
            # As ``ax.add_patch`` does, but the data limits from the vertices at once: its
            # segment-by-segment walk (made for curves) was most of a report page's time.
            # Straight edges only, each ring closed on its first vertex: the same limits.
            patch = PathPatch(path, **kwargs)
            ax.add_artist(patch)
            ax.update_datalim(path.vertices)
            patch._set_in_autoscale(True)  # type: ignore[attr-defined]


def _plot_lines(
    ax: Axes, geoms: Any, widths: list[float] | float, crs: str | None = None, **kwargs: Any
) -> None:
    drawn = list(_to_draw(geoms, crs)) if crs is not None else list(geoms)
    if not isinstance(widths, list):
        widths = [widths] * len(drawn)
    for geom, width in zip(drawn, widths, strict=True):
        for part in shapely.get_parts(geom):
            if part.geom_type == "LineString" and not part.is_empty:
                xs, ys = part.xy
                ax.plot(xs, ys, linewidth=width, **kwargs)


def _draw_state(
    ax: Axes,
    ds: DataSet,
    state: State,
    since: State | None,
    crs: str,
    zoom: float,
    numbers: dict[str, int] | None = None,
    type_pt: float = 0.0,
) -> list[Any]:
    """Draw the base map, every layer of a state and its change since ``since`` on an axes.

    ``numbers`` gives each event its number (shared by the panels of a comparison; by default
    the state's events in order); ``type_pt`` is the smallest type size allowed (points).
    Returns the measure labels (obstacles for the place labels), each layer tagged by name
    (see :mod:`.groups`).
    """
    from matplotlib.patheffects import withStroke

    feats = state.features
    real = feats[~feats["claim"]]
    claims = feats[feats["claim"]]
    with tagged(ax, "base-map"):
        draw_base(ax, base_rows(ds), crs, zoom, ds.manifest.river_line)
    for side in SIDES:
        if side in state.held:
            alpha = FRONT_STYLES[side].fill_opacity
            with tagged(ax, f"control-{side}"):
                _plot_polys(
                    ax, [state.held[side]], crs, color=COLOURS[side], alpha=alpha, linewidth=0
                )
    if since is not None:
        ru = ds.analysis.change("ru", since.date, state.date)
        for kind, ground in (("gain", ru.gained), ("loss", ru.lost)):
            with tagged(ax, f"change-{kind}"):
                _plot_polys(ax, [ground], crs, **mpl_hatched(kind))
    claim_polys = claims[claims["layer"] == "control"]
    with tagged(ax, "claims"):
        _plot_polys(ax, list(claim_polys.geometry), crs, **mpl_hatched("claim"))
    front = real[real["layer"] == "front_line"]
    if len(front):
        with tagged(ax, "front-line"):
            front_line = mpl_line("front")
            _plot_lines(
                ax,
                front.geometry,
                front_line["linewidth"],
                crs,
                color=COLOURS["front"],
                linestyle=front_line["linestyle"],
            )
    for geom in real[real["layer"] == "axis"].geometry:
        line = _to_draw([geom], crs).iloc[0]
        if line.geom_type == "MultiLineString":
            line = list(line.geoms)[-1]
        coords = list(line.coords)
        xs, ys = zip(*coords, strict=True)
        with tagged(ax, "axes-of-advance"):
            ax.plot(xs, ys, color=COLOURS["ru"], **mpl_line("axis"))
            ax.annotate(
                "",
                xy=coords[-1],
                xytext=coords[-2],
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": COLOURS["ru"],
                    "lw": mpl_line("axis")["linewidth"],
                    "mutation_scale": 18,
                },
            )
    outline = [withStroke(linewidth=3, foreground="white")]
    measure_labels: list[Any] = []
    for row in real[real["layer"] == "measure"].itertuples(index=False):
        line = _to_draw([row.geometry], crs).iloc[0]
        xs, ys = line.xy if line.geom_type == "LineString" else next(iter(line.geoms)).xy
        _, _, advance_km = ds.advance_along(str(row.id))
        label = (
            f"{ds.analysis.feature_length_km(row.geometry):.1f} km line"
            if advance_km is None
            else f"advance on the data: {advance_km:.1f} km"
        )
        with tagged(ax, "measures"):
            ax.plot(xs, ys, color=COLOURS["measure"], **mpl_line("measure"))
            measure_labels.append(_measure_label(ax, line, label, max(8.0, type_pt), outline))
    with tagged(ax, "settlements"):
        points = real[(real["layer"] == "settlement") & (real.geom_type == "Point")]
        if len(points):
            drawn = _to_draw(points.geometry, crs)
            ax.scatter(
                drawn.x, drawn.y, s=12, facecolor="white", edgecolor="#263238", zorder=5, lw=0.8
            )
    events = real[real["layer"] == "event"]
    if len(events):
        drawn = _to_draw(events.geometry, crs)
        if numbers is None:
            numbers = {str(fid): n for n, fid in enumerate(events["id"], 1)}
        size = max(6.5, type_pt)
        with tagged(ax, "events"):
            for point, status, fid in zip(drawn, events["status"], events["id"], strict=True):
                colour = FRONT_COLOURS["event_claimed" if status == "claimed" else "event_reported"]
                ax.scatter(
                    [point.x],
                    [point.y],
                    s=90 * (size / 6.5) ** 2,
                    color=colour,
                    edgecolor="white",
                    zorder=6,
                )
                ax.text(
                    point.x,
                    point.y,
                    str(numbers.get(str(fid), "?")),
                    fontsize=size,
                    color="white",
                    ha="center",
                    va="center",
                    zorder=7,
                    fontweight="bold",
                )
    return measure_labels


def _measure_label(ax: Axes, line: Any, label: str, size: float, outline: list[Any]) -> Any:
    """The measure's label above the middle of the line's part inside the frame, moved inside
    the frame where it would run past an edge; place labels are then kept off it."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    frame = shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    visible = line.intersection(frame)
    if visible.is_empty or visible.length == 0:
        visible = line
    mid = visible.interpolate(0.5, normalized=True)
    text = ax.text(
        mid.x,
        mid.y,
        label,
        fontsize=size,
        ha="center",
        va="bottom",
        path_effects=outline,
        zorder=8.5,
    )
    _keep_inside(ax, text)
    return text


def _keep_inside(ax: Axes, text: Any, pad_px: float = 4.0) -> None:
    """Move a text of the map by the fewest pixels that bring it inside the map's frame."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    box, frame = text.get_window_extent(renderer), ax.get_window_extent(renderer)
    dx = max(0.0, frame.x0 + pad_px - box.x0) - max(0.0, box.x1 - (frame.x1 - pad_px))
    dy = max(0.0, frame.y0 + pad_px - box.y0) - max(0.0, box.y1 - (frame.y1 - pad_px))
    if dx or dy:
        x, y = ax.transData.transform(text.get_position())
        text.set_position(ax.transData.inverted().transform((x + dx, y + dy)))


def scale_length_km(span_km: float) -> int:
    """The scale bar's length: the least 1, 2 or 5 times a power of ten of a sixth of the span.

    Examples
    --------
    >>> scale_length_km(20.0), scale_length_km(250.0), scale_length_km(1100.0)
    (5, 50, 200)
    """
    target = max(span_km / 6, 1.0)
    power = 1
    while True:
        for step in (1, 2, 5):
            if step * power >= target:
                return step * power
        power *= 10


def _scale_bar(ax: Axes, x0: float, x1: float, y0: float, y1: float) -> Any:
    """Draw the scale bar; return its text (an obstacle for labels)."""
    length = scale_length_km((x1 - x0) / 1000.0)
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    ax.plot([bx, bx + length * 1000], [by, by], color="black", lw=3, solid_capstyle="butt")
    ax.plot([bx, bx + length * 500], [by, by], color="white", lw=1.5, solid_capstyle="butt")
    return ax.text(bx, by + (y1 - y0) * 0.012, f"{length} km", fontsize=8, va="bottom")


def _north_arrow(ax: Axes) -> Any:
    """Draw the north arrow; return it (an obstacle for labels)."""
    return ax.annotate(
        "N",
        xy=(0.95, 0.95),
        xytext=(0.95, 0.86),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=11,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.5, "mutation_scale": 16},
    )


@functools.lru_cache(maxsize=1)
def _inset_paths() -> tuple[Any, Any, Any]:
    """The inset's neighbours, oblasts and Ukraine's outline, each one compound Path."""
    from matplotlib.path import Path as MplPath

    def joined(geoms: list[BaseGeometry]) -> Any:
        return MplPath.make_compound_path(*(polygon_path(g) for g in geoms if not g.is_empty))

    return (
        joined([c.geometry for c in neighbours()]),
        joined([o.geometry for o in oblasts()]),
        polygon_path(ukraine()),
    )


def _add_path(ax: Axes, path: Any, **kwargs: Any) -> None:
    """One PathPatch, its vertices counted in the data limits (as :func:`_plot_polys` does)."""
    from matplotlib.patches import PathPatch

    ax.add_artist(PathPatch(path, **kwargs))
    ax.update_datalim(path.vertices)


def frame_lonlat(
    x0: float, x1: float, y0: float, y1: float, crs: str
) -> tuple[float, float, float, float]:
    """The lon/lat bounds ``(w, s, e, n)`` of a frame drawn in ``crs``."""
    ring = shapely.box(x0, y0, x1, y1).segmentize((x1 - x0) / 8)
    w, s, e, n = gpd.GeoSeries([ring], crs=crs).to_crs("OGC:CRS84").total_bounds
    return float(w), float(s), float(e), float(n)


#: The inset outlines the map's frame when it is this wide (degrees of longitude) or more;
#: a narrower one is shown as the reference point's dot.
INSET_FRAME_DEG = 1.0
#: A frame wider than this shows most of the inset's country: it is not outlined there.
INSET_MAX_FRAME_DEG = 8.0
#: The inset names the oblast holding the frame only when it holds this share of the frame's
#: ground in Ukraine; a frame over several oblasts is located in Ukraine alone.
INSET_NAME_SHARE = 0.5


def _inset_oblast(frame: tuple[float, float, float, float]) -> Any:
    """The oblast holding most of the frame's ground in Ukraine, if it holds enough of it."""
    area = oblast_of_area(frame)
    if area is None:
        return None
    inside = shapely.box(*frame).intersection(ukraine()).area
    held = area.geometry.intersection(shapely.box(*frame)).area
    return area if inside == 0 or held >= INSET_NAME_SHARE * inside else None


def _inset(
    fig: Figure,
    rect: list[float],
    ds: DataSet,
    t: Callable[[str], str],
    lang: str,
    frame: tuple[float, float, float, float] | None = None,
) -> None:
    """Ukraine within its internationally recognised borders, the frame's oblast named and
    highlighted (from the bundled oblast layer), and the reference point; a wide frame
    (``frame``, lon/lat bounds) is outlined."""
    ax = fig.add_axes((rect[0], rect[1], rect[2], rect[3]), gid="inset")
    ax.set_facecolor("#dcebf5")  # the sea
    countries, units, country_path = _inset_paths()
    # One patch per layer: the same for every figure, and a report draws one on every page.
    _add_path(ax, countries, facecolor="#f5f5f5", edgecolor="#9e9e9e", linewidth=0.5)
    _add_path(ax, units, facecolor="#e3eaf3", edgecolor="#b0bec5", linewidth=0.3)
    _add_path(ax, country_path, facecolor="none", edgecolor="#455a64", linewidth=0.8)
    area = _inset_oblast(frame if frame is not None else ds.manifest.bbox)
    if area is not None:
        _plot_polys(ax, [area.geometry], facecolor="#ffe0b2", edgecolor="#e65100", lw=0.8)
    wide = frame is not None and frame[2] - frame[0] >= INSET_FRAME_DEG
    if frame is not None and wide and frame[2] - frame[0] <= INSET_MAX_FRAME_DEG:
        w, s, e, n = frame
        ax.plot([w, e, e, w, w], [s, s, n, n, s], color=COLOURS["ru"], lw=1.0, zorder=5)
    elif not wide:
        rp = ds.manifest.reference_point
        ax.scatter([rp.lon], [rp.lat], s=30, color=COLOURS["ru"], zorder=5, edgecolor="white")
    ax.set_xlim(21.5, 41.0)
    ax.set_ylim(44.0, 53.0)
    ax.set_aspect(1 / 0.66)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    country = t("Ukraine")
    if area is not None:
        name = area.name_uk if lang == "uk" and area.name_uk else area.name
        title = f"{t('Location')}: {name}, {country}"
    else:
        title = f"{t('Location')}: {country}"
    width_pt = rect[2] * fig.get_figwidth() * 72  # the title fits the inset's width
    ax.set_title(title, fontsize=max(5.0, min(7.5, width_pt / (0.56 * len(title)))))
    ax.text(0.01, 0.01, GEO_ATTRIBUTION, transform=ax.transAxes, fontsize=5, color="#616161")
