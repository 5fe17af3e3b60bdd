"""The deepest advance the timeline page measures itself (advance.js), for pairs it did not store.

The page stores the advance of consecutive dates, measured by the data side
(:class:`siversk_map.measure.AdvanceMeter`); the same pairs measured in the page from the faces
must agree with it to within the search's tolerance, on every date of the bundled data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import OfflinePage
from .test_timeline_browser import _open

pytestmark = pytest.mark.browser

_BOTH = """() => {
  const T = window.SiverskTimeline, D = T.data, out = [];
  for (let i = 0; i + 1 < D.dates.length; i++) {
    const stored = T.pair(i, i + 1).advance, measured = T.pair(i, i + 1, true).advance;
    out.push([D.dates[i + 1], stored && stored.km, measured && measured.km,
              measured && measured.head, stored && stored.head]);
  }
  return out;
}"""


def test_the_page_measures_every_stored_advance_again(
    bundled_site: Path, offline_page: OfflinePage
) -> None:
    page = _open(offline_page, bundled_site)
    rows = page.evaluate(_BOTH)
    measured = [r for r in rows if r[1] is not None]
    assert len(measured) >= 40  # most dates gained ground
    for day, stored, mine, head, stored_head in rows:
        if stored is None:
            assert mine is None, day
            continue
        # Both searches stop within 50 m of the deepest point; the ends may differ where two
        # salients are about as deep, the length may not.
        assert mine == pytest.approx(stored, abs=0.055), (day, stored, mine, head, stored_head)
    assert offline_page.errors == []


def test_any_pair_shows_its_deepest_advance(bundled_site: Path, offline_page: OfflinePage) -> None:
    # 2025-11-25 to 2025-12-16: the fall of the city's centre, not a stored (consecutive) pair.
    page = _open(offline_page, bundled_site, "#2025-11-25..2025-12-16")
    figures = page.evaluate("() => document.getElementById('tl-figures').innerText")
    assert "Deepest advance since 2025-11-25" in figures
    km = page.evaluate(
        """() => { const T = window.SiverskTimeline, D = T.data;
        return T.pair(D.dates.indexOf('2025-11-25'), D.dates.indexOf('2025-12-16')).advance.km; }"""
    )
    # At least as deep as the deepest step of the way (2025-12-16: 4.2 km), less than the sum.
    steps = page.evaluate(
        """() => { const T = window.SiverskTimeline, D = T.data, a = D.dates.indexOf('2025-11-25'),
        b = D.dates.indexOf('2025-12-16'), out = [];
        for (let i = a; i < b; i++) { const p = T.pair(i, i + 1).advance; out.push(p ? p.km : 0); }
        return out; }"""
    )
    assert max(steps) - 0.05 <= km <= sum(steps) + 0.05, (km, steps)
    assert offline_page.errors == []
