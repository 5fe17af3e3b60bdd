"""Read layer files into raw features, and write outputs atomically.

Reading is strict: a file is parsed by hand-checked rules (no ``NaN``, no duplicated keys, known
``type`` members only, every position a pair of finite numbers) so that every problem can be
named with its file and feature. Nothing here judges the *schema* of properties: that is
:mod:`siversk_map.validate`'s job.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .errors import ExportError, Problem
from .model import Limits

__all__ = [
    "LAYER_SUFFIXES",
    "Budget",
    "RawFeature",
    "ReadResult",
    "document_features",
    "iter_layer_files",
    "parse_json_strict",
    "read_feature",
    "read_json_strict",
    "read_layer_file",
    "write_atomic",
]

LAYER_SUFFIXES = (".geojson", ".json", ".gpkg", ".parquet", ".geoparquet")
GEOMETRY_TYPES = frozenset(
    {
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
    }
)
_WGS84_NAMES = frozenset(
    {
        "urn:ogc:def:crs:ogc:1.3:crs84",
        "urn:ogc:def:crs:epsg::4326",
        "epsg:4326",
        "crs84",
        "ogc:crs84",
    }
)


@dataclass
class RawFeature:
    """A feature as read, before its properties are checked.

    Parameters
    ----------
    file : str
        The file it came from (as shown in messages).
    index : int
        Its position in the file (0-based), or the row number for tables.
    fid : Any
        The feature's ``id`` member, or its ``id`` property, or None.
    properties : dict
        Its properties, text normalised to NFC.
    geometry : shapely geometry or None
        Its 2-D geometry in WGS84 lon/lat; None when the feature has no usable geometry.
    part : int or None
        The member number when a GeometryCollection was exploded.
    """

    file: str
    index: int
    fid: Any
    properties: dict[str, Any]
    geometry: BaseGeometry | None
    part: int | None = None

    @property
    def where(self) -> str:
        """How a message names this feature: its index, and its id when it has one."""
        label = f"feature {self.index}"
        if self.fid is not None:
            label += f" (id {str(self.fid)!r})"
        if self.part is not None:
            label += f" part {self.part}"
        return label


@dataclass
class ReadResult:
    """The features read from one file and every problem met on the way."""

    features: list[RawFeature] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Budget:
    """What is left of a run's caps on features and positions while files are read.

    :func:`prescan` checks a file's counts against it *before* the file is parsed into Python
    objects; callers lower it by what each parsed file held.

    Parameters
    ----------
    features : int
        Features that may still be read.
    vertices : int
        Coordinate positions that may still be read.
    containers : int
        JSON arrays and objects one file may hold.
    """

    features: int
    vertices: int
    containers: int

    @classmethod
    def of(cls, limits: Limits) -> Budget:
        """A whole budget from the caps of ``limits``."""
        return cls(limits.max_features, limits.max_vertices, limits.max_containers)


# A position is an array that begins with a number; a feature is an object of type "Feature".
_POSITION = re.compile(rb"\[[ \t\r\n]*[-0-9]")
_FEATURE = re.compile(rb'"type"[ \t\r\n]*:[ \t\r\n]*"Feature"')
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BLANK = re.compile(r"[ \t\r\n]*")


def _count(pattern: re.Pattern[bytes], data: bytes, stop: int) -> int:
    """Matches of ``pattern`` in ``data``, counted up to ``stop + 1``."""
    found = 0
    for _ in pattern.finditer(data):
        found += 1
        if found > stop:
            break
    return found


def prescan(data: bytes, shown: str, budget: Budget) -> list[Problem]:
    """Check a JSON file's features, positions and containers against ``budget`` before it is
    parsed, without building anything from it.

    Counting is bounded: a byte count (in C) gives an upper bound; only when that bound is
    over a cap are the counts made exact (strings blanked in one copy of the bytes, matches
    counted until one past the cap). Checking costs at most one more copy of the file's bytes.

    Parameters
    ----------
    data : bytes
        The file's content.
    shown : str
        How messages name the file.
    budget : Budget
        What is left of the caps.

    Returns
    -------
    list of Problem
        One per cap passed; empty when the file may be parsed.

    Examples
    --------
    >>> doc = b'{"type": "MultiPoint", "coordinates": [[1, 2], [3, 4], [5, 6]]}'
    >>> prescan(doc, "x.json", Budget(features=10, vertices=3, containers=10))
    []
    >>> print(prescan(doc, "x.json", Budget(features=10, vertices=2, containers=10))[0].reason)
    more than 2 vertices, over the cap of 2 left for this file: not read (Limits.max_vertices)
    """
    problems: list[Problem] = []
    brackets = data.count(b"[")
    containers = brackets + data.count(b"{")
    stripped: bytes | None = None
    if brackets > budget.vertices or containers > budget.containers:
        stripped = _STRING.sub(b'""', data) if b'"' in data else data
        if _count(_POSITION, stripped, budget.vertices) > budget.vertices:
            problems.append(
                Problem(
                    shown,
                    "",
                    f"more than {budget.vertices} vertices, over the cap of {budget.vertices} "
                    "left for this file: not read (Limits.max_vertices)",
                )
            )
        containers = stripped.count(b"[") + stripped.count(b"{")
        if containers > budget.containers:
            problems.append(
                Problem(
                    shown,
                    "",
                    f"{containers} JSON arrays and objects, over the cap of {budget.containers} "
                    "for one file: not read (Limits.max_vertices, Limits.max_features)",
                )
            )
    del stripped
    if _count(_FEATURE, data, budget.features) > budget.features:
        problems.append(
            Problem(
                shown,
                "",
                f"more than {budget.features} features, over the cap of {budget.features} left "
                "for this file: not read (Limits.max_features)",
            )
        )
    return problems


class _RejectError(Exception):
    """A feature-level problem while parsing its geometry."""


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON (RFC 8259 allows only finite numbers)")


class _Duplicated(dict[str, Any]):
    """An object read with duplicated keys, kept until its place in the document is known."""

    def __init__(self, items: dict[str, Any], keys: list[str]) -> None:
        super().__init__(items)
        self.keys_duplicated = keys


def _duplicated_problems(doc: Any, found: list[_Duplicated], shown: str) -> list[Problem]:
    """One problem per duplicated key, naming the feature (or the member path) it is in."""
    wanted = {id(obj) for obj in found}
    problems: list[Problem] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(doc, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            if id(node) in wanted:
                where, inside = _json_place(doc, path)
                for key in node.keys_duplicated:  # type: ignore[attr-defined]
                    problems.append(Problem(shown, where, f"duplicated key {key!r} in {inside}"))
            stack.extend((v, (*path, k)) for k, v in node.items() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(node) if isinstance(v, (dict, list)))
    return problems


def _json_place(doc: Any, path: tuple[str | int, ...]) -> tuple[str, str]:
    """How a message names an object of a document: ``(where, what inside it)``.

    Inside a feature: its label (``feature 3 (id 'x')``) and the member path within it
    (``properties``); elsewhere: the member path (``crs.properties``) and ``one object``.
    """

    def text(parts: tuple[str | int, ...]) -> str:
        out = ""
        for part in parts:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out

    feature: Any = None
    rest = path
    if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
        feature, rest = doc["features"][path[1]], path[2:]
        label = f"feature {path[1]}"
    elif isinstance(doc, dict) and doc.get("type") == "Feature":
        feature, label = doc, "feature 0"
    if feature is None:
        return text(path), "one object"
    fid = feature.get("id") if isinstance(feature, dict) else None
    if fid is None and isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
        fid = feature["properties"].get("id")
    if fid is not None:
        label += f" (id {str(fid)!r})"
    return label, text(rest) or "the feature"


def read_json_strict(
    path: Path, shown: str, limits: Limits = Limits(), budget: Budget | None = None
) -> tuple[Any, list[Problem]]:
    """Read a JSON file strictly.

    Parameters
    ----------
    path : Path
        The file.
    shown : str
        How messages name the file.
    limits : Limits
        Size and depth caps.
    budget : Budget, optional
        What is left of the caps on features and positions (default: all of ``limits``).

    Returns
    -------
    tuple
        ``(document, problems)``; the document is None when there are problems.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.json"
    >>> _ = p.write_text('{"a": NaN}')
    >>> doc, problems = read_json_strict(p, "x.json")
    >>> print(problems[0])
    x.json: at line 1 column 7 (byte 6): NaN is not valid JSON (RFC 8259 allows only finite numbers)
    """
    data, problems = read_regular_file(path, shown, limits.max_file_bytes)
    if data is None:
        return None, problems
    return parse_json_strict(data, shown, limits, budget)


def read_regular_file(path: Path, shown: str, cap: int) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file of at most ``cap`` bytes.

    A FIFO, a device or a socket is refused before it is opened (reading one could block for
    ever or never end); the size is checked before reading and again while reading (a file
    can grow in between).

    Parameters
    ----------
    path : Path
        The file.
    shown : str
        How messages name it.
    cap : int
        Most bytes read.

    Returns
    -------
    tuple
        ``(data, problems)``; data is None when there are problems.
    """
    try:
        info = path.stat()
    except OSError as exc:
        if path.is_symlink():
            return None, [Problem(shown, "", "is a broken symbolic link")]
        return None, [Problem(shown, "", f"cannot read: {exc.strerror or exc}")]
    if not stat.S_ISREG(info.st_mode):
        return None, [Problem(shown, "", f"is {file_kind(info.st_mode)}, not a regular file")]
    if info.st_size > cap:
        return None, [Problem(shown, "", f"file is {info.st_size} bytes, over the cap of {cap}")]
    try:
        with path.open("rb") as handle:
            # Asked for its size, not the cap: a read allocates what it is asked for.
            data = handle.read(info.st_size + 1)
            while len(data) <= cap:  # it grew since: read on, up to one byte past the cap
                more = handle.read(min(1 << 20, cap + 1 - len(data)))
                if not more:
                    break
                data += more
    except OSError as exc:
        return None, [Problem(shown, "", f"cannot read: {exc.strerror or exc}")]
    if len(data) > cap:
        return None, [Problem(shown, "", f"file grew past the cap of {cap} bytes while read")]
    return data, []


