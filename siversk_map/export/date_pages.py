"""The per-date map pages of a site, rendered on every core the machine has.

Each date's page depends only on the data set, so the dates are shared out between worker
processes in runs of consecutive dates (a page measures the change since the date before, so a
run reuses the state it drew last), by :class:`siversk_map.workers.ForkedBatches`. Workers are
forked: they start with the loaded data set and every figure the parent has already measured
(the timeline is rendered first by :func:`siversk_map.export.html.render_site`), and nothing is
pickled but the dates out and the pages back.

Where ``fork`` is not available or other threads are running, or for a short series, pages are
rendered one after another in this process (:func:`~siversk_map.workers.pool_size`). The pages
are the same bytes either way.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from branca.element import Figure

from ..dataset import DataSet
from ..render.assets import Assets, shared_leaflet_assets
from ..render.elements import InlineAssets
from ..render.page import render_date_map
from ..workers import PARALLEL_MIN_DATES, ForkedBatches, pool_size

__all__ = ["PARALLEL_MIN_DATES", "date_page_name", "pool_size", "render_date_pages"]


def date_page_name(day: dt.date) -> str:
    """Output name of a date's map page.

    Examples
    --------
    >>> import datetime as dt
    >>> date_page_name(dt.date(2025, 12, 13))
    'dates/2025-12-13.html'
    """
    return f"dates/{day.isoformat()}.html"


@dataclass(frozen=True)
class _Job:
    """What every worker renders with (inherited through ``fork``, never pickled)."""

    ds: DataSet
    shared: Assets
    tiles: str | None
    lang: str


def render_date_pages(
    ds: DataSet,
    *,
    tiles: str | None = None,
    lang: str = "en",
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
) -> dict[str, bytes]:
    """Render the map page of every date, with the Leaflet script they share.

    Parameters
    ----------
    ds : DataSet
        The data set.
    tiles : str, optional
        Online tile layer name.
    lang : {"en", "uk"}
        Language of the pages.
    progress : callable, optional
        Called with each date as its page is done (in date order).
    jobs : int, optional
        Processes to render with (default: every core; 1: in this process). See
        :func:`pool_size`.

    Returns
    -------
    dict
        Output name -> bytes: ``dates/YYYY-MM-DD.html`` per date, and ``assets/`` files.
    """
    shared, leaflet_files = shared_leaflet_assets("../")
    job = _Job(ds, shared, tiles, lang)
    days = list(ds.dates)
    workers = pool_size(jobs, len(days))
    out: dict[str, bytes] = {}
    for day, page in _pages(job, days, workers):
        if progress:
            progress(day.isoformat())
        out[date_page_name(day)] = page
    out.update(leaflet_files)
    return out


def _pages(job: _Job, days: list[dt.date], workers: int) -> Iterator[tuple[dt.date, bytes]]:
    """Each date with its page, in date order, rendered by ``workers`` processes."""
    size = max(1, min(8, math.ceil(len(days) / (workers * 4))))
    runs = [days[k : k + size] for k in range(0, len(days), size)]
    for pages in ForkedBatches(partial(_render_run, job), runs, workers).start().results():
        yield from pages


def _render_run(job: _Job, days: list[dt.date]) -> list[tuple[dt.date, bytes]]:
    """In a worker: the pages of a run of dates."""
    return [(day, _render(job, day)) for day in days]


def _render(job: _Job, day: dt.date) -> bytes:
    """One date's page, with Leaflet's script read from ``assets/`` instead of inlined."""
    m = render_date_map(job.ds, day, tiles=job.tiles, index_href="../index.html", lang=job.lang)
    page = m.get_root()
    if not isinstance(page, Figure):  # pragma: no cover - an OfflineMap's root is its page
        raise TypeError("a date map renders inside a Figure")
    page.header.add_child(InlineAssets(job.shared), name="siversk_assets", index=0)
    return page.render().encode("utf-8")
