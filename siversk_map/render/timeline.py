"""The timeline page: every date of a data set in one self-contained, offline HTML page.

Everything the page shows is computed here, in Python, and embedded once as JSON: the dated
features (each stored once, referenced by id from the dates that show it), each date as the
features it adds and drops, the figures of every date, and the ground gained and lost by each
side between pairs of dates (every pair up to :data:`ALL_PAIRS_MAX` dates, consecutive ones
past it). Geometry is stored once as a topology of shared arcs quantised to 1e-5 degree (about
1 m; see :mod:`siversk_map.render.topology` and docs/FORMAT.md), decoded by the page. Leaflet
has no polygon clipping, so the pair differences are precomputed, from the arcs the two dates
do not share. Only pairs ``i < j`` are stored: the difference from a later date to an earlier
one is the same pair with gained and lost swapped.

The page's script (``static/timeline.js``) puts every value from the data into the page through
``textContent`` or ``setAttribute``; the data reaches it only through Jinja's ``tojson`` inside a
``<script type="application/json">`` element.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
import xyzservices
from markupsafe import Markup, escape
from shapely.geometry.base import BaseGeometry

from ..analysis import ADVANCE_TOLERANCE_M, Analysis, PageAreas
from ..cartography import base_labels
from ..claims import ClaimCheck
from ..compose import EMPTY, State, polygons_only
from ..dataset import DataSet
from ..i18n import STRINGS, translator
from ..model import SIDES
from ..symbology import symbology_json
from .assets import load_timeline_assets
from .elements import template
from .features import base_rows, feature_rows, json_properties
from .page import (
    COMPUTED_SOURCE,
    MIN_CHANGE_KM2,
    SIDE_LABELS,
    base_legend_keys,
    legend_keys,
)
from .timeline_pack import pack_page_data
from .topology import DECIMALS, Topology, build_topology, pack_object

__all__ = [
    "ChartGeometry",
    "TimelineData",
    "build_chart",
    "build_timeline_data",
    "pair_key",
    "render_timeline_html",
    "resolve_tiles",
]

#: Past this many dates only consecutive pairs are precomputed (n(n-1)/2 pairs grow fast).
ALL_PAIRS_MAX = 24

#: Leaflet pane of each feature group, bottom to top; the script builds one pane per group.
GROUPS: tuple[tuple[str, str, bool], ...] = (
    ("base_area", "Boundary and built-up areas", True),
    ("base_line", "Roads, railways and rivers", True),
    ("control", "Control by side", True),
    ("claims", "Claims (not assessed)", True),
    ("against", "Other source: its outline and where it disagrees", True),
    ("change_ru", "Change: Russian-held", True),
    ("change_ua", "Change: Ukrainian-held", False),
    ("change_contested", "Change: contested", False),
    ("front_line", "Front line", True),
    ("axis", "Axes of advance", True),
    ("measure", "Measures and deepest advance", True),
    ("places", "Settlements (labels)", True),
    ("event", "Events", True),
)

TimelineData = dict[str, Any]

#: Legend of the other-source layer (``against``); colours as in ``static/siversk.js``.
AGAINST_LEGEND: tuple[dict[str, str], ...] = (
    {
        "kind": "line",
        "label": "Other source: outline of held ground",
        "colour": "#4a148c",
        "style": "dashed",
    },
    {
        "kind": "area",
        "label": "Held in this data set only",
        "background": "rgba(255,179,0,0.5)",
        "colour": "#ff8f00",
        "style": "solid",
    },
    {
        "kind": "area",
        "label": "Held in the other source only",
        "background": "rgba(0,131,143,0.45)",
        "colour": "#00838f",
        "style": "solid",
    },
)


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


class _Pool:
    """Change geometries stored once, referenced by index, encoded as a topology of their own."""

    def __init__(self) -> None:
        self.geoms: list[BaseGeometry] = []
        self._index: dict[bytes, int] = {}

    def add(self, geom: BaseGeometry) -> int:
        if geom.is_empty:
            return -1
        key = shapely.normalize(geom).wkb
        if key not in self._index:
            self._index[key] = len(self.geoms)
            self.geoms.append(geom)
        return self._index[key]

    def encode(self) -> tuple[dict[str, Any], list[dict[str, Any] | None]]:
        topo = build_topology(self.geoms, DECIMALS)
        return topo.to_json(), [pack_object(obj) for obj in topo.objects]


def _km(value: float | None, digits: int = 3) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), digits)


def _latlon(point: tuple[float, float]) -> list[float]:
    return [round(point[1], DECIMALS), round(point[0], DECIMALS)]


def _advance(geo: _Geometry, i: int, gained: BaseGeometry) -> dict[str, Any] | None:
    k = geo.held[i].get("ru")
    if k is None:
        return None
    adv = geo.analysis.deepest_advance(geo.topology.geometries[k], gained, ADVANCE_TOLERANCE_M)
    if adv is None:
        return None
    return {
        "km": round(adv.distance_km, 3),
        "origin": _latlon(adv.origin),
        "head": _latlon(adv.head),
        "tolerance_m": round(adv.tolerance_m, 1),
    }


@dataclass
class _Geometry:
    """Every dated geometry of the page, in one topology."""

    topology: Topology
    features: dict[str, dict[str, Any]]
    held: list[dict[str, int]]  # per date: side -> index in the topology
    analysis: Analysis
    areas: PageAreas  # figures of the page's own (quantised) geometry


def _dated(ds: DataSet, states: list[State]) -> _Geometry:
    """Dated features and each date's held ground, their geometry stored once."""
    table = ds.table
    extra = {fid: {"_defence": True} for fid in ds.manifest.river_line}
    rows = feature_rows(table[table["date"].notna()], extra, arrows=True)
    geoms: list[BaseGeometry] = [geom for _, _, geom in rows]
    held: list[dict[str, int]] = []
    for state in states:
        held.append({})
        for side, geom in sorted(state.held.items()):
            held[-1][side] = len(geoms)
            geoms.append(geom)
    topo = build_topology(geoms, DECIMALS)
    areas = ds.analysis.page_areas(topo)
    features: dict[str, dict[str, Any]] = {}
    for k, (fid, props, _) in enumerate(rows):
        obj = topo.objects[k]
        if obj is None:
            continue  # smaller than the grid
        if props["layer"] == "control":
            props["_area_km2"] = round(areas.object_km2(obj), 3)
        features[str(fid)] = {
            "type": "Feature",
            "id": str(fid),
            "properties": json_properties(props),
            "geometry": pack_object(obj),
        }
    return _Geometry(topo, features, held, ds.analysis, areas)


