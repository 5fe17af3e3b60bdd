"""Benchmark of the timeline page in headless Chromium (network off). A script, not a test.

Prints, for the timeline page and for a baseline page measured in the same run (Leaflet with the
same base layers and nothing dated; its "step" only writes the date), and their ratios:

- one date step: ``performance.now()`` around the step function with the layout forced
  (script + style + layout, the work a frame must fit: target p95 < 16 ms), and around the step
  plus the next ``requestAnimationFrame`` (includes waiting for the frame boundary, so about
  one frame interval even for an empty step);
- time to interactive: from navigation start to the end of the page's set-up (target < 1 s);
- page size against the inlined Leaflet (target: page < 1 MB + Leaflet).

The measuring code is shared with ``bench_scale.py --daily N --browser``: ``measure`` steps any
page through ``window.__step`` (``STEPPER``: a siversk-map timeline, or folium's
TimestampedGeoJson through its TimeDimension), reads the JS heap after a forced garbage
collection, and times Compare; ``CdnLibraries`` installs the libraries a folium page loads from
CDNs with npm (into a temporary folder, at bench time) and serves them to the page by URL, so
the folium page draws with the network off.

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

# Makes window.__step = {n, go(k)} for either kind of page: a siversk-map timeline (or the plain
# Leaflet page above) through SiverskTimeline.go, folium's TimestampedGeoJson through its map's
# TimeDimension (setCurrentTimeIndex, what its control's buttons call; its player stopped).
# Returns the number of dates, 0 while the page is not ready.
STEPPER = """
() => {
  if (window.__step) { return window.__step.n; }
  const T = window.SiverskTimeline;
  if (T) {
    window.__step = { n: T.data.dates.length, go: (k) => T.go(k), kind: "siversk" };
    return window.__step.n;
  }
  if (!window.L) { return 0; }
  const name = Object.keys(window).find(
    (k) => /^map_/.test(k) && window[k] instanceof L.Map && window[k].timeDimension);
  if (!name) { return 0; }
  const td = window[name].timeDimension, n = td.getAvailableTimes().length;
  if (!n) { return 0; }
  const control = window.timeDimensionControl;
  if (control && control._player) { control._player.stop(); }
  window.__step = { n: n, go: (k) => td.setCurrentTimeIndex(k), kind: "timedimension" };
  return n;
}
"""

MEASURE = """
async ([rounds]) => {
  const S = window.__step, n = S.n;
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
    S.go(k);
    void document.body.getBoundingClientRect().height;  // force style and layout now
    sync.push(performance.now() - t0);
    await frame();
    t0 = performance.now();
    S.go((k + 1) % n);
    await frame();
    withFrame.push(performance.now() - t0);
  }
  return { sync: sync, frame: withFrame };
}
"""

# Every date once, in order, each one painted.
VISIT = """
async () => {
  const S = window.__step;
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  for (let k = 0; k < S.n; k++) { S.go(k); await frame(); }
  await frame();
  return S.n;
}
"""

# Compare (siversk-map pages): the time from picking a pair to its painted frame, with the
# gained and lost ground and the deepest advance of the pair (never stored past consecutive
# dates: joined from the faces and measured in the page). The first pick opens Compare (makes
# the second map); then far pairs spread over the dates, each new to the page.
COMPARE = """
async () => {
  const T = window.SiverskTimeline, n = T.data.dates.length;
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const pairs = [[0, n - 1]];
  for (let k = 1; k <= 12; k++) {
    const a = Math.floor((k * 37) % Math.max(1, Math.floor(n / 3)));
    const b = n - 1 - Math.floor((k * 53) % Math.max(1, Math.floor(n / 3)));
    if (a < b) { pairs.push([a, b]); pairs.push([b, a]); }
  }
  const out = [];
  for (const [a, b] of pairs) {
    await frame();
    const t0 = performance.now();
    T.compare(a, b);
    await frame();
    const s = T.pair(a, b).sides.ru;
    out.push([a, b, performance.now() - t0, s ? s.gained_km2 : null]);
  }
  return out;
}
"""

# What folium 0.20's TimestampedGeoJson page loads from CDNs, as npm packages: URL prefix ->
# (package to install, folder in it). jsDelivr's /npm/ URLs map to their package as they are.
CDN_PACKAGES = {
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery@3.7.1", "dist/jquery.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js": (
        "jquery@3.7.1",
        "dist/jquery.min.js",
    ),
    # jQuery UI 1.10.2 is not on npm; jquery-ui@1.10.4 holds the built 1.10.3 (CommonJS: its
    # first line requires jquery, read here from the page's global).
    "https://cdnjs.cloudflare.com/ajax/libs/jqueryui/1.10.2/jquery-ui.min.js": (
        "jquery-ui@1.10.4",
        "jquery-ui.js",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/moment.js/2.18.1/moment.min.js": (
        "moment@2.18.1",
        "min/moment.min.js",
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/highlight.js/8.4/styles/default.min.css": (
        "highlight.js@8.4.0",
        "styles/default.css",
    ),
    # The package has no minified copy.
    "https://cdn.jsdelivr.net/npm/iso8601-js-period@0.2.1/iso8601.min.js": (
        "iso8601-js-period@0.2.1",
        "iso8601.js",
    ),
}
JSDELIVR_NPM = "https://cdn.jsdelivr.net/npm/"
MIME = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
}


def folium_urls() -> list[str]:
    """The URLs of the scripts and style sheets a folium TimestampedGeoJson page loads."""
    import folium.folium
    from folium.plugins import TimestampedGeoJson

    lists = [
        folium.folium._default_js,
        folium.folium._default_css,
        TimestampedGeoJson.default_js,
        TimestampedGeoJson.default_css,
    ]
    return [url for entries in lists for _, url in entries]


def _package_of(url: str) -> tuple[str, str] | None:
    """(npm spec, path in the package) for a CDN URL, or None when npm does not hold it."""
    if url in CDN_PACKAGES:
        return CDN_PACKAGES[url]
    if url.startswith(JSDELIVR_NPM):
        rest = url[len(JSDELIVR_NPM) :]
        scoped = rest.startswith("@")
        parts = rest.split("/", 2 if scoped else 1)
        spec = "/".join(parts[:2]) if scoped else parts[0]
        return spec, parts[-1]
    return None


class CdnLibraries:
    """folium's CDN libraries installed with npm into ``folder``, served to pages by URL.

    ``route(route)`` is a Playwright route handler: it answers the URLs of these libraries (and
    the files their style sheets load from the same package) from the installed packages,
    lets ``file:``/``data:``/``about:`` through and aborts everything else, so the page stays
    offline. ``missing`` lists the URLs npm does not hold (left unanswered).
    """

    def __init__(self, folder: Path) -> None:
        import subprocess

        wanted = {url: _package_of(url) for url in folium_urls()}
        self.missing = sorted(url for url, pkg in wanted.items() if pkg is None)
        specs = sorted({pkg[0] for pkg in wanted.values() if pkg} | {"leaflet@1.9.3"})
        self.folder = folder
        command = ["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", "--no-save"]
        done = subprocess.run(
            [*command, "--prefix", str(folder), *specs],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"npm install {' '.join(specs)} failed: {done.stderr[-800:]}")
        self.prefixes: dict[str, Path] = {}
        self.files: dict[str, Path] = {}
        for url, pkg in wanted.items():
            if pkg is None:
                continue
            spec, inner = pkg
            name = spec.rsplit("@", 1)[0] if spec.count("@") > spec.startswith("@") else spec
            root = folder / "node_modules" / name
            if not (root / inner).is_file():
                raise RuntimeError(f"{spec} has no {inner} (for {url})")
            self.files[url] = root / inner
            if url.startswith(JSDELIVR_NPM):
                self.prefixes[JSDELIVR_NPM + spec + "/"] = root
        self.served: set[str] = set()
        self.blocked: set[str] = set()

    def _body(self, url: str) -> tuple[bytes, str] | None:
        path = self.files.get(url)
        if path is None:
            for prefix, root in self.prefixes.items():
                if url.startswith(prefix):
                    candidate = (root / url[len(prefix) :].split("?")[0].split("#")[0]).resolve()
                    if candidate.is_file() and root.resolve() in candidate.parents:
                        path = candidate
                    break
        if path is None:
            return None
        body = path.read_bytes()
        if path.name == "jquery-ui.js":
            body = body.replace(b"var jQuery = require('jquery');", b"var jQuery = window.jQuery;")
        ext = path.suffix
        return body, MIME.get(ext, "application/octet-stream")

    def route(self, route: Any) -> None:
        """Playwright route handler (see the class)."""
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
            return
        found = self._body(url)
        if found is None:
            self.blocked.add(url)
            route.abort()
            return
        self.served.add(url)
        route.fulfill(status=200, body=found[0], content_type=found[1])


def cdn_libraries(folder: Path) -> CdnLibraries | None:
    """folium's CDN libraries from npm, or None (with the reason printed) when npm fails."""
    import shutil

    if shutil.which("npm") is None:
        print("npm not found: the folium baseline cannot be drawn offline; skipped")
        return None
    try:
        return CdnLibraries(folder)
    except (RuntimeError, OSError, TimeoutError) as exc:
        print(f"npm unreachable or failing ({exc}): the folium baseline is skipped")
        return None


