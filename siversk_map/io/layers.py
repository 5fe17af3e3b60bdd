"""The layer files of a data-set folder, and one file read whatever its format."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import Problem
from ..model import Limits
from .features import Budget, ReadResult, exception_text
from .geojson import read_geojson_document
from .strict_json import read_json_strict
from .tables import read_table

log = logging.getLogger(__name__)

__all__ = ["LAYER_SUFFIXES", "iter_layer_files", "read_layer_file"]

LAYER_SUFFIXES = (".geojson", ".json", ".gpkg", ".parquet", ".geoparquet")


def iter_layer_files(root: Path) -> Iterator[Path]:
    """Yield the layer files of a data-set folder, in a stable order.

    Hidden files, ``manifest.json`` and files of other kinds are skipped.
    """
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_dir() or path.name == "manifest.json":
            continue
        if path.suffix.lower() in LAYER_SUFFIXES:
            yield path  # a FIFO or a device too: reading it says what it is, never blocks


def read_layer_file(
    path: Path, shown: str, limits: Limits = Limits(), budget: Budget | None = None
) -> ReadResult:
    """Read one layer file (GeoJSON, GeoPackage or GeoParquet) into raw features.

    Parameters
    ----------
    path : Path
        The file.
    shown : str
        How messages name it.
    limits : Limits
        Caps on size and nesting.
    budget : Budget, optional
        What is left of the caps on features and positions (default: all of ``limits``).

    Returns
    -------
    ReadResult
        Features that could be read, and every problem met.
    """
    started = time.perf_counter()
    result = _read(path, shown, limits, budget)
    log.debug(
        "%s: %d feature(s), %d problem(s), %.3f s",
        shown,
        len(result.features),
        len(result.problems),
        time.perf_counter() - started,
    )
    return result


def _read(path: Path, shown: str, limits: Limits, budget: Budget | None) -> ReadResult:
    suffix = path.suffix.lower()
    if suffix in (".gpkg", ".parquet", ".geoparquet"):
        return read_table(path, shown, limits, budget or Budget.of(limits))
    try:
        doc, problems = read_json_strict(path, shown, limits, budget)
        if doc is None:
            return ReadResult(problems=problems)
        return read_geojson_document(doc, shown)
    except Exception as exc:  # the last resort: any error names the file, never a traceback
        return ReadResult(problems=[Problem(shown, "", f"cannot be read: {exception_text(exc)}")])
