"""Safe output folders: names from a strict pattern, atomic writes, never over a foreign file.

The tool records what it wrote in ``.siversk-map-outputs.json`` in the output folder (file
name and SHA-256). A file already in the folder may be replaced only when the record says the
tool wrote it and its content is unchanged since; anything else needs ``force``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..errors import ExportError
from ..io import file_kind, write_atomic

__all__ = ["RECORD_NAME", "OutputFolder", "safe_name"]

RECORD_NAME = ".siversk-map-outputs.json"
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
# write_atomic's temporary names: ".<target name>.<random>.tmp"
_TEMPORARY = re.compile(r"^\.[A-Za-z0-9][A-Za-z0-9._-]*\.[A-Za-z0-9_]{6,}\.tmp$")


def safe_name(name: str) -> str:
    """Check an output path (``a/b.html``) made of safe parts; return it unchanged.

    Raises
    ------
    ExportError
        When a part is empty, ``..``, starts with a dot, or has other characters than
        ``[A-Za-z0-9._-]``.

    Examples
    --------
    >>> safe_name("dates/2025-12-13.html")
    'dates/2025-12-13.html'
    >>> safe_name("../etc/passwd")
    Traceback (most recent call last):
    ...
    siversk_map.errors.ExportError: unsafe output name '../etc/passwd'
    """
    parts = name.split("/")
    if not parts or any(not _SAFE.match(p) or p in (".", "..") for p in parts):
        raise ExportError(f"unsafe output name {name!r}")
    return name


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _in_the_way(root: Path, name: str) -> str | None:
    """Why ``root/name`` cannot be written (something other than a regular file or a folder
    on its path), or None. Nothing is opened: only ``lstat``."""
    path = root
    parts = name.split("/")
    for number, part in enumerate(parts):
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"{path}: cannot be inspected: {exc.strerror or exc}"
        last = number == len(parts) - 1
        if last and not stat.S_ISREG(mode):
            return (
                f"{path}: exists and is not a regular file ({file_kind(mode)}): "
                "not opened, read or replaced, --force or not"
            )
        if not last and not stat.S_ISDIR(mode):
            return f"{path}: is {file_kind(mode)} where a folder is needed: nothing written"
    return None


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file, refusing (without blocking) anything else that took its
    place since it was inspected."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(0, "not a regular file")
        return handle.read()


@contextlib.contextmanager
def _locked(root: Path, wait_s: float = 2.0) -> Iterator[None]:
    """Hold the output folder's lock: one writer at a time. A second run waits ``wait_s``
    seconds, then refuses."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        give_up = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= give_up:
                    raise ExportError(
                        f"{root}: another siversk-map run is writing into this folder: "
                        "nothing written; try again when it has finished"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


class OutputFolder:
    """An output folder the tool writes into.

    Parameters
    ----------
    root : Path
        The folder (created if missing).
    force : bool
        Replace files the tool did not write (or that were changed since).
    """

    def __init__(self, root: Path, force: bool = False) -> None:
        self.root = Path(root)
        self.force = force

    def _record(self) -> dict[str, list[str]]:
        """File name -> the SHA-256 digests it may have as written by siversk-map."""
        path = self.root / RECORD_NAME
        try:
            doc = json.loads(_read_regular(path).decode("utf-8"))
        except (OSError, ValueError):
            return {}
        files = doc.get("files") if isinstance(doc, dict) else None
        if not isinstance(files, dict):
            return {}
        out: dict[str, list[str]] = {}
        for name, value in files.items():
            digests = value if isinstance(value, list) else [value]
            out[str(name)] = [str(d) for d in digests]
        return out

    def _target(self, name: str) -> Path:
        safe_name(name)
        root = self.root.resolve()
        target = (root / name).resolve()
        if root not in target.parents:
            raise ExportError(f"{name!r} would be written outside {self.root}")
        return target

    def check(self, names: list[str]) -> None:
        """Refuse before writing anything if a target is a file the tool did not write.

        Anything in the way that is not a regular file (a FIFO, a device, a socket, a
        symbolic link, a folder) is refused with or without ``force``: it is never opened,
        read or replaced.
        """
        record = self._record()
        foreign: list[str] = []
        blocked_record = _in_the_way(self.root, RECORD_NAME)
        if blocked_record:
            foreign.append(blocked_record)
        for name in names:
            target = self.root / name
            blocked = _in_the_way(self.root, name)
            if blocked:
                foreign.append(blocked)
                continue
            if not target.exists():
                continue
            try:
                current = _digest(_read_regular(target))
            except OSError as exc:
                foreign.append(f"{target}: cannot read: {exc.strerror or exc}")
                continue
            if current not in record.get(name, []) and not self.force:
                foreign.append(
                    f"{target}: exists and was not written by siversk-map "
                    "(or was changed since): use --force to replace it"
                )
        if foreign:
            raise ExportError("\n".join(foreign))

    def write_all(self, files: Mapping[str, bytes]) -> list[Path]:
        """Write every file atomically, then the record. Nothing is written if any is refused.

        Parameters
        ----------
        files : mapping
            Output name (``/``-separated, safe parts) to content.

        Returns
        -------
        list of Path
            The files written.

        Raises
        ------
        ExportError
            On an unsafe name, a foreign file in the way, or a write failure.
        """
        names = sorted(files)
        for name in names:
            self._target(name) if self.root.exists() else safe_name(name)
        try:
            info = self.root.stat()
        except OSError:
            info = None
        if info is not None and not stat.S_ISDIR(info.st_mode):
            raise ExportError(
                f"{self.root}: is {file_kind(info.st_mode)}, not a folder: nothing written"
            )
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(f"{self.root}: cannot create folder: {exc.strerror}") from None
        if not os.access(self.root, os.W_OK):
            raise ExportError(f"{self.root}: folder is not writable")
        with _locked(self.root):
            return self._write_locked(names, files)

    def _write_locked(self, names: list[str], files: Mapping[str, bytes]) -> list[Path]:
        self.check(names)
        self._remove_stale_temporaries([*names, RECORD_NAME])
        record = self._record()
        digests = {name: _digest(files[name]) for name in names}
        # Before any file is replaced, the record owns both its old and its new content: a
        # build killed at any moment leaves each file whole (old or new) and still owned.
        in_flight = dict(record)
        for name in names:
            old = [d for d in record.get(name, []) if d != digests[name]]
            in_flight[name] = [*old, digests[name]]
        self._write_record(in_flight)
        written: list[Path] = []
        for name in names:
            target = self._target(name)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ExportError(
                    f"{target.parent}: cannot create folder: {exc.strerror}"
                ) from None
            write_atomic(target, files[name])
            written.append(target)
        final = dict(record)
        final.update({name: [digests[name]] for name in names})
        self._write_record(final)
        return written

    def _remove_stale_temporaries(self, names: list[str]) -> None:
        """Delete temporary files a killed run left for the files about to be written.

        Only ``write_atomic``'s temporaries of these names are touched, and only while the
        folder is locked: no other run of the tool is writing them.
        """
        wanted: dict[Path, set[str]] = {}
        for name in names:
            target = self.root / name
            wanted.setdefault(target.parent, set()).add(target.name)
        for folder, targets in wanted.items():
            if not folder.is_dir() or folder.is_symlink():
                continue
            with os.scandir(folder) as entries:  # each folder listed once
                for entry in entries:
                    match = _TEMPORARY.match(entry.name)
                    if not match or entry.name.rsplit(".", 2)[0][1:] not in targets:
                        continue
                    if entry.is_file(follow_symlinks=False):
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)

    def _write_record(self, record: dict[str, list[str]]) -> None:
        doc = {"written_by": "siversk-map", "files": dict(sorted(record.items()))}
        write_atomic(
            self.root / RECORD_NAME,
            (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode("utf-8"),
        )
