"""Faults while writing: a build killed at any moment, a full disk, a read-only folder.

Each leaves the previous outputs whole and gives a clear error, never a half-written file.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import siversk_map

from .conftest import MINI

PACKAGE_ROOT = str(Path(siversk_map.__file__).resolve().parents[1])
ENV = {**os.environ, "PYTHONPATH": PACKAGE_ROOT}
#: The ``two_versions`` fixture: data A and B, and the pages each builds (name -> bytes).
Versions = tuple[Path, Path, dict[str, bytes], dict[str, bytes]]


def _build(data: Path, out: Path, *extra: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "siversk_map",
            "build",
            "--quiet",
            "--data",
            str(data),
            "--out",
            str(out),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
        **kwargs,
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def two_versions(
    tmp_path_factory: pytest.TempPathFactory,
) -> Versions:
    """Data A (the mini set) and B (A with another title, so every page differs), built."""
    root = tmp_path_factory.mktemp("versions")
    a = root / "a"
    b = root / "b"
    shutil.copytree(MINI, a)
    shutil.copytree(MINI, b)
    manifest = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
    manifest["title"] = "Mini test set, second version"
    (b / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    built = []
    for data in (a, b):
        out = root / f"built-{data.name}"
        assert _build(data, out).returncode == 0
        built.append({k: v for k, v in _snapshot(out).items() if not k.startswith(".")})
    return a, b, built[0], built[1]


def test_build_killed_at_random_moments_leaves_every_file_whole(
    two_versions: Versions, tmp_path: Path
) -> None:
    a, b, pages_a, pages_b = two_versions
    out = tmp_path / "site"
    assert _build(a, out).returncode == 0
    rng = random.Random(20251211)
    killed = 0
    for trial in range(8):
        data = b if trial % 2 == 0 else a
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "siversk_map",
                "build",
                "--quiet",
                "--data",
                str(data),
                "--out",
                str(out),
            ],
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 3.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
        for name, content in _snapshot(out).items():
            if name.startswith(".siversk-map-outputs") or name.endswith(".tmp"):
                continue
            assert content in (pages_a.get(name), pages_b.get(name)), f"{name} is half-written"
    # The next build (without --force) owns everything again and cleans up.
    result = _build(a, out)
    assert result.returncode == 0, result.stderr
    assert {k: v for k, v in _snapshot(out).items() if not k.startswith(".")} == pages_a
    assert not list(out.rglob("*.tmp"))
    assert killed >= 1


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_full_disk_gives_a_clear_error_and_keeps_the_old_files(
    two_versions: Versions, tmp_path: Path
) -> None:
    a, b, _pages_a, _ = two_versions
    out = tmp_path / "site"
    assert _build(a, out).returncode == 0
    before = _snapshot(out)
    # Writes past 20 kB fail with EFBIG, as on a full disk.
    result = _build(b, out, preexec_fn=_limit_file_size)
    assert result.returncode == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    after = _snapshot(out)
    assert {k: v for k, v in after.items() if not k.startswith(".")} == {
        k: v for k, v in before.items() if not k.startswith(".")
    }
    assert not list(out.rglob("*.tmp"))


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    mount = shutil.which("mount")
    point = tmp_path / "mnt"
    point.mkdir()
    if mount is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    result = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(point)],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode().strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=False)


def test_real_full_tmpfs(two_versions: Versions, small_tmpfs: Path) -> None:
    a, b, _pages_a, _ = two_versions
    out = small_tmpfs / "site"
    assert _build(a, out).returncode == 0
    filler = small_tmpfs / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    before = _snapshot(out)
    result = _build(b, out)
    assert result.returncode == 2
    assert "No space left" in result.stderr or "cannot write" in result.stderr
    assert _snapshot(out) == before


def test_read_only_folder_gives_a_clear_error(two_versions: Versions, small_tmpfs: Path) -> None:
    a, _, _pages_a, _ = two_versions
    out = small_tmpfs / "site"
    assert _build(a, out).returncode == 0
    before = _snapshot(out)
    subprocess.run(["mount", "-o", "remount,ro", str(small_tmpfs)], check=True)
    try:
        result = _build(a, out)
        assert result.returncode == 2
        assert "Read-only" in result.stderr or "not writable" in result.stderr
        assert "Traceback" not in result.stderr
        assert _snapshot(out) == before
        fresh = _build(a, small_tmpfs / "new")
        assert fresh.returncode == 2 and "Traceback" not in fresh.stderr
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_tmpfs)], check=False)
