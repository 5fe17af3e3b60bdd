"""What a format is and what an import gives: the types the import engine works with.

A format is a :class:`FormatSpec`: how a file is dated, how a feature is classified (layer,
side, status) or skipped, and how versions of one date replace each other.
:func:`~.engine.read_with` runs a spec over the sources and returns an :class:`ImportResult`.
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from shapely.geometry.base import BaseGeometry

from ..errors import SiverskMapError
from ..io import RawFeature
from .geometry import to_geojson_geometry
from .report import ImportReport
from .sources import SourceFile

__all__ = [
    "AOI",
    "Classified",
    "FileDate",
    "FormatSpec",
    "ImportOptionsError",
    "ImportResult",
    "ImportedFeature",
    "Skip",
    "date_from_name",
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
