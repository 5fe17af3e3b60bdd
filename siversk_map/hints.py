"""Recognise files that are not layer files yet (raw front-line archives) and say what to do.

A file none of whose features has a ``layer`` is not a siversk-map layer file. When it looks like a
known archive (or has many features), rather than one "no 'layer'" error per feature the user gets
one line naming the importer that reads it.
"""

from __future__ import annotations

from collections import defaultdict

from .errors import Problem
from .io import RawFeature

__all__ = ["screen_unimported"]


def _importer(features: list[RawFeature]) -> str:
    """The importer that most likely reads these features."""
    props = [f.properties for f in features]
    names = " ".join(str(p.get("name", "")) for p in props)
    if "///" in names or "styleUrl" in {k for p in props for k in p}:
        return "deepstate-raw"
    keys = {k for p in props for k in p}
    if keys & {"OBJECTID", "FID", "datetime"}:
        return "isw"
    # DeepState's daily files: one MultiPolygon with empty properties.
    if not keys and all(
        f.geometry is not None and f.geometry.geom_type == "MultiPolygon" for f in features
    ):
        return "deepstate-daily"
    return "generic"


def screen_unimported(raws: list[RawFeature]) -> tuple[list[RawFeature], list[Problem]]:
    """Set aside the features of files where no feature has a ``layer``.

    Parameters
    ----------
    raws : list of RawFeature
        Everything read.

    Returns
    -------
    tuple
        ``(kept, problems)``: the features of layer files, and one problem per file set aside,
        naming the ``siversk-map import`` format that reads it.
    """
    by_file: dict[str, list[RawFeature]] = defaultdict(list)
    for raw in raws:
        by_file[raw.file].append(raw)
    # A known archive, or a file of many features none of which is a layer: a few bare
    # features keep their own messages (what each lacks).
    unimported = {
        file
        for file, features in by_file.items()
        if not any(f.properties.get("layer") is not None for f in features)
        and (_importer(features) != "generic" or len(features) >= 10)
    }
    problems = [
        Problem(
            file,
            "",
            f"none of its {len(by_file[file])} feature(s) has a 'layer': it is not a layer file "
            f"yet. It looks like a {_importer(by_file[file])!r} source: import it first, e.g. "
            f"siversk-map import {_importer(by_file[file])} {file} "
            "--aoi MINLON,MINLAT,MAXLON,MAXLAT --out DIR, then use --data DIR",
        )
        for file in sorted(unimported)
    ]
    return [r for r in raws if r.file not in unimported], problems