def file_kind(mode: int) -> str:
    """What a file is, in words (``a FIFO``, ``a character device``, ...).

    Examples
    --------
    >>> import stat
    >>> file_kind(stat.S_IFIFO)
    'a FIFO (named pipe)'
    """
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    for test, name in kinds:
        if test(mode):
            return name
    return "a special file"


def parse_json_strict(
    data: bytes, shown: str, limits: Limits = Limits(), budget: Budget | None = None
) -> tuple[Any, list[Problem]]:
    """Parse JSON bytes strictly: UTF-8 (a BOM is accepted), no ``NaN``/``Infinity``, no
    duplicated keys, nesting capped.

    Parameters
    ----------
    data : bytes
        The file's content.
    shown : str
        How messages name the file.
    limits : Limits
        Depth cap.
    budget : Budget, optional
        What is left of the caps on features and positions (default: all of ``limits``);
        checked by :func:`prescan` before anything is parsed.

    Returns
    -------
    tuple
        ``(document, problems)``; the document is None when there are problems.

    Examples
    --------
    >>> doc, problems = parse_json_strict(b'{"a": 1, "a": 2}', "x.json")
    >>> print(problems[0])
    x.json: duplicated key 'a' in one object
    >>> feature = b'{"type": "Feature", "id": "f1", "properties": {"side": 1, "side": 2}}'
    >>> print(parse_json_strict(feature, "x.json")[1][0])
    x.json: feature 0 (id 'f1'): duplicated key 'side' in properties
    """
    over = prescan(data, shown, budget if budget is not None else Budget.of(limits))
    if over:
        return None, over
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, f"byte {exc.start}", "not UTF-8 text")]
    if _BLANK.fullmatch(text):
        return None, [Problem(shown, "", "empty file: expected a GeoJSON object")]
    found: list[_Duplicated] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        duplicated: list[str] = []
        for key, value in items:
            if key in out and key not in duplicated:
                duplicated.append(key)
            out[key] = value
        if not duplicated:
            return out
        # Reported once the whole document is read, when the feature holding it is known.
        found.append(_Duplicated(out, duplicated))
        return found[-1]

    try:
        doc = json.loads(text, object_pairs_hook=pairs, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        where = f"at line {exc.lineno} column {exc.colno} (byte {exc.pos})"
        return None, [Problem(shown, where, f"invalid JSON: {exc.msg}")]
    except ValueError as exc:
        # Raised by parse_constant: the scanner's position is not passed to it, so find it.
        return None, [Problem(shown, _locate_value_error(text, exc), str(exc))]
    except RecursionError:
        return None, [Problem(shown, "", "JSON nested too deeply to read")]
    except Exception as exc:  # the last resort: any error names the file
        return None, [Problem(shown, "", f"cannot be parsed: {_exception_text(exc)}")]
    if _json_depth(data) > limits.max_depth:
        return None, [Problem(shown, "", f"JSON nested deeper than {limits.max_depth} levels")]
    if _SURROGATE_ESCAPE.search(text):
        lone = _lone_surrogates(doc, shown)
        if lone:
            return None, lone
    if found:
        return None, _duplicated_problems(doc, found, shown)
    return doc, []


# A \\uD800-\\uDFFF escape: JSON text can name half of a UTF-16 pair, which is no character.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogates(doc: Any, shown: str) -> list[Problem]:
    """One problem per key or text holding a lone surrogate (it cannot be written as UTF-8)."""
    problems: list[Problem] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(doc, ())]
    while stack:
        node, path = stack.pop()
        texts: list[tuple[str, tuple[str | int, ...]]] = []
        if isinstance(node, dict):
            for key, value in node.items():
                texts.append((key, (*path, key)))
                if isinstance(value, str):
                    texts.append((value, (*path, key)))
                elif isinstance(value, (dict, list)):
                    stack.append((value, (*path, key)))
        elif isinstance(node, list):
            for number, value in enumerate(node):
                if isinstance(value, str):
                    texts.append((value, (*path, number)))
                elif isinstance(value, (dict, list)):
                    stack.append((value, (*path, number)))
        for value, where in texts:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                place, inside = _json_place(doc, where)
                reason = f"text with a lone surrogate (half a UTF-16 pair) in {inside}"
                problems.append(Problem(shown, place, reason))
    return sorted(set(problems))


