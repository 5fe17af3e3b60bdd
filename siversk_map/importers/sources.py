"""Open import sources: files, folders, globs, ``.gz``, ``.zip`` and HTTP(S) URLs.

Every source ends as one or more :class:`SourceFile` held in memory (their bytes, decompressed),
each under the size cap of :class:`siversk_map.model.Limits`. Decompression is streamed with the
cap as its limit, so a gzip or zip bomb is refused after reading at most the cap, quickly and in
little memory. URLs are fetched with :mod:`urllib`, retried with backoff on connection errors
and 5xx/429 answers, and kept in a local cache folder.
"""

from __future__ import annotations

import contextlib
import email.utils
import glob
import gzip
import hashlib
import http.client
import io
import ipaddress
import os
import re
import socket
import stat
import sys
import threading
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
from ..io import file_kind, parse_json_strict, write_atomic
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
    deadline_s : float
        Most time one download takes, retries and waits included.
    min_rate_bps : float
        Slowest average rate (bytes per second) accepted once ``rate_window_s`` has passed.
    rate_window_s : float
        Time a download has before its rate is judged.
    max_redirects : int
        Most redirects followed by one download.
    allow_private_redirects : bool
        Follow redirects to loopback, private and link-local addresses the URL given did not
        point at (refused by default).
    """

    cache_dir: Path | None = None
    refresh: bool = False
    retries: int = 4
    backoff_s: float = 0.5
    timeout_s: float = 30.0
    progress: bool = True
    deadline_s: float = 600.0
    min_rate_bps: float = 1024.0
    rate_window_s: float = 30.0
    max_redirects: int = 10
    allow_private_redirects: bool = False


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
    except _SourceError as exc:
        yield shown, str(exc)
        return
    except Exception as exc:  # every other error names the source, never a traceback
        yield shown, f"cannot be opened: {_one_line(exc)}"
        return
    if not paths:
        yield shown, _missing(Path(text))
        return
    for path, label in paths:
        label = _printable(label)
        try:
            for opened in _open_path(path, label, limits):
                yield opened.shown, opened
        except _SourceError as exc:
            yield label, str(exc)
        except Exception as exc:  # every other error names the file
            yield label, f"cannot be read: {_one_line(exc)}"


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
        raise _SourceError(_missing(path) if not path.exists() else str(exc.strerror)) from None
    if not stat.S_ISREG(mode):
        raise _SourceError(f"is {file_kind(mode)}, not a regular file: not read")
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
    out = bytearray()
    while True:
        # In chunks: a reader asked for the whole cap at once may allocate all of it.
        chunk = handle.read(min(_CHUNK, cap + 1 - len(out)))
        if not chunk:
            break
        out += chunk
        if len(out) > cap:
            raise _SourceError(f"{what} is over the cap of {cap} bytes: refused")
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
                    raise _SourceError(f"decompresses to more than the cap of {cap} bytes: refused")
    except (OSError, EOFError, zlib.error) as exc:
        raise _SourceError(f"not a valid gzip file: {exc}") from None
    return bytes(out)


def _open_zip(handle: IO[bytes], shown: str, limits: Limits) -> list[SourceFile]:
    cap = limits.max_file_bytes
    try:
        archive = zipfile.ZipFile(handle)
    except Exception as exc:  # BadZipFile, OSError, ValueError, ...
        raise _SourceError(f"not a valid zip file: {_one_line(exc)}") from None
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
            except _SourceError:
                raise
            except Exception as exc:  # encrypted, Deflate64, bad CRC, ...: named, no traceback
                raise _SourceError(f"member {name!r} cannot be read: {_one_line(exc)}") from None
            files.append(SourceFile(label, _base_name(name), data))
    if not files:
        raise _SourceError("zip archive holds no .geojson or .json member")
    return files


def _open_url(url: str, fetch: FetchOptions, limits: Limits) -> list[SourceFile]:
    _url_host(url)
    raw, cached = _fetch_cached(url, fetch, limits)
    try:
        return _unpack_download(url, raw, limits, cached)
    except _SourceError as exc:
        if cached is not None:
            raise _SourceError(
                f"{exc} (this copy came from the download cache, {cached}: --refresh downloads "
                "it again)"
            ) from None
        raise


def _download_name(url: str) -> str:
    return urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1]) or "download"


def _unpack_download(url: str, raw: bytes, limits: Limits, cached: Path | None) -> list[SourceFile]:
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
        raise _SourceError(f"the answer is not a JSON document (it begins {head!r})")


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
            raise _SourceError(
                f"cannot read the cached download {target}: {exc.strerror or exc} "
                "(--refresh downloads it again)"
            ) from None
    data = _download(url, fetch, limits.max_file_bytes)
    unpacked = _unpack_download(url, data, limits, None)  # the expected format, or an error
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


def _download(url: str, fetch: FetchOptions, cap: int) -> bytes:
    """Download ``url`` under a total deadline and a minimum rate, retrying on connection
    errors and 5xx/429 answers (waiting as ``Retry-After`` asks)."""
    guard = _Guard(url, fetch, _address_kinds(_url_host(url)))
    try:
        return _attempts(url, fetch, cap, guard)
    finally:
        guard.timer.cancel()


def _attempts(url: str, fetch: FetchOptions, cap: int, guard: _Guard) -> bytes:
    last = ""
    wait = 0.0
    for attempt in range(fetch.retries + 1):
        if attempt:
            guard.sleep(wait or fetch.backoff_s * 2 ** (attempt - 1), last)
        guard.check_deadline()
        guard.redirects = 0
        wait = 0.0
        # A new opener and request per attempt: redirects are counted per download.
        request = urllib.request.Request(url, headers={"User-Agent": "siversk-map importer"})
        opener = urllib.request.build_opener(
            _RedirectGuard(guard), _GuardedHTTP(guard), _GuardedHTTPS(guard)
        )
        try:
            with opener.open(request, timeout=guard.timeout()) as response:
                total = response.headers.get("Content-Length")
                size = int(total) if total and total.isdigit() else None
                if size is not None and size > cap:
                    raise _SourceError(f"download is {size} bytes, over the cap of {cap}: refused")
                return _read_response(response, url, size, cap, fetch, guard)
        except urllib.error.HTTPError as exc:
            wait = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            exc.close()
            last = f"HTTP {exc.code} {exc.reason}"
            if exc.code < 500 and exc.code != 429:
                raise _SourceError(f"download failed: {last}") from None
        except _SourceError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            guard.check_deadline()
            reason = getattr(exc, "reason", None) or _one_line(exc)
            last = f"connection failed: {reason}"
    raise _SourceError(f"download failed after {fetch.retries + 1} attempts: {last}")


def _url_host(url: str) -> str:
    """The host of an HTTP(S) URL; a malformed URL is refused."""
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise _SourceError("malformed URL: it holds a space or a control character")
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise _SourceError(f"malformed URL: {exc}") from None
    if not host:
        raise _SourceError("malformed URL: no host")
    return host


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _retry_after(value: str | None) -> float:
    """Seconds a ``Retry-After`` header asks to wait (0 when absent or unreadable)."""
    if not value:
        return 0.0
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return 0.0
    if when.tzinfo is None:
        return 0.0
    return max(0.0, when.timestamp() - time.time())


def _address_kinds(host: str) -> frozenset[str]:
    """The kinds (``public``, ``loopback``, ``private``, ``link-local``, ...) of every address
    ``host`` resolves to; empty when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError, ValueError):
        return frozenset()
    kinds = set()
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        kinds.add(_address_kind(address))
    return frozenset(kinds)


