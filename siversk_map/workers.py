"""Work shared out between forked worker processes, for the outputs that can use every core.

Workers are forked: they start with everything the parent holds (the loaded data set, the
figures already measured, the task itself), and nothing is pickled but the index of each batch
out and its results back. Where ``fork`` is not available (Windows; macOS defaults to ``spawn``
and forking there is unsafe) or other threads are running (a fork would copy their locks), or
for a short run of work, everything is done one item after another in this process. The results
are the same either way, and always in the order of the items.
"""

from __future__ import annotations

import contextlib
import gc
import math
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

__all__ = ["PARALLEL_MIN_DATES", "ForkedBatches", "can_fork", "frozen_gc", "pool_size"]

#: Fewest dates worth a pool of worker processes (below, starting them costs more than it saves).
PARALLEL_MIN_DATES = 8

T = TypeVar("T")
R = TypeVar("R")


def pool_size(jobs: int | None, dates: int) -> int:
    """How many processes share the work of ``dates`` dates: 1 means in this process.

    Parameters
    ----------
    jobs : int or None
        Requested processes; None for every core (``os.process_cpu_count`` where Python has it).
    dates : int
        Number of dates (pages, pairs of dates) to share out.

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
    if dates < PARALLEL_MIN_DATES or not can_fork():
        return 1
    cores = getattr(os, "process_cpu_count", os.cpu_count)() or 1
    wanted = cores if jobs is None else jobs
    return max(1, min(wanted, math.ceil(dates / 4)))


def can_fork() -> bool:
    """Whether worker processes may be forked here: Linux-like, and no other thread running."""
    if sys.platform in ("win32", "darwin", "emscripten", "wasi"):
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    return threading.active_count() == 1


@contextlib.contextmanager
def frozen_gc() -> Iterator[None]:
    """Leave what exists now (a loaded data set: many objects) out of the garbage collections
    made inside the block: a long build then does not walk them again and again.

    Examples
    --------
    >>> with frozen_gc():
    ...     gc.get_freeze_count() > 0
    True
    """
    if gc.get_freeze_count() > 0:  # an outer block froze them already
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


#: The batches of the pool being run: set before its workers are forked, cleared after.
_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _run(k: int) -> Any:
    """In a worker: the result of batch ``k``."""
    if _TASK is None:  # pragma: no cover - a worker is only ever forked with its task set
        raise RuntimeError("a worker started without its task")
    fn, batches = _TASK
    return fn(batches[k])


class ForkedBatches:
    """Batches of work run by forked worker processes while this process goes on.

    Start it with :meth:`start` (the workers are forked then, with everything this process
    holds at that moment); :meth:`results` waits for the results, in the order of the batches.
    With ``workers <= 1`` nothing is forked and :meth:`results` runs the batches here.

    Parameters
    ----------
    fn : callable
        Called with one batch, in a worker; its result is pickled back.
    batches : sequence
        The batches (inherited by the workers, never pickled).
    workers : int
        Processes (see :func:`pool_size`).

    Examples
    --------
    >>> run = ForkedBatches(sum, [[1, 2], [3]], workers=1).start()
    >>> list(run.results())
    [3, 3]
    """

    def __init__(self, fn: Callable[[T], R], batches: Sequence[T], workers: int) -> None:
        self.fn: Callable[[Any], Any] = fn
        self.batches: Sequence[Any] = batches
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[Any]] = []

    def start(self) -> ForkedBatches:
        """Fork the workers and hand them every batch (nothing happens with one worker)."""
        global _TASK
        if self.workers <= 1 or not self.batches:
            return self
        _TASK = (self.fn, self.batches)
        # Objects the workers inherit are left out of their garbage collections: walking them
        # would copy every page of the heap the fork shares.
        frozen = gc.get_freeze_count() > 0  # by a caller (see frozen_gc): left so
        gc.freeze()
        try:
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
            # With fork, the first submit starts every worker (while the task is set).
            self._futures = [self._pool.submit(_run, k) for k in range(len(self.batches))]
        except BaseException:
            self.close()
            raise
        finally:
            _TASK = None
            if not frozen:
                gc.unfreeze()
        return self

    def results(self) -> Iterator[Any]:
        """Each batch's result, in the order of the batches."""
        if self._pool is None:
            for batch in self.batches:
                yield self.fn(batch)
            return
        try:
            for future in self._futures:
                yield future.result()
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers (waiting for them); pending batches are dropped."""
        if self._pool is not None:
            for future in self._futures:
                future.cancel()
            self._pool.shutdown(wait=True)
            self._pool = None
