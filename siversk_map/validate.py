"""Check raw features against the schema and build the layer table.

Every check gathers its problems; nothing raises until the whole data set has been seen, so a
user learns of every problem in one run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .errors import Problem
from .io import RawFeature
from .model import (
    COLUMNS,
    DATED_LAYERS,
    GEOMETRY_TYPES,
    LAYERS,
    OPTIONAL_TEXT,
    SIDE_LAYERS,
    SIDES,
    STATUSES,
    Manifest,
)

__all__ = ["build_table", "check_overlaps", "parse_date"]

# ASCII digits only (``\d`` alone takes full-width and Arabic-Indic digits), and ``\Z``: ``$``
# would accept a trailing newline.
_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\Z",
    re.ASCII,
)
_DATE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\Z", re.ASCII)
# An absolute http(s) URL, scheme in any case (RFC 3986), no control character (a newline, a
# tab, ...). Other text is kept and escaped wherever it is shown.
_URL = re.compile(r"https?://[^\x00-\x1f\x7f-\x9f\u2028\u2029]+", re.IGNORECASE)
# Positions may sit on the area's edge; allow for rounding at the last printed decimal.
_EDGE = 1e-9


def parse_date(value: Any) -> dt.date:
    """Read a date as written: ``YYYY-MM-DD``, or a date-time whose date part is kept.

    The date of a date-time is the date *as written*, never converted to UTC, so a report
    dated ``2024-04-01T01:00+03:00`` stays on 1 April.

    Parameters
    ----------
    value : str or datetime.date
        The value to read.

    Returns
    -------
    datetime.date

    Raises
    ------
    ValueError
        When the value is not an ISO date or names a day that does not exist.

    Examples
    --------
    >>> parse_date("2025-12-11")
    datetime.date(2025, 12, 11)
    >>> parse_date("2024-04-01T01:00+03:00")
    datetime.date(2024, 4, 1)
    >>> parse_date("2024-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2024-02-30' is not a real date (day is out of range for month)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date text YYYY-MM-DD, got {type(value).__name__}")
    match = _DATE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)")
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None


def _short(value: Any) -> str:
    """A value as a message shows it: its repr, cut to 60 characters (a 400-digit number)."""
    try:
        text = repr(value)
    except ValueError:  # an integer past the digits Python converts to text
        return f"a {type(value).__name__} too long to show"
    return text if len(text) <= 60 else text[:57] + "..."


def _file_date(shown: str) -> dt.date | None:
    stem = shown.rsplit("/", 1)[-1].split(":")[0]
    stem = stem.rsplit(".", 1)[0]
    if _DATE_NAME.match(stem):
        try:
            return dt.date.fromisoformat(stem)
        except ValueError:
            return None
    return None


