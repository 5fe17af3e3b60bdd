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
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import ExportError, Problem
from ..io import write_atomic
from ..model import Limits

__all__ = [
    "CACHE_ENV",
    "FetchOptions",
    "SourceFile",
    "default_cache_dir",
    "open_sources",
]

#: Environment variable naming the download cache folder.
CACHE_ENV = "SIVERSK_MAP_CACHE"
#: Suffixes of layer files picked from folders and archives.
JSON_SUFFIXES = (".geojson", ".json")
_CHUNK = 1 << 20
_URL = re.compile(r"^https?://", re.IGNORECASE)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def default_cache_dir() -> Path:
    """The download cache folder: ``$SIVERSK_MAP_CACHE`` or ``~/.cache/siversk-map``.

    Returns
    -------
    Path
    """
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    return Path.home() / ".cache" / "siversk-map"


@dataclass(frozen=True)
class FetchOptions:
    """How sources are fetched.

    Parameters
    ----------
    cache_dir : Path, optional
        Where downloads are kept; default :func:`default_cache_dir`.
    refresh : bool
        Download again even when the cache holds the URL.
    retries : int
        Attempts after the first on a connection error or a 5xx/429 answer.
    backoff_s : float
        First wait between attempts, doubled after each.
    timeout_s : float
        Socket timeout of one request.
    progress : bool
        Draw a progress bar on stderr while downloading (only when stderr is a terminal).
    """

    cache_dir: Path | None = None
    refresh: bool = False
    retries: int = 4
    backoff_s: float = 0.5
    timeout_s: float = 30.0
    progress: bool = True


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
    """

    shown: str
    name: str
    data: bytes
    url: str | None = None


class _SourceError(Exception):
    """A source could not be opened; the message is the reason."""


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
    for source in sources:
        text = str(source)
        try:
            if _URL.match(text):
                files.extend(_open_url(text, fetch, limits))
                continue
            paths = _expand(text)
            if not paths:
                problems.append(Problem(text, "", "no such file, folder or glob match"))
                continue
        except _SourceError as exc:
            problems.append(Problem(text, "", str(exc)))
            continue
        for path, shown in paths:
            try:
                files.extend(_open_path(path, shown, limits))
            except _SourceError as exc:
                problems.append(Problem(shown, "", str(exc)))
    return files, problems


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
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if _is_layer_name(path.name) or path.name.lower().endswith(".zip"):
            yield path


def _is_layer_name(name: str) -> bool:
    lower = name.lower().removesuffix(".gz")
    return lower.endswith(JSON_SUFFIXES)


def _open_path(path: Path, shown: str, limits: Limits) -> list[SourceFile]:
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
        raise _SourceError(f"cannot read: {exc.strerror or exc}") from None
    return [SourceFile(shown, _base_name(path.name), data)]


def _base_name(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base[:-3] if base.lower().endswith(".gz") else base


def _read_capped(handle: IO[bytes], cap: int, what: str) -> bytes:
    """Read at most ``cap`` bytes; refuse more."""
    data = handle.read(cap + 1)
    if len(data) > cap:
        raise _SourceError(f"{what} is over the cap of {cap} bytes: refused")
    return data


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
                    raise _SourceError(f"decompresses to more than the cap of {cap} bytes: refused")
    except (OSError, EOFError, zlib.error) as exc:
        raise _SourceError(f"not a valid gzip file: {exc}") from None
    return bytes(out)


def _open_zip(handle: IO[bytes], shown: str, limits: Limits) -> list[SourceFile]:
    cap = limits.max_file_bytes
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _SourceError(f"not a valid zip file: {exc}") from None
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
                raise _SourceError(
                    f"member {name!r} is {info.file_size} bytes, over the cap of {cap}: refused"
                )
            try:
                with archive.open(info) as member:
                    if name.lower().endswith(".gz"):
                        data = _gunzip(member, cap)
                    else:
                        # The declared size can lie: read with the cap as the limit.
                        data = _read_capped(member, cap, f"member {name!r}")
            except (zipfile.BadZipFile, OSError, zlib.error, EOFError) as exc:
                raise _SourceError(f"member {name!r} cannot be read: {exc}") from None
            files.append(SourceFile(label, _base_name(name), data))
    if not files:
        raise _SourceError("zip archive holds no .geojson or .json member")
    return files


def _open_url(url: str, fetch: FetchOptions, limits: Limits) -> list[SourceFile]:
    raw = _fetch_cached(url, fetch, limits)
    name = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1]) or "download"
    lower = name.lower()
    if lower.endswith(".zip"):
        return [
            SourceFile(f.shown, f.name, f.data, url)
            for f in _open_zip(io.BytesIO(raw), url, limits)
        ]
    data = _gunzip(io.BytesIO(raw), limits.max_file_bytes) if lower.endswith(".gz") else raw
    return [SourceFile(url, _base_name(name), data, url)]


def _cache_path(url: str, fetch: FetchOptions) -> Path:
    root = fetch.cache_dir if fetch.cache_dir is not None else default_cache_dir()
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    tail = _UNSAFE.sub("_", urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1])[-60:]
    return root / f"{digest}-{tail or 'download'}"


def _fetch_cached(url: str, fetch: FetchOptions, limits: Limits) -> bytes:
    target = _cache_path(url, fetch)
    if not fetch.refresh and target.is_file():
        with target.open("rb") as handle:
            return _read_capped(handle, limits.max_file_bytes, "cached download")
    data = _download(url, fetch, limits.max_file_bytes)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    except (OSError, ExportError) as exc:
        # A cache that cannot be written only costs a download next time.
        print(f"warning: cannot write the download cache: {exc}", file=sys.stderr)
    return data


def _download(url: str, fetch: FetchOptions, cap: int) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "siversk-map importer"})
    last = ""
    for attempt in range(fetch.retries + 1):
        if attempt:
            time.sleep(fetch.backoff_s * 2 ** (attempt - 1))
        try:
            with urllib.request.urlopen(request, timeout=fetch.timeout_s) as response:
                total = response.headers.get("Content-Length")
                size = int(total) if total and total.isdigit() else None
                if size is not None and size > cap:
                    raise _SourceError(f"download is {size} bytes, over the cap of {cap}: refused")
                return _read_response(response, url, size, cap, fetch.progress)
        except urllib.error.HTTPError as exc:
            exc.close()
            last = f"HTTP {exc.code} {exc.reason}"
            if exc.code < 500 and exc.code != 429:
                raise _SourceError(f"download failed: {last}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            last = f"connection failed: {reason}"
    raise _SourceError(f"download failed after {fetch.retries + 1} attempts: {last}")


def _read_response(response: Any, url: str, size: int | None, cap: int, progress: bool) -> bytes:
    draw = _progress_bar(url, size) if progress and sys.stderr.isatty() else None
    out = bytearray()
    while True:
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        out += chunk
        if len(out) > cap:
            raise _SourceError(f"download is over the cap of {cap} bytes: refused")
        if draw is not None:
            draw(len(out))
    if draw is not None:
        print(file=sys.stderr)
    return bytes(out)


def _progress_bar(url: str, size: int | None) -> Callable[[int], None]:
    label = url.rsplit("/", 1)[-1][:40]

    def draw(done: int) -> None:
        if size:
            filled = int(30 * done / size)
            bar = "#" * filled + "-" * (30 - filled)
            text = f"\r{label} [{bar}] {done // 1024} / {size // 1024} KiB"
        else:
            text = f"\r{label} {done // 1024} KiB"
        print(text, end="", file=sys.stderr, flush=True)

    return draw
