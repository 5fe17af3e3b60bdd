"""A data set: its manifest, its validated layer table, and what can be asked of it."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from .claims import ClaimCheck, check_claims
from .compose import Composer, State, list_dates, polygons_only
from .errors import DateRangeError, Problem, ValidationError
from .hints import screen_unimported
from .io import (
    Budget,
    RawFeature,
    file_kind,
    iter_layer_files,
    printable_name,
    read_json_strict,
    read_layer_file,
)
from .measure import (
    Advance,
    Change,
    area_km2,
    distance_km,
    length_km,
    measure_advance,
    measure_change,
    measure_changes,
)
from .model import SAFE_NAME, Limits, Manifest, ReferencePoint
from .validate import build_table, check_overlaps

__all__ = ["DataSet", "bundled_data_path", "load_dataset", "load_manifest"]

#: Overlap between two sides' zones tolerated before a warning (km²).
OVERLAP_TOLERANCE_KM2 = 0.01


def bundled_data_path() -> Path:
    """The folder of the bundled Siversk data set.

    Installed, it is shipped inside the package (``siversk_map/_data/geojson``); in a source
    checkout it is the repository's ``data/geojson``.
    """
    packaged = Path(str(importlib.resources.files("siversk_map"))) / "_data" / "geojson"
    if (packaged / "manifest.json").is_file():
        return packaged
    return Path(__file__).resolve().parents[1] / "data" / "geojson"


def _number(value: Any) -> bool:
    """A JSON number that is a finite float (a 400-digit integer is not)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return -1e300 < value < 1e300


def load_manifest(path: Path, limits: Limits = Limits()) -> tuple[Manifest | None, list[Problem]]:
    """Read and check a data set's ``manifest.json``.

    Parameters
    ----------
    path : Path
        The manifest file.
    limits : Limits
        Caps on reading.

    Returns
    -------
    tuple
        ``(manifest, problems)``; the manifest is None when it has errors.
    """
    shown = path.name
    doc, problems = read_json_strict(path, shown, limits)
    if doc is None:
        return None, problems
    if not isinstance(doc, dict):
        return None, [Problem(shown, "", "the manifest must be a JSON object")]
    errors: list[str] = []
    name = doc.get("name")
    if not isinstance(name, str) or not SAFE_NAME.match(name):
        errors.append("'name' must be text of [A-Za-z0-9._-]")
    bbox = doc.get("bbox")
    if not (
        isinstance(bbox, list)
        and len(bbox) == 4
        and all(_number(v) for v in bbox)
        and -180 <= bbox[0] < bbox[2] <= 180
        and -90 <= bbox[1] < bbox[3] <= 90
    ):
        errors.append("'bbox' must be [min_lon, min_lat, max_lon, max_lat] in degrees")
        bbox = [0.0, 0.0, 0.0, 0.0]
    ref = doc.get("reference_point")
    if not (
        isinstance(ref, dict)
        and _number(ref.get("lon"))
        and _number(ref.get("lat"))
        and isinstance(ref.get("name", ""), str)
    ):
        errors.append("'reference_point' must be {'name', 'lon', 'lat'}")
        ref = {"name": "", "lon": 0.0, "lat": 0.0}
    view = doc.get("view", {})
    center = view.get("center") if isinstance(view, dict) else None
    if center is None:
        center = [(bbox[1] + bbox[3]) / 2, (bbox[0] + bbox[2]) / 2]
    if not (isinstance(center, list) and len(center) == 2 and all(_number(v) for v in center)):
        errors.append("'view.center' must be [lat, lon]")
        center = [0.0, 0.0]
    zoom = view.get("zoom", 12) if isinstance(view, dict) else 12
    if not isinstance(zoom, int) or isinstance(zoom, bool) or not 0 <= zoom <= 20:
        errors.append("'view.zoom' must be an integer 0..20")
        zoom = 12
    texts = {}
    for key in (
        "title",
        "attribution",
        "precision_note",
        "base_attribution",
        "base_extract_date",
        "river_name",
    ):
        value = doc.get(key, "")
        if not isinstance(value, str):
            errors.append(f"{key!r} must be text")
            value = ""
        texts[key] = value
    lists = {}
    for key in ("river_line", "facts"):
        value = doc.get(key, [])
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            errors.append(f"{key!r} must be a list of texts")
            value = []
        lists[key] = tuple(value)
    if errors:
        return None, [Problem(shown, "", reason) for reason in errors]
    manifest = Manifest(
        name=str(name),
        title=texts["title"] or str(name),
        bbox=(float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3])),
        reference_point=ReferencePoint(
            str(ref.get("name", "")), float(ref["lon"]), float(ref["lat"])
        ),
        river_line=lists["river_line"],
        center=(float(center[0]), float(center[1])),
        zoom=zoom,
        attribution=texts["attribution"],
        precision_note=texts["precision_note"],
        facts=lists["facts"],
        base_attribution=texts["base_attribution"],
        base_extract_date=texts["base_extract_date"],
        river_name=texts["river_name"],
    )
    a, b, c, d = manifest.bbox
    rp = manifest.reference_point
    if not (a <= rp.lon <= c and b <= rp.lat <= d):
        return None, [Problem(shown, "reference_point", "outside the data set's bbox")]
    return manifest, problems


