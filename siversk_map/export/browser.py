"""Screenshots and PDFs of the Leaflet pages in headless Chromium, offline.

The page is written to a private temporary folder, opened with every network request refused,
and captured: what the snapshot shows is exactly what the interactive map shows.
"""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..errors import ExportError
from ..extras import require_extra
from ..render.packed import UNPACKED_JS

__all__ = ["CHROMIUM_ARGS", "FINISH_JS", "capture_page", "find_chromium"]

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


#: Run in a per-date page before its capture: a finished picture, not the interactive page.
#: The zoom buttons, the layer control and the navigation links are hidden; the title, the
#: figures and the legend move to a column beside the map and the notes to a strip under it,
#: so no box covers a place label; the map fills the rest (no empty strip) and its labels are
#: placed again for its new size.
FINISH_JS = """
() => {
  const map = Object.values(window).find((v) => v instanceof L.Map);
  const box = map.getContainer();
  const centre = map.getCenter(), zoom = map.getZoom();
  const style = document.createElement('style');
  style.textContent = `
    html, body { margin: 0; height: 100%; overflow: hidden; background: #fff; }
    .leaflet-control-zoom, .leaflet-control-layers, .sm-title nav { display: none !important; }
    .leaflet-control-attribution { display: none !important; }
    .sm-shot { display: grid; grid-template-columns: 1fr 380px; grid-template-rows: 1fr auto;
      width: 100vw; height: 100vh; }
    .sm-shot-side { grid-column: 2; grid-row: 1; overflow: hidden; padding: 6px 8px;
      border-left: 1px solid #90a4ae; font-size: 12px; }
    .sm-shot-foot { grid-column: 1 / 3; grid-row: 2; padding: 4px 8px; font-size: 9.5px;
      line-height: 1.2; border-top: 1px solid #90a4ae; }
    .sm-shot-foot .sm-note { column-count: 3; column-gap: 16px; max-width: none; }
    .sm-shot-side .sm-legend { column-count: 2; column-gap: 8px; max-width: none; font-size: 11px; }
    .sm-shot-side .sm-legend b { column-span: all; display: block; }
    .sm-shot-side .sm-panel { font-size: 11px; }
    .sm-shot .sm-box { position: static; box-shadow: none; max-height: none; max-width: none;
      margin: 0 0 6px 0; padding: 0; background: none; }
    .sm-shot .sm-title h1 { font-size: 15px; }
    .sm-shot-map { grid-column: 1; grid-row: 1; position: relative; min-height: 0; }
    .sm-shot-map > .leaflet-container { position: absolute !important; inset: 0;
      width: 100% !important; height: 100% !important; }`;
  document.head.appendChild(style);
  const shot = document.createElement('div');
  shot.className = 'sm-shot';
  const holder = document.createElement('div');
  holder.className = 'sm-shot-map';
  const side = document.createElement('div');
  side.className = 'sm-shot-side';
  const foot = document.createElement('div');
  foot.className = 'sm-shot-foot';
  box.parentNode.insertBefore(shot, box);
  holder.appendChild(box);
  shot.append(holder, side, foot);
  const title = box.querySelector('.sm-title-box');
  if (title) { side.appendChild(title); }
  const legend = box.querySelector('.sm-legend');
  if (legend) { side.appendChild(legend.closest('.sm-box') || legend); }
  const panel = box.querySelector('.sm-panel-box');
  if (panel) { side.appendChild(panel); }
  const note = box.querySelector('.sm-note-box');
  if (note) { foot.appendChild(note); }
  map.invalidateSize({ animate: false });
  map.setView(centre, zoom, { animate: false });
  map.fire('resize');
  return new Promise((done) => requestAnimationFrame(() => { map.fire('moveend'); done(); }));
}
"""


def find_chromium() -> str:
    """Path of the Chromium to drive (``SIVERSK_MAP_CHROMIUM``, else ``chromium`` on PATH).

    Raises
    ------
    ExportError
        When none is found.
    """
    explicit = os.environ.get("SIVERSK_MAP_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise ExportError(
        "the browser renderer needs Chromium (apt-get install chromium, or set "
        "SIVERSK_MAP_CHROMIUM); use --renderer static otherwise"
    )


def capture_page(
    html: str,
    fmt: str,
    width: int,
    height: int,
    *,
    scale: float = 1.0,
    before: str | None = None,
) -> bytes:
    """Render an HTML page offline in headless Chromium and capture it.

    Parameters
    ----------
    html : str
        The whole page.
    fmt : {"png", "pdf"}
        A PNG screenshot of the viewport, or a one-page PDF of that size.
    width, height : int
        Viewport size in CSS pixels.
    scale : float
        Device scale factor for PNG (2 for a sharper image).
    before : str, optional
        JavaScript to run after load, before the capture.

    Returns
    -------
    bytes
    """
    require_extra("browser")
    if fmt not in ("png", "pdf"):
        raise ExportError(f"the browser renderer writes png or pdf, not {fmt}")
    executable = find_chromium()
    # Playwright's sync API refuses to run in a thread with a running asyncio loop (Jupyter, or
    # a caller already driving Playwright): a thread of its own has none.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        job = pool.submit(_capture, html, fmt, width, height, scale, before, executable)
        return job.result()


def _capture(
    html: str,
    fmt: str,
    width: int,
    height: int,
    scale: float,
    before: str | None,
    executable: str,
) -> bytes:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="siversk-map-") as folder:
        page_path = Path(folder) / "page.html"
        page_path.write_text(html, encoding="utf-8")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
                try:
                    context = browser.new_context(
                        viewport={"width": width, "height": height},
                        device_scale_factor=scale,
                        offline=True,
                    )
                    page = context.new_page()
                    page.route("**/*", _offline_route)
                    page.goto(page_path.as_uri())
                    page.wait_for_load_state("load")
                    page.wait_for_function(UNPACKED_JS)  # a packed page unpacked and started
                    if before:
                        page.evaluate(before)
                    page.wait_for_timeout(300)
                    if fmt == "png":
                        data: bytes = page.screenshot(type="png")
                    else:
                        page.emulate_media(media="screen")
                        data = page.pdf(
                            width=f"{width}px",
                            height=f"{height}px",
                            print_background=True,
                            page_ranges="1",
                        )
                finally:
                    browser.close()
        except PlaywrightError as exc:
            raise ExportError(f"Chromium failed: {exc}") from None
    return data


def _offline_route(route: Any) -> None:
    if route.request.url.startswith(("file:", "data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort()
