"""The feature schema: layer kinds, sides, statuses and the properties each feature carries.

This module is the one place that says what a valid feature is; loaders, validators, composers
and renderers all read it from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

__all__ = [
    "BASE_LAYERS",
    "DATED_LAYERS",
    "GEOMETRY_TYPES",
    "LAYERS",
    "OPTIONAL_TEXT",
    "SIDES",
    "SIDE_LAYERS",
    "STATUSES",
    "WIDE_VIEW_ZOOM",
    "Limits",
    "Manifest",
    "ReferencePoint",
]

LAYERS: Final = (
    "control",
    "front_line",
    "axis",
    "river",
    "road",
    "settlement",
    "boundary",
    "event",
    "measure",
    "railway",
    "water",
    "built_up",
    "building",
)
DATED_LAYERS: Final = frozenset({"control", "front_line", "axis", "event", "measure"})
BASE_LAYERS: Final = frozenset(LAYERS) - DATED_LAYERS
SIDE_LAYERS: Final = frozenset({"control", "front_line", "axis"})
# Layers whose state on a date is the latest snapshot on or before it.
SNAPSHOT_LAYERS: Final = frozenset({"control", "front_line", "axis", "measure"})
SIDES: Final = ("ua", "ru", "contested")
STATUSES: Final = ("assessed", "claimed", "reported")

_POLY = frozenset({"Polygon", "MultiPolygon"})
_LINE = frozenset({"LineString", "MultiLineString"})
GEOMETRY_TYPES: Final[dict[str, frozenset[str]]] = {
    "control": _POLY,
    "boundary": _POLY,
    "front_line": _LINE,
    "axis": _LINE,
    "river": _LINE,
    "road": _LINE,
    "measure": _LINE,
    "settlement": _POLY | {"Point", "MultiPoint"},
    "event": frozenset({"Point", "MultiPoint"}),
    "railway": _LINE,
    "water": _POLY,
    "built_up": _POLY,
    "building": _POLY,
}

OPTIONAL_TEXT: Final = (
    "name",
    "name_uk",
    "name_en",
    "summary",
    "note",
    "kind",
    "source_url",
)
#: Column order of a loaded layer table.
COLUMNS: Final = (
    "id",
    "layer",
    "date",
    "valid_until",
    "side",
    "status",
    "source",
    "source_date",
    "source_url",
    "name",
    "name_uk",
    "name_en",
    "summary",
    "note",
    "kind",
    "precision_m",
    "population",
    "file",
)

#: A data set whose default zoom is this or less covers more than a town's surroundings (a
#: whole front): an import of such an area gets a base map of oblasts and cities
#: (``importers.context``), and its static maps frame the whole area by default.
WIDE_VIEW_ZOOM: Final = 8

SAFE_NAME: Final = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


@dataclass(frozen=True)
class Limits:
    """Caps on what one run reads; past them a file is rejected, not read.

    Parameters
    ----------
    max_file_bytes : int
        Largest layer file read (after decompression).
    max_features : int
        Most features in one data set.
    max_vertices : int
        Most coordinate positions in one data set.
    max_depth : int
        Deepest JSON nesting accepted.
    max_total_bytes : int
        Most bytes read in one run, all files, archive members and downloads together.
    """

    max_file_bytes: int = 64 * 1024 * 1024
    max_features: int = 200_000
    max_vertices: int = 5_000_000
    max_depth: int = 64
    max_total_bytes: int = 256 * 1024 * 1024

    @property
    def max_containers(self) -> int:
        """Most JSON arrays and objects in one file: twice the vertex cap (every position is
        an array, every line or ring one more) and ten per feature (feature, properties,
        geometry, ...). It bounds what parsing a file can cost in memory."""
        return 2 * self.max_vertices + 10 * self.max_features


@dataclass(frozen=True)
class ReferencePoint:
    """The point distances are measured to (the city centre)."""

    name: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Manifest:
    """What a data set says about itself (``manifest.json``).

    Parameters
    ----------
    name : str
        Short name, ``[A-Za-z0-9._-]+``.
    title : str
        Title shown on every map.
    bbox : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)``: every coordinate must fall inside.
    reference_point : ReferencePoint
        The point the front's distance is measured to.
    river_line : tuple of str
        Ids of the ``river`` features forming the line the front's distance is measured to.
    center : tuple of float
        Default view centre ``(lat, lon)``.
    zoom : int
        Default zoom.
    attribution : str
        Credit line.
    precision_note : str
        How exact the positions are.
    facts : tuple of str
        Context lines shown on the maps.
    base_attribution : str
        Credit for the base geography (``"© OpenStreetMap contributors"``), shown on every map
        and export beside ``attribution``.
    base_extract_date : str
        ``YYYY-MM-DD`` of the base geography's extract, or empty.
    river_name : str
        Name of the river line in legends (e.g. ``"Oskil"``); empty when there is none.
    """

    name: str
    title: str
    bbox: tuple[float, float, float, float]
    reference_point: ReferencePoint
    river_line: tuple[str, ...] = ()
    center: tuple[float, float] = (0.0, 0.0)
    zoom: int = 12
    attribution: str = ""
    precision_note: str = ""
    facts: tuple[str, ...] = field(default_factory=tuple)
    base_attribution: str = ""
    base_extract_date: str = ""
    river_name: str = ""