def _base(ds: DataSet) -> dict[str, Any]:
    """Base features (static), drawn once, in drawing order (see :func:`base_rows`).

    Their geometry is stored as a topology of its own (shared, quantised, delta-coded arcs, as
    the dated features'): a town's streets and built-up blocks as plain coordinates were a fifth
    of the bundled page.
    """
    extra = {fid: {"_defence": True} for fid in ds.manifest.river_line}
    rows = feature_rows(base_rows(ds), extra)
    topo = build_topology([geom for _, _, geom in rows], DECIMALS)
    features = [
        {
            "type": "Feature",
            "id": str(fid),
            "properties": json_properties(props),
            "geometry": pack_object(obj),
        }
        for (fid, props, _), obj in zip(rows, topo.objects, strict=True)
        if obj is not None  # smaller than the grid
    ]
    return {"topology": topo.to_json(), "features": features}


def _against_entry(
    ds: DataSet, other: DataSet, i: int, geo: _Geometry, pool: _Pool
) -> dict[str, Any] | None:
    """Where another data set (another source) disagrees with this one on date ``i``.

    The other source's state is its latest snapshot on or before the date. Per side held in
    either: ground only this data set gives the side, ground only the other gives it, and the
    other's outline.
    """
    day = ds.dates[i]
    known = [d for d in other.dates if d <= day]
    if not known:
        return None
    theirs = other.state(day, latest=True).held  # its latest snapshot, as documented
    topo = geo.topology
    sides: dict[str, Any] = {}
    for side in SIDES:
        k = geo.held[i].get(side)
        a, b = EMPTY if k is None else topo.geometries[k], theirs.get(side, EMPTY)
        if a.is_empty and b.is_empty:
            continue
        a_only = polygons_only(a.difference(b))
        b_only = polygons_only(b.difference(a))
        # Measured as every area on the page is (equal-area, see Topology).
        a_km2, b_km2 = geo.areas.polygon_km2(a_only), geo.areas.polygon_km2(b_only)
        held_km2 = 0.0 if k is None else geo.areas.object_km2(topo.objects[k])
        sides[side] = {
            "a_only": pool.add(a_only) if a_km2 >= MIN_CHANGE_KM2 else -1,
            "b_only": pool.add(b_only) if b_km2 >= MIN_CHANGE_KM2 else -1,
            "outline": pool.add(b),
            "a_only_km2": round(a_km2, 3),
            "b_only_km2": round(b_km2, 3),
            "agree_km2": round(held_km2 - a_km2, 3),
            "b_km2": round(geo.areas.polygon_km2(b), 3),
        }
    return {"date": known[-1].isoformat(), "sides": sides}


