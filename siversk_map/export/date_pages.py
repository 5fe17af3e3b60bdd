"""The per-date map pages of a site, rendered on every core the machine has.

Each date's page depends only on the data set, so the dates are shared out between worker
processes in runs of consecutive dates (a page measures the change since the date before, so a
run reuses the state it drew last). Workers are forked: they start with the loaded data set and
every figure the parent has already measured (the timeline, rendered first by
:func:`siversk_map.export.html.render_site`, measures the changes between consecutive dates),
and nothing is pickled but the dates out and the pages back.

Where ``fork`` is not available (Windows; macOS defaults to ``spawn`` and forking there is
unsafe) or other threads are running (a fork would copy their locks), or for a short series,
pages are rendered one after another in this process. The pages are the same bytes either way.
"""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from branca.element import Figure

from ..dataset import DataSet
from ..render.assets import Assets, shared_leaflet_assets
from ..render.elements import InlineAssets
from ..render.page import render_date_map

__all__ = ["PARALLEL_MIN_DATES", "date_page_name", "pool_size", "render_date_pages"]

#: Fewest dates worth a pool of worker processes (below, starting them costs more than it saves).
PARALLEL_MIN_DATES = 8


def date_page_name(day: dt.date) -> str:
    """Output name of a date's map page.

    Examples
    --------
    >>> import datetime as dt
    >>> date_page_name(dt.date(2025, 12, 13))
    'dates/2025-12-13.html'
    """
    return f"dates/{day.isoformat()}.html"


def pool_size(jobs: int | None, dates: int) -> int:
    """How many processes render ``dates`` pages: 1 means in this process.

    Parameters
    ----------
    jobs : int or None
        Requested processes; None for every core (``os.process_cpu_count`` where Python has it).
    dates : int
        Number of pages.

    Returns
    -------
    int

    Examples
    --------
    >>> pool_size(1, 500)
    1
    >>> pool_size(4, 3)
    1
    """
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if dates < PARALLEL_MIN_DATES or not _can_fork():
        return 1
    cores = getattr(os, "process_cpu_count", os.cpu_count)() or 1
    wanted = cores if jobs is None else jobs
    return max(1, min(wanted, math.ceil(dates / 4)))


def _can_fork() -> bool:
    """Whether worker processes may be forked here: Linux-like, and no other thread running."""
    if sys.platform in ("win32", "darwin", "emscripten", "wasi"):
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    return threading.active_count() == 1


@dataclass(frozen=True)
class _Job:
    """What every worker renders with (inherited through ``fork``, never pickled)."""

    ds: DataSet
    shared: Assets
    tiles: str | None
    lang: str


#: The job of the pool being run: set before the workers are forked, cleared after.
_JOB: _Job | None = None


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
    if workers <= 1:
        for day in days:
            yield day, _render(job, day)
        return
    global _JOB
    size = max(1, min(8, math.ceil(len(days) / (workers * 4))))
    runs = [days[k : k + size] for k in range(0, len(days), size)]
    _JOB = job
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for pages in pool.map(_render_run, runs):
                yield from pages
    finally:
        _JOB = None


def _render_run(days: list[dt.date]) -> list[tuple[dt.date, bytes]]:
    """In a worker: the pages of a run of dates."""
    if _JOB is None:  # pragma: no cover - a worker is only ever forked with its job set
        raise RuntimeError("a date-page worker started without its job")
    return [(day, _render(_JOB, day)) for day in days]


def _render(job: _Job, day: dt.date) -> bytes:
    """One date's page, with Leaflet's script read from ``assets/`` instead of inlined."""
    m = render_date_map(job.ds, day, tiles=job.tiles, index_href="../index.html", lang=job.lang)
    page = m.get_root()
    if not isinstance(page, Figure):  # pragma: no cover - an OfflineMap's root is its page
        raise TypeError("a date map renders inside a Figure")
    page.header.add_child(InlineAssets(job.shared), name="siversk_assets", index=0)
    return page.render().encode("utf-8")
