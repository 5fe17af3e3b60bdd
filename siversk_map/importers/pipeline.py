"""Import sources into a data-set folder: read, render every file in memory, check, then write.

Nothing is written unless every source was read and every rendered file passes the same
checks :func:`siversk_map.load_dataset` applies; the files are then written atomically through
:class:`siversk_map.export.outputs.OutputFolder`, which refuses to replace files it did not
write unless forced.
"""

from __future__ import annotations

import inspect
import json
import math
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ..dataset import bundled_data_path, load_manifest
from ..errors import ExportError, SiverskMapError, ValidationError
from ..export.outputs import OutputFolder, safe_name
from ..geo import ATTRIBUTION as GEO_ATTRIBUTION
from ..model import WIDE_VIEW_ZOOM, Limits, Manifest, ReferencePoint
from .base import AOI, FormatSpec, ImportOptionsError, ImportResult
from .context import CONTEXT_FILE, context_file
from .deepstate_daily import DeepStateDaily
from .deepstate_raw import DeepStateRaw
from .engine import read_with
from .generic import Generic
from .isw import ISW
from .layer_files import render_checked, render_files
from .report import ImportReport
from .sources import FetchOptions

__all__ = [
    "FORMATS",
    "NothingImportedError",
    "import_sources",
    "parse_aoi",
    "read_sources",
    "render_files",
]

#: Source formats by command-line name.
FORMATS: Mapping[str, Callable[..., FormatSpec]] = {
    "deepstate-daily": DeepStateDaily,
    "deepstate-raw": DeepStateRaw,
    "isw": ISW,
    "generic": Generic,
}


class NothingImportedError(SiverskMapError):
    """No feature was kept; nothing was written. The report says why.

    Parameters
    ----------
    report : ImportReport
        The report of the import.
    """

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__(
            f"no feature kept from {report.total.read} read: nothing written "
            "(see the report for why)"
        )


def _spec(
    fmt: str,
    folder: str | None,
    source: str | None,
    precision_m: float | None,
    options: Mapping[str, Any],
) -> FormatSpec:
    """The format's reading rules, with its options checked."""
    if fmt not in FORMATS:
        raise ImportOptionsError(f"unknown format {fmt!r} (allowed: {', '.join(FORMATS)})")
    if folder is not None and ("/" in folder or not _safe(folder)):
        raise ImportOptionsError(
            f"folder {folder!r} must be one name of [A-Za-z0-9._-] starting with a letter or digit"
        )
    allowed = set(inspect.signature(FORMATS[fmt]).parameters) - {"folder", "source", "precision_m"}
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise ImportOptionsError(
            f"bad option for format {fmt!r}: {', '.join(unknown)} "
            f"(allowed: {', '.join(sorted(allowed)) or 'none'})"
        )
    return FORMATS[fmt](folder=folder, source=source, precision_m=precision_m, **options)


def _safe(name: str) -> bool:
    try:
        safe_name(name)
    except ExportError:
        return False
    return True


def read_sources(
    fmt: str,
    sources: Iterable[str | Path],
    *,
    aoi: str | Iterable[float],
    folder: str | None = None,
    source: str | None = None,
    precision_m: float | None = None,
    fetch: FetchOptions | None = None,
    limits: Limits = Limits(),
    jobs: int | None = None,
    **options: Any,
) -> ImportResult:
    """Read an archive into the project's features, clipped to ``aoi``, without writing.

    Parameters
    ----------
    fmt : str
        A key of :data:`FORMATS` (``deepstate-daily``, ``deepstate-raw``, ``isw``,
        ``generic``).
    sources : iterable of str or Path
        Files, folders, globs, ``.gz``/``.zip`` archives or URLs.
    aoi : str or sequence of 4 floats
        ``MINLON,MINLAT,MAXLON,MAXLAT`` to clip to (see :func:`parse_aoi`).
    folder, source, precision_m, fetch, limits, jobs, **options
        As for :func:`import_sources`.

    Returns
    -------
    ImportResult
        The features and the report; nothing is written.

    Raises
    ------
    ImportOptionsError
        On an unknown format or option, or a bad area of interest.
    ValidationError
        With every problem, when a source cannot be read or dated.
    """
    spec = _spec(fmt, folder, source, precision_m, options)
    return read_with(spec, sources, aoi=parse_aoi(aoi), fetch=fetch, limits=limits, jobs=jobs)


