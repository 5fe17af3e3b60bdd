"""Benchmark of the timeline page in headless Chromium (network off). A script, not a test.

Prints, for the timeline page and for a baseline page measured in the same run (Leaflet with the
same base layers and nothing dated; its "step" only writes the date), and their ratios:

- one date step: ``performance.now()`` around the step function with the layout forced
  (script + style + layout, the work a frame must fit: target p95 < 16 ms), and around the step
  plus the next ``requestAnimationFrame`` (includes waiting for the frame boundary, so about
  one frame interval even for an empty step);
- time to interactive: from navigation start to the end of the page's set-up (target < 1 s);
- page size against the inlined Leaflet (target: page < 1 MB + Leaflet).

Usage::

    python bench/bench_timeline.py [--data PATH] [--rounds 10]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from siversk_map import load_dataset
from siversk_map.export.html import export_site
from siversk_map.render.assets import load_assets
from siversk_map.render.features import base_rows, feature_collection
from siversk_map.render.timeline import build_timeline_data

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

BASELINE = Environment(autoescape=True).from_string(
    """<!DOCTYPE html><html><head><meta charset="utf-8">
{% for c in css %}<style>{{ c }}</style>{% endfor %}
<style>#map { position: absolute; top: 40px; left: 0; right: 0; bottom: 0; }</style>
</head><body><div id="current-date"></div><div id="map"></div>
<script type="application/json" id="d">{{ data|tojson }}</script>
{% for j in js %}<script>{{ j }}</script>{% endfor %}
<script>
(function () {
  var D = JSON.parse(document.getElementById("d").textContent);
  var map = L.map("map", { keyboard: false }).setView(D.center, D.zoom);
  SiverskMap.geojsonLayer({ type: "FeatureCollection", features: D.base }, { labels: true })
    .addTo(map);
  var i = D.dates.length - 1;
  window.SiverskTimeline = {
    data: D,
    go: function (k) {
      i = k;
      document.getElementById("current-date").textContent = D.dates[k];
      return k;
    },
    ready: performance.now()
  };
})();
</script></body></html>"""
)

MEASURE = """
async ([rounds]) => {
  const T = window.SiverskTimeline, n = T.data.dates.length;
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const order = [];
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < n; k++) order.push(k);
    for (let k = n - 1; k >= 0; k--) order.push(k);
    for (let k = 0; k < n; k++) order.push((k * 7 + r) % n);
  }
  const sync = [], withFrame = [];
  for (const k of order) {
    await frame();
    let t0 = performance.now();
    T.go(k);
    void document.body.getBoundingClientRect().height;  // force style and layout now
    sync.push(performance.now() - t0);
    await frame();
    t0 = performance.now();
    T.go((k + 1) % n);
    await frame();
    withFrame.push(performance.now() - t0);
  }
  return { sync: sync, frame: withFrame };
}
"""


def p95(values: list[float]) -> float:
    """95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(browser: Any, url: str, rounds: int) -> dict[str, Any]:
    """Time to interactive and step times of one page."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:", "about:"))
            else route.abort()
        ),
    )
    tti = []
    for _ in range(5):
        page.goto(url)
        page.wait_for_function("() => window.SiverskTimeline !== undefined")
        tti.append(float(page.evaluate("() => SiverskTimeline.ready")))
    times = page.evaluate(MEASURE, [rounds])
    context.close()
    if errors:
        raise SystemExit(f"page errors in {url}: {errors}")
    return {
        "tti_ms": statistics.median(tti),
        "sync_p95_ms": p95(times["sync"]),
        "sync_median_ms": statistics.median(times["sync"]),
        "frame_p95_ms": p95(times["frame"]),
        "frame_median_ms": statistics.median(times["frame"]),
        "steps": len(times["sync"]),
    }


def main() -> None:
    """Build the site, measure the timeline and the baseline, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="data-set folder (default: bundled Siversk)")
    parser.add_argument("--rounds", type=int, default=10, help="rounds over every date")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    ds = load_dataset(args.data) if args.data else load_dataset()
    assets = load_assets()
    leaflet_bytes = len(assets.js[0].encode()) + len(assets.css[0].encode())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        export_site(ds, out)
        timeline = out / "index.html"
        data = build_timeline_data(ds)
        baseline = Path(tmp) / "baseline.html"
        baseline.write_text(
            BASELINE.render(
                data={
                    "dates": data["dates"],
                    # The baseline draws the base map from plain GeoJSON.
                    "base": feature_collection(base_rows(ds), decimals=5)["features"],
                    "center": data["center"],
                    "zoom": data["zoom"],
                },
                css=[Markup(c) for c in assets.css],
                js=[Markup(j) for j in assets.js],
            ),
            encoding="utf-8",
        )
        page_bytes = timeline.stat().st_size
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            base = measure(browser, baseline.as_uri(), args.rounds)
            tl = measure(browser, timeline.as_uri(), args.rounds)
            browser.close()
    rows = [
        ("step p95, script+layout (ms)", tl["sync_p95_ms"], base["sync_p95_ms"], 16.0),
        ("step median, script+layout (ms)", tl["sync_median_ms"], base["sync_median_ms"], None),
        ("step p95, to next frame (ms)", tl["frame_p95_ms"], base["frame_p95_ms"], None),
        ("step median, to next frame (ms)", tl["frame_median_ms"], base["frame_median_ms"], None),
        ("time to interactive, median of 5 (ms)", tl["tti_ms"], base["tti_ms"], 1000.0),
    ]
    print(f"data set: {ds.manifest.name}, {len(ds.dates)} dates, {tl['steps']} steps measured")
    print(f"{'measure':40s} {'timeline':>10s} {'baseline':>10s} {'ratio':>7s} {'target':>8s}")
    for name, value, ref, target in rows:
        ratio = value / ref if ref else float("nan")
        goal = "" if target is None else ("ok" if value < target else "MISSED")
        print(f"{name:40s} {value:10.2f} {ref:10.2f} {ratio:7.2f} {goal:>8s}")
    own = page_bytes - leaflet_bytes
    print(
        f"page size: {page_bytes / 1e6:.3f} MB; inlined Leaflet {leaflet_bytes / 1e6:.3f} MB; "
        f"page without Leaflet {own / 1e6:.3f} MB "
        f"({'ok' if own < 1_000_000 else 'MISSED'} < 1 MB); "
        f"ratio page / Leaflet {page_bytes / leaflet_bytes:.2f}"
    )
    print(
        json.dumps(
            {
                "timeline": tl,
                "baseline": base,
                "page_bytes": page_bytes,
                "leaflet_bytes": leaflet_bytes,
            },
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    main()
