"""The per-date map page and the index page."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import folium
from markupsafe import Markup, escape

from ..cartography import base_labels
from ..compose import State
from ..dataset import DataSet
from ..i18n import STRINGS, translator
from ..symbology import BASE_COLOURS, legend_swatch, symbology_json
from .assets import load_assets
from .elements import (
    BaseLabels,
    ControlBox,
    FeatureLayer,
    LayerControl,
    MapSetup,
    OfflineMap,
    PageSetup,
    freeze_ids,
    template,
)
from .features import base_rows, feature_collection, to_feature

__all__ = [
    "LEGEND_KEYS",
    "base_legend_keys",
    "legend_keys",
    "render_date_map",
    "render_index_html",
]

SIDE_LABELS = {"ru": "Russian", "ua": "Ukrainian", "contested": "Contested"}
#: Smallest change (km²) drawn or counted; below it a difference is rounding noise.
MIN_CHANGE_KM2 = 0.001
#: ``source`` of the figures siversk-map computes (gained and lost ground, advances).
COMPUTED_SOURCE = "computed by siversk-map from the control layers"

LEGEND_KEYS: tuple[dict[str, str], ...] = (
    *(legend_swatch(name) for name in ("ru", "ua", "contested", "claim", "gain", "loss")),
    legend_swatch("front"),
    legend_swatch("axis"),
    {
        "kind": "line",
        "label": "River",
        "colour": BASE_COLOURS["river"],
        "style": "solid",
    },
    legend_swatch("measure"),
)


def legend_keys(
    river_name: str = "", t: Callable[[str], str] | None = None, rivers: bool = True
) -> list[dict[str, str]]:
    """The legend: :data:`LEGEND_KEYS`, with the data set's river line when it names one.

    Labels are translated by ``t`` (see :func:`siversk_map.i18n.translator`); the river's
    name is inserted as it is. Without ``rivers`` (a data set with no river) the river keys
    are left out.

    Examples
    --------
    >>> [k["label"] for k in legend_keys("Oskil") if "Oskil" in k["label"]]
    ['Oskil (river line)']
    >>> len(legend_keys("")) == len(LEGEND_KEYS)
    True
    """
    t = t or str
    keys = [dict(key, label=t(key["label"])) for key in LEGEND_KEYS]
    if not rivers:
        return [
            key for key, plain in zip(keys, LEGEND_KEYS, strict=True) if plain["label"] != "River"
        ]
    if river_name:
        at = next(k for k, key in enumerate(LEGEND_KEYS) if key["label"] == "River") + 1
        keys.insert(
            at,
            {
                "kind": "line",
                "label": t("{name} (river line)").format(name=river_name),
                "colour": BASE_COLOURS["river"],
                "style": "solid",
                "width": "5px",
            },
        )
    return keys


#: Legend entries of the base layers, by layer.
_BASE_KEYS: dict[str, dict[str, str]] = {
    "road": {"kind": "line", "label": "Roads", "colour": "#a1887f", "style": "solid"},
    "railway": {
        "kind": "line",
        "label": "Railway",
        "colour": BASE_COLOURS["railway"],
        "style": "dashed",
    },
    "built_up": {
        "kind": "area",
        "label": "Built-up area",
        "background": BASE_COLOURS["built_up"],
        "colour": BASE_COLOURS["built_up"],
        "style": "solid",
    },
    "water": {
        "kind": "area",
        "label": "Water",
        "background": BASE_COLOURS["water"],
        "colour": BASE_COLOURS["water"],
        "style": "solid",
    },
}


def base_legend_keys(ds: DataSet, t: Callable[[str], str] | None = None) -> list[dict[str, str]]:
    """Legend entries of the base layers the data set has (labels translated by ``t``)."""
    t = t or str
    layers = set(ds.table.loc[ds.table["date"].isna(), "layer"])
    return [
        dict(key, label=t(key["label"])) for layer, key in _BASE_KEYS.items() if layer in layers
    ]


def _change_collection(ds: DataSet, state: State, since: State | None) -> dict[str, Any]:
    features = []
    if since is not None:
        for ch in ds.analysis.changes(since.date, state.date):
            side = ch.side
            parts = (("gain", ch.gained, ch.gained_km2), ("loss", ch.lost, ch.lost_km2))
            for kind, geom, km2 in parts:
                if geom.is_empty or km2 < MIN_CHANGE_KM2:
                    continue
                # A side's loss is drawn once, as the other side's gain, unless nobody gained it.
                if kind == "loss" and side != "ru":
                    continue
                props = {
                    "layer": kind,
                    "side": side,
                    "name": f"{SIDE_LABELS[side]} {kind} since {since.date}",
                    "date": state.date,
                    "_area_km2": round(km2, 3),
                    "source": COMPUTED_SOURCE,
                }
                features.append(to_feature(f"{kind}-{side}", props, geom))
    return {"type": "FeatureCollection", "features": features}


def _panel(ds: DataSet, state: State, since: State | None, t: Callable[[str], str]) -> Markup:
    rows = []
    for ch in ds.analysis.changes(since.date if since else None, state.date):
        rows.append(
            {
                "label": t(SIDE_LABELS[ch.side]),
                "area_km2": ch.area_km2,
                "gained_km2": ch.gained_km2,
                "lost_km2": ch.lost_km2,
                "net_km2": ch.net_km2,
            }
        )
    events = []
    rows_of_events = state.layer("event")
    for row in rows_of_events.itertuples(index=False) if len(rows_of_events) else ():
        url = row.source_url if isinstance(row.source_url, str) else None
        events.append(
            {
                "name": row.name or "Event",
                "summary": row.summary,
                "status": row.status,
                "source": row.source,
                "source_date": row.source_date.isoformat() if row.source_date else None,
                "url": url if url and url.startswith(("http://", "https://")) else None,
            }
        )
    advance = ds.advance(since.date, state.date) if since is not None else None
    measures = [
        {**m, "data_advance_km": _none_if_nan(m["data_advance_km"])}
        for m in (ds.measures(state.date).to_dict("records") if len(state.layer("measure")) else [])
    ]
    claims = [
        {"name": c.name, "text": c.text, "source": c.source}
        for c in ds.claim_checks()
        if c.claimed_on <= state.date
    ]
    return Markup(
        template("date_panel.j2").render(
            rows=rows,
            since=since.date.isoformat() if since else None,
            front=ds.front_distances(state.date),
            reference=ds.manifest.reference_point.name or t("the reference point"),
            advance=advance,
            measures=measures,
            claims=claims,
            events=events,
            t=t,
        )
    )


def _none_if_nan(value: Any) -> float | None:
    """A pandas cell as a float, or None where it is missing."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return float(value)


