"""Any other archive, mapped by rules: ``FIELD=VALUE`` → side and status, a date field or pattern.

Example: the NZZ/liveuamap archive (``{"value": FeatureCollection}``, a ``type`` property of
``nochange``/``gains``/``losses`` and a ``date`` property) imports with
``--map type=nochange:ru/reported --map type=gains:ru/reported --date-field date``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..io import RawFeature
from ..model import DATED_LAYERS, SIDES, STATUSES
from ..validate import parse_date
from .base import (
    Classified,
    FileDate,
    FormatSpec,
    ImportOptionsError,
    Skip,
    date_from_name,
)
from .sources import SourceFile

__all__ = ["Generic", "MapRule", "parse_map_rule"]

_COMPACT = re.compile(r"^\d{8}$")


@dataclass(frozen=True)
class MapRule:
    """Features whose ``field`` equals ``value`` get ``side`` and ``status``.

    Parameters
    ----------
    field : str
        A property name.
    value : str
        The property's value, compared as text (NFC, surrounding spaces ignored).
    side : str
        ``ua``, ``ru`` or ``contested``.
    status : str
        ``assessed``, ``claimed`` or ``reported``.
    """

    field: str
    value: str
    side: str
    status: str = "reported"

    def matches(self, properties: dict[str, object]) -> bool:
        """Whether a feature's properties match the rule."""
        found = properties.get(self.field)
        if found is None or isinstance(found, (dict, list)):
            return False
        text = found if isinstance(found, str) else str(found)
        return unicodedata.normalize("NFC", text).strip() == self.value


def parse_map_rule(text: str) -> MapRule:
    """Read a rule written ``FIELD=VALUE:side[/status]``.

    Parameters
    ----------
    text : str
        The rule.

    Returns
    -------
    MapRule

    Raises
    ------
    ValueError
        When the rule is malformed or names an unknown side or status.

    Examples
    --------
    >>> parse_map_rule("type=nochange:ru/reported")
    MapRule(field='type', value='nochange', side='ru', status='reported')
    >>> parse_map_rule("kind=x:north")
    Traceback (most recent call last):
    ...
    ValueError: unknown side 'north' in 'kind=x:north' (allowed: ua, ru, contested)
    """
    left, sep, right = text.rpartition(":")
    field, eq, value = left.partition("=")
    if not sep or not eq or not field.strip():
        raise ValueError(f"{text!r} is not FIELD=VALUE:side[/status]")
    side, _, status = right.partition("/")
    side, status = side.strip(), status.strip() or "reported"
    if side not in SIDES:
        raise ValueError(f"unknown side {side!r} in {text!r} (allowed: {', '.join(SIDES)})")
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r} in {text!r} (allowed: {', '.join(STATUSES)})")
    return MapRule(field.strip(), unicodedata.normalize("NFC", value).strip(), side, status)


def _read_date(value: object) -> dt.date:
    if isinstance(value, str) and _COMPACT.match(value.strip()):
        return date_from_name(value.strip())
    return parse_date(value)


class Generic(FormatSpec):
    """A format described by rules (see the module's description).

    Parameters
    ----------
    rules : sequence of MapRule
        Tried in order; the first that matches classifies the feature. Unmatched features are
        skipped and counted.
    date_field : str, optional
        Property holding each feature's date (ISO date, ISO date-time as written, YYYYMMDD).
    date_from_name : str, optional
        Regular expression with one group finding the date (ISO or YYYYMMDD) in file names.
    layer : str
        The layer written (default ``control``).
    folder, source, precision_m : optional
        See :class:`~.base.FormatSpec`; ``source`` defaults to ``generic import``.

    Raises
    ------
    ImportOptionsError
        Without rules, without exactly one of ``date_field`` and ``date_from_name``, or with a
        bad pattern or layer.
    """

    format = "generic"
    default_source = "generic import"
    default_title = "Imported front-line layers"

    def __init__(
        self,
        rules: Sequence[MapRule],
        *,
        date_field: str | None = None,
        date_from_name: str | None = None,
        layer: str = "control",
        folder: str | None = None,
        source: str | None = None,
        precision_m: float | None = None,
    ) -> None:
        super().__init__(folder=folder, source=source, precision_m=precision_m)
        if not rules:
            raise ImportOptionsError(
                "generic import needs at least one --map FIELD=VALUE:side[/status]"
            )
        if (date_field is None) == (date_from_name is None):
            raise ImportOptionsError(
                "generic import needs one of --date-field and --date-from-name"
            )
        if layer not in DATED_LAYERS:
            raise ImportOptionsError(
                f"unknown dated layer {layer!r} (allowed: {sorted(DATED_LAYERS)})"
            )
        self.rules = tuple(rules)
        self.date_field = date_field
        self.pattern: re.Pattern[str] | None = None
        if date_from_name is not None:
            try:
                self.pattern = re.compile(date_from_name)
            except re.error as exc:
                raise ImportOptionsError(f"bad --date-from-name pattern: {exc}") from None
            if self.pattern.groups != 1:
                raise ImportOptionsError("--date-from-name needs exactly one group (the date)")
        self.layer = layer

    @property
    def dating(self) -> str:
        """The dating rule applied."""
        if self.date_field is not None:
            return (
                f"each feature's {self.date_field!r} property (date as written); date = source_date"
            )
        assert self.pattern is not None
        return f"file name matched by {self.pattern.pattern!r}; date = source_date"

    @property
    def attribution(self) -> str:
        """The ``source`` text, credited."""
        return f"Data: {self.source}; imported with siversk-map"

    def date_of(self, src: SourceFile) -> FileDate | None:
        """The date from the file name, when dated by a pattern."""
        if self.pattern is None:
            return None
        when = date_from_name(src.name, self.pattern)
        return FileDate(when, when)

    def feature_date(self, raw: RawFeature, src: SourceFile) -> FileDate:
        """The date in the feature's date field."""
        assert self.date_field is not None
        value = raw.properties.get(self.date_field)
        if value is None:
            raise ImportOptionsError(f"no {self.date_field!r} property")
        when = _read_date(value)
        return FileDate(when, when)

    def classify(self, raw: RawFeature, src: SourceFile) -> Classified | Skip:
        """By the first matching rule."""
        for rule in self.rules:
            if rule.matches(raw.properties):
                group = f"{rule.field}={rule.value}"
                return Classified(self.layer, rule.side, rule.status, group, note=group)
        return Skip("no --map rule matched")
