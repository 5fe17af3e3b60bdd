"""Headless Chromium for browser tests: network off, every console error collected.

Tests that use it skip with a clear reason when playwright or Chromium is missing, except in CI
(``CI`` set), where a missing browser is a failure: CI installs Chromium itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from siversk_map.errors import ExportError
from siversk_map.export.browser import CHROMIUM_ARGS, find_chromium
from siversk_map.render.packed import UNPACKED_JS


def chromium_path() -> str | None:
    """The Chromium the package itself would drive, or None."""
    try:
        return find_chromium()
    except ExportError:
        return None


#: Init script for hostile-text tests: counts dialogs and images that failed to load (an
#: ``<img src=x onerror=...>`` payload rendered as HTML would do both).
GUARD = """
window.__alerts = 0;
window.alert = window.confirm = window.prompt = function () { window.__alerts += 1; };
window.addEventListener('error', function (e) {
  if (e.target && e.target.tagName === 'IMG') {
    window.__imgErrors = (window.__imgErrors || 0) + 1;
  }
}, true);
"""


@dataclass
class OfflinePage:
    """A playwright page that refuses every request but file: and data: URLs."""

    page: Any
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def goto(self, url: str) -> None:
        """Open ``url`` and wait until it loaded and (a timeline page) unpacked and started."""
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.page.wait_for_function(UNPACKED_JS)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed (pip install playwright)")
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (apt-get install -y chromium)")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=list(CHROMIUM_ARGS))
        yield browser
        browser.close()


@pytest.fixture
def offline_page(chromium: Any) -> Iterator[OfflinePage]:
    """A fresh page, offline, collecting console errors, page errors and blocked requests."""
    context = chromium.new_context(viewport={"width": 1280, "height": 860}, offline=True)
    page = context.new_page()
    wrapper = OfflinePage(page)

    def on_console(msg: Any) -> None:
        if msg.type in ("error", "warning") and msg.type == "error":
            wrapper.errors.append(msg.text)

    def on_route(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            wrapper.blocked.append(url)
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: wrapper.errors.append(f"page error: {exc}"))
    page.route("**/*", on_route)
    yield wrapper
    context.close()


def map_is_drawn(page: Any) -> bool:
    """True when Leaflet drew vector paths (an SVG with filled paths) in the map."""
    count = page.evaluate(
        "() => document.querySelectorAll('.leaflet-overlay-pane svg path').length"
    )
    return bool(count and count > 3)
