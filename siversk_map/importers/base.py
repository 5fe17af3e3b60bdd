"""The import engine shared by every format: read, date, classify, fit, supersede, count.

A format is a :class:`FormatSpec`: how a file is dated, how a feature is classified (layer,
side, status) or skipped, and how versions of one date replace each other. :func:`read_with`
runs a spec over the sources and returns the imported features with their report; nothing is
written here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from abc import ABC, abstractmethod
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

import shapely
from shapely.geometry.base import BaseGeometry

from .. import io as layer_io
from ..errors import Problem, SiverskMapError, ValidationError
from ..io import Budget, RawFeature, ReadResult
from ..model import Limits
from .geometry import aoi_box, fit_to_aoi, geometry_kind, to_geojson_geometry
from .report import FileReport, ImportReport
from .sources import FetchOptions, SourceFile, open_sources

__all__ = [
    "Classified",
    "FileDate",
    "FormatSpec",
    "ImportOptionsError",
    "ImportResult",
    "ImportedFeature",
    "Skip",
    "date_from_name",
    "read_with",
]

AOI = tuple[float, float, float, float]
SUPERSEDED = "superseded by a later version of the same date"
OUTSIDE = "outside the area of interest"
ANTIMERIDIAN = "crosses the antimeridian: outside the area of interest"
# ASCII digits only: ``\d`` alone also takes full-width and Arabic-Indic digits.
_ISO = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])")
_COMPACT = re.compile(r"(?<![0-9])([0-9]{4})([0-9]{2})([0-9]{2})(?![0-9])")


class ImportOptionsError(SiverskMapError, ValueError):
    """The options of an import are wrong (unknown format, bad rule, bad area, ...)."""


@dataclass(frozen=True)
class FileDate:
    """The date a file's features describe.

    Parameters
    ----------
    date : datetime.date
        The date whose state the features show (their ``date``).
    source_date : datetime.date
        The date of the source (their ``source_date``).
    version : tuple
        Orders versions of one date: the greatest is kept.
    """

    date: dt.date
    source_date: dt.date
    version: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Classified:
    """What a source feature becomes: its layer, side, status and descriptive text."""

    layer: str
    side: str | None
    status: str
    group: str
    name: str | None = None
    name_uk: str | None = None
    kind: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Skip:
    """A source feature that is not imported, and why.

    ``detail``, when given, is added to the report's warnings naming the feature.
    """

    reason: str
    detail: str | None = None


@dataclass(frozen=True)
class ImportedFeature:
    """One feature in the project's layer format.

    Parameters
    ----------
    id : str
        Unique id.
    properties : mapping
        ``layer``, ``date``, ``side``, ``status``, ``source``, ``source_date`` and the optional
        properties of the layer format (dates as ISO text).
    geometry : shapely geometry
        WGS84 lon/lat, inside the area of interest, polygons counter-clockwise.
    """

    id: str
    properties: Mapping[str, Any]
    geometry: BaseGeometry

    @property
    def date(self) -> dt.date:
        """The feature's date."""
        return dt.date.fromisoformat(str(self.properties["date"]))

    def to_geojson(self) -> dict[str, Any]:
        """The feature as a GeoJSON ``Feature`` object (coordinates rounded to 1e-7°)."""
        return {
            "type": "Feature",
            "id": self.id,
            "properties": dict(self.properties),
            "geometry": to_geojson_geometry(self.geometry),
        }


@dataclass(frozen=True)
class ImportResult:
    """Features read from an archive, not yet written.

    Parameters
    ----------
    features : tuple of ImportedFeature
        In order of date, then source file, then position in the file.
    report : ImportReport
        What was read, kept and dropped.
    folder : str
        The output sub-folder the features go to (``<folder>/YYYY-MM-DD.geojson``).
    title : str
        A title for a new data set's manifest.
    attribution : str
        A credit line for a new data set's manifest.
    """

    features: tuple[ImportedFeature, ...]
    report: ImportReport
    folder: str
    title: str
    attribution: str

    def by_date(self) -> dict[dt.date, list[ImportedFeature]]:
        """The features grouped by date, dates in order."""
        out: dict[dt.date, list[ImportedFeature]] = defaultdict(list)
        for feature in self.features:
            out[feature.date].append(feature)
        return dict(sorted(out.items()))


