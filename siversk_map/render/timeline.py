"""The timeline page: every date of a data set in one self-contained, offline HTML page.

Everything the page shows is computed here, in Python, and embedded once as JSON: the dated
features (each stored once, referenced by id from the dates that show it), each date as the
features it adds and drops, the figures of every date, and the ground gained and lost by each
side between pairs of dates (every pair up to :data:`ALL_PAIRS_MAX` dates, consecutive ones
past it). Geometry is stored once as a topology of shared arcs quantised to 1e-5 degree (about
1 m; see :mod:`siversk_map.render.topology` and docs/FORMAT.md), decoded by the page; the
geometry and pair differences are built in :mod:`~siversk_map.render.timeline_geometry`, each
date's entry in :mod:`~siversk_map.render.timeline_states`, the chart in
:mod:`~siversk_map.render.timeline_chart`, the tile layer in
:mod:`~siversk_map.render.timeline_tiles`. Figures come from the analysis stage.

The page's script (``static/timeline.js``) puts every value from the data into the page through
``textContent`` or ``setAttribute``; the data reaches it as JSON text that is never parsed as
HTML: packed with the scripts (:mod:`~siversk_map.render.packed`: deflate, base 85) and put
back by the page as the text of its ``<script id="timeline-data">`` element.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from functools import partial
from typing import Any

from markupsafe import Markup

from ..analysis import ADVANCE_TOLERANCE_M
from ..cartography import base_labels
from ..claims import ClaimCheck
from ..dataset import DataSet
from ..i18n import STRINGS, translator
from ..symbology import FRONT_STYLES, hatch_patterns, legend_swatch, symbology_json
from ..workers import ForkedBatches, frozen_gc, pool_size
from .assets import load_timeline_assets
from .elements import template
from .packed import PACKED_TYPE, pack_json, pack_text, unpack_script
from .page import (
    COMPUTED_SOURCE,
    MIN_CHANGE_KM2,
    SIDE_LABELS,
    base_legend_keys,
    legend_keys,
)
from .timeline_chart import ChartGeometry, build_chart
from .timeline_geometry import (
    ALL_PAIRS_MAX,
    PAIRS_PER_BATCH,
    Pool,
    Task,
    add_features,
    against_entry,
    base_geometry,
    date_pairs,
    dated_geometry,
    faces_entry,
    measure_task,
    pair_entries,
    pair_key,
)
from .timeline_pack import pack_features, pack_page_data
from .timeline_states import date_entries
from .timeline_tiles import resolve_tiles

__all__ = [
    "ChartGeometry",
    "TimelineData",
    "build_chart",
    "build_timeline_data",
    "pair_key",
    "render_timeline_html",
    "resolve_tiles",
]


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

#: Legend of the other-source layer (``against``), from :data:`~siversk_map.symbology.FRONT_STYLES`.
AGAINST_LEGEND: tuple[dict[str, str], ...] = tuple(
    legend_swatch(name) for name in ("other_outline", "disagree_a", "disagree_b")
)


def build_timeline_data(
    ds: DataSet,
    *,
    tiles: str | None = None,
    progress: Callable[[str], None] | None = None,
    changes: bool = True,
    against: DataSet | None = None,
    lang: str = "en",
    jobs: int | None = None,
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
    data, pairs, _ = _start_timeline_data(ds, tiles, progress, changes, against, lang, jobs)
    data["pairs"] = pairs()
    return data


def _start_timeline_data(
    ds: DataSet,
    tiles: str | None,
    progress: Callable[[str], None] | None,
    changes: bool,
    against: DataSet | None,
    lang: str,
    jobs: int | None,
    pack: bool = False,
) -> tuple[TimelineData, Callable[..., dict[str, Any]], Any]:
    """:func:`build_timeline_data` but ``pairs``, and a function that gives them (called with
    ``cancel=True`` instead, it stops the workers); with ``pack``, :func:`pack_features` of the
    features too (else None).

    Drawn from the faces (past :data:`ALL_PAIRS_MAX` dates), the pairs add nothing to the pool
    of change geometries: forked workers measure them and find the faces as soon as the
    topology is built, while this process goes on (the features, the states, their packing
    while a worker finds the faces, the pool's topology, and whatever the caller does before
    asking for the pairs).
    """
    m = ds.manifest
    t = translator(lang)
    composed = [ds.state(day) for day in ds.dates]  # once: past 1024 dates the cache cycles
    geo = dated_geometry(ds, composed, features=False)
    pool = Pool()
    use_faces = changes and len(ds.dates) > ALL_PAIRS_MAX
    steps = date_pairs(len(ds.dates)) if changes else []
    workers = pool_size(jobs, len(steps)) if use_faces else 1
    tasks: list[Task] = ["faces"] if workers > 1 else []
    tasks += [steps[k : k + PAIRS_PER_BATCH] for k in range(0, len(steps), PAIRS_PER_BATCH)]
    run = ForkedBatches(partial(measure_task, ds, geo), tasks, workers).start()
    results = run.results()

    def note(i: int, j: int) -> None:
        if progress and i + 1 == j:
            progress(f"timeline {ds.dates[j].isoformat()}")

    try:
        add_features(geo)
        states = date_entries(ds, composed, geo)
        packed = pack_features(geo.features) if pack else None
        pairs: dict[str, Any] = {}
        if workers <= 1:  # in this process, in the pairs' order (they may add to the pool)
            for k in range(0, len(steps), PAIRS_PER_BATCH):
                batch = steps[k : k + PAIRS_PER_BATCH]
                entries = pair_entries(ds, batch, geo, pool, from_faces=use_faces)
                for (i, j), entry in zip(batch, entries, strict=True):
                    note(i, j)
                    pairs[pair_key(i, j)] = entry
        found = next(results) if workers > 1 else None  # the faces, found by a worker
        faces = faces_entry(geo, len(ds.dates), pool, found) if use_faces else {}
        other = None
        if against is not None:
            for i, state in enumerate(states):
                state["against"] = against_entry(ds, against, i, geo, pool)
            other = {"title": against.manifest.title, "attribution": against.manifest.attribution}
        change_topology, change_objects = pool.encode(geo.topology)
        all_sources = sorted({str(s) for s in ds.table["source"] if s})
        data = {
            "name": m.name,
            "lang": lang,
            "title": m.title,
            "attribution": m.attribution,
            "base_attribution": m.base_attribution,
            "reference": {"name": m.reference_point.name},
            "center": list(m.center),
            "zoom": m.zoom,
            "dates": [day.isoformat() for day in ds.dates],
            "base": base_geometry(ds),
            "labels": [label.to_json() for label in base_labels(ds, lang)],
            "symbology": symbology_json(),
            "topology": geo.topology.to_json(),
            "features": geo.features,
            "changes": changes,
            "against": other,
            "states": states,
            "change_topology": change_topology,
            "geoms": change_objects,
            "pairs": {},  # see measured()
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
    except BaseException:
        run.close()
        raise

    def measured(cancel: bool = False) -> dict[str, Any]:
        if cancel:
            run.close()
        elif workers > 1:
            entries = itertools.chain.from_iterable(results)
            for (i, j), entry in zip(steps, entries, strict=True):
                note(i, j)
                pairs[pair_key(i, j)] = entry
        return pairs

    return data, measured, packed


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
        {"kind": "dot", "label": t(FRONT_STYLES[name].label), "colour": FRONT_STYLES[name].colour}
        for name in ("event_reported", "event_assessed", "event_claimed")
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
    jobs: int | None = None,
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
    jobs : int, optional
        Processes measuring the pair differences (see :func:`build_timeline_data`).

    Returns
    -------
    str
        The page (deterministic: the same data set gives the same bytes).

    Raises
    ------
    ValueError
        When ``tiles`` names no known provider and is not a URL template.
    """
    with frozen_gc():  # the loaded data set is not walked by every collection of the build
        return _render_timeline_html(
            ds, tiles, dates_href, date_href, progress, changes, against, lang, jobs
        )


