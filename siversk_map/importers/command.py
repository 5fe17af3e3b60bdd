"""The ``import`` subcommand: argument parsing only; the work is :func:`import_sources`'s."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..exits import EXIT_OK
from ..model import DATED_LAYERS
from .base import ImportOptionsError
from .generic import MapRule, parse_map_rule
from .pipeline import FORMATS, NothingImportedError, import_sources
from .sources import CACHE_ENV, FetchOptions

__all__ = ["add_parser", "run"]


def _rule(text: str) -> MapRule:
    try:
        return parse_map_rule(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _deadline(text: str) -> float:
    """A finite number of seconds from 1 to 86400."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 1 <= value <= 86400:  # false for NaN
        raise argparse.ArgumentTypeError(f"{text!r} is out of range (1 to 86400 seconds)")
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 256:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 256 (got {text!r})")
    return value


def _precision(text: str) -> float:
    """A finite number of metres from 0 to 1e7 (``inf``, ``nan`` and ``-1`` are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 1e7:  # false for NaN
        raise argparse.ArgumentTypeError(f"{text!r} is out of range (0 to 1e7 metres)")
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Add the ``import`` subcommand to a parser's subcommands.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        What ``ArgumentParser.add_subparsers()`` returned.

    Returns
    -------
    argparse.ArgumentParser
        The ``import`` parser (its ``func`` default is :func:`run`).
    """
    p = subparsers.add_parser(
        "import",
        help="import public front-line archives (DeepState, ISW, others) into a data set",
        description=(
            "Read archive files (files, folders, globs, .gz, .zip, http(s) URLs), clip them to "
            "the area of interest and write them as a data set; print a report of what was "
            "kept, cut, repaired and dropped. Nothing is written when a source is bad."
        ),
    )
    p.add_argument(
        "format",
        choices=sorted(FORMATS),
        metavar="FORMAT",
        help=f"source format: {', '.join(sorted(FORMATS))}",
    )
    p.add_argument("sources", nargs="+", metavar="SRC", help="file, folder, glob, .gz, .zip or URL")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="data-set folder written")
    p.add_argument(
        "--aoi",
        metavar="MINLON,MINLAT,MAXLON,MAXLAT",
        help="area of interest (default: the bbox of DIR's manifest, else Siversk's)",
    )
    p.add_argument("--force", action="store_true", help="replace files siversk-map did not write")
    p.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no progress bar and no feature-by-feature details in the report",
    )
    p.add_argument("--folder", metavar="NAME", help="sub-folder of DIR written (default: FORMAT)")
    p.add_argument("--source", metavar="TEXT", help="'source' property written")
    p.add_argument(
        "--precision-m", type=_precision, metavar="M", help="'precision_m' written (0 to 1e7)"
    )
    p.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help=f"download cache (default: ${CACHE_ENV} or ~/.cache/siversk-map)",
    )
    p.add_argument("--refresh", action="store_true", help="download URLs again, ignoring the cache")
    p.add_argument(
        "--deadline",
        type=_deadline,
        default=600.0,
        metavar="S",
        help="most seconds one download may take, retries included (default 600)",
    )
    p.add_argument(
        "--allow-private-redirects",
        action="store_true",
        help="follow redirects to loopback, private or link-local addresses the URL did not name",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="processes reading the files (default: one per core from 8 files on; 1: one); "
        "the files written are the same",
    )
    g = p.add_argument_group("deepstate-daily")
    g.add_argument(
        "--keep-file-date",
        action="store_true",
        help="date features with the file's date D, not D-1 (the state it shows)",
    )
    g = p.add_argument_group("deepstate-raw")
    g.add_argument(
        "--keep-points",
        action="store_true",
        help="import attack-direction and unit markers as event points",
    )
    g = p.add_argument_group("generic")
    g.add_argument(
        "--map",
        dest="rules",
        action="append",
        type=_rule,
        default=[],
        metavar="FIELD=VALUE:side[/status]",
        help="classify matching features (repeatable)",
    )
    dating = g.add_mutually_exclusive_group()
    dating.add_argument("--date-field", metavar="FIELD", help="property holding the date")
    dating.add_argument(
        "--date-from-name",
        metavar="REGEX",
        help="pattern with one group finding the date in file names",
    )
    g.add_argument(
        "--layer",
        default="control",
        choices=sorted(DATED_LAYERS),
        help="layer written (default: control)",
    )
    p.set_defaults(func=run)
    parser: argparse.ArgumentParser = p
    return parser


def _format_options(args: argparse.Namespace) -> dict[str, Any]:
    if args.format == "deepstate-daily":
        return {"keep_file_date": args.keep_file_date}
    if args.format == "deepstate-raw":
        return {"keep_points": args.keep_points}
    if args.format == "generic":
        return {
            "rules": args.rules,
            "date_field": args.date_field,
            "date_from_name": args.date_from_name,
            "layer": args.layer,
        }
    return {}


def _misused(args: argparse.Namespace) -> list[str]:
    """Options given that the chosen format ignores."""
    owners = {
        "keep_file_date": "deepstate-daily",
        "keep_points": "deepstate-raw",
        "rules": "generic",
        "date_field": "generic",
        "date_from_name": "generic",
    }
    return [
        f"--{name.replace('_', '-')} applies to {owner} only"
        for name, owner in owners.items()
        if getattr(args, name) and args.format != owner
    ]


def run(args: argparse.Namespace) -> int:
    """Run ``siversk-map import``; print the report; return the exit code.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed by the parser :func:`add_parser` made.

    Returns
    -------
    int
        0 when the import was written.

    Raises
    ------
    SiverskMapError
        On bad input or options, a refused output, or when nothing was kept (nothing is
        written then); :func:`siversk_map.exits.exit_code` reports it.
    """
    misused = _misused(args)
    if misused:
        raise ImportOptionsError("; ".join(misused))
    fetch = FetchOptions(
        cache_dir=args.cache,
        refresh=args.refresh,
        progress=not args.quiet,
        deadline_s=args.deadline,
        allow_private_redirects=args.allow_private_redirects,
    )
    try:
        report = import_sources(
            args.format,
            args.sources,
            args.out,
            aoi=args.aoi,
            force=args.force,
            folder=args.folder,
            source=args.source,
            precision_m=args.precision_m,
            fetch=fetch,
            jobs=args.jobs,
            **_format_options(args),
        )
    except NothingImportedError as exc:
        # The report says why nothing was kept; the error itself ends as every error does
        # (siversk_map.exits).
        print(exc.report.format_text(details=not args.quiet))
        raise
    print(report.format_text(details=not args.quiet))
    print(f"data set: {args.out} (check it with: siversk-map validate --data {args.out})")
    return EXIT_OK