def _check_record(
    raw: RawFeature, manifest: Manifest, problems: list[Problem]
) -> dict[str, Any] | None:
    """Check one feature's properties and geometry; return its table row or None."""
    errors: list[str] = []
    props = raw.properties
    row: dict[str, Any] = {}

    fid = raw.fid
    if fid is None:
        errors.append("no 'id': every feature needs a unique id")
    elif isinstance(fid, bool) or not isinstance(fid, (str, int)):
        errors.append(f"'id' must be a string or an integer, not {type(fid).__name__}")
    else:
        row["id"] = str(fid) if raw.part is None else f"{fid}#{raw.part}"

    layer = props.get("layer")
    if layer is None:
        errors.append(f"no 'layer' (allowed: {', '.join(LAYERS)})")
    elif not isinstance(layer, str):
        errors.append(f"'layer' must be text, not {type(layer).__name__} ({_short(layer)})")
        layer = None
    elif layer not in LAYERS:
        errors.append(f"unknown layer {layer!r} (allowed: {', '.join(LAYERS)})")
    row["layer"] = layer

    def text(name: str, required: bool) -> None:
        value = props.get(name)
        if value is None or value == "":
            if required:
                errors.append(f"no {name!r}")
            row[name] = None
        elif not isinstance(value, str):
            errors.append(f"{name!r} must be text, not {type(value).__name__} ({value!r})")
        else:
            row[name] = value

    def date(name: str, required: bool) -> None:
        value = props.get(name)
        if value is None or value == "":
            if required:
                errors.append(f"no {name!r} (YYYY-MM-DD)")
            row[name] = None
            return
        try:
            row[name] = parse_date(value)
        except ValueError as exc:
            errors.append(f"{name!r}: {exc}")

    dated = layer in DATED_LAYERS
    text("source", True)
    for name in OPTIONAL_TEXT:
        text(name, False)
    date("date", dated)
    date("valid_until", False)
    date("source_date", dated)
    if not dated and layer in LAYERS and props.get("date") not in (None, ""):
        errors.append(f"layer {layer!r} is a base layer and takes no 'date'")

    side = props.get("side")
    if side is None or side == "":
        if layer in SIDE_LAYERS:
            errors.append(f"no 'side' (allowed: {', '.join(SIDES)})")
        row["side"] = None
    elif not isinstance(side, str) or side not in SIDES:
        errors.append(f"unknown side {_short(side)} (allowed: {', '.join(SIDES)})")
    else:
        row["side"] = side

    status = props.get("status")
    if status is None or status == "":
        if dated:
            errors.append(f"no 'status' (allowed: {', '.join(STATUSES)})")
        row["status"] = "assessed" if not dated else None
    elif not isinstance(status, str) or status not in STATUSES:
        errors.append(f"unknown status {_short(status)} (allowed: {', '.join(STATUSES)})")
    else:
        row["status"] = status

    precision = props.get("precision_m")
    if precision is None:
        row["precision_m"] = None
    elif (
        isinstance(precision, bool)
        or not isinstance(precision, (int, float))
        or not 0 <= precision <= 1e7  # false for NaN and infinities; exact for huge integers
    ):
        errors.append(f"'precision_m' must be a number from 0 to 1e7, not {_short(precision)}")
    else:
        row["precision_m"] = float(precision)

    population = props.get("population")
    if population is None:
        row["population"] = None
    elif (
        isinstance(population, bool)
        or not isinstance(population, (int, float))
        or not 0 <= population <= 1e9  # false for NaN and infinities; exact for huge integers
    ):
        errors.append(f"'population' must be a number from 0 to 1e9, not {_short(population)}")
    else:
        row["population"] = float(population)

    url = row.get("source_url")
    if url and not _URL.fullmatch(url):
        errors.append(
            "'source_url' must be an http:// or https:// address without control characters "
            f"(got {_short(url)})"
        )

    when, until = row.get("date"), row.get("valid_until")
    if isinstance(when, dt.date) and isinstance(until, dt.date) and until < when:
        errors.append(f"'valid_until' {until} is before 'date' {when}")
    file_date = _file_date(raw.file)
    if file_date is not None and isinstance(when, dt.date) and when != file_date:
        errors.append(f"'date' {when} differs from the file's date {file_date}")

    errors.extend(_check_geometry(raw.geometry, layer, manifest))

    for reason in errors:
        problems.append(Problem(raw.file, raw.where, reason))
    if errors:
        return None
    row["file"] = raw.file
    row["geometry"] = _oriented(raw.geometry)
    return row


def _check_geometry(geom: BaseGeometry | None, layer: Any, manifest: Manifest) -> list[str]:
    if geom is None:
        return ["no geometry"]
    errors: list[str] = []
    allowed = GEOMETRY_TYPES.get(layer) if isinstance(layer, str) else None
    if allowed is not None and geom.geom_type not in allowed:
        errors.append(
            f"a {layer!r} feature must be {' or '.join(sorted(allowed))}, not {geom.geom_type}"
        )
    coords = shapely.get_coordinates(geom)
    if len(coords) and not np.isfinite(coords).all():
        # Checked here, not left to GEOS or to the area check (NaN compares false).
        return ["a coordinate is not finite (NaN or infinity)"]
    if len(coords):
        xs, ys = coords[:, 0], coords[:, 1]
        min_x, max_x, min_y, max_y = xs.min(), xs.max(), ys.min(), ys.max()
        if max(abs(min_x), abs(max_x)) > 180 or max(abs(min_y), abs(max_y)) > 90:
            hint = (
                "latitude beyond ±90: are lon and lat swapped?"
                if max(abs(min_y), abs(max_y)) > 90 and max(abs(min_x), abs(max_x)) <= 90
                else "not WGS84 lon/lat degrees (projected metres without a 'crs'?)"
            )
            errors.append(
                f"coordinates out of range (x {min_x:.6g}..{max_x:.6g}, "
                f"y {min_y:.6g}..{max_y:.6g}): {hint}"
            )
        else:
            a, b, c, d = manifest.bbox
            if min_x < a - _EDGE or max_x > c + _EDGE or min_y < b - _EDGE or max_y > d + _EDGE:
                swapped = a <= min_y and max_y <= c and b <= min_x and max_x <= d
                hint = " (lon and lat look swapped)" if swapped else ""
                errors.append(
                    f"outside the data set's area {list(manifest.bbox)}: "
                    f"lon {min_x:.5f}..{max_x:.5f}, lat {min_y:.5f}..{max_y:.5f}{hint}"
                )
    if not errors and not geom.is_valid:
        errors.append(f"invalid geometry: {shapely.is_valid_reason(geom)}")
    return errors