def _pairs(n: int) -> list[tuple[int, int]]:
    """Date pairs whose differences are precomputed: all, or consecutive ones past a limit."""
    if n <= ALL_PAIRS_MAX:
        return list(itertools.combinations(range(n), 2))
    return [(i, i + 1) for i in range(n - 1)]


def _on_grid(face: BaseGeometry) -> bool:
    """Whether a face's exterior keeps three points on the topology's grid (else it is dropped
    there, and the faces' polygons would no longer be numbered as the faces)."""
    q = np.rint(shapely.get_coordinates(face.exterior) * 10.0**DECIMALS).astype(np.int64)
    keep = np.ones(len(q), dtype=bool)
    keep[1:] = (q[1:] != q[:-1]).any(axis=1)
    q = q[keep]
    if len(q) > 1 and (q[0] == q[-1]).all():
        q = q[:-1]
    return len(q) >= 3


def _faces(geo: _Geometry, n: int, pool: _Pool) -> dict[str, Any]:
    """Per side, the faces any pair's gained and lost ground is made of, and when each is held.

    The arcs used an odd number of times by some two consecutive dates bound every change
    there is; noded and polygonised together they cut the ground into faces, each held or not
    on each date (by where its representative point lies, as in :meth:`Topology.changes`).
    Faces held on every date or on none never change and are left out. The ground gained from
    date *i* to date *j* is then the faces held on *j* and not on *i*: the page adds them up
    for pairs it has not stored. ``flips`` lists the dates on which a face's state changes (it
    is not held before the first). Faces that flip on the same dates form one group; ``geom`` is
    one MultiPolygon in ``geoms`` holding the groups' faces in turn (``parts``: how many each).
    """
    topo = geo.topology
    out: dict[str, Any] = {}
    for side in SIDES:
        held = [geo.held[d].get(side) for d in range(n)]
        if all(k is None for k in held):
            continue
        parity = [topo._parity(None if k is None else topo.objects[k]) for k in held]
        changing = set().union(*(a ^ b for a, b in itertools.pairwise([set(), *parity])))
        if not changing:
            continue
        noded = shapely.node(shapely.MultiLineString(list(topo._lines(sorted(changing)))))
        faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
        if not len(faces):
            continue
        points = shapely.point_on_surface(faces)
        px, py = shapely.get_x(points), shapely.get_y(points)
        member = np.zeros((len(faces), n), dtype=bool)
        for d, k in enumerate(held):
            if k is not None:
                geom = topo.geometries[k]
                shapely.prepare(geom)
                member[:, d] = shapely.contains_xy(geom, px, py)
        steps = np.diff(member.astype(np.int8), axis=1, prepend=0) != 0
        area = [geo.areas.polygon_km2(face) for face in faces]
        rows = [
            f
            for f in range(len(faces))
            if steps[f].any() and not member[f].all() and _on_grid(faces[f])
        ]
        # Faces that flip on the same dates change together: one group, its areas summed.
        groups: dict[tuple[int, ...], list[int]] = {}
        for f in rows:
            groups.setdefault(tuple(np.flatnonzero(steps[f]).tolist()), []).append(f)
        order = list(groups.items())
        faces_in_order = [faces[f] for _, members in order for f in members]
        # One object for all the faces, group after group: its arcs are stored once.
        out[side] = {
            "geom": pool.add(shapely.multipolygons(faces_in_order)) if order else -1,
            "parts": [len(members) for _, members in order],
            "km2": [round(sum(area[f] for f in members), 4) for _, members in order],
            "flips": [list(flips) for flips, _ in order],
        }
    return out


