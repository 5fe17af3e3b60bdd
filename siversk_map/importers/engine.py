"""The import engine shared by every format, as named stages over one run.

:func:`read_with` runs a :class:`~.base.FormatSpec` over the sources:

1. **open** the sources into files held in memory (:func:`~.sources.open_sources`);
2. **date** each file (or later each feature) and mark the files a later version supersedes;
3. **parse** each file, strictly and within the caps, into items (one per source feature);
4. **screen** each item: rejected, empty, not lon/lat, across the antimeridian, outside the
   area of interest;
5. **classify** it (layer, side, status; or skipped with a reason) and date it;
6. **fit** its geometry to the area of interest (cut, repaired or refused);
7. **build** the imported features, once groups of one date are superseded and the caps
   checked.

Every stage counts what it drops in the run's :class:`~.report.ImportReport`; nothing is
written here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from .. import io as layer_io
from ..errors import Problem, ValidationError
from ..io import Budget, RawFeature
from ..io.strict_json import count_features
from ..model import Limits
from .assemble import Candidate, build_features, supersede_groups
from .base import (
    ANTIMERIDIAN,
    AOI,
    OUTSIDE,
    SUPERSEDED,
    Classified,
    FileDate,
    FormatSpec,
    ImportResult,
    Skip,
)
from .geometry import aoi_box, fit_to_aoi, geometry_kind
from .items import Item, crosses_antimeridian, lonlat_ok, merged, one_line, read_items
from .parallel import gc_paused, ordered_map, worker_count
from .report import FileReport, ImportReport
from .sources import FetchOptions, SourceFile, open_sources

__all__ = ["read_with"]

log = logging.getLogger(__name__)


def _cached_problem(src: SourceFile) -> Problem:
    return Problem(
        src.shown,
        "",
        f"this copy was read from the download cache ({src.cached}): if the server has fixed "
        "it, --refresh downloads it again",
    )


@dataclass
class _Run:
    """What the stages of one import share."""

    spec: FormatSpec
    limits: Limits
    box: BaseGeometry
    files: list[SourceFile]
    report: ImportReport
    problems: list[Problem]
    dates: list[FileDate | None] = field(default_factory=list)
    superseded: dict[int, int] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)
    total_read: int = 0
    capped: bool = False


def read_with(
    spec: FormatSpec,
    sources: Iterable[str | Path],
    *,
    aoi: AOI,
    fetch: FetchOptions | None = None,
    limits: Limits = Limits(),
    jobs: int | None = None,
) -> ImportResult:
    """Run a format over the sources: the imported features and the report.

    Files are read, screened, classified and fitted one by one, or by a pool of processes
    (:mod:`~.parallel`) that gives the same result: the per-file results are taken in file
    order, and a file whose features might pass the run's cap is read again here, as one
    process reading file after file would read it.

    Parameters
    ----------
    spec : FormatSpec
        The format.
    sources : iterable of str or Path
        Files, folders, globs, archives, URLs (see :func:`~.sources.open_sources`).
    aoi : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)`` to clip to.
    fetch : FetchOptions, optional
        Cache and retries for URLs.
    limits : Limits
        Caps on bytes per file, features and vertices.
    jobs : int, optional
        Processes reading files (see :func:`~.parallel.worker_count`): default one per core
        when there are enough files; 1 reads in this process only.

    Returns
    -------
    ImportResult

    Raises
    ------
    ValidationError
        With every problem, when any source or feature cannot be read or dated.
    """
    run = _open(spec, sources, aoi, fetch, limits)
    _date_files(run)
    todo = [n for n in range(len(run.files)) if n not in run.superseded]
    workers = worker_count(jobs, len(todo))
    with gc_paused():
        if workers > 1:
            _read_pooled(run, todo, workers)
        else:
            for number in range(len(run.files)):
                read = _read_file(run, number)
                _log_file(run, number)
                if not read:
                    break  # a cap is passed: reading on costs time and memory for nothing
    log.info(
        "%s: %d file(s), %d feature(s) read, %d candidate(s)",
        spec.format,
        len(run.files),
        run.total_read,
        len(run.candidates),
    )
    return _build(run)


# ---- open -------------------------------------------------------------------------------


def _open(
    spec: FormatSpec,
    sources: Iterable[str | Path],
    aoi: AOI,
    fetch: FetchOptions | None,
    limits: Limits,
) -> _Run:
    files, problems = open_sources(sources, fetch, limits)
    report = ImportReport(spec.format, aoi, dating=spec.dating)
    if not files and not problems:
        problems.append(Problem(", ".join(map(str, sources)) or "-", "", "no source files found"))
    return _Run(spec, limits, aoi_box(aoi), files, report, problems)


# ---- date -------------------------------------------------------------------------------


def _date_files(run: _Run) -> None:
    """Each file's date (None: dated per feature, or not datable), and the files superseded
    by a later version of their date (formats that supersede whole files)."""
    for src in run.files:
        run.report.files.append(FileReport(src.shown))
        try:
            when = run.spec.date_of(src)
        except ValueError as exc:
            run.problems.append(Problem(src.shown, "", f"cannot date the file: {exc}"))
            when = None
        run.dates.append(when)
        run.report.files[-1].date = when.date if when else None
    if run.spec.supersede != "file":
        return
    dates = run.dates
    by_date: dict[dt.date, list[int]] = defaultdict(list)
    for number, when in enumerate(dates):
        if when is not None:
            by_date[when.date].append(number)
    for numbers in by_date.values():
        last = max(numbers, key=lambda n: (dates[n].version, n))  # type: ignore[union-attr]
        run.superseded.update({n: last for n in numbers if n != last})


def _superseded_file(run: _Run, number: int, count: int) -> bool:
    """Whether file ``number`` is superseded: its ``count`` features are dropped and said."""
    if number not in run.superseded:
        return False
    fr = run.report.files[number]
    fr.dropped[SUPERSEDED] += count
    run.report.warnings.append(
        Problem(
            run.files[number].shown,
            "",
            f"superseded by {run.files[run.superseded[number]].shown} (the last version of "
            f"{fr.date} is kept): its {count} feature(s) are not imported",
            "warning",
        )
    )
    return True


# ---- read one file: parse, screen, classify, fit ---------------------------------------


def _read_file(run: _Run, number: int) -> bool:
    """Read file ``number`` through every per-file stage; False when a cap is passed."""
    items = _parse(run, number)
    if items is None:
        return not _cap_passed(run)
    if _superseded_file(run, number, len(items)):
        return True
    feature_dates: set[dt.date] = set()
    for item in items:
        raw = _screen(run, number, item)
        if raw is None:
            continue
        found = _classify(run, number, raw)
        if found is None:
            continue
        candidate = _fit(run, number, item.index, raw, *found)
        if candidate is not None:
            feature_dates.add(candidate.when.date)
            run.candidates.append(candidate)
    if run.dates[number] is None and len(feature_dates) == 1:
        run.report.files[number].date = next(iter(feature_dates))
    return True


def _log_file(run: _Run, number: int) -> None:
    fr = run.report.files[number]
    log.debug("%s: %d read, dropped %s", fr.file, fr.read, dict(fr.dropped))


@dataclass
class _FilePart:
    """What reading one file alone gave (see :func:`_read_alone`)."""

    report: FileReport
    problems: list[Problem]
    warnings: list[Problem]
    candidates: list[Candidate]
    read: int
    capped: bool
    marks: int


def _read_alone(
    spec: FormatSpec,
    limits: Limits,
    box: BaseGeometry,
    aoi: AOI,
    src: SourceFile,
    when: FileDate | None,
) -> _FilePart:
    """Read one file as the only file of a run (in a worker process).

    Its features may use the whole feature cap; ``marks`` counts them as the cap's check
    counts them, so the caller knows whether the features left by earlier files would have
    stopped this one (:func:`_merge`).
    """
    report = ImportReport(spec.format, aoi, dating=spec.dating)
    report.files.append(FileReport(src.shown, when.date if when else None))
    run = _Run(spec, limits, box, [src], report, [], dates=[when])
    marks = count_features(src.data, limits.max_features)
    _read_file(run, 0)
    return _FilePart(
        report.files[0],
        run.problems,
        report.warnings,
        run.candidates,
        run.total_read,
        run.capped,
        marks,
    )


def _merge(run: _Run, number: int, part: _FilePart) -> bool:
    """Take file ``number``'s part into the run, as :func:`_read_file` would have read it."""
    left = run.limits.max_features - run.total_read
    if part.capped or part.marks > left or part.read > left:
        # Read alone, it could use features earlier files have used: read it here, in turn.
        return _read_file(run, number)
    run.files[number] = dataclasses.replace(run.files[number], data=b"")
    run.problems.extend(part.problems)
    run.report.warnings.extend(part.warnings)
    run.report.files[number] = part.report
    for candidate in part.candidates:
        candidate.file = number
    run.candidates.extend(part.candidates)
    run.total_read += part.read
    return True


