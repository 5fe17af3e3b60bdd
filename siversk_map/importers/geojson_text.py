"""The text of imported features, written fast: the same characters as :func:`json.dumps`.

A layer file holds one feature per line, ``json.dumps(feature.to_geojson(), sort_keys=True,
separators=(",", ":"), ensure_ascii=False, allow_nan=False)``. Most of that text is the
coordinates of polygons, which ``json.dumps`` writes one float at a time with :func:`repr`.
:func:`geometry_text` writes them with numpy instead, all at once, as the same characters:

each coordinate is rounded to ``k / 10**7`` (:func:`~.geometry.rounded_array`, the integer
``k`` read back exactly), and ``repr`` of the double nearest ``k / 10**7`` is that decimal
with its trailing zeros dropped (``38.1``, ``-0.25``, ``38.0``): no shorter decimal lies as
close, as every other decimal of up to 7 places is at least 1e-7 away, and a double's spacing
here is below 1e-13. ``repr`` uses exponents below 1e-4, so a geometry with any coordinate
``0 < |v| < 1e-4``, or 1000 degrees or more, or any type but Polygon and MultiPolygon, is
written by ``json.dumps`` itself. ``tests/test_import_speed.py`` compares both writers.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .base import ImportedFeature
from .geometry import DECIMALS, rounded_array, to_geojson_geometry

__all__ = ["dump", "feature_text", "geometry_text"]

_SCALE = 10**DECIMALS
#: Smallest ``|k|`` written without an exponent (``repr`` uses one below 1e-4).
_K_MIN = 10 ** (DECIMALS - 4)
#: Integer part up to 3 digits (longitude at most 180).
_K_MAX = 1000 * _SCALE
#: Columns of one position's row: up to 4 ``[``, x, ``,``, y, up to 4 ``]`` and a ``,``.
_TOKEN = 1 + 3 + 1 + DECIMALS  # sign, integer digits, point, decimals
_PRE, _POST = 4, 5


def dump(doc: Any) -> str:
    """JSON text of a document as the import writes it (compact, keys sorted).

    Parameters
    ----------
    doc : object
        A JSON value (no NaN or infinity).

    Returns
    -------
    str
    """
    return json.dumps(
        doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def _digit_table(width: int) -> tuple[np.ndarray, np.ndarray]:
    """Each number below ``10**width`` as ``width`` ASCII digits (zero-padded), and how many of
    them are left once trailing zeros are dropped (0 for 0)."""
    digits = (np.arange(10**width)[:, None] // 10 ** np.arange(width - 1, -1, -1)) % 10
    nonzero = digits != 0
    places = np.where(nonzero.any(axis=1), width - np.argmax(nonzero[:, ::-1], axis=1), 0)
    return (digits + ord("0")).astype(np.uint8), places


_DIGITS3, _PLACES3 = _digit_table(3)
_DIGITS4, _PLACES4 = _digit_table(4)


def _tokens(k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Characters and kept-mask (``len(k)`` rows of :data:`_TOKEN`) of ``repr(k / 10**7)``.

    The integer part (below 1000) and the 7 decimals (:data:`~.geometry.DECIMALS`), as 3 + 4
    digits, are looked up in tables of 1000 and 10000 rows.
    """
    assert DECIMALS == 7, "the decimals are looked up as 3 + 4 digits"
    a = np.abs(k)
    whole = a // _SCALE
    frac = a - whole * _SCALE
    high = frac // 10_000
    low = frac - high * 10_000
    chars = np.empty((len(k), _TOKEN), dtype=np.uint8)
    keep = np.empty((len(k), _TOKEN), dtype=bool)
    chars[:, 0] = ord("-")
    keep[:, 0] = k < 0
    chars[:, 1:4] = _DIGITS3[whole]
    keep[:, 1] = whole >= 100
    keep[:, 2] = whole >= 10
    keep[:, 3] = True  # the units digit, 0 included
    chars[:, 4] = ord(".")
    keep[:, 4] = True
    chars[:, 5:8] = _DIGITS3[high]
    chars[:, 8:] = _DIGITS4[low]
    # Decimals up to the last non-zero one; "38.0" keeps one.
    places = np.where(low != 0, 3 + _PLACES4[low], np.maximum(_PLACES3[high], 1))
    keep[:, 5:] = np.arange(DECIMALS)[None, :] < places[:, None]
    return chars, keep


