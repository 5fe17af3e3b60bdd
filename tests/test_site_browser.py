"""The per-date pages in headless Chromium with the network off."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import OfflinePage, map_is_drawn

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(bundled_site: Path) -> Path:
    return bundled_site


def test_every_date_page_draws_offline_without_errors(
    site: Path, offline_page: OfflinePage
) -> None:
    pages = sorted((site / "dates").glob("*.html"))
    assert len(pages) >= 12
    for page in pages:
        offline_page.goto(page.as_uri())
        assert map_is_drawn(offline_page.page), page.name
        shown = offline_page.page.inner_text("#current-date")
        assert shown == page.stem
    assert offline_page.errors == []
    assert offline_page.blocked == []


def test_popup_shows_source_and_status(site: Path, offline_page: OfflinePage) -> None:
    offline_page.goto((site / "dates" / "2025-12-10.html").as_uri())
    page = offline_page.page
    # An event marker: click it and read its popup.
    markers = page.locator("path.leaflet-interactive[fill='#ef6c00']")
    assert markers.count() >= 1
    markers.first.click(force=True)
    popup = page.locator(".sm-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "Source:" in text
    assert "reported" in text
    assert offline_page.errors == []


def test_screenshot_is_not_blank(site: Path, offline_page: OfflinePage, tmp_path: Path) -> None:
    # A December 2025 date page (the dates come from the data set).
    page = sorted((site / "dates").glob("2025-12-1*.html"))[0]
    offline_page.goto(page.as_uri())
    shot = tmp_path / "shot.png"
    offline_page.page.screenshot(path=str(shot))
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 50  # a blank page has a handful of colours


@pytest.mark.parametrize("size", [(1400, 900), (1280, 720), (1024, 640)])
def test_no_box_covers_another(
    site: Path, offline_page: OfflinePage, size: tuple[int, int]
) -> None:
    """The title, figures, legend and notes boxes of a busy date never overlap on a screen."""
    page = offline_page.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    offline_page.goto((site / "dates" / "2025-12-23.html").as_uri())
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.sm-box'))
          .filter((el) => el.offsetParent !== null)
          .map((el) => { const r = el.getBoundingClientRect();
            return [el.className, r.left, r.top, r.right, r.bottom]; })"""
    )
    assert len(boxes) >= 3, boxes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2]
            assert apart, (size, a, b)
