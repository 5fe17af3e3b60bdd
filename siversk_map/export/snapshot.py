"""Snapshots, animations and reports: the exports an analyst puts into a report.

Everything is rendered in memory first, then written through :class:`OutputFolder` (atomic,
never over a file siversk-map did not write unless ``force``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import shapely

from ..dataset import DataSet
from ..errors import ExportError
from ..extras import require_extra
from .outputs import OutputFolder
from .progress import progress
from .report_summary import summary_pages
from .static import figure_bytes, render_snapshot
from .static_style import Framing, SnapshotStyle
from .static_text import change_rows

__all__ = [
    "export_animation",
    "export_report",
    "export_snapshot",
    "parse_size",
    "render_animation",
    "render_report",
    "render_snapshot_bytes",
]

FORMATS = ("png", "svg", "pdf")


def parse_size(text: str) -> tuple[int, int]:
    """Read ``WIDTHxHEIGHT`` in pixels.

    Examples
    --------
    >>> parse_size("1600x1200")
    (1600, 1200)
    """
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"size must be WIDTHxHEIGHT in pixels, got {text!r}") from None
    if not (200 <= width <= 10000 and 200 <= height <= 10000):
        raise ValueError(f"size {text!r} out of range (200..10000 pixels each way)")
    return width, height


def _write(out: Path, data: bytes, force: bool) -> Path:
    out = Path(out)
    return OutputFolder(out.parent if str(out.parent) else Path("."), force=force).write_all(
        {out.name: data}
    )[0]


def render_snapshot_bytes(
    ds: DataSet,
    date: dt.date | str,
    fmt: str = "png",
    *,
    size: tuple[int, int] = (1600, 1200),
    dpi: int = 150,
    renderer: str = "static",
    compare: dt.date | str | None = None,
    latest: bool = False,
    framing: Framing | None = None,
    lang: str = "en",
    preset: str | None = None,
) -> bytes:
    """A snapshot of a date as image bytes (nothing is written).

    Parameters
    ----------
    ds : DataSet
    date : datetime.date or str
    fmt : {"png", "svg", "pdf"}
    size : tuple of int
        Width and height in pixels.
    dpi : int
        Resolution (static renderer; the browser renderer uses it as a scale over 96 dpi).
    renderer : {"static", "browser"}
        matplotlib (reproducible, vector SVG/PDF) or headless Chromium (what the map shows).
    compare : datetime.date or str, optional
        An earlier date shown side by side, with the change between them.
    latest : bool
        Draw the last date's state (stamped with its own date) when ``date`` is after the data's
        range, instead of refusing it.
    framing : Framing, optional
        What the frame shows and the title (static renderer).
    lang : {"en", "uk"}
        Language of the map labels and the figure's own texts.
    preset : {"column", "half-page", "full-page", "slide"}, optional
        A print size with its smallest type size (see :mod:`.presets`); replaces ``size`` and
        ``dpi`` (static renderer).

    Returns
    -------
    bytes

    Raises
    ------
    DateRangeError
        A date outside the data's range (after it only without ``latest``).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if not ds.dates:
        raise ExportError("the data set has no dated layers to draw")
    day = ds.check_date(date, latest=latest)
    if compare is not None:
        compare = ds.check_date(compare)
    if preset is not None:
        from .presets import get_preset, render_print

        chosen = get_preset(preset)
        if renderer != "static":
            raise ExportError("--preset is drawn by the static renderer; use --renderer static")
        import matplotlib.pyplot as plt

        fig = render_print(ds, day, chosen, compare=compare, framing=framing, lang=lang)
        try:
            return figure_bytes(fig, fmt)
        finally:
            plt.close(fig)
    if renderer == "browser":
        if framing is not None and framing != Framing():
            raise ExportError(
                "--bbox, --centre, --zoom, --frame and --title are drawn by the "
                "static renderer; use --renderer static"
            )
        require_extra("browser")  # before any work
    if renderer == "static":
        import matplotlib.pyplot as plt

        style = SnapshotStyle(width=size[0], height=size[1], dpi=dpi, framing=framing or Framing())
        fig = render_snapshot(ds, day, compare=compare, style=style, lang=lang)
        try:
            return figure_bytes(fig, fmt)
        finally:
            plt.close(fig)
    if renderer == "browser":
        from ..render.page import render_date_map
        from .browser import FINISH_JS, capture_page

        if fmt == "svg":
            raise ExportError(
                "the browser renderer writes png or pdf; use --renderer static for svg"
            )
        if compare is not None:
            raise ExportError("--compare is drawn by the static renderer; use --renderer static")
        html = render_date_map(ds, day, lang=lang).get_root().render()
        return capture_page(
            html, fmt, size[0], size[1], scale=max(dpi / 96.0, 1.0), before=FINISH_JS
        )
    raise ExportError(f"unknown renderer {renderer!r}: use static or browser")


