"""Strict JSON: bytes read within caps, parsed by hand-checked rules.

No ``NaN``, no duplicated keys, no lone surrogates, nesting and counts within
:class:`~siversk_map.model.Limits`: every problem is named with its file and the feature
(or member) it is in. :func:`prescan` checks counts *before* the bytes become objects.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import Problem
from ..model import Limits
from .features import Budget, exception_text

__all__ = [
    "RejectError",
    "count_features",
    "file_kind",
    "parse_json_strict",
    "prescan",
    "read_json_strict",
    "read_regular_file",
]

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


def count_features(data: bytes, stop: int) -> int:
    """The features of a JSON file as :func:`prescan` counts them (``"type": "Feature"``
    members), counted up to ``stop + 1``.

    Parameters
    ----------
    data : bytes
        The file's content.
    stop : int
        Counting stops past this number.

    Returns
    -------
    int

    Examples
    --------
    >>> count_features(b'[{"type": "Feature"}, {"type":"Feature"}, {"type": "Feature"}]', 1)
    2
    """
    return _count(_FEATURE, data, stop)


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
    if count_features(data, budget.features) > budget.features:
        problems.append(
            Problem(
                shown,
                "",
                f"more than {budget.features} features, over the cap of {budget.features} left "
                "for this file: not read (Limits.max_features)",
            )
        )
    return problems


class RejectError(Exception):
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
        return None, [Problem(shown, "", f"cannot be parsed: {exception_text(exc)}")]
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
