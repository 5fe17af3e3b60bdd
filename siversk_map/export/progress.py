"""Progress bars for multi-date work: shown on a terminal, silent when quiet or redirected."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["progress"]

T = TypeVar("T")


def progress(
    items: Iterable[T], label: str, *, quiet: bool = False, total: int | None = None
) -> Iterator[T]:
    """Iterate with a tqdm bar on stderr when it is a terminal and ``quiet`` is not set."""
    show = not quiet and sys.stderr.isatty()
    if not show:
        yield from items
        return
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        yield from items
        return
    yield from tqdm(items, desc=label, total=total, file=sys.stderr, leave=False)
