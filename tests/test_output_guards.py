"""Output folders: special files in the way, one writer at a time, only own temporaries."""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from siversk_map.errors import ExportError
from siversk_map.export.outputs import OutputFolder, _locked


def _run_with_timeout(folder: OutputFolder, files: dict[str, bytes]) -> BaseException | None:
    """write_all in a thread: a FIFO read would block for ever, so a hang fails the test."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            folder.write_all(files)
            outcome.append(None)
        except BaseException as exc:  # handed back to the test
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(10)
    assert outcome, "write_all hung on the file in the way"
    return outcome[0]


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("kind", ["fifo", "socket", "device", "record-fifo"])
def test_special_files_in_the_way_are_never_opened_or_replaced(
    tmp_path: Path, kind: str, force: bool
) -> None:
    name = ".siversk-map-outputs.json" if kind == "record-fifo" else "index.html"
    target = tmp_path / name
    holder = None
    if kind in ("fifo", "record-fifo"):
        os.mkfifo(target)
        word = "FIFO"
    elif kind == "socket":
        holder = socket.socket(socket.AF_UNIX)
        holder.bind(str(target))
        word = "socket"
    else:
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
        word = "character device"
    try:
        error = _run_with_timeout(OutputFolder(tmp_path, force=force), {"index.html": b"x"})
    finally:
        if holder is not None:
            holder.close()
    assert isinstance(error, ExportError) and word in str(error)
    assert not stat.S_ISREG(os.lstat(target).st_mode)  # still what it was
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_special_file_as_the_output_folder_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "out")
    error = _run_with_timeout(OutputFolder(tmp_path / "out", force=True), {"a.html": b"x"})
    assert isinstance(error, ExportError) and "FIFO" in str(error)


def test_a_second_writer_is_refused_while_the_first_holds_the_folder(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path)
    with _locked(tmp_path), pytest.raises(ExportError, match="another siversk-map run is"):
        folder.write_all({"a.html": b"x"})
    assert not (tmp_path / "a.html").exists()
    assert [p.name for p in folder.write_all({"a.html": b"x"})] == ["a.html"]


def test_only_own_temporaries_are_cleaned(tmp_path: Path) -> None:
    stale = tmp_path / ".a.html.abc123.tmp"  # a killed run's, for a file being written now
    other = tmp_path / ".b.html.def456.tmp"  # another writer's, of a file not written now
    stale.write_text("half")
    other.write_text("half")
    OutputFolder(tmp_path).write_all({"a.html": b"x"})
    assert not stale.exists()
    assert other.read_text() == "half"


def test_a_write_failing_after_the_first_file_leaves_every_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from siversk_map.export import outputs
    from siversk_map.io import write_atomic

    folder = OutputFolder(tmp_path)
    folder.write_all({"a.html": b"old a", "b.html": b"old b"})
    calls: list[Path] = []
    real = write_atomic  # what outputs calls

    def failing(target: Path, data: bytes) -> None:
        calls.append(target)
        if len(calls) == 3:  # the record, the first file, then the second fails
            raise ExportError(f"{target}: cannot write: No space left on device")
        real(target, data)

    monkeypatch.setattr(outputs, "write_atomic", failing)
    with pytest.raises(ExportError, match="No space left"):
        folder.write_all({"a.html": b"new a", "b.html": b"new b"})
    monkeypatch.setattr(outputs, "write_atomic", real)
    assert (tmp_path / "a.html").read_bytes() == b"new a"
    assert (tmp_path / "b.html").read_bytes() == b"old b"
    # Both are still the tool's own: the next run replaces them without --force.
    OutputFolder(tmp_path).write_all({"a.html": b"a3", "b.html": b"b3"})
    assert (tmp_path / "b.html").read_bytes() == b"b3"


def test_a_special_file_where_a_folder_is_needed_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "dates")
    error = _run_with_timeout(OutputFolder(tmp_path, force=True), {"dates/a.html": b"x"})
    assert (
        isinstance(error, ExportError) and "FIFO" in str(error) and "folder is needed" in str(error)
    )
    assert stat.S_ISFIFO(os.lstat(tmp_path / "dates").st_mode)
