"""The static snapshot's text, read from its SVG (pixel baselines are too loose to see text).

The SVG keeps every text as an editable ``<text>`` element (not glyph outlines): the title's
date and the legend's entries can be checked exactly.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import matplotlib.text
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from siversk_map import load_dataset
from siversk_map.dataset import DataSet
from siversk_map.export.snapshot import render_snapshot_bytes
from siversk_map.export.static import SIDE_LABELS


@pytest.fixture(scope="module")
def ds() -> DataSet:
    return load_dataset()


def _texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_the_title_shows_the_date_drawn(ds: DataSet) -> None:
    for day in (ds.dates[-1], ds.dates[-3]):
        texts = _texts(render_snapshot_bytes(ds, day, "svg", size=(800, 600), dpi=72))
        assert day.isoformat() in texts, texts[-6:]
        others = {d.isoformat() for d in ds.dates} - {day.isoformat()}
        assert not others & set(texts)  # no other date stands alone as the title


def test_a_compare_title_names_both_dates(ds: DataSet) -> None:
    a, b = ds.dates[-4], ds.dates[-1]
    texts = _texts(render_snapshot_bytes(ds, b, "svg", size=(800, 600), dpi=72, compare=a))
    assert f"{a.isoformat()} vs {b.isoformat()}" in texts


def test_the_legend_names_every_side_and_the_change_layers(ds: DataSet) -> None:
    texts = _texts(render_snapshot_bytes(ds, ds.dates[-1], "svg", size=(800, 600), dpi=72))
    for label in SIDE_LABELS.values():
        assert label in texts, label
    assert any(t.startswith("Russian gain") for t in texts)
    assert any(t.startswith("Russian loss") for t in texts)
    assert any(t.startswith("Front line") for t in texts)
    assert any(t.startswith("Axis of advance") for t in texts)


@pytest.mark.parametrize("size", [(1600, 1200), (1200, 900)])
def test_every_text_of_a_busy_comparison_is_inside_the_figure(
    ds: DataSet, size: tuple[int, int]
) -> None:
    """Many sources and a long claim check: every text's extent lies inside the figure (the
    sources footer ran off its foot, and a figure line past its right edge, before)."""
    import matplotlib.pyplot as plt

    from siversk_map.export.static import render_snapshot
    from siversk_map.export.static_style import SnapshotStyle

    fig = render_snapshot(
        ds, "2025-12-16", compare="2025-11-25", style=SnapshotStyle(width=size[0], height=size[1])
    )
    try:
        fig.canvas.draw()  # legends place their texts when drawn
        canvas = fig.canvas
        assert isinstance(canvas, FigureCanvasAgg)  # plt.figure on the Agg backend
        renderer = canvas.get_renderer()
        frame = fig.bbox
        texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]
        assert len(texts) > 20
        for t in texts:
            box = t.get_window_extent(renderer)
            inside = (
                box.x0 >= frame.x0 - 1
                and box.x1 <= frame.x1 + 1
                and box.y0 >= frame.y0 - 1
                and box.y1 <= frame.y1 + 1
            )
            assert inside, (t.get_text()[:60], box.bounds, frame.bounds)
    finally:
        plt.close(fig)
