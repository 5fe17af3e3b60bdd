"""ISW/CTP control-of-terrain layers, as archived by Nikkei (``Nikkei-Visual-Data-Journalism/ISW``).

Two layouts, with field names that change over time:

- 2022: one file per layer and day, ``YYYYMMDD_<Layer>.geojson`` (properties ``datetime`` in
  epoch milliseconds and ``OBJECTID`` until July, only ``FID`` from August); the layer is named
  by the file name.
- 2023: every layer in one file, ``YYYYMMDD.geojson``, with a ``layer`` property (Japanese
  layer names in May 2023, ArcGIS view names later).

Layers map to the layer format as follows: assessed Russian control → ``ru`` ``assessed``;
assessed Russian advances → ``contested`` ``assessed``; claimed Russian control → ``ru``
``claimed``; claimed Ukrainian counteroffensives → ``ua`` ``claimed``. Other layers (partisan
activity, ...) are skipped and counted. Features are dated by the date in the file name (the
``datetime`` property when the name has none). When two files give the same layer for one date,
the later file is kept.
"""

from __future__ import annotations

import datetime as dt
import re

from ..io import RawFeature
from .base import (
    Classified,
    FileDate,
    FormatSpec,
    Skip,
    date_from_name,
)
from .sources import SourceFile

__all__ = ["ISW", "classify_isw_layer"]

_LAYER_FROM_NAME = re.compile(r"\d{8}_([A-Za-z0-9]+)")
_NOT_ALNUM = re.compile(r"[^0-9a-z\u3040-\u30ff\u4e00-\u9fff]+")

#: Class name → (side, status, description).
CLASSES: dict[str, tuple[str, str, str]] = {
    "assessed-control": ("ru", "assessed", "ISW assessed Russian control"),
    "assessed-advance": ("contested", "assessed", "ISW assessed Russian advance"),
    "claimed-control": ("ru", "claimed", "ISW: claimed Russian control"),
    "claimed-counteroffensive": ("ua", "claimed", "ISW: claimed Ukrainian counteroffensive"),
}


def classify_isw_layer(layer: str) -> str | None:
    """The class of an ISW layer name (English view name or Nikkei's Japanese label).

    Parameters
    ----------
    layer : str
        The ``layer`` property or the layer part of a 2022 file name.

    Returns
    -------
    str or None
        A key of :data:`CLASSES`, ``other`` for known layers not imported, or None.

    Examples
    --------
    >>> classify_isw_layer("VIEW_RussiaCoTinUkraine_V3")
    'assessed-control'
    >>> classify_isw_layer("ロシア軍侵攻エリア")
    'assessed-advance'
    >>> classify_isw_layer("VIEW_ClaimedRussianTerritoryinUkraine_V2")
    'claimed-control'
    """
    key = _NOT_ALNUM.sub("", layer.lower())
    if "claimedrussian" in key:
        return "claimed-control"
    if "counteroffensive" in key or "ウクライナ軍反撃" in key:
        return "claimed-counteroffensive"
    if "advance" in key or "ロシア軍侵攻" in key:
        return "assessed-advance"
    if "cotinukraine" in key or "russiancontrol" in key or "ロシア軍支配" in key:
        return "assessed-control"
    if "partisan" in key:
        return "other"
    return None


class ISW(FormatSpec):
    """The ISW/CTP layer format (see the module's description).

    Parameters
    ----------
    folder, source, precision_m : optional
        See :class:`~.base.FormatSpec`.
    """

    format = "isw"
    supersede = "group"
    default_source = "ISW/CTP (Institute for the Study of War, AEI Critical Threats Project)"
    default_precision_m = 500.0
    default_title = "ISW/CTP assessed and claimed control"
    default_attribution = (
        "Control of terrain: Institute for the Study of War and AEI's Critical Threats Project "
        "(ISW/CTP), archived by Nikkei-Visual-Data-Journalism/ISW; imported with siversk-map"
    )

    @property
    def dating(self) -> str:
        """The dating rule applied."""
        return (
            "date in the file name (YYYYMMDD), else the 'datetime' property (epoch ms, UTC); "
            "date = source_date"
        )

    def date_of(self, src: SourceFile) -> FileDate | None:
        """The date in the file name, or None to date features by ``datetime``."""
        try:
            when = date_from_name(src.name)
        except ValueError:
            return None
        return FileDate(when, when)

    def feature_date(self, raw: RawFeature, src: SourceFile) -> FileDate:
        """The ``datetime`` property (epoch milliseconds) of 2022 layer files, in UTC."""
        value = raw.properties.get("datetime")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("no date in the file name and no 'datetime' property")
        when = dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
        return FileDate(when, when)

    def classify(self, raw: RawFeature, src: SourceFile) -> Classified | Skip:
        """By the ``layer`` property, else by the layer named in the file name."""
        layer = raw.properties.get("layer")
        if not isinstance(layer, str):
            match = _LAYER_FROM_NAME.search(src.name)
            layer = match.group(1) if match else ""
        if not layer:
            return Skip("unknown class", "no 'layer' property and no layer in the file name")
        found = classify_isw_layer(layer)
        if found is None:
            return Skip("unknown class", f"unknown ISW layer {layer!r}: not imported")
        if found == "other":
            return Skip(f"ISW layer not imported ({layer})")
        side, status, text = CLASSES[found]
        return Classified("control", side, status, found, kind=layer, note=text)