def _defence_extra(ds: DataSet) -> dict[str, dict[str, Any]]:
    """Extra page properties by feature id: the river line's features are a defence line."""
    return {fid: {"_defence": True} for fid in ds.manifest.river_line}


@dataclass(frozen=True)
class _BaseLayers:
    """A data set's base layers as page collections: drawn under the data, and the labels."""

    under: tuple[tuple[str, dict[str, Any], bool], ...]
    labels: dict[str, Any] | None


#: Base layers by data set: they are the same on every date, so built once per data set.
_BASE_LAYERS: weakref.WeakKeyDictionary[DataSet, _BaseLayers] = weakref.WeakKeyDictionary()


def _base_layers(ds: DataSet) -> _BaseLayers:
    """The base layers of a data set (water and built-up, outlines, roads, river; the
    settlement points), each a FeatureCollection with its untranslated name and quietness."""
    cached = _BASE_LAYERS.get(ds)
    if cached is not None:
        return cached
    base = base_rows(ds)
    extra = _defence_extra(ds)
    layer, points = base["layer"], base.geom_type == "Point"
    groups = (
        ("Built-up area", layer.isin(["water", "built_up", "building"]), True),
        (
            "Boundary and built-up areas",
            layer.isin(["boundary"]) | ((layer == "settlement") & ~points),
            False,
        ),
        ("Roads", layer.isin(["road", "railway"]), True),
        ("River", layer == "river", False),
    )
    under = tuple(
        (name, feature_collection(base[mask], extra), quiet)
        for name, mask, quiet in groups
        if mask.any()
    )
    labels = (layer == "settlement") & points
    cached = _BaseLayers(under, feature_collection(base[labels]) if labels.any() else None)
    _BASE_LAYERS[ds] = cached
    return cached