class FormatSpec(ABC):
    """How one archive format is imported.

    Parameters
    ----------
    folder : str, optional
        Output sub-folder and id prefix; default the format's name.
    source : str, optional
        The ``source`` property written; default the format's.
    precision_m : float, optional
        The ``precision_m`` property written; default the format's.
    """

    #: Name of the format on the command line.
    format: ClassVar[str] = ""
    #: ``file``: a later file of the same date replaces an earlier one whole; ``group``: per
    #: date and class; ``none``: every file is kept.
    supersede: ClassVar[Literal["file", "group", "none"]] = "none"
    default_source: ClassVar[str] = ""
    default_precision_m: ClassVar[float | None] = None
    default_title: ClassVar[str] = ""
    default_attribution: ClassVar[str] = ""

    def __init__(
        self,
        *,
        folder: str | None = None,
        source: str | None = None,
        precision_m: float | None = None,
    ) -> None:
        self.folder = folder or self.format
        self.source = source or self.default_source
        self.precision_m = self.default_precision_m if precision_m is None else precision_m

    @property
    def dating(self) -> str:
        """The dating rule, shown in the report."""
        return ""

    @property
    def title(self) -> str:
        """A title for a new data set's manifest."""
        return self.default_title

    @property
    def attribution(self) -> str:
        """A credit line for a new data set's manifest."""
        return self.default_attribution

    @abstractmethod
    def date_of(self, src: SourceFile) -> FileDate | None:
        """The date of a whole file, or None when each feature carries its own.

        Raises
        ------
        ValueError
            When the file cannot be dated.
        """

    def feature_date(self, raw: RawFeature, src: SourceFile) -> FileDate:
        """The date of one feature, for files :meth:`date_of` does not date.

        Raises
        ------
        ValueError
            When the feature cannot be dated.
        """
        raise ValueError("cannot date the feature")

    @abstractmethod
    def classify(self, raw: RawFeature, src: SourceFile) -> Classified | Skip:
        """What a feature becomes, or why it is skipped."""


