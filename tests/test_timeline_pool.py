"""The timeline's pair differences, faces and packed features measured by forked workers: the
same page as in one process."""

from __future__ import annotations

import pytest

from siversk_map.workers import ForkedBatches

from .fresh_process import run_pool_check

_POOL_CHECK = """
from siversk_map import load_dataset
from siversk_map.render.timeline import render_timeline_html
from siversk_map.render.timeline_geometry import date_pairs
from siversk_map.workers import pool_size
ds = load_dataset()
assert pool_size(2, len(date_pairs(len(ds.dates)))) == 2, "no pool here"
notes = []
pooled = render_timeline_html(ds, jobs=2, progress=notes.append)
alone = render_timeline_html(load_dataset(), jobs=1)
assert pooled == alone, "pages differ"
assert notes == [f"timeline {d.isoformat()}" for d in ds.dates[1:]], "progress out of order"

from siversk_map.workers import ForkedBatches

def fail(batch):
    if batch == [2]:
        raise ValueError("bad batch")
    return batch
try:
    list(ForkedBatches(fail, [[1], [2], [3]], workers=2).start().results())
except ValueError as e:
    assert "bad batch" in str(e)
else:
    raise AssertionError("a worker's error was lost")
print("same", len(alone))
"""


def test_a_pool_builds_the_same_timeline_as_one_process() -> None:
    """In a fresh process (the test runner may hold threads, and then no worker is forked)."""
    run_pool_check(_POOL_CHECK, "the timeline is built")


_STOPPED_ON_ERROR = """
import multiprocessing
from siversk_map import load_dataset
from siversk_map.render import timeline
ds = load_dataset()

def broken(*args, **kwargs):
    assert multiprocessing.active_children(), "no worker was running"
    raise RuntimeError("chart broke")

timeline.build_chart = broken
try:
    timeline.render_timeline_html(ds, jobs=2)
except RuntimeError as e:
    assert "chart broke" in str(e)
    # Stopped before the error reached here (not when its traceback is let go).
    assert not multiprocessing.active_children(), "workers left running"
else:
    raise AssertionError("the error was lost")
print("same stopped")
"""


def test_an_error_while_the_workers_measure_stops_them() -> None:
    """The page's other parts are made while the workers measure the pairs: an error there
    stops the workers and reaches the caller."""
    run_pool_check(_STOPPED_ON_ERROR, "the timeline is built")


def _square(batch: list[int]) -> list[int]:
    return [x * x for x in batch]


def test_batches_in_order_in_one_process() -> None:
    run = ForkedBatches(_square, [[1, 2], [3], []], workers=1).start()
    assert list(run.results()) == [[1, 4], [9], []]


def test_a_failing_batch_raises_and_the_pool_stops() -> None:
    def fail(batch: list[int]) -> list[int]:
        raise ValueError(f"bad batch {batch}")

    run = ForkedBatches(fail, [[1]], workers=1).start()
    with pytest.raises(ValueError, match="bad batch"):
        list(run.results())