def render_date_map(
    ds: DataSet,
    date: dt.date | str,
    *,
    tiles: str | None = None,
    index_href: str = "../index.html",
    lang: str = "en",
) -> folium.Map:
    """The map of one date: every layer's state, the change since the previous date, figures.

    Parameters
    ----------
    ds : DataSet
        The data set.
    date : datetime.date or str
        The date.
    tiles : str, optional
        A folium/xyzservices tile name (online only). Default: no tiles; the data set's base
        layers keep the map readable offline.
    index_href : str
        Link from the page to the list of dates.
    lang : {"en", "uk"}
        Language of the labels and the interface.

    Returns
    -------
    folium.Map
        With deterministic element ids; render it with ``get_root().render()``.
    """
    state = ds.state(date)
    day = state.date
    prev = ds.previous_date(day)
    since = ds.state(prev) if prev else None
    later = [d for d in ds.dates if d > day]
    t = translator(lang)
    m = OfflineMap(
        title=f"{ds.manifest.title}: {day.isoformat()}",
        lang=lang,
        location=list(ds.manifest.center),
        zoom_start=ds.manifest.zoom,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
    )
    if tiles:
        # A URL template needs an attribution (folium refuses it without): its host, escaped.
        url = tiles.startswith(("http://", "https://"))
        attr = str(escape(tiles.split("/")[2])) if url else None
        folium.TileLayer(tiles, attr=attr, name=f"Tiles: {tiles} (online)", overlay=False).add_to(m)
    PageSetup(symbology_json(), STRINGS[lang]).add_to(m)
    feats = state.features
    extra = _defence_extra(ds)
    claimed = feats["claim"].to_numpy(dtype=bool)
    real = feats[~claimed] if claimed.any() else feats
    present = set(real["layer"])
    zoom = ds.manifest.zoom
    base = _base_layers(ds)
    for name, data, quiet in base.under:
        FeatureLayer(data, t(name), True, False, zoom=zoom, quiet=quiet).add_to(m)
    if "control" in present:
        control = real[real["layer"] == "control"]
        FeatureLayer(feature_collection(control, extra), t("Control by side")).add_to(m)
    changes = _change_collection(ds, state, since)
    if changes["features"]:
        FeatureLayer(changes, f"{t('Gained since previous date')} / {t('lost')} ({prev})").add_to(m)
    for name, layer in (
        ("Claims (not assessed)", None),
        ("Front line", "front_line"),
        ("Axes of advance", "axis"),
        ("Measures and deepest advance", "measure"),
        ("Events", "event"),
    ):
        if layer is None and claimed.any():
            rows = feats[claimed]
        elif layer in present:
            rows = real[real["layer"] == layer]
        else:
            continue
        FeatureLayer(feature_collection(rows, extra, arrows=True), t(name)).add_to(m)
    if base.labels is not None:
        FeatureLayer(base.labels, t("Settlements (labels)")).add_to(m)
    BaseLabels([label.to_json() for label in base_labels(ds, lang)]).add_to(m)
    LayerControl(collapsed=True, position="topright").add_to(m)
    MapSetup().add_to(m)
    title = Markup(
        template("date_title.j2").render(
            manifest=ds.manifest,
            date=day.isoformat(),
            claims=bool(state.claimed),
            prev=prev.isoformat() if prev else None,
            next=later[0].isoformat() if later else None,
            index=index_href,
            t=t,
        )
    )
    ControlBox(title, "topleft", "sm-title-box").add_to(m)
    ControlBox(_panel(ds, state, since, t), "topright", "sm-panel-box").add_to(m)
    rivers = bool((ds.table["layer"] == "river").any())
    river_name = ds.manifest.river_name if ds.manifest.river_line else ""
    keys = legend_keys(river_name, t, rivers) + base_legend_keys(ds, t)
    legend = Markup(template("legend.j2").render(keys=keys, t=t))
    ControlBox(legend, "bottomright").add_to(m)
    sources = sorted(
        {
            s
            for s in feats[
                feats["layer"].isin(["control", "front_line", "axis", "event", "measure"])
            ]["source"]
            if s
        }
    )
    note = Markup(template("note.j2").render(manifest=ds.manifest, sources=sources, t=t))
    ControlBox(note, "bottomleft", "sm-note-box").add_to(m)
    freeze_ids(m.get_root())
    return m


def render_index_html(
    ds: DataSet,
    hrefs: dict[dt.date, str],
    timeline_href: str | None = None,
    lang: str = "en",
) -> str:
    """A page listing every date with its figures and a link to its map.

    Parameters
    ----------
    ds : DataSet
        The data set.
    hrefs : dict
        Date -> link to its map page, relative to where this page is written.
    timeline_href : str, optional
        Link to the timeline page; each date also links to it at that date.
    lang : {"en", "uk"}
        Language of the interface.

    Returns
    -------
    str
    """
    rows = []
    for day in ds.dates:
        held = ds.analysis.figures(day).areas_km2
        front = ds.front_distances(day)["to_reference_km"]
        events = ds.state(day).layer("event")
        rows.append(
            {
                "date": day.isoformat(),
                "href": hrefs[day],
                "timeline": f"{timeline_href}#{day.isoformat()}" if timeline_href else None,
                "ru": f"{held['ru']:.1f}" if "ru" in held else "",
                "ua": f"{held['ua']:.1f}" if "ua" in held else "",
                "contested": f"{held['contested']:.1f}" if "contested" in held else "",
                "front": f"{front:.2f} km" if front is not None else "",
                "events": "; ".join(str(n) for n in events["name"] if n),
            }
        )
    css = load_assets().css[1]
    return template("index.j2").render(
        manifest=ds.manifest,
        rows=rows,
        css=Markup(css),
        timeline_href=timeline_href,
        t=translator(lang),
        lang=lang,
    )
