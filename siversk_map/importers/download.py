"""Download one URL: retried with backoff, under a deadline and a minimum rate, redirects
guarded (no private addresses the URL did not name), a progress bar on a terminal.

Also where downloads are kept (:func:`default_cache_dir`) and how they are fetched
(:class:`FetchOptions`).
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import ipaddress
import os
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "CACHE_ENV",
    "FetchOptions",
    "SourceError",
    "default_cache_dir",
    "download",
    "one_line",
    "url_host",
]

#: Environment variable naming the download cache folder.
CACHE_ENV = "SIVERSK_MAP_CACHE"
_CHUNK = 1 << 20


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


class SourceError(Exception):
    """A source could not be opened; the message is the reason."""


def download(url: str, fetch: FetchOptions, cap: int) -> bytes:
    """Download ``url`` under a total deadline and a minimum rate, retrying on connection
    errors and 5xx/429 answers (waiting as ``Retry-After`` asks)."""
    guard = _Guard(url, fetch, _address_kinds(url_host(url)))
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
                    raise SourceError(f"download is {size} bytes, over the cap of {cap}: refused")
                return _read_response(response, url, size, cap, fetch, guard)
        except urllib.error.HTTPError as exc:
            wait = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            exc.close()
            last = f"HTTP {exc.code} {exc.reason}"
            if exc.code < 500 and exc.code != 429:
                raise SourceError(f"download failed: {last}") from None
        except SourceError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            guard.check_deadline()
            reason = getattr(exc, "reason", None) or one_line(exc)
            last = f"connection failed: {reason}"
    raise SourceError(f"download failed after {fetch.retries + 1} attempts: {last}")


def url_host(url: str) -> str:
    """The host of an HTTP(S) URL; a malformed URL is refused."""
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise SourceError("malformed URL: it holds a space or a control character")
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise SourceError(f"malformed URL: {exc}") from None
    if not host:
        raise SourceError("malformed URL: no host")
    return host


def one_line(exc: BaseException) -> str:
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
            raise SourceError(
                f"download took longer than the deadline of {self.fetch.deadline_s:g} s: "
                "stopped (FetchOptions.deadline_s)"
            )

    def sleep(self, seconds: float, last: str) -> None:
        if seconds >= self.left():
            self.timer.cancel()
            raise SourceError(
                f"download failed ({last}); the server asks to wait {seconds:g} s, past the "
                f"deadline of {self.fetch.deadline_s:g} s"
            )
        time.sleep(seconds)

    def check_rate(self, done: int) -> None:
        self.check_deadline()
        elapsed = time.monotonic() - self.start
        if elapsed > self.fetch.rate_window_s and done / elapsed < self.fetch.min_rate_bps:
            self.timer.cancel()
            raise SourceError(
                f"download too slow: {done} bytes in {elapsed:.0f} s, under the minimum of "
                f"{self.fetch.min_rate_bps:g} bytes/s: stopped (FetchOptions.min_rate_bps)"
            )

    def check_redirect(self, new_url: str) -> None:
        self.redirects += 1
        if self.redirects > self.fetch.max_redirects:
            raise SourceError(f"more than {self.fetch.max_redirects} redirects: refused")
        try:
            parts = urllib.parse.urlsplit(new_url)
            host = parts.hostname
        except ValueError:
            raise SourceError(f"redirect to a malformed URL {new_url!r}: refused") from None
        if parts.scheme.lower() not in ("http", "https"):
            raise SourceError(
                f"redirect to {new_url!r}: refused (only http and https are followed)"
            )
        if not host:
            raise SourceError(f"redirect to {new_url!r} without a host: refused")
        kinds = _address_kinds(host)
        if not kinds:
            raise SourceError(f"redirect to {new_url!r}: its host does not resolve")
        if self.fetch.allow_private_redirects:
            return
        foreign = kinds - {"public"} - self.origin_kinds
        if foreign:
            raise SourceError(
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
        except SourceError:
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
                raise SourceError(f"download is over the cap of {cap} bytes: refused")
            if draw is not None:
                draw(len(out))
    finally:
        guard.timer.cancel()
        if draw is not None:
            print(file=sys.stderr)
    if size is not None and len(out) != size:
        raise SourceError(
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