@dataclass(frozen=True, eq=False)
class DataSet:
    """A validated data set.

    Use :func:`load_dataset` to make one.

    Attributes
    ----------
    manifest : Manifest
        What the data set says about itself.
    table : geopandas.GeoDataFrame
        One row per feature (columns as :data:`siversk_map.model.COLUMNS`).
    root : Path or None
        The folder it was read from.
    warnings : tuple of Problem
        What was repaired while reading.
    """

    manifest: Manifest
    table: gpd.GeoDataFrame
    root: Path | None = None
    warnings: tuple[Problem, ...] = field(default_factory=tuple)

    @functools.cached_property
    def dates(self) -> list[dt.date]:
        """The dates that appear in the data set, in order."""
        return list_dates(self.table)

    def state(self, date: dt.date | str, *, latest: bool = False) -> State:
        """The state of every layer on a date (see :func:`siversk_map.compose.compose_state`).

        Parameters
        ----------
        date : datetime.date or str
            The date, or its ISO text, within the data set's range.
        latest : bool
            Accept a date after the last one and give the last date's state (whose ``date`` is
            that last date, not the one asked for).

        Raises
        ------
        DateRangeError
            The date is before the first date, or after the last one without ``latest``.
        """
        return self._state(self.check_date(date, latest=latest))

    def check_date(self, date: dt.date | str, *, latest: bool = False) -> dt.date:
        """The date as a :class:`datetime.date`, refused when it is outside the data's range.

        Parameters
        ----------
        date : datetime.date or str
            The date, or its ISO text.
        latest : bool
            Map a date after the last one to the last one instead of refusing it.

        Raises
        ------
        DateRangeError
            The date is before the first date, or after the last one without ``latest``.
        """
        day = _as_date(date)
        dates = self.dates
        if not dates:
            raise DateRangeError("the data set has no dated layers")
        # A feature's valid_until says what the data shows up to that day: it extends the range.
        until = [d for d in self.table["valid_until"] if isinstance(d, dt.date)]
        first, last = dates[0], max([dates[-1], *until])
        if day < first:
            raise DateRangeError(f"{day} is before the data's range ({first} to {last})")
        if day > last:
            if latest:
                return dates[-1]
            raise DateRangeError(
                f"{day} is after the data's range ({first} to {last}); "
                "ask for the latest state explicitly (--latest) to show the state of "
                f"{dates[-1]}"
            )
        return day

    @functools.lru_cache(maxsize=256)  # noqa: B019 - a DataSet is immutable and long-lived
    def _state(self, date: dt.date) -> State:
        return self._composer.state(date)

    @functools.cached_property
    def _composer(self) -> Composer:
        return Composer(self.table)

    def previous_date(self, date: dt.date) -> dt.date | None:
        """The data set's date before ``date``, or None."""
        earlier = [d for d in self.dates if d < date]
        return earlier[-1] if earlier else None

    @functools.cached_property
    def river(self) -> Any:
        """The river line distances are measured to (union of the manifest's ``river_line``)."""
        ids = set(self.manifest.river_line)
        rows = self.table[self.table["id"].isin(ids)]
        if not len(rows):
            return None
        return shapely.union_all(rows.geometry.values)

    @property
    def reference_point(self) -> shapely.Point:
        """The manifest's reference point as a shapely Point (lon, lat)."""
        rp = self.manifest.reference_point
        return shapely.Point(rp.lon, rp.lat)

    def change(self, side: str, date_from: dt.date | str | None, date_to: dt.date | str) -> Change:
        """Ground ``side`` gained and lost between two dates (``date_from`` None: none)."""
        before = None if date_from is None else self.state(date_from)
        return measure_change(side, before, self.state(date_to))

    def advance(self, date_from: dt.date | str, date_to: dt.date | str) -> Advance | None:
        """Deepest Russian advance between two dates."""
        return measure_advance(
            self.state(date_from).held.get("ru", shapely.Polygon()),
            self.state(date_to).held.get("ru", shapely.Polygon()),
        )

    def front_distances(self, date: dt.date | str | State) -> dict[str, float | None]:
        """Distance (km) from ``ru``-held ground to the reference point and the river line.

        ``date`` may be the date's :class:`State` when the caller already has it.
        """
        state = date if isinstance(date, State) else self.state(date)
        ru = state.held.get("ru")
        if ru is None:
            return {"to_reference_km": None, "to_river_km": None}
        return {
            "to_reference_km": distance_km(self.reference_point, ru),
            "to_river_km": distance_km(self.river, ru) if self.river is not None else None,
        }

    def measures(self, date: dt.date | str) -> pd.DataFrame:
        """The ``measure`` lines shown on a date, each with what the data measures along it.

        Returns
        -------
        pandas.DataFrame
            Columns ``id, name, note, length_km`` (the line's geodesic length) and, for the
            advance the data set itself shows along the line, ``data_from``, ``data_to`` (ISO
            dates: the data set's first date with Russian-held ground, and the line's own date)
            and ``data_advance_km``: the length of the line that passed from other hands to
            Russian-held ground between those two dates, measured on the data set's states
            (never typed). The line's name and note carry any figure quoted by the press.
        """
        rows = self.state(date).layer("measure")
        advances = [self.advance_along(fid) for fid in rows["id"]]
        return pd.DataFrame(
            {
                "id": list(rows["id"]),
                "name": list(rows["name"]),
                "note": list(rows["note"]),
                "length_km": [length_km(g) for g in rows.geometry],
                "data_from": [a[0] for a in advances],
                "data_to": [a[1] for a in advances],
                "data_advance_km": [a[2] for a in advances],
            },
            columns=[
                "id",
                "name",
                "note",
                "length_km",
                "data_from",
                "data_to",
                "data_advance_km",
            ],
        )

    @functools.lru_cache(maxsize=64)  # noqa: B019 - a DataSet is immutable and long-lived
    def advance_along(self, measure_id: str) -> tuple[str | None, str | None, float | None]:
        """Russian advance the data set shows along one ``measure`` line.

        Parameters
        ----------
        measure_id : str
            The id of a ``measure`` feature.

        Returns
        -------
        tuple
            ``(from_date, to_date, km)``: the data set's first date with Russian-held ground,
            the line's own date (ISO text) and the geodesic length of the line that was not
            Russian-held on the first and was on the second; ``(None, None, None)`` when the
            line or a Russian-held state is missing, or the line predates the first state.
        """
        rows = self.table[(self.table["id"] == measure_id) & (self.table["layer"] == "measure")]
        if not len(rows):
            return None, None, None
        line = rows.geometry.iloc[0]
        end = rows["date"].iloc[0]
        start = self._first_ru_date
        if not isinstance(end, dt.date) or start is None or start >= end or line is None:
            return None, None, None
        before = self.state(start).held.get("ru", shapely.Polygon())
        after = self.state(end).held.get("ru", shapely.Polygon())
        gained = polygons_only(after.difference(before))
        km = 0.0
        if not gained.is_empty:
            inside = shapely.get_parts(line.intersection(gained))
            km = sum(length_km(g) for g in inside if g.geom_type == "LineString")
        return start.isoformat(), end.isoformat(), round(km, 3)

    @functools.cached_property
    def _first_ru_date(self) -> dt.date | None:
        for day in self.dates:
            if "ru" in self.state(day).held:
                return day
        return None

    def claim_checks(self) -> tuple[ClaimCheck, ...]:
        """Every claim checked against the later states (see :mod:`siversk_map.claims`).

        Returns
        -------
        tuple of ClaimCheck
            For each claimed ``control`` feature: the first date on or after the claim on which
            the claiming side's assessed or reported control covered at least 90 % of the
            claimed area (geodesic), or the share it covered on the last date.
        """
        return self._claim_checks

    @functools.cached_property
    def _claim_checks(self) -> tuple[ClaimCheck, ...]:
        return check_claims(self.table, self.dates, self.state)

    def changes(
        self,
        date_from: dt.date | str | None = None,
        date_to: dt.date | str | None = None,
        *,
        between: bool = False,
    ) -> pd.DataFrame:
        """The change table: per date and side, held area and what changed since the date before.

        Parameters
        ----------
        date_from, date_to : datetime.date or str, optional
            Limit the table to dates in this range (inclusive).
        between : bool
            Give one row per side comparing ``date_from`` with ``date_to`` directly, instead of
            one row per date.

        Returns
        -------
        pandas.DataFrame
            Columns ``date, side, area_km2, gained_km2, lost_km2, net_km2, since,
            front_to_reference_km, front_to_river_km``.
        """
        start = self.check_date(date_from) if date_from is not None else None
        end = self.check_date(date_to) if date_to is not None else None
        if start is not None and end is not None and start > end:
            raise DateRangeError(f"the range's start {start} is after its end {end}")
        rows: list[dict[str, Any]] = []
        if between:
            if start is None or end is None:
                raise ValueError("between=True needs both dates")
            pairs: Sequence[tuple[dt.date | None, dt.date]] = [(start, end)]
        else:
            chosen = [
                d for d in self.dates if (start is None or d >= start) and (end is None or d <= end)
            ]
            pairs = [(self.previous_date(d), d) for d in chosen]
        for before, after in pairs:
            front = self.front_distances(after)
            state_before = self.state(before) if before is not None else None
            state_after = self.state(after)
            for ch in measure_changes(state_before, state_after):
                rows.append(
                    {
                        "date": after.isoformat(),
                        "side": ch.side,
                        "area_km2": round(ch.area_km2, 3),
                        # Nothing to compare the first date with: blank, not 0.
                        "gained_km2": None if before is None else round(ch.gained_km2, 3),
                        "lost_km2": None if before is None else round(ch.lost_km2, 3),
                        "net_km2": None if before is None else round(ch.net_km2, 3),
                        "since": before.isoformat() if before else None,
                        "front_to_reference_km": _round(front["to_reference_km"]),
                        "front_to_river_km": _round(front["to_river_km"]),
                    }
                )
        return pd.DataFrame(
            rows,
            columns=[
                "date",
                "side",
                "area_km2",
                "gained_km2",
                "lost_km2",
                "net_km2",
                "since",
                "front_to_reference_km",
                "front_to_river_km",
            ],
        )

    def held_area_km2(self, date: dt.date | str) -> dict[str, float]:
        """Area held by each side on a date, km²."""
        return {side: area_km2(geom) for side, geom in self.state(date).held.items()}

    def map(self, date: dt.date | str, *, tiles: str | None = None) -> Any:
        """The interactive Leaflet map of a date as a ``folium.Map`` (shown inline in Jupyter).

        Parameters
        ----------
        date : datetime.date or str
        tiles : str, optional
            An online tile layer name; the map draws offline without it.
        """
        from .render.page import render_date_map

        return render_date_map(self, date, tiles=tiles)

    def explore(self, date: dt.date | str, m: Any = None, **kwargs: Any) -> Any:
        """The state on a date on a folium map, in the style of ``GeoDataFrame.explore``.

        Parameters
        ----------
        date : datetime.date or str
        m : folium.Map, optional
            A map of yours to add the layers to (as one layer group per layer kind); without it
            a new map framed on the data set is made.
        **kwargs
            Passed on to :class:`folium.Map` when a new map is made.

        Returns
        -------
        folium.Map
        """
        from .export.layers import explore_state

        return explore_state(self, date, m, **kwargs)

    def snapshot(
        self, date: dt.date | str, *, compare: dt.date | str | None = None, **style: Any
    ) -> Any:
        """The static report figure of a date (a matplotlib Figure; see
        :func:`siversk_map.export.static.render_snapshot`).

        Parameters
        ----------
        date : datetime.date or str
        compare : datetime.date or str, optional
            An earlier date drawn side by side, with the change between them.
        **style
            ``width``, ``height``, ``dpi``, ``half_width_km`` of
            :class:`~siversk_map.export.static.SnapshotStyle`.
        """
        from .export.static import SnapshotStyle, render_snapshot

        return render_snapshot(self, date, compare=compare, style=SnapshotStyle(**style))

    def summary(self, date: dt.date | str) -> str:
        """One line saying what the data set holds on a date."""
        day = _as_date(date)
        state = self.state(day)
        on_day = self.table[self.table["date"] == day]
        layers = ", ".join(f"{n} {k}" for k, n in sorted(on_day["layer"].value_counts().items()))
        areas = " ".join(f"{s} {a:.1f} km²" for s, a in self.held_area_km2(day).items())
        claims = " (claims shown)" if state.claimed else ""
        return f"{day.isoformat()}  {layers}  |  {areas}{claims}"


