"""The timeline page: every date of a data set in one self-contained, offline HTML page.

Everything the page shows is computed here, in Python, and embedded once as JSON: the dated
features (each stored once, referenced by id from the dates that show it), the figures of every
date, and the ground gained and lost by each side between every pair of dates. Leaflet has no
polygon clipping, so the pair differences are precomputed; geometry is stored once in a pool
(coordinates rounded to 5 decimals, about 1 m) and referenced by index. Only pairs ``i < j`` are
stored: the difference from a later date to an earlier one is the same pair with gained and lost
swapped.

The page's script (``static/timeline.js``) puts every value from the data into the page through
``textContent`` or ``setAttribute``; the data reaches it only through Jinja's ``tojson`` inside a
``<script type="application/json">`` element.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import shapely
import xyzservices
from markupsafe import Markup, escape
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from ..compose import EMPTY
from ..dataset import DataSet
from ..measure import area_km2, measure_advance, measure_changes
from ..model import SIDES
from .assets import load_assets, script_safe
from .elements import template
from .features import feature_collection
from .page import LEGEND_KEYS, SIDE_LABELS

__all__ = [
    "ChartGeometry",
    "TimelineData",
    "build_chart",
    "build_timeline_data",
    "pair_key",
    "render_timeline_html",
    "resolve_tiles",
]

#: Decimals kept in coordinates on the timeline page (1e-5 degree is about 1 m).
DECIMALS = 5
#: Smallest change (km²) drawn or counted; below it a difference is rounding noise.
MIN_CHANGE_KM2 = 0.001
#: Boundary sampling step (m) of the deepest advance between non-consecutive dates.
PAIR_ADVANCE_STEP_M = 200.0
#: Boundary sampling step (m) of the deepest advance since the previous date.
STEP_ADVANCE_STEP_M = 50.0
COMPUTED_SOURCE = "computed by siversk-map from the control layers"

#: Leaflet pane of each feature group, bottom to top; the script builds one pane per group.
GROUPS: tuple[tuple[str, str, bool], ...] = (
    ("base_area", "Boundary and built-up areas", True),
    ("control", "Control by side", True),
    ("claims", "Claims (not assessed)", True),
    ("change_ru", "Change: Russian-held", True),
    ("change_ua", "Change: Ukrainian-held", False),
    ("change_contested", "Change: contested", False),
    ("base_line", "Roads and rivers", True),
    ("front_line", "Front line", True),
    ("axis", "Axes of advance", True),
    ("measure", "Measures and deepest advance", True),
    ("places", "Settlements (labels)", True),
    ("event", "Events", True),
)

TimelineData = dict[str, Any]


def pair_key(i: int, j: int) -> str:
    """Key of the pair of date indexes ``i < j`` in the page's ``pairs`` table.

    Examples
    --------
    >>> pair_key(0, 3)
    '0-3'
    """
    if not 0 <= i < j:
        raise ValueError(f"a pair needs 0 <= i < j, got {i}, {j}")
    return f"{i}-{j}"


def _round_nested(value: Any, decimals: int) -> Any:
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, (list, tuple)):
        return [_round_nested(v, decimals) for v in value]
    return value


def _geometry(geom: BaseGeometry, decimals: int = DECIMALS) -> dict[str, Any] | None:
    """GeoJSON geometry snapped to a ``10**-decimals`` grid (kept valid), or None if empty."""
    snapped = shapely.set_precision(geom, 10.0**-decimals)
    if snapped.is_empty:
        return None
    doc = mapping(snapped)
    return {"type": doc["type"], "coordinates": _round_nested(doc["coordinates"], decimals)}


class _Pool:
    """Geometries stored once and referenced by index."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}

    def add(self, geom: BaseGeometry) -> int:
        doc = _geometry(geom)
        if doc is None:
            return -1
        key = repr(doc)
        if key not in self._index:
            self._index[key] = len(self.items)
            self.items.append(doc)
        return self._index[key]


def _km(value: float | None, digits: int = 3) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), digits)


def _latlon(point: tuple[float, float]) -> list[float]:
    return [round(point[1], DECIMALS), round(point[0], DECIMALS)]


def _advance(ds: DataSet, i: int, j: int, step_m: float) -> dict[str, Any] | None:
    before = ds.state(ds.dates[i]).held.get("ru", EMPTY)
    after = ds.state(ds.dates[j]).held.get("ru", EMPTY)
    adv = measure_advance(before, after, step_m=step_m)
    if adv is None:
        return None
    return {
        "km": round(adv.distance_km, 3),
        "origin": _latlon(adv.origin),
        "head": _latlon(adv.head),
        "step_m": step_m,
    }


