"""``basemap``: fetch OpenStreetMap base layers for an area and add them to a data set.

Everything is fetched and checked in memory first; the layer files and the manifest are then
written atomically through :class:`siversk_map.export.outputs.OutputFolder` (which refuses to
replace files siversk-map did not write). When any request fails nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely

from ..dataset import load_manifest
from ..errors import ValidationError
from ..export.outputs import OutputFolder
from ..export.progress import progress
from ..importers.pipeline import _fit_zoom, parse_aoi
from ..importers.sources import default_cache_dir
from ..io import read_geojson_document
from ..model import Limits
from ..validate import build_table
from .layers import BUILDINGS, GROUPS, BaseFeature, Group, features_from_groups
from .manifest import BasemapOptionsError, update_manifest
from .overpass import (
    DEFAULT_NOMINATIM_URL,
    DEFAULT_OVERPASS_URL,
    OSMSession,
    import_osmnx,
    network_errors,
)

__all__ = ["BasemapReport", "QueryResult", "build_basemap", "layer_file"]

Box = tuple[float, float, float, float]


def layer_file(layer: str) -> str:
    """The file a base layer is written to, inside the data set folder.

    Examples
    --------
    >>> layer_file("built_up")
    'base/osm_built_up.geojson'
    """
    return f"base/osm_{layer}.geojson"


@dataclass(frozen=True)
class QueryResult:
    """One Overpass (or Nominatim) query of a run."""

    name: str
    features: int
    cached: bool
    extract_date: str | None


@dataclass
class BasemapReport:
    """What a ``basemap`` run fetched and wrote."""

    out: Path
    queries: list[QueryResult] = field(default_factory=list)
    layers: dict[str, int] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    extract_date: str = ""
    retried: int = 0
    written: list[str] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def cache_hits(self) -> int:
        """Queries answered from the cache."""
        return sum(q.cached for q in self.queries)

    def format_text(self) -> str:
        """The printed report: queries, features and bytes per layer, what was written."""
        lines = [f"OpenStreetMap extract of {self.extract_date} (© OpenStreetMap contributors)"]
        for q in self.queries:
            how = "cache" if q.cached else "fetched"
            lines.append(f"  query {q.name:<10} {q.features:>7} elements  ({how})")
        lines.append(
            f"  {len(self.queries)} queries, {self.cache_hits} cache hit(s), "
            f"{len(self.queries) - self.cache_hits} fetched, {self.retried} retried"
        )
        lines.append(f"{'layer':<11} {'features':>8} {'bytes':>10}")
        for layer, count in self.layers.items():
            size = self.sizes.get(layer_file(layer), 0)
            lines.append(f"{layer:<11} {count:>8} {size:>10,}")
        total = sum(self.sizes.values())
        lines.append(f"{'total':<11} {sum(self.layers.values()):>8} {total:>10,}")
        m = self.manifest
        ref = m.get("reference_point", {})
        lines.append(
            f"manifest: title {m.get('title', '')!r}; reference point {ref.get('name', '')!r} "
            f"({ref.get('lat')}, {ref.get('lon')})"
            + (
                f"; river line {m['river_name']!r} ({len(m['river_line'])} features)"
                if m.get("river_name")
                else ""
            )
        )
        lines.append(f"wrote {len(self.written)} files to {self.out}")
        return "\n".join(lines)


def _dump(doc: Any) -> str:
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _collection(features: list[BaseFeature], source: str) -> bytes:
    """One feature per line, sorted by id: compact, diffable, deterministic."""
    body = ",\n".join(_dump(f.to_geojson(source)) for f in features)
    return ('{"features":[\n' + body + '\n],"type":"FeatureCollection"}\n').encode("utf-8")


def _existing(root: Path, limits: Limits) -> tuple[dict[str, Any] | None, Box | None]:
    path = root / "manifest.json"
    if not path.is_file():
        return None, None
    manifest, problems = load_manifest(path, limits)
    if manifest is None:
        raise ValidationError([p for p in problems if p.severity == "error"])
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8-sig"))
    return doc, manifest.bbox


def _outward(bounds: tuple[float, ...]) -> Box:
    """Bounds rounded outward to the 1e-7° grid."""
    a, b, c, d = (float(v) for v in bounds)
    step = 1e7
    return (
        math.floor(a * step) / step,
        math.floor(b * step) / step,
        math.ceil(c * step) / step,
        math.ceil(d * step) / step,
    )


def _check(files: dict[str, bytes], doc: dict[str, Any], limits: Limits) -> None:
    """Apply the data-set checks (manifest and every feature) before anything is written."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "manifest.json"
        path.write_bytes(files["manifest.json"])
        manifest, problems = load_manifest(path, limits)
    if manifest is None:
        raise ValidationError([p for p in problems if p.severity == "error"])
    raws = []
    for name, data in files.items():
        if name.endswith(".geojson"):
            result = read_geojson_document(json.loads(data), name)
            problems.extend(result.problems)
            raws.extend(result.features)
    build_table(raws, manifest, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationError(errors)


def _safe_set_name(root: Path) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", root.resolve().name).strip("-.")
    return (name or "basemap")[:100]


def build_basemap(
    out: str | Path,
    *,
    aoi: str | Box | None = None,
    place: str | None = None,
    cache: Path | None = None,
    refresh: bool = False,
    buildings: bool = False,
    overpass_url: str = DEFAULT_OVERPASS_URL,
    nominatim_url: str = DEFAULT_NOMINATIM_URL,
    centre: tuple[float, float] | None = None,
    river: str | None = None,
    title: str | None = None,
    force: bool = False,
    quiet: bool = False,
    limits: Limits = Limits(),
    sleep: Callable[[float], None] | None = None,
) -> BasemapReport:
    """Fetch OpenStreetMap base layers with OSMnx and add them to a data-set folder.

    Parameters
    ----------
    out : str or Path
        The data-set folder (``manifest.json`` is created when absent, else updated).
    aoi : str or tuple of float, optional
        ``MINLON,MINLAT,MAXLON,MAXLAT`` fetched (``osmnx.features_from_bbox``); default the
        bbox of ``out``'s manifest.
    place : str, optional
        A place name geocoded by Nominatim; its area is fetched (as
        ``osmnx.features_from_place`` does).
    cache : Path, optional
        OSMnx's cache folder; default ``<siversk-map cache>/osm``.
    refresh : bool
        Fetch again, ignoring cached answers.
    buildings : bool
        Also fetch buildings (simplified).
    overpass_url, nominatim_url : str
        API endpoints (``osmnx.settings``).
    centre : tuple of float, optional
        ``(lat, lon)`` of the reference point; default the largest place.
    river : str, optional
        The river (by name) forming the manifest's river line.
    title : str, optional
        The data set's title.
    force : bool
        Replace files siversk-map did not write.
    quiet : bool
        No progress bar.
    limits : Limits
        Caps applied when checking.
    sleep : callable, optional
        Replaces ``time.sleep`` between retries (tests).

    Returns
    -------
    BasemapReport

    Raises
    ------
    OverpassError
        When Overpass or Nominatim cannot be reached or answers badly (nothing written).
    BasemapOptionsError, ImportOptionsError
        On contradictory options, a river not found, an area outside the data set.
    ValidationError
        When the existing manifest is bad (or a written feature would not load).
    ExportError
        When a file in the way was not written by siversk-map (and not ``force``).
    """
    root = Path(out)
    if aoi is not None and place is not None:
        raise BasemapOptionsError("give --aoi or --place, not both")
    doc, bbox = _existing(root, limits)
    area: Box | None = parse_aoi(aoi) if aoi is not None else None
    if area is None and place is None:
        if bbox is None:
            raise BasemapOptionsError(f"{root} has no manifest.json: give --aoi or --place")
        area = bbox
    if area is not None and bbox is not None:
        a, b, c, d = bbox
        if area[0] < a or area[1] < b or area[2] > c or area[3] > d:
            raise BasemapOptionsError(
                f"area {list(area)} reaches outside the bbox {list(bbox)} of "
                f"{root / 'manifest.json'}: the base layers would not load"
            )
    ox = import_osmnx()
    empty = ox._errors.InsufficientResponseError
    groups: tuple[Group, ...] = (*GROUPS, BUILDINGS) if buildings else GROUPS
    report = BasemapReport(out=root)
    results: dict[str, Any] = {}
    dates: dict[str, str] = {}
    session = OSMSession(
        overpass_url=overpass_url,
        nominatim_url=nominatim_url,
        cache_dir=Path(cache) if cache else default_cache_dir() / "osm",
        refresh=refresh,
        sleep=sleep,
    )
    with session:
        polygon: Any
        if place is not None:
            before = session.network_answers
            with network_errors("Nominatim", nominatim_url):
                try:
                    found = session.call(ox.geocode_to_gdf, place)
                except empty:
                    raise BasemapOptionsError(f"Nominatim found no place named {place!r}") from None
                except TypeError:
                    raise BasemapOptionsError(
                        f"Nominatim has no area (polygon) for {place!r}: use --aoi"
                    ) from None
            polygon = found.geometry.iloc[0]
            report.queries.append(QueryResult("place", 1, session.network_answers == before, None))
            if bbox is not None:
                polygon = polygon.intersection(shapely.box(*bbox))
                if polygon.is_empty:
                    raise BasemapOptionsError(f"{place!r} lies outside the bbox {list(bbox)}")
            area = _outward(polygon.bounds)
        else:
            assert area is not None
            polygon = shapely.box(*area)
        box: Box = bbox or area
        for group in progress(groups, "OpenStreetMap", quiet=quiet):
            key = session.query_key(overpass_url, polygon.wkt, group.tags)
            before, stamps = session.network_answers, len(session.timestamps)
            with network_errors("Overpass", overpass_url):
                try:
                    if place is None:
                        gdf = session.call(ox.features_from_bbox, area, dict(group.tags))
                    else:
                        gdf = session.call(ox.features_from_polygon, polygon, dict(group.tags))
                except empty:
                    gdf = None
            fetched = session.timestamps[stamps:]
            date = min(fetched) if fetched else session.recorded_date(key)
            if fetched:
                dates[key] = min(fetched)
            results[group.name] = gdf
            count = 0 if gdf is None else len(gdf)
            cached = session.network_answers == before
            report.queries.append(QueryResult(group.name, count, cached, date))
        session.commit()
        session.record_dates(dates)
        report.retried = session.retried
    known = [q.extract_date for q in report.queries if q.extract_date]
    report.extract_date = min(known) if known else dt.datetime.now(dt.UTC).date().isoformat()
    source = f"OpenStreetMap contributors (ODbL), extract {report.extract_date}"
    layers = features_from_groups(results, box)
    manifest = update_manifest(
        doc,
        name=_safe_set_name(root),
        box=box,
        layers=layers,
        extract_date=report.extract_date,
        centre=centre,
        river=river,
        title=title,
        zoom=_fit_zoom(box),
    )
    files = {layer_file(layer): _collection(items, source) for layer, items in layers.items()}
    files["manifest.json"] = (
        json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    ).encode("utf-8")
    _check(files, manifest, limits)
    written = OutputFolder(root, force=force).write_all(files)
    report.layers = {layer: len(items) for layer, items in layers.items()}
    report.sizes = {name: len(data) for name, data in files.items()}
    report.manifest = manifest
    report.written = sorted(p.relative_to(root.resolve()).as_posix() for p in written)
    return report
