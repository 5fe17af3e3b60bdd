"""The per-date pages in headless Chromium with the network off."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import map_is_drawn

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(bundled_site: Path) -> Path:
    return bundled_site


def test_every_date_page_draws_offline_without_errors(site: Path, offline_page) -> None:
    pages = sorted((site / "dates").glob("*.html"))
    assert len(pages) >= 12
    for page in pages:
        offline_page.goto(page.as_uri())
        assert map_is_drawn(offline_page.page), page.name
        shown = offline_page.page.inner_text("#current-date")
        assert shown == page.stem
    assert offline_page.errors == []
    assert offline_page.blocked == []


def test_popup_shows_source_and_status(site: Path, offline_page) -> None:
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


def test_screenshot_is_not_blank(site: Path, offline_page, tmp_path: Path) -> None:
    # A December 2025 date page (the dates come from the data set).
    page = sorted((site / "dates").glob("2025-12-1*.html"))[0]
    offline_page.goto(page.as_uri())
    shot = tmp_path / "shot.png"
    offline_page.page.screenshot(path=str(shot))
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 50  # a blank page has a handful of colours
