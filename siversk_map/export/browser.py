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

__all__ = ["CHROMIUM_ARGS", "capture_page", "find_chromium"]

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


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
