"""The timeline's "Export PNG" button: the current view as a PNG, made in the browser offline."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from siversk_map.render.packed import UNPACKED_JS

from .browser import OfflinePage

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(bundled_site: Path) -> Path:
    return bundled_site


def test_export_png_draws_the_map_and_downloads(
    site: Path, offline_page: OfflinePage, tmp_path: Path
) -> None:
    page = offline_page.page
    offline_page.goto((site / "index.html").as_uri() + "#2025-12-13")
    page.wait_for_function("() => window.SiverskTimeline")
    url = page.evaluate("() => window.SiverskTimeline.exportPng.toDataURL(1)")
    assert url.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGB")
    pixels = np.asarray(image, dtype=np.int16).reshape(-1, 3)
    reddish = ((pixels[:, 0] > 200) & (pixels[:, 1] < 200) & (pixels[:, 2] < 200)).mean()
    bluish = ((pixels[:, 2] > 180) & (pixels[:, 0] < 200)).mean()
    assert reddish > 0.05, "Russian-held ground is not drawn"
    assert bluish > 0.05, "Ukrainian-held ground is not drawn"
    with page.expect_download() as info:
        page.click("#tl-export-png")
    download = info.value
    assert download.suggested_filename == "siversk_2025-12-13.png"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"\x89PNG")
    assert offline_page.errors == []


def test_export_png_is_a_finished_image(site: Path, offline_page: OfflinePage) -> None:
    page = offline_page.page
    offline_page.goto((site / "index.html").as_uri() + "#2025-12-13")
    page.wait_for_function("() => window.SiverskTimeline")
    got = page.evaluate("() => window.SiverskTimeline.exportPng.describe(1)")
    texts = got["texts"]
    title = page.evaluate("() => window.SiverskTimeline.data.title")
    assert title.startswith(texts[texts.index("2025-12-13") - 1])  # the title, then the date
    assert "© OpenStreetMap contributors" in texts  # from the manifest
    assert any(t.startswith("Data: ") for t in texts)
    assert any(t.endswith((" km", " m")) for t in texts)  # the scale bar
    legend = page.evaluate(
        "() => Array.from(document.querySelectorAll('.sm-legend .sm-key'))"
        ".map(k => k.textContent.trim())"
    )
    assert legend and all(any(label.startswith(t) for t in texts) for label in legend[:4])
    # Title above the map, legend and credits below it: the image is taller than the map.
    assert got["height"] > got["map"]["top"] + got["map"]["height"] + 40
    assert offline_page.errors == []


def test_export_png_stays_on_phones(site: Path, chromium: Any) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, offline=True)
    try:
        page = context.new_page()
        page.goto((site / "index.html").as_uri() + "#2025-12-13")
        page.wait_for_load_state("load")
        page.wait_for_function(UNPACKED_JS)
        assert page.is_visible("#tl-export-png")
    finally:
        context.close()


def test_browser_snapshot_is_a_finished_picture(offline_page: OfflinePage, tmp_path: Path) -> None:
    from siversk_map import load_dataset
    from siversk_map.export.browser import FINISH_JS
    from siversk_map.render.page import render_date_map

    html = render_date_map(load_dataset(), "2025-12-13").get_root().render()
    target = tmp_path / "page.html"
    target.write_text(html, encoding="utf-8")
    page = offline_page.page
    page.set_viewport_size({"width": 1200, "height": 800})
    offline_page.goto(target.as_uri())
    page.evaluate(FINISH_JS)
    page.wait_for_timeout(200)
    for hidden in (".leaflet-control-zoom", ".leaflet-control-layers", ".sm-title nav"):
        assert not page.is_visible(hidden), hidden
    got = page.evaluate(
        """() => {
        const r = (n) => { const b = n.getBoundingClientRect();
          return [b.left, b.top, b.right, b.bottom]; };
        const map = document.querySelector('.leaflet-container');
        return { map: r(map),
          boxes: Array.from(document.querySelectorAll('.sm-box')).map(r),
          labels: Array.from(document.querySelectorAll('.sm-lbl-text'))
            .filter((n) => n.closest('.sm-lbl').style.visibility !== 'hidden').map(r) };
    }"""
    )
    x0, y0, x1, y1 = got["map"]
    assert x0 == 0 and y0 == 0 and x1 > 700 and y1 > 500  # the map from the edge: no strip
    assert len(got["boxes"]) >= 3 and len(got["labels"]) >= 4

    def overlap(a: list[float], b: list[float]) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    for box in got["boxes"]:
        assert not overlap(box, got["map"]), box  # no info box over the map
    assert offline_page.errors == []