def _locate_value_error(text: str, exc: ValueError) -> str:
    message = str(exc)
    for token in ("NaN", "-Infinity", "Infinity"):
        if message.startswith(token):
            pos = _find_bare_token(text, token)
            if pos >= 0:
                line = text.count("\n", 0, pos) + 1
                col = pos - (text.rfind("\n", 0, pos) + 1) + 1
                return f"at line {line} column {col} (byte {pos})"
    return ""


def _find_bare_token(text: str, token: str) -> int:
    """Position of ``token`` outside strings, or -1."""
    in_string = False
    escaped = False
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif text.startswith(token, i):
            return i
        i += 1
    return -1


# +1 for each byte opening an array or object, -1 for each closing one.
_NESTING_STEP = np.zeros(256, dtype=np.int8)
_NESTING_STEP[[ord("["), ord("{")]] = 1
_NESTING_STEP[[ord("]"), ord("}")]] = -1
#: Bytes stepped through at a time by :func:`_json_depth` (bounds its working memory).
_DEPTH_CHUNK = 1 << 16


def _json_depth(data: bytes) -> int:
    """Nesting depth of *valid* JSON text: the deepest run of open arrays and objects.

    Counted on the bytes, strings blanked first (a bracket inside a string is text), in chunks
    with numpy; equal to the depth of the parsed document (a scalar document is depth 1).
    Only meaningful once the text has parsed: brackets then pair up.

    Examples
    --------
    >>> _json_depth(b'{"a": [[1, 2], "]]]"], "b": {}}'), _json_depth(b'"[["'), _json_depth(b"[]")
    (3, 1, 1)
    """
    stripped = _STRING.sub(b'""', data) if b'"' in data else data
    view = np.frombuffer(stripped, dtype=np.uint8)
    deepest = level = 0
    for start in range(0, len(view), _DEPTH_CHUNK):
        steps = _NESTING_STEP[view[start : start + _DEPTH_CHUNK]]
        steps = steps[steps != 0].astype(np.int64)
        if steps.size:
            running = np.cumsum(steps) + level
            deepest = max(deepest, int(running.max()))
            level = int(running[-1])
    return max(deepest, 1)