def _read_files(
    files: list[tuple[Path, str]], limits: Limits, problems: list[Problem]
) -> list[RawFeature]:
    """Read the layer files under the caps, counted while reading: a file is checked against
    what is left of the caps on bytes, features and positions before it is parsed, and
    reading stops at the first cap passed."""
    total = 0
    for file, _ in files:
        try:
            total += file.stat().st_size
        except OSError:
            continue  # reported when the file is read
    if total > limits.max_total_bytes:
        problems.append(
            Problem(
                "",
                "",
                f"layer files hold {total} bytes, over the cap of {limits.max_total_bytes} "
                "for one run: not read (Limits.max_total_bytes)",
            )
        )
        return []
    budget = Budget.of(limits)
    raws: list[RawFeature] = []
    for file, shown in files:
        result = read_layer_file(file, shown, limits, budget)
        problems.extend(result.problems)
        raws.extend(result.features)
        budget.features = limits.max_features - len(raws)
        budget.vertices -= sum(
            int(shapely.get_num_coordinates(r.geometry)) for r in result.features if r.geometry
        )
        if budget.features < 0 or budget.vertices < 0:
            break
    if len(raws) > limits.max_features:
        problems.append(
            Problem(
                "",
                "",
                f"{len(raws)} features, over the cap of {limits.max_features} "
                "(Limits.max_features)",
            )
        )
        return []
    vertices = limits.max_vertices - budget.vertices
    if vertices > limits.max_vertices:
        problems.append(
            Problem(
                "",
                "",
                f"{vertices} vertices, over the cap of {limits.max_vertices} (Limits.max_vertices)",
            )
        )
        return []
    return raws


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    from .validate import parse_date

    return parse_date(value)


