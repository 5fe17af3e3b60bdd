"""An import's layer files: rendered, and checked as :func:`siversk_map.load_dataset` checks.

One file per date, ``<folder>/YYYY-MM-DD.geojson``, one feature per line
(:func:`~.geojson_text.feature_text`: ``json.dumps`` of :meth:`ImportedFeature.to_geojson`,
keys sorted, compact).

Before anything is written every file must pass the checks a data set's layers get when
loaded (:func:`~siversk_map.io.read_geojson_document`, then
:func:`~siversk_map.validate.build_table` against the manifest): a guard against a bug
writing a file the tool itself would refuse. The text is not parsed again: it is ``json.dumps``
of the features' ids, properties and coordinates (the coordinates by a writer giving the same
characters, which ``tests/test_import_speed.py`` compares), so reading it gives the raw
features :func:`_as_read` makes from the features themselves (their coordinates checked to be
on the grid the text is written to; ``tests/test_import_pool.py`` compares both on real files),
and ``build_table`` checks those; any other file is checked through ``read_geojson_document``
of its documents. Dates are rendered and checked in chunks, on a process pool when there are
many (:mod:`~.parallel`); ids are checked for duplicates across every chunk.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import shapely

from ..errors import Problem, ValidationError
from ..io import RawFeature, normalise_text, read_geojson_document
from ..model import Manifest
from ..validate import build_table
from .base import ImportedFeature, ImportResult
from .geojson_text import feature_text
from .geometry import rounded_array
from .parallel import gc_paused, ordered_map, worker_count

__all__ = ["collection", "collection_text", "render_checked", "render_files"]

#: Dates rendered and checked by one job.
CHUNK = 16

_Chunk = list[tuple[str, list[ImportedFeature]]]


def collection(features: list[ImportedFeature]) -> bytes:
    """A FeatureCollection with one feature per line: compact, diffable, deterministic.

    Parameters
    ----------
    features : list of ImportedFeature
        The features of one file, in order.

    Returns
    -------
    bytes
        UTF-8 text, ending with a newline.
    """
    return collection_text([feature_text(f) for f in features])


def collection_text(lines: list[str]) -> bytes:
    """A FeatureCollection of features already written as text, one per line.

    Parameters
    ----------
    lines : list of str
        Each feature's compact JSON text.

    Returns
    -------
    bytes
        UTF-8 text, ending with a newline.
    """
    body = ",\n".join(lines)
    return ('{"features":[\n' + body + '\n],"type":"FeatureCollection"}\n').encode("utf-8")


def _named(result: ImportResult) -> _Chunk:
    return [
        (f"{result.folder}/{day.isoformat()}.geojson", features)
        for day, features in result.by_date().items()
    ]


def render_files(result: ImportResult) -> dict[str, bytes]:
    """The layer files of an import: ``<folder>/YYYY-MM-DD.geojson`` to their bytes (unchecked).

    Parameters
    ----------
    result : ImportResult
        What :func:`~.pipeline.read_sources` returned.

    Returns
    -------
    dict
    """
    return {name: collection(features) for name, features in _named(result)}


_PLAIN = (str, int, float, bool, type(None))


def _as_read(name: str, features: list[ImportedFeature]) -> list[RawFeature] | None:
    """The raw features :func:`~siversk_map.io.read_geojson_document` reads from the text of
    ``features``, made without the text; None when that cannot be told without it.

    The text is ``json.dumps`` of each feature's id, properties and coordinates, so it reads
    back as the same id, the same properties (text normalised to NFC, as read) and, when every
    coordinate is already on the 1e-7° grid (checked: rounding leaves it unchanged, so it is
    also finite), the same Polygon or MultiPolygon, ring for ring. Otherwise (another geometry
    type, a coordinate off the grid, a property that is not a plain JSON value) None: the
    caller reads the documents.
    """
    raws: list[RawFeature] = []
    for index, f in enumerate(features):
        geom = f.geometry
        if geom.geom_type not in ("Polygon", "MultiPolygon") or geom.is_empty:
            return None
        if bool(shapely.has_z(geom)) or not isinstance(f.id, str):
            return None
        xy = shapely.get_coordinates(geom)
        if not np.array_equal(rounded_array(xy), xy):
            return None
        props = f.properties
        if not all(isinstance(k, str) and isinstance(v, _PLAIN) for k, v in props.items()):
            return None
        read = {normalise_text(k): normalise_text(v) for k, v in props.items()}
        raws.append(RawFeature(name, index, f.id, read, geom))
    return raws


def _render_chunk(
    chunk: _Chunk, manifest: Manifest
) -> tuple[list[tuple[str, bytes]], list[Problem], list[tuple[str, str]]]:
    """Render and check some files: their bytes, the problems found, the (id, file) pairs."""
    out: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    raws: list[RawFeature] = []
    for name, features in chunk:
        out.append((name, collection(features)))
        direct = _as_read(name, features)
        if direct is not None:
            raws.extend(direct)
            continue
        doc: dict[str, Any] = {
            "features": [f.to_geojson() for f in features],
            "type": "FeatureCollection",
        }
        read = read_geojson_document(doc, name)
        problems.extend(read.problems)
        raws.extend(read.features)
    build_table(raws, manifest, problems)
    ids = [(str(raw.fid), raw.file) for raw in raws]
    return out, problems, ids


def _duplicates(ids: list[tuple[str, str]]) -> list[Problem]:
    """Ids found in more than one chunk (a chunk's own are found by ``build_table``)."""
    counts = Counter(fid for fid, _ in ids)
    first: dict[str, str] = {}
    problems = []
    for fid, file in ids:
        if counts[fid] < 2:
            continue
        if fid in first:
            problems.append(
                Problem(file, f"feature {fid!r}", f"duplicated id (also in {first[fid]})")
            )
        else:
            first[fid] = file
    return problems


def render_checked(
    result: ImportResult, manifest: Manifest, jobs: int | None = None
) -> dict[str, bytes]:
    """The layer files of an import, each checked as a data set's layer file is when loaded.

    Parameters
    ----------
    result : ImportResult
        What :func:`~.pipeline.read_sources` returned.
    manifest : Manifest
        The manifest of the data set written to (its area is checked).
    jobs : int, optional
        Processes (see :func:`~.parallel.worker_count`; counted in files).

    Returns
    -------
    dict
        ``<folder>/YYYY-MM-DD.geojson`` to bytes, dates in order.

    Raises
    ------
    ValidationError
        When any file fails the checks (a bug guard: nothing is written).
    """
    named = _named(result)
    chunks = [named[i : i + CHUNK] for i in range(0, len(named), CHUNK)]
    workers = min(worker_count(jobs, len(named)), len(chunks))
    args = [(chunk, manifest) for chunk in chunks]
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    ids: list[tuple[str, str]] = []

    def take(parts: Any) -> None:
        for out, found, chunk_ids in parts:
            files.update(out)
            problems.extend(found)
            ids.extend(chunk_ids)

    with gc_paused():
        if workers > 1:
            with ordered_map(_render_chunk, args, workers) as parts:
                take(parts)
        else:
            take(_render_chunk(*a) for a in args)
    if len(chunks) > 1:
        problems.extend(_duplicates(ids))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationError(errors)
    return files
