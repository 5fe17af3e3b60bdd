"""Labels of the base map: which place is the main town, order, language, and placement on paper."""

from __future__ import annotations

import geopandas as gpd
import matplotlib.pyplot as plt
import pytest
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Annotation

from siversk_map import load_dataset
from siversk_map.cartography import compute_labels, main_place
from siversk_map.export.base import utm_crs
from siversk_map.export.static import render_snapshot
from siversk_map.model import ReferencePoint

REF = ReferencePoint("Town centre", 36.20, 47.66)


def _places(rows: list[dict]) -> gpd.GeoDataFrame:
    columns = ("id", "layer", "kind", "name", "name_uk", "name_en", "population", "geometry")
    full = [{k: r.get(k) for k in columns} | {"layer": r.get("layer", "settlement")} for r in rows]
    if not full:
        return gpd.GeoDataFrame(
            {k: [] for k in columns if k != "geometry"}, geometry=[], crs="OGC:CRS84"
        )
    return gpd.GeoDataFrame(full, geometry="geometry", crs="OGC:CRS84")


def test_the_place_at_the_reference_point_is_the_main_town_even_beside_a_city() -> None:
    places = _places(
        [
            {
                "id": "city",
                "kind": "city",
                "name": "Big",
                "population": 100_000,
                "geometry": shapely.Point(36.40, 47.70),
            },
            {
                "id": "town",
                "kind": "town",
                "name": "Small",
                "population": 5_000,
                "geometry": shapely.Point(36.205, 47.661),
            },
        ]
    )
    assert main_place(places, REF) == "town"
    nearby = ReferencePoint("Between", 36.32, 47.75)  # 8 km from Big, 13 km from Small
    assert main_place(places, nearby) == "city"  # nothing at the point: the largest near it
    far = ReferencePoint("Nowhere", 35.0, 46.0)  # 190 km away: no place stands for it
    assert main_place(places, far) is None
    labels = compute_labels(places, far)
    assert (labels[0].text, labels[0].kind) == ("Nowhere", "reference")
    area = _places(
        [
            {
                "id": "area",
                "kind": "village",
                "name": "Around",
                "geometry": shapely.Point(36.2, 47.66).buffer(0.05),
            }
        ]
    )
    assert main_place(pd_concat(places, area), REF) == "area"  # an area holding the point wins


def pd_concat(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        [*a.to_dict("records"), *b.to_dict("records")], geometry="geometry", crs=a.crs
    )


def test_labels_come_in_priority_order_and_in_the_language_asked() -> None:
    base = _places(
        [
            {
                "id": "v",
                "kind": "village",
                "name": "Vil",
                "name_uk": "Віл",
                "geometry": shapely.Point(36.1, 47.6),
            },
            {
                "id": "t",
                "kind": "town",
                "name": "Tow",
                "name_uk": "Тов",
                "population": 900,
                "geometry": shapely.Point(36.205, 47.66),
            },
            {
                "id": "c",
                "kind": "city",
                "name": "Cit",
                "population": 50_000,
                "geometry": shapely.Point(36.4, 47.7),
            },
            {
                "id": "r",
                "layer": "river",
                "kind": "river",
                "name": "Riv",
                "geometry": shapely.LineString([(36.0, 47.6), (36.4, 47.7)]),
            },
        ]
    )
    labels = compute_labels(base, REF)
    assert [(lb.text, lb.kind) for lb in labels] == [
        ("Tow", "main"),
        ("Cit", "city"),
        ("Vil", "village"),
        ("Riv", "river"),
        ("Riv", "river"),
        ("Riv", "river"),
        ("Riv", "river"),
        ("Riv", "river"),
    ]
    assert [lb.text for lb in compute_labels(base, REF, "uk")][:3] == ["Тов", "Cit", "Віл"]
    with pytest.raises(ValueError, match="unknown language"):
        compute_labels(base, REF, "fr")


def test_without_places_the_reference_point_is_named_plainly() -> None:
    labels = compute_labels(_places([]), REF)
    assert [(lb.text, lb.kind) for lb in labels] == [("Town centre", "reference")]


def test_static_labels_stay_inside_the_map_and_never_overlap() -> None:
    ds = load_dataset()
    fig = render_snapshot(ds, ds.dates[-1])
    try:
        canvas = fig.canvas
        assert isinstance(canvas, FigureCanvasAgg)  # plt.figure on the Agg backend
        renderer = canvas.get_renderer()
        maps = [ax for ax in fig.axes if ax.get_aspect() == 1.0]
        assert maps
        for ax in maps:
            frame = ax.get_window_extent(renderer)
            labels = [a for a in ax.texts if isinstance(a, Annotation) and a.get_zorder() == 8]
            assert any(a.get_text() == "SIVERSK" for a in labels)
            boxes = [a.get_window_extent(renderer) for a in labels]
            for box in boxes:
                assert frame.x0 <= box.x0 and box.x1 <= frame.x1, box
                assert frame.y0 <= box.y0 and box.y1 <= frame.y1, box
            for k, a in enumerate(boxes):
                assert not any(a.overlaps(b) for b in boxes[k + 1 :])
    finally:
        plt.close(fig)


def test_maps_are_drawn_in_the_utm_zone_of_their_area() -> None:
    assert utm_crs(38.1, 48.9) == "EPSG:32637"
    assert utm_crs(30.5, 50.45) == "EPSG:32636"
    assert utm_crs(-70.0, -33.0) == "EPSG:32719"
