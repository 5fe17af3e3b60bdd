"""Every file and schema case of ../shared/BAD_INPUTS.md, through every command.

``test_bad_inputs.py`` checks each case through ``validate``; here each case of the table
below runs through ``validate``, ``build``, ``snapshot``, ``animate``, ``report`` and
``import generic``, and gets the outcome BAD_INPUTS.md requires:

- reject: exit code 2, no traceback, the messages naming the file, the feature and the reason,
  and the output folder, holding good outputs of the same command made beforehand, unchanged
  byte for byte (hidden ownership record included) with no file added;
- fix+warn: exit code 0 and the warning naming the file and feature;
- accept: exit code 0 and no warning.

The importer reads third-party archives, so its outcome may differ from a data set's: a feature
outside the area of interest, of another geometry kind or matching no ``--map`` rule is dropped
and counted in the report, and so is one drawn across the antimeridian; invalid polygons are
repaired into the imported copy and listed, except a hole outside its shell; source properties
only classify and date features (ids and other properties are the importer's own). Bad JSON,
bad coordinates, undatable features and caps are errors: exit 2 and nothing written.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest

from siversk_map.cli import main
from siversk_map.dataset import load_dataset
from siversk_map.export.outputs import RECORD_NAME
from siversk_map.importers import import_sources
from siversk_map.model import SIDES, Limits

from .conftest import MINI, collection, feature

POINT = {"type": "Point", "coordinates": [38.1, 48.87]}
DATE = "2024-01-01"
RENDERING = ("build", "snapshot", "animate", "report")
COMMANDS = ("validate", *RENDERING)
# Control zones, front lines and events are classified (settlements match no rule); the
# written layer is control, so lines and points are dropped as "not a polygon".
IMPORT_OPTIONS = (
    "--map",
    "layer=control:ru/assessed",
    "--map",
    "layer=front_line:ru/assessed",
    "--map",
    "layer=event:ru/reported",
    "--date-field",
    "date",
)
CAP = Limits().max_file_bytes
SAFE_PART = re.compile(r"^[A-Za-z0-9._-]+$")


def square(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def event(fid: str, geometry: Any = None, **props: Any) -> dict[str, Any]:
    return feature(fid, geometry=POINT if geometry is None else geometry, layer="event", **props)


def settlement(fid: str, **props: Any) -> dict[str, Any]:
    base = {"date": None, "source_date": None, "side": None, "status": None}
    return feature(fid, geometry=POINT, layer="settlement", **{**base, **props})


@dataclass(frozen=True)
class Sparse:
    """A file of ``size`` zero bytes, made sparse: past the byte cap without writing it."""

    size: int


@dataclass(frozen=True)
class Outcome:
    """What BAD_INPUTS.md requires of one command for one case.

    ``needles`` must all be in stderr (reject: file, feature and reason; warn: the warning);
    ``stdout`` must all be in stdout (validate's summary, the import report); ``problems`` is
    the number of problems a rejection reports.
    """

    kind: Literal["reject", "warn", "accept", "nothing"]
    needles: tuple[str, ...] = ()
    stdout: tuple[str, ...] = ()
    problems: int | None = None


def reject(*needles: str, problems: int | None = None) -> Outcome:
    return Outcome("reject", needles, problems=problems)


def warn(*needles: str, stdout: tuple[str, ...] = ()) -> Outcome:
    return Outcome("warn", needles, stdout)


def accept(*stdout: str) -> Outcome:
    return Outcome("accept", stdout=stdout)


def imported(*report: str) -> Outcome:
    """The import writes its data set (exit 0); its report (stdout) holds ``report``."""
    return Outcome("accept", stdout=report)


def nothing(*stdout: str) -> Outcome:
    """The import keeps no feature (the report says why): exit 2, nothing written."""
    return Outcome("nothing", stdout=stdout)


@dataclass(frozen=True)
class Case:
    """One case of BAD_INPUTS.md.

    Parameters
    ----------
    row : int
        Its row in BAD_INPUTS.md.
    name : str
        The test id.
    files : callable
        Makes the layer files: name -> text, bytes, JSON or :class:`Sparse`.
    ds : Outcome or None
        Required of the data-set commands; None where the case is about the importer only.
    imp : Outcome or None
        Required of ``import generic``; None where the case has no meaning for it.
    args : tuple of str
        Extra arguments of the data-set commands.
    date : str
        The date ``snapshot`` draws.
    limits : Limits, optional
        Caps standing in for the defaults (their code path, at a size tests can afford).
    absent : tuple of str
        Text no output file may hold (unescaped markup). Only ``build`` writes text files;
        PNG, GIF, PDF and imported layers never hold it as such, so for those commands the
        case checks that the text is drawn without a crash (no formula parsing).
    """

    row: int
    name: str
    files: Callable[[], dict[str, Any]]
    ds: Outcome | None
    imp: Outcome | None
    args: tuple[str, ...] = ()
    date: str = DATE
    limits: Limits | None = None
    absent: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.row:02d}-{self.name}"


def layer(*features: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    """One layer file ``layer.geojson`` holding the features."""
    return lambda: {"layer.geojson": collection(*features)}


def text(content: str | bytes) -> Callable[[], dict[str, Any]]:
    return lambda: {"layer.geojson": content}


def _typed_layer(kind: str) -> Callable[[], dict[str, Any]]:
    """The layer files of case 6: one collection whose ``type`` is ``kind``."""
    return lambda: {"layer.geojson": {"type": kind, "features": []}}


def _with_token(token: str) -> str:
    return json.dumps(collection(feature())).replace("38.15", token, 1)


def _crs_3857() -> dict[str, Any]:
    from pyproj import Transformer

    to_3857 = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    ring = [
        list(to_3857.transform(x, y))
        for x, y in square(38.15, 48.82, 38.19, 48.9)["coordinates"][0]
    ]
    doc = collection(feature("merc", geometry={"type": "Polygon", "coordinates": [ring]}))
    doc["crs"] = {"type": "name", "properties": {"name": "EPSG:3857"}}
    return {"layer.geojson": doc}


def _deep_property() -> dict[str, Any]:
    doc = collection(feature(note=None))
    doc["features"][0]["properties"]["note"] = json.loads("[" * 200 + "]" * 200)
    return {"layer.geojson": doc}


def _gzip_bomb() -> dict[str, Any]:
    """Zeros one byte past the cap, in a gzip of about 64 KiB."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as stream:
        chunk = bytes(1 << 20)
        for _ in range(CAP >> 20):
            stream.write(chunk)
        stream.write(b"\0")
    return {"good.geojson": collection(feature()), "layer.geojson.gz": buffer.getvalue()}


BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[38.15, 48.82], [38.19, 48.9], [38.19, 48.82], [38.15, 48.9], [38.15, 48.82]]],
}
UNCLOSED = {
    "type": "Polygon",
    "coordinates": [[[38.15, 48.82], [38.19, 48.82], [38.19, 48.9], [38.15, 48.9]]],
}
HOLE_OUTSIDE = {
    "type": "Polygon",
    "coordinates": [
        square(38.15, 48.82, 38.16, 48.83)["coordinates"][0],
        square(38.18, 48.88, 38.19, 48.89)["coordinates"][0],
    ],
}
SPIKE = {
    "type": "Polygon",
    "coordinates": [
        [
            [38.15, 48.82],
            [38.17, 48.82],
            [38.19, 48.82],
            [38.17, 48.82],
            [38.17, 48.9],
            [38.15, 48.82],
        ]
    ],
}
CLOCKWISE = {
    "type": "Polygon",
    "coordinates": [[[38.15, 48.82], [38.15, 48.9], [38.19, 48.9], [38.19, 48.82], [38.15, 48.82]]],
}
COLLECTION = {
    "type": "GeometryCollection",
    "geometries": [square(38.15, 48.82, 38.16, 48.83), square(38.17, 48.85, 38.18, 48.86)],
}
NESTED = {
    "type": "GeometryCollection",
    "geometries": [{"type": "GeometryCollection", "geometries": [POINT]}],
}
PAYLOAD = "</script><script>alert(1)</script>"
MARKUP = '<img src=x onerror="alert(2)">'
BIDI = "\u202eevil\u202c"
NFD = unicodedata.normalize("NFD", "Сіверськ, Київ")  # "ї" decomposes
TEMPLATE = "${alert(3)}`"
MATH = "$\\badcmd{$ and $5 or $6"

