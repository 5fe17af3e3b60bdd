"""The packed timeline page in headless Chromium, network off: it unpacks, runs and draws."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from siversk_map.render.packed import UNPACKED_JS, read_page_payload

from .browser import OfflinePage

pytestmark = pytest.mark.browser


def test_the_packed_page_unpacks_and_draws_offline(
    bundled_site: Path, offline_page: OfflinePage
) -> None:
    index = bundled_site / "index.html"
    offline_page.goto(index.as_uri())  # waits for data-unpacking to clear
    page = offline_page.page
    got = page.evaluate(
        """() => ({
        global: typeof window.SiverskTimeline,
        failed: document.documentElement.hasAttribute('data-unpack-failed'),
        packedLeft: document.querySelectorAll('script[data-packed]').length,
        type: document.getElementById('timeline-data').type,
        data: JSON.parse(document.getElementById('timeline-data').textContent),
        note: document.getElementById('sm-unpack-note').hidden,
    })"""
    )
    assert got["global"] == "object" and not got["failed"] and got["packedLeft"] == 0
    assert got["type"] == "application/json" and got["note"] is True
    # The page reads the data Python reads from the same file.
    assert got["data"] == read_page_payload(index.read_text(encoding="utf-8"))
    page.wait_for_function(
        "() => document.querySelectorAll('#tl-map .leaflet-pane svg path').length > 3"
    )
    assert offline_page.errors == [] and offline_page.blocked == []


def _open_without(offline_page: OfflinePage, url: str, init: str) -> Any:
    page = offline_page.page
    page.add_init_script(init)
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_function(UNPACKED_JS)
    return page


def test_a_browser_without_decompression_gets_a_note_and_the_static_page(
    bundled_site: Path, offline_page: OfflinePage
) -> None:
    url = (bundled_site / "index.html").as_uri()
    page = _open_without(offline_page, url, "delete window.DecompressionStream;")
    assert page.evaluate("() => document.documentElement.hasAttribute('data-unpack-failed')")
    assert page.is_visible("#sm-unpack-note")
    assert "DecompressionStream" in page.inner_text("#sm-unpack-note")
    assert page.evaluate("() => typeof window.SiverskTimeline") == "undefined"
    # The title, the area chart, the legend and the sources stay readable.
    assert page.is_visible(".tl-title") and page.is_visible(".tl-legend")
    assert page.is_visible("#tl-chart") and page.is_visible(".tl-about")
    assert offline_page.errors == []


def test_a_damaged_payload_fails_with_the_note_not_a_half_page(
    bundled_site: Path, tmp_path: Path, offline_page: OfflinePage
) -> None:
    html = (bundled_site / "index.html").read_text(encoding="utf-8")
    start = html.index('id="timeline-data" data-packed="json">') + 100
    damaged = html[:start] + ("0" if html[start] != "0" else "1") + html[start + 1 :]
    target = tmp_path / "damaged.html"
    target.write_text(damaged, encoding="utf-8")
    page = _open_without(offline_page, target.as_uri(), "")
    assert page.evaluate("() => document.documentElement.hasAttribute('data-unpack-failed')")
    assert page.is_visible("#sm-unpack-note")
    assert page.evaluate("() => typeof window.SiverskTimeline") == "undefined"
    assert any("could not unpack" in e for e in offline_page.errors)
