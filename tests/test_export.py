"""Snapshots, animations and reports: vector where promised, deterministic, and looked at by
pixel comparison against a few baselines (tests/data/baselines/, regenerate with
SIVERSK_UPDATE_BASELINES=1)."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from PIL.GifImagePlugin import GifImageFile

from siversk_map import DataSet, ExportError, load_dataset
from siversk_map.errors import DateRangeError
from siversk_map.export.report_summary import summary_pages
from siversk_map.export.snapshot import (
    export_animation,
    export_report,
    export_snapshot,
    render_animation,
    render_snapshot_bytes,
)
from siversk_map.export.static import SnapshotStyle

from .browser import chromium_path
from .conftest import Run

BASELINES = Path(__file__).parent / "data" / "baselines"
SMALL = (640, 480)


@pytest.fixture(scope="module")
def ds() -> DataSet:
    return load_dataset()


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int16)


@pytest.mark.parametrize(
    ("name", "date", "compare"),
    [
        ("snapshot_2025-12-13", "2025-12-13", None),
        ("compare_2025-11-25_2025-12-16", "2025-12-16", "2025-11-25"),
    ],
)
def test_snapshot_matches_its_baseline(
    ds: DataSet, name: str, date: str, compare: str | None
) -> None:
    data = render_snapshot_bytes(ds, date, "png", size=SMALL, dpi=80, compare=compare)
    baseline = BASELINES / f"{name}.png"
    if os.environ.get("SIVERSK_UPDATE_BASELINES"):
        baseline.write_bytes(data)
    if not baseline.exists():
        pytest.fail(f"missing baseline {baseline}: run with SIVERSK_UPDATE_BASELINES=1")
    got, want = _pixels(data), _pixels(baseline.read_bytes())
    assert got.shape == want.shape
    diff = np.abs(got - want)
    # Tolerance for anti-aliasing and font hinting differences between machines.
    assert diff.mean() < 2.0, diff.mean()
    assert (diff.max(axis=2) > 80).mean() < 0.01


def test_snapshot_shows_the_map_colours(ds: DataSet) -> None:
    pixels = _pixels(render_snapshot_bytes(ds, "2025-12-13", "png", size=SMALL, dpi=80))
    flat = pixels.reshape(-1, 3)
    # Russian-held (pinkish red) and Ukrainian-held (light blue) areas both fill a good share.
    reddish = ((flat[:, 0] > 200) & (flat[:, 1] < 200) & (flat[:, 2] < 200)).mean()
    bluish = ((flat[:, 2] > 180) & (flat[:, 0] < 200)).mean()
    assert reddish > 0.1
    assert bluish > 0.1


def test_svg_and_pdf_are_vector(ds: DataSet) -> None:
    svg = render_snapshot_bytes(ds, "2025-12-15", "svg").decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "<image" not in svg  # no raster picture embedded
    assert svg.count("<path") > 100
    pdf = render_snapshot_bytes(ds, "2025-12-15", "pdf")
    assert pdf.startswith(b"%PDF")
    assert b"/Subtype /Image" not in pdf


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_snapshots_are_deterministic(ds: DataSet, fmt: str) -> None:
    a = render_snapshot_bytes(ds, "2025-12-11", fmt, size=SMALL, dpi=80)
    b = render_snapshot_bytes(ds, "2025-12-11", fmt, size=SMALL, dpi=80)
    assert a == b


def test_snapshot_outside_the_data_is_refused(ds: DataSet) -> None:
    with pytest.raises(DateRangeError, match="before the data's range"):
        render_snapshot_bytes(ds, "2020-01-01")
    with pytest.raises(DateRangeError, match="after the data's range"):
        render_snapshot_bytes(ds, "2030-01-01")


def _control_then_quiet(ds: DataSet, days: list[dt.date]) -> tuple[int, int]:
    """Indexes ``(p, q)`` in ``days``: a control date ``p`` (not the first) followed by ``q``, a
    date with no control features of its own."""
    control = ds.table[(ds.table["layer"] == "control") & (ds.table["status"] != "claimed")]
    control_days = set(control["date"])
    for p in range(1, len(days) - 1):
        if days[p] in control_days and days[p + 1] not in control_days:
            return p, p + 1
    raise AssertionError("no control date followed by an events-only date")


def test_gif_has_one_frame_per_date_and_holds_the_last(ds: DataSet) -> None:
    data = render_animation(ds, "gif", date_from="2025-12-10", fps=2, size=SMALL)
    image = Image.open(io.BytesIO(data))
    assert isinstance(image, GifImageFile)
    days = [d for d in ds.dates if d.isoformat() >= "2025-12-10"]
    assert image.n_frames == len(days)
    durations = []
    frames = []
    for number in range(image.n_frames):
        image.seek(number)
        durations.append(image.info["duration"])
        frames.append(np.asarray(image.convert("RGB"), dtype=np.int16))
    assert durations[:-1] == [500] * (len(days) - 1)
    assert durations[-1] == 3000
    # Where the control zones change (a control date against the date before it) the map area
    # differs a lot; on the next date, one with no control of its own (events only), the zones
    # stay and only the highlight of the previous change goes.
    i13, i14 = _control_then_quiet(ds, days)
    i11 = i13 - 1
    h, w = frames[0].shape[:2]
    map_area = (slice(int(h * 0.12), int(h * 0.85)), slice(int(w * 0.02), int(w * 0.70)))
    changed = np.abs(frames[i13][map_area] - frames[i11][map_area]).max(axis=2) > 30
    same = np.abs(frames[i14][map_area] - frames[i13][map_area]).max(axis=2) > 30
    assert changed.mean() > 0.002
    assert same.mean() < changed.mean()


def test_mp4_is_written(ds: DataSet, tmp_path: Path) -> None:
    pytest.importorskip("imageio_ffmpeg", reason="MP4 needs imageio-ffmpeg")
    out = export_animation(ds, tmp_path / "a.mp4", date_from="2025-12-13", fps=4)
    data = out.read_bytes()
    assert data[4:8] == b"ftyp" and len(data) > 10_000


def test_report_has_a_summary_and_one_page_per_date(ds: DataSet, tmp_path: Path) -> None:
    written = export_report(ds, tmp_path / "r.pdf", date_from="2025-12-13")
    by_suffix = {p.suffix: p.read_bytes() for p in written}
    pdf, csv = by_suffix[".pdf"], by_suffix[".csv"]
    days = [d for d in ds.dates if d.isoformat() >= "2025-12-13"]
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    summary = summary_pages(ds, days, SnapshotStyle(width=1754, height=1240, dpi=150))
    assert len(summary) >= 1
    assert pages == len(days) + len(summary)
    lines = csv.decode().splitlines()
    assert lines[0].startswith("date,side,area_km2,gained_km2,lost_km2,net_km2")
    assert {line.split(",")[0] for line in lines[1:]} == {d.isoformat() for d in days}


def test_exports_never_replace_a_foreign_file(ds: DataSet, tmp_path: Path) -> None:
    mine = tmp_path / "figure.png"
    mine.write_bytes(b"my own figure")
    with pytest.raises(ExportError, match="--force"):
        export_snapshot(ds, "2025-12-13", mine, size=SMALL, dpi=80)
    assert mine.read_bytes() == b"my own figure"
    export_snapshot(ds, "2025-12-13", mine, size=SMALL, dpi=80, force=True)
    assert mine.read_bytes().startswith(b"\x89PNG")


def test_cli_snapshot_compare_and_report(run: Run, tmp_path: Path) -> None:
    code, _, err = run(
        "snapshot",
        "2025-12-16",
        "--compare",
        "2025-11-25",
        "--size",
        "800x600",
        "--dpi",
        "80",
        "--out",
        tmp_path / "c.svg",
    )
    assert code == 0, err
    assert (tmp_path / "c.svg").read_bytes().lstrip().startswith(b"<?xml")
    code, _, err = run(
        "snapshot",
        "2025-12-16",
        "--renderer",
        "browser",
        "--format",
        "svg",
        "--out",
        tmp_path / "x.svg",
    )
    assert code == 2 and "static" in err
    with pytest.raises(SystemExit) as exc:
        run("snapshot", "2025-12-16", "--size", "12")
    assert exc.value.code == 2


@pytest.mark.browser
def test_browser_capture_works_beside_a_running_event_loop(chromium: Any) -> None:
    """Beside the tests' own Playwright (the ``chromium`` fixture), as in Jupyter: an asyncio
    loop already runs in this thread, where Playwright's sync API refuses to start."""
    from siversk_map.export.browser import capture_page

    assert capture_page("<html><body>x</body></html>", "png", 120, 80).startswith(b"\x89PNG")


