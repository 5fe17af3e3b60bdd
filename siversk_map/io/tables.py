"""Tables: the layers of a GeoPackage or a GeoParquet file into raw features."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from ..errors import Problem
from ..model import Limits
from .features import Budget, RawFeature, ReadResult, exception_text, normalise_text
from .strict_json import read_regular_file

__all__ = ["read_table"]


def read_table(path: Path, shown: str, limits: Limits, budget: Budget) -> ReadResult:
    """Read every layer of a GeoPackage, or a GeoParquet file.

    Any exception of the libraries underneath (pyogrio, GDAL, pyarrow, pyproj, GEOS) becomes a
    problem naming the file: a table can be malformed in more ways than can be listed.
    """
    result = ReadResult()
    data, problems = read_regular_file(path, shown, limits.max_file_bytes)
    if data is None:
        result.problems.extend(problems)
        return result
    del data
    try:
        _read_table_layers(path, shown, budget, result)
    except Exception as exc:  # every library error becomes a problem naming the file
        result.features.clear()
        result.problems.append(Problem(shown, "", f"cannot read table: {exception_text(exc)}"))
    return result


def _table_frames(path: Path, budget: Budget) -> Iterator[tuple[str, Any]]:
    """``(layer name, GeoDataFrame or DataFrame)`` per layer, each refused past the features
    cap from its metadata before it is read."""
    import geopandas as gpd
    import pyogrio

    if path.suffix.lower() == ".gpkg":
        for name, _ in pyogrio.list_layers(path):
            count = pyogrio.read_info(path, layer=name).get("features", 0)
            if count is not None and count > budget.features:
                raise ValueError(
                    f"layer {name!r} has {count} features, over what is left of the cap "
                    f"({budget.features})"
                )
            yield str(name), gpd.read_file(path, layer=name)
    else:
        import pyarrow.parquet as pq

        rows = pq.ParquetFile(path).metadata.num_rows
        if rows > budget.features:
            raise ValueError(
                f"{rows} rows, over what is left of the cap on features ({budget.features})"
            )
        yield "", gpd.read_parquet(path)


def _read_table_layers(path: Path, shown: str, budget: Budget, result: ReadResult) -> None:
    import geopandas as gpd

    for layer_name, frame in _table_frames(path, budget):
        label = f"{shown}:{layer_name}" if layer_name else shown
        if not isinstance(frame, gpd.GeoDataFrame) or frame.active_geometry_name is None:
            result.problems.append(Problem(label, "", "a table without a geometry column"))
            continue
        if frame.crs is not None and not frame.crs.equals("OGC:CRS84", ignore_axis_order=True):
            result.problems.append(
                Problem(
                    label, "crs", f"CRS {frame.crs.to_string()}: reprojected to WGS84", "warning"
                )
            )
            frame = frame.to_crs("OGC:CRS84")
        vertices = int(shapely.get_num_coordinates(frame.geometry.values).sum())
        if vertices > budget.vertices:
            result.problems.append(
                Problem(
                    label,
                    "",
                    f"{vertices} positions, over what is left of the cap on vertices "
                    f"({budget.vertices})",
                )
            )
            continue
        _read_table_rows(frame, label, result)


def _table_value(value: Any) -> Any:
    """A table cell as a JSON-like value; None for a missing one."""
    import pandas as pd

    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.ndarray):
        return [_table_value(v) for v in value.tolist()]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return normalise_text(value)


def _read_table_rows(frame: Any, label: str, result: ReadResult) -> None:
    columns = [c for c in frame.columns if c != frame.geometry.name]
    for index, row in enumerate(frame.itertuples(index=False)):
        values = dict(zip(frame.columns, row, strict=True))
        props: dict[str, Any] = {}
        for column in columns:
            value = _table_value(values[column])
            if value is not None:
                props[normalise_text(str(column))] = value
        fid = props.get("id")
        geom = values[frame.geometry.name]
        raw = RawFeature(label, index, fid, props, None)
        if geom is None:
            result.problems.append(
                Problem(label, raw.where, "null geometry: feature skipped", "warning")
            )
            continue
        if not isinstance(geom, BaseGeometry):
            result.problems.append(Problem(label, raw.where, "geometry is not a shape"))
            continue
        if shapely.has_z(geom):
            geom = shapely.force_2d(geom)
            result.problems.append(
                Problem(label, raw.where, "3-D coordinates: Z dropped", "warning")
            )
        if geom.is_empty:
            result.problems.append(
                Problem(label, raw.where, "empty geometry: feature dropped", "warning")
            )
            continue
        if not np.isfinite(shapely.get_coordinates(geom)).all():
            # Checked here, not left to GEOS: an area check compares NaN as always false.
            result.problems.append(Problem(label, raw.where, "coordinate is not finite"))
            continue
        raw.geometry = geom
        result.features.append(raw)
