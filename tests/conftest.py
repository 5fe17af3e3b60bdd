"""Shared fixtures: small data sets written into temporary folders."""

from __future__ import annotations

import json
import shutil
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from siversk_map.cli import main

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"
REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "data" / "real"
#: DeepState's daily whole-front archive (415 files, packed).
DAILY_ARCHIVE = REAL / "series" / "deepstate_daily_20240708_20250831.tar.xz"


def unpack_daily(folder: Path, pick: slice) -> list[Path]:
    """The daily archive's files chosen by ``pick`` (in name, i.e. date, order), unpacked into
    ``folder``; the test is skipped when the archive is not present."""
    if not DAILY_ARCHIVE.is_file():
        pytest.skip(f"real series not present: {DAILY_ARCHIVE}")
    out = []
    with tarfile.open(DAILY_ARCHIVE) as tar:
        members = sorted(
            (m for m in tar.getmembers() if m.isfile() and m.name.endswith(".geojson")),
            key=lambda m: m.name,
        )[pick]
        for member in members:
            data = tar.extractfile(member)
            assert data is not None
            out.append(folder / Path(member.name).name)
            out[-1].write_bytes(data.read())
    return out


#: The ``make_set`` fixture: writes a data set, returns its folder.
MakeSet = Callable[..., Path]
#: The ``run`` fixture: runs the command line, returns (exit code, stdout, stderr).
Run = Callable[..., tuple[int, str, str]]


def feature(fid: Any = "f1", geometry: Any = None, **props: Any) -> dict[str, Any]:
    """A valid dated control feature inside the mini set's area, with overrides."""
    base: dict[str, Any] = {
        "layer": "control",
        "side": "ru",
        "status": "assessed",
        "date": "2024-01-01",
        "source": "test",
        "source_date": "2024-01-01",
    }
    base.update(props)
    if geometry is None:
        geometry = {
            "type": "Polygon",
            "coordinates": [
                [[38.15, 48.82], [38.19, 48.82], [38.19, 48.9], [38.15, 48.9], [38.15, 48.82]]
            ],
        }
    out: dict[str, Any] = {"type": "Feature", "properties": base, "geometry": geometry}
    if fid is not None:
        out["id"] = fid
    return out


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


@pytest.fixture
def make_set(tmp_path: Path) -> MakeSet:
    """Write a data set: the mini manifest plus the given layer files (name -> text or JSON)."""

    def make(files: dict[str, Any], manifest: bool = True) -> Path:
        root = tmp_path / "set"
        root.mkdir(exist_ok=True)
        if manifest:
            shutil.copy(MINI / "manifest.json", root / "manifest.json")
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            elif isinstance(content, str):
                path.write_text(content, encoding="utf-8")
            else:
                path.write_text(json.dumps(content), encoding="utf-8")
        return root

    return make


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the command line; return (exit code, stdout, stderr)."""

    def call(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data set built once (``siversk-map build``), for tests that only read it."""
    from siversk_map import load_dataset
    from siversk_map.export.html import export_site

    out = tmp_path_factory.mktemp("bundled-site")
    export_site(load_dataset(), out)
    return out


from .browser import chromium, offline_page  # noqa: E402, F401  (fixtures)