def date_from_name(name: str, pattern: re.Pattern[str] | None = None) -> dt.date:
    """Read a date from a file name: ISO ``YYYY-MM-DD`` or ``YYYYMMDD``.

    Parameters
    ----------
    name : str
        The file name.
    pattern : re.Pattern, optional
        A pattern with one group holding the date; default: the first ISO or 8-digit date.

    Returns
    -------
    datetime.date

    Raises
    ------
    ValueError
        When no real date is found.

    Examples
    --------
    >>> date_from_name("deepstatemap_data_20251209.geojson")
    datetime.date(2025, 12, 9)
    >>> date_from_name("siversk_2025-12-09.json")
    datetime.date(2025, 12, 9)
    """
    if pattern is not None:
        match = pattern.search(name)
        if not match:
            raise ValueError(f"file name does not match the date pattern {pattern.pattern!r}")
        text = match.group(1)
        found = _ISO.fullmatch(text) or _COMPACT.fullmatch(text)
        if not found:
            raise ValueError(f"{text!r} from the file name is not YYYY-MM-DD or YYYYMMDD")
    else:
        stem = name.rsplit(".", 1)[0]
        found = _ISO.search(stem) or _COMPACT.search(stem)
        if not found:
            raise ValueError("no date (YYYY-MM-DD or YYYYMMDD) in the file name")
    year, month, day = (int(g) for g in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(
            f"{found.group(0)!r} in the file name is not a real date ({exc})"
        ) from None


@dataclass
class _Item:
    index: int
    raws: list[RawFeature]
    null: bool = False
    rejected: bool = False
    had_z: bool = False


def _document_features(doc: Any, shown: str) -> tuple[list[Any], Any, list[Problem]]:
    """The feature list of a document, its CRS transformer, and top-level problems (errors,
    and warnings such as a reprojection or an empty layer)."""
    if isinstance(doc, dict) and "type" not in doc and set(doc) == {"value"}:
        doc = doc["value"]  # the NZZ archive wraps its FeatureCollection in {"value": ...}
    return layer_io.document_features(doc, shown)


def _read_items(doc: Any, shown: str) -> tuple[list[_Item], list[Problem]]:
    features, transformer, problems = _document_features(doc, shown)
    items: list[_Item] = []
    for index, feature in enumerate(features):
        item = _Item(index, [])
        items.append(item)
        if (
            isinstance(feature, dict)
            and feature.get("type") == "Feature"
            and (feature.get("geometry") is None)
        ):
            item.null = True
            continue
        result = ReadResult()
        layer_io.read_feature(feature, index, shown, transformer, result)
        item.raws = result.features
        for problem in result.problems:
            if problem.severity == "error":
                item.rejected = True
                problems.append(problem)
            elif problem.reason.startswith("3-D"):
                item.had_z = True
    return items, problems


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _cached_problem(src: SourceFile) -> Problem:
    return Problem(
        src.shown,
        "",
        f"this copy was read from the download cache ({src.cached}): if the server has fixed "
        "it, --refresh downloads it again",
    )


def _merged(raws: list[RawFeature]) -> RawFeature:
    """One raw feature for a source feature (the members of a GeometryCollection together)."""
    first = raws[0]
    if len(raws) == 1:
        return RawFeature(first.file, first.index, first.fid, first.properties, first.geometry)
    geoms = [r.geometry for r in raws if r.geometry is not None]
    return RawFeature(
        first.file, first.index, first.fid, first.properties, shapely.GeometryCollection(geoms)
    )


def _lonlat_ok(geom: BaseGeometry) -> bool:
    x0, y0, x1, y1 = geom.bounds
    return all(math.isfinite(v) for v in (x0, y0, x1, y1)) and (
        x0 >= -180 and x1 <= 180 and y0 >= -90 and y1 <= 90
    )


def _crosses_antimeridian(geom: BaseGeometry) -> bool:
    """Whether a part spans more than 180° of longitude: drawn across the antimeridian.

    Read as written, such a part wraps the long way round the globe and covers every area of
    interest between its ends. (A part split at ±180°, as RFC 7946 asks, spans less.)
    """
    for part in shapely.get_parts(shapely.get_parts(geom)):
        x0, _, x1, _ = part.bounds
        if x1 - x0 > 180:
            return True
    return False


@dataclass
class _Candidate:
    file: int
    index: int
    when: FileDate
    cls: Classified
    geometry: BaseGeometry
    cut: bool
    repaired: str | None
    where: str
    url: str | None


def read_with(
    spec: FormatSpec,
    sources: Iterable[str | Path],
    *,
    aoi: AOI,
    fetch: FetchOptions | None = None,
    limits: Limits = Limits(),
) -> ImportResult:
    """Run a format over the sources: the imported features and the report.

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

    Returns
    -------
    ImportResult

    Raises
    ------
    ValidationError
        With every problem, when any source or feature cannot be read or dated.
    """
    files, problems = open_sources(sources, fetch, limits)
    report = ImportReport(spec.format, aoi, dating=spec.dating)
    if not files and not problems:
        problems.append(Problem(", ".join(map(str, sources)) or "-", "", "no source files found"))
    box = aoi_box(aoi)

    dates: list[FileDate | None] = []
    for src in files:
        report.files.append(FileReport(src.shown))
        try:
            when = spec.date_of(src)
        except ValueError as exc:
            problems.append(Problem(src.shown, "", f"cannot date the file: {exc}"))
            when = None
        dates.append(when)
        report.files[-1].date = when.date if when else None

    superseded: dict[int, int] = {}
    if spec.supersede == "file":
        by_date: dict[dt.date, list[int]] = defaultdict(list)
        for number, when in enumerate(dates):
            if when is not None:
                by_date[when.date].append(number)
        for numbers in by_date.values():
            last = max(numbers, key=lambda n: (dates[n].version, n))  # type: ignore[union-attr]
            superseded.update({n: last for n in numbers if n != last})

    candidates: list[_Candidate] = []
    total_read = 0
    for number, src in enumerate(files):
        fr = report.files[number]
        # Features are capped over the whole import, positions read per file (most of a
        # whole-front file lies outside the area and is not kept); both checked before parsing.
        budget = Budget(
            limits.max_features - total_read, limits.max_vertices, limits.max_containers
        )
        try:
            doc, found = layer_io.parse_json_strict(src.data, src.shown, limits, budget)
        except Exception as exc:  # the last resort: any error names the file
            doc, found = None, [Problem(src.shown, "", f"cannot be read: {_one_line(exc)}")]
        files[number] = dataclasses.replace(src, data=b"")  # its bytes are not needed again
        problems.extend(found)
        if src.cached is not None and any(p.severity == "error" for p in found):
            problems.append(_cached_problem(src))
        if doc is None:
            if total_read > limits.max_features or any("Limits." in p.reason for p in found):
                break  # a cap is passed: reading on costs time and memory for nothing
            continue
        try:
            items, found = _read_items(doc, src.shown)
        except Exception as exc:  # the last resort: any error names the file
            items, found = [], [Problem(src.shown, "", f"cannot be read: {_one_line(exc)}")]
        del doc
        problems.extend(p for p in found if p.severity == "error")
        # A reprojected legacy 'crs' or an empty layer is said in the report's details.
        report.warnings.extend(p for p in found if p.severity == "warning")
        fr.read = len(items)
        total_read += len(items)
        if number in superseded:
            fr.dropped[SUPERSEDED] += len(items)
            report.warnings.append(
                Problem(
                    src.shown,
                    "",
                    f"superseded by {files[superseded[number]].shown} (the last version of "
                    f"{fr.date} is kept): its {len(items)} feature(s) are not imported",
                    "warning",
                )
            )
            continue
        feature_dates: set[dt.date] = set()
        for item in items:
            if item.rejected:
                continue
            if item.had_z:
                fr.flattened_3d += 1
            if item.null:
                fr.dropped["null geometry"] += 1
                continue
            if not item.raws:
                fr.dropped["empty geometry"] += 1
                continue
            raw = _merged(item.raws)
            assert raw.geometry is not None
            where = raw.where
            if not _lonlat_ok(raw.geometry):
                problems.append(
                    Problem(src.shown, where, "coordinates out of lon/lat range: not WGS84 degrees")
                )
                continue
            if _crosses_antimeridian(raw.geometry):
                fr.dropped[ANTIMERIDIAN] += 1
                report.warnings.append(Problem(src.shown, where, ANTIMERIDIAN, "warning"))
                continue
            if not shapely.intersects(shapely.box(*raw.geometry.bounds), box):
                fr.dropped[OUTSIDE] += 1
                continue
            cls = spec.classify(raw, src)
            if isinstance(cls, Skip):
                fr.dropped[cls.reason] += 1
                if cls.detail:
                    report.warnings.append(Problem(src.shown, where, cls.detail, "warning"))
                continue
            when = dates[number]
            if when is None:
                try:
                    when = spec.feature_date(raw, src)
                except ValueError as exc:
                    problems.append(Problem(src.shown, where, f"cannot date the feature: {exc}"))
                    continue
            fitted = fit_to_aoi(raw.geometry, geometry_kind(cls.layer), box)
            if fitted.refused:
                problems.append(Problem(src.shown, where, fitted.refused))
                continue
            if fitted.geometry is None:
                fr.dropped[fitted.dropped or "dropped"] += 1
                continue
            feature_dates.add(when.date)
            candidates.append(
                _Candidate(
                    number,
                    item.index,
                    when,
                    cls,
                    fitted.geometry,
                    fitted.cut,
                    fitted.repaired,
                    where,
                    src.url,
                )
            )
        if dates[number] is None and len(feature_dates) == 1:
            fr.date = next(iter(feature_dates))

    if total_read > limits.max_features:
        problems.append(
            Problem(
                "",
                "",
                f"{total_read} features, over the cap of {limits.max_features} "
                "(Limits.max_features)",
            )
        )
    candidates = _supersede_groups(spec, candidates, files, report)
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
            {w.date for n, w in enumerate(dates) if w is not None and n not in superseded}
        )
    features = _build_features(spec, candidates, files, report, snapshots)
    return ImportResult(tuple(features), report, spec.folder, spec.title, spec.attribution)


