"""A local stub of the Overpass and Nominatim APIs serving a made-up town, Testopil.

The town and every feature here are invented for the tests (no real place is described). The
Overpass stub answers every ``/api/interpreter`` query with the whole canned extract, as a real
server answers with a superset OSMnx then filters by tag; it records each query so tests can
check what was asked. ``mode`` makes it misbehave: ``html500`` (every query answers HTTP 500
with an HTML page), ``html200`` (HTTP 200 with an HTML page), ``fail-after-N`` (the first N
queries answer, then HTTP 400), ``busy-once`` (the first query answers 429 with
``Retry-After: 3``), ``drop-once`` (the first query's connection is closed unanswered).
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

#: Area of the tests (lon/lat): Testopil sits in its middle.
AOI = (36.0, 47.5, 36.4, 47.8)
TIMESTAMP = "2026-11-30T12:00:00Z"


def _square(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


class _Extract:
    """Builds node/way/relation elements with fresh ids."""

    def __init__(self) -> None:
        self.elements: list[dict[str, Any]] = []
        self._next = 1000
        self._nodes: dict[tuple[float, float], int] = {}

    def node(self, lon: float, lat: float, **tags: str) -> int:
        if not tags and (lon, lat) in self._nodes:
            return self._nodes[(lon, lat)]
        self._next += 1
        element: dict[str, Any] = {"type": "node", "id": self._next, "lat": lat, "lon": lon}
        if tags:
            element["tags"] = tags
        else:
            self._nodes[(lon, lat)] = self._next
        self.elements.append(element)
        return self._next

    def way(self, wid: int, coords: list[tuple[float, float]], **tags: str) -> int:
        ids = [self.node(x, y) for x, y in coords]
        if coords[0] == coords[-1]:
            ids[-1] = ids[0]
        element: dict[str, Any] = {"type": "way", "id": wid, "nodes": ids}
        if tags:
            element["tags"] = tags
        self.elements.append(element)
        return wid

    def relation(self, rid: int, outer: list[int], **tags: str) -> None:
        members = [{"type": "way", "ref": w, "role": "outer"} for w in outer]
        self.elements.append({"type": "relation", "id": rid, "members": members, "tags": tags})


def extract() -> dict[str, Any]:
    """The canned Overpass JSON answer: the made-up town of Testopil and its surroundings."""
    x = _Extract()
    x.node(36.2, 47.65, place="town", name="Тестопіль", **{"name:en": "Testopil"},
           population="12 000")  # fmt: skip
    x.node(36.1, 47.7, place="village", name="Зелене", population="800")
    x.node(36.3, 47.55, place="hamlet", name="Ярове")
    x.node(36.6, 47.65, place="village", name="Далеке")  # outside the area: dropped
    x.node(36.21, 47.66, place="suburb", name="Новий")
    x.way(10, [(36.05, 47.65), (36.2, 47.65), (36.45, 47.66)], highway="primary", ref="H-20",
          name="вулиця Центральна")  # fmt: skip
    x.way(11, [(36.19, 47.64), (36.19, 47.66)], highway="residential", name="вулиця Садова")
    x.way(12, [(36.18, 47.64), (36.18, 47.66)], highway="footway")  # not a road class: dropped
    x.way(13, [(36.1, 47.7), (36.2, 47.65)], highway="tertiary")
    x.way(20, [(36.0, 47.6), (36.4, 47.7)], railway="rail", name="Тестопіль - Зелене")
    x.way(30, [(36.15, 47.45), (36.22, 47.65), (36.25, 47.85)], waterway="river",
          name="Тестка", **{"name:en": "Testka"})  # fmt: skip
    x.way(31, [(36.12, 47.7), (36.15, 47.62)], waterway="stream", name="Ручай")
    x.way(40, _square(36.23, 47.62, 36.24, 47.63), natural="water", water="pond")
    x.way(41, _square(36.3, 47.7, 36.33, 47.72), landuse="reservoir", name="Тестове водосховище")
    x.way(50, _square(36.18, 47.63, 36.22, 47.67), landuse="residential")
    x.way(51, _square(36.22, 47.66, 36.24, 47.68), landuse="industrial")
    x.way(60, _square(36.195, 47.645, 36.1952, 47.6452), building="house")
    x.way(61, _square(36.2, 47.651, 36.2003, 47.6513), building="yes")
    x.way(62, _square(36.1001, 47.7001, 36.1003, 47.7003), building="house")  # Zelene: two
    x.way(63, _square(36.1005, 47.7001, 36.1007, 47.7003), building="house")  # houses 15 m apart
    x.way(64, _square(36.3001, 47.5501, 36.3003, 47.5503), building="barn")  # Yarove
    x.way(70, _square(36.17, 47.62, 36.23, 47.68))
    x.relation(101, [70], type="multipolygon", place="town", name="Тестопіль",
               **{"name:en": "Testopil"})  # fmt: skip
    x.way(71, _square(36.33, 47.76, 36.36, 47.78))
    x.relation(102, [71], type="boundary", boundary="administrative", admin_level="9",
               place="village", name="Лісове")  # fmt: skip
    x.way(80, _square(35.5, 47.0, 37.0, 48.5))
    x.relation(100, [80], type="boundary", boundary="administrative", admin_level="4",
               name="Тестова область", **{"name:en": "Test Oblast"})  # fmt: skip
    return {
        "version": 0.6,
        "generator": "Overpass API stub",
        "osm3s": {"timestamp_osm_base": TIMESTAMP, "copyright": "stub data, made up"},
        "elements": x.elements,
    }


def nominatim() -> list[dict[str, Any]]:
    """The canned Nominatim search answer for Testopil (its made-up boundary)."""
    ring = [list(p) for p in _square(36.17, 47.62, 36.23, 47.68)]
    return [
        {
            "place_id": 1,
            "licence": "stub",
            "osm_type": "relation",
            "osm_id": 101,
            "boundingbox": ["47.62", "47.68", "36.17", "36.23"],
            "lat": "47.65",
            "lon": "36.2",
            "display_name": "Testopil, Test Oblast",
            "class": "place",
            "type": "town",
            "importance": 0.5,
            "geojson": {"type": "Polygon", "coordinates": [ring]},
        }
    ]


STATUS = (
    "Connected as: 1\nCurrent time: 2026-12-01T00:00:00Z\nAnnounced endpoint: none\n"
    "Rate limit: 2\n2 slots available now.\n"
    "Currently running queries (pid, space limit, time limit, start time):\n"
)
HTML = "<html><body><h1>502 Bad Gateway</h1><p>stub</p></body></html>"


@dataclass
class Stub:
    """What the stub saw, and how it behaves."""

    url: str
    mode: str = "ok"
    queries: list[str] = field(default_factory=list)
    searches: list[str] = field(default_factory=list)


class _Handler(http.server.BaseHTTPRequestHandler):
    stub: Stub

    def _send(self, code: int, body: str, kind: str, **headers: str) -> None:
        data = body.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path)
        if path.path == "/api/status":
            self._send(200, STATUS, "text/plain")
        elif path.path == "/nominatim/search":
            query = urllib.parse.parse_qs(path.query).get("q", [""])[0]
            self.stub.searches.append(query)
            found = nominatim() if query.casefold().startswith("testopil") else []
            self._send(200, json.dumps(found), "application/json")
        else:
            self._send(404, "not found", "text/plain")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
        self.stub.queries.append(form.get("data", [""])[0])
        mode, count = self.stub.mode, len(self.stub.queries)
        if mode == "html500":
            self._send(500, HTML, "text/html")
        elif mode == "html200":
            self._send(200, HTML, "text/html; charset=utf-8")
        elif mode.startswith("fail-after-") and count > int(mode.rsplit("-", 1)[1]):
            self._send(400, "Error: line 1: parse error", "text/plain")
        elif mode == "drop-once" and count == 1:
            self.close_connection = True  # no answer at all: the client sees a dropped line
        elif mode == "busy-once" and count == 1:
            self._send(429, "Too Many Requests", "text/plain", Retry_After="3")
        else:
            self._send(200, json.dumps(extract()), "application/json")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(mode: str = "ok") -> Iterator[Stub]:
    """Run the stub on 127.0.0.1 in a thread; yield its :class:`Stub` (``url`` is ``/api``)."""

    class Handler(_Handler):
        """This server's own handler class, so that ``stub`` is this server's."""

    handler = Handler
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    stub = Stub(url=f"http://127.0.0.1:{httpd.server_address[1]}/api", mode=mode)
    handler.stub = stub
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