def export_snapshot(
    ds: DataSet,
    date: dt.date | str,
    out: str | Path,
    *,
    fmt: str | None = None,
    size: tuple[int, int] = (1600, 1200),
    dpi: int = 150,
    renderer: str = "static",
    compare: dt.date | str | None = None,
    force: bool = False,
    latest: bool = False,
    framing: Framing | None = None,
    lang: str = "en",
    preset: str | None = None,
) -> Path:
    """Write a snapshot of a date (see :func:`render_snapshot_bytes`); the format defaults to
    the file's suffix.

    Returns
    -------
    Path
        The file written.
    """
    out = Path(out)
    fmt = fmt or out.suffix.lstrip(".").lower() or "png"
    data = render_snapshot_bytes(
        ds,
        date,
        fmt,
        size=size,
        dpi=dpi,
        renderer=renderer,
        compare=compare,
        latest=latest,
        framing=framing,
        lang=lang,
        preset=preset,
    )
    return _write(out, data, force)


def _dates(ds: DataSet, date_from: Any, date_to: Any) -> list[dt.date]:
    start = ds.check_date(date_from) if date_from else None
    end = ds.check_date(date_to) if date_to else None
    if start is not None and end is not None and start > end:
        raise ExportError(f"the range's start {start} is after its end {end}")
    chosen = [d for d in ds.dates if (start is None or d >= start) and (end is None or d <= end)]
    if not chosen:
        raise ExportError("no dates of the data set fall in the range asked for")
    return chosen


def _animation_framing(ds: DataSet, days: list[dt.date], framing: Framing | None) -> Framing:
    """A frame that follows the change is fixed over an animation: the ground that changed
    between any two of its consecutive dates, so frames don't jump."""
    framing = framing or Framing()
    if framing.frame != "change" or framing.bbox is not None or framing.centre is not None:
        return framing
    parts = []
    for before, after in itertools.pairwise(days):
        a, b = ds.state(before).held, ds.state(after).held
        for side in set(a) | set(b):
            parts.append(
                a.get(side, shapely.Polygon()).symmetric_difference(b.get(side, shapely.Polygon()))
            )
    changed = shapely.union_all(parts) if parts else None
    if changed is None or changed.is_empty:
        return dataclasses.replace(framing, frame="view")
    w, s, e, n = changed.bounds
    dx, dy = (e - w) * 0.08, (n - s) * 0.08
    return dataclasses.replace(framing, bbox=(w - dx, s - dy, e + dx, n + dy))


def render_animation(
    ds: DataSet,
    fmt: str = "gif",
    *,
    date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None,
    fps: float = 1.0,
    hold_s: float = 3.0,
    size: tuple[int, int] = (1200, 900),
    quiet: bool = True,
    framing: Framing | None = None,
) -> bytes:
    """One frame per date (with its date and change figures), holding on the last frame.

    Parameters
    ----------
    fmt : {"gif", "mp4"}
        GIF (Pillow) or MP4 (H.264 through the ffmpeg of ``imageio-ffmpeg``).
    fps : float
        Frames (dates) per second.
    hold_s : float
        How long the last frame stays.

    Returns
    -------
    bytes
    """
    import matplotlib.pyplot as plt
    from PIL import Image

    if not 0 < fps <= 30:  # false for NaN too
        raise ExportError("--fps must be in (0, 30]")
    if fmt == "mp4":
        require_extra("video")  # before rendering any frame
    days = _dates(ds, date_from, date_to)
    frames: list[Image.Image] = []
    style = SnapshotStyle(
        width=size[0], height=size[1], dpi=100, framing=_animation_framing(ds, days, framing)
    )
    for day in progress(days, "frames", quiet=quiet):
        fig = render_snapshot(ds, day, style=style)
        try:
            png = figure_bytes(fig, "png")
        finally:
            plt.close(fig)
        frames.append(Image.open(io.BytesIO(png)).convert("RGB"))
    if fmt == "gif":
        # One shared palette keeps colours stable from frame to frame.
        palette = frames[-1].quantize(colors=255, method=Image.Quantize.MEDIANCUT)
        quantised = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
        durations = [round(1000 / fps)] * (len(frames) - 1) + [round(1000 * hold_s)]
        buffer = io.BytesIO()
        quantised[0].save(
            buffer,
            format="GIF",
            save_all=True,
            append_images=quantised[1:],
            duration=durations,
            loop=0,
            optimize=False,
        )
        return buffer.getvalue()
    if fmt == "mp4":
        return _mp4(frames, fps, hold_s)
    raise ExportError(f"unknown animation format {fmt!r}: use gif or mp4")