def parse_aoi(text: str | Iterable[float]) -> AOI:
    """Read an area of interest, ``MINLON,MINLAT,MAXLON,MAXLAT``, snapped to the 1e-7° grid.

    Parameters
    ----------
    text : str or sequence of 4 floats
        The area.

    Returns
    -------
    tuple of float

    Raises
    ------
    ImportOptionsError
        When it is not four numbers forming a box in lon/lat degrees.

    Examples
    --------
    >>> parse_aoi("37.85,48.7,38.45,49.05")
    (37.85, 48.7, 38.45, 49.05)
    >>> parse_aoi("38.45,48.7,37.85,49.05")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    siversk_map.importers.base.ImportOptionsError: area of interest must be ... (got '38.45,...')
    """
    shown = text if isinstance(text, str) else ",".join(map(str, text))
    try:
        values = [float(v) for v in (text.split(",") if isinstance(text, str) else text)]
    except (TypeError, ValueError):
        values = []
    box = tuple(round(v, 7) for v in values)
    if not (
        len(box) == 4
        and all(math.isfinite(v) for v in box)
        and -180 <= box[0] < box[2] <= 180
        and -90 <= box[1] < box[3] <= 90
    ):
        raise ImportOptionsError(
            "area of interest must be MINLON,MINLAT,MAXLON,MAXLAT in degrees, with MIN < MAX "
            f"(got {shown!r})"
        )
    return (box[0], box[1], box[2], box[3])


def _manifest_doc(result: ImportResult, aoi: AOI) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(
        (bundled_data_path() / "manifest.json").read_text(encoding="utf-8")
    )
    days = result.report.dates
    span = f", {days[0]} to {days[-1]}" if days else ""
    doc["name"] = f"import-{result.folder}"[:100]
    doc["title"] = f"{result.title}{span}"
    doc["attribution"] = result.attribution
    doc["bbox"] = list(aoi)
    doc["precision_note"] = (
        "Positions as drawn by the source, clipped to the area of interest and rounded to "
        "1e-7 degrees; see each feature's precision_m."
    )
    # The bundled river line, its facts and its base map's credit describe features this
    # import does not hold (`basemap` fills them for the imported area).
    doc["river_line"] = []
    doc["river_name"] = ""
    doc["facts"] = []
    doc["base_attribution"] = ""
    doc["base_extract_date"] = ""
    ref = doc.get("reference_point", {})
    a, b, c, d = aoi
    lon, lat = round((a + c) / 2, 7), round((b + d) / 2, 7)
    if not (a <= ref.get("lon", a - 1) <= c and b <= ref.get("lat", b - 1) <= d):
        doc["reference_point"] = {"name": "centre of the imported area", "lon": lon, "lat": lat}
    doc["view"] = {"zoom": _fit_zoom(aoi)}  # centred on the bbox when loaded
    return doc


def _bare_manifest(doc: dict[str, Any]) -> Manifest:
    """The manifest a new data set's layers are checked against (name, title, area, point)."""
    ref = doc["reference_point"]
    a, b, c, d = doc["bbox"]
    return Manifest(
        name=doc["name"],
        title=doc["title"],
        bbox=(a, b, c, d),
        reference_point=ReferencePoint(ref["name"], ref["lon"], ref["lat"]),
    )


#: Width (pixels) of the map an imported area of interest should fit.
_MAP_WIDTH_PX = 900


def _fit_zoom(aoi: AOI) -> int:
    """The web-map zoom at which the area of interest fits about :data:`_MAP_WIDTH_PX` pixels.

    Examples
    --------
    >>> _fit_zoom((37.85, 48.70, 38.45, 49.05)), _fit_zoom((22.0, 44.0, 41.0, 53.0))
    (11, 6)
    """
    a, b, c, d = aoi
    lat = math.radians((b + d) / 2)
    # Degrees of longitude that fill the width; latitude spans count more by 1/cos(lat).
    span = max(c - a, (d - b) / max(math.cos(lat), 0.1), 1e-6)
    zoom = math.floor(math.log2(360.0 * _MAP_WIDTH_PX / 256.0 / span))
    return max(1, min(zoom, 16))


