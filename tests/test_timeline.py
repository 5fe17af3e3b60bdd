"""The timeline page's data and HTML, without a browser: pair differences, safety, determinism."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import shapely
import shapely.geometry
from shapely.geometry import shape

from siversk_map import bundled_data_path, load_dataset
from siversk_map.analysis.geodesy import area_km2, distance_km
from siversk_map.dataset import DataSet
from siversk_map.export.html import export_site, render_site
from siversk_map.export.outputs import RECORD_NAME
from siversk_map.render.assets import load_assets
from siversk_map.render.packed import PACKED_TYPE, read_page_payload
from siversk_map.render.timeline import (
    ChartGeometry,
    build_chart,
    build_timeline_data,
    pair_key,
    render_timeline_html,
    resolve_tiles,
)
from siversk_map.render.timeline_geometry import ALL_PAIRS_MAX, FROM_FACES
from siversk_map.render.topology import decode_geometry

from .conftest import MINI
from .hostile import PAYLOADS, hostile_copy


@pytest.fixture(scope="module")
def ds() -> DataSet:
    return load_dataset()


@pytest.fixture(scope="module")
def data(ds: DataSet) -> dict[str, Any]:
    return build_timeline_data(ds)


def _groups(states: list[dict[str, Any]]) -> list[dict[str, list[str]]]:
    """Each date's feature ids per group, rebuilt from the per-date changes (as the page does)."""
    shown: dict[str, str] = {}
    out = []
    for st in states:
        for fid in st["drop"]:
            del shown[fid]
        for group, ids in st["add"].items():
            shown.update(dict.fromkeys(ids, group))
        by_group: dict[str, list[str]] = {}
        for fid, group in sorted(shown.items()):
            by_group.setdefault(group, []).append(fid)
        out.append(by_group)
    return out


def _coordinates(value: Any) -> list[float]:
    if isinstance(value, (int, float)):
        return [float(value)]
    return [c for item in value for c in _coordinates(item)]


def _faces_km2(faces: dict[str, Any], i: int, j: int, kind: str) -> float:
    """The area of the groups of faces gained (or lost) from date i to j, as the page adds it."""

    def held(flips: list[int], d: int) -> bool:
        return sum(1 for f in flips if f <= d) % 2 == 1

    total = 0.0
    for km2, flips in zip(faces["km2"], faces["flips"], strict=True):
        was, now = held(flips, i), held(flips, j)
        if (now and not was) if kind == "gained" else (was and not now):
            total += km2
    return total


def test_every_ordered_pair_agrees_with_dataset_change(ds: DataSet, data: dict[str, Any]) -> None:
    n = len(ds.dates)
    # Every pair up to ALL_PAIRS_MAX dates; past it, consecutive dates only.
    if n <= ALL_PAIRS_MAX:
        wanted = list(itertools.combinations(range(n), 2))
    else:
        wanted = [(i, i + 1) for i in range(n - 1)]
    assert len(data["pairs"]) == len(wanted)
    checked = 0
    for i, j in wanted:
        entry = data["pairs"][pair_key(i, j)]
        for side, s in entry["sides"].items():
            forward = ds.change(side, ds.dates[i], ds.dates[j])
            backward = ds.change(side, ds.dates[j], ds.dates[i])
            assert s["gained_km2"] == pytest.approx(forward.gained_km2, abs=2e-3), (i, j, side)
            assert s["lost_km2"] == pytest.approx(forward.lost_km2, abs=2e-3), (i, j, side)
            # The reverse pair is the same entry with gained and lost swapped.
            assert s["lost_km2"] == pytest.approx(backward.gained_km2, abs=2e-3)
            assert s["gained_km2"] == pytest.approx(backward.lost_km2, abs=2e-3)
            for kind in ("gained", "lost"):
                ref = s[kind]
                if ref == FROM_FACES:  # drawn from the faces that flip between the dates
                    drawn = _faces_km2(data["faces"][side], i, j, kind)
                elif ref < 0:
                    assert s[f"{kind}_km2"] == 0.0
                    continue
                else:
                    drawn = area_km2(
                        shape(
                            decode_geometry(
                                data["change_topology"], data["geoms"][ref], data["topology"]
                            )
                        )
                    )
                # 1 m rounding moves the drawn area by far less than 1 %.
                assert drawn == pytest.approx(s[f"{kind}_km2"], rel=0.01, abs=0.01)
                checked += 1
    assert checked > (50 if n <= ALL_PAIRS_MAX else 10)


