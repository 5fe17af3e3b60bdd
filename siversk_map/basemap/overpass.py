"""OSMnx, configured for one run: endpoint, cache, polite retries and clear errors.

Every request OSMnx sends goes through a ``requests`` response hook (``settings.requests_kwargs``)
that retries busy or failing answers (429 and 5xx), waiting what ``Retry-After`` asks, then
turns anything that is not an Overpass/Nominatim JSON answer into :class:`OverpassError` with a
one-line message. The hook also counts the answers that came over the network, so a query that
none reached was a cache hit, and reads each Overpass answer's ``osm3s.timestamp_osm_base`` (the
date of the extract), kept beside the cache so that a cached run dates its data the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import hashlib
import json
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ..errors import SiverskMapError
from ..io import write_atomic

__all__ = [
    "DEFAULT_NOMINATIM_URL",
    "DEFAULT_OVERPASS_URL",
    "MissingExtraError",
    "OSMSession",
    "OverpassError",
    "import_osmnx",
]

DEFAULT_OVERPASS_URL = "https://overpass-api.de/api"
DEFAULT_NOMINATIM_URL = "https://nominatim.openstreetmap.org/"
#: Answers worth asking again after a pause.
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
#: Beside the OSMnx cache files: query key -> date of the Overpass extract it returned.
EXTRACTS_NAME = "siversk-map-extracts.json"


class OverpassError(SiverskMapError):
    """Overpass or Nominatim could not be reached or gave no usable answer."""


class MissingExtraError(SiverskMapError):
    """OSMnx, needed by ``siversk-map basemap``, is not installed."""


def import_osmnx() -> Any:
    """Import OSMnx, or say how to install it.

    Returns
    -------
    module
        The ``osmnx`` module.

    Raises
    ------
    MissingExtraError
        When OSMnx is not installed.
    """
    try:
        import osmnx
    except ImportError:
        raise MissingExtraError(
            "siversk-map basemap needs OSMnx: install the 'basemap' extra "
            "(pip install 'siversk-map[basemap]')"
        ) from None
    return osmnx


def _retry_after(value: str | None, default: float) -> float:
    """Seconds a ``Retry-After`` header asks to wait (seconds or an HTTP date).

    Examples
    --------
    >>> _retry_after("7", 1.0), _retry_after(None, 1.5), _retry_after("soon", 2.0)
    (7.0, 1.5, 2.0)
    """
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _host(url: str) -> str:
    return urlparse(url).netloc or url


def short_reason(exc: BaseException) -> str:
    """The most specific part of a network error's message, without its nesting.

    Examples
    --------
    >>> short_reason(OSError("pool: Max retries (Caused by X('[Errno 111] Connection refused'))"))
    'Connection refused'
    >>> short_reason(OSError("Read timed out."))
    'Read timed out.'
    """
    text = str(exc).strip() or type(exc).__name__
    found = re.findall(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    return (found[-1] if found else text).strip()[:160]


@dataclass
class OSMSession:
    """OSMnx settings for one run, and what its requests did.

    Use as a context manager: OSMnx's settings (and ``socket.getaddrinfo``, which OSMnx
    rewrites) are restored on exit. With ``refresh``, OSMnx reads and writes a fresh temporary
    cache; :meth:`commit` moves its files into ``cache_dir`` once the whole run has succeeded.

    Parameters
    ----------
    overpass_url, nominatim_url : str
        API base URLs.
    cache_dir : Path
        OSMnx's cache folder.
    refresh : bool
        Ignore cached answers (and replace them with the new ones on success).
    retries : int
        Attempts after the first on 429/5xx.
    backoff_s : float
        Wait before the first retry when no ``Retry-After`` is given (then doubled).
    max_wait_s : float
        Longest wait accepted; a longer ``Retry-After`` ends the run with a message.
    user_agent : str
        ``User-Agent`` sent.
    sleep : callable, optional
        Waits between retries; default ``time.sleep``.
    """

    overpass_url: str
    nominatim_url: str
    cache_dir: Path
    refresh: bool = False
    retries: int = 4
    backoff_s: float = 2.0
    max_wait_s: float = 300.0
    user_agent: str = "siversk-map (OSMnx)"
    sleep: Callable[[float], None] | None = None
    network_answers: int = 0
    reachable: bool = False
    retried: int = 0
    timestamps: list[str] = field(default_factory=list)
    _work_cache: Path | None = None
    _saved: dict[str, Any] = field(default_factory=dict)
    _getaddrinfo: Any = None

    # -- context ---------------------------------------------------------------------------
    def __enter__(self) -> OSMSession:
        ox = import_osmnx()
        s = ox.settings
        keys = (
            "overpass_url",
            "nominatim_url",
            "cache_folder",
            "use_cache",
            "requests_kwargs",
            "overpass_rate_limit",
            "doh_url_template",
            "http_user_agent",
            "log_console",
        )
        self._saved = {k: getattr(s, k) for k in keys}
        self._getaddrinfo = socket.getaddrinfo
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OverpassError(f"{self.cache_dir}: cannot create cache folder: {exc}") from None
        if self.refresh:
            self._work_cache = Path(tempfile.mkdtemp(prefix=".refresh-", dir=self.cache_dir))
        s.overpass_url = self.overpass_url.rstrip("/")
        s.nominatim_url = self.nominatim_url
        s.cache_folder = str(self._work_cache or self.cache_dir)
        s.use_cache = True
        s.requests_kwargs = {"hooks": {"response": [self._hook]}}
        s.doh_url_template = None  # no DNS-over-HTTPS detour: fail fast and say so
        s.http_user_agent = self.user_agent
        s.log_console = False
        s.overpass_rate_limit = self._status_readable()
        return self

    def __exit__(self, *exc: object) -> None:
        ox = import_osmnx()
        for key, value in self._saved.items():
            setattr(ox.settings, key, value)
        socket.getaddrinfo = self._getaddrinfo
        if self._work_cache is not None:
            shutil.rmtree(self._work_cache, ignore_errors=True)
            self._work_cache = None

    def commit(self) -> None:
        """Move a refreshed cache's answers into ``cache_dir`` (after a successful run)."""
        if self._work_cache is None:
            return
        for path in sorted(self._work_cache.glob("*.json")):
            with contextlib.suppress(OSError):
                path.replace(self.cache_dir / path.name)

    # -- politeness ------------------------------------------------------------------------
    def _status_readable(self) -> bool:
        """Whether the Overpass ``/status`` page reports slots (then OSMnx waits for one).

        A server without it (or unreachable: then every uncached query fails at once, and a
        fully cached run still works offline) is queried without slot management.
        """
        import requests

        url = self.overpass_url.rstrip("/") + "/status"
        try:
            text = requests.get(url, timeout=10, headers={"User-Agent": self.user_agent}).text
        except requests.RequestException:
            return False
        self.reachable = True
        lines = text.split("\n")
        first = lines[4].split(" ")[0] if len(lines) > 4 else ""
        return first.isdigit() or first in ("Slot", "Currently")

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run an OSMnx query; run it again after a dropped connection or a timeout.

        Retries (with the doubling backoff) only when the server answered its ``/status``
        page at the start: when it cannot be reached at all the run stops at once. Parts of
        the query already answered come from the cache the second time.
        """
        import requests

        for attempt in range(self.retries + 1):
            try:
                return fn(*args)
            except (requests.ConnectionError, requests.Timeout):
                if not self.reachable or attempt == self.retries:
                    raise
                self.retried += 1
                (self.sleep or time.sleep)(self.backoff_s * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _hook(self, response: Any, *args: Any, **kwargs: Any) -> Any:
        """``requests`` response hook: retry, check, count and date API answers."""
        import requests
        from requests.hooks import default_hooks

        if response.url.rstrip("/").endswith("/status"):
            return None
        attempt = 0
        while response.status_code in RETRY_STATUS and attempt < self.retries:
            wait = _retry_after(response.headers.get("Retry-After"), self.backoff_s * 2**attempt)
            if wait > self.max_wait_s:
                raise OverpassError(
                    f"{_host(response.url)} is busy (HTTP {response.status_code}) and asks to "
                    f"wait {wait:.0f} s: try again later"
                )
            (self.sleep or time.sleep)(wait)
            request = response.request.copy()
            request.hooks = default_hooks()
            try:
                with requests.Session() as session:
                    response = session.send(request, timeout=kwargs.get("timeout") or 180)
            except requests.RequestException as exc:
                raise OverpassError(
                    f"cannot reach {_host(request.url or '')}: {short_reason(exc)}"
                ) from None
            attempt += 1
            self.retried += 1
        host = _host(response.url)
        tries = f" after {attempt + 1} attempts" if attempt else ""
        if not response.ok:
            raise OverpassError(
                f"{host} answered HTTP {response.status_code} {response.reason}{tries}"
            )
        try:
            doc = response.json()
        except ValueError:
            kind = response.headers.get("Content-Type", "unknown type").split(";")[0]
            service = "Overpass" if "/interpreter" in response.url else "Nominatim"
            raise OverpassError(
                f"{host} did not answer JSON ({kind}): is it a {service} API?"
            ) from None
        if isinstance(doc, dict):
            remark = str(doc.get("remark") or "")
            if "error" in remark.lower():
                raise OverpassError(f"{host} reported: {remark.strip()[:200]}")
            stamp = (doc.get("osm3s") or {}).get("timestamp_osm_base")
            if isinstance(stamp, str) and stamp[:10]:
                self.timestamps.append(stamp[:10])
        self.network_answers += 1
        return response

    # -- extract dates ---------------------------------------------------------------------
    def _extracts(self) -> dict[str, str]:
        try:
            doc = json.loads((self.cache_dir / EXTRACTS_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in doc.items()} if isinstance(doc, dict) else {}

    @staticmethod
    def query_key(*parts: Any) -> str:
        """A stable key for a query (endpoint, area, tags)."""
        text = json.dumps(parts, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def recorded_date(self, key: str) -> str | None:
        """The extract date recorded for a cached query, if any."""
        return self._extracts().get(key)

    def record_dates(self, dates: dict[str, str]) -> None:
        """Record extract dates of queries beside the cache (atomically)."""
        if not dates:
            return
        doc = self._extracts()
        doc.update(dates)
        with contextlib.suppress(SiverskMapError, OSError):
            write_atomic(
                self.cache_dir / EXTRACTS_NAME,
                (json.dumps(dict(sorted(doc.items())), indent=1) + "\n").encode("utf-8"),
            )


@contextlib.contextmanager
def network_errors(service: str, url: str) -> Iterator[None]:
    """Turn the network and OSMnx errors of a query into :class:`OverpassError`.

    Parameters
    ----------
    service : str
        ``"Overpass"`` or ``"Nominatim"``, for the message.
    url : str
        The endpoint, for the message.
    """
    import requests

    ox = import_osmnx()
    try:
        yield
    except OverpassError:
        raise
    except requests.Timeout:
        raise OverpassError(f"{service} at {url} did not answer in time: try again later") from None
    except requests.RequestException as exc:
        raise OverpassError(
            f"cannot reach {service} at {url} (network unavailable?): {short_reason(exc)}"
        ) from None
    except ox._errors.ResponseStatusCodeError as exc:
        raise OverpassError(f"{service} at {url}: {str(exc).splitlines()[0][:200]}") from None