@pytest.mark.browser
def test_browser_snapshot_is_the_leaflet_map(ds: DataSet, tmp_path: Path) -> None:
    if chromium_path() is None and not os.environ.get("CI"):
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    data = render_snapshot_bytes(
        ds, "2025-12-13", "png", size=(900, 700), dpi=96, renderer="browser"
    )
    pixels = _pixels(data)
    assert pixels.shape[:2] == (700, 900)
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 200
    pdf = render_snapshot_bytes(ds, "2025-12-13", "pdf", size=(900, 700), renderer="browser")
    assert pdf.startswith(b"%PDF")


def test_the_inset_names_an_oblast_only_when_it_holds_the_frame() -> None:
    from siversk_map.export.static_draw import _inset_oblast, frame_lonlat, scale_length_km

    town = _inset_oblast((37.95, 48.78, 38.25, 48.95))  # around Siversk
    assert town is not None and town.name == "Donetsk Oblast"
    assert _inset_oblast((36.0, 47.0, 39.5, 49.5)) is None  # four oblasts and Russia
    assert _inset_oblast((10.0, 10.0, 11.0, 11.0)) is None  # not in Ukraine
    from pyproj import Transformer

    w, s, e, n = frame_lonlat(400_000.0, 600_000.0, 5_400_000.0, 5_500_000.0, "EPSG:32637")
    back = Transformer.from_crs("EPSG:32637", "OGC:CRS84", always_xy=True)
    for x, y in [(400_000, 5_400_000), (600_000, 5_500_000), (500_000, 5_500_000)]:
        lon, lat = back.transform(x, y)
        assert w - 1e-9 <= lon <= e + 1e-9 and s - 1e-9 <= lat <= n + 1e-9
    assert 37.5 < w < 37.7 and 40.3 < e < 40.5  # about 1.4 degrees each side of 39 E
    # Wide frames (a whole front) get a bar of a round length, a sixth of the width or more.
    for span in (3.0, 20.0, 90.0, 400.0, 1100.0, 5000.0):
        length = scale_length_km(span)
        assert length >= span / 6 and str(length).strip("0") in ("1", "2", "5"), span
