"""No traceback, ever: every reader, every option, every JSON type, every environment."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siversk_map import ValidationError, load_dataset
from siversk_map import cli as cli_module
from siversk_map.importers import FetchOptions
from siversk_map.importers.sources import open_sources
from siversk_map.io import read_layer_file
from siversk_map.render.packed import read_page_payload

from .conftest import MINI, REPO, MakeSet, Run, collection, feature

PYTHON = sys.executable


def _cli(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> Any:
    full = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    kwargs.setdefault("capture_output", True)
    return subprocess.run([PYTHON, "-m", "siversk_map", *args], env=full, timeout=300, **kwargs)


# -- numeric and other options ---------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["snapshot", "2025-12-15", "--dpi", "0"],
        ["snapshot", "2025-12-15", "--dpi", "-1"],
        ["snapshot", "2025-12-15", "--dpi", "100000"],
        ["snapshot", "2025-12-15", "--dpi", "1e400"],
        ["snapshot", "2025-12-15", "--size", "0x0"],
        ["snapshot", "2025-12-15", "--size", "nanxnan"],
        ["animate", "--out", "x.gif", "--fps", "nan"],
        ["animate", "--out", "x.gif", "--fps", "inf"],
        ["animate", "--out", "x.gif", "--fps", "0"],
        ["animate", "--out", "x.gif", "--fps", "-2"],
        ["import", "generic", "x", "--out", "o", "--precision-m", "inf"],
        ["import", "generic", "x", "--out", "o", "--precision-m", "nan"],
        ["import", "generic", "x", "--out", "o", "--precision-m", "-1"],
        ["build", "--tiles", "NoSuchProvider"],
        ["build", "--tiles", "ftp://x/{z}/{x}/{y}.png"],
        ["changes", "--from", "２０２５-12-01"],
        ["changes", "--from", "٢٠٢٥-١٢-٠١"],
        ["changes", "--from", "2025-12-01\n"],
    ],
)
def test_bad_options_are_usage_errors(args: list[str], tmp_path: Path) -> None:
    result = _cli(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert b"Traceback" not in result.stderr
    assert b"error: argument" in result.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["changes", "--between"], "give both --from and --to"),
        (["changes", "--between", "--from", "2025-12-01"], "give both --from and --to"),
        (["changes", "--from", "2025-12-10", "--to", "2025-12-01"], "later than --to"),
        (["report", "--from", "2025-12-10", "--to", "2025-12-01", "--out", "r.pdf"], "later"),
    ],
)
def test_contradicting_dates_are_refused(run: Run, args: list[str], needle: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and needle in err and out == ""


def test_tiles_url_form_builds(tmp_path: Path) -> None:
    url = "https://tiles.example.org/{z}/{x}/{y}.png"
    result = _cli("build", "--data", str(MINI), "--out", str(tmp_path / "o"), "--tiles", url)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "o" / "index.html").read_text()
    # The page's data is packed (render/packed.py): the tile layer is read from it.
    assert "tiles.example.org" in json.dumps(read_page_payload(page))


# -- the last resort ---------------------------------------------------------------------------


def test_an_internal_error_is_one_line_with_its_own_exit_code(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(args: Any) -> int:
        raise RuntimeError("planted bug\nsecond line")

    monkeypatch.setitem(cli_module.COMMANDS, "dates", broken)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    code, _out, err = run("dates")
    assert code == cli_module.EXIT_INTERNAL == 70
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "RuntimeError: planted bug" in err
    written = list(tmp_path.glob("siversk-map-crash-*.txt"))
    assert len(written) == 1 and str(written[0]) in err
    assert "Traceback" in written[0].read_text() and "planted bug" in written[0].read_text()


def test_ctrl_c_is_exit_130_in_one_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(args: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli_module.COMMANDS, "dates", interrupted)
    code, _out, err = run("dates")
    assert code == 130 and len(err.strip().splitlines()) == 1 and "interrupted" in err


def test_a_real_sigint_is_exit_130(tmp_path: Path) -> None:
    import signal
    import time

    # A download from a server that never answers: the command waits until interrupted.
    quiet = socket.socket()
    quiet.bind(("127.0.0.1", 0))
    quiet.listen(1)
    url = f"http://127.0.0.1:{quiet.getsockname()[1]}/x_2024-01-01.json"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "siversk_map",
            "import",
            "deepstate-daily",
            url,
            "--out",
            str(tmp_path / "o"),
            "--cache",
            str(tmp_path / "c"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        conn, _ = quiet.accept()  # the request has reached the server: the command is waiting
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        conn.close()
    finally:
        quiet.close()
        proc.kill()
    assert proc.returncode == 130, err
    assert b"Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_closed_pipe_on_stdout_is_quiet() -> None:
    result = subprocess.run(
        f"{PYTHON} -m siversk_map dates --data {MINI} | head -c 1",
        shell=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        timeout=300,
    )
    assert result.stderr == b""


def test_a_full_disk_on_stdout_is_one_line() -> None:
    with open("/dev/full", "wb") as full:
        result = _cli(
            "dates", "--data", str(MINI), stdout=full, capture_output=False, stderr=subprocess.PIPE
        )
    assert result.returncode == 2
    assert result.stderr.decode().strip().splitlines() == [
        "error: cannot write: No space left on device (standard output)"
    ]


def test_c_locale_and_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "manifest.json").write_bytes((MINI / "manifest.json").read_bytes())
    name = os.fsencode(folder) + b"/\xff\xfe-\xd0\x9a.geojson"
    with open(name, "wb") as handle:
        handle.write(json.dumps(collection(feature(name="Сіверськ"))).encode())
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    result = _cli("validate", "--data", str(folder), env=env)
    assert result.returncode == 0 and result.stderr == b""
    result = _cli("dates", "--data", str(folder), env=env)  # "km²" on an ASCII stdout
    assert result.returncode == 0 and b"km\\xb2" in result.stdout and result.stderr == b""
    with open(name, "wb") as handle:
        handle.write(b'{"type": "Pointy"}')
    result = _cli("validate", "--data", str(folder), env=env)
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert b"\\xff\\xfe-" in result.stderr  # the undecodable bytes shown, not a crash
    bad = os.fsencode(folder) + b"/\xff.geojson"
    os.replace(name, bad)
    with open(bad, "wb") as handle:
        handle.write(b'{"type": "Pointy"}')
    result = _cli(
        "import",
        "generic",
        str(folder),
        "--out",
        str(tmp_path / "o"),
        "--map",
        "type=x:ru",
        "--date-field",
        "date",
        env=env,
    )
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert b"\\xff.geojson" in result.stderr


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.binary(min_size=1, max_size=20).filter(lambda b: b"/" not in b and b"\0" not in b))
def test_any_byte_in_a_file_name(name: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    path = os.fsencode(folder) + b"/" + name + b".geojson"
    with open(path, "wb") as handle:
        handle.write(b'{"type": "Pointy"}')
    from siversk_map.cli import main

    code = main(["validate", "--data", os.fsdecode(path)])
    assert code == 2


# -- JSON types -------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
FIELDS = [
    "layer",
    "side",
    "status",
    "date",
    "valid_until",
    "source_date",
    "source",
    "name",
    "precision_m",
    "population",
    "source_url",
    "kind",
    "id",
]


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(field=st.sampled_from(FIELDS), value=JSON_VALUES)
def test_any_json_type_in_any_property(
    field: str, value: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("types")
    (folder / "manifest.json").write_bytes((MINI / "manifest.json").read_bytes())
    item = feature()
    item["properties"][field] = value
    (folder / "layer.geojson").write_text(json.dumps(collection(item)))
    with contextlib.suppress(ValidationError):
        load_dataset(folder)


MANIFEST_PATHS = [
    ("bbox", 0),
    ("reference_point", "lon"),
    ("reference_point", "lat"),
    ("view", "center"),
    ("view", "zoom"),
    ("name", None),
    ("river_line", None),
    ("view", None),
    ("reference_point", None),
    ("facts", None),
]


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(where=st.sampled_from(MANIFEST_PATHS), value=JSON_VALUES)
def test_any_json_type_in_the_manifest(
    where: tuple[str, Any], value: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("manifest")
    doc = json.loads((MINI / "manifest.json").read_text())
    key, inner = where
    if inner is None:
        doc[key] = value
    else:
        holder = doc.setdefault(key, {} if isinstance(inner, str) else [0, 0, 0, 0])
        if isinstance(holder, dict) or (isinstance(holder, list) and isinstance(inner, int)):
            holder[inner] = value
    (folder / "manifest.json").write_text(json.dumps(doc))
    (folder / "layer.geojson").write_text(json.dumps(collection(feature())))
    with contextlib.suppress(ValidationError):
        load_dataset(folder)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('"name": "a\\ud800b"', "lone surrogate"),
        ('"name": "\\udc00"', "lone surrogate"),
        ('"\\ud800": 1', "lone surrogate"),
        ('"precision_m": ' + "9" * 400, "'precision_m' must be a number"),
        ('"layer": ["control"]', "'layer' must be text"),
        ('"side": {"a": 1}', "unknown side"),
        ('"source_url": "https://example.org/a\\n"', "'source_url' must be"),
        ('"date": "2024-01-01\\n"', "not an ISO date"),
        ('"date": "２０２４-01-01"', "not an ISO date"),
    ],
)
def test_json_values_checked_as_json_types(make_set: MakeSet, text: str, needle: str) -> None:
    item = json.dumps(feature())
    if "\\u" in text:  # a lone surrogate: only JSON text can hold one
        item = item.replace('"layer": "control"', '"layer": "control", ' + text, 1)
    else:
        body = json.loads(item)
        body["properties"].update(json.loads("{" + text + "}"))
        item = json.dumps(body)
    root = make_set({"layer.geojson": '{"type": "FeatureCollection", "features": [' + item + "]}"})
    with pytest.raises(ValidationError, match=needle):
        load_dataset(root)


def test_uppercase_scheme_in_source_url_is_accepted(make_set: MakeSet) -> None:
    root = make_set({"layer.geojson": collection(feature(source_url="HTTPS://example.org/x"))})
    assert len(load_dataset(root).table) == 1


def test_empty_geometry_collection_is_reported(make_set: MakeSet) -> None:
    empty = feature("e", geometry={"type": "GeometryCollection", "geometries": []})
    root = make_set({"layer.geojson": collection(feature(), empty)})
    ds = load_dataset(root)
    assert any("empty GeometryCollection" in str(w) and "'e'" in str(w) for w in ds.warnings)


# -- table readers ---------------------------------------------------------------------------


def _tables(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    import geopandas as gpd
    import pandas as pd
    import pyogrio
    import shapely

    plain = tmp_path / "plain.gpkg"
    pyogrio.write_dataframe(pd.DataFrame({"a": [1, 2]}), plain, layer="t")
    yield "plain attribute table", plain
    frame = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.Point(38.17, 48.85)], crs=4326)
    bad_crs = tmp_path / "badcrs.parquet"
    frame.to_parquet(bad_crs)
    meta_frame = pd.read_parquet(bad_crs)
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(bad_crs)
    geo = json.loads(table.schema.metadata[b"geo"])
    geo["columns"]["geometry"]["crs"] = "EPSG:999999"
    pq.write_table(table.replace_schema_metadata({b"geo": json.dumps(geo).encode()}), bad_crs)
    yield "crs EPSG:999999", bad_crs
    wkb = tmp_path / "badwkb.parquet"
    bad = pa.table({"id": ["a"], "geometry": pa.array([b"\x01\x02garbage"])})
    pq.write_table(bad.replace_schema_metadata({b"geo": json.dumps(geo).encode()}), wkb)
    yield "bad WKB", wkb
    text_geom = tmp_path / "textgeom.parquet"
    bad = pa.table({"id": ["a"], "geometry": pa.array(["POINT (1 2)"])})
    pq.write_table(bad.replace_schema_metadata({b"geo": json.dumps(geo).encode()}), text_geom)
    yield "geometry column of text", text_geom
    plain_parquet = tmp_path / "nogeo.parquet"
    meta_frame.drop(columns=["geometry"]).to_parquet(plain_parquet)
    yield "parquet without geo metadata", plain_parquet
    nan = tmp_path / "nan.parquet"
    gpd.GeoDataFrame(
        {"id": ["n"], "layer": ["event"]}, geometry=[shapely.Point(float("nan"), 48.8)], crs=4326
    ).to_parquet(nan)
    yield "NaN coordinates", nan
    lists = tmp_path / "lists.parquet"
    gpd.GeoDataFrame(
        {"id": ["l"], "layer": [["control"]]}, geometry=[shapely.Point(38.17, 48.85)], crs=4326
    ).to_parquet(lists)
    yield "list column", lists
    engineering = tmp_path / "engineering.gpkg"
    frame.set_crs(
        'ENGCRS["local",EDATUM["x"],CS[Cartesian,2],AXIS["x",east,LENGTHUNIT["metre",1]],'
        'AXIS["y",north,LENGTHUNIT["metre",1]]]',
        allow_override=True,
    ).to_file(engineering)
    yield "engineering CRS", engineering


def test_every_malformed_table_is_a_problem_naming_the_file(tmp_path: Path) -> None:
    for label, path in _tables(tmp_path):
        result = read_layer_file(path, path.name)
        errors = [p for p in result.problems if p.severity == "error"]
        problems = errors or result.problems
        if label == "list column":
            # Read; the schema check refuses the list value, never a crash.
            assert result.features and isinstance(result.features[0].properties["layer"], list)
            continue
        assert errors, (label, result)
        assert all(p.file.startswith(path.name) for p in problems), label


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    kind=st.sampled_from(
        [
            ValueError,
            TypeError,
            KeyError,
            RuntimeError,
            OSError,
            AttributeError,
            IndexError,
            MemoryError,
            OverflowError,
            UnicodeDecodeError,
            ZeroDivisionError,
            LookupError,
        ]
    ),
    message=st.text(max_size=30),
)
def test_any_exception_from_a_table_library_becomes_a_problem(
    kind: type[BaseException], message: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import geopandas as gpd

    folder = tmp_path_factory.mktemp("raise")
    path = folder / "x.parquet"
    path.write_bytes(b"PAR1")

    def boom(*args: Any, **kwargs: Any) -> Any:
        if kind is UnicodeDecodeError:
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, message)
        raise kind(message)

    real = gpd.read_parquet
    import pyarrow.parquet as pq

    real_file = pq.ParquetFile
    gpd.read_parquet = boom
    pq.ParquetFile = boom  # type: ignore[misc]
    try:
        result = read_layer_file(path, "x.parquet")
    finally:
        gpd.read_parquet = real
        pq.ParquetFile = real_file  # type: ignore[misc]
    assert result.features == []
    assert result.problems and result.problems[0].file == "x.parquet"
    assert "cannot read table" in result.problems[0].reason


# -- archives and HTTP -----------------------------------------------------------------------


def _zip_with(tmp_path: Path, flag: int, method: int) -> Path:
    path = tmp_path / f"z{flag}-{method}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a_2024-01-01.json", json.dumps(collection(feature())))
    data = bytearray(path.read_bytes())
    # Patch the flag and method of the member in both headers: encrypted, or Deflate64 (9).
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        struct.pack_into("<HH", data, at + offset, flag, method)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(("flag", "method"), [(1, 8), (0, 9), (0, 99)])
def test_encrypted_and_deflate64_members_are_named(tmp_path: Path, flag: int, method: int) -> None:
    path = _zip_with(tmp_path, flag, method)
    files, problems = open_sources([path])
    assert not files and len(problems) == 1
    assert "a_2024-01-01.json" in problems[0].reason


def _raw_server(answer: bytes) -> tuple[str, Callable[[], None]]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                try:
                    conn.recv(65536)
                    conn.sendall(answer)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()

    def close() -> None:
        stop.set()
        thread.join()
        listener.close()

    return f"http://127.0.0.1:{listener.getsockname()[1]}/a_2024-01-01.json", close


@pytest.mark.parametrize(
    "answer",
    [
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nxx\r\n",
        b"garbage status line\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(150)) + b"\r\n{}",
        b"HTTP/1.1 200 OK\r\nX-Long: " + b"y" * 70000 + b"\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}",
        b"",
    ],
)
def test_broken_http_answers_are_problems(tmp_path: Path, answer: bytes) -> None:
    url, close = _raw_server(answer)
    try:
        fetch = FetchOptions(cache_dir=tmp_path, retries=1, backoff_s=0.01, progress=False)
        files, problems = open_sources([url], fetch)
    finally:
        close()
    assert not files and len(problems) == 1 and problems[0].file == url


EXCEPTIONS = st.sampled_from(
    [
        ValueError,
        TypeError,
        KeyError,
        RuntimeError,
        OSError,
        AttributeError,
        IndexError,
        MemoryError,
        OverflowError,
        RecursionError,
        ZeroDivisionError,
        NotImplementedError,
        zipfile.BadZipFile,
        UnicodeError,
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(kind=EXCEPTIONS, reader=st.sampled_from(["geojson", "zip", "gzip", "http", "import"]))
def test_any_exception_in_any_reader_becomes_a_problem_naming_the_file(
    kind: type[BaseException], reader: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A planted exception in the library each reader calls: a problem, never a traceback."""
    import gzip
    import json as json_module
    import urllib.request

    folder = tmp_path_factory.mktemp("any")
    body = json.dumps(collection(feature())).encode()

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise kind("planted")

    mp = pytest.MonkeyPatch()
    try:
        if reader == "geojson":
            path = folder / "layer.geojson"
            path.write_bytes(body)
            mp.setattr(json_module, "loads", boom)
            result = read_layer_file(path, "layer.geojson")
            assert [p.file for p in result.problems] == ["layer.geojson"]
            return
        if reader == "zip":
            path = folder / "a.zip"
            with zipfile.ZipFile(path, "w") as archive:
                archive.writestr("a_2024-01-01.json", body)
            mp.setattr(zipfile.ZipFile, "open", boom)
            source, shown = str(path), str(path)
        elif reader == "gzip":
            path = folder / "a_2024-01-01.json.gz"
            path.write_bytes(gzip.compress(body))
            mp.setattr(gzip.GzipFile, "read", boom)
            source, shown = str(path), str(path)
        elif reader == "http":
            mp.setattr(urllib.request, "build_opener", boom)
            source = shown = "http://127.0.0.1:9/a_2024-01-01.json"
        else:
            path = folder / "deepstatemap_data_20240101.geojson"
            path.write_bytes(body)
            import shapely.geometry

            from siversk_map.importers import import_sources

            mp.setattr(shapely.geometry, "shape", boom)
            with pytest.raises(ValidationError) as info:
                import_sources("deepstate-daily", [path], folder / "o")
            assert str(path) in str(info.value)
            return
        fetch = FetchOptions(cache_dir=folder / "c", retries=0, progress=False)
        files, problems = open_sources([source], fetch)
        assert not files and [p.file for p in problems] == [shown]
    finally:
        mp.undo()
