"""DeepState daily union: one MultiPolygon of occupied ground per day, dated by its file name.

The archive (``cyterat/deepstate-map-data``, ``deepstatemap_data_YYYYMMDD.geojson``) is a scrape
of DeepStateMap made at about 03:00 UTC on the file's date *D*: it shows DeepState's map as it
stood on the evening of *D - 1*. Features are dated *D - 1* (``source_date`` *D*); with
``keep_file_date`` they are dated *D*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from ..io import RawFeature
from ..model import Limits
from .base import (
    AOI,
    Classified,
    FileDate,
    FormatSpec,
    ImportResult,
    Skip,
    date_from_name,
    read_with,
)
from .sources import FetchOptions, SourceFile

__all__ = ["DeepStateDaily", "read_deepstate_daily"]


class DeepStateDaily(FormatSpec):
    """The DeepState daily-union format (see the module's description).

    Parameters
    ----------
    keep_file_date : bool
        Date features with the file's date instead of the day before.
    folder, source, precision_m : optional
        See :class:`~.base.FormatSpec`.
    """

    format = "deepstate-daily"
    supersede = "file"
    default_source = "DeepState (deepstatemap.live), daily union of occupied areas"
    default_precision_m = 250.0
    default_title = "DeepState daily occupied area"
    default_attribution = (
        "Occupied area: DeepStateMap (deepstatemap.live), daily scrape archived by "
        "cyterat/deepstate-map-data; imported with siversk-map"
    )

    def __init__(
        self,
        *,
        keep_file_date: bool = False,
        folder: str | None = None,
        source: str | None = None,
        precision_m: float | None = None,
    ) -> None:
        super().__init__(folder=folder, source=source, precision_m=precision_m)
        self.keep_file_date = keep_file_date

    @property
    def dating(self) -> str:
        """The dating rule applied."""
        if self.keep_file_date:
            return "file date D kept as the feature date (keep_file_date)"
        return (
            "file date D (scrape at ~03:00 UTC) = DeepState's state of the evening of D-1: "
            "features dated D-1, source_date D"
        )

    def date_of(self, src: SourceFile) -> FileDate:
        """The file's date *D* from its name; features dated *D - 1* unless kept."""
        scraped = date_from_name(src.name)
        shown = scraped if self.keep_file_date else scraped - dt.timedelta(days=1)
        return FileDate(shown, scraped)

    def classify(self, raw: RawFeature, src: SourceFile) -> Classified | Skip:
        """Every polygon is ground occupied by Russian forces."""
        return Classified(
            "control",
            "ru",
            "assessed",
            "occupied",
            note="DeepState daily union of occupied areas",
        )


def read_deepstate_daily(
    sources: Iterable[str | Path],
    *,
    aoi: AOI,
    keep_file_date: bool = False,
    folder: str | None = None,
    source: str | None = None,
    precision_m: float | None = None,
    fetch: FetchOptions | None = None,
    limits: Limits = Limits(),
) -> ImportResult:
    """Read DeepState daily-union files, without writing.

    Parameters
    ----------
    sources : iterable of str or Path
        Files, folders, globs, ``.gz``/``.zip`` archives or URLs.
    aoi : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)`` to clip to.
    keep_file_date : bool
        Date features *D* (the file's date) instead of *D - 1*.
    folder, source, precision_m : optional
        Override the output sub-folder (and id prefix), ``source`` and ``precision_m``.
    fetch : FetchOptions, optional
        Cache and retries for URLs.
    limits : Limits
        Caps on bytes, features and vertices.

    Returns
    -------
    ImportResult

    Raises
    ------
    ValidationError
        When a source cannot be read or a file name holds no date.
    """
    spec = DeepStateDaily(
        keep_file_date=keep_file_date, folder=folder, source=source, precision_m=precision_m
    )
    return read_with(spec, sources, aoi=aoi, fetch=fetch, limits=limits)
