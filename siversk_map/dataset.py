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

from .analysis import Advance, Analysis, Change
from .claims import ClaimCheck, check_claims
from .compose import Composer, State, list_dates
from .dataset_files import load_manifest, read_files
from .errors import DateRangeError, Problem, ValidationError
from .hints import screen_unimported
from .io import file_kind, iter_layer_files, printable_name
from .model import Limits, Manifest
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

    #: States kept: a whole daily series (issue 15: 769 dates), so that a build stepping through
    #: every date twice (the timeline, then its figures) composes each once. A state is small
    #: (its rows and held ground refer to the table's geometry).
    @functools.lru_cache(maxsize=1024)  # noqa: B019 - a DataSet is immutable and long-lived
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

    @functools.cached_property
    def analysis(self) -> Analysis:
        """Every figure of the data set, measured once and cached (:mod:`siversk_map.analysis`)."""
        return Analysis(self)

    def change(self, side: str, date_from: dt.date | str | None, date_to: dt.date | str) -> Change:
        """Ground ``side`` gained and lost between two dates (``date_from`` None: none)."""
        before = None if date_from is None else self.check_date(date_from)
        return self.analysis.change(side, before, self.check_date(date_to))

    def advance(self, date_from: dt.date | str, date_to: dt.date | str) -> Advance | None:
        """Deepest Russian advance between two dates."""
        return self.analysis.advance(self.check_date(date_from), self.check_date(date_to))

    def front_distances(self, date: dt.date | str | State) -> dict[str, float | None]:
        """Distance (km) from ``ru``-held ground to the reference point and the river line.

        ``date`` may be the date's :class:`State` when the caller already has it.
        """
        day = date.date if isinstance(date, State) else self.check_date(date)
        return self.analysis.front(day).as_dict()

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
                "length_km": [self.analysis.feature_length_km(g) for g in rows.geometry],
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

    def advance_along(self, measure_id: str) -> tuple[str | None, str | None, float | None]:
        """Russian advance the data set shows along one ``measure`` line.

        Parameters
        ----------
        measure_id : str
            The id of a ``measure`` feature.

        Returns
        -------
        tuple
            ``(from_date, to_date, km)``: see :meth:`siversk_map.analysis.Analysis.along`.
        """
        return self.analysis.along(measure_id).as_tuple()

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
            for ch in self.analysis.changes(before, after):
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
        return dict(self.analysis.figures(self.check_date(date)).areas_km2)

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
    raws = read_files(files, limits, problems)
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