def _coordinates_text(geom: BaseGeometry) -> str | None:
    """The ``coordinates`` text of a Polygon or MultiPolygon, or None (not writable here)."""
    multi = geom.geom_type == "MultiPolygon"
    parts = shapely.get_parts(geom)
    rings, owner = shapely.get_rings(parts, return_index=True)
    sizes = shapely.get_num_coordinates(rings)
    xy = rounded_array(shapely.get_coordinates(geom))
    n = len(xy)
    if n == 0 or len(parts) == 0 or int(sizes.sum()) != n:
        return None
    k = np.rint(xy * _SCALE).astype(np.int64)
    a = np.abs(k)
    if not (np.array_equal(k / _SCALE, xy) and ((a == 0) | (a >= _K_MIN)).all()):
        return None
    if (a >= _K_MAX).any():
        return None
    # Where each ring, polygon and the whole start and end, by position.
    ring_start = np.zeros(n, dtype=bool)
    ring_end = np.zeros(n, dtype=bool)
    ends = np.cumsum(sizes)
    ring_start[ends - sizes] = True
    ring_end[ends - 1] = True
    first_ring = np.ones(len(rings), dtype=bool)
    first_ring[1:] = owner[1:] != owner[:-1]
    last_ring = np.ones(len(rings), dtype=bool)
    last_ring[:-1] = owner[1:] != owner[:-1]
    poly_start = np.zeros(n, dtype=bool)
    poly_end = np.zeros(n, dtype=bool)
    poly_start[(ends - sizes)[first_ring]] = True
    poly_end[(ends - 1)[last_ring]] = True
    whole_start = np.zeros(n, dtype=bool)
    whole_end = np.zeros(n, dtype=bool)
    whole_start[0] = whole_end[-1] = multi
    opens = 1 + ring_start.astype(int) + poly_start + whole_start
    closes = 1 + ring_end.astype(int) + poly_end + whole_end
    comma = np.ones(n, dtype=bool)
    comma[-1] = False

    tc, tk = _tokens(k.ravel())  # x0, y0, x1, y1, ...
    xc, yc = tc[0::2], tc[1::2]
    xk, yk = tk[0::2], tk[1::2]
    width = _PRE + _TOKEN + 1 + _TOKEN + _POST
    chars = np.empty((n, width), dtype=np.uint8)
    keep = np.zeros((n, width), dtype=bool)
    chars[:, :_PRE] = ord("[")
    keep[:, :_PRE] = np.arange(_PRE)[None, :] >= (_PRE - opens)[:, None]
    at = _PRE
    chars[:, at : at + _TOKEN], keep[:, at : at + _TOKEN] = xc, xk
    at += _TOKEN
    chars[:, at], keep[:, at] = ord(","), True
    at += 1
    chars[:, at : at + _TOKEN], keep[:, at : at + _TOKEN] = yc, yk
    at += _TOKEN
    post = np.arange(_POST)[None, :]
    chars[:, at:] = ord("]")
    chars[np.arange(n), at + closes] = ord(",")
    keep[:, at:] = (post < closes[:, None]) | ((post == closes[:, None]) & comma[:, None])
    return chars[keep].tobytes().decode("ascii")


def geometry_text(geom: BaseGeometry) -> str:
    """``dump(to_geojson_geometry(geom))``, written with numpy for polygons.

    Parameters
    ----------
    geom : shapely geometry
        A fitted geometry (WGS84 lon/lat).

    Returns
    -------
    str
        The GeoJSON geometry object as compact text, keys sorted.

    Examples
    --------
    >>> poly = shapely.Polygon([(38.0, 48.8), (38.15, 48.8), (38.1, 48.9000001), (38.0, 48.8)])
    >>> geometry_text(poly)
    '{"coordinates":[[[38.0,48.8],[38.15,48.8],[38.1,48.9000001],[38.0,48.8]]],"type":"Polygon"}'
    >>> geometry_text(poly) == dump(to_geojson_geometry(poly))
    True
    """
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        coords = _coordinates_text(geom)
        if coords is not None:
            return f'{{"coordinates":{coords},"type":"{geom.geom_type}"}}'
    return dump(to_geojson_geometry(geom))


def feature_text(feature: ImportedFeature) -> str:
    """``dump(feature.to_geojson())``, its geometry written by :func:`geometry_text`.

    Parameters
    ----------
    feature : ImportedFeature
        The feature.

    Returns
    -------
    str
        One line: the keys sorted (``geometry``, ``id``, ``properties``, ``type``).
    """
    return (
        f'{{"geometry":{geometry_text(feature.geometry)},"id":{dump(feature.id)},'
        f'"properties":{dump(dict(feature.properties))},"type":"Feature"}}'
    )
