"""DeepState daily union: one MultiPolygon of occupied ground per day, dated by its file name.

The archive (``cyterat/deepstate-map-data``, ``deepstatemap_data_YYYYMMDD.geojson``) is a scrape
of DeepStateMap made at about 03:00 UTC on the file's date *D*: it shows DeepState's map as it
stood on the evening of *D - 1*. Features are dated *D - 1* (``source_date`` *D*); with
``keep_file_date`` they are dated *D*.
"""

from __future__ import annotations

import datetime as dt

from ..io import RawFeature
from .base import (
    Classified,
    FileDate,
    FormatSpec,
    Skip,
    date_from_name,
)
from .sources import SourceFile

__all__ = ["DeepStateDaily"]


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
