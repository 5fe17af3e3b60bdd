"""Open import sources: files, folders, globs, ``.gz``, ``.zip`` and HTTP(S) URLs.

Every source ends as one or more :class:`SourceFile` held in memory (their bytes, decompressed),
each under the size cap of :class:`siversk_map.model.Limits`. Decompression is streamed with the
cap as its limit, so a gzip or zip bomb is refused after reading at most the cap, quickly and in
little memory. URLs are fetched with :mod:`urllib`, retried with backoff on connection errors
and 5xx/429 answers, and kept in a local cache folder.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import io
import os
import re
import stat
import sys
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import ExportError, Problem
from ..io import file_kind, parse_json_strict, write_atomic
from ..model import Limits
from .download import (
    CACHE_ENV,
    FetchOptions,
    SourceError,
    default_cache_dir,
    download,
    one_line,
    url_host,
)

__all__ = [
    "CACHE_ENV",
    "FetchOptions",
    "SourceFile",
    "default_cache_dir",
    "open_sources",
]

#: Suffixes of layer files picked from folders and archives.
JSON_SUFFIXES = (".geojson", ".json")
_CHUNK = 1 << 20
_URL = re.compile(r"^https?://", re.IGNORECASE)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class SourceFile:
    """One layer file to import, read into memory.

    Parameters
    ----------
    shown : str
        How messages name it (``path``, ``archive.zip:member``, the URL).
    name : str
        Its base file name without a ``.gz`` suffix: the name dates are read from.
    data : bytes
        Its content, decompressed.
    url : str or None
        The HTTP(S) URL it came from.
    cached : Path or None
        The download-cache file it was read from, when it was not downloaded by this run.
    """

    shown: str
    name: str
    data: bytes
    url: str | None = None
    cached: Path | None = None


def open_sources(
    sources: Iterable[str | Path],
    fetch: FetchOptions | None = None,
    limits: Limits = Limits(),
) -> tuple[list[SourceFile], list[Problem]]:
    """Open every source; gather every problem instead of stopping at the first.

    Parameters
    ----------
    sources : iterable of str or Path
        Files, folders (searched recursively for ``.geojson``/``.json``, their ``.gz``, and
        ``.zip``), glob patterns, or HTTP(S) URLs.
    fetch : FetchOptions, optional
        Cache, retries and progress for URLs.
    limits : Limits
        ``max_file_bytes`` caps every file after decompression.

    Returns
    -------
    tuple
        ``(files, problems)``.

    Examples
    --------
    >>> files, problems = open_sources(["/no/such/file.geojson"])
    >>> print(problems[0])
    /no/such/file.geojson: no such file, folder or glob match
    """
    fetch = fetch or FetchOptions()
    files: list[SourceFile] = []
    problems: list[Problem] = []
    total = 0
    for source in sources:
        text = os.fsdecode(source) if isinstance(source, Path) else str(source)
        shown = _printable(text)
        for label, opened in _open_source(text, shown, fetch, limits):
            if isinstance(opened, str):
                problems.append(Problem(label, "", opened))
                continue
            total += len(opened.data)
            if total > limits.max_total_bytes:
                problems.append(
                    Problem(
                        label,
                        "",
                        f"reading it passes the cap of {limits.max_total_bytes} bytes for one "
                        "run (all files, members and downloads together; "
                        "Limits.max_total_bytes): not read",
                    )
                )
                return files, problems
            files.append(opened)
    return files, problems


def _printable(text: str) -> str:
    """A path or URL as messages show it: bytes that are not UTF-8 as ``\\xNN`` escapes."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _open_source(
    text: str, shown: str, fetch: FetchOptions, limits: Limits
) -> Iterator[tuple[str, SourceFile | str]]:
    """``(label, file)`` per file of a source, or ``(label, reason)`` when it cannot be opened.

    Any exception (a library's, on a file no rule foresaw) becomes a reason naming the source.
    """
    try:
        if _URL.match(text):
            for opened in _open_url(text, fetch, limits):
                yield opened.shown, opened
            return
        paths = _expand(text)
    except SourceError as exc:
        yield shown, str(exc)
        return
    except Exception as exc:  # every other error names the source, never a traceback
        yield shown, f"cannot be opened: {one_line(exc)}"
        return
    if not paths:
        yield shown, _missing(Path(text))
        return
    for path, label in paths:
        label = _printable(label)
        try:
            for opened in _open_path(path, label, limits):
                yield opened.shown, opened
        except SourceError as exc:
            yield label, str(exc)
        except Exception as exc:  # every other error names the file
            yield label, f"cannot be read: {one_line(exc)}"