def load_dataset(
    path: str | Path | Iterable[str | Path] | None = None,
    *,
    strict: bool = False,
    limits: Limits = Limits(),
) -> DataSet:
    """Load and validate a data set.

    Parameters
    ----------
    path : str, Path or list of them, optional
        A data-set folder (with ``manifest.json``), or layer files and folders. Files given
        without a folder use the bundled data set's manifest. Default: the bundled Siversk data.
    strict : bool
        Treat overlaps between sides' zones as errors.
    limits : Limits
        Caps on file size, features and vertices.

    Returns
    -------
    DataSet

    Raises
    ------
    ValidationError
        With every problem found, when there is any error.

    Examples
    --------
    >>> ds = load_dataset()
    >>> ds.manifest.name
    'siversk'
    >>> ds.dates[0] < ds.dates[-1]
    True
    """
    if path is None:
        paths = [bundled_data_path()]
    elif isinstance(path, (str, Path)):
        paths = [Path(path)]
    else:
        paths = [Path(p) for p in path]
    problems: list[Problem] = []
    manifest_path: Path | None = None
    files: list[tuple[Path, str]] = []
    root = None
    for item in paths:
        if item.is_dir():
            root = root or item
            candidate = item / "manifest.json"
            if manifest_path is None and (candidate.exists() or candidate.is_symlink()):
                # Whatever it is (a broken link, a folder), it is this data set's manifest:
                # reading it reports what is wrong, never a fall-back to the bundled one.
                manifest_path = candidate
            files.extend(
                (f, printable_name(f.relative_to(item).as_posix())) for f in iter_layer_files(item)
            )
        elif item.is_file():
            files.append((item, printable_name(item.name)))
        elif item.exists():
            kind = file_kind(item.stat().st_mode)
            problems.append(
                Problem(printable_name(str(item)), "", f"is {kind}: not a layer file or folder")
            )
        elif item.is_symlink():
            problems.append(Problem(printable_name(str(item)), "", "is a broken symbolic link"))
        else:
            problems.append(Problem(printable_name(str(item)), "", "no such file or folder"))
    if manifest_path is None:
        manifest_path = bundled_data_path() / "manifest.json"
    manifest, found = load_manifest(manifest_path, limits)
    problems.extend(found)
    raws = _read_files(files, limits, problems)
    if manifest is None:
        raise ValidationError([p for p in problems if p.severity == "error"])
    raws, unimported = screen_unimported(raws)
    problems.extend(unimported)
    table = build_table(raws, manifest, problems)
    if not files and not problems:
        problems.append(Problem(str(paths[0]), "", "no layer files found"))
    ds = DataSet(manifest=manifest, table=table, root=root)
    check_overlaps(ds.dates, ds.state, OVERLAP_TOLERANCE_KM2, strict, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationError(errors)
    warnings = tuple(sorted(p for p in problems if p.severity == "warning"))
    return DataSet(manifest=manifest, table=table, root=root, warnings=warnings)
