"""Run one function over many independent inputs on every core, results in input order.

The import reads, screens, classifies and fits each source file on its own, and checks each
rendered layer file on its own: :func:`ordered_map` spreads those per-file jobs over a process
pool. Results come back in the order of the inputs, whichever worker finished first, so what
the import does with them (and writes) is the same as one process reading file after file.

Workers are started with ``fork`` on Linux when the calling process runs no other thread (the
workers then inherit the loaded modules and start in milliseconds; a spawned worker spends about
a second importing them), else with ``forkserver`` or ``spawn``; the functions and their
arguments are module-level and picklable, so every start method gives the same results
(:data:`START_METHOD` forces one). Workers ignore
``SIGINT``: on Ctrl-C the calling process alone stops, cancels what is left and waits for the
running jobs, and nothing is written.

Reading a file makes thousands of lists (JSON arrays, coordinates) and no reference cycles, yet
each few hundred lists start Python's cyclic garbage collector, which walks every object of the
process (the modules of pandas, folium, ...): a worker freezes what it started with
(:func:`gc.freeze`), and the calling process pauses the collector while it reads or merges
(:func:`gc_paused`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

__all__ = ["MIN_FILES", "START_METHOD", "gc_paused", "ordered_map", "worker_count"]

T = TypeVar("T")

#: Fewest files for which a pool pays for starting its workers (below it, one process reads).
MIN_FILES = 8
#: A start method forced (``"fork"``, ``"forkserver"``, ``"spawn"``); None: chosen as above.
START_METHOD: str | None = None


def worker_count(jobs: int | None, tasks: int) -> int:
    """How many processes share ``tasks`` independent jobs.

    Parameters
    ----------
    jobs : int or None
        Processes asked for (``--jobs``); None: one per core (``os.cpu_count()``), and one
        when there are fewer than :data:`MIN_FILES` tasks. 1 reads in this process only.
    tasks : int
        Jobs to share.

    Returns
    -------
    int
        At least 1, at most ``tasks``; 1 means no pool.

    Raises
    ------
    ValueError
        When ``jobs`` is below 1.

    Examples
    --------
    >>> worker_count(1, 400), worker_count(3, 2), worker_count(None, 5)
    (1, 2, 1)
    """
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be 1 or more (got {jobs})")
    if jobs is None:
        if tasks < MIN_FILES:
            return 1
        jobs = os.cpu_count() or 1
    return max(1, min(jobs, tasks))


def _context() -> BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if START_METHOD is not None:
        return multiprocessing.get_context(START_METHOD)
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()  # what the worker started with is never walked by the collector
    gc.enable()  # forked from a process that paused it: new objects are collected as usual


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused in the block (as it was before, after it).

    Yields
    ------
    None
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def ordered_map(
    fn: Callable[..., T], args: Sequence[tuple[Any, ...]], workers: int
) -> Iterator[Iterator[T]]:
    """``fn(*a)`` for each ``a`` of ``args`` on ``workers`` processes, yielded in input order.

    Use it as a context manager: leaving the block (having read every result or not, on an
    error or on Ctrl-C) cancels the jobs not started and waits for the running ones, so no
    worker outlives the block.

    Parameters
    ----------
    fn : callable
        A module-level function (it is pickled by name).
    args : sequence of tuple
        The positional arguments of each call (pickled).
    workers : int
        Processes in the pool (2 or more; see :func:`worker_count`).

    Yields
    ------
    iterator
        The results in the order of ``args``; an exception raised by ``fn`` is raised when its
        result is reached.
    """
    executor = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker)
    futures: list[Future[T]] = []
    try:
        futures = [executor.submit(fn, *a) for a in args]
        yield (f.result() for f in futures)
    finally:
        for f in futures:
            f.cancel()
        executor.shutdown(wait=True, cancel_futures=True)