KEPT_ONE = "kept 1 of 1 feature(s)"
KEPT_ONE_OF_3 = "kept 1 of 3 feature(s)"

CASES = [
    # 1: invalid JSON, truncated file, empty file
    Case(
        1,
        "truncated",
        text('{"type": "FeatureCollection", "features": ['),
        reject("layer.geojson", "line 1 column 44 (byte 43)", "invalid JSON", problems=1),
        reject("layer.geojson", "line 1 column 44 (byte 43)", "invalid JSON", problems=1),
    ),
    Case(
        1,
        "missing-comma",
        text('{"type": "FeatureCollection" "features": []}'),
        reject("layer.geojson", "(byte 29)", "invalid JSON", problems=1),
        reject("layer.geojson", "(byte 29)", "invalid JSON", problems=1),
    ),
    Case(
        1,
        "empty-file",
        text(""),
        reject("layer.geojson", "empty file", problems=1),
        reject("layer.geojson", "empty file", problems=1),
    ),
    # 2: a UTF-8 byte-order mark
    Case(
        2,
        "bom",
        text(b"\xef\xbb\xbf" + json.dumps(collection(feature())).encode()),
        accept("ok: 1 features"),
        imported(KEPT_ONE),
    ),
    # 3: top level an array or a number
    *(
        Case(
            3,
            f"top-level-{kind}",
            text(content),
            reject("layer.geojson", f"top level is a JSON {kind}", problems=1),
            reject("layer.geojson", f"top level is a JSON {kind}", problems=1),
        )
        for kind, content in (("list", "[1, 2]"), ("int", "42"), ("str", '"text"'))
    ),
    # 4: a bare Feature or Geometry
    Case(
        4,
        "bare-feature",
        lambda: {"layer.geojson": feature("bare")},
        accept("ok: 1 features"),
        imported(KEPT_ONE),
    ),
    Case(
        4,
        "bare-geometry",
        lambda: {"layer.geojson": square(38.15, 48.82, 38.19, 48.9)},
        # Wrapped as a feature, then its (missing) properties are checked.
        reject("layer.geojson: feature 0", "no 'id'", "no 'layer'", problems=3),
        nothing("no --map rule matched"),
    ),
    # 5: no "type" member
    Case(
        5,
        "no-type",
        lambda: {"layer.geojson": {"features": []}},
        reject("layer.geojson", "no 'type' member", problems=1),
        reject("layer.geojson", "no 'type' member", problems=1),
    ),
    # 6: wrong-case or unknown type
    *(
        Case(
            6,
            f"type-{kind}",
            _typed_layer(kind),
            reject("layer.geojson", f"unknown type {kind!r}", problems=1),
            reject("layer.geojson", f"unknown type {kind!r}", problems=1),
        )
        for kind in ("featurecollection", "Pointy")
    ),
    Case(
        6,
        "geometry-type-polygon",
        layer(feature("low", geometry={"type": "polygon", "coordinates": []})),
        reject(
            "layer.geojson: feature 0 (id 'low')", "unknown geometry type 'polygon'", problems=1
        ),
        reject(
            "layer.geojson: feature 0 (id 'low')", "unknown geometry type 'polygon'", problems=1
        ),
    ),
    # 7: coordinates as strings, a one-number position (that feature only)
    Case(
        7,
        "string-coordinates",
        layer(feature("good"), event("bad", {"type": "Point", "coordinates": ["38.1", "48.87"]})),
        reject(
            "layer.geojson: feature 1 (id 'bad')", 'coordinate "38.1" is not a number', problems=1
        ),
        reject(
            "layer.geojson: feature 1 (id 'bad')", 'coordinate "38.1" is not a number', problems=1
        ),
    ),
    Case(
        7,
        "one-number-position",
        layer(feature("good"), event("bad", {"type": "Point", "coordinates": [38.1]})),
        reject("layer.geojson: feature 1 (id 'bad')", "a position must be [lon, lat]", problems=1),
        reject("layer.geojson: feature 1 (id 'bad')", "a position must be [lon, lat]", problems=1),
    ),
    # 8: NaN / Infinity
    *(
        Case(
            8,
            token,
            text(_with_token(token)),
            reject("layer.geojson: at line 1 column", f"{token} is not valid JSON", problems=1),
            reject("layer.geojson: at line 1 column", f"{token} is not valid JSON", problems=1),
        )
        for token in ("NaN", "Infinity", "-Infinity")
    ),
    # 9: 3-D coordinates
    Case(
        9,
        "3d",
        layer(feature(), event("z", {"type": "Point", "coordinates": [38.1, 48.87, 120.0]})),
        warn("layer.geojson: feature 1 (id 'z'): warning: 3-D coordinates: Z dropped"),
        imported("Z dropped on 1 feature(s)", "1  not a polygon (Point)"),
    ),
    # 10: lat/lon swapped
    Case(
        10,
        "swapped",
        layer(feature(), event("sw", {"type": "Point", "coordinates": [48.87, 38.1]})),
        reject(
            "layer.geojson: feature 1 (id 'sw')",
            "outside the data set's area",
            "look swapped",
            problems=1,
        ),
        imported("1  outside the area of interest", "kept 1 of 2 feature(s)"),
    ),
    Case(
        10,
        "latitude-over-90",
        layer(feature(), event("lat", {"type": "Point", "coordinates": [38.1, 148.87]})),
        reject("layer.geojson: feature 1 (id 'lat')", "out of range", "swapped?", problems=1),
        reject("layer.geojson: feature 1 (id 'lat')", "out of lon/lat range", problems=1),
    ),
    # 11: projected metres without crs
    Case(
        11,
        "projected-metres",
        layer(feature(), event("m", {"type": "Point", "coordinates": [4241000.0, 6251000.0]})),
        reject("layer.geojson: feature 1 (id 'm')", "projected metres", problems=1),
        reject("layer.geojson: feature 1 (id 'm')", "out of lon/lat range", problems=1),
    ),
    # 12: legacy crs naming another CRS
    Case(
        12,
        "legacy-crs",
        _crs_3857,
        warn("layer.geojson: crs: warning: legacy crs 'EPSG:3857': reprojected to WGS84"),
        imported("layer.geojson: crs: warning: legacy crs 'EPSG:3857': reprojected", KEPT_ONE),
    ),
    # 13: bow-tie; the importer repairs into its copy, listing the repair
    Case(
        13,
        "bow-tie",
        layer(feature("bow", geometry=BOW_TIE)),
        reject("layer.geojson: feature 0 (id 'bow')", "Self-intersection[38.17 48.86]", problems=1),
        imported(
            "feature 0 (id 'bow')", "Self-intersection[38.17 48.86]", "repaired with make_valid"
        ),
    ),
    # 14: unclosed ring (that feature only; the rest is read)
    Case(
        14,
        "unclosed-ring",
        layer(
            feature("open", geometry=UNCLOSED),
            feature("shut", geometry=square(38.0, 48.8, 38.01, 48.81)),
        ),
        reject("layer.geojson: feature 0 (id 'open')", "exterior ring is not closed", problems=1),
        reject("layer.geojson: feature 0 (id 'open')", "exterior ring is not closed", problems=1),
    ),
    # 15: ring with fewer than 4 positions
    Case(
        15,
        "short-ring",
        layer(
            feature(
                "short",
                geometry={"type": "Polygon", "coordinates": [UNCLOSED["coordinates"][0][:3]]},
            )
        ),
        reject(
            "layer.geojson: feature 0 (id 'short')",
            "has 3 positions, at least 4 needed",
            problems=1,
        ),
        reject(
            "layer.geojson: feature 0 (id 'short')",
            "has 3 positions, at least 4 needed",
            problems=1,
        ),
    ),
    # 16: clockwise exterior ring
    Case(
        16,
        "clockwise",
        layer(feature("cw", geometry=CLOCKWISE)),
        accept("ok: 1 features"),
        imported(KEPT_ONE),
    ),
    # 17: hole outside its shell: never repaired (make_valid would make the hole land)
    Case(
        17,
        "hole-outside-shell",
        layer(feature("hole", geometry=HOLE_OUTSIDE)),
        reject("layer.geojson: feature 0 (id 'hole')", "Hole lies outside shell", problems=1),
        reject(
            "layer.geojson: feature 0 (id 'hole')",
            "Hole lies outside shell",
            "not repaired",
            problems=1,
        ),
    ),
    # 18: spike
    Case(
        18,
        "spike",
        layer(feature("spike", geometry=SPIKE)),
        reject("layer.geojson: feature 0 (id 'spike')", "invalid geometry", problems=1),
        imported("feature 0 (id 'spike')", "repaired with make_valid, polygons kept"),
    ),
    # 19: empty geometry, empty layer
    Case(
        19,
        "empty-geometry",
        layer(feature(), feature("hollow", geometry={"type": "Polygon", "coordinates": []})),
        warn(
            "layer.geojson: feature 1 (id 'hollow'): warning: empty geometry: feature dropped",
            stdout=("ok: 1 features",),
        ),
        imported("1  empty geometry", "kept 1 of 2 feature(s)"),
    ),
    Case(
        19,
        "empty-layer",
        lambda: {"a.geojson": collection(feature()), "layer.geojson": collection()},
        warn("layer.geojson: warning: empty layer", stdout=("ok: 1 features",)),
        imported("layer.geojson: warning: empty layer", KEPT_ONE),
    ),
    # 20: null or missing geometry
    Case(
        20,
        "null-geometry",
        layer(feature(), {**feature("void"), "geometry": None}),
        warn(
            "layer.geojson: feature 1 (id 'void'): warning: null or missing geometry",
            stdout=("ok: 1 features",),
        ),
        imported("1  null geometry", "kept 1 of 2 feature(s)"),
    ),
    # 21: GeometryCollection exploded one level; nested ones rejected
    Case(
        21,
        "geometry-collection",
        layer(feature("gc", geometry=COLLECTION)),
        accept("ok: 2 features"),
        imported(KEPT_ONE),
    ),
    Case(
        21,
        "nested-collection",
        layer(event("nest", NESTED)),
        reject("layer.geojson: feature 0 (id 'nest')", "nested GeometryCollection", problems=1),
        reject("layer.geojson: feature 0 (id 'nest')", "nested GeometryCollection", problems=1),
    ),
    # 22: crossing the antimeridian (read as written: around the globe, over every area)
    *(
        Case(
            22,
            f"antimeridian-{kind}",
            layer(feature(), feature("am", geometry=geometry, layer=kind)),
            reject("layer.geojson: feature 1 (id 'am')", "outside the data set's area", problems=1),
            imported(
                "1  crosses the antimeridian",
                "feature 1 (id 'am'): warning: crosses the antimeridian",
                "kept 1 of 2 feature(s)",
            ),
        )
        for kind, geometry in (
            (
                "front_line",
                {"type": "LineString", "coordinates": [[179.5, 48.87], [-179.5, 48.87]]},
            ),
            ("control", square(179.5, 48.8, -179.5, 48.9)),
        )
    ),
    # 23: duplicated feature ids (the importer gives its own ids)
    Case(
        23,
        "duplicated-ids",
        lambda: {
            "a.geojson": collection(feature("same")),
            "layer.geojson": collection(event("same")),
        },
        reject(
            "a.geojson: feature 'same': duplicated id",
            "layer.geojson: feature 'same': duplicated id (also in a.geojson)",
            problems=2,
        ),
        imported("kept 1 of 2 feature(s)"),
    ),
    # 24: duplicated JSON keys
    Case(
        24,
        "duplicated-keys",
        text(
            json.dumps(collection(feature())).replace('"side": "ru"', '"side": "ru", "side": "ua"')
        ),
        reject(
            "layer.geojson: feature 0 (id 'f1'): duplicated key 'side' in properties", problems=1
        ),
        reject(
            "layer.geojson: feature 0 (id 'f1'): duplicated key 'side' in properties", problems=1
        ),
    ),
    # 25: property of the wrong type (the importer writes its own properties)
    *(
        Case(
            25,
            f"type-of-{field}",
            layer(feature("typed", **{field: value})),
            reject("layer.geojson: feature 0 (id 'typed')", needle, problems=1),
            imported(KEPT_ONE),
        )
        for field, value, needle in (
            ("side", 5, "unknown side 5"),
            ("source", 5, "'source' must be text"),
            ("precision_m", "500", "'precision_m' must be a number"),
            ("name", ["x"], "'name' must be text"),
        )
    ),
    # 26, 27: impossible dates, dates not in ISO form (that feature only)
    *(
        Case(
            26 if "real" in needle else 27,
            f"date-{value}".replace("/", "_"),
            layer(feature("good"), event("bad", date=value)),
            reject("layer.geojson: feature 1 (id 'bad')", "'date'", needle, problems=1),
            reject(
                "layer.geojson: feature 1 (id 'bad')", "cannot date the feature", needle, problems=1
            ),
        )
        for value, needle in (
            ("2024-02-30", "not a real date"),
            ("0000-01-01", "not a real date"),
            ("01/02/2024", "not an ISO date"),
            ("2024-1-5", "not an ISO date"),
            (20240101, "expected an ISO date"),
        )
    ),
    # 28: date-times with offsets keep the date as written
    Case(
        28,
        "offset-date-time",
        layer(feature(date="2024-04-01T01:00+03:00", source_date="2024-04-01T01:00+03:00")),
        accept("(2024-04-01 .. 2024-04-01)"),
        imported("on 1 date(s) (2024-04-01 .. 2024-04-01)", "generic/2024-04-01.geojson"),
        date="2024-04-01",
    ),
    # 29: unknown layer, side or status
    Case(
        29,
        "unknown-layer",
        layer(feature("lay", layer="frontline")),
        reject(
            "layer.geojson: feature 0 (id 'lay')",
            "unknown layer 'frontline'",
            "control, front_line, axis",
            problems=1,
        ),
        nothing("no --map rule matched"),
    ),
    Case(
        29,
        "unknown-side",
        layer(feature("sid", side="RU")),
        reject(
            "layer.geojson: feature 0 (id 'sid')",
            "unknown side 'RU'",
            "ua, ru, contested",
            problems=1,
        ),
        imported(KEPT_ONE),
    ),
    Case(
        29,
        "unknown-status",
        layer(feature("sta", status="confirmed")),
        reject(
            "layer.geojson: feature 0 (id 'sta')",
            "unknown status 'confirmed'",
            "assessed, claimed, reported",
            problems=1,
        ),
        imported(KEPT_ONE),
    ),
    # 30: two sides' control zones overlap on one date
    Case(
        30,
        "overlap",
        layer(feature("ru"), feature("ua", side="ua")),
        warn(
            "layer.geojson: date 2024-01-01: warning: ua and ru zones overlap by 26.112 km²"
            " (ua: feature 'ua'; ru: feature 'ru')"
        ),
        imported("kept 2 of 2 feature(s)"),
    ),
    Case(
        30,
        "overlap-strict",
        layer(feature("ru"), feature("ua", side="ua")),
        reject(
            "layer.geojson: date 2024-01-01: ua and ru zones overlap by 26.112 km²"
            " (ua: feature 'ua'; ru: feature 'ru')",
            problems=1,
        ),
        None,  # the importer has no --strict; the data set it writes is checked by validate
        args=("--strict",),
    ),
    # 31: deep nesting
    Case(
        31,
        "nested-100000",
        text("[" * 100_000 + "]" * 100_000),
        reject("layer.geojson: JSON nested too deeply to read", problems=1),
        reject("layer.geojson: JSON nested too deeply to read", problems=1),
    ),
    Case(
        31,
        "nested-200",
        _deep_property,
        reject("layer.geojson: JSON nested deeper than 64 levels", problems=1),
        reject("layer.geojson: JSON nested deeper than 64 levels", problems=1),
    ),
    # 32: caps on bytes (at their real size), features and vertices
    Case(
        32,
        "bytes-cap",
        lambda: {"a.geojson": collection(feature()), "layer.geojson": Sparse(CAP + 1)},
        reject(f"layer.geojson: file is {CAP + 1} bytes, over the cap of {CAP}", problems=1),
        reject(f"layer.geojson: file is over the cap of {CAP} bytes: refused", problems=1),
    ),
    Case(
        32,
        "gzip-bomb",
        _gzip_bomb,
        None,  # data sets read no .gz
        reject(f"layer.geojson.gz: decompresses to more than the cap of {CAP} bytes", problems=1),
    ),
    Case(
        32,
        "features-cap",
        layer(feature("a"), event("b"), event("c")),
        # Refused before the file is parsed: counted only until one past the cap.
        reject("more than 2 features, over the cap of 2", problems=1),
        reject("more than 2 features, over the cap of 2", problems=1),
        limits=Limits(max_features=2),
    ),
    Case(
        32,
        "vertices-cap",
        layer(feature("a"), feature("b", geometry=square(38.0, 48.8, 38.01, 48.81))),
        reject("more than 9 vertices, over the cap of 9", problems=1),
        reject("more than 9 vertices, over the cap of 9", problems=1),
        limits=Limits(max_vertices=9),
    ),
    # 33: HTML, JS and mathtext in properties: escaped, drawn as written
    Case(
        33,
        "markup",
        layer(
            feature(name=PAYLOAD, source=MARKUP),
            event("ev", name=MATH, summary=PAYLOAD, source=TEMPLATE, kind=MARKUP),
            settlement("town", name=MATH, source=PAYLOAD),
        ),
        accept("ok: 3 features"),
        imported(KEPT_ONE_OF_3),
        absent=(PAYLOAD, MARKUP),
    ),
    # 34: right-to-left controls, NFD names
    Case(
        34,
        "bidi-nfd",
        layer(
            feature(name=NFD, source=BIDI),
            event("ev", name=BIDI, summary=NFD, source=NFD),
            settlement("town", name=NFD),
        ),
        accept("ok: 3 features"),
        imported(KEPT_ONE_OF_3),
    ),
    # 35: a date or name meant for a file name: ../, /, NUL, 300 characters
    *(
        Case(
            35,
            f"date-{label}",
            layer(feature("good"), event("bad", date=value)),
            reject("layer.geojson: feature 1 (id 'bad')", "'date'", "not an ISO date", problems=1),
            reject(
                "layer.geojson: feature 1 (id 'bad')",
                "cannot date the feature",
                "not an ISO date",
                problems=1,
            ),
        )
        for label, value in (
            ("dotdot", "../../2024-01-01"),
            ("slash", "2024/01/01"),
            ("nul", "2024-01-01\u0000"),
            ("long", "2024-01-01" + "x" * 290),
        )
    ),
    Case(
        35,
        "names",
        layer(
            feature(name="../../etc/passwd"),
            event("ev", name="a\u0000b/../" + "x" * 300, summary="tab\there\r\n", source="/" * 300),
            settlement("town", name="..\\..\\x\u0000"),
        ),
        accept("ok: 3 features"),
        imported(KEPT_ONE_OF_3),
    ),
]
DS_CASES = [c for c in CASES if c.ds is not None]
IMPORT_CASES = [c for c in CASES if c.imp is not None]


