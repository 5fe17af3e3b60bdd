"""One path from an exception to an exit code and a message, for every command; diagnostics.

Every ``siversk-map`` command returns 0 or raises; :func:`exit_code` turns what it raised into
the message on stderr and the exit code, the same way for every command:

- 2: bad input (every problem listed), a refused output or a bad environment (full disk, ...);
- 70: an internal error, a bug: one line, the traceback in a file named there;
- 130: interrupted (Ctrl-C).

Diagnostics go through :mod:`logging` (the ``siversk_map`` logger) to stderr; quiet unless
``-v`` (information) or ``-vv`` (debugging, with internal errors' tracebacks).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
import tempfile
import traceback

from .errors import SiverskMapError, ValidationError

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "configure_logging",
    "exit_code",
    "safe_streams",
]

EXIT_OK = 0
EXIT_BAD_INPUT = 2
#: A bug in siversk-map (an exception no rule foresaw): kept apart from bad input.
EXIT_INTERNAL = 70
#: Stopped with Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130

log = logging.getLogger("siversk_map")


def configure_logging(verbosity: int) -> None:
    """Send the package's diagnostics to stderr: warnings only by default, information with
    ``verbosity`` 1, everything with 2 or more.

    Examples
    --------
    >>> configure_logging(1)
    >>> logging.getLogger("siversk_map").getEffectiveLevel() == logging.INFO
    True
    >>> configure_logging(0)
    """
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    for handler in list(log.handlers):
        if getattr(handler, "siversk_cli", False):
            log.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.siversk_cli = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(level)
    log.propagate = False


def exit_code(exc: BaseException, *, nothing_written: bool = False) -> int:
    """Report what a command raised on stderr and return the exit code it ends with.

    Parameters
    ----------
    exc : BaseException
        What the command raised (not ``SystemExit``: that ends the program as asked).
    nothing_written : bool
        The command writes all or nothing: its messages say that nothing was written.

    Returns
    -------
    int
    """
    written = "; nothing written" if nothing_written else ""
    if isinstance(exc, ValidationError):
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found{written}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if isinstance(exc, SiverskMapError):
        print(f"error: {exc}{written}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if isinstance(exc, KeyboardInterrupt):
        print(
            "interrupted: outputs already written are whole; nothing half-written", file=sys.stderr
        )
        return EXIT_INTERRUPTED
    if isinstance(exc, BrokenPipeError):
        _quiet_stdout()  # the reader went away (| head): not an error
        return EXIT_OK
    if isinstance(exc, OSError) and exc.errno in (
        errno.ENOSPC,
        errno.EIO,
        errno.EDQUOT,
        errno.EFBIG,
    ):
        print(
            f"error: cannot write: {exc.strerror} ({exc.filename or 'standard output'})",
            file=sys.stderr,
        )
        _quiet_stdout()  # the interpreter's last flush would fail the same way
        return EXIT_BAD_INPUT
    return _internal(exc)  # the last resort: a bug, in one line, never a traceback


def safe_streams() -> None:
    """Standard streams that never fail on text: a C locale's ASCII output escapes what it
    cannot encode (file names with undecodable bytes, Cyrillic names) instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _internal(exc: BaseException) -> int:
    """Report an internal error in one line; the traceback goes to a file named there."""
    text = "".join(traceback.format_exception(exc))
    log.debug("internal error:\n%s", text)
    where = "not written"
    try:
        fd, path = tempfile.mkstemp(prefix="siversk-map-crash-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text)
        where = path
    except OSError:
        pass
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    with contextlib.suppress(OSError):
        print(
            f"internal error (a bug in siversk-map, not in your data): {type(exc).__name__}: "
            f"{first} (traceback: {where})",
            file=sys.stderr,
        )
    return EXIT_INTERNAL