def _address_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast or address.is_unspecified or address.is_reserved:
        return "reserved"
    if address.is_private:
        return "private"
    return "public"


class _Guard:
    """One download's deadline, minimum rate and redirect rules."""

    def __init__(self, url: str, fetch: FetchOptions, origin_kinds: frozenset[str]) -> None:
        self.url = url
        self.fetch = fetch
        self.origin_kinds = origin_kinds
        self.start = time.monotonic()
        self.redirects = 0
        self.expired = False
        self.sockets: list[socket.socket] = []
        self.timer = threading.Timer(fetch.deadline_s, self._expire)
        self.timer.daemon = True
        self.timer.start()

    def _expire(self) -> None:
        # Shut down the connection a slow server holds open: the blocked read returns.
        self.expired = True
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def left(self) -> float:
        return self.fetch.deadline_s - (time.monotonic() - self.start)

    def timeout(self) -> float:
        return max(0.1, min(self.fetch.timeout_s, self.left()))

    def check_deadline(self) -> None:
        if self.expired or self.left() <= 0:
            self.timer.cancel()
            raise _SourceError(
                f"download took longer than the deadline of {self.fetch.deadline_s:g} s: "
                "stopped (FetchOptions.deadline_s)"
            )

    def sleep(self, seconds: float, last: str) -> None:
        if seconds >= self.left():
            self.timer.cancel()
            raise _SourceError(
                f"download failed ({last}); the server asks to wait {seconds:g} s, past the "
                f"deadline of {self.fetch.deadline_s:g} s"
            )
        time.sleep(seconds)

    def check_rate(self, done: int) -> None:
        self.check_deadline()
        elapsed = time.monotonic() - self.start
        if elapsed > self.fetch.rate_window_s and done / elapsed < self.fetch.min_rate_bps:
            self.timer.cancel()
            raise _SourceError(
                f"download too slow: {done} bytes in {elapsed:.0f} s, under the minimum of "
                f"{self.fetch.min_rate_bps:g} bytes/s: stopped (FetchOptions.min_rate_bps)"
            )

    def check_redirect(self, new_url: str) -> None:
        self.redirects += 1
        if self.redirects > self.fetch.max_redirects:
            raise _SourceError(f"more than {self.fetch.max_redirects} redirects: refused")
        try:
            parts = urllib.parse.urlsplit(new_url)
            host = parts.hostname
        except ValueError:
            raise _SourceError(f"redirect to a malformed URL {new_url!r}: refused") from None
        if parts.scheme.lower() not in ("http", "https"):
            raise _SourceError(
                f"redirect to {new_url!r}: refused (only http and https are followed)"
            )
        if not host:
            raise _SourceError(f"redirect to {new_url!r} without a host: refused")
        kinds = _address_kinds(host)
        if not kinds:
            raise _SourceError(f"redirect to {new_url!r}: its host does not resolve")
        if self.fetch.allow_private_redirects:
            return
        foreign = kinds - {"public"} - self.origin_kinds
        if foreign:
            raise _SourceError(
                f"redirect to {new_url!r}: refused, it points at a {sorted(foreign)[0]} "
                "address the URL given did not (FetchOptions.allow_private_redirects)"
            )