def import_sources(
    fmt: str,
    sources: Iterable[str | Path],
    out: str | Path,
    *,
    aoi: AOI | str | None = None,
    force: bool = False,
    folder: str | None = None,
    source: str | None = None,
    precision_m: float | None = None,
    fetch: FetchOptions | None = None,
    limits: Limits = Limits(),
    jobs: int | None = None,
    **options: Any,
) -> ImportReport:
    """Import archive files into a data-set folder in the project's layer format.

    Features go to ``out/<folder>/YYYY-MM-DD.geojson`` (``folder`` defaults to the format's
    name); a ``manifest.json`` is added when ``out`` has none (the bundled one, with the area of
    interest as ``bbox`` and a title and credit line for the import).

    Parameters
    ----------
    fmt : {"deepstate-daily", "deepstate-raw", "isw", "generic"}
        The source format.
    sources : iterable of str or Path
        Files, folders, globs, ``.gz``/``.zip`` archives, HTTP(S) URLs.
    out : str or Path
        The data-set folder written.
    aoi : tuple of float or str, optional
        Area of interest ``(min_lon, min_lat, max_lon, max_lat)``; default the ``bbox`` of
        ``out/manifest.json`` when there is one, else of the bundled data set.
    force : bool
        Replace files in ``out`` that siversk-map did not write.
    folder, source, precision_m : optional
        Output sub-folder (and id prefix), ``source`` text and ``precision_m`` written.
    fetch : FetchOptions, optional
        Download cache, retries and progress for URLs.
    limits : Limits
        Caps on bytes per file (after decompression), features and vertices.
    jobs : int, optional
        Processes reading the files and checking the rendered ones; default one per core when
        there are 8 files or more; 1: this process only. The files written are the same.
    **options
        Format options: ``keep_file_date`` (deepstate-daily), ``keep_points``
        (deepstate-raw), ``rules``, ``date_field``, ``date_from_name``, ``layer`` (generic).

    Returns
    -------
    ImportReport
        With ``written`` listing the files written.

    Raises
    ------
    ImportOptionsError
        On an unknown format or option, or a bad area of interest.
    ValidationError
        With every problem, when a source cannot be read or dated; nothing is written.
    NothingImportedError
        When no feature is kept; nothing is written.
    ExportError
        When a file in the way was not written by siversk-map (and not ``force``).

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> work = pathlib.Path(tempfile.mkdtemp())
    >>> square = [[[38.0, 48.8], [38.1, 48.8], [38.1, 48.9], [38.0, 48.9], [38.0, 48.8]]]
    >>> doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
    ...        "geometry": {"type": "MultiPolygon", "coordinates": [square]}}]}
    >>> _ = (work / "deepstatemap_data_20251209.geojson").write_text(json.dumps(doc))
    >>> report = import_sources("deepstate-daily", [work], work / "out")
    >>> report.written
    ['deepstate-daily/2025-12-08.geojson', 'manifest.json']
    >>> report.total.kept
    1
    """
    spec = _spec(fmt, folder, source, precision_m, options)
    root = Path(out)
    existing = root / "manifest.json"
    manifest: Manifest | None = None
    if existing.exists() or existing.is_symlink():
        # Whatever it is (a broken link, a folder), never a silent fall-back to the bundled one.
        manifest, problems = load_manifest(existing, limits)
        if manifest is None:
            raise ValidationError([p for p in problems if p.severity == "error"])
    default = manifest
    if default is None:
        default, problems = load_manifest(bundled_data_path() / "manifest.json", limits)
        if default is None:
            raise ValidationError([p for p in problems if p.severity == "error"])
    area = parse_aoi(aoi if aoi is not None else default.bbox)
    if manifest is not None:
        a, b, c, d = manifest.bbox
        if area[0] < a or area[1] < b or area[2] > c or area[3] > d:
            raise ImportOptionsError(
                f"area of interest {list(area)} reaches outside the bbox {list(manifest.bbox)} "
                f"of {existing}: the imported layers would not load"
            )
    result = read_with(spec, sources, aoi=area, fetch=fetch, limits=limits, jobs=jobs)
    if not result.features:
        raise NothingImportedError(result.report)
    files: dict[str, bytes] = {}
    if manifest is None:
        doc = _manifest_doc(result, area)
        # A wide area gets Ukraine's oblasts and cities as its base map (see .context).
        context = (
            context_file(area, _bare_manifest(doc)) if _fit_zoom(area) <= WIDE_VIEW_ZOOM else None
        )
        if context is not None:
            doc["base_attribution"] = f"oblasts and cities: {GEO_ATTRIBUTION}"
        manifest_bytes = (
            json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        ).encode("utf-8")
        manifest = _bare_manifest(doc)
        files = render_checked(result, manifest, jobs)
        if context is not None:
            files[CONTEXT_FILE] = context
        files["manifest.json"] = manifest_bytes
    else:
        files = render_checked(result, manifest, jobs)
    written = OutputFolder(root, force=force).write_all(files)
    result.report.written = sorted(p.relative_to(root.resolve()).as_posix() for p in written)
    return result.report