def printable_name(name: str) -> str:
    """A file name as messages and tables show it: bytes that are not UTF-8 (read by Python
    as lone surrogates) as ``\\xNN`` escapes.

    Examples
    --------
    >>> printable_name("\\udcff.geojson")
    '\\\\xff.geojson'
    """
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def normalise_text(value: Any) -> Any:
    """NFC-normalise strings (other values are returned unchanged)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def iter_layer_files(root: Path) -> Iterator[Path]:
    """Yield the layer files of a data-set folder, in a stable order.

    Hidden files, ``manifest.json`` and files of other kinds are skipped.
    """
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_dir() or path.name == "manifest.json":
            continue
        if path.suffix.lower() in LAYER_SUFFIXES:
            yield path  # a FIFO or a device too: reading it says what it is, never blocks


def read_layer_file(
    path: Path, shown: str, limits: Limits = Limits(), budget: Budget | None = None
) -> ReadResult:
    """Read one layer file (GeoJSON, GeoPackage or GeoParquet) into raw features.

    Parameters
    ----------
    path : Path
        The file.
    shown : str
        How messages name it.
    limits : Limits
        Caps on size and nesting.
    budget : Budget, optional
        What is left of the caps on features and positions (default: all of ``limits``).

    Returns
    -------
    ReadResult
        Features that could be read, and every problem met.
    """
    suffix = path.suffix.lower()
    if suffix in (".gpkg", ".parquet", ".geoparquet"):
        return _read_table(path, shown, limits, budget or Budget.of(limits))
    try:
        doc, problems = read_json_strict(path, shown, limits, budget)
        if doc is None:
            return ReadResult(problems=problems)
        return read_geojson_document(doc, shown)
    except Exception as exc:  # the last resort: any error names the file, never a traceback
        return ReadResult(problems=[Problem(shown, "", f"cannot be read: {_exception_text(exc)}")])


def read_geojson_document(doc: Any, shown: str) -> ReadResult:
    """Turn a parsed GeoJSON document into raw features.

    Parameters
    ----------
    doc : object
        The parsed JSON.
    shown : str
        How messages name the file.

    Returns
    -------
    ReadResult
    """
    result = ReadResult()
    features, transformer, result.problems = document_features(doc, shown)
    for index, feature in enumerate(features):
        read_feature(feature, index, shown, transformer, result)
    return result


def document_features(doc: Any, shown: str) -> tuple[list[Any], Any, list[Problem]]:
    """The feature list of a GeoJSON document, its CRS transformer, and top-level problems.

    A bare Feature or geometry is wrapped as one feature; a legacy ``crs`` member naming
    another CRS gives a lon/lat transformer (None for WGS84).

    Parameters
    ----------
    doc : object
        The parsed JSON.
    shown : str
        How messages name the file.

    Returns
    -------
    tuple
        ``(features, transformer, problems)``; no features when the document is unusable.
    """
    if not isinstance(doc, dict):
        got = type(doc).__name__
        return (
            [],
            None,
            [Problem(shown, "", f"top level is a JSON {got}: expected a GeoJSON object")],
        )
    kind = doc.get("type")
    if kind is None:
        return [], None, [Problem(shown, "", "no 'type' member: not GeoJSON")]
    problems: list[Problem] = []
    transformer = None
    if "crs" in doc:
        transformer = _crs_transformer(doc["crs"], shown, problems)
        if transformer is False:
            return [], None, problems
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            return [], None, [*problems, Problem(shown, "", "'features' must be a list")]
        if not features:
            problems.append(Problem(shown, "", "empty layer: no features", "warning"))
        return features, transformer, problems
    if kind == "Feature":
        return [doc], transformer, problems
    if kind in GEOMETRY_TYPES:
        return [{"type": "Feature", "properties": {}, "geometry": doc}], transformer, problems
    reason = f"unknown type {kind!r}: expected FeatureCollection, Feature or a geometry type"
    return [], None, [*problems, Problem(shown, "", reason)]


def _crs_transformer(crs: Any, shown: str, problems: list[Problem]) -> Any:
    """A lon/lat transformer for a legacy ``crs`` member; None for WGS84; False on error."""
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError

    name = None
    if isinstance(crs, dict) and isinstance(crs.get("properties"), dict):
        name = crs["properties"].get("name")
    if not isinstance(name, str):
        problems.append(Problem(shown, "crs", "legacy 'crs' member without a CRS name"))
        return False
    if name.strip().lower() in _WGS84_NAMES:
        return None
    try:
        source = CRS.from_user_input(name)
    except CRSError:
        problems.append(Problem(shown, "crs", f"unknown CRS {name!r}"))
        return False
    target = CRS.from_user_input("OGC:CRS84")
    if source.equals(target, ignore_axis_order=True):
        return None
    problems.append(
        Problem(shown, "crs", f"legacy crs {name!r}: reprojected to WGS84 lon/lat", "warning")
    )
    return Transformer.from_crs(source, target, always_xy=True)


def read_feature(
    feature: Any, index: int, shown: str, transformer: Any, result: ReadResult
) -> None:
    """Read one GeoJSON feature into ``result`` (its features, or the problems met)."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        got = feature.get("type") if isinstance(feature, dict) else type(feature).__name__
        result.problems.append(
            Problem(shown, f"feature {index}", f"not a GeoJSON Feature (type {got!r})")
        )
        return
    fid = feature.get("id")
    props = feature.get("properties")
    if props is None:
        props = {}
    if not isinstance(props, dict):
        result.problems.append(
            Problem(shown, f"feature {index}", "'properties' must be an object or null")
        )
        return
    props = {normalise_text(k): normalise_text(v) for k, v in props.items()}
    if fid is None and "id" in props:
        fid = props["id"]
    raw = RawFeature(shown, index, fid, props, None)
    geometry = feature.get("geometry")
    if geometry is None:
        result.problems.append(
            Problem(shown, raw.where, "null or missing geometry: feature skipped", "warning")
        )
        return
    try:
        parts = _parse_geometry(geometry, top=True)
    except _RejectError as exc:
        result.problems.append(Problem(shown, raw.where, str(exc)))
        return
    if not parts:
        result.problems.append(
            Problem(shown, raw.where, "empty GeometryCollection: feature dropped", "warning")
        )
        return
    multi = len(parts) > 1 or (
        isinstance(geometry, dict) and geometry.get("type") == "GeometryCollection"
    )
    for number, (geom, had_z) in enumerate(parts):
        item = RawFeature(shown, index, fid, dict(props), geom, number if multi else None)
        if had_z:
            result.problems.append(
                Problem(shown, item.where, "3-D coordinates: Z dropped", "warning")
            )
        if transformer is not None:
            item.geometry = shapely.transform(geom, lambda xy: _apply(transformer, xy))
        if item.geometry is not None and item.geometry.is_empty:
            result.problems.append(
                Problem(shown, item.where, "empty geometry: feature dropped", "warning")
            )
            continue
        result.features.append(item)


