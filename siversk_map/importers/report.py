"""The import report: per file and in total, what was read, kept, cut, repaired and dropped."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ..errors import Problem

__all__ = ["FileReport", "ImportReport"]


@dataclass
class FileReport:
    """What happened to the features of one source file.

    ``read == kept + sum(dropped.values())`` always holds: a GeometryCollection counts as one
    feature (its polygons are merged).

    Parameters
    ----------
    file : str
        The file as shown in messages.
    date : datetime.date or None
        The date its features were given (None when it has several or none).
    read : int
        Features in the file.
    kept : int
        Features written.
    cut : int
        Kept features cut at the edge of the area of interest.
    repaired : int
        Kept features whose invalid polygons were repaired with ``make_valid``.
    flattened_3d : int
        Features whose 3-D coordinates lost their Z.
    dropped : Counter
        Features not written, by reason.
    """

    file: str
    date: dt.date | None = None
    read: int = 0
    kept: int = 0
    cut: int = 0
    repaired: int = 0
    flattened_3d: int = 0
    dropped: Counter[str] = field(default_factory=Counter)

    @property
    def dropped_total(self) -> int:
        """Features not written, whatever the reason."""
        return sum(self.dropped.values())


@dataclass
class ImportReport:
    """The report of one import.

    Parameters
    ----------
    format : str
        The source format (``deepstate-daily``, ...).
    aoi : tuple of float
        The area of interest clipped to.
    files : list of FileReport
        One per source file, in the order read.
    written : list of str
        Output files written (relative to the output folder); empty when only read.
    warnings : list of Problem
        Feature by feature: repairs, unknown classes, parts dropped across the antimeridian and
        versions superseded; file by file: a legacy ``crs`` reprojected, an empty layer.
    dating : str
        The dating rule applied.

    Examples
    --------
    >>> r = ImportReport("generic", (37.85, 48.7, 38.45, 49.05), [FileReport("a.geojson", read=3,
    ...     kept=2, dropped=Counter({"outside the area of interest": 1}))])
    >>> r.total.kept, r.total.dropped_total
    (2, 1)
    """

    format: str
    aoi: tuple[float, float, float, float]
    files: list[FileReport] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    dating: str = ""

    @property
    def total(self) -> FileReport:
        """The sum over every file."""
        out = FileReport("total")
        for item in self.files:
            out.read += item.read
            out.kept += item.kept
            out.cut += item.cut
            out.repaired += item.repaired
            out.flattened_3d += item.flattened_3d
            out.dropped.update(item.dropped)
        return out

    @property
    def dates(self) -> list[dt.date]:
        """Dates of the files that kept features, in order."""
        return sorted({f.date for f in self.files if f.date is not None and f.kept})

    def format_text(self, details: bool = True) -> str:
        """The report as text, one line per file, the totals and the reasons for drops.

        Parameters
        ----------
        details : bool
            Add the feature-by-feature warnings (repairs, unknown classes).

        Returns
        -------
        str
        """
        width = max([len(_short(f.file)) for f in self.files] + [5])
        head = (
            f"{'file':<{width}}  {'date':<10}  {'read':>5}  {'kept':>5}  {'cut':>4}  "
            f"{'repaired':>8}  {'dropped':>7}"
        )
        lines = [
            f"import {self.format}: {len(self.files)} file(s), area of interest {list(self.aoi)}",
        ]
        if self.dating:
            lines.append(f"dating: {self.dating}")
        lines += [head, "-" * len(head)]
        for item in [*self.files, self.total]:
            if item.file == "total":
                lines.append("-" * len(head))
            day = item.date.isoformat() if item.date else "-"
            lines.append(
                f"{_short(item.file):<{width}}  {day:<10}  {item.read:>5}  {item.kept:>5}  "
                f"{item.cut:>4}  {item.repaired:>8}  {item.dropped_total:>7}"
            )
        total = self.total
        if total.dropped:
            lines.append("dropped:")
            for reason, count in sorted(total.dropped.items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"  {count:>5}  {reason}")
        if total.flattened_3d:
            lines.append(f"3-D coordinates: Z dropped on {total.flattened_3d} feature(s)")
        if details and self.warnings:
            lines.append("details:")
            lines.extend(f"  {w}" for w in self.warnings)
        days = self.dates
        span = f"{days[0]} .. {days[-1]}" if days else "-"
        lines.append(
            f"kept {total.kept} of {total.read} feature(s) on {len(days)} date(s) ({span})"
        )
        if self.written:
            lines.append(
                f"wrote {len(self.written)} file(s): {', '.join(self.written[:3])}"
                + (", ..." if len(self.written) > 3 else "")
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format_text()


def _short(name: str) -> str:
    """A file's name as shown in the table: URLs and long paths cut to their last parts."""
    tail = name.rsplit("/", 2)
    text = "/".join(tail[-2:]) if len(tail) > 1 else name
    return text if len(text) <= 60 else "..." + text[-57:]