def test_step_figures_match_the_change_table(ds: DataSet, data: dict[str, Any]) -> None:
    table = ds.changes()
    for row in table.itertuples(index=False):
        j = data["dates"].index(row.date)
        held = data["states"][j]["areas"].get(row.side, 0.0)
        assert held == pytest.approx(row.area_km2, abs=2e-3)
        if j == 0:
            continue
        s = data["pairs"][pair_key(j - 1, j)]["sides"][row.side]
        assert s["gained_km2"] == pytest.approx(row.gained_km2, abs=2e-3)
        assert s["lost_km2"] == pytest.approx(row.lost_km2, abs=2e-3)


def test_advance_and_front_match_dataset(ds: DataSet, data: dict[str, Any]) -> None:
    for j in range(1, len(ds.dates)):
        adv = ds.advance(ds.dates[j - 1], ds.dates[j])
        stored = data["pairs"][pair_key(j - 1, j)]["advance"]
        if adv is None:
            assert stored is None
        else:
            # Both searches are within their tolerance of the truth (from below).
            assert stored["km"] == pytest.approx(adv.distance_km, abs=stored["tolerance_m"] / 1000)


def test_front_distance_matches_the_ground_drawn_on_the_page(
    ds: DataSet, data: dict[str, Any]
) -> None:
    """The panel's distance is the one from the Russian-held ground the page itself draws."""
    ref = shapely.Point(ds.manifest.reference_point.lon, ds.manifest.reference_point.lat)
    groups = _groups(data["states"])
    measured = 0
    for j in range(len(ds.dates)):
        held = [
            shape(decode_geometry(data["topology"], data["features"][fid]["geometry"]))
            for fid in groups[j].get("control", [])
            if data["features"][fid]["properties"]["side"] == "ru"
        ]
        expected = distance_km(ref, shapely.union_all(held)) if held else None
        shown = data["states"][j]["front"]["to_reference_km"]
        if expected is None:
            assert shown is None
        else:  # coordinates on the page are quantised to about 1 m
            assert shown == pytest.approx(expected, abs=0.005)
            measured += expected > 1.0
    assert measured >= 5  # the front far from the centre on several dates


def test_geometry_is_stored_once_and_referenced(ds: DataSet, data: dict[str, Any]) -> None:
    texts = [
        json.dumps(decode_geometry(data["change_topology"], g, data["topology"]), sort_keys=True)
        for g in data["geoms"]
    ]
    assert len(texts) == len(set(texts))
    used = {
        s[k]
        for entry in data["pairs"].values()
        for s in entry["sides"].values()
        for k in ("gained", "lost")
        if s[k] >= 0
    }
    used |= {f["geom"] for f in data["faces"].values()}  # the faces of any pair
    assert used == set(range(len(data["geoms"])))
    groups = _groups(data["states"])
    for i, day in enumerate(ds.dates):
        state = ds.state(day)
        feats = state.features
        dated_ids = {str(f) for f in feats[feats["date"].notna()]["id"]}  # base layers: undated
        listed = {fid for ids in groups[i].values() for fid in ids}
        assert {f for f in listed if not f.endswith(":head")} == dated_ids
        assert all(fid in data["features"] for fid in listed)
        claims = set(state.features[state.features["claim"]]["id"])
        assert set(groups[i].get("claims", [])) == claims


def test_coordinates_keep_five_decimals(data: dict[str, Any]) -> None:
    values = _coordinates(
        [
            decode_geometry(data["change_topology"], g, data["topology"])["coordinates"]
            for g in data["geoms"]
        ]
    )
    values += _coordinates(
        [
            decode_geometry(data["topology"], f["geometry"])["coordinates"]
            for f in data["features"].values()
        ]
    )
    assert values
    for v in values:
        assert v == round(v, 5)
        assert len(repr(v).split(".")[-1]) <= 5


