"""Downloads: deadline, minimum rate, redirect rules, Retry-After, and what the cache keeps."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from siversk_map.importers import FetchOptions
from siversk_map.importers.sources import _cache_path, open_sources

from .conftest import feature

GOOD = json.dumps({"type": "FeatureCollection", "features": [feature()]}).encode()


class _Server(http.server.ThreadingHTTPServer):
    hits: Counter[str]
    base: str


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    extra: ClassVar[dict[str, bytes]] = {}  # more paths answered 200 with these bodies

    def _send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        hits = self.server.hits
        hits[self.path] += 1
        path = self.path
        if path in self.extra:
            self._send(200, self.extra[path])
        elif path == "/good_2024-01-01.json":
            self._send(200, GOOD)
        elif path == "/drip_2024-01-01.json":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(200):
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
        elif path == "/to-ftp_2024-01-01.json":
            self._send(302, b"", {"Location": "ftp://127.0.0.1/x.json"})
        elif path == "/to-link-local_2024-01-01.json":
            self._send(302, b"", {"Location": "http://169.254.169.254/latest/meta-data"})
        elif path == "/to-private_2024-01-01.json":
            self._send(302, b"", {"Location": "http://10.0.0.1/x.json"})
        elif path.startswith("/hop"):
            # /hopN: 3 redirects, then a 503 on the first pass, then the file.
            number = int(path[4])
            if number < 3:
                self._send(302, b"", {"Location": f"/hop{number + 1}_2024-01-01.json"})
            elif hits[path] == 1:
                self._send(503, b"busy")
            else:
                self._send(200, GOOD)
        elif path == "/retry-after_2024-01-01.json":
            if hits[path] == 1:
                self._send(503, b"busy", {"Retry-After": "1"})
            else:
                self._send(200, GOOD)
        elif path == "/retry-later_2024-01-01.json":
            self._send(503, b"busy", {"Retry-After": "99999"})
        elif path == "/html_2024-01-01.json":
            self._send(200, b"<html><body>Please log in</body></html>")
        elif path == "/short_2024-01-01.json":
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD) + 50))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(GOOD)
            self.close_connection = True
        else:
            self._send(404, b"no")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.hits = Counter()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _fetch(tmp_path: Path, **kwargs: Any) -> FetchOptions:
    base: dict[str, Any] = {"cache_dir": tmp_path / "cache", "backoff_s": 0.05, "progress": False}
    base.update(kwargs)
    return FetchOptions(**base)


def _open(url: str, fetch: FetchOptions) -> tuple[list[Any], list[str]]:
    files, problems = open_sources([url], fetch)
    return files, [p.reason for p in problems]


def test_a_dripping_server_is_stopped_by_the_minimum_rate(server: _Server, tmp_path: Path) -> None:
    fetch = _fetch(tmp_path, min_rate_bps=100, rate_window_s=1.0, retries=0)
    start = time.monotonic()
    files, reasons = _open(server.base + "/drip_2024-01-01.json", fetch)
    assert time.monotonic() - start < 10
    assert not files and "too slow" in reasons[0] and "min_rate_bps" in reasons[0]


def test_a_dripping_server_is_stopped_by_the_deadline(server: _Server, tmp_path: Path) -> None:
    fetch = _fetch(tmp_path, deadline_s=1.5, min_rate_bps=0, retries=2)
    start = time.monotonic()
    files, reasons = _open(server.base + "/drip_2024-01-01.json", fetch)
    assert time.monotonic() - start < 8
    assert not files and "deadline of 1.5 s" in reasons[0]


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("/to-ftp_2024-01-01.json", "only http and https are followed"),
        ("/to-link-local_2024-01-01.json", "link-local address"),
        ("/to-private_2024-01-01.json", "private address"),
    ],
)
def test_redirects_are_refused_before_any_request(
    server: _Server, tmp_path: Path, path: str, needle: str
) -> None:
    start = time.monotonic()
    files, reasons = _open(server.base + path, _fetch(tmp_path, retries=3, timeout_s=20))
    # Refused at once: no connection to the target, no retries.
    assert time.monotonic() - start < 3
    assert not files and needle in reasons[0], reasons
    assert server.hits[path] == 1


def test_redirects_are_counted_per_download_not_per_attempt(
    server: _Server, tmp_path: Path
) -> None:
    # 3 redirects on each of two attempts: 6 in all, but never more than 3 in one download.
    files, reasons = _open(server.base + "/hop0_2024-01-01.json", _fetch(tmp_path, max_redirects=3))
    assert reasons == [] and files[0].data == GOOD
    assert server.hits["/hop0_2024-01-01.json"] == 2
    files, reasons = _open(
        server.base + "/hop0_2024-01-01.json", _fetch(tmp_path, max_redirects=2, refresh=True)
    )
    assert "more than 2 redirects" in reasons[0]


def test_retry_after_is_honoured(server: _Server, tmp_path: Path) -> None:
    start = time.monotonic()
    files, reasons = _open(server.base + "/retry-after_2024-01-01.json", _fetch(tmp_path))
    assert reasons == [] and files[0].data == GOOD
    assert time.monotonic() - start >= 1.0  # not the 0.05 s of the backoff
    start = time.monotonic()
    files, reasons = _open(server.base + "/retry-later_2024-01-01.json", _fetch(tmp_path))
    assert time.monotonic() - start < 3
    assert "asks to wait 99999 s" in reasons[0]


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("/html_2024-01-01.json", "not a JSON document"),
        ("/short_2024-01-01.json", "download incomplete"),
    ],
)
def test_bad_answers_are_not_cached(
    server: _Server, tmp_path: Path, path: str, needle: str
) -> None:
    fetch = _fetch(tmp_path, retries=0)
    for attempt in (1, 2):
        files, reasons = _open(server.base + path, fetch)
        assert not files and needle in reasons[0], reasons
        assert server.hits[path] == attempt  # asked again: nothing was cached
    assert not list((tmp_path / "cache").glob("*")) if (tmp_path / "cache").exists() else True


def test_errors_from_a_cached_copy_name_the_cache_and_refresh(
    server: _Server, tmp_path: Path
) -> None:
    url = server.base + "/good_2024-01-01.json"
    fetch = _fetch(tmp_path)
    files, reasons = _open(url, fetch)
    assert reasons == [] and files[0].cached is None
    cached = _cache_path(url, fetch)
    assert cached.read_bytes() == GOOD
    cached.write_bytes(b"<html>stale</html>")  # a copy spoiled since
    files, reasons = _open(url, fetch)
    assert "download cache" in reasons[0] and "--refresh" in reasons[0]
    files, reasons = _open(url, _fetch(tmp_path, refresh=True))
    assert reasons == [] and files[0].data == GOOD


def test_uppercase_scheme_is_a_url(server: _Server, tmp_path: Path) -> None:
    url = server.base.replace("http://", "HTTP://") + "/good_2024-01-01.json"
    files, reasons = _open(url, _fetch(tmp_path))
    assert reasons == [] and files[0].data == GOOD


@pytest.mark.parametrize("url", ["http://[::1/x.json", "http://127.0.0.1:99999/x.json", "http://"])
def test_malformed_urls_are_clean_errors(tmp_path: Path, url: str) -> None:
    files, reasons = _open(url, _fetch(tmp_path, retries=0))
    assert not files and "malformed URL" in reasons[0]


def test_an_answer_that_does_not_parse_is_not_cached(server: _Server, tmp_path: Path) -> None:
    # Looks like JSON, is not (NaN): served, reported by the import, and asked for again.
    _Handler.extra = {"/nan_2024-01-01.json": b'{"type": "FeatureCollection", "x": NaN}'}
    fetch = _fetch(tmp_path)
    for attempt in (1, 2):
        files, reasons = _open(server.base + "/nan_2024-01-01.json", fetch)
        assert reasons == [] and files[0].cached is None
        assert server.hits["/nan_2024-01-01.json"] == attempt


def test_the_command_line_sets_the_deadline_and_private_redirects(
    server: _Server, tmp_path: Path
) -> None:
    from siversk_map.cli import main

    url = server.base + "/to-private_2024-01-01.json"
    out = tmp_path / "o"
    with pytest.raises(SystemExit) as usage:
        main(["import", "deepstate-daily", url, "--out", str(out), "--deadline", "nan"])
    assert usage.value.code == 2
    start = time.monotonic()
    code = main(["import", "deepstate-daily", url, "--out", str(out), "--cache", str(tmp_path)])
    assert code == 2 and time.monotonic() - start < 5  # refused at once
    # Allowed, the redirect is followed: 10.0.0.1 does not answer here, the deadline ends it.
    start = time.monotonic()
    code = main(
        [
            "import",
            "deepstate-daily",
            url,
            "--out",
            str(out),
            "--cache",
            str(tmp_path),
            "--allow-private-redirects",
            "--deadline",
            "2",
        ]
    )
    assert code == 2 and time.monotonic() - start < 15
    assert server.hits["/to-private_2024-01-01.json"] >= 2
