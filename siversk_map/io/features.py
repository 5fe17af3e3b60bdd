"""What reading a layer file gives: raw features, problems, and the caps left to read."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry.base import BaseGeometry

from ..errors import Problem
from ..model import Limits

__all__ = [
    "Budget",
    "RawFeature",
    "ReadResult",
    "exception_text",
    "normalise_text",
    "printable_name",
]


@dataclass
class RawFeature:
    """A feature as read, before its properties are checked.

    Parameters
    ----------
    file : str
        The file it came from (as shown in messages).
    index : int
        Its position in the file (0-based), or the row number for tables.
    fid : Any
        The feature's ``id`` member, or its ``id`` property, or None.
    properties : dict
        Its properties, text normalised to NFC.
    geometry : shapely geometry or None
        Its 2-D geometry in WGS84 lon/lat; None when the feature has no usable geometry.
    part : int or None
        The member number when a GeometryCollection was exploded.
    """

    file: str
    index: int
    fid: Any
    properties: dict[str, Any]
    geometry: BaseGeometry | None
    part: int | None = None

    @property
    def where(self) -> str:
        """How a message names this feature: its index, and its id when it has one."""
        label = f"feature {self.index}"
        if self.fid is not None:
            label += f" (id {str(self.fid)!r})"
        if self.part is not None:
            label += f" part {self.part}"
        return label


@dataclass
class ReadResult:
    """The features read from one file and every problem met on the way."""

    features: list[RawFeature] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Budget:
    """What is left of a run's caps on features and positions while files are read.

    :func:`prescan` checks a file's counts against it *before* the file is parsed into Python
    objects; callers lower it by what each parsed file held.

    Parameters
    ----------
    features : int
        Features that may still be read.
    vertices : int
        Coordinate positions that may still be read.
    containers : int
        JSON arrays and objects one file may hold.
    """

    features: int
    vertices: int
    containers: int

    @classmethod
    def of(cls, limits: Limits) -> Budget:
        """A whole budget from the caps of ``limits``."""
        return cls(limits.max_features, limits.max_vertices, limits.max_containers)


def printable_name(name: str) -> str:
    """A file name as messages and tables show it: bytes that are not UTF-8 (read by Python
    as lone surrogates) as ``\\xNN`` escapes.

    Examples
    --------
    >>> printable_name("\\udcff.geojson")
    '\\\\xff.geojson'
    """
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def normalise_text(value: Any) -> Any:
    """NFC-normalise strings (other values are returned unchanged)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def exception_text(exc: BaseException) -> str:
    """An exception in one line: its type and its first line of text."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
