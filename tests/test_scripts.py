"""The pages' own scripts: small parts joined at build time into one script, one global each."""

from __future__ import annotations

from pathlib import Path

import pytest

from siversk_map.render.assets import bundle, load_assets, load_timeline_assets

from .browser import OfflinePage

STATIC = Path(__file__).resolve().parent.parent / "siversk_map" / "render" / "static"

#: What a blank page in the same browser already has; anything else on window is the page's.
_NEW_GLOBALS = """() => {
    const blank = document.createElement("iframe");
    document.body.appendChild(blank);
    const known = new Set(Object.getOwnPropertyNames(blank.contentWindow));
    blank.remove();
    // L and leaflet are Leaflet's globals (its UMD wrapper sets both); _leaflet_* its marks
    // on window when it listens to window events.
    const leaflet = (k) => k === "L" || k === "leaflet" || k.startsWith("_leaflet_");
    return Object.getOwnPropertyNames(window).filter((k) => !known.has(k) && !leaflet(k)).sort();
}"""


@pytest.mark.parametrize("path", sorted(STATIC.glob("*.js")), ids=lambda p: p.name)
def test_every_script_part_is_small(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{path.name} has {lines} lines"


def test_the_pages_join_every_part() -> None:
    timeline = load_timeline_assets().js[-1]
    for path in STATIC.glob("*.js"):
        if path.name == "unpack.js":  # not a part: the timeline page's own container script
            continue
        assert f"/* {path.name} */" in timeline, path.name
    date_page = load_assets().js[-1]
    assert "/* siversk.js */" in date_page and "/* timeline.js */" not in date_page


def test_bundle_refuses_a_part_that_is_not_one_function() -> None:
    with pytest.raises(ValueError, match=r"b\.js: not one function expression"):
        bundle({"a.js": "(function (global, ns) {})", "b.js": "window.x = 1;"}, "A", "a")
    with pytest.raises(ValueError, match="not a JavaScript identifier"):
        bundle({"a.js": "(function (global, ns) {})"}, "A; alert(1)", "a")


@pytest.mark.browser
def test_timeline_page_sets_one_global(bundled_site: Path, offline_page: OfflinePage) -> None:
    offline_page.goto((bundled_site / "index.html").as_uri())
    page = offline_page.page
    page.wait_for_function("() => window.SiverskTimeline !== undefined")
    assert page.evaluate(_NEW_GLOBALS) == ["SiverskTimeline"]
    assert page.evaluate("() => typeof SiverskTimeline.exportPng.toDataURL") == "function"
    assert offline_page.errors == []


@pytest.mark.browser
def test_date_page_sets_one_global(bundled_site: Path, offline_page: OfflinePage) -> None:
    date_page = sorted((bundled_site / "dates").glob("*.html"))[0]
    offline_page.goto(date_page.as_uri())
    page = offline_page.page
    page.wait_for_function("() => document.querySelectorAll('.leaflet-pane path').length > 0")
    # The page's own inline scripts (folium's) name their maps and layers as globals.
    found = page.evaluate(_NEW_GLOBALS)
    assert "SiverskMap" in found
    assert [k for k in found if k.startswith("Siversk")] == ["SiverskMap"]
    assert offline_page.errors == []
