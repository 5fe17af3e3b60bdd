"""The HTML site: one offline map per date and an index page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from ..dataset import DataSet
from ..render.page import render_date_map, render_index_html
from .outputs import OutputFolder

__all__ = ["date_page_name", "export_site", "render_site"]


def date_page_name(day: dt.date) -> str:
    """Output name of a date's map page."""
    return f"dates/{day.isoformat()}.html"


def render_site(
    ds: DataSet,
    *,
    tiles: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, bytes]:
    """Render every page of the site in memory (nothing is written).

    Returns
    -------
    dict
        Output name -> page bytes.
    """
    pages: dict[str, bytes] = {}
    for day in ds.dates:
        if progress:
            progress(day.isoformat())
        m = render_date_map(ds, day, tiles=tiles, index_href="../index.html")
        pages[date_page_name(day)] = m.get_root().render().encode("utf-8")
    hrefs = {day: date_page_name(day) for day in ds.dates}
    pages["index.html"] = render_index_html(ds, hrefs).encode("utf-8")
    return pages


def export_site(
    ds: DataSet,
    out: str | Path,
    *,
    force: bool = False,
    tiles: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Build the site into ``out``: every page rendered first, then written atomically.

    Parameters
    ----------
    ds : DataSet
        The data set.
    out : str or Path
        Output folder.
    force : bool
        Replace files in ``out`` that siversk-map did not write.
    tiles : str, optional
        Online tile layer name (pages still draw offline without it).
    progress : callable, optional
        Called with each date as it is rendered.

    Returns
    -------
    list of Path
        Files written.

    Raises
    ------
    ExportError
        When a file in the way was not written by siversk-map, or a write fails.
    """
    pages = render_site(ds, tiles=tiles, progress=progress)
    return OutputFolder(Path(out), force=force).write_all(pages)