def _missing(path: Path) -> str:
    """Why a path that is neither a file nor a folder cannot be read."""
    try:
        info = path.stat()
    except OSError:
        if path.is_symlink():
            return "is a broken symbolic link"
        return "no such file, folder or glob match"
    return f"is {file_kind(info.st_mode)}: not a layer file, folder or archive"


def _expand(text: str) -> list[tuple[Path, str]]:
    path = Path(text)
    if path.is_dir():
        return [(p, p.as_posix()) for p in _walk(path)]
    if path.is_file():
        return [(path, text)]
    if glob.has_magic(text):
        out: list[tuple[Path, str]] = []
        for match in sorted(glob.glob(text, recursive=True)):
            found = Path(match)
            if found.is_dir():
                out.extend((p, p.as_posix()) for p in _walk(found))
            elif found.is_file():
                out.append((found, match))
        return out
    return []


def _walk(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or path.is_dir():
            continue  # a FIFO or a device is kept: opening it says what it is, never blocks
        if _is_layer_name(path.name) or path.name.lower().endswith(".zip"):
            yield path


def _is_layer_name(name: str) -> bool:
    lower = name.lower().removesuffix(".gz")
    return lower.endswith(JSON_SUFFIXES)


def _open_path(path: Path, shown: str, limits: Limits) -> list[SourceFile]:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise SourceError(_missing(path) if not path.exists() else str(exc.strerror)) from None
    if not stat.S_ISREG(mode):
        raise SourceError(f"is {file_kind(mode)}, not a regular file: not read")
    lower = path.name.lower()
    try:
        if lower.endswith(".zip"):
            with path.open("rb") as handle:
                return _open_zip(handle, shown, limits)
        with path.open("rb") as handle:
            if lower.endswith(".gz"):
                data = _gunzip(handle, limits.max_file_bytes)
            else:
                data = _read_capped(handle, limits.max_file_bytes, "file")
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None
    return [SourceFile(shown, _base_name(path.name), data)]


def _base_name(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base[:-3] if base.lower().endswith(".gz") else base


def _read_capped(handle: IO[bytes], cap: int, what: str) -> bytes:
    """Read at most ``cap`` bytes; refuse more."""
    out = bytearray()
    while True:
        # In chunks: a reader asked for the whole cap at once may allocate all of it.
        chunk = handle.read(min(_CHUNK, cap + 1 - len(out)))
        if not chunk:
            break
        out += chunk
        if len(out) > cap:
            raise SourceError(f"{what} is over the cap of {cap} bytes: refused")
    return bytes(out)


def _gunzip(handle: IO[bytes], cap: int) -> bytes:
    """Decompress a gzip stream, refusing output past ``cap`` bytes without producing it."""
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=handle, mode="rb") as stream:
            while True:
                chunk = stream.read(min(_CHUNK, cap + 1 - len(out)))
                if not chunk:
                    break
                out += chunk
                if len(out) > cap:
                    raise SourceError(f"decompresses to more than the cap of {cap} bytes: refused")
    except (OSError, EOFError, zlib.error) as exc:
        raise SourceError(f"not a valid gzip file: {exc}") from None
    return bytes(out)


def _open_zip(handle: IO[bytes], shown: str, limits: Limits) -> list[SourceFile]:
    cap = limits.max_file_bytes
    try:
        archive = zipfile.ZipFile(handle)
    except Exception as exc:  # BadZipFile, OSError, ValueError, ...
        raise SourceError(f"not a valid zip file: {one_line(exc)}") from None
    files: list[SourceFile] = []
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            name = info.filename
            parts = name.split("/")
            if info.is_dir() or any(p.startswith((".", "__MACOSX")) for p in parts if p):
                continue
            if not _is_layer_name(name):
                continue
            label = f"{shown}:{name}"
            if info.file_size > cap:
                raise SourceError(
                    f"member {name!r} is {info.file_size} bytes, over the cap of {cap}: refused"
                )
            try:
                with archive.open(info) as member:
                    if name.lower().endswith(".gz"):
                        data = _gunzip(member, cap)
                    else:
                        # The declared size can lie: read with the cap as the limit.
                        data = _read_capped(member, cap, f"member {name!r}")
            except SourceError:
                raise
            except Exception as exc:  # encrypted, Deflate64, bad CRC, ...: named, no traceback
                raise SourceError(f"member {name!r} cannot be read: {one_line(exc)}") from None
            files.append(SourceFile(label, _base_name(name), data))
    if not files:
        raise SourceError("zip archive holds no .geojson or .json member")
    return files


def _open_url(url: str, fetch: FetchOptions, limits: Limits) -> list[SourceFile]:
    url_host(url)
    raw, cached = _fetch_cached(url, fetch, limits)
    try:
        return _unpackdownload(url, raw, limits, cached)
    except SourceError as exc:
        if cached is not None:
            raise SourceError(
                f"{exc} (this copy came from the download cache, {cached}: --refresh downloads "
                "it again)"
            ) from None
        raise


def _download_name(url: str) -> str:
    return urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1]) or "download"


