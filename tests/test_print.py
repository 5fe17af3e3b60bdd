"""Print presets, editable SVG with named layer groups, and comparisons numbered once."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.artist import Artist
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from siversk_map import DataSet, load_dataset
from siversk_map.export.presets import PRESETS, render_print
from siversk_map.export.snapshot import render_snapshot_bytes
from siversk_map.export.static import render_snapshot

from .conftest import Run


@pytest.fixture(scope="module")
def ds() -> DataSet:
    return load_dataset()


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_text_of_a_preset_is_at_least_its_smallest_size(ds: DataSet, name: str) -> None:
    preset = PRESETS[name]
    fig = render_print(ds, "2025-12-16", preset)
    try:
        w, h = fig.get_size_inches()
        assert (round(w * 25.4, 1), round(h * 25.4, 1)) == (preset.width_mm, preset.height_mm)
        texts = [t for t in fig.findobj(Text) if isinstance(t, Text) and t.get_text().strip()]
        assert len(texts) > 20
        small = [(t.get_text()[:30], float(t.get_fontsize())) for t in texts]
        small = [s for s in small if s[1] < preset.min_pt]
        assert not small, small
        assert any("©" in t.get_text() for t in texts)
    finally:
        plt.close(fig)


def test_column_preset_is_stated(ds: DataSet) -> None:
    assert PRESETS["column"].min_pt >= 7


def test_svg_has_editable_text_and_one_group_per_layer(ds: DataSet) -> None:
    svg = render_snapshot_bytes(ds, "2025-12-16", "svg", preset="column").decode("utf-8")
    assert svg.count("<text") > 20
    assert "SIVERSK" in svg and "© OpenStreetMap contributors" in svg
    ids = re.findall(r'<g id="([^"]+)"', svg)
    for layer in ("control-ru", "control-ua", "front-line", "labels", "legend", "title", "events"):
        assert ids.count(layer) == 1, (layer, ids)
    # The default snapshot too, and svg.fonttype is set only around the save.
    import matplotlib

    before = matplotlib.rcParams["svg.fonttype"]
    assert "<text" in render_snapshot_bytes(ds, "2025-12-16", "svg").decode("utf-8")
    assert matplotlib.rcParams["svg.fonttype"] == before


def _box(artist: Artist, renderer: RendererBase) -> Bbox:
    return artist.get_window_extent(renderer)


def _renderer(fig: Figure) -> RendererAgg:
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)  # plt.figure on the Agg backend
    renderer: RendererAgg = canvas.get_renderer()
    return renderer


def _label_boxes(fig: Figure) -> list[Bbox]:
    renderer = _renderer(fig)
    out = []
    for ax in fig.get_axes():
        for child in ax.get_children():
            if getattr(child, "_siversk_layer", None) == "labels" and isinstance(child, Text):
                out.append(_box(child, renderer))
    return out


def test_compare_numbers_events_once_and_lists_each_once(ds: DataSet) -> None:
    fig = render_snapshot(ds, "2025-12-16", compare="2025-11-25")
    try:
        numbers = []
        listing = ""
        for ax in fig.get_axes():
            for child in ax.get_children():
                if getattr(child, "_siversk_layer", None) == "events" and isinstance(child, Text):
                    numbers.append(child.get_text())
        for text in fig.texts:
            if text.get_gid() == "events-list":
                listing = text.get_text()
        assert len(numbers) == len(set(numbers)) >= 2, numbers  # one number per event
        for n in numbers:
            assert len(re.findall(rf"^{n}\. ", listing, flags=re.M)) == 1, (n, listing)
    finally:
        plt.close(fig)


def test_measure_label_covers_no_place_label(ds: DataSet) -> None:
    measured = ds.table[ds.table["layer"] == "measure"]
    day = str(max(measured["date"]))
    fig = render_snapshot(ds, day, compare=str(ds.dates[0]))
    try:
        renderer = _renderer(fig)
        labels = _label_boxes(fig)
        found = 0
        for ax in fig.get_axes():
            for child in ax.get_children():
                if getattr(child, "_siversk_layer", None) == "measures" and isinstance(child, Text):
                    found += 1
                    box = _box(child, renderer)
                    assert not any(box.overlaps(other) for other in labels)
        assert found
    finally:
        plt.close(fig)


def test_cli_preset(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "c.png"
    code, _, err = run("snapshot", "2025-12-16", "--preset", "column", "--out", str(out))
    assert code == 0, err
    from PIL import Image

    with Image.open(out) as image:
        got, want = image.size, PRESETS["column"].pixels
        assert all(abs(a - b) <= 1 for a, b in zip(got, want, strict=True)), (got, want)
