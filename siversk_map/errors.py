"""Errors raised by siversk-map.

Every error a user can cause with bad data is a :class:`SiverskMapError`; the command line turns
them into messages and exit code 2, never into a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DateRangeError",
    "ExportError",
    "MissingExtraError",
    "Problem",
    "SiverskMapError",
    "ValidationError",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the input.

    Parameters
    ----------
    file : str
        The file the problem is in (as given, or relative to the data set).
    where : str
        The feature (``feature 3``, ``feature 'ctl-ru'``), member or byte offset concerned;
        empty when the problem is about the whole file.
    reason : str
        What is wrong, and for a warning what was done about it.
    severity : {"error", "warning"}
        Errors stop the run; warnings are reported and the repaired value is used.
    """

    file: str
    where: str
    reason: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        # A problem of the whole run (a cap on features) has no file: no empty prefix then.
        # A file name with bytes that are not UTF-8 (read as surrogates) shows them as \xNN.
        from .io import printable_name

        shown = printable_name(self.file)
        parts = [part for part in (shown, self.where) if part]
        label = "warning: " if self.severity == "warning" else ""
        return ": ".join([*parts, f"{label}{self.reason}"])


class SiverskMapError(Exception):
    """Base class of every error siversk-map raises on purpose."""


class ValidationError(SiverskMapError, ValueError):
    """The input has one or more problems; all of them are in :attr:`problems`.

    Parameters
    ----------
    problems : list of Problem
        Every error found (warnings are not included).
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        lines = [str(p) for p in self.problems]
        super().__init__(f"{len(lines)} problem(s):\n" + "\n".join(lines))


class ExportError(SiverskMapError):
    """An output could not be written (unsafe name, foreign file, full disk, ...)."""


class DateRangeError(SiverskMapError, ValueError):
    """A date outside the data set's range (before its first date or after its last)."""


class MissingExtraError(SiverskMapError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""
