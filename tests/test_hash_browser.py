"""The timeline page's address: a malformed escape after ``#`` must not stop its set-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import OfflinePage
from .test_timeline_browser import _open, _shown, map_is_drawn

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("fragment", ["#%E0%A4%A", "#%", "#2025-12-13%ZZ", "#%uD800"])
def test_malformed_hash_leaves_the_page_working(
    bundled_site: Path, offline_page: OfflinePage, fragment: str
) -> None:
    page = _open(offline_page, bundled_site, fragment)
    assert offline_page.errors == []
    assert map_is_drawn(page)
    last = _shown(page)  # the last date: the hash was not read as one
    page.keyboard.press("Home")
    page.wait_for_function(
        "(d) => document.getElementById('current-date').textContent !== d", arg=last
    )
    # Typing a good address afterwards still works.
    page.evaluate("() => { location.hash = '#2025-12-13'; }")
    page.wait_for_function(
        "() => document.getElementById('current-date').textContent === '2025-12-13'"
    )


def test_a_reversed_compare_draws_no_advance(bundled_site: Path, offline_page: OfflinePage) -> None:
    """From a later date back to an earlier one nothing was advanced: no line, no figure."""
    forward = "() => document.getElementById('tl-figures').innerText"
    page = _open(offline_page, bundled_site, "#2025-11-25..2025-12-16")
    assert "Deepest advance since 2025-11-25" in page.evaluate(forward)
    page = _open(offline_page, bundled_site, "#2025-12-16..2025-11-25")
    figures = page.evaluate(forward)
    assert "Compare 2025-12-16" in figures
    assert "Deepest advance" not in figures
    assert offline_page.errors == []