class _RedirectGuard(urllib.request.HTTPRedirectHandler):
    max_redirections = 1000  # counted by the guard, per download

    def __init__(self, guard: _Guard) -> None:
        self.guard = guard

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        try:
            self.guard.check_redirect(newurl)
        except _SourceError:
            fp.close()  # the redirect's own answer, never read
            raise
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _guarded_connection(base: type[Any], guard: _Guard) -> Callable[..., Any]:
    def make(*args: Any, **kwargs: Any) -> Any:
        conn = base(*args, **kwargs)
        connect = conn.connect

        def tracked() -> None:
            connect()
            guard.sockets.append(conn.sock)

        conn.connect = tracked
        return conn

    return make


class _GuardedHTTP(urllib.request.HTTPHandler):
    def __init__(self, guard: _Guard) -> None:
        super().__init__()
        self.guard = guard

    def http_open(self, req: Any) -> Any:
        return self.do_open(_guarded_connection(http.client.HTTPConnection, self.guard), req)


class _GuardedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, guard: _Guard) -> None:
        super().__init__()
        self.guard = guard

    def https_open(self, req: Any) -> Any:
        return self.do_open(
            _guarded_connection(http.client.HTTPSConnection, self.guard),
            req,
            context=self._context,  # type: ignore[attr-defined]
        )


def _read_response(
    response: Any, url: str, size: int | None, cap: int, fetch: FetchOptions, guard: _Guard
) -> bytes:
    draw = _progress_bar(url, size) if fetch.progress and sys.stderr.isatty() else None
    out = bytearray()
    try:
        while True:
            chunk = response.read1(_CHUNK)
            guard.check_rate(len(out) + len(chunk))
            if not chunk:
                break
            out += chunk
            if len(out) > cap:
                raise _SourceError(f"download is over the cap of {cap} bytes: refused")
            if draw is not None:
                draw(len(out))
    finally:
        guard.timer.cancel()
        if draw is not None:
            print(file=sys.stderr)
    if size is not None and len(out) != size:
        raise _SourceError(
            f"download incomplete: {len(out)} bytes of the {size} announced (Content-Length)"
        )
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
