"""The HTML site: the timeline page, one offline map per date and a list of the dates.

Layout of the output folder::

    index.html              the timeline: every date in one page (compare, chart, figures)
    list.html               a plain list of the dates with their figures
    dates/YYYY-MM-DD.html   one map per date (links back to ../index.html)
    assets/leaflet.js       the one copy of Leaflet's script the date pages share (the
                            timeline page stays one self-contained file)

The list sits beside the timeline, not in ``dates/``, so that folder holds only date pages.
Its name sorts after ``dates/``: files are written in name order, so a build that fails on the
first (large) page has replaced nothing (``assets/`` sorts first, but its files are the same
from build to build).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..dataset import DataSet
from ..i18n import check_language
from ..render.page import render_index_html
from ..render.timeline import render_timeline_html
from .date_pages import date_page_name, render_date_pages
from .outputs import OutputFolder

__all__ = ["DATES_INDEX", "TIMELINE", "date_page_name", "export_site", "render_site"]

#: Output name of the timeline page.
TIMELINE = "index.html"
#: Output name of the list of dates.
DATES_INDEX = "list.html"


def render_site(
    ds: DataSet,
    *,
    tiles: str | None = None,
    progress: Callable[[str], None] | None = None,
    pages: str = "all",
    changes: bool = True,
    against: DataSet | None = None,
    lang: str = "en",
    jobs: int | None = None,
) -> dict[str, bytes]:
    """Render every page of the site in memory (nothing is written).

    Parameters
    ----------
    ds : DataSet
        The data set.
    tiles : str, optional
        Online tile layer name (pages still draw offline without it).
    progress : callable, optional
        Called with each date (and timeline step) as it is rendered.
    pages : {"all", "timeline"}
        ``"timeline"`` writes the timeline page alone (long series: one page instead of one
        folium map per date).
    changes : bool
        Precompute the ground gained and lost and the deepest advance between dates for the
        timeline (False: the page shows each date and the net change of areas only).
    against : DataSet, optional
        Another source for the same ground: the timeline shows its outline and where the two
        disagree, with km², on every date.
    lang : {"en", "uk"}
        Language of the map labels and the pages' interface (English by default).
    jobs : int, optional
        Processes rendering the date pages and measuring the timeline's pair differences
        (default: every core; 1: this process alone); see :func:`siversk_map.workers.pool_size`.

    Returns
    -------
    dict
        Output name -> page bytes: ``index.html`` (the timeline), and with ``pages="all"``
        ``list.html`` (the list of dates), ``dates/YYYY-MM-DD.html`` per date and the Leaflet
        script they share in ``assets/``.
    """
    if pages not in ("all", "timeline"):
        raise ValueError(f"pages must be 'all' or 'timeline', not {pages!r}")
    check_language(lang)
    out: dict[str, bytes] = {}
    every = pages == "all"
    # The timeline first: it measures the changes between consecutive dates, which the date
    # pages' workers then inherit instead of measuring them again.
    out[TIMELINE] = render_timeline_html(
        ds,
        tiles=tiles,
        dates_href=DATES_INDEX if every else None,
        date_href=date_page_name if every else None,
        progress=progress,
        changes=changes,
        against=against,
        lang=lang,
        jobs=jobs,
    ).encode("utf-8")
    if every:
        out.update(render_date_pages(ds, tiles=tiles, lang=lang, progress=progress, jobs=jobs))
        hrefs = {day: date_page_name(day) for day in ds.dates}
        out[DATES_INDEX] = render_index_html(ds, hrefs, timeline_href=TIMELINE, lang=lang).encode(
            "utf-8"
        )
    return dict(sorted(out.items()))


def export_site(
    ds: DataSet,
    out: str | Path,
    *,
    force: bool = False,
    tiles: str | None = None,
    progress: Callable[[str], None] | None = None,
    pages: str = "all",
    changes: bool = True,
    against: DataSet | None = None,
    lang: str = "en",
    jobs: int | None = None,
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
    pages : {"all", "timeline"}
        See :func:`render_site`.
    changes : bool
        See :func:`render_site`.
    against : DataSet, optional
        See :func:`render_site`.
    lang : {"en", "uk"}
        See :func:`render_site`.
    jobs : int, optional
        See :func:`render_site`.

    Returns
    -------
    list of Path
        Files written.

    Raises
    ------
    ExportError
        When a file in the way was not written by siversk-map, or a write fails.
    """
    rendered = render_site(
        ds,
        tiles=tiles,
        progress=progress,
        pages=pages,
        changes=changes,
        against=against,
        lang=lang,
        jobs=jobs,
    )
    return OutputFolder(Path(out), force=force).write_all(rendered)