def _supersede_groups(
    spec: FormatSpec, candidates: list[_Candidate], files: list[SourceFile], report: ImportReport
) -> list[_Candidate]:
    if spec.supersede != "group":
        return candidates
    groups: dict[tuple[Any, ...], list[_Candidate]] = defaultdict(list)
    for c in candidates:
        groups[(c.when.date, c.cls.layer, c.cls.side, c.cls.status, c.cls.group)].append(c)
    keep: list[_Candidate] = []
    dropped: Counter[tuple[int, int]] = Counter()
    for members in groups.values():
        latest = max(members, key=lambda c: (c.when.version, c.file)).file
        for c in members:
            if c.file == latest:
                keep.append(c)
            else:
                report.files[c.file].dropped[SUPERSEDED] += 1
                dropped[(c.file, latest)] += 1
    for (older, latest), count in sorted(dropped.items()):
        report.warnings.append(
            Problem(
                files[older].shown,
                "",
                f"superseded by {files[latest].shown} (same date and layer): its {count} "
                "feature(s) there are not imported",
                "warning",
            )
        )
    return sorted(keep, key=lambda c: (c.file, c.index))


def _build_features(
    spec: FormatSpec,
    candidates: list[_Candidate],
    files: list[SourceFile],
    report: ImportReport,
    snapshots: list[dt.date],
) -> list[ImportedFeature]:
    ordered = sorted(candidates, key=lambda c: (c.when.date, c.file, c.index))
    counters: dict[dt.date, int] = defaultdict(int)
    out: list[ImportedFeature] = []
    for c in ordered:
        fr = report.files[c.file]
        fr.kept += 1
        fr.cut += c.cut
        if c.repaired:
            fr.repaired += 1
            report.warnings.append(
                Problem(
                    files[c.file].shown,
                    c.where,
                    f"invalid polygon ({c.repaired}): repaired with make_valid, polygons kept",
                    "warning",
                )
            )
        counters[c.when.date] += 1
        fid = f"{spec.folder}-{c.when.date.isoformat()}-{counters[c.when.date]:03d}"
        props: dict[str, Any] = {
            "layer": c.cls.layer,
            "date": c.when.date.isoformat(),
            "status": c.cls.status,
            "source": spec.source,
            "source_date": c.when.source_date.isoformat(),
        }
        optional = {
            "side": c.cls.side,
            "name": c.cls.name,
            "name_uk": c.cls.name_uk,
            "kind": c.cls.kind,
            "precision_m": spec.precision_m,
            "source_url": c.url,
        }
        props.update({k: v for k, v in optional.items() if v is not None})
        later = [d for d in snapshots if d > c.when.date]
        if later:
            props["valid_until"] = (later[0] - dt.timedelta(days=1)).isoformat()
        origin = f"{files[c.file].name} {c.where}"
        props["note"] = f"{c.cls.note}; from {origin}" if c.cls.note else f"from {origin}"
        out.append(ImportedFeature(fid, props, c.geometry))
    report.warnings.sort()
    return out
