"""The import's last stage: superseded groups dropped, the kept features numbered and given
their properties (date, status, source, validity, where they came from)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from shapely.geometry.base import BaseGeometry

from ..errors import Problem
from .base import SUPERSEDED, Classified, FileDate, FormatSpec, ImportedFeature
from .report import ImportReport
from .sources import SourceFile

__all__ = ["Candidate", "build_features", "supersede_groups"]


@dataclass
class Candidate:
    """A feature kept by the screen and fit stages, with where it came from."""

    file: int
    index: int
    when: FileDate
    cls: Classified
    geometry: BaseGeometry
    cut: bool
    repaired: str | None
    where: str
    url: str | None


def supersede_groups(
    spec: FormatSpec, candidates: list[Candidate], files: list[SourceFile], report: ImportReport
) -> list[Candidate]:
    """The candidates left when, for ``supersede="group"`` formats, only the latest version of
    each (date, layer, side, status, group) is kept; each dropped file gets a warning.

    Parameters
    ----------
    spec : FormatSpec
    candidates : list of Candidate
    files : list of SourceFile
    report : ImportReport
        Its per-file counts and warnings are updated.

    Returns
    -------
    list of Candidate
        In file and feature order.
    """
    if spec.supersede != "group":
        return candidates
    groups: dict[tuple[Any, ...], list[Candidate]] = defaultdict(list)
    for c in candidates:
        groups[(c.when.date, c.cls.layer, c.cls.side, c.cls.status, c.cls.group)].append(c)
    keep: list[Candidate] = []
    dropped: Counter[tuple[int, int]] = Counter()
    for members in groups.values():
        latest = max(members, key=lambda c: (c.when.version, c.file)).file
        for c in members:
            if c.file == latest:
                keep.append(c)
            else:
                report.files[c.file].dropped[SUPERSEDED] += 1
                dropped[(c.file, latest)] += 1
    for (older, latest), count in sorted(dropped.items()):
        report.warnings.append(
            Problem(
                files[older].shown,
                "",
                f"superseded by {files[latest].shown} (same date and layer): its {count} "
                "feature(s) there are not imported",
                "warning",
            )
        )
    return sorted(keep, key=lambda c: (c.file, c.index))


def build_features(
    spec: FormatSpec,
    candidates: list[Candidate],
    files: list[SourceFile],
    report: ImportReport,
    snapshots: list[dt.date],
) -> list[ImportedFeature]:
    """The kept candidates as numbered features with their properties, in date order.

    Parameters
    ----------
    spec : FormatSpec
    candidates : list of Candidate
    files : list of SourceFile
    report : ImportReport
        Its kept, cut and repaired counts and warnings are updated.
    snapshots : list of datetime.date
        For whole-map formats, the dates of the files: a feature is valid until the next one.

    Returns
    -------
    list of ImportedFeature
    """
    ordered = sorted(candidates, key=lambda c: (c.when.date, c.file, c.index))
    counters: dict[dt.date, int] = defaultdict(int)
    out: list[ImportedFeature] = []
    for c in ordered:
        fr = report.files[c.file]
        fr.kept += 1
        fr.cut += c.cut
        if c.repaired:
            fr.repaired += 1
            report.warnings.append(
                Problem(
                    files[c.file].shown,
                    c.where,
                    f"invalid polygon ({c.repaired}): repaired with make_valid, polygons kept",
                    "warning",
                )
            )
        counters[c.when.date] += 1
        fid = f"{spec.folder}-{c.when.date.isoformat()}-{counters[c.when.date]:03d}"
        props: dict[str, Any] = {
            "layer": c.cls.layer,
            "date": c.when.date.isoformat(),
            "status": c.cls.status,
            "source": spec.source,
            "source_date": c.when.source_date.isoformat(),
        }
        optional = {
            "side": c.cls.side,
            "name": c.cls.name,
            "name_uk": c.cls.name_uk,
            "kind": c.cls.kind,
            "precision_m": spec.precision_m,
            "source_url": c.url,
        }
        props.update({k: v for k, v in optional.items() if v is not None})
        later = [d for d in snapshots if d > c.when.date]
        if later:
            props["valid_until"] = (later[0] - dt.timedelta(days=1)).isoformat()
        origin = f"{files[c.file].name} {c.where}"
        props["note"] = f"{c.cls.note}; from {origin}" if c.cls.note else f"from {origin}"
        out.append(ImportedFeature(fid, props, c.geometry))
    report.warnings.sort()
    return out