def _apply(transformer: Any, xy: Any) -> Any:
    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def _parse_geometry(geometry: Any, top: bool) -> list[tuple[BaseGeometry, bool]]:
    """Check a geometry object's structure and build it; one item per collection member."""
    if not isinstance(geometry, dict):
        raise _RejectError("geometry must be an object")
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        raise _RejectError(f"unknown geometry type {kind!r}")
    if kind == "GeometryCollection":
        if not top:
            raise _RejectError("nested GeometryCollection: not supported")
        members = geometry.get("geometries")
        if not isinstance(members, list):
            raise _RejectError("GeometryCollection without a 'geometries' list")
        out: list[tuple[BaseGeometry, bool]] = []
        for member in members:
            out.extend(_parse_geometry(member, top=False))
        return out
    if "coordinates" not in geometry:
        raise _RejectError(f"{kind} without 'coordinates'")
    coords, had_z = _coords(kind, geometry["coordinates"])
    try:
        geom = shapely.geometry.shape({"type": kind, "coordinates": coords})
    except (ValueError, TypeError, shapely.errors.GEOSException) as exc:
        raise _RejectError(f"{kind}: {exc}") from None
    return [(geom, had_z)]


def _coords(kind: str, value: Any) -> tuple[Any, bool]:
    flags = [False]
    depth = {
        "Point": 0,
        "MultiPoint": 1,
        "LineString": 1,
        "MultiLineString": 2,
        "Polygon": 2,
        "MultiPolygon": 3,
    }[kind]

    def position(p: Any) -> list[float]:
        if not isinstance(p, list) or not 2 <= len(p) <= 3:
            raise _RejectError(f"{kind}: a position must be [lon, lat] (got {_short(p)})")
        for v in p:
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise _RejectError(f"{kind}: coordinate {_short(v)} is not a number")
            try:
                finite = math.isfinite(v)
            except OverflowError:  # an integer past the float range
                raise _RejectError(f"{kind}: coordinate {_short(v)} is too large") from None
            if not finite:
                raise _RejectError(f"{kind}: coordinate {v} is not finite")
        if len(p) == 3:
            flags[0] = True
        return [float(p[0]), float(p[1])]

    def walk(node: Any, level: int) -> Any:
        if level == 0:
            return position(node)
        if level == 1:
            fast = _positions(node)
            if fast is not None:
                flags[0] = flags[0] or fast[1]
                return fast[0]
        if not isinstance(node, list):
            raise _RejectError(f"{kind}: coordinates nested wrongly (got {_short(node)})")
        return [walk(child, level - 1) for child in node]

    coords = walk(value, depth)
    if kind == "LineString":
        _check_line(coords, kind)
    elif kind == "MultiLineString":
        for line in coords:
            _check_line(line, kind)
    elif kind == "Polygon":
        _check_polygon(coords, kind)
    elif kind == "MultiPolygon":
        for poly in coords:
            _check_polygon(poly, kind)
    return coords, flags[0]