def _offline_only(route: Any) -> None:
    if route.request.url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:
        route.abort()


def _heap_mib(context: Any, page: Any) -> float:
    """JS heap in use (MiB) after a forced full garbage collection (Chromium DevTools)."""
    cdp = context.new_cdp_session(page)
    cdp.send("HeapProfiler.collectGarbage")
    cdp.send("HeapProfiler.collectGarbage")
    used = float(cdp.send("Runtime.getHeapUsage")["usedSize"])
    cdp.detach()
    return used / 2**20


def p95(values: list[float]) -> float:
    """95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(
    browser: Any,
    url: str,
    rounds: int,
    libraries: CdnLibraries | None = None,
    loads: int = 5,
    heap: bool = False,
    compare: bool = False,
) -> dict[str, Any]:
    """Time to interactive, step times and (``heap``) JS heap of one page.

    The page is stepped through ``window.__step`` (``STEPPER``), so the timeline and folium's
    TimestampedGeoJson are stepped the same way. Network: ``file:`` only, plus the CDN
    libraries of ``libraries`` when given. ``heap``: the JS heap after a forced garbage
    collection, once loaded and once every date was visited (each painted), before the steps
    are timed. Time to interactive (``SiverskTimeline.ready``) only for siversk-map pages.
    ``compare`` (siversk-map pages): then the time from picking a pair in Compare to its painted
    frame (``COMPARE``): the first pick, which opens Compare, and far pairs new to the page.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", libraries.route if libraries else _offline_only)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    tti = []
    for _ in range(max(loads, 1)):
        page.goto(url, timeout=300_000)
        page.wait_for_function(STEPPER, timeout=300_000)
        ready = page.evaluate("() => window.SiverskTimeline ? SiverskTimeline.ready : null")
        if ready is not None:
            tti.append(float(ready))
    out: dict[str, Any] = {}
    if heap:
        out["heap_load_mib"] = _heap_mib(context, page)
        out["dates"] = page.evaluate(VISIT)
        out["heap_mib"] = _heap_mib(context, page)
    times = page.evaluate(MEASURE, [rounds])
    if compare and page.evaluate("() => window.__step.kind") == "siversk":
        picks = page.evaluate(COMPARE)
        out["compare_open_ms"] = picks[0][2]
        rest = [row[2] for row in picks[1:]]
        out["compare_ms"] = rest
        out["compare_max_ms"] = max(rest) if rest else None
        out["compare_median_ms"] = statistics.median(rest) if rest else None
    context.close()
    if errors:
        raise SystemExit(f"page errors in {url}: {errors}")
    out.update(
        {
            "tti_ms": statistics.median(tti) if tti else None,
            "sync_p95_ms": p95(times["sync"]),
            "sync_median_ms": statistics.median(times["sync"]),
            "frame_p95_ms": p95(times["frame"]),
            "frame_median_ms": statistics.median(times["frame"]),
            "steps": len(times["sync"]),
        }
    )
    return out


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