def _render_timeline_html(
    ds: DataSet,
    tiles: str | None,
    dates_href: str | None,
    date_href: Callable[[dt.date], str] | None,
    progress: Callable[[str], None] | None,
    changes: bool,
    against: DataSet | None,
    lang: str,
    jobs: int | None,
) -> str:
    data, pairs, packed = _start_timeline_data(
        ds, tiles, progress, changes, against, lang, jobs, pack=True
    )
    try:  # everything but the pairs first: the workers may still be measuring them
        chart, legend, packed_js = _page_parts(ds, data, date_href, against, lang)
    except BaseException:
        pairs(cancel=True)
        raise
    dates = data["dates"]
    t = translator(lang)
    data["pairs"] = pairs()
    data = pack_page_data(data, packed)
    return template("timeline.j2").render(
        manifest=ds.manifest,
        data=data,
        chart=chart,
        legend=legend,
        hatches=hatch_patterns(),
        dates=dates,
        last=dates[-1] if dates else "",
        dates_href=dates_href,
        sources=data["sources"],
        claims=data["claims"],
        css=[Markup(text) for text in load_timeline_assets().css],  # made safe by the loader
        # The data and the scripts, deflated and in base 85 (render/packed.py): unpacked and
        # run, in this order, by the page's one plain script.
        # (base-85 text has no '<'; Markup: '&' and '>' must stay as they are in a <script>)
        payload=Markup(pack_json(data)),
        packed_js=packed_js,
        packed_type=PACKED_TYPE,
        unpack=Markup(unpack_script()),
        t=t,
        lang=lang,
    )


def _page_parts(
    ds: DataSet,
    data: TimelineData,
    date_href: Callable[[dt.date], str] | None,
    against: DataSet | None,
    lang: str,
) -> tuple[dict[str, Any], list[dict[str, str]], list[Markup]]:
    """The chart (its points' figures put in ``data``), the legend and the packed scripts."""
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
    assets = load_timeline_assets()
    legend = _legend(ds, lang)
    if against is not None:
        t = translator(lang)
        legend.extend(dict(key, label=t(key["label"])) for key in AGAINST_LEGEND)
    return chart, legend, [Markup(pack_text(text)) for text in assets.js]