def _positions(node: Any) -> tuple[np.ndarray, bool] | None:
    """A list of well-formed positions as an ``(n, 2)`` array and whether they had a z.

    The fast path of ``_coords``: type checks run over whole lists at once. None when
    anything is unusual (empty, a bool, a string, mixed 2-D and 3-D positions, a value that
    is not finite), so the position-by-position path reports it.
    """
    if not isinstance(node, list) or not node or set(map(type, node)) != {list}:
        return None
    sizes = set(map(len, node))
    if sizes != {2} and sizes != {3}:
        return None
    if not set(map(type, itertools.chain.from_iterable(node))) <= {float, int}:
        return None
    try:
        values = np.array(node, dtype=float)
    except (OverflowError, ValueError):
        return None
    if not np.isfinite(values).all():  # z too: it is dropped, but checked like x and y
        return None
    return values[:, :2], sizes == {3}


def _check_line(line: list[Any], kind: str) -> None:
    # An empty coordinate list is an empty geometry (dropped later with a warning).
    if 0 < len(line) < 2:
        raise _RejectError(f"{kind}: a line needs at least 2 positions (got {len(line)})")


def _check_polygon(rings: list[Any], kind: str) -> None:
    if not rings:
        if kind == "Polygon":
            return  # an empty polygon, dropped later with a warning
        raise _RejectError(f"{kind}: a polygon needs an exterior ring")
    for number, ring in enumerate(rings):
        label = "exterior ring" if number == 0 else f"hole {number}"
        if len(ring) < 4:
            raise _RejectError(f"{kind}: {label} has {len(ring)} positions, at least 4 needed")
        first, last = [float(v) for v in ring[0]], [float(v) for v in ring[-1]]
        if first != last:
            raise _RejectError(
                f"{kind}: {label} is not closed (first position {first}, last {last})"
            )


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def _read_table(path: Path, shown: str, limits: Limits, budget: Budget) -> ReadResult:
    """Read every layer of a GeoPackage, or a GeoParquet file.

    Any exception of the libraries underneath (pyogrio, GDAL, pyarrow, pyproj, GEOS) becomes a
    problem naming the file: a table can be malformed in more ways than can be listed.
    """
    result = ReadResult()
    data, problems = read_regular_file(path, shown, limits.max_file_bytes)
    if data is None:
        result.problems.extend(problems)
        return result
    del data
    try:
        _read_table_layers(path, shown, budget, result)
    except Exception as exc:  # every library error becomes a problem naming the file
        result.features.clear()
        result.problems.append(Problem(shown, "", f"cannot read table: {_exception_text(exc)}"))
    return result