# ---------------------------------------------------------------- helpers


def _write(root: Path, files: dict[str, Any]) -> list[Path]:
    paths = []
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Sparse):
            with path.open("wb") as handle:
                handle.truncate(content.size)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return sorted(paths)


def _data_set(root: Path, files: dict[str, Any]) -> Path:
    root.mkdir(parents=True)
    shutil.copy(MINI / "manifest.json", root / "manifest.json")
    _write(root, files)
    return root


def _args(command: str, data: Path, out: Path, date: str = DATE) -> list[Any]:
    """The command line of a data-set command writing into the folder ``out``."""
    if command == "validate":
        return ["validate", "--data", data]
    if command == "build":
        return ["build", "--data", data, "--out", out]
    if command == "snapshot":
        # Small and coarse: the figure's content is the same, it is only cheaper to draw.
        return [
            "snapshot",
            date,
            "--data",
            data,
            "--out",
            out / "map.png",
            "--size",
            "400x300",
            "--dpi",
            "50",
        ]
    if command == "animate":
        return ["animate", "--data", data, "--out", out / "map.gif"]
    if command == "report":
        return ["report", "--data", data, "--out", out / "report.pdf"]
    raise AssertionError(command)


def _import_args(sources: list[Path], out: Path) -> list[Any]:
    return ["import", "generic", *sources, "--out", out, *IMPORT_OPTIONS]


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``root``, hidden ones included."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None
        for p in root.rglob("*")
    }