def _unpackdownload(url: str, raw: bytes, limits: Limits, cached: Path | None) -> list[SourceFile]:
    """The layer files of a downloaded body, checked to be of the expected format."""
    name = _download_name(url)
    lower = name.lower()
    if lower.endswith(".zip"):
        return [
            SourceFile(f.shown, f.name, f.data, url, cached)
            for f in _open_zip(io.BytesIO(raw), url, limits)
        ]
    data = _gunzip(io.BytesIO(raw), limits.max_file_bytes) if lower.endswith(".gz") else raw
    _check_json_body(data)
    return [SourceFile(url, _base_name(name), data, url, cached)]


_JSON_START = re.compile(rb"\A(?:\xef\xbb\xbf)?[ \t\r\n]*[{\[]")


def _check_json_body(data: bytes) -> None:
    """Refuse a body that is not JSON text of an object or array (an HTML error page, ...)."""
    if not _JSON_START.match(data) or not data.rstrip().endswith((b"}", b"]")):
        head = data[:40].decode("utf-8", "replace").strip()
        raise SourceError(f"the answer is not a JSON document (it begins {head!r})")


def _cache_path(url: str, fetch: FetchOptions) -> Path:
    root = Path(fetch.cache_dir) if fetch.cache_dir is not None else default_cache_dir()
    digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    tail = _UNSAFE.sub("_", urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1])[-60:]
    return root / f"{digest}-{tail or 'download'}"


def _fetch_cached(url: str, fetch: FetchOptions, limits: Limits) -> tuple[bytes, Path | None]:
    """The body of ``url`` and the cache file it came from (None when it was downloaded).

    Only a complete 2xx body that unpacks as the expected format is kept in the cache.
    """
    target = _cache_path(url, fetch)
    if not fetch.refresh and target.is_file() and not target.is_symlink():
        try:
            with target.open("rb") as handle:
                return _read_capped(handle, limits.max_file_bytes, "cached download"), target
        except OSError as exc:
            raise SourceError(
                f"cannot read the cached download {target}: {exc.strerror or exc} "
                "(--refresh downloads it again)"
            ) from None
    data = download(url, fetch, limits.max_file_bytes)
    unpacked = _unpackdownload(url, data, limits, None)  # the expected format, or an error
    if not all(parse_json_strict(f.data, f.shown, limits)[0] is not None for f in unpacked):
        # Not kept: the same answer is asked for again next time (its problems are reported
        # when the import reads it).
        return data, None
    del unpacked
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    except (OSError, ExportError) as exc:
        # A cache that cannot be written only costs a download next time.
        print(f"warning: cannot write the download cache: {exc}", file=sys.stderr)
    return data, None