def _read_pooled(run: _Run, todo: list[int], workers: int) -> None:
    """Read the files ``todo`` on a pool, the others (superseded) here, merged in file order."""
    jobs = [
        (run.spec, run.limits, run.box, run.report.aoi, run.files[n], run.dates[n]) for n in todo
    ]
    pooled = set(todo)
    with ordered_map(_read_alone, jobs, workers) as parts:
        for number in range(len(run.files)):
            read = _merge(run, number, next(parts)) if number in pooled else None
            if read is None:
                read = _read_file(run, number)
            _log_file(run, number)
            if not read:
                break  # a cap is passed: reading on costs time and memory for nothing


# ---- parse ------------------------------------------------------------------------------


def _parse(run: _Run, number: int) -> list[Item] | None:
    """The items of file ``number``, parsed strictly; None when the file cannot be read."""
    src = run.files[number]
    limits = run.limits
    # Features are capped over the whole import, positions read per file (most of a
    # whole-front file lies outside the area and is not kept); both checked before parsing.
    budget = Budget(
        limits.max_features - run.total_read, limits.max_vertices, limits.max_containers
    )
    try:
        doc, found = layer_io.parse_json_strict(src.data, src.shown, limits, budget)
    except Exception as exc:  # the last resort: any error names the file
        doc, found = None, [Problem(src.shown, "", f"cannot be read: {one_line(exc)}")]
    run.files[number] = dataclasses.replace(src, data=b"")  # its bytes are not needed again
    run.problems.extend(found)
    if src.cached is not None and any(p.severity == "error" for p in found):
        run.problems.append(_cached_problem(src))
    if doc is None:
        run.capped = any("Limits." in p.reason for p in found)
        return None
    try:
        items, found = read_items(doc, src.shown)
    except Exception as exc:  # the last resort: any error names the file
        items, found = [], [Problem(src.shown, "", f"cannot be read: {one_line(exc)}")]
    del doc
    run.problems.extend(p for p in found if p.severity == "error")
    # A reprojected legacy 'crs' or an empty layer is said in the report's details.
    run.report.warnings.extend(p for p in found if p.severity == "warning")
    run.report.files[number].read = len(items)
    run.total_read += len(items)
    return items


