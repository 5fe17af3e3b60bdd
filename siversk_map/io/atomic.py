"""Outputs written atomically: the old file or the new, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..errors import ExportError

__all__ = ["write_atomic"]


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so that a crash leaves the old file or the new, never half.

    The bytes go to a temporary file in the same folder, are flushed and fsynced, then the
    temporary file replaces the target with :func:`os.replace`. A symbolic link at the target
    is replaced, never followed.

    Parameters
    ----------
    target : Path
        The file to write.
    data : bytes
        Its whole new content.

    Raises
    ------
    ExportError
        When the folder cannot be written (read-only, full disk, ...).
    """
    folder = target.parent
    fd = -1
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        tmp = ""
    except OSError as exc:
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
