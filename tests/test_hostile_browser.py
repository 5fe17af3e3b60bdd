"""Hostile text in every text field never runs in the per-date pages (real browser).

Payloads go into feature names, Ukrainian names, sources, notes, summaries, URLs and the
manifest's title, attribution, facts and precision note; the pages are opened in headless
Chromium with ``alert`` overridden and a canary the payloads would set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from siversk_map import bundled_data_path, load_dataset
from siversk_map.export.html import export_site

from .browser import GUARD, OfflinePage
from .hostile import hostile_copy

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    data = hostile_copy(bundled_data_path(), root / "data")
    out = root / "site"
    export_site(load_dataset(data), out)
    return out


def test_no_payload_runs_in_any_date_page(hostile_site: Path, offline_page: OfflinePage) -> None:
    page = offline_page.page
    page.add_init_script(GUARD)
    pages = sorted((hostile_site / "dates").glob("*.html"))
    assert pages
    opened = 0
    for path in pages:
        offline_page.goto(path.as_uri())
        # Open every popup and tooltip: they are where folium would use innerHTML.
        count = page.evaluate("() => document.querySelectorAll('path.leaflet-interactive').length")
        for i in range(min(count, 40)):
            page.evaluate(
                """(i) => { const el = document.querySelectorAll('path.leaflet-interactive')[i];
                            el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
                            el.dispatchEvent(new MouseEvent('click', {bubbles: true})); }""",
                i,
            )
            opened += 1
        assert page.evaluate("() => window.__pwned") is None, path.name
        assert page.evaluate("() => window.__alerts") == 0, path.name
        assert (
            page.evaluate("() => document.querySelectorAll('img[src=\"x\"], svg[onload]').length")
            == 0
        )
        text = page.inner_text("body")
        assert "<img src=x onerror=window.__pwned=1>" in text, path.name
        # The base map's labels carry the payloads as text too.
        labels = page.evaluate(
            "() => Array.from(document.querySelectorAll('.sm-lbl-text')).map(n => n.textContent)"
        )
        assert any("onerror=window.__pwned" in label for label in labels), path.name
    assert opened > 50
    index = hostile_site / "index.html"
    offline_page.goto(index.as_uri())
    assert page.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => window.__alerts") == 0
    # No link other than http(s) and the page's own.
    links = "() => [...document.querySelectorAll('a')].filter(a => !/^(https?|file):/.test(a.href))"
    assert page.evaluate(links + ".length") == 0


def test_no_payload_runs_in_the_list_of_dates(
    hostile_site: Path, offline_page: OfflinePage
) -> None:
    """``list.html`` shows every date's events and figures: its text is data too."""
    page = offline_page.page
    page.add_init_script(GUARD)
    offline_page.goto((hostile_site / "list.html").as_uri())
    assert page.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => window.__alerts") == 0
    planted = "() => document.querySelectorAll('img[src=\"x\"], svg[onload]').length"
    assert page.evaluate(planted) == 0
    scripts = page.evaluate("() => document.querySelectorAll('script').length")
    assert scripts == 0, "list.html is plain HTML: any script in it came from the data"
    # The payloads are shown as text (so the page did hold them), not run.
    assert "<img src=x onerror=window.__pwned=1>" in page.inner_text("body")
    links = "() => [...document.querySelectorAll('a')].filter(a => !/^(https?|file):/.test(a.href))"
    assert page.evaluate(links + ".length") == 0
