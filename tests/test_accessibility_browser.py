"""axe-core (WCAG 2.1 A/AA and best practice) on the bundled site, in headless Chromium.

axe-core is not committed: ``.ci/run`` installs it from npm into ``$SIVERSK_AXE_DIR`` (default
``~/.cache/siversk-axe``) and the tests inline its ``axe.min.js`` into each page. Without it the
tests skip and say how to install it, except in CI (``CI`` set), where it is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

#: The rule sets the site must pass.
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
INSTALL = 'npm install --prefix "$HOME/.cache/siversk-axe" axe-core@4'


def axe_script() -> Path | None:
    """``axe.min.js`` where ``.ci/run`` installs it, or None."""
    root = Path(os.environ.get("SIVERSK_AXE_DIR", Path.home() / ".cache" / "siversk-axe"))
    path = root / "node_modules" / "axe-core" / "axe.min.js"
    return path if path.is_file() else None


@pytest.fixture(scope="session")
def axe_source() -> str:
    path = axe_script()
    if path is None:
        message = f"axe-core is not installed ({INSTALL}; .ci/run does this)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path.read_text(encoding="utf-8")


def violations(page: Any, axe_source: str) -> list[str]:
    """axe's violations on the page as it is now, one line per rule with the nodes it failed."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "(rules) => axe.run(document, {runOnly: rules, resultTypes: ['violations']})", RULES
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}; "
        + "; ".join(
            " ".join(n["target"]) + " " + " ".join(n["failureSummary"].split())
            for n in v["nodes"][:5]
        )
        for v in result["violations"]
    ]


@pytest.fixture
def axe_page(offline_page: Any, axe_source: str) -> Any:
    """The offline page, for tests that need axe-core (they skip without it)."""
    return offline_page


def test_timeline_has_no_violation(bundled_site: Path, axe_page: Any, axe_source: str) -> None:
    page = axe_page.page
    axe_page.goto((bundled_site / "index.html").as_uri())
    page.wait_for_selector("#tl-figures table")
    assert violations(page, axe_source) == []
    # A date with claims and events, then both compare views, then the panel closed.
    page.evaluate("() => { location.hash = '#2025-12-10'; }")
    page.wait_for_function(
        "() => document.getElementById('current-date').textContent === '2025-12-10'"
    )
    assert violations(page, axe_source) == []
    page.click("#tl-compare")
    page.wait_for_selector("#tl-compare-bar:not([hidden])")
    assert violations(page, axe_source) == [], "compare, side by side (the button hovered)"
    page.check("#tl-mode-swipe")
    assert violations(page, axe_source) == [], "compare, swipe"
    # The divider is a named slider the keyboard moves; its arrows do not change the date.
    page.focus("#tl-swipe")
    page.keyboard.press("ArrowLeft")
    assert page.get_attribute("#tl-swipe", "aria-valuenow") == "45"
    assert page.inner_text("#current-date") == "2025-12-10"
    page.keyboard.press("End")
    assert page.get_attribute("#tl-swipe", "aria-valuenow") == "98"
    page.click("#tl-panel-toggle")
    assert violations(page, axe_source) == [], "panel closed"
    assert axe_page.errors == []


def test_every_date_page_has_no_violation(
    bundled_site: Path, axe_page: Any, axe_source: str
) -> None:
    pages = sorted((bundled_site / "dates").glob("*.html"))
    assert len(pages) >= 12
    found = {}
    for path in pages:
        axe_page.goto(path.as_uri())
        bad = violations(axe_page.page, axe_source)
        if bad:
            found[path.name] = bad
    assert found == {}
    assert axe_page.errors == []


def test_date_page_with_layers_and_popup_open(
    bundled_site: Path, axe_page: Any, axe_source: str
) -> None:
    page = axe_page.page
    axe_page.goto((bundled_site / "dates" / "2025-12-10.html").as_uri())
    page.hover(".leaflet-control-layers")
    page.wait_for_selector(".leaflet-control-layers-expanded")
    assert violations(page, axe_source) == [], "layer control open"
    page.locator("path.leaflet-interactive[fill='#ef6c00']").first.click(force=True)
    page.wait_for_selector(".sm-popup")
    # Measured once Leaflet's fade-in is over: half-faded text has half the contrast.
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    assert violations(page, axe_source) == [], "popup open"


def test_list_has_no_violation(bundled_site: Path, axe_page: Any, axe_source: str) -> None:
    axe_page.goto((bundled_site / "list.html").as_uri())
    assert violations(axe_page.page, axe_source) == []


def test_ukrainian_pages_say_so(tmp_path: Path, axe_page: Any, axe_source: str) -> None:
    from siversk_map import load_dataset
    from siversk_map.export.html import export_site

    ds = load_dataset()
    export_site(ds, tmp_path, lang="uk")
    day = ds.dates[-1].isoformat()
    for name in ("index.html", "list.html", f"dates/{day}.html"):
        axe_page.goto((tmp_path / name).as_uri())
        page = axe_page.page
        assert page.evaluate("() => document.documentElement.lang") == "uk", name
        assert page.title().strip(), name
        assert violations(page, axe_source) == [], name


def test_date_page_lets_the_reader_zoom_and_has_one_main(bundled_site: Path) -> None:
    # Without a browser: the markup axe's rules read.
    text = (bundled_site / "dates" / "2025-12-10.html").read_text(encoding="utf-8")
    assert "user-scalable=no" not in text
    assert "maximum-scale" not in text
    assert text.count("<main") == 1
    assert '<html lang="en">' in text
    assert "<title>" in text and "2025-12-10</title>" in text


def test_map_features_are_named_and_open_by_keyboard(bundled_site: Path, offline_page: Any) -> None:
    page = offline_page.page
    offline_page.goto((bundled_site / "dates" / "2025-12-10.html").as_uri())
    names = page.evaluate(
        "() => Array.from(document.querySelectorAll('path.leaflet-interactive'),"
        " p => p.getAttribute('aria-label') || '')"
    )
    assert len(names) > 5
    assert all(name.strip() for name in names)
    marker = page.locator("path.leaflet-interactive[fill='#ef6c00']").first
    marker.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".sm-popup")
    assert "Source:" in page.inner_text(".sm-popup")
    assert offline_page.errors == []