def _mp4(frames: list[Any], fps: float, hold_s: float) -> bytes:
    require_extra("video")
    import imageio_ffmpeg

    rate = 10  # encode at 10 frames per second, repeating each date's frame
    per_date = max(1, round(rate / fps))
    sequence = [f for f in frames[:-1] for _ in range(per_date)]
    sequence += [frames[-1]] * max(1, round(rate * hold_s))
    with tempfile.TemporaryDirectory(prefix="siversk-map-") as folder:
        for number, frame in enumerate(sequence):
            frame.save(Path(folder) / f"{number:05d}.png")
        target = Path(folder) / "out.mp4"
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-loglevel",
            "error",
            "-y",
            "-framerate",
            str(rate),
            "-i",
            str(Path(folder) / "%05d.png"),
            "-vf",
            "pad=ceil(iw/2)*2:ceil(ih/2)*2",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-threads",
            "1",
            "-fflags",
            "+bitexact",
            "-flags:v",
            "+bitexact",
            "-map_metadata",
            "-1",
            str(target),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise ExportError(f"ffmpeg failed: {result.stderr.strip()[:500]}")
        return target.read_bytes()


def export_animation(
    ds: DataSet,
    out: str | Path,
    *,
    date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None,
    fps: float = 1.0,
    force: bool = False,
    quiet: bool = True,
    framing: Framing | None = None,
) -> Path:
    """Write an animation (GIF or MP4, from the file's suffix); see :func:`render_animation`."""
    out = Path(out)
    fmt = out.suffix.lstrip(".").lower()
    if fmt not in ("gif", "mp4"):
        raise ExportError(f"{out}: the animation file must end in .gif or .mp4")
    data = render_animation(
        ds, fmt, date_from=date_from, date_to=date_to, fps=fps, quiet=quiet, framing=framing
    )
    return _write(out, data, force)


def render_report(
    ds: DataSet,
    *,
    date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None,
    quiet: bool = True,
    framing: Framing | None = None,
) -> tuple[bytes, bytes]:
    """A multi-page PDF report and its change table as CSV.

    The first page summarises the period: a chart of the area held by each side, the advance,
    the front's distance to the city, and the key events with their sources. Then one page per
    date: its map, its change table and its events with sources.

    Returns
    -------
    tuple of bytes
        ``(pdf, csv)``.
    """
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    days = _dates(ds, date_from, date_to)
    buffer = io.BytesIO()
    metadata = {
        "Creator": None,
        "Producer": None,
        "CreationDate": None,
        "ModDate": None,
        "Title": ds.manifest.title,
    }
    style = SnapshotStyle(width=1754, height=1240, dpi=150, framing=framing or Framing())
    with PdfPages(buffer, metadata=metadata) as pdf:
        summary = summary_pages(ds, days, style)
        for fig in summary:
            pdf.savefig(fig)
            plt.close(fig)
        for day in progress(days, "report pages", quiet=quiet):
            fig = render_snapshot(ds, day, style=style)
            fig.text(
                0.985,
                0.012,
                f"page {days.index(day) + len(summary) + 1} of {len(days) + len(summary)}",
                ha="right",
                fontsize=6,
                color="#757575",
            )
            pdf.savefig(fig)
            plt.close(fig)
    table = ds.changes(days[0], days[-1])
    csv = table.to_csv(index=False, lineterminator="\n").encode("utf-8")
    return buffer.getvalue(), csv


def export_report(
    ds: DataSet,
    out: str | Path,
    *,
    date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None,
    force: bool = False,
    quiet: bool = True,
    framing: Framing | None = None,
) -> list[Path]:
    """Write the PDF report and, beside it, its change table (same name, ``.csv``)."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise ExportError(f"{out}: the report file must end in .pdf")
    pdf, csv = render_report(ds, date_from=date_from, date_to=date_to, quiet=quiet, framing=framing)
    folder = OutputFolder(out.parent if str(out.parent) else Path("."), force=force)
    return folder.write_all({out.name: pdf, out.with_suffix(".csv").name: csv})


__all__ += ["change_rows"]