def test_chart_points_follow_areas(data: dict[str, Any]) -> None:
    chart = build_chart(data["dates"], [s["areas"] for s in data["states"]])
    ru = next(s for s in chart["series"] if s["side"] == "ru")
    # Dates before any control is drawn (events only) have no point.
    held = [
        (d, s) for d, s in zip(data["dates"], data["states"], strict=True) if "ru" in s["areas"]
    ]
    assert [p["date"] for p in ru["points"]] == [d for d, _ in held]
    ys = [p["y"] for p in ru["points"]]
    areas = [s["areas"]["ru"] for _, s in held]
    # More ground held is drawn higher (smaller y).
    for (a1, y1), (a2, y2) in itertools.pairwise(zip(areas, ys, strict=True)):
        if a2 > a1 + 1:
            assert y2 < y1


def test_each_year_is_labelled_at_its_first_date() -> None:
    # 2023 has one early date and a crowd of later ones: its label belongs under 2023-01-16.
    dates = ["2022-07-04", "2022-10-01", "2023-01-16", "2023-09-01", "2024-01-01", "2024-07-08"]
    chart = build_chart(dates, [{"ru": 1.0}] * len(dates))
    for label in chart["xlabels"]:
        first = next(k for k, d in enumerate(dates) if d[:4] == label["label"])
        assert label["i"] == first, label
    # Labels too close to the previous one are left out, never moved to a later date.
    crowded = [f"{y}-{m:02d}-01" for y in (2022, 2023) for m in range(1, 13)] + ["2024-01-01"]
    chart = build_chart(crowded, [{"ru": 1.0}] * len(crowded), ChartGeometry(width=120))
    for label in chart["xlabels"]:
        assert crowded[label["i"]][5:] == "01-01", label


def test_resolve_tiles() -> None:
    assert resolve_tiles(None) is None
    osm = resolve_tiles("OpenStreetMap")
    assert osm is not None and osm["url"].startswith("https://")
    custom = resolve_tiles("https://<b>evil</b>/{z}/{x}/{y}.png")
    assert custom is not None and "<b>" not in custom["attribution"]
    with pytest.raises(ValueError, match="unknown tile provider"):
        resolve_tiles("no such provider at all")


def hostile_dataset(tmp: Path, src: Path | None = None) -> DataSet:
    """A copy of a data set whose every text field carries script payloads."""
    return load_dataset(hostile_copy(src or bundled_data_path(), tmp / "hostile"))


def test_hostile_text_cannot_leave_its_json(tmp_path: Path) -> None:
    page = render_timeline_html(hostile_dataset(tmp_path, MINI))
    scripts = re.findall(r"<script[^>]*>", page)
    # The data, Leaflet and the page's own scripts joined into one (render/assets.py), each
    # packed (render/packed.py), and the plain script that unpacks them: nothing the data opened.
    packed = f'<script type="{PACKED_TYPE}"'
    assert scripts[0] == f'{packed} id="timeline-data" data-packed="json">'
    assert scripts[1:] == [f'{packed} data-packed="script">'] * 2 + ["<script data-unpack>"]
    for payload in PAYLOADS[:2]:
        assert payload not in page
    assert "<img" not in page
    data = read_page_payload(page)
    names = json.dumps(data["features"])
    assert "window.__pwned=1" in names  # the text is kept, only escaped


def test_two_builds_are_byte_identical() -> None:
    ds = load_dataset(MINI)
    first = render_site(ds)
    second = render_site(load_dataset(MINI))
    assert first == second
    assert "index.html" in first and "list.html" in first


