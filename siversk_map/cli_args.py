"""The types of ``siversk-map``'s arguments: numbers in a range, dates, boxes, points, sizes,
tile providers; each refuses a bad value with argparse's message (exit 2)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path

from .validate import parse_date

__all__ = ["bbox", "date", "latlon", "number", "path", "size", "tiles"]


def number(kind: Callable[[str], float], low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a finite number from ``low`` to ``high``."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except (ValueError, OverflowError):
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(f"{text!r} is out of range ({low:g} to {high:g})")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


def path(path: Path | str) -> str:
    """A path as printed: bytes of its name that are not UTF-8 as ``\\xNN``."""
    from .io import printable_name

    return printable_name(str(path))


def tiles(text: str) -> str:
    from .render.timeline import resolve_tiles

    try:
        resolve_tiles(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{exc}: give a provider name (OpenStreetMap, CartoDB.Positron, ...) "
            "or an https://.../{z}/{x}/{y}.png address"
        ) from None
    return text


def date(text: str) -> str:
    try:
        return parse_date(text).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def numbers(text: str, count: int, what: str) -> tuple[float, ...]:
    parts = text.split(",")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != count or not all(math.isfinite(v) for v in values):
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}")
    return values


def bbox(text: str) -> tuple[float, float, float, float]:
    w, s, e, n = numbers(text, 4, "MINLON,MINLAT,MAXLON,MAXLAT")
    return (w, s, e, n)


def latlon(text: str) -> tuple[float, float]:
    lat, lon = numbers(text, 2, "LAT,LON")
    return (lat, lon)


def size(text: str) -> tuple[int, int]:
    from .export.snapshot import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