# ---- screen -----------------------------------------------------------------------------


def _screen(run: _Run, number: int, item: Item) -> RawFeature | None:
    """The item as one raw feature, or None when it is rejected or dropped (counted)."""
    fr = run.report.files[number]
    shown = run.files[number].shown
    if item.rejected:
        return None
    if item.had_z:
        fr.flattened_3d += 1
    if item.null:
        fr.dropped["null geometry"] += 1
        return None
    if not item.raws:
        fr.dropped["empty geometry"] += 1
        return None
    raw = merged(item.raws)
    assert raw.geometry is not None
    where = raw.where
    if not lonlat_ok(raw.geometry):
        run.problems.append(
            Problem(shown, where, "coordinates out of lon/lat range: not WGS84 degrees")
        )
        return None
    if crosses_antimeridian(raw.geometry):
        fr.dropped[ANTIMERIDIAN] += 1
        run.report.warnings.append(Problem(shown, where, ANTIMERIDIAN, "warning"))
        return None
    if not shapely.intersects(shapely.box(*raw.geometry.bounds), run.box):
        fr.dropped[OUTSIDE] += 1
        return None
    return raw


# ---- classify ---------------------------------------------------------------------------


def _classify(run: _Run, number: int, raw: RawFeature) -> tuple[Classified, FileDate] | None:
    """What the feature is and its date, or None when it is skipped or cannot be dated."""
    src = run.files[number]
    cls = run.spec.classify(raw, src)
    if isinstance(cls, Skip):
        run.report.files[number].dropped[cls.reason] += 1
        if cls.detail:
            run.report.warnings.append(Problem(src.shown, raw.where, cls.detail, "warning"))
        return None
    when = run.dates[number]
    if when is None:
        try:
            when = run.spec.feature_date(raw, src)
        except ValueError as exc:
            run.problems.append(Problem(src.shown, raw.where, f"cannot date the feature: {exc}"))
            return None
    return cls, when


