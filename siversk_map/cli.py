"""The ``siversk-map`` command: argument parsing only; every result comes from the public API."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from . import __version__
from .basemap import command as basemap_command
from .claims import CLAIM_COLUMNS
from .cli_args import bbox, date, latlon, number, path, size, tiles
from .dataset import DataSet, load_dataset
from .errors import SiverskMapError
from .exits import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    configure_logging,
    exit_code,
    safe_streams,
)
from .importers import command as import_command

if TYPE_CHECKING:
    from .export.static import Framing

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "main"]

log = logging.getLogger(__name__)


class UsageError(SiverskMapError):
    """Options that contradict each other (``--from`` after ``--to``, ...)."""


#: ``build --pages auto`` writes a map page per date up to this many dates, the timeline alone
#: past it (a long daily series: hundreds of folium pages of about 1 MB each).
AUTO_TIMELINE_DATES = 100


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="siversk-map",
        description="Dated front-line layers: validate, measure, map (bundled: Siversk).",
    )
    parser.add_argument("--version", action="version", version=f"siversk-map {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="diagnostics on stderr (-vv: more)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def data_args(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--data",
            action="append",
            type=Path,
            metavar="PATH",
            help="data-set folder, or layer files (repeatable); default: the bundled Siversk set",
        )
        p.add_argument(
            "--strict", action="store_true", help="treat overlapping control zones as errors"
        )
        p.add_argument("--quiet", "-q", action="store_true", help="print no warnings or progress")

    p = sub.add_parser("validate", help="check every layer; exit 2 listing every problem")
    data_args(p)

    p = sub.add_parser("dates", help="list the dates with a one-line summary each")
    data_args(p)

    p = sub.add_parser("changes", help="area held, gained and lost per date and side")
    data_args(p)
    p.add_argument("--from", dest="date_from", type=date, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=date, metavar="DATE")
    p.add_argument(
        "--between",
        action="store_true",
        help="one row per side comparing --from with --to directly",
    )
    p.add_argument(
        "--claims",
        action="store_true",
        help="instead, one row per claim (made between --from and --to): when, if ever, the "
        "claiming side held 90%% of it",
    )
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")

    p = sub.add_parser("build", help="write the HTML maps (one per date) and index.html")
    data_args(p)
    p.add_argument("--out", type=Path, default=Path("maps"), help="output folder (default: maps)")
    p.add_argument("--force", action="store_true", help="replace files siversk-map did not write")
    p.add_argument(
        "--tiles", type=tiles, metavar="NAME", help="add an online tile layer (e.g. OpenStreetMap)"
    )
    p.add_argument(
        "--pages",
        choices=("auto", "all", "timeline"),
        default="auto",
        help=(
            "'timeline': write index.html alone, no per-date maps; 'all': a map per date too; "
            f"'auto' (default): 'all' up to {AUTO_TIMELINE_DATES} dates, 'timeline' past that"
        ),
    )
    p.add_argument(
        "--no-changes",
        dest="changes",
        action="store_false",
        help="skip the gained/lost ground and deepest advance between dates (faster)",
    )
    p.add_argument(
        "--against",
        type=Path,
        metavar="PATH",
        help="another data set (another source) to show with where it disagrees, in km²",
    )
    p.add_argument(
        "--lang",
        choices=("en", "uk"),
        default="en",
        help="language of the map labels and the pages' interface (default: en)",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=number(int, 1, 256),
        metavar="N",
        help="processes rendering the date pages and the timeline's changes "
        "(default: every core; 1: one process)",
    )

    def frame_args(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--bbox",
            type=bbox,
            metavar="MINLON,MINLAT,MAXLON,MAXLAT",
            help="fit this box in the frame",
        )
        p.add_argument("--centre", type=latlon, metavar="LAT,LON", help="centre of the frame")
        p.add_argument("--zoom", type=float, metavar="Z", help="web-map zoom the frame matches")
        p.add_argument(
            "--frame",
            choices=("view", "area", "change"),
            default="view",
            help="the default view, the whole area, or the ground that changed",
        )
        p.add_argument("--title", help="title drawn instead of the data set's")

    p = sub.add_parser("snapshot", help="a report-ready image of one date (PNG, SVG or PDF)")
    data_args(p)
    frame_args(p)
    p.add_argument("date", type=date, metavar="DATE")
    p.add_argument("--out", type=Path, help="output file (default: siversk_DATE.FORMAT)")
    p.add_argument("--format", choices=("png", "svg", "pdf"), help="default: from --out, else png")
    p.add_argument("--size", type=size, default=(1600, 1200), metavar="WxH")
    p.add_argument("--dpi", type=number(int, 10, 1200), default=150)
    p.add_argument(
        "--preset",
        choices=("column", "half-page", "full-page", "slide"),
        help="a print size with its smallest type (column 88x200 mm, 7 pt; half-page 180x140 mm, "
        "7 pt; full-page 180x250 mm, 8 pt; slide 338.7x190.5 mm, 12 pt); replaces --size/--dpi",
    )
    p.add_argument("--renderer", choices=("static", "browser"), default="static")
    p.add_argument("--compare", type=date, metavar="DATE2", help="an earlier date side by side")
    p.add_argument(
        "--latest",
        action="store_true",
        help="a DATE after the data's range draws the last date's state, stamped with its date",
    )
    p.add_argument("--force", action="store_true", help="replace a file siversk-map did not write")
    p.add_argument(
        "--lang", choices=("en", "uk"), default="en", help="language of the labels (default: en)"
    )

    p = sub.add_parser("animate", help="an animation with one frame per date (GIF or MP4)")
    data_args(p)
    frame_args(p)
    p.add_argument("--from", dest="date_from", type=date, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=date, metavar="DATE")
    p.add_argument("--out", type=Path, required=True, help="FILE.gif or FILE.mp4")
    p.add_argument(
        "--fps", type=number(float, 0.01, 60), default=1.0, help="dates per second (default 1)"
    )
    p.add_argument("--force", action="store_true", help="replace a file siversk-map did not write")

    p = sub.add_parser("report", help="a multi-page PDF report and its change table as CSV")
    data_args(p)
    frame_args(p)
    p.add_argument("--from", dest="date_from", type=date, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=date, metavar="DATE")
    p.add_argument("--out", type=Path, required=True, help="FILE.pdf (the CSV goes beside it)")
    p.add_argument("--force", action="store_true", help="replace files siversk-map did not write")

    p = sub.add_parser(
        "export-layers",
        help="the state on a date (and the change to another) as GIS layers for QGIS/Google Earth",
    )
    data_args(p)
    p.add_argument("date", type=date, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=date, metavar="DATE2", help="a later date")
    p.add_argument("--format", choices=("gpkg", "geojson", "kml", "parquet"))
    p.add_argument("--out", type=Path, required=True, help="FILE.gpkg|.geojson|.kml|.parquet")
    p.add_argument("--force", action="store_true", help="replace a file siversk-map did not write")

    import_command.add_parser(sub)
    basemap_command.add_parser(sub)
    for command in sub.choices.values():  # -v after the command too (siversk-map build -v)
        command.add_argument(
            "-v", "--verbose", action="count", default=argparse.SUPPRESS, help="diagnostics"
        )
    return parser


def _framing(args: argparse.Namespace) -> Framing:
    from .export.static import Framing

    return Framing(
        bbox=args.bbox, centre=args.centre, zoom=args.zoom, frame=args.frame, title=args.title
    )


def _load(args: argparse.Namespace, paths: Sequence[Path] | None = None) -> DataSet:
    """The data set of ``--data`` (or of ``paths``), its warnings printed unless ``--quiet``."""
    paths = paths if paths is not None else args.data
    ds = load_dataset(paths, strict=args.strict) if paths else load_dataset(strict=args.strict)
    if not args.quiet:
        for warning in ds.warnings:
            print(warning, file=sys.stderr)
    return ds


def _cmd_validate(args: argparse.Namespace) -> int:
    ds = _load(args)
    print(
        f"ok: {len(ds.table)} features, {len(ds.dates)} dates "
        f"({ds.dates[0] if ds.dates else '-'} .. {ds.dates[-1] if ds.dates else '-'}), "
        f"{len(ds.warnings)} warning(s)"
    )
    return EXIT_OK


def _cmd_dates(args: argparse.Namespace) -> int:
    ds = _load(args)
    for day in ds.dates:
        print(ds.summary(day))
    return EXIT_OK


def _check_range(args: argparse.Namespace) -> None:
    start, end = getattr(args, "date_from", None), getattr(args, "date_to", None)
    if start and end and dt.date.fromisoformat(start) > dt.date.fromisoformat(end):
        raise UsageError(f"--from {start} is later than --to {end}")


def _cmd_changes(args: argparse.Namespace) -> int:
    if args.between and not (args.date_from and args.date_to):
        raise UsageError("--between compares two dates: give both --from and --to")
    ds = _load(args)
    if args.claims:
        if args.between:
            raise UsageError("changes --claims takes no --between")
        return _print_claims(ds, args.format, args.date_from, args.date_to)
    table = ds.changes(args.date_from, args.date_to, between=args.between)
    if args.format == "json":
        records = json.loads(table.to_json(orient="records"))
        print(json.dumps(records, indent=1, ensure_ascii=False))
    elif args.format == "csv":
        sys.stdout.write(table.to_csv(index=False, lineterminator="\n"))
    else:
        print(table.to_string(index=False, na_rep="-"))
    return EXIT_OK


def _print_claims(ds: DataSet, fmt: str, date_from: str | None, date_to: str | None) -> int:
    """Print the claim checks of the claims made between ``date_from`` and ``date_to``."""
    records = [
        c.as_record()
        for c in ds.claim_checks()
        if (date_from is None or c.claimed_on.isoformat() >= date_from)
        and (date_to is None or c.claimed_on.isoformat() <= date_to)
    ]
    if fmt == "json":
        print(json.dumps(records, indent=1, ensure_ascii=False))
        return EXIT_OK
    table = pd.DataFrame(records, columns=list(CLAIM_COLUMNS))
    if fmt == "csv":
        sys.stdout.write(table.to_csv(index=False, lineterminator="\n"))
    elif not records:
        print("no claims in this data set")
    else:
        for rec in records:
            print(f"{rec['claim_id']}  {rec['name']}  ({rec['source']})")
            print(f"  {rec['text']}")
    return EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from .export.html import TIMELINE, export_site

    ds = _load(args)
    show = not args.quiet and sys.stderr.isatty()

    def progress(day: str) -> None:
        if show:
            print(f"\rrendering {day}", end="", file=sys.stderr, flush=True)

    against = _load(args, [args.against]) if args.against else None
    pages = args.pages
    if pages == "auto":
        pages = "all" if len(ds.dates) <= AUTO_TIMELINE_DATES else "timeline"
        if pages == "timeline":
            print(
                f"{len(ds.dates)} dates, more than {AUTO_TIMELINE_DATES}: writing the timeline "
                "page alone (--pages all adds a map page per date)"
            )
    written = export_site(
        ds,
        args.out,
        force=args.force,
        tiles=args.tiles,
        progress=progress,
        pages=pages,
        changes=args.changes,
        against=against,
        lang=args.lang,
        jobs=args.jobs,
    )
    if show:
        print(file=sys.stderr)
    index = Path(args.out) / TIMELINE
    noun = "file" if len(written) == 1 else "files"
    print(f"wrote {len(written)} {noun} to {path(args.out)}; open {path(index)}")
    return EXIT_OK


def _cmd_snapshot(args: argparse.Namespace) -> int:
    from .export.snapshot import export_snapshot

    ds = _load(args)
    day = ds.check_date(args.date, latest=args.latest)
    if day.isoformat() != args.date:
        print(f"{args.date} is after the data's range: drawing the latest state, of {day}")
    fmt = args.format or (args.out.suffix.lstrip(".").lower() if args.out else "png")
    out = args.out or Path(f"siversk_{day}.{fmt}")
    written = export_snapshot(
        ds,
        args.date,
        out,
        fmt=fmt,
        size=args.size,
        dpi=args.dpi,
        renderer=args.renderer,
        compare=args.compare,
        force=args.force,
        latest=args.latest,
        framing=_framing(args),
        lang=args.lang,
        preset=args.preset,
    )
    print(f"wrote {path(written)}")
    return EXIT_OK


def _cmd_animate(args: argparse.Namespace) -> int:
    from .export.snapshot import export_animation

    ds = _load(args)
    written = export_animation(
        ds,
        args.out,
        date_from=args.date_from,
        date_to=args.date_to,
        fps=args.fps,
        force=args.force,
        quiet=args.quiet,
        framing=_framing(args),
    )
    print(f"wrote {path(written)}")
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from .export.snapshot import export_report

    ds = _load(args)
    written = export_report(
        ds,
        args.out,
        date_from=args.date_from,
        date_to=args.date_to,
        force=args.force,
        quiet=args.quiet,
        framing=_framing(args),
    )
    print("wrote " + ", ".join(path(p) for p in written))
    return EXIT_OK


def _cmd_export_layers(args: argparse.Namespace) -> int:
    from .export.layers import export_layers

    ds = _load(args)
    written = export_layers(
        ds, args.date, args.out, date_to=args.date_to, fmt=args.format, force=args.force
    )
    print(f"wrote {written}")
    return EXIT_OK


COMMANDS = {
    "export-layers": _cmd_export_layers,
    "import": import_command.run,
    "basemap": basemap_command.run,
    "snapshot": _cmd_snapshot,
    "animate": _cmd_animate,
    "report": _cmd_report,
    "validate": _cmd_validate,
    "dates": _cmd_dates,
    "changes": _cmd_changes,
    "build": _cmd_build,
}
#: Commands that write all of their output or none: their errors say nothing was written.
ALL_OR_NOTHING = frozenset({"import", "basemap"})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    0 ok; 2 bad input, refused output or a bad environment (full disk, ...); 70 an internal
    error (a bug: one line, the traceback in a file); 130 interrupted (Ctrl-C). Every command
    ends through :func:`siversk_map.exits.exit_code`.
    """
    safe_streams()
    command = None
    try:
        args = _parser().parse_args(argv)
        configure_logging(args.verbose)
        command = args.command
        _check_range(args)
        started = time.perf_counter()
        log.info("%s: started", command)
        code = COMMANDS[command](args)
        log.info("%s: exit %d after %.2f s", command, code, time.perf_counter() - started)
        return code
    except (Exception, KeyboardInterrupt) as exc:
        return exit_code(exc, nothing_written=command in ALL_OR_NOTHING)


if __name__ == "__main__":
    raise SystemExit(main())
