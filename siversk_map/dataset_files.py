"""Reading a data set's files: its ``manifest.json``, and its layer files under the caps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shapely

from .errors import Problem
from .io import Budget, RawFeature, read_json_strict, read_layer_file
from .model import SAFE_NAME, Limits, Manifest, ReferencePoint

__all__ = ["load_manifest", "read_files"]


def _number(value: Any) -> bool:
    """A JSON number that is a finite float (a 400-digit integer is not)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return -1e300 < value < 1e300


def load_manifest(path: Path, limits: Limits = Limits()) -> tuple[Manifest | None, list[Problem]]:
    """Read and check a data set's ``manifest.json``.

    Parameters
    ----------
    path : Path
        The manifest file.
    limits : Limits
        Caps on reading.

    Returns
    -------
    tuple
        ``(manifest, problems)``; the manifest is None when it has errors.
    """
    shown = path.name
    doc, problems = read_json_strict(path, shown, limits)
    if doc is None:
        return None, problems
    if not isinstance(doc, dict):
        return None, [Problem(shown, "", "the manifest must be a JSON object")]
    errors: list[str] = []
    name = doc.get("name")
    if not isinstance(name, str) or not SAFE_NAME.match(name):
        errors.append("'name' must be text of [A-Za-z0-9._-]")
    bbox = doc.get("bbox")
    if not (
        isinstance(bbox, list)
        and len(bbox) == 4
        and all(_number(v) for v in bbox)
        and -180 <= bbox[0] < bbox[2] <= 180
        and -90 <= bbox[1] < bbox[3] <= 90
    ):
        errors.append("'bbox' must be [min_lon, min_lat, max_lon, max_lat] in degrees")
        bbox = [0.0, 0.0, 0.0, 0.0]
    ref = doc.get("reference_point")
    if not (
        isinstance(ref, dict)
        and _number(ref.get("lon"))
        and _number(ref.get("lat"))
        and isinstance(ref.get("name", ""), str)
    ):
        errors.append("'reference_point' must be {'name', 'lon', 'lat'}")
        ref = {"name": "", "lon": 0.0, "lat": 0.0}
    view = doc.get("view", {})
    center = view.get("center") if isinstance(view, dict) else None
    if center is None:
        center = [(bbox[1] + bbox[3]) / 2, (bbox[0] + bbox[2]) / 2]
    if not (isinstance(center, list) and len(center) == 2 and all(_number(v) for v in center)):
        errors.append("'view.center' must be [lat, lon]")
        center = [0.0, 0.0]
    zoom = view.get("zoom", 12) if isinstance(view, dict) else 12
    if not isinstance(zoom, int) or isinstance(zoom, bool) or not 0 <= zoom <= 20:
        errors.append("'view.zoom' must be an integer 0..20")
        zoom = 12
    texts = {}
    for key in (
        "title",
        "attribution",
        "precision_note",
        "base_attribution",
        "base_extract_date",
        "river_name",
    ):
        value = doc.get(key, "")
        if not isinstance(value, str):
            errors.append(f"{key!r} must be text")
            value = ""
        texts[key] = value
    lists = {}
    for key in ("river_line", "facts"):
        value = doc.get(key, [])
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            errors.append(f"{key!r} must be a list of texts")
            value = []
        lists[key] = tuple(value)
    if errors:
        return None, [Problem(shown, "", reason) for reason in errors]
    manifest = Manifest(
        name=str(name),
        title=texts["title"] or str(name),
        bbox=(float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3])),
        reference_point=ReferencePoint(
            str(ref.get("name", "")), float(ref["lon"]), float(ref["lat"])
        ),
        river_line=lists["river_line"],
        center=(float(center[0]), float(center[1])),
        zoom=zoom,
        attribution=texts["attribution"],
        precision_note=texts["precision_note"],
        facts=lists["facts"],
        base_attribution=texts["base_attribution"],
        base_extract_date=texts["base_extract_date"],
        river_name=texts["river_name"],
    )
    a, b, c, d = manifest.bbox
    rp = manifest.reference_point
    if not (a <= rp.lon <= c and b <= rp.lat <= d):
        return None, [Problem(shown, "reference_point", "outside the data set's bbox")]
    return manifest, problems


def read_files(
    files: list[tuple[Path, str]], limits: Limits, problems: list[Problem]
) -> list[RawFeature]:
    """Read the layer files under the caps, counted while reading: a file is checked against
    what is left of the caps on bytes, features and positions before it is parsed, and
    reading stops at the first cap passed."""
    total = 0
    for file, _ in files:
        try:
            total += file.stat().st_size
        except OSError:
            continue  # reported when the file is read
    if total > limits.max_total_bytes:
        problems.append(
            Problem(
                "",
                "",
                f"layer files hold {total} bytes, over the cap of {limits.max_total_bytes} "
                "for one run: not read (Limits.max_total_bytes)",
            )
        )
        return []
    budget = Budget.of(limits)
    raws: list[RawFeature] = []
    for file, shown in files:
        result = read_layer_file(file, shown, limits, budget)
        problems.extend(result.problems)
        raws.extend(result.features)
        budget.features = limits.max_features - len(raws)
        budget.vertices -= sum(
            int(shapely.get_num_coordinates(r.geometry)) for r in result.features if r.geometry
        )
        if budget.features < 0 or budget.vertices < 0:
            break
    if len(raws) > limits.max_features:
        problems.append(
            Problem(
                "",
                "",
                f"{len(raws)} features, over the cap of {limits.max_features} "
                "(Limits.max_features)",
            )
        )
        return []
    vertices = limits.max_vertices - budget.vertices
    if vertices > limits.max_vertices:
        problems.append(
            Problem(
                "",
                "",
                f"{vertices} vertices, over the cap of {limits.max_vertices} (Limits.max_vertices)",
            )
        )
        return []
    return raws