# ---- fit --------------------------------------------------------------------------------


def _fit(
    run: _Run, number: int, index: int, raw: RawFeature, cls: Classified, when: FileDate
) -> Candidate | None:
    """The feature's geometry fitted to the area of interest, or None (refused or dropped)."""
    assert raw.geometry is not None
    src = run.files[number]
    fitted = fit_to_aoi(raw.geometry, geometry_kind(cls.layer), run.box)
    if fitted.refused:
        run.problems.append(Problem(src.shown, raw.where, fitted.refused))
        return None
    if fitted.geometry is None:
        run.report.files[number].dropped[fitted.dropped or "dropped"] += 1
        return None
    return Candidate(
        number,
        index,
        when,
        cls,
        fitted.geometry,
        fitted.cut,
        fitted.repaired,
        raw.where,
        src.url,
    )


# ---- build ------------------------------------------------------------------------------


def _cap_passed(run: _Run) -> bool:
    return run.total_read > run.limits.max_features or run.capped


def _build(run: _Run) -> ImportResult:
    """The imported features, once the caps are checked and superseded groups dropped.

    Raises
    ------
    ValidationError
        With every problem met by any stage.
    """
    limits, problems, spec = run.limits, run.problems, run.spec
    if run.total_read > limits.max_features:
        problems.append(
            Problem(
                "",
                "",
                f"{run.total_read} features, over the cap of {limits.max_features} "
                "(Limits.max_features)",
            )
        )
    candidates = supersede_groups(spec, run.candidates, run.files, run.report)
    vertices = sum(len(shapely.get_coordinates(c.geometry)) for c in candidates)
    if vertices > limits.max_vertices:
        problems.append(
            Problem(
                "",
                "",
                f"{vertices} vertices kept, over the cap of {limits.max_vertices} "
                "(Limits.max_vertices)",
            )
        )
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationError(errors)

    snapshots: list[dt.date] = []
    if spec.supersede == "file":
        # Each file is the whole map of its date: its features end when the next file's begin,
        # even where the next file has none of their class (a vanished contested zone).
        snapshots = sorted(
            {w.date for n, w in enumerate(run.dates) if w is not None and n not in run.superseded}
        )
    features = build_features(spec, candidates, run.files, run.report, snapshots)
    return ImportResult(tuple(features), run.report, spec.folder, spec.title, spec.attribution)
