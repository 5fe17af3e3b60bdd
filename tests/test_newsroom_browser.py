"""What a reader of the timeline meets: zone hovers, the layer list, dates not in the data,
phones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from siversk_map.render.packed import UNPACKED_JS

from .browser import OfflinePage

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(bundled_site: Path) -> Path:
    return bundled_site


def _open(offline_page: OfflinePage, site: Path, hash_: str) -> None:
    offline_page.goto((site / "index.html").as_uri() + hash_)
    offline_page.page.wait_for_function("() => window.SiverskTimeline")
    offline_page.page.wait_for_timeout(300)


def test_hovering_a_zone_says_whose_how_known_and_since_when(
    site: Path, offline_page: OfflinePage
) -> None:
    _open(offline_page, site, "#2025-12-16")
    texts = offline_page.page.evaluate(
        """() => {
        const map = window.SiverskTimeline.views().main.map;
        const out = [];
        map.eachLayer((l) => {
          const p = l.feature && l.feature.properties;
          if (p && p.layer === 'control' && l.getTooltip && l.getTooltip()) {
            l.openTooltip(l.getBounds().getCenter());
            out.push(l.getTooltip().getElement().textContent);
            l.closeTooltip();
          }
        });
        return out;
    }"""
    )
    assert texts, "no control zone drawn"
    assert "Russian-held, assessed, since 2025-12-16" in texts, texts
    assert "Control" not in texts


def test_other_source_is_not_listed_without_one(site: Path, offline_page: OfflinePage) -> None:
    _open(offline_page, site, "#2025-12-16")
    listed = offline_page.page.evaluate(
        "() => document.querySelector('.leaflet-control-layers').textContent"
    )
    assert "Front line" in listed
    assert "Other source" not in listed


def test_a_date_not_in_the_data_is_said_on_the_page(site: Path, offline_page: OfflinePage) -> None:
    page = offline_page.page
    _open(offline_page, site, "#2025-12-15")
    assert page.text_content("#current-date") == "2025-12-14"
    assert page.is_visible("#tl-asked")
    note = page.text_content("#tl-asked")
    assert "2025-12-15" in note and "2025-12-14" in note and "nearest earlier" in note
    page.click("#tl-next")  # moving on: the note goes
    page.wait_for_timeout(100)
    assert not page.is_visible("#tl-asked")
    _open(offline_page, site, "#2025-12-16")  # a date of the data: nothing to say
    assert not page.is_visible("#tl-asked")


def test_title_whole_and_attribution_visible_on_a_phone(site: Path, chromium: Any) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, offline=True)
    try:
        page = context.new_page()
        page.goto((site / "index.html").as_uri() + "#2025-12-13")
        page.wait_for_load_state("load")
        page.wait_for_function(UNPACKED_JS)
        page.wait_for_timeout(300)
        got = page.evaluate(
            """() => { const h = document.querySelector('.tl-title');
            const r = h.getBoundingClientRect();
            return { scroll: h.scrollWidth, client: h.clientWidth, right: r.right }; }"""
        )
        assert got["scroll"] <= got["client"] + 1 and got["right"] <= 390, got
        assert page.is_visible(".tl-credit")
        credit = page.locator(".tl-credit").bounding_box()
        assert credit and credit["y"] + credit["height"] <= 844 and credit["x"] >= 0
    finally:
        context.close()