def _as_deltas(states: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each date's shown features as what changed since the previous date.

    ``groups`` is replaced by ``add`` (group -> ids shown from this date) and ``drop`` (ids
    no longer shown); the page rebuilds the full lists as it loads.
    """
    shown: dict[str, str] = {}
    out = []
    for state in states:
        now = {fid: group for group, ids in state["groups"].items() for fid in ids}
        add: dict[str, list[str]] = {}
        for fid, group in now.items():
            if shown.get(fid) != group:
                add.setdefault(group, []).append(fid)
        drop = sorted(fid for fid in shown if fid not in now)
        entry = {k: v for k, v in state.items() if k != "groups"}
        entry["add"] = {g: sorted(ids) for g, ids in sorted(add.items())}
        entry["drop"] = drop
        out.append(entry)
        shown = now
    return out


def _group_of(layer: str, claim: bool) -> str:
    if claim:
        return "claims"
    return layer


def _state_entry(ds: DataSet, i: int, state: State, geo: _Geometry) -> dict[str, Any]:
    dated = geo.features
    topo = geo.topology
    day = ds.dates[i]
    feats = state.features
    groups: dict[str, list[str]] = {}
    events: list[str] = []
    measures: list[dict[str, Any]] = []
    columns = (feats["id"], feats["layer"], feats["claim"], feats["name"], feats.geometry)
    for fid, layer, claim, name, geom in zip(*columns, strict=True):
        if layer == "measure":
            known = dated.get(str(fid), {}).get("properties", {}).get("_length_km")
            length = known if known is not None else round(Analysis.feature_length_km(geom), 3)
            start, end, advance_km = ds.advance_along(str(fid))
            measures.append(
                {
                    "id": str(fid),
                    "name": _text(name),
                    "length_km": length,
                    "data_from": start,
                    "data_to": end,
                    "data_advance_km": advance_km,
                }
            )
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
    front = ds.front_distances(state)
    return {
        "date": day.isoformat(),
        "groups": {k: sorted(v) for k, v in sorted(groups.items())},
        "events": events,
        "claims": bool(state.claimed),
        "areas": {
            side: round(geo.areas.object_km2(topo.objects[k]), 3) for side, k in geo.held[i].items()
        },
        "front": {
            "to_reference_km": _km(front["to_reference_km"]),
            "to_river_km": _km(front["to_river_km"]),
        },
        "measures": measures,
        "sources": sources,
    }


def _text(value: Any) -> str | None:
    """A text cell as str, or None when it is missing (None or NaN)."""
    return value if isinstance(value, str) else None


def _pair_entry(ds: DataSet, i: int, j: int, geo: _Geometry, pool: _Pool) -> dict[str, Any]:
    topo = geo.topology
    before, after = geo.held[i], geo.held[j]
    sides: dict[str, Any] = {}
    ru_gained = EMPTY
    for side in SIDES:
        if side not in before and side not in after:
            continue
        gained, lost = topo.changes(before.get(side), after.get(side))
        gained_km2, lost_km2 = geo.areas.polygon_km2(gained), geo.areas.polygon_km2(lost)
        gained_km2 = gained_km2 if gained_km2 >= MIN_CHANGE_KM2 else 0.0
        lost_km2 = lost_km2 if lost_km2 >= MIN_CHANGE_KM2 else 0.0
        sides[side] = {
            "gained": pool.add(gained) if gained_km2 else -1,
            "lost": pool.add(lost) if lost_km2 else -1,
            "gained_km2": round(gained_km2, 3),
            "lost_km2": round(lost_km2, 3),
        }
        if side == "ru" and gained_km2:  # under MIN_CHANGE_KM2 it is rounding noise
            ru_gained = gained
    return {"sides": sides, "advance": _advance(geo, i, ru_gained)}


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
        if day[:4] == last_year:
            continue
        # Each year is labelled at its first date or not at all (never under a later date).
        last_year = day[:4]
        if not xlabels or xs[k] - float(xlabels[-1]["x"]) >= 24:
            xlabels.append({"i": k, "x": xs[k], "label": day[:4]})
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
    changes: bool = True,
    against: DataSet | None = None,
    lang: str = "en",
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
    changes : bool
        Compute the pair differences (False: ``pairs`` is empty).
    against : DataSet, optional
        Another source for the same ground (for example an ISW import against a DeepState
        one): each state gets ``against``, where the two disagree, per side, with km².
    lang : {"en", "uk"}
        Language of the base map's labels and of the page's interface.

    Returns
    -------
    dict
        ``dates``; ``base`` (static features: ``topology`` and ``features``); ``topology``
        (shared arcs); ``features`` (dated features by id, geometry as packed arc references);
        ``states`` (per date: feature ids added and dropped per group, areas, front distances,
        measures, events, sources, and ``against``); ``labels`` (the base map's labels, most
        important first) and ``symbology``; ``change_topology`` and ``geoms`` (the change
        geometries); ``pairs`` (``"i-j"`` with ``i < j`` -> per side the gained and lost
        geometry indexes, -1 for none, and km², plus the deepest Russian advance); ``faces``
        (gained and lost ground between any two dates); and the manifest's texts.

    Examples
    --------
    >>> from siversk_map import load_dataset
    >>> data = build_timeline_data(load_dataset())
    >>> data["dates"][0], len(data["dates"]) > ALL_PAIRS_MAX
    ('2022-07-03', True)
    >>> len(data["pairs"]) == len(data["dates"]) - 1  # consecutive pairs; faces give the rest
    True
    """
    m = ds.manifest
    t = translator(lang)
    composed = [ds.state(day) for day in ds.dates]  # once: a long series outgrows the cache
    geo = _dated(ds, composed)
    states = _as_deltas([_state_entry(ds, i, st, geo) for i, st in enumerate(composed)])
    pool = _Pool()
    pairs: dict[str, Any] = {}
    for i, j in _pairs(len(ds.dates)) if changes else []:
        if progress and i + 1 == j:
            progress(f"timeline {ds.dates[j].isoformat()}")
        pairs[pair_key(i, j)] = _pair_entry(ds, i, j, geo, pool)
    faces = _faces(geo, len(ds.dates), pool) if changes and len(ds.dates) > ALL_PAIRS_MAX else {}
    other = None
    if against is not None:
        for i, state in enumerate(states):
            state["against"] = _against_entry(ds, against, i, geo, pool)
        other = {"title": against.manifest.title, "attribution": against.manifest.attribution}
    change_topology, change_objects = pool.encode()
    all_sources = sorted({str(s) for s in ds.table["source"] if s})
    return {
        "name": m.name,
        "lang": lang,
        "title": m.title,
        "attribution": m.attribution,
        "base_attribution": m.base_attribution,
        "reference": {"name": m.reference_point.name},
        "center": list(m.center),
        "zoom": m.zoom,
        "dates": [day.isoformat() for day in ds.dates],
        "base": _base(ds),
        "labels": [label.to_json() for label in base_labels(ds, lang)],
        "symbology": symbology_json(),
        "topology": geo.topology.to_json(),
        "features": geo.features,
        "changes": changes,
        "against": other,
        "states": states,
        "change_topology": change_topology,
        "geoms": change_objects,
        "pairs": pairs,
        "faces": faces,
        "min_change_km2": MIN_CHANGE_KM2,
        "advance_tolerance_m": ADVANCE_TOLERANCE_M,
        "sources": all_sources,
        "claims": [_claim_entry(c) for c in ds.claim_checks()],
        "groups": [{"key": k, "label": t(label), "on": on} for k, label, on in GROUPS],
        "side_labels": {side: t(label) for side, label in SIDE_LABELS.items()},
        "strings": STRINGS[lang],
        "computed_source": COMPUTED_SOURCE,
        "tiles": resolve_tiles(tiles),
    }


def _claim_entry(check: ClaimCheck) -> dict[str, Any]:
    """A claim check as the page needs it: dates as ISO text and its one-line verdict."""
    return {
        "id": check.claim_id,
        "name": check.name,
        "source": check.source,
        "claimed_on": check.claimed_on.isoformat(),
        "held_on": check.held_on.isoformat() if check.held_on else None,
        "days_ahead": check.days_ahead,
        "text": check.text,
    }


def _legend(ds: DataSet, lang: str) -> list[dict[str, str]]:
    relabel = {
        "Gained since previous date": "Gained by the side since the previous date (or date A)",
        "Lost since previous date": "Lost by the side since the previous date (or date A)",
        "Measured distance": "Measured distance; deepest advance",
    }
    t = translator(lang)
    rivers = bool((ds.table["layer"] == "river").any())
    river_name = ds.manifest.river_name if ds.manifest.river_line else ""
    keys = legend_keys(river_name, lambda label: t(relabel.get(label, label)), rivers)
    keys.extend(
        {"kind": "dot", "label": t(label), "colour": colour}
        for label, colour in (
            ("Event, reported", "#ef6c00"),
            ("Event, assessed", "#212121"),
            ("Event, claimed", "#6a1b9a"),
        )
    )
    keys.extend(base_legend_keys(ds, t))
    return keys


def render_timeline_html(
    ds: DataSet,
    *,
    tiles: str | None = None,
    dates_href: str | None = None,
    date_href: Callable[[dt.date], str] | None = None,
    progress: Callable[[str], None] | None = None,
    changes: bool = True,
    against: DataSet | None = None,
    lang: str = "en",
) -> str:
    """The timeline page: one self-contained offline HTML page stepping through every date.

    Parameters
    ----------
    ds : DataSet
        The data set.
    tiles : str, optional
        Online tile layer name or URL template; the page draws without it.
    dates_href : str, optional
        Link to the plain list of dates; none by default.
    date_href : callable, optional
        Link to a date's own page (see :func:`siversk_map.export.html.date_page_name`); none by
        default.
    progress : callable, optional
        Called with short notes while computing.
    changes : bool
        Precompute gained and lost ground and the deepest advance between dates.
    against : DataSet, optional
        Another source to show, with where it disagrees (see :func:`build_timeline_data`).
    lang : {"en", "uk"}
        Language of the labels and the interface.

    Returns
    -------
    str
        The page (deterministic: the same data set gives the same bytes).

    Raises
    ------
    ValueError
        When ``tiles`` names no known provider and is not a URL template.
    """
    data = build_timeline_data(
        ds, tiles=tiles, progress=progress, changes=changes, against=against, lang=lang
    )

    data["date_pages"] = [date_href(day) for day in ds.dates] if date_href else []
    chart = build_chart(data["dates"], [s["areas"] for s in data["states"]])
    data["chart_xs"] = chart["xs"]
    # The chart's points and hit areas are drawn by the page's script from these.
    data["chart"] = {
        "hit_w": chart["hit_w"],
        "top": chart["box"].top,
        "bottom": chart["plot_bottom"],
        "series": [
            {
                "side": s["side"],
                "label": s["label"],
                "colour": s["colour"],
                "i": [p["i"] for p in s["points"]],
                "y": [p["y"] for p in s["points"]],
            }
            for s in chart["series"]
        ],
    }
    data = pack_page_data(data)
    assets = load_timeline_assets()
    legend = _legend(ds, lang)
    t = translator(lang)
    if against is not None:
        legend.extend(dict(key, label=t(key["label"])) for key in AGAINST_LEGEND)
    return template("timeline.j2").render(
        manifest=ds.manifest,
        data=data,
        chart=chart,
        legend=legend,
        dates=data["dates"],
        last=data["dates"][-1] if data["dates"] else "",
        dates_href=dates_href,
        sources=data["sources"],
        claims=data["claims"],
        css=[Markup(text) for text in assets.css],  # made safe to inline by the loader
        js=[Markup(text) for text in assets.js],
        t=t,
        lang=lang,
    )