def _features(ds: DataSet) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Base features (static) and dated features by id, each stored once."""
    table = ds.table
    extra = {fid: {"_defence": True} for fid in ds.manifest.river_line}
    base_rows = table[table["date"].isna()]
    base = feature_collection(base_rows, extra, decimals=DECIMALS)["features"]
    dated_rows = table[table["date"].notna()]
    dated: dict[str, dict[str, Any]] = {}
    for feat in feature_collection(dated_rows, extra, arrows=True, decimals=DECIMALS)["features"]:
        dated[str(feat["id"])] = feat
    return base, dated


def _group_of(layer: str, claim: bool) -> str:
    if claim:
        return "claims"
    return layer


def _state_entry(ds: DataSet, i: int, dated: dict[str, dict[str, Any]]) -> dict[str, Any]:
    day = ds.dates[i]
    state = ds.state(day)
    feats = state.features
    groups: dict[str, list[str]] = {}
    events: list[str] = []
    for fid, layer, claim in zip(feats["id"], feats["layer"], feats["claim"], strict=True):
        if fid not in dated:
            continue  # base layers: drawn once, not per date
        group = _group_of(str(layer), bool(claim))
        groups.setdefault(group, []).append(str(fid))
        head = f"{fid}:head"
        if head in dated:
            groups[group].append(head)
        if layer == "event":
            events.append(str(fid))
    sources = sorted(
        {
            str(s)
            for s, layer in zip(feats["source"], feats["layer"], strict=True)
            if s and layer in ("control", "front_line", "axis", "event", "measure")
        }
    )
    front = ds.front_distances(day)
    return {
        "date": day.isoformat(),
        "groups": {k: sorted(v) for k, v in sorted(groups.items())},
        "events": events,
        "claims": bool(state.claimed),
        "areas": {side: round(area_km2(g), 3) for side, g in sorted(state.held.items())},
        "claimed_areas": {side: round(area_km2(g), 3) for side, g in sorted(state.claimed.items())},
        "front": {
            "to_reference_km": _km(front["to_reference_km"]),
            "to_river_km": _km(front["to_river_km"]),
        },
        "measures": [
            {"id": str(r["id"]), "name": r["name"], "length_km": round(float(r["length_km"]), 3)}
            for r in ds.measures(day).to_dict("records")
        ],
        "sources": sources,
    }


def _pair_entry(ds: DataSet, i: int, j: int, pool: _Pool) -> dict[str, Any]:
    before = ds.state(ds.dates[i])
    after = ds.state(ds.dates[j])
    sides: dict[str, Any] = {}
    for ch in measure_changes(before, after):
        side = ch.side
        gained_km2 = ch.gained_km2 if ch.gained_km2 >= MIN_CHANGE_KM2 else 0.0
        lost_km2 = ch.lost_km2 if ch.lost_km2 >= MIN_CHANGE_KM2 else 0.0
        sides[side] = {
            "gained": pool.add(ch.gained) if gained_km2 else -1,
            "lost": pool.add(ch.lost) if lost_km2 else -1,
            "gained_km2": round(gained_km2, 3),
            "lost_km2": round(lost_km2, 3),
        }
    step = STEP_ADVANCE_STEP_M if j == i + 1 else PAIR_ADVANCE_STEP_M
    return {"sides": sides, "advance": _advance(ds, i, j, step)}


@dataclass(frozen=True)
class ChartGeometry:
    """Size of the area chart (SVG user units)."""

    width: int = 320
    height: int = 170
    left: int = 40
    right: int = 10
    top: int = 10
    bottom: int = 26


def _nice_step(top: float) -> float:
    raw = top / 4 if top > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return float(10 * magnitude)


def build_chart(
    dates: list[str], areas: list[dict[str, float]], size: ChartGeometry = ChartGeometry()
) -> dict[str, Any]:
    """Positions of the area-per-side chart: one line per side, one point per date.

    Dates are spaced evenly (one step per date, not to time scale), so close dates stay
    clickable.

    Parameters
    ----------
    dates : list of str
        ISO dates, in order.
    areas : list of dict
        Per date, side -> km² held.
    size : ChartGeometry
        The chart's box.

    Returns
    -------
    dict
        ``xs`` (x of each date), ``series`` (per side: label, colour, points), ``yticks``,
        ``xlabels`` and the box.

    Examples
    --------
    >>> chart = build_chart(["2024-01-01", "2024-02-01"], [{"ru": 1.0}, {"ru": 2.0}])
    >>> chart["xs"]
    [40.0, 310.0]
    >>> [p["y"] for p in chart["series"][0]["points"]]
    [77.0, 10.0]
    """
    n = len(dates)
    plot_w = size.width - size.left - size.right
    plot_h = size.height - size.top - size.bottom
    xs = [round(size.left + (plot_w * k / (n - 1) if n > 1 else plot_w / 2), 1) for k in range(n)]
    top = max((v for a in areas for v in a.values()), default=0.0)
    step = _nice_step(top)
    ymax = step * max(1, math.ceil(top / step)) if top > 0 else 1.0

    def y(value: float) -> float:
        return round(size.top + plot_h * (1 - value / ymax), 1)

    colours = {"ru": "#c62828", "ua": "#1565c0", "contested": "#616161"}
    series = []
    for side in SIDES:
        points = [
            {"i": k, "x": xs[k], "y": y(a[side]), "km2": round(a[side], 1), "date": dates[k]}
            for k, a in enumerate(areas)
            if side in a
        ]
        if points:
            series.append(
                {
                    "side": side,
                    "label": SIDE_LABELS[side],
                    "colour": colours[side],
                    "path": " ".join(f"{p['x']},{p['y']}" for p in points),
                    "points": points,
                }
            )
    yticks = [{"y": y(step * k), "label": f"{step * k:g}"} for k in range(round(ymax / step) + 1)]
    xlabels: list[dict[str, Any]] = []
    last_year = None
    for k, day in enumerate(dates):
        crowded = bool(xlabels) and xs[k] - float(xlabels[-1]["x"]) < 24
        if day[:4] != last_year and not crowded:
            xlabels.append({"i": k, "x": xs[k], "label": day[:4]})
            last_year = day[:4]
    return {
        "xs": xs,
        "series": series,
        "yticks": yticks,
        "xlabels": xlabels,
        "hit_w": round(plot_w / (n - 1) if n > 1 else plot_w, 1),
        "box": size,
        "plot_bottom": size.top + plot_h,
        "plot_right": size.width - size.right,
    }


def resolve_tiles(tiles: str | None) -> dict[str, Any] | None:
    """URL template and attribution of an online tile layer (folium's naming rules).

    Parameters
    ----------
    tiles : str or None
        An xyzservices provider name (``OpenStreetMap``, ``CartoDB Positron``, ...) or an
        ``http(s)://`` URL template with ``{z}``, ``{x}`` and ``{y}``.

    Returns
    -------
    dict or None
        ``{"name", "url", "attribution", "max_zoom", "subdomains"}``; None without tiles.

    Raises
    ------
    ValueError
        When the name is neither a known provider nor a URL template.

    Examples
    --------
    >>> resolve_tiles("OpenStreetMap")["url"]
    'https://tile.openstreetmap.org/{z}/{x}/{y}.png'
    """
    if not tiles:
        return None
    query = "OpenStreetMap Mapnik" if tiles.lower() == "openstreetmap" else tiles
    try:
        provider = xyzservices.providers.query_name(query)
    except ValueError:
        if tiles.startswith(("http://", "https://")) and all(
            part in tiles for part in ("{z}", "{x}", "{y}")
        ):
            return {
                "name": tiles,
                "url": tiles,
                # Leaflet shows attributions as HTML: a custom one is escaped text.
                "attribution": str(escape(tiles.split("/")[2])),
                "max_zoom": 19,
                "subdomains": "abc",
            }
        raise ValueError(f"unknown tile provider {tiles!r}") from None
    subdomains = provider.get("subdomains", "abc")
    return {
        "name": tiles,
        "url": provider.build_url(fill_subdomain=False, scale_factor=""),
        # xyzservices' attribution is trusted package HTML, not data.
        "attribution": provider.html_attribution,
        "max_zoom": int(provider.get("max_zoom", 19)),
        "subdomains": subdomains if isinstance(subdomains, str) else "".join(subdomains),
    }


def build_timeline_data(
    ds: DataSet,
    *,
    tiles: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> TimelineData:
    """Everything the timeline page shows, as JSON-ready data.

    Parameters
    ----------
    ds : DataSet
        The data set.
    tiles : str, optional
        Online tile layer (see :func:`resolve_tiles`).
    progress : callable, optional
        Called with a short note as the pair differences are computed.

    Returns
    -------
    dict
        ``dates``; ``base`` (static features); ``features`` (dated features by id); ``states``
        (per date: feature ids per group, areas, front distances, measures, events, sources);
        ``geoms`` (the geometry pool); ``pairs`` (``"i-j"`` with ``i < j`` -> per side the
        gained and lost geometry indexes, -1 for none, and km², plus the deepest Russian
        advance); and the manifest's texts.

    Examples
    --------
    >>> from siversk_map import load_dataset
    >>> data = build_timeline_data(load_dataset())
    >>> data["dates"][0], len(data["pairs"]) == len(data["dates"]) * (len(data["dates"]) - 1) // 2
    ('2022-07-04', True)
    """
    m = ds.manifest
    base, dated = _features(ds)
    states = [_state_entry(ds, i, dated) for i in range(len(ds.dates))]
    pool = _Pool()
    pairs: dict[str, Any] = {}
    for i, j in itertools.combinations(range(len(ds.dates)), 2):
        if progress and i + 1 == j:
            progress(f"timeline {ds.dates[j].isoformat()}")
        pairs[pair_key(i, j)] = _pair_entry(ds, i, j, pool)
    all_sources = sorted({str(s) for s in ds.table["source"] if s})
    a, b, c, d = m.bbox
    return {
        "title": m.title,
        "attribution": m.attribution,
        "precision_note": m.precision_note,
        "reference": {
            "name": m.reference_point.name,
            "latlng": [m.reference_point.lat, m.reference_point.lon],
        },
        "center": list(m.center),
        "zoom": m.zoom,
        "bounds": [[b, a], [d, c]],
        "dates": [day.isoformat() for day in ds.dates],
        "base": base,
        "features": dated,
        "states": states,
        "geoms": pool.items,
        "pairs": pairs,
        "sources": all_sources,
        "groups": [{"key": k, "label": label, "on": on} for k, label, on in GROUPS],
        "side_labels": SIDE_LABELS,
        "computed_source": COMPUTED_SOURCE,
        "tiles": resolve_tiles(tiles),
    }


def _inline(texts: Iterable[str]) -> list[Markup]:
    return [Markup(script_safe(t)) for t in texts]


def _read_static(name: str) -> str:
    import importlib.resources

    return (importlib.resources.files("siversk_map.render") / "static" / name).read_text(
        encoding="utf-8"
    )


def _legend() -> list[dict[str, str]]:
    relabel = {
        "Gained since previous date": "Gained by the side since the previous date (or date A)",
        "Lost since previous date": "Lost by the side since the previous date (or date A)",
        "Measured distance": "Measured distance; deepest advance",
    }
    keys = [dict(key, label=relabel.get(key["label"], key["label"])) for key in LEGEND_KEYS]
    keys.extend(
        {"kind": "dot", "label": label, "colour": colour}
        for label, colour in (
            ("Event, reported", "#ef6c00"),
            ("Event, assessed", "#212121"),
            ("Event, claimed", "#6a1b9a"),
        )
    )
    return keys


def render_timeline_html(
    ds: DataSet,
    *,
    tiles: str | None = None,
    dates_href: str = "list.html",
    date_href: Callable[[dt.date], str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> str:
    """The timeline page: one self-contained offline HTML page stepping through every date.

    Parameters
    ----------
    ds : DataSet
        The data set.
    tiles : str, optional
        Online tile layer name or URL template; the page draws without it.
    dates_href : str
        Link to the plain list of dates.
    date_href : callable, optional
        Link to a date's own page; default ``dates/YYYY-MM-DD.html``.
    progress : callable, optional
        Called with short notes while computing.

    Returns
    -------
    str
        The page (deterministic: the same data set gives the same bytes).

    Raises
    ------
    ValueError
        When ``tiles`` names no known provider and is not a URL template.
    """
    data = build_timeline_data(ds, tiles=tiles, progress=progress)

    def default_href(day: dt.date) -> str:
        return f"dates/{day.isoformat()}.html"

    link = date_href or default_href
    data["date_pages"] = [link(day) for day in ds.dates]
    data["dates_href"] = dates_href
    chart = build_chart(data["dates"], [s["areas"] for s in data["states"]])
    data["chart_xs"] = chart["xs"]
    assets = load_assets()
    legend = _legend()
    return template("timeline.j2").render(
        manifest=ds.manifest,
        data=data,
        chart=chart,
        legend=legend,
        groups=GROUPS,
        dates=data["dates"],
        last=data["dates"][-1] if data["dates"] else "",
        dates_href=dates_href,
        sources=data["sources"],
        css=_inline([*assets.css, _read_static("timeline.css")]),
        js=_inline([*assets.js, _read_static("timeline.js"), _read_static("export_png.js")]),
    )
