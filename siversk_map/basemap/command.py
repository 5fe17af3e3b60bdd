"""The ``basemap`` subcommand: argument parsing only; the work is :func:`build_basemap`'s."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from ..exits import EXIT_OK
from ..importers.sources import CACHE_ENV
from .build import build_basemap
from .overpass import DEFAULT_NOMINATIM_URL, DEFAULT_OVERPASS_URL

__all__ = ["add_parser", "parse_centre", "run"]


def parse_centre(text: str) -> tuple[float, float]:
    """Read ``LAT,LON`` in degrees.

    Examples
    --------
    >>> parse_centre("48.868,38.1")
    (48.868, 38.1)
    """
    try:
        lat, lon = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected LAT,LON in degrees, got {text!r}") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise argparse.ArgumentTypeError(f"expected LAT,LON in degrees, got {text!r}")
    return lat, lon


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Add the ``basemap`` subcommand to a parser's subcommands.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        What ``ArgumentParser.add_subparsers()`` returned.

    Returns
    -------
    argparse.ArgumentParser
        The ``basemap`` parser.
    """
    p = subparsers.add_parser(
        "basemap",
        help="add OpenStreetMap base layers (places, roads, rivers, ...) to a data set",
        description=(
            "Fetch OpenStreetMap features for an area with OSMnx (Overpass API) and write them "
            "into the data-set folder as base layers (base/osm_*.geojson); update its manifest "
            "(OSM credit and extract date, reference point, title, river line). Nothing is "
            "written when a request fails. Needs the 'basemap' extra (OSMnx)."
        ),
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--aoi",
        metavar="MINLON,MINLAT,MAXLON,MAXLAT",
        help="area fetched (default: the bbox of DIR's manifest)",
    )
    where.add_argument("--place", metavar="NAME", help="a place name geocoded with Nominatim")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="data-set folder")
    p.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help=f"OSMnx answer cache (default: ${CACHE_ENV}/osm or ~/.cache/siversk-map/osm)",
    )
    p.add_argument("--refresh", action="store_true", help="fetch again, ignoring the cache")
    p.add_argument("--buildings", action="store_true", help="also fetch buildings (simplified)")
    p.add_argument(
        "--overpass-url",
        default=DEFAULT_OVERPASS_URL,
        metavar="URL",
        help=f"Overpass API base URL (default: {DEFAULT_OVERPASS_URL})",
    )
    p.add_argument(
        "--nominatim-url",
        default=DEFAULT_NOMINATIM_URL,
        metavar="URL",
        help=f"Nominatim base URL for --place (default: {DEFAULT_NOMINATIM_URL})",
    )
    p.add_argument(
        "--centre",
        type=parse_centre,
        metavar="LAT,LON",
        help="reference point (default: the largest place in the area)",
    )
    p.add_argument("--river", metavar="NAME", help="the river forming the river line")
    p.add_argument("--title", metavar="TEXT", help="the data set's title")
    p.add_argument("--force", action="store_true", help="replace files siversk-map did not write")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=run)
    parser: argparse.ArgumentParser = p
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``siversk-map basemap``; print the report; return the exit code.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed by the parser :func:`add_parser` made.

    Returns
    -------
    int
        0 when the layers were written.

    Raises
    ------
    SiverskMapError
        When OSMnx is missing, a request failed, an option cannot be satisfied or an output is
        refused (nothing is written then); :func:`siversk_map.exits.exit_code` reports it.
    """
    report = build_basemap(
        args.out,
        aoi=args.aoi,
        place=args.place,
        cache=args.cache,
        refresh=args.refresh,
        buildings=args.buildings,
        overpass_url=args.overpass_url,
        nominatim_url=args.nominatim_url,
        centre=args.centre,
        river=args.river,
        title=args.title,
        force=args.force,
        quiet=args.quiet,
    )
    print(report.format_text())
    print(f"data set: {args.out} (check it with: siversk-map validate --data {args.out})")
    return EXIT_OK
