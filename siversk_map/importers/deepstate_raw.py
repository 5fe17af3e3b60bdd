"""DeepState raw map layers: occupied, liberated and contested polygons, markers, versions.

The archive (``DanielRose2310/deepstatemaps-history``, ``geojsons/<epoch-seconds>.geojson``) keeps
DeepStateMap's own map layer as it was fetched. Each file is dated by the UTC date of the epoch
in its name; when a day has several versions the last one is kept and the others are reported
as superseded.

A polygon's class is read from its ``name``: up to three parts joined by ``///`` (Ukrainian,
English, an i18n key such as ``geoJSON.status.occupied``), with non-breaking spaces and
trailing newlines. The key wins over the English part, which wins over the Ukrainian one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ..io import RawFeature
from .base import Classified, FileDate, FormatSpec, Skip
from .sources import SourceFile

__all__ = ["DeepStateRaw", "classify_deepstate_name"]

_EPOCH = re.compile(r"(?<![0-9])(\d{9,11})(?![0-9])")
_SPLIT = re.compile(r"/{2,}")
_SPACE = re.compile(r"\s+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

OCCUPIED, LIBERATED, CONTESTED = "occupied", "liberated", "contested"
ATTACK, UNIT, FOREIGN = "attack direction", "unit", "foreign"
_SIDES = {OCCUPIED: "ru", LIBERATED: "ua", CONTESTED: "contested"}
_UKRAINIAN_TERRITORIES = ("ordlo", "crimea", "tuzla")


def _key_class(text: str) -> str | None:
    if text == "geojson.status.occupied":
        return OCCUPIED
    if text.startswith("geojson.status.dismissed"):
        return LIBERATED
    if text == "geojson.status.unknown":
        return CONTESTED
    if text == "geojson.status.attack_direction":
        return ATTACK
    if text.startswith("geojson.units."):
        return UNIT
    if text.startswith("geojson.territories."):
        region = text.removeprefix("geojson.territories.")
        return OCCUPIED if region in _UKRAINIAN_TERRITORIES else FOREIGN
    return None


def _text_class(text: str) -> str | None:
    occupied = ("occupied", "cadr and calr", "occupied crimea", "occupied tuzla island")
    occupied_uk = ("окуповано", "ордло", "окупований крим", "острів тузла")
    if text in occupied or text in occupied_uk:
        return OCCUPIED
    if any(s in text for s in ("under occupation", "зайняті ворогом", "які окуповано")):
        return OCCUPIED
    if text.startswith(("liberated", "taken back", "звільнено")):
        return LIBERATED
    contested = ("contested", "in doubt", "unknown status", "під питанням", "статус невідомий")
    if text in contested or text.endswith((" contested", " під питанням")):
        return CONTESTED
    if text in ("direction of attack", "напрямок удару"):
        return ATTACK
    return None


def _parts(name: str) -> list[str]:
    text = unicodedata.normalize("NFC", name).replace("\xa0", " ")
    parts = [_SPACE.sub(" ", p).strip() for p in _SPLIT.split(text)]
    return [p for p in parts if p]


def classify_deepstate_name(name: str) -> str | None:
    """The class of a DeepState layer name, or None when it is not recognised.

    Parameters
    ----------
    name : str
        The ``name`` property as found.

    Returns
    -------
    str or None
        ``occupied``, ``liberated``, ``contested``, ``attack direction``, ``unit`` or
        ``foreign`` (an occupied territory outside Ukraine).

    Examples
    --------
    >>> classify_deepstate_name("Окуповано /// Occupied\\xa0/// geoJSON.status.occupied\\n")
    'occupied'
    >>> classify_deepstate_name("Статус невідомий /// Unknown status")
    'contested'
    >>> classify_deepstate_name("Звільнено 30.03 /// Taken back 30.03")
    'liberated'
    >>> classify_deepstate_name("Окуповано")
    'occupied'
    """
    for part in reversed(_parts(name)):
        lower = part.lower()
        found = _key_class(lower) if lower.startswith("geojson.") else _text_class(lower)
        if found is not None:
            return found
    return None


def _names(name: str) -> tuple[str | None, str | None]:
    """The English and Ukrainian parts of a name (i18n keys left out)."""
    english = ukrainian = None
    for part in _parts(name):
        if part.lower().startswith("geojson."):
            continue
        if _CYRILLIC.search(part):
            ukrainian = ukrainian or part
        else:
            english = english or part
    return english, ukrainian


class DeepStateRaw(FormatSpec):
    """The DeepState raw-layer format (see the module's description).

    Parameters
    ----------
    keep_points : bool
        Import direction-of-attack and unit markers as ``event`` points (``kind``
        ``attack direction`` or ``unit``); by default they are skipped and counted.
    folder, source, precision_m : optional
        See :class:`~.base.FormatSpec`.
    """

    format = "deepstate-raw"
    supersede = "file"
    default_source = "DeepState (deepstatemap.live), map layer"
    default_precision_m = 250.0
    default_title = "DeepState map layers"
    default_attribution = (
        "Occupied, liberated and contested areas: DeepStateMap (deepstatemap.live), archived by "
        "DanielRose2310/deepstatemaps-history; imported with siversk-map"
    )

    def __init__(
        self,
        *,
        keep_points: bool = False,
        folder: str | None = None,
        source: str | None = None,
        precision_m: float | None = None,
    ) -> None:
        super().__init__(folder=folder, source=source, precision_m=precision_m)
        self.keep_points = keep_points

    @property
    def dating(self) -> str:
        """The dating rule applied."""
        return (
            "UTC date of the epoch seconds in the file name; of several versions of one day "
            "the last is kept"
        )

    def date_of(self, src: SourceFile) -> FileDate:
        """The UTC date of the epoch-seconds time in the file name."""
        match = _EPOCH.search(src.name.rsplit(".", 1)[0])
        if not match:
            raise ValueError("no epoch-seconds time in the file name")
        epoch = int(match.group(1))
        when = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()
        return FileDate(when, when, (epoch,))

    def classify(self, raw: RawFeature, src: SourceFile) -> Classified | Skip:
        """Occupied ``ru``, liberated ``ua``, contested/unknown ``contested``; markers skipped."""
        name = raw.properties.get("name")
        text = name if isinstance(name, str) else ""
        found = classify_deepstate_name(text)
        geom = raw.geometry
        is_point = geom is not None and geom.geom_type in ("Point", "MultiPoint")
        english, ukrainian = _names(text)
        if is_point:
            kind = ATTACK if found == ATTACK else UNIT
            if not self.keep_points:
                return Skip(f"{kind} marker (point) not imported")
            label = english or ukrainian or next(iter(_parts(text)), None)
            return Classified(
                "event", None, "assessed", kind, name=label, kind=kind, note=f"DeepState {kind}"
            )
        if found is None:
            shown = " /// ".join(_parts(text))
            return Skip("unknown class", f"unknown DeepState class {shown!r}: not imported")
        if found == FOREIGN:
            return Skip("occupied territory outside Ukraine")
        if found in (ATTACK, UNIT):
            return Skip(f"{found} marker that is not a point")
        return Classified(
            "control",
            _SIDES[found],
            "assessed",
            found,
            name=english,
            name_uk=ukrainian,
            note=f"DeepState {found} area",
        )
