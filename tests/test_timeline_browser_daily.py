"""The timeline page at hundreds of dates (issue 15): DeepState's daily whole front, 200 dates.

The first 200 files of ``../shared/data/real/series/deepstate_daily_20240708_20250831.tar.xz``
(a check only: unpacked into a temporary folder, imported, never copied) as one timeline page,
used in headless Chromium with the network off: the slider's month and year ticks, the date
field, keyboard steps by day, week and month, Compare of a far pair against the Python analysis,
and the bounded cache of drawn dates. No timings are asserted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
from pathlib import Path
from typing import Any

import pytest

from siversk_map import load_dataset
from siversk_map.analysis.change import measure_change
from siversk_map.cli import main as cli
from siversk_map.dataset import DataSet
from siversk_map.export.html import export_site

from .browser import OfflinePage
from .conftest import DAILY_ARCHIVE as ARCHIVE
from .conftest import unpack_daily

pytestmark = pytest.mark.browser

DATES = 200

if not ARCHIVE.is_file():
    pytest.skip(
        f"real data archive {ARCHIVE} not present (shared/data/real)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def daily(tmp_path_factory: pytest.TempPathFactory) -> tuple[DataSet, Path]:
    """The first DATES daily whole-front files imported, and their timeline page."""
    root = tmp_path_factory.mktemp("daily")
    series = root / "series"
    series.mkdir()
    unpack_daily(series, slice(DATES))
    data = root / "front"
    argv = ["import", "deepstate-daily", str(series), "--out", str(data)]
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli([*argv, "--aoi", "31,44,41,53", "--quiet"]) == 0
    ds = load_dataset(data)
    export_site(ds, root / "site", pages="timeline")
    return ds, root / "site" / "index.html"


def _open(offline_page: OfflinePage, page_path: Path, fragment: str = "") -> Any:
    offline_page.goto(page_path.as_uri() + fragment)
    page = offline_page.page
    page.wait_for_function("() => window.SiverskTimeline !== undefined")
    return page


def _shown(page: Any) -> str:
    return str(page.inner_text("#current-date")).strip()


def test_the_slider_has_month_and_year_ticks_that_can_be_clicked(
    daily: tuple[DataSet, Path], offline_page: OfflinePage
) -> None:
    ds, path = daily
    page = _open(offline_page, path)
    dates = [d.isoformat() for d in ds.dates]
    assert len(dates) == DATES
    months = sorted({d[:7] for d in dates})
    ticks = page.evaluate(
        """() => Array.from(document.querySelectorAll('#tl-ticks .tl-tick')).map((t) => {
          const box = t.getBoundingClientRect();
          return [t.getAttribute('title'), t.classList.contains('tl-month'), box.left];
        })"""
    )
    # One tick a month (not one a date), each a month apart on the slider: far enough to click.
    assert [t[0] for t in ticks] == months
    assert all(t[1] for t in ticks)
    gaps = [b[2] - a[2] for a, b in itertools.pairwise(ticks)]
    assert min(gaps) >= 20
    years = page.evaluate(
        "() => Array.from(document.querySelectorAll('#tl-ticks .tl-year'))"
        ".map((y) => y.textContent)"
    )
    assert years == sorted({d[:4] for d in dates})
    # A month's tick opens the first date of that month.
    page.click(f"#tl-ticks .tl-tick[title='{months[3]}']")
    assert _shown(page) == min(d for d in dates if d.startswith(months[3]))
    assert offline_page.errors == []


def test_the_chart_draws_its_series_line_when_dates_are_dense(
    daily: tuple[DataSet, Path], offline_page: OfflinePage
) -> None:
    # 200 points a few units apart would hide the series line under their white edges: they
    # are left unpainted (still the targets of a click) and the line and the marks show.
    _, path = daily
    page = _open(offline_page, path)
    styles = page.evaluate(
        """() => {
          const pt = document.querySelector('#tl-chart .tl-pt');
          const line = document.querySelector('#tl-chart .tl-series');
          const mark = document.querySelector('#tl-chart-marks .tl-current');
          const box = pt.getBoundingClientRect();
          const under = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
          return { dense: document.getElementById('tl-chart').classList.contains('tl-dense'),
                   point: [getComputedStyle(pt).fillOpacity, getComputedStyle(pt).stroke],
                   line: getComputedStyle(line).strokeOpacity,
                   mark: getComputedStyle(mark).fillOpacity,
                   under: under === pt || under.classList.contains('tl-pt') };
        }"""
    )
    assert styles == {
        "dense": True,
        "point": ["0", "none"],
        "line": "1",
        "mark": "1",
        "under": True,
    }
    assert offline_page.errors == []


def test_keys_step_by_day_week_and_month(
    daily: tuple[DataSet, Path], offline_page: OfflinePage
) -> None:
    ds, path = daily
    dates = [d.isoformat() for d in ds.dates]
    page = _open(offline_page, path, f"#{dates[100]}")
    assert _shown(page) == dates[100]
    page.locator("#tl-map").click(position={"x": 5, "y": 300})  # focus off the fields

    def expect(days: int = 0, months: int = 0) -> str:
        # The date a calendar step lands on: the latest date on or before the target.
        here = dt.date.fromisoformat(_shown(page))
        month = here.month - 1 + months
        target = here.replace(year=here.year + month // 12, month=month % 12 + 1)
        target += dt.timedelta(days=days)
        return max(d for d in dates if d <= target.isoformat())

    page.keyboard.press("ArrowRight")
    assert _shown(page) == dates[101]
    page.keyboard.press("ArrowLeft")
    assert _shown(page) == dates[100]
    calendar = [("Shift+ArrowRight", 7, 0), ("Shift+ArrowLeft", -7, 0), ("PageDown", 0, 1)]
    for key, days, months in [*calendar, ("PageUp", 0, -1)]:
        want = expect(days, months)
        page.keyboard.press(key)
        assert _shown(page) == want, key
    page.keyboard.press("End")
    assert _shown(page) == dates[-1]
    page.keyboard.press("Home")
    assert _shown(page) == dates[0]
    # On the slider itself: its own arrows a date, Shift a week, PageDown a month.
    page.focus("#tl-slider")
    page.keyboard.press("ArrowRight")
    assert _shown(page) == dates[1]
    for key, days, months in [calendar[0], calendar[2]]:
        want = expect(days, months)
        page.keyboard.press(key)
        assert _shown(page) == want, key
    assert offline_page.errors == []


def test_the_date_field_opens_a_date_or_the_one_before(
    daily: tuple[DataSet, Path], offline_page: OfflinePage
) -> None:
    ds, path = daily
    dates = [d.isoformat() for d in ds.dates]
    page = _open(offline_page, path)
    page.fill("#tl-date-field", dates[57])
    page.dispatch_event("#tl-date-field", "change")
    assert _shown(page) == dates[57]
    assert page.input_value("#tl-slider") == "57"
    # A day the archive has no file for shows the date before it.
    every = {dates[0]}
    day = dt.date.fromisoformat(dates[0])
    missing = None
    while day.isoformat() < dates[-1]:
        day += dt.timedelta(days=1)
        if day.isoformat() not in dates:
            missing = day.isoformat()
            break
        every.add(day.isoformat())
    if missing is not None:
        page.fill("#tl-date-field", missing)
        page.dispatch_event("#tl-date-field", "change")
        assert _shown(page) == max(d for d in dates if d < missing)
    assert offline_page.errors == []


def test_compare_of_a_far_pair_shows_the_python_analysis_figures(
    daily: tuple[DataSet, Path], offline_page: OfflinePage
) -> None:
    ds, path = daily
    first, last = ds.dates[0], ds.dates[-1]
    page = _open(offline_page, path, f"#{first}..{last}")
    shown = page.evaluate(
        """() => {
          const T = window.SiverskTimeline, n = T.data.dates.length, p = T.pair(0, n - 1);
          const ru = p.sides.ru;
          return { gained: ru.gained_km2, lost: ru.lost_km2, advance: p.advance && p.advance.km,
                   figures: document.getElementById('tl-figures').innerText,
                   drawn: ['change_ru'].map((g) => document.querySelectorAll(
                     `#tl-map .leaflet-sm-${g}-pane path`).length)[0] };
        }"""
    )
    change = measure_change("ru", ds.state(first), ds.state(last))
    # The page adds up the faces that flip between the dates; Python overlays the two states.
    assert change.gained_km2 > 100  # a far pair: real ground gained along the whole front
    assert shown["gained"] == pytest.approx(change.gained_km2, rel=1e-3, abs=0.01)
    assert shown["lost"] == pytest.approx(change.lost_km2, rel=1e-3, abs=0.01)
    assert (
        f"{change.gained_km2:.2f}" in shown["figures"]
        or f"{shown['gained']:.2f}" in shown["figures"]
    )
    assert shown["advance"] is not None and shown["advance"] > 0
    assert shown["drawn"] >= 1  # the gained ground is drawn
    # A second far pair in the open Compare: figures again those of the analysis.
    pair = page.evaluate(
        """() => { const T = window.SiverskTimeline, n = T.data.dates.length;
          T.compare(5, n - 20); const s = T.pair(5, n - 20).sides.ru;
          return [s.gained_km2, s.lost_km2]; }"""
    )
    change = measure_change("ru", ds.state(ds.dates[5]), ds.state(ds.dates[-20]))
    assert pair[0] == pytest.approx(change.gained_km2, rel=1e-3, abs=0.01)
    assert pair[1] == pytest.approx(change.lost_km2, rel=1e-3, abs=0.01)
    assert offline_page.errors == []


def test_the_cache_of_drawn_dates_stays_bounded(
    daily: tuple[DataSet, Path], offline_page: OfflinePage
) -> None:
    _, path = daily
    page = _open(offline_page, path)
    sizes = page.evaluate(
        """async () => {
          const T = window.SiverskTimeline, n = T.data.dates.length, out = [];
          const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
          for (let k = 0; k < n; k++) {
            T.go(k);
            if (k % 10 === 0) { await frame(); }
            out.push(Object.keys(T.views().main.cache).length);
          }
          const paths = document.querySelectorAll('#tl-map .leaflet-overlay-pane path, ' +
            '#tl-map .leaflet-pane svg path').length;
          return { sizes: out, paths: paths, keep: T.views().main.keepDates };
        }"""
    )
    keep = sizes["keep"]
    assert isinstance(keep, int) and 1 <= keep <= 16
    # Each date draws its front, its gained and lost ground and its advance: a few layers.
    assert max(sizes["sizes"]) <= keep * 6
    assert sizes["sizes"][-1] <= keep * 6
    assert offline_page.errors == []
