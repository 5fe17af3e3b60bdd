"""Importing from HTTP(S) URLs: a local server on 127.0.0.1 serving ../shared/data/real/."""

from __future__ import annotations

import http.server
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from siversk_map import ValidationError, load_dataset
from siversk_map.importers import FetchOptions, import_sources
from siversk_map.importers.sources import CACHE_ENV, default_cache_dir

from .conftest import REAL

pytestmark = pytest.mark.skipif(
    not (REAL / "deepstate_cyterat").is_dir(),
    reason=f"real data folder {REAL} not present (../shared/data/real)",
)


class _Server(http.server.ThreadingHTTPServer):
    hits: Counter[str]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves REAL; paths under /flaky/ answer 503 to their first request."""

    server: _Server

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(REAL), **kwargs)

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        if self.path.startswith("/flaky/"):
            if self.server.hits[self.path] == 1:
                self.send_error(503, "try again")
                return
            self.path = self.path.removeprefix("/flaky")
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, Counter[str]]]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.hits = Counter()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd.hits
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_url_import_retries_a_503_and_uses_the_cache(
    server: tuple[str, Counter[str]], tmp_path: Path
) -> None:
    base, hits = server
    flaky = "/flaky/deepstate_cyterat/siversk_20251209.geojson"
    plain = "/full/deepstate_cyterat_20251209.geojson"
    fetch = FetchOptions(cache_dir=tmp_path / "cache", backoff_s=0.01, progress=False)
    first = import_sources("deepstate-daily", [base + flaky], tmp_path / "a", fetch=fetch)
    assert hits[flaky] == 2  # a 503, then the file
    assert first.total.kept == 1
    ds = load_dataset(tmp_path / "a")
    assert set(ds.table["source_url"]) == {base + flaky}

    again = import_sources("deepstate-daily", [base + flaky], tmp_path / "b", fetch=fetch)
    assert hits[flaky] == 2  # served from the cache
    assert again.total.kept == 1
    assert (tmp_path / "a/deepstate-daily/2025-12-08.geojson").read_bytes() == (
        tmp_path / "b/deepstate-daily/2025-12-08.geojson"
    ).read_bytes()

    import_sources("deepstate-daily", [base + plain], tmp_path / "c", fetch=fetch)
    import_sources(
        "deepstate-daily",
        [base + plain],
        tmp_path / "d",
        fetch=FetchOptions(cache_dir=tmp_path / "cache", refresh=True, progress=False),
    )
    assert hits[plain] == 2  # refresh downloads again


def test_url_not_found_is_a_clean_error(server: tuple[str, Counter[str]], tmp_path: Path) -> None:
    base, hits = server
    fetch = FetchOptions(cache_dir=tmp_path / "cache", backoff_s=0.01, progress=False)
    with pytest.raises(ValidationError, match="HTTP 404"):
        import_sources(
            "deepstate-daily", [base + "/nope_20251209.geojson"], tmp_path / "o", fetch=fetch
        )
    assert hits["/nope_20251209.geojson"] == 1  # a 4xx is not retried
    assert not (tmp_path / "o").exists()


def test_server_down_fails_after_retries(tmp_path: Path) -> None:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port = httpd.server_address[1]
    httpd.server_close()  # nothing listens on the port any more
    fetch = FetchOptions(cache_dir=tmp_path / "cache", retries=2, backoff_s=0.01, progress=False)
    with pytest.raises(ValidationError, match="after 3 attempts"):
        import_sources(
            "deepstate-daily",
            [f"http://127.0.0.1:{port}/x_20251209.geojson"],
            tmp_path / "o",
            fetch=fetch,
        )


def test_cache_folder_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv(CACHE_ENV)
    assert default_cache_dir() == Path.home() / ".cache" / "siversk-map"
