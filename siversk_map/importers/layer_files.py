"""An import's layer files: rendered, and checked as :func:`siversk_map.load_dataset` checks.

One file per date, ``<folder>/YYYY-MM-DD.geojson``, one feature per line
(:func:`~.geojson_text.feature_text`: ``json.dumps`` of :meth:`ImportedFeature.to_geojson`,
keys sorted, compact).

Before anything is written every file must pass the checks a data set's layers get when
loaded (:func:`~siversk_map.io.read_geojson_document`, then
:func:`~siversk_map.validate.build_table` against the manifest): a guard against a bug
writing a file the tool itself would refuse. The checks read the documents the text is
written from (the ``to_geojson()`` of each feature), not the text parsed again: the text is
those documents' ``json.dumps`` (ids and properties by ``json.dumps`` itself, coordinates by
a writer giving the same characters, which ``tests/test_import_speed.py`` compares), so it
parses back to them. Dates are rendered and checked in chunks, on a process pool when there
are many (:mod:`~.parallel`); ids are checked for duplicates across every chunk.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..errors import Problem, ValidationError
from ..io import read_geojson_document
from ..model import Manifest
from ..validate import build_table
from .base import ImportedFeature, ImportResult
from .geojson_text import feature_text
from .parallel import gc_paused, ordered_map, worker_count

__all__ = ["collection", "render_checked", "render_files"]

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
    body = ",\n".join(feature_text(f) for f in features)
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


def _render_chunk(
    chunk: _Chunk, manifest: Manifest
) -> tuple[list[tuple[str, bytes]], list[Problem], list[tuple[str, str]]]:
    """Render and check some files: their bytes, the problems found, the (id, file) pairs."""
    out: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    raws = []
    for name, features in chunk:
        out.append((name, collection(features)))
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