def _exception_text(exc: BaseException) -> str:
    """An exception in one line: its type and its first line of text."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _table_frames(path: Path, budget: Budget) -> Iterator[tuple[str, Any]]:
    """``(layer name, GeoDataFrame or DataFrame)`` per layer, each refused past the features
    cap from its metadata before it is read."""
    import geopandas as gpd
    import pyogrio

    if path.suffix.lower() == ".gpkg":
        for name, _ in pyogrio.list_layers(path):
            count = pyogrio.read_info(path, layer=name).get("features", 0)
            if count is not None and count > budget.features:
                raise ValueError(
                    f"layer {name!r} has {count} features, over what is left of the cap "
                    f"({budget.features})"
                )
            yield str(name), gpd.read_file(path, layer=name)
    else:
        import pyarrow.parquet as pq

        rows = pq.ParquetFile(path).metadata.num_rows
        if rows > budget.features:
            raise ValueError(
                f"{rows} rows, over what is left of the cap on features ({budget.features})"
            )
        yield "", gpd.read_parquet(path)


def _read_table_layers(path: Path, shown: str, budget: Budget, result: ReadResult) -> None:
    import geopandas as gpd

    for layer_name, frame in _table_frames(path, budget):
        label = f"{shown}:{layer_name}" if layer_name else shown
        if not isinstance(frame, gpd.GeoDataFrame) or frame.active_geometry_name is None:
            result.problems.append(Problem(label, "", "a table without a geometry column"))
            continue
        if frame.crs is not None and not frame.crs.equals("OGC:CRS84", ignore_axis_order=True):
            result.problems.append(
                Problem(
                    label, "crs", f"CRS {frame.crs.to_string()}: reprojected to WGS84", "warning"
                )
            )
            frame = frame.to_crs("OGC:CRS84")
        vertices = int(shapely.get_num_coordinates(frame.geometry.values).sum())
        if vertices > budget.vertices:
            result.problems.append(
                Problem(
                    label,
                    "",
                    f"{vertices} positions, over what is left of the cap on vertices "
                    f"({budget.vertices})",
                )
            )
            continue
        _read_table_rows(frame, label, result)


def _table_value(value: Any) -> Any:
    """A table cell as a JSON-like value; None for a missing one."""
    import pandas as pd

    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.ndarray):
        return [_table_value(v) for v in value.tolist()]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return normalise_text(value)


def _read_table_rows(frame: Any, label: str, result: ReadResult) -> None:
    columns = [c for c in frame.columns if c != frame.geometry.name]
    for index, row in enumerate(frame.itertuples(index=False)):
        values = dict(zip(frame.columns, row, strict=True))
        props: dict[str, Any] = {}
        for column in columns:
            value = _table_value(values[column])
            if value is not None:
                props[normalise_text(str(column))] = value
        fid = props.get("id")
        geom = values[frame.geometry.name]
        raw = RawFeature(label, index, fid, props, None)
        if geom is None:
            result.problems.append(
                Problem(label, raw.where, "null geometry: feature skipped", "warning")
            )
            continue
        if not isinstance(geom, BaseGeometry):
            result.problems.append(Problem(label, raw.where, "geometry is not a shape"))
            continue
        if shapely.has_z(geom):
            geom = shapely.force_2d(geom)
            result.problems.append(
                Problem(label, raw.where, "3-D coordinates: Z dropped", "warning")
            )
        if geom.is_empty:
            result.problems.append(
                Problem(label, raw.where, "empty geometry: feature dropped", "warning")
            )
            continue
        if not np.isfinite(shapely.get_coordinates(geom)).all():
            # Checked here, not left to GEOS: an area check compares NaN as always false.
            result.problems.append(Problem(label, raw.where, "coordinate is not finite"))
            continue
        raw.geometry = geom
        result.features.append(raw)


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so that a crash leaves the old file or the new, never half.

    The bytes go to a temporary file in the same folder, are flushed and fsynced, then the
    temporary file replaces the target with :func:`os.replace`. A symbolic link at the target
    is replaced, never followed.

    Parameters
    ----------
    target : Path
        The file to write.
    data : bytes
        Its whole new content.

    Raises
    ------
    ExportError
        When the folder cannot be written (read-only, full disk, ...).
    """
    folder = target.parent
    fd = -1
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        tmp = ""
    except OSError as exc:
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