def _use_limits(monkeypatch: pytest.MonkeyPatch, limits: Limits | None) -> None:
    """Make ``limits`` the default caps of data sets and imports for this test."""
    if limits is not None:
        for function in (load_dataset, import_sources):
            defaults = function.__kwdefaults__
            assert defaults is not None
            monkeypatch.setitem(defaults, "limits", limits)


def _check_rejected(result: tuple[int, str, str], outcome: Outcome) -> None:
    code, out, err = result
    assert code == 2, (out, err)
    assert "Traceback" not in err
    for needle in outcome.needles:
        assert needle in err, err
    # Every message names its file, or (a cap on the whole run) starts with its reason.
    assert not any(line.startswith(":") for line in err.splitlines()), err
    if outcome.problems is not None:
        assert f"\n{outcome.problems} problem(s) found" in "\n" + err, err
        assert len([line for line in err.splitlines() if line.strip()]) == outcome.problems + 1, err
    assert "wrote" not in out


def _check_unchanged(out: Path, before: dict[str, bytes | None]) -> None:
    after = _tree(out)
    assert sorted(after) == sorted(before), "files added or removed"
    changed = [name for name in before if after[name] != before[name]]
    assert not changed, f"changed: {changed}"


def _check_written(out: Path, case: Case) -> None:
    tree = _tree(out)
    assert RECORD_NAME in tree
    for name, data in tree.items():
        assert all(SAFE_PART.match(part) for part in name.split("/")), name
        for bad in case.absent:
            assert data is None or bad.encode() not in data, (name, bad)


