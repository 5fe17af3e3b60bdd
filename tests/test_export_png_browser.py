"""The timeline's "Export PNG" button: the current view as a PNG, made in the browser offline."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(bundled_site: Path) -> Path:
    return bundled_site


def test_export_png_draws_the_map_and_downloads(site: Path, offline_page, tmp_path: Path) -> None:
    page = offline_page.page
    offline_page.goto((site / "index.html").as_uri() + "#2025-12-13")
    page.wait_for_function("() => window.SiverskExport && window.SiverskTimeline")
    url = page.evaluate("() => window.SiverskExport.toDataURL(1)")
    assert url.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGB")
    pixels = np.asarray(image, dtype=np.int16).reshape(-1, 3)
    reddish = ((pixels[:, 0] > 200) & (pixels[:, 1] < 200) & (pixels[:, 2] < 200)).mean()
    bluish = ((pixels[:, 2] > 180) & (pixels[:, 0] < 200)).mean()
    assert reddish > 0.05, "Russian-held ground is not drawn"
    assert bluish > 0.05, "Ukrainian-held ground is not drawn"
    with page.expect_download() as info:
        page.click("#tl-export-png")
    download = info.value
    assert download.suggested_filename == "siversk_2025-12-13.png"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"\x89PNG")
    assert offline_page.errors == []