def test_site_layout_and_links(tmp_path: Path) -> None:
    ds = load_dataset(MINI)
    export_site(ds, tmp_path)
    timeline = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'id="current-date"' in timeline
    assert 'href="list.html"' in timeline
    assert sorted(p.name for p in (tmp_path / "dates").iterdir()) == [
        f"{day.isoformat()}.html" for day in ds.dates
    ]
    listing = (tmp_path / "list.html").read_text(encoding="utf-8")
    # The installed package's Leaflet (read from it, never quoted here).
    leaflet = load_assets().js[0]
    probe = leaflet.strip().splitlines()[0][:60]
    for day in ds.dates:
        assert f'href="dates/{day.isoformat()}.html"' in listing
        assert f'href="index.html#{day.isoformat()}"' in listing
        page = (tmp_path / "dates" / f"{day.isoformat()}.html").read_text(encoding="utf-8")
        assert 'href="../index.html"' in page
        # Leaflet's script once for every date page, beside them (file:// loads it); its
        # style sheet inline; nothing else linked.
        assert re.findall(r"<script src=\"([^\"]*)\"", page) == ["../assets/leaflet.js"]
        assert "<link " not in page and ".leaflet-pane" in page
        assert probe not in page  # the script not inlined as well
    assert sorted(p.name for p in (tmp_path / "assets").iterdir()) == ["leaflet.js"]
    assert (tmp_path / "assets" / "leaflet.js").read_text(encoding="utf-8") == leaflet
    record = json.loads((tmp_path / RECORD_NAME).read_text(encoding="utf-8"))["files"]
    assert "assets/leaflet.js" in record
    # No CDN, every script inline.
    assert "<script src" not in timeline and "<link " not in timeline
    assert not re.search(r"https?://(unpkg|cdn|code\.jquery)", timeline)


def test_empty_dates_do_not_break_chart() -> None:
    chart = build_chart([], [])
    assert chart["xs"] == [] and chart["series"] == []
    one = build_chart(["2024-01-01"], [{"ru": 3.0}])
    assert len(one["xs"]) == 1


def test_pair_key_rejects_unordered() -> None:
    with pytest.raises(ValueError, match="i < j"):
        pair_key(2, 1)
    assert pair_key(0, 1) == "0-1"


def _one_date_set(root: Path, name: str, ru: Any, day: str = "2024-01-01") -> DataSet:
    root.mkdir(parents=True)
    shutil.copy(MINI / "manifest.json", root / "manifest.json")
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": f"{name}-ru",
                "properties": {
                    "layer": "control",
                    "side": "ru",
                    "status": "assessed",
                    "date": day,
                    "source": name,
                    "source_date": day,
                },
                "geometry": shapely.geometry.mapping(ru),
            }
        ],
    }
    (root / "control.geojson").write_text(json.dumps(doc), encoding="utf-8")
    return load_dataset(root)


def test_against_another_source_measures_where_they_disagree(tmp_path: Path) -> None:
    a_geom = shapely.box(38.15, 48.82, 38.19, 48.90)
    b_geom = shapely.box(38.17, 48.82, 38.195, 48.90)
    a = _one_date_set(tmp_path / "a", "Source A", a_geom)
    b = _one_date_set(tmp_path / "b", "Source B", b_geom, day="2023-12-30")
    data = build_timeline_data(a, against=b)
    entry = data["states"][0]["against"]
    assert entry["date"] == "2023-12-30"  # B's latest snapshot on or before A's date
    ru = entry["sides"]["ru"]
    assert ru["a_only_km2"] == pytest.approx(area_km2(a_geom.difference(b_geom)), abs=2e-3)
    assert ru["b_only_km2"] == pytest.approx(area_km2(b_geom.difference(a_geom)), abs=2e-3)
    assert ru["agree_km2"] == pytest.approx(area_km2(a_geom.intersection(b_geom)), abs=2e-3)
    drawn = shape(
        decode_geometry(data["change_topology"], data["geoms"][ru["a_only"]], data["topology"])
    )
    assert drawn.symmetric_difference(a_geom.difference(b_geom)).area < 1e-9
    assert data["against"]["title"] == b.manifest.title
    # A date before the other source's first snapshot has nothing to compare with.
    late = _one_date_set(tmp_path / "late", "Late", b_geom, day="2024-06-01")
    assert build_timeline_data(a, against=late)["states"][0]["against"] is None