# ---------------------------------------------------------------- good outputs to protect


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each command's outputs from a good data set (made once; copied by each test)."""
    root = tmp_path_factory.mktemp("good")
    data = _data_set(root / "set", {"layer.geojson": collection(feature())})
    outs = {}
    for command in RENDERING:
        outs[command] = root / command
        assert main([str(a) for a in _args(command, data, outs[command])]) == 0
    sources = _write(root / "src", {"layer.geojson": collection(feature())})
    outs["import"] = root / "import"
    assert main([str(a) for a in _import_args(sources, outs["import"])]) == 0
    return outs


def test_good_outputs_are_whole(good: dict[str, Path]) -> None:
    expected = {
        "build": {"index.html", "list.html", "dates/2024-01-01.html", "assets/leaflet.js"},
        "snapshot": {"map.png"},
        "animate": {"map.gif"},
        # The good data set has no events: the report's summary page must still draw.
        "report": {"report.pdf", "report.csv"},
        "import": {"manifest.json", "generic/2024-01-01.geojson"},
    }
    for command, names in expected.items():
        tree = _tree(good[command])
        files = {name for name, data in tree.items() if data is not None}
        assert files == names | {RECORD_NAME}, command
        assert all(tree[name] for name in files), command


# ---------------------------------------------------------------- data-set commands


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", DS_CASES, ids=lambda c: c.id)
def test_data_set_commands(
    case: Case,
    command: str,
    good: dict[str, Path],
    run: Callable[..., tuple[int, str, str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    outcome = case.ds
    assert outcome is not None
    data = _data_set(tmp_path / "set", case.files())
    out = tmp_path / "out"
    _use_limits(monkeypatch, case.limits)
    if outcome.kind == "reject":
        before: dict[str, bytes | None] = {}
        if command != "validate":
            shutil.copytree(good[command], out)
            before = _tree(out)
            assert RECORD_NAME in before and len(before) >= 2
        _check_rejected(run(*_args(command, data, out, case.date), *case.args), outcome)
        if command != "validate":
            _check_unchanged(out, before)
        return
    code, stdout, err = run(*_args(command, data, out, case.date), *case.args)
    assert code == 0, err
    for needle in outcome.needles:
        assert needle in err, err
    if outcome.kind == "accept":
        assert "warning" not in err, err
    if command == "validate":
        assert stdout.startswith("ok:")
        for needle in outcome.stdout:
            assert needle in stdout, stdout
    else:
        assert stdout.startswith("wrote")
        _check_written(out, case)


# ---------------------------------------------------------------- import


@pytest.mark.parametrize("case", IMPORT_CASES, ids=lambda c: c.id)
def test_import_generic(
    case: Case,
    good: dict[str, Path],
    run: Callable[..., tuple[int, str, str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    outcome = case.imp
    assert outcome is not None
    sources = _write(tmp_path / "src", case.files())
    out = tmp_path / "out"
    _use_limits(monkeypatch, case.limits)
    if outcome.kind in ("reject", "nothing"):
        shutil.copytree(good["import"], out)
        before = _tree(out)
        result = run(*_import_args(sources, out))
        if outcome.kind == "reject":
            _check_rejected(result, outcome)
        else:
            code, stdout, err = result
            assert code == 2, (stdout, err)
            assert "Traceback" not in err
            assert "error: no feature kept" in err
            for needle in outcome.stdout:
                assert needle in stdout, stdout
        _check_unchanged(out, before)
        return
    code, stdout, err = run(*_import_args(sources, out))
    assert code == 0, err
    assert "Traceback" not in err
    for needle in outcome.stdout:
        assert needle in stdout, stdout
    _check_written(out, case)
    assert len(load_dataset(out).table) >= 1


# ---------------------------------------------------------------- command-line dates


@pytest.mark.parametrize(
    "args",
    [
        ("snapshot", "../2024-01-01"),
        ("snapshot", "2024-01-01/../../x"),
        ("animate", "--from", "2024-01-01\x00", "--out", "x.gif"),
        ("report", "--to", "../../" + "9" * 300, "--out", "x.pdf"),
    ],
    ids=["snapshot-dotdot", "snapshot-slash", "animate-nul", "report-long"],
)
def test_dates_on_the_command_line_are_iso_only(
    args: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    assert exit_info.value.code == 2
    assert "not an ISO date" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- the report's CSV


def test_report_csv_holds_no_text_from_the_data(
    run: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    """Formula injection: no cell of the report's CSV comes from data text.

    The CSV is the change table (dates, sides, numbers): names, summaries and sources are not
    in it, so a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR can only be a negative
    number. Should a text column from the data ever be added, this test fails and the column
    needs a treatment (a leading ``'``) and a test of its own.
    """
    hostile = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
    features = [
        feature(),
        feature(
            "later",
            date="2024-02-01",
            source_date="2024-02-01",
            geometry=square(38.15, 48.82, 38.17, 48.9),
        ),
    ]
    features += [
        event(f"e{n}", name=value, summary=value, source=value, kind=value)
        for n, value in enumerate(hostile)
    ]
    data = _data_set(tmp_path / "set", {"layer.geojson": collection(*features)})
    code, _, err = run("report", "--data", data, "--out", tmp_path / "out" / "r.pdf")
    assert code == 0, err
    text = (tmp_path / "out" / "r.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "date",
        "side",
        "area_km2",
        "gained_km2",
        "lost_km2",
        "net_km2",
        "since",
        "front_to_reference_km",
        "front_to_river_km",
    ]
    assert len(rows) == 3
    assert any(cell.startswith("-") for row in rows[1:] for cell in row)  # a loss: a number
    for row in rows[1:]:
        day, side, *numbers = row
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)
        assert side in SIDES
        for cell in numbers:
            assert (
                cell == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell) or math.isfinite(float(cell))
            )
    for value in hostile:
        assert value.strip() not in text
