"""The timeline page in headless Chromium with the network off, used as an analyst would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from siversk_map import load_dataset
from siversk_map.dataset import DataSet
from siversk_map.export.html import export_site

from .browser import GUARD, OfflinePage
from .hostile import PAYLOADS
from .test_timeline import hostile_dataset

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ds() -> DataSet:
    return load_dataset()


@pytest.fixture(scope="module")
def site(bundled_site: Path) -> Path:
    return bundled_site


def _open(offline_page: OfflinePage, site: Path, fragment: str = "") -> Any:
    offline_page.goto((site / "index.html").as_uri() + fragment)
    page = offline_page.page
    page.wait_for_function("() => window.SiverskTimeline !== undefined")
    return page


def _shown(page: Any) -> str:
    return str(page.inner_text("#current-date")).strip()


def _wait_hash(page: Any, text: str) -> None:
    # The hash is written once stepping pauses (history.replaceState is slow on file: URLs).
    page.wait_for_function("(h) => location.hash === h", arg=text, timeout=3000)


def map_is_drawn(page: Any) -> bool:
    """True when Leaflet drew vector paths in the main map (the timeline uses its own panes)."""
    count = page.evaluate(
        "() => document.querySelectorAll('#tl-map .leaflet-pane svg path').length"
    )
    return bool(count and count > 3)


def _paths(page: Any, group: str, map_id: str = "tl-map") -> int:
    return int(
        page.evaluate(
            "([g, m]) => document.querySelectorAll(`#${m} .leaflet-sm-${g}-pane path`).length",
            [group, map_id],
        )
    )


def test_loads_offline_and_draws(site: Path, offline_page: OfflinePage, ds: DataSet) -> None:
    page = _open(offline_page, site)
    assert map_is_drawn(page)
    assert _shown(page) == ds.dates[-1].isoformat()
    assert _paths(page, "control") >= 2
    assert _paths(page, "front_line") >= 1
    # Scale bar, north arrow, layer control, legend, attribution.
    controls = (".leaflet-control-scale", ".sm-north", ".leaflet-control-layers", ".sm-legend")
    for selector in controls:
        assert page.locator(selector).count() >= 1, selector
    about = page.text_content(".tl-about") or ""
    assert ds.manifest.attribution in about
    assert all(str(s) in about for s in set(ds.table["source"]))
    _wait_hash(page, "#" + ds.dates[-1].isoformat())
    assert offline_page.errors == []
    assert offline_page.blocked == []


def test_step_every_date_by_keyboard(site: Path, offline_page: OfflinePage, ds: DataSet) -> None:
    page = _open(offline_page, site)
    dates = [d.isoformat() for d in ds.dates]
    page.keyboard.press("Home")
    assert _shown(page) == dates[0]
    assert page.locator("#tl-prev").is_disabled()
    seen = [_shown(page)]
    for _ in dates[1:]:
        page.keyboard.press("ArrowRight")
        seen.append(_shown(page))
        assert map_is_drawn(page)
    assert seen == dates
    _wait_hash(page, "#" + dates[-1])
    page.keyboard.press("ArrowRight")  # past the end: stays
    assert _shown(page) == dates[-1]
    page.keyboard.press("ArrowLeft")
    assert _shown(page) == dates[-2]
    page.keyboard.press("End")
    assert _shown(page) == dates[-1]
    assert offline_page.errors == []


def test_step_every_date_by_slider_and_buttons(
    site: Path, offline_page: OfflinePage, ds: DataSet
) -> None:
    page = _open(offline_page, site)
    dates = [d.isoformat() for d in ds.dates]
    slider = page.locator("#tl-slider")
    for k in reversed(range(len(dates))):
        slider.fill(str(k))
        assert _shown(page) == dates[k]
    assert _shown(page) == dates[0]
    # The slider's own keys step one date.
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert _shown(page) == dates[1]
    page.click("#tl-next")
    assert _shown(page) == dates[2]
    page.click("#tl-prev")
    assert _shown(page) == dates[1]
    assert offline_page.errors == []


def _gap(ds: DataSet) -> tuple[str, str]:
    """A day in December 2025 that is not a date of the data set, and the date before it."""
    import datetime as dt

    day = dt.date(2025, 12, 2)
    while day in ds.dates:
        day += dt.timedelta(days=1)
    before = ds.previous_date(day)
    assert before is not None
    return day.isoformat(), before.isoformat()


def test_open_with_a_hash(site: Path, offline_page: OfflinePage, ds: DataSet) -> None:
    page = _open(offline_page, site, "#2025-12-13")
    assert _shown(page) == "2025-12-13"
    assert page.locator("#tl-slider").input_value() == str(
        [d.isoformat() for d in ds.dates].index("2025-12-13")
    )
    events = ds.state("2025-12-13").layer("event")
    assert len(events) and str(events["name"].iloc[0]) in page.inner_text("#tl-events")
    # A date between two reports shows the state on the one before (the composition rule).
    gap, before = _gap(ds)
    page.evaluate(f"() => {{ location.hash = '#{gap}'; }}")
    page.wait_for_function(
        f"() => document.getElementById('current-date').textContent === '{before}'"
    )
    assert _shown(page) == before
    assert offline_page.errors == []


def test_address_edited_while_a_hash_write_is_pending(
    site: Path, offline_page: OfflinePage, ds: DataSet
) -> None:
    """An address the reader typed wins over the page's own delayed hash write.

    Stepping schedules a hash write. If the reader changes the address before it runs, the write
    and the ``hashchange`` event are both queued, in no set order; CI once saw the write run
    first, put the old date back in the address, and the page then ignored the reader's date.
    Here every ``hashchange`` listener is delayed past the write, so that order is the one tried.
    """
    offline_page.page.add_init_script(
        """(() => {
            const add = window.addEventListener;
            window.addEventListener = function (type, fn, opts) {
                if (type !== 'hashchange') { return add.call(this, type, fn, opts); }
                return add.call(this, type, (e) => setTimeout(() => fn.call(window, e), 400), opts);
            };
        })();"""
    )
    page = _open(offline_page, site, "#2025-12-13")
    page.keyboard.press("ArrowRight")  # schedules the hash write (150 ms)
    gap, before = _gap(ds)
    page.evaluate(f"() => {{ location.hash = '#{gap}'; }}")
    page.wait_for_function(
        f"() => document.getElementById('current-date').textContent === '{before}'",
        timeout=5000,
    )
    _wait_hash(page, f"#{before}")
    assert offline_page.errors == []


def test_toggle_layers(site: Path, offline_page: OfflinePage) -> None:
    page = _open(offline_page, site, "#2025-12-13")
    assert _paths(page, "front_line") >= 1
    assert _paths(page, "claims") >= 1
    page.hover(".leaflet-control-layers")
    front = page.locator(".leaflet-control-layers-overlays label", has_text="Front line")
    front.click()
    assert _paths(page, "front_line") == 0
    claims = page.locator(".leaflet-control-layers-overlays label", has_text="Claims")
    claims.click()
    assert _paths(page, "claims") == 0
    # Layers stay off while stepping, and come back with the date's features.
    page.mouse.move(5, 400)
    page.keyboard.press("ArrowRight")
    assert _paths(page, "front_line") == 0
    page.hover(".leaflet-control-layers")
    front.click()
    assert _paths(page, "front_line") >= 1
    assert offline_page.errors == []


def test_gained_ground_is_highlighted(site: Path, offline_page: OfflinePage, ds: DataSet) -> None:
    # A control date from December 2025 on that gained ground, followed by an events-only date.
    control = ds.table[(ds.table["layer"] == "control") & (ds.table["status"] != "claimed")]
    control_days = set(control["date"])
    days = ds.dates
    pick = next(
        k
        for k in range(1, len(days) - 1)
        if days[k].isoformat() >= "2025-12-01"
        and days[k] in control_days
        and days[k + 1] not in control_days
        and ds.change("ru", days[k - 1], days[k]).gained_km2 > 0.01
    )
    page = _open(offline_page, site, f"#{days[pick].isoformat()}")
    assert _paths(page, "change_ru") >= 1
    gained = ds.change("ru", days[pick - 1], days[pick]).gained_km2
    assert f"{gained:.2f}" in page.inner_text("#tl-figures")
    page.keyboard.press("ArrowRight")  # an events-only date repeats the control: no change
    assert _paths(page, "change_ru") == 0
    assert offline_page.errors == []


def test_compare_two_dates(site: Path, offline_page: OfflinePage, ds: DataSet) -> None:
    # Past ALL_PAIRS_MAX dates only consecutive dates carry a precomputed change.
    from siversk_map.render.timeline_geometry import ALL_PAIRS_MAX

    if len(ds.dates) <= ALL_PAIRS_MAX:
        a, b = "2025-11-25", "2025-12-16"
    else:
        k = next(
            k
            for k in range(1, len(ds.dates))
            if ds.dates[k].isoformat() >= "2025-12-01"
            and ds.change("ru", ds.dates[k - 1], ds.dates[k]).gained_km2 > 0.01
        )
        a, b = ds.dates[k - 1].isoformat(), ds.dates[k].isoformat()
    page = _open(offline_page, site)
    page.click("#tl-compare")
    assert page.locator("#tl-map-ref").is_visible()
    page.select_option("#tl-date-a", label=a)
    page.select_option("#tl-date-b", label=b)
    assert _shown(page) == b
    _wait_hash(page, f"#{a}..{b}")
    assert page.inner_text("#tl-label-a") == f"A · {a}"
    assert _paths(page, "control", "tl-map-ref") >= 2
    # The difference is drawn on both maps and measured in the panel.
    assert _paths(page, "change_ru", "tl-map") >= 1
    assert _paths(page, "change_ru", "tl-map-ref") >= 1
    change = ds.change("ru", a, b)
    figures = page.inner_text("#tl-figures")
    assert f"{change.gained_km2:.2f}" in figures
    # Swapping the dates swaps gained and lost.
    page.click("#tl-swap")
    assert _shown(page) == a
    assert page.locator(".tl-table tr", has_text="Russian").locator("td.sm-loss").inner_text() == (
        f"{change.gained_km2:.2f}"
    )
    # Both maps follow each other.
    page.evaluate("() => SiverskTimeline.views().main.map.setZoom(13, {animate: false})")
    assert page.evaluate("() => SiverskTimeline.views().ref.map.getZoom()") == 13
    # Swipe: the A map is clipped at the divider.
    page.check("#tl-mode-swipe")
    clip = page.evaluate("() => document.getElementById('tl-map-ref').style.clipPath")
    assert clip.startswith("inset(")
    assert page.locator("#tl-swipe").is_visible()
    page.click("#tl-compare")
    assert not page.locator("#tl-map-ref").is_visible()
    assert offline_page.errors == []


def test_compare_opens_on_the_step_to_the_current_date(
    site: Path, offline_page: OfflinePage
) -> None:
    page = _open(offline_page, site)
    dates = page.evaluate("() => SiverskTimeline.data.dates")
    page.evaluate("(d) => { location.hash = '#' + d; }", dates[2])
    page.wait_for_function(
        "(d) => document.getElementById('current-date').innerText.trim() === d", arg=dates[2]
    )
    page.click("#tl-compare")
    assert page.inner_text("#tl-label-a") == f"A · {dates[1]}"
    assert _shown(page) == dates[2]
    _wait_hash(page, f"#{dates[1]}..{dates[2]}")
    assert offline_page.errors == []


def test_open_compare_from_hash(site: Path, offline_page: OfflinePage) -> None:
    page = _open(offline_page, site, "#2025-11-25..2025-12-16")
    assert _shown(page) == "2025-12-16"
    assert page.locator("#tl-compare").get_attribute("aria-pressed") == "true"
    assert "Compare 2025-11-25 → 2025-12-16" in page.inner_text("#tl-figures")
    assert offline_page.errors == []


def test_chart_points_jump_to_their_date(
    site: Path, offline_page: OfflinePage, ds: DataSet
) -> None:
    page = _open(offline_page, site)
    page.locator("circle.tl-pt[data-i='2']").first.click(force=True)
    assert _shown(page) == ds.dates[2].isoformat()
    cursor = page.get_attribute("#tl-chart-cursor", "x1")
    point = page.locator("circle.tl-pt[data-i='2']").first.get_attribute("cx")
    assert cursor is not None and point is not None and float(cursor) == float(point)
    assert offline_page.errors == []


MARKS = """() => Array.from(document.querySelectorAll('#tl-chart-marks circle'))
  .filter((c) => c.getAttribute('visibility') !== 'hidden')
  .map((c) => [c.getAttribute('class'), Number(c.getAttribute('cx')),
                Number(c.getAttribute('cy'))])"""


def _marks(page: Any, k: int, kind: str) -> list[list[Any]]:
    """The marks date k should have: one per series point, at the point."""
    return [
        [f"tl-mark {kind}", float(pt.get_attribute("cx")), float(pt.get_attribute("cy"))]
        for pt in page.locator(f"circle.tl-pt[data-i='{k}']").all()
    ]


def test_chart_marks_the_dates_shown_over_untouched_points(
    site: Path, offline_page: OfflinePage, ds: DataSet
) -> None:
    # The dates shown are marked on an SVG laid over the chart: a step moves the cursor and the
    # marks and leaves the chart's points as built, and a click passes through to the points.
    page = _open(offline_page, site, f"#{ds.dates[2].isoformat()}")
    classes = (
        "() => Array.from(document.querySelectorAll('.tl-pt'), (c) => c.getAttribute('class'))"
    )
    built = page.evaluate(classes)
    assert built and set(built) == {"tl-pt"}
    assert len(_marks(page, 2, "tl-current")) >= 2  # the bundled chart has a series per side
    assert page.evaluate(MARKS) == _marks(page, 2, "tl-current")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(MARKS) == _marks(page, 3, "tl-current")
    page.evaluate("() => SiverskTimeline.compare(1, 4)")
    assert page.evaluate(MARKS) == _marks(page, 1, "tl-ref") + _marks(page, 4, "tl-current")
    page.evaluate("() => SiverskTimeline.compare(4, 4)")
    assert page.evaluate(MARKS) == _marks(page, 4, "tl-current")
    assert page.evaluate(classes) == built
    # Over a mark, the pointer reaches the chart's points under it (the overlay takes no clicks).
    page.evaluate("() => SiverskTimeline.compare(1, 4)")
    box = page.locator("#tl-chart-marks circle.tl-ref").first.bounding_box()
    assert box is not None
    hit = page.evaluate(
        """([x, y]) => { const n = document.elementFromPoint(x, y);
                         return [n.closest('#tl-chart') !== null, n.getAttribute('class')]; }""",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit == [True, "tl-pt"]
    assert offline_page.errors == []


PROJECTED = """() => {
  // Every point of every dated path drawn against Leaflet's own projection of its LatLng.
  const v = SiverskTimeline.views().main, map = v.map;
  let points = 0, wrong = 0;
  Object.keys(v.shown).forEach((g) => Object.values(v.shown[g]).forEach((layer) => {
    layer.eachLayer((part) => {
      if (!part._rings) { return; }
      const flat = (a) => (a[0] instanceof L.LatLng ? [a] : a.flatMap(flat));
      flat(part.getLatLngs()).forEach((ring, r) => ring.forEach((ll, k) => {
        const mine = part._rings[r][k], leaflet = map.latLngToLayerPoint(ll);
        points += 1;
        if (mine.x !== leaflet.x || mine.y !== leaflet.y) { wrong += 1; }
      }));
    });
  }));
  return [points, wrong];
}"""


def test_dated_paths_share_points_projected_as_leaflet_does(
    site: Path, offline_page: OfflinePage, ds: DataSet
) -> None:
    # Layers drawn from shared arcs share their LatLngs and the layer points made of them; after
    # steps, zooms and pans (which move Leaflet's pixel origin) each must still be where
    # Leaflet itself puts it.
    page = _open(offline_page, site, f"#{ds.dates[0].isoformat()}")
    n = len(ds.dates)
    seen = 0
    for view in (None, [48.87, 38.10, 14], [48.80, 38.0, 11], [49.0, 38.3, 12]):
        if view is not None:
            page.evaluate(
                "([lat, lon, z]) => SiverskTimeline.views().main.map.setView([lat, lon], z,"
                " { animate: false })",
                view,
            )
        for k in (0, n // 3, n // 3 + 1, n - 1, n // 3):
            page.evaluate("(k) => SiverskTimeline.go(k)", k)
            points, wrong = page.evaluate(PROJECTED)
            assert wrong == 0, (view, k)
            seen += points
    assert seen > 1000
    assert offline_page.errors == []


def test_play_and_pause(site: Path, offline_page: OfflinePage, ds: DataSet) -> None:
    page = _open(offline_page, site, f"#{ds.dates[0].isoformat()}")
    page.select_option("#tl-speed", "250")
    page.click("#tl-play")
    assert page.get_attribute("#tl-play", "aria-pressed") == "true"
    page.wait_for_function(
        "(d) => document.getElementById('current-date').textContent !== d",
        arg=ds.dates[0].isoformat(),
    )
    page.click("#tl-play")
    assert page.get_attribute("#tl-play", "aria-pressed") == "false"
    stopped = _shown(page)
    page.wait_for_timeout(600)
    assert _shown(page) == stopped
    assert offline_page.errors == []


_PANEL = (
    "() => [document.getElementById('tl-figures'), document.getElementById('tl-events')]"
    ".map((box) => box.innerHTML)"
)


def test_a_step_leaves_the_panel_a_fresh_page_shows(
    site: Path, offline_page: OfflinePage, ds: DataSet
) -> None:
    # A step patches the panel in place (only changed text and nodes are written): after any
    # path of steps, compare mode on and off included, it must read as a page opened there.
    dates = [d.isoformat() for d in ds.dates]
    picks = sorted({0, 1, len(dates) // 2, len(dates) - 2, len(dates) - 1})
    fresh = {}
    for k in picks:
        fresh[k] = _open(offline_page, site, "#" + dates[k]).evaluate(_PANEL)
    assert fresh[picks[0]] != fresh[picks[-1]]
    page = _open(offline_page, site)
    page.evaluate("(k) => SiverskTimeline.compare(0, k)", len(dates) - 1)
    page.evaluate("() => SiverskTimeline.setCompare(false)")
    for k in [*reversed(picks), *picks]:
        page.evaluate("(k) => SiverskTimeline.go(k)", k)
        assert page.evaluate(_PANEL) == fresh[k], dates[k]
    for k in range(len(dates)):
        page.evaluate("(k) => SiverskTimeline.go(k)", k)
        if k in fresh:
            assert page.evaluate(_PANEL) == fresh[k], dates[k]
    # The patched buttons act for the date now shown.
    page.evaluate("(k) => SiverskTimeline.go(k)", dates.index("2025-12-10"))
    page.locator("#tl-events .tl-link", has_text="show on map").first.click()
    page.locator(".sm-popup").wait_for()
    assert offline_page.errors == []


def test_popup_shows_source_status_precision(site: Path, offline_page: OfflinePage) -> None:
    page = _open(offline_page, site, "#2025-12-10")
    page.locator("#tl-events .tl-link", has_text="show on map").first.click()
    popup = page.locator(".sm-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "Source:" in text and "reported" in text and "Date" in text
    page.keyboard.press("Escape")
    page.locator(".leaflet-sm-control-pane path").first.click(force=True)
    text = page.locator(".sm-popup").last.inner_text()
    assert "Precision" in text and "Status" in text
    assert offline_page.errors == []


def test_usable_at_phone_width(site: Path, offline_page: OfflinePage, ds: DataSet) -> None:
    offline_page.page.set_viewport_size({"width": 390, "height": 844})
    page = _open(offline_page, site, "#2025-12-10")
    slider = page.locator("#tl-slider")
    nxt = page.locator("#tl-next")
    for locator in (slider, nxt, page.locator("#tl-panel-toggle")):
        assert locator.is_visible()
        box = locator.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert not page.locator("#tl-panel").is_visible()  # the map gets the screen first
    nxt.click()
    assert page.inner_text("#current-date") == "2025-12-11"
    box = slider.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 4, box["y"] + box["height"] / 2)
    assert page.inner_text("#current-date") == ds.dates[0].isoformat()
    page.click("#tl-panel-toggle")
    panel = page.locator("#tl-panel")
    assert panel.is_visible()
    pbox = panel.bounding_box()
    assert pbox is not None and pbox["y"] < 844 and pbox["width"] <= 390
    assert f"Figures on {ds.dates[0].isoformat()}" in panel.inner_text()
    page.click("#tl-panel-close")
    assert not panel.is_visible()
    assert offline_page.errors == []


def test_screenshot_is_not_blank(site: Path, offline_page: OfflinePage, tmp_path: Path) -> None:
    page = _open(offline_page, site, "#2025-12-13")
    shot = tmp_path / "timeline.png"
    page.screenshot(path=str(shot))
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 50
    # The map area itself is drawn, not just the panel.
    box = page.locator("#tl-map").bounding_box()
    assert box is not None
    left, top = int(box["x"]), int(box["y"])
    crop = image.crop((left, top, left + int(box["width"]), top + int(box["height"])))
    assert len(crop.getcolors(maxcolors=1_000_000) or []) > 20
    assert offline_page.errors == []


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    out = tmp / "site"
    # The other source (--against) is hostile too: its title reaches the panel and popups.
    other = hostile_dataset(tmp_path_factory.mktemp("hostile-other"))
    export_site(hostile_dataset(tmp), out, against=other)
    return out


def test_hostile_data_never_runs(hostile_site: Path, offline_page: OfflinePage) -> None:
    page = offline_page.page
    page.add_init_script(GUARD)
    _open(offline_page, hostile_site)
    n = page.evaluate("() => SiverskTimeline.data.dates.length")
    page.keyboard.press("Home")
    opened = against = 0
    for k in range(n):
        if k:
            page.keyboard.press("ArrowRight")
        # Open the popup of every feature drawn on this date (popupContent runs for each).
        opened += page.evaluate(
            """() => {
                const v = SiverskTimeline.views().main; let count = 0;
                for (const g of Object.values(v.shown)) for (const layer of Object.values(g))
                    layer.eachLayer(l => { l.openPopup(); count += 1; });
                return count;
            }"""
        )
        against += page.evaluate(
            "() => Object.keys(SiverskTimeline.views().main.shown.against || {}).length"
        )
    # Compare the first date with the last one that has events, and follow an event's link.
    last_with_events = page.evaluate(
        "() => SiverskTimeline.data.states.map((s, i) => s.events.length ? i : -1)"
        ".filter(i => i >= 0).pop()"
    )
    page.evaluate("(j) => SiverskTimeline.compare(0, j)", last_with_events)
    page.locator("#tl-events .tl-link").first.click()
    page.wait_for_timeout(100)
    assert opened > 50
    assert against > 10  # the other source's outline on every date
    assert page.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => window.__alerts") == 0
    assert page.evaluate("() => window.__imgErrors") is None
    body = page.inner_text("body")
    assert PAYLOADS[0] in body  # shown as text
    assert "window.__pwned=3" in body
    assert page.locator("img[src='x']").count() == 0
    assert offline_page.errors == []
    assert offline_page.blocked == []


_LABELS_JS = """() => {
  const frame = document.querySelector('#tl-map').getBoundingClientRect();
  return Array.from(document.querySelectorAll('#tl-map .sm-lbl'))
    .filter(n => n.style.visibility !== 'hidden')
    .map(n => {
      const r = n.querySelector('.sm-lbl-text').getBoundingClientRect();
      return {text: n.textContent, kind: n.className, box: [r.left, r.top, r.right, r.bottom],
              inside: r.left >= frame.left && r.right <= frame.right && r.top >= frame.top
                      && r.bottom <= frame.bottom};
    });
}"""


def _overlapping(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    out = []
    for k, a in enumerate(labels):
        for b in labels[k + 1 :]:
            (a0, a1, a2, a3), (b0, b1, b2, b3) = a["box"], b["box"]
            if a0 < b2 and b0 < a2 and a1 < b3 and b1 < a3:
                out.append((a["text"], b["text"]))
    return out


def test_default_view_names_the_main_town_and_labels_give_way(
    site: Path, offline_page: OfflinePage
) -> None:
    page = _open(offline_page, site)
    page.wait_for_timeout(300)
    labels = page.evaluate(_LABELS_JS)
    main = [lb for lb in labels if "sm-lbl-main" in lb["kind"]]
    assert [lb["text"] for lb in main] == ["Siversk"] and main[0]["inside"]
    assert page.locator("#tl-map .sm-lbl-main .sm-lbl-text").first.is_visible()
    villages = [lb["text"] for lb in labels if "sm-lbl-village" in lb["kind"]]
    assert len(villages) >= 4, villages
    assert not any("sm-lbl-street" in lb["kind"] for lb in labels)  # streets from zoom 14
    assert _overlapping(labels) == []
    assert all(lb["inside"] for lb in labels)
    credit = page.text_content(".tl-credit") or ""
    assert "© OpenStreetMap contributors" in credit
    # Zoomed into the town: streets are named, villages far away are not drawn over them.
    page.evaluate(
        "() => SiverskTimeline.views().main.map.setView([48.8657, 38.0937], 15, {animate: false})"
    )
    page.wait_for_timeout(300)
    labels = page.evaluate(_LABELS_JS)
    assert sum("sm-lbl-street" in lb["kind"] or "sm-lbl-road" in lb["kind"] for lb in labels) >= 5
    assert _overlapping(labels) == []
    assert offline_page.errors == []


def test_a_wide_data_set_opens_at_its_own_zoom_and_zooms_out_past_it(
    tmp_path: Path, offline_page: OfflinePage, site: Path
) -> None:
    """An imported whole front has view zoom 6: the map opens there (it was held at 8, a
    fragment of the front) and can zoom out two levels more; a town's stays at 8."""
    import json
    import shutil

    root = Path(__file__).resolve().parents[1] / "data" / "geojson"
    data = shutil.copytree(root, tmp_path / "data")
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    manifest["view"] = {**manifest.get("view", {}), "zoom": 6}
    (data / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    export_site(load_dataset(data), tmp_path / "site", pages="timeline")
    page = _open(offline_page, tmp_path / "site")
    view = page.evaluate(
        "() => { const m = SiverskTimeline.views().main.map;"
        " return [m.getZoom(), m.getMinZoom()]; }"
    )
    assert view == [6, 4]
    town = _open(offline_page, site)
    assert town.evaluate("() => SiverskTimeline.views().main.map.getMinZoom()") == 8
    assert not offline_page.errors