def test_build_against_writes_the_disagreement(tmp_path: Path) -> None:
    from siversk_map.cli import main

    a = _one_date_set(tmp_path / "a", "Source A", shapely.box(38.15, 48.82, 38.19, 48.90))
    _one_date_set(tmp_path / "b", "Source B", shapely.box(38.17, 48.82, 38.195, 48.90))
    out = tmp_path / "site"
    code = main(
        [
            "build",
            "--data",
            str(a.root),
            "--against",
            str(tmp_path / "b"),
            "--out",
            str(out),
            "--pages",
            "timeline",
            "-q",
        ]
    )
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [".siversk-map-outputs.json", "index.html"]
    page = (out / "index.html").read_text(encoding="utf-8")
    data = read_page_payload(page)
    assert data["against"]["title"] == "Mini test set"
    ru = data["states"][0]["against"]["sides"]["ru"]
    assert ru["a_only_km2"] > 0 and ru["b_only_km2"] > 0
    assert "Other source: outline of held ground" in page


def test_bundled_timeline_page_is_at_most_one_megabyte(ds: DataSet) -> None:
    # Issue 11's limit: the whole page, Leaflet and the base map included, at most 1.0 MB.
    page = render_timeline_html(ds).encode("utf-8")
    assert len(page) <= 1_000_000, f"{len(page) / 1e6:.3f} MB"


def test_labels_put_the_main_town_first_and_follow_scale(data: dict[str, Any]) -> None:
    labels = data["labels"]
    assert labels[0]["text"] == "Siversk" and labels[0]["kind"] == "main"
    assert labels[0]["z"] == 0
    kinds = {label["kind"] for label in labels}
    assert {"main", "village", "river", "street"} <= kinds
    by_kind = {label["kind"]: label["z"] for label in labels}
    assert by_kind["village"] >= 11 and by_kind["street"] >= 14
    places = [label["text"] for label in labels if label["kind"] in ("town", "village", "city")]
    assert len(places) == len(set(places)) >= 15


def test_lang_uk_switches_labels_and_interface(ds: DataSet) -> None:
    page = render_timeline_html(ds, lang="uk")
    data = read_page_payload(page)
    assert data["labels"][0]["text"] == "Сіверськ"
    assert data["strings"]["Play"] == "Відтворити"
    assert '<html lang="uk">' in page and "Умовні позначення" in page
    english = render_timeline_html(ds)
    assert '<html lang="en">' in english and "Умовні позначення" not in english


def test_osm_credit_and_river_name_come_from_the_manifest(ds: DataSet) -> None:
    page = render_timeline_html(ds)
    assert ds.manifest.base_attribution == "© OpenStreetMap contributors"
    assert read_page_payload(page)["base_attribution"] == "© OpenStreetMap contributors"
    assert f"{ds.manifest.river_name} (river line)" in page


def test_date_entries_refuse_a_state_not_composed_from_the_table(ds: DataSet) -> None:
    import dataclasses

    from siversk_map.render.timeline_geometry import add_features, dated_geometry
    from siversk_map.render.timeline_states import date_entries

    states = [ds.state(day) for day in ds.dates[:2]]
    geo = dated_geometry(ds, states, features=False)
    add_features(geo)
    assert len(date_entries(ds, states, geo)) == 2
    by_hand = dataclasses.replace(states[1], rows=())
    with pytest.raises(ValueError, match=ds.dates[1].isoformat()):
        date_entries(ds, [states[0], by_hand], geo)


def test_faces_looked_at_again_only_near_a_dates_changes_hold_as_every_date_says(
    ds: DataSet,
) -> None:
    import numpy as np

    from siversk_map.render.timeline_geometry import _membership, dated_geometry

    geo = dated_geometry(ds, [ds.state(day) for day in ds.dates], features=False)
    topo = geo.topology
    held = [geo.held[d].get("ru") for d in range(len(ds.dates))]
    parity = [topo.parity(k) for k in held]
    odd = [a ^ b for a, b in itertools.pairwise([set(), *parity])]
    lines = topo._lines(sorted(set().union(*odd)))
    noded = shapely.node(shapely.MultiLineString(list(lines)))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    points = shapely.point_on_surface(faces)
    px, py = shapely.get_x(points), shapely.get_y(points)
    found = _membership(topo, held, odd, px, py)
    # Every date asked whole: the same answer for every face on every date.
    whole = np.zeros_like(found)
    for d, k in enumerate(held):
        if k is not None:
            whole[:, d] = shapely.contains_xy(topo.geometries[k], px, py)
    assert len(faces) > 100 and found.any(axis=1).sum() > 50
    assert (found == whole).all()