def _oriented(geom: BaseGeometry | None) -> BaseGeometry | None:
    """Exterior rings counter-clockwise, holes clockwise (RFC 7946)."""
    if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return geom
    return shapely.orient_polygons(geom)


def build_table(
    features: Iterable[RawFeature], manifest: Manifest, problems: list[Problem]
) -> gpd.GeoDataFrame:
    """Check raw features and build the layer table (one row per valid feature).

    Parameters
    ----------
    features : iterable of RawFeature
        Features as read.
    manifest : Manifest
        The data set's manifest (its area is checked).
    problems : list of Problem
        Problems found are appended here.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns as :data:`siversk_map.model.COLUMNS`, CRS ``OGC:CRS84``.
    """
    rows: list[dict[str, Any]] = []
    for raw in features:
        row = _check_record(raw, manifest, problems)
        if row is not None:
            rows.append(row)
    counts = Counter(row["id"] for row in rows)
    seen: dict[str, str] = {}
    keep: list[dict[str, Any]] = []
    for row in rows:
        fid = row["id"]
        if counts[fid] > 1:
            if fid in seen:
                problems.append(
                    Problem(row["file"], f"feature {fid!r}", f"duplicated id (also in {seen[fid]})")
                )
            else:
                seen[fid] = row["file"]
            continue
        keep.append(row)
    for fid, first in seen.items():
        problems.append(Problem(first, f"feature {fid!r}", "duplicated id"))
    data = {name: [row.get(name) for row in keep] for name in COLUMNS}
    return gpd.GeoDataFrame(data, geometry=[row["geometry"] for row in keep], crs="OGC:CRS84")


def check_overlaps(
    dates: Iterable[dt.date],
    state: Any,
    tolerance_km2: float,
    strict: bool,
    problems: list[Problem],
) -> None:
    """Report ground held by two sides on one date, naming the features that overlap.

    Parameters
    ----------
    dates : iterable of date
        Dates to check.
    state : callable
        ``state(date) -> State`` (see :mod:`siversk_map.compose`).
    tolerance_km2 : float
        Overlaps at or below this are ignored.
    strict : bool
        Report overlaps as errors rather than warnings.
    problems : list of Problem
        Problems found are appended here.
    """
    from .analysis.geodesy import area_km2

    for day in dates:
        st = state(day)
        zones = st.held
        sides = [s for s in SIDES if s in zones]
        for i, first in enumerate(sides):
            for second in sides[i + 1 :]:
                overlap = zones[first].intersection(zones[second])
                km2 = area_km2(overlap)
                if km2 > tolerance_km2:
                    files, named = _overlapping(st.features, (first, second), overlap)
                    problems.append(
                        Problem(
                            " and ".join(files),
                            f"date {day}",
                            f"{first} and {second} zones overlap by {km2:.3f} km² ({named})",
                            "error" if strict else "warning",
                        )
                    )


#: Most features named per side in an overlap message.
_NAMED_PER_SIDE = 5


def _overlapping(
    features: gpd.GeoDataFrame, sides: tuple[str, str], overlap: Any
) -> tuple[list[str], str]:
    """The files, and a description, of each side's control features in an overlap."""
    control = features[(features["layer"] == "control") & ~features["claim"].astype(bool)]
    files: set[str] = set()
    named: list[str] = []
    for side in sides:
        mine = control[control["side"] == side]
        hit = mine[shapely.area(shapely.intersection(mine.geometry.values, overlap)) > 0]
        ids = [f"'{fid}'" for fid in hit["id"].astype(str)]
        if not ids:
            continue
        more = len(ids) - _NAMED_PER_SIDE
        shown = ", ".join(ids[:_NAMED_PER_SIDE]) + (f" and {more} more" if more > 0 else "")
        named.append(f"{side}: feature{'s' if len(ids) > 1 else ''} {shown}")
        files.update(str(f) for f in hit["file"])
    return sorted(files), "; ".join(named)
