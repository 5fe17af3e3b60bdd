"""The line between measuring and drawing: outputs read figures, only the analysis stage measures.

Walks the AST of every module under ``siversk_map/render/`` and ``siversk_map/export/`` and fails
on any import of the measurement code: ``siversk_map.measure`` or an engine module of
``siversk_map.analysis`` (``geodesy``, ``change``, ``advance``, ``encoded``). They may import
``siversk_map.analysis`` itself (the stage and its figure types).
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from siversk_map import load_dataset
from siversk_map.analysis.geodesy import DENSIFY_DEG, GEOD, area_km2, forget_areas
from siversk_map.compose import polygons_only

PACKAGE = Path(__file__).resolve().parents[1] / "siversk_map"
ENGINE = {
    "siversk_map.measure",
    "siversk_map.analysis.geodesy",
    "siversk_map.analysis.change",
    "siversk_map.analysis.advance",
    "siversk_map.analysis.encoded",
}


def _imports(path: Path) -> list[str]:
    """Every module a file imports (relative imports resolved), and every imported name."""
    package = "siversk_map." + ".".join(path.relative_to(PACKAGE).parent.parts)
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append(module)
            found += [f"{module}.{alias.name}" for alias in node.names]
    return found


def _outputs() -> list[Path]:
    return sorted([*PACKAGE.glob("render/**/*.py"), *PACKAGE.glob("export/**/*.py")])


@pytest.mark.parametrize("path", _outputs(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_output_module_imports_the_measurement_code(path: Path) -> None:
    bad = [name for name in _imports(path) if name in ENGINE]
    assert not bad, f"{path.relative_to(PACKAGE)} imports the measurement code: {bad}"


def test_the_check_sees_relative_and_absolute_imports(tmp_path: Path) -> None:
    probe = PACKAGE / "render" / "_probe_for_test.py"
    probe.write_text(
        "from ..measure import area_km2\nfrom ..analysis import geodesy\n"
        "import siversk_map.analysis.advance\n",
        encoding="utf-8",
    )
    try:
        names = set(_imports(probe))
    finally:
        probe.unlink()
    assert {
        "siversk_map.measure",
        "siversk_map.analysis.geodesy",
        "siversk_map.analysis.advance",
    } <= names


def test_figures_are_computed_once_and_agree_with_the_dataset_api() -> None:
    ds = load_dataset()
    an = ds.analysis
    last, before = ds.dates[-1], ds.dates[-2]
    assert an.figures(last) is an.figures(last)
    assert an.changes(before, last) is an.changes(before, last)
    assert dict(an.figures(last).areas_km2) == ds.held_area_km2(last)
    assert an.front(last).as_dict() == ds.front_distances(last)
    ru = ds.change("ru", before, last)
    assert ru is next(ch for ch in an.changes(before, last) if ch.side == "ru")
    assert ds.advance(before, last) is an.advance(before, last)
    with pytest.raises(AttributeError):
        an.figures(last).date = dt.date(2000, 1, 1)  # type: ignore[misc]


def _equal_area_whole(geom: shapely.Geometry) -> float:
    """The engine's measure done another way: the densified whole projected at once, shapely's
    planar area there."""
    poly = polygons_only(geom)
    if poly.is_empty:
        return 0.0
    total = 0.0
    for part in shapely.get_parts(shapely.orient_polygons(poly)):
        minx, miny, maxx, maxy = part.bounds
        lon, lat = round((minx + maxx) / 2), round((miny + maxy) / 2)
        laea = Transformer.from_crs(
            "OGC:CRS84", f"+proj=laea +lat_0={lat} +lon_0={lon} +ellps=WGS84", always_xy=True
        )
        for piece in shapely.get_parts(shapely.segmentize(part, DENSIFY_DEG)):
            xy = shapely.get_coordinates(piece)
            projected = shapely.set_coordinates(
                shapely.from_wkb(piece.wkb), np.column_stack(laea.transform(xy[:, 0], xy[:, 1]))
            )
            total += float(projected.area)
    return total / 1e6


def _geodesic(geom: shapely.Geometry) -> float:
    """pyproj.Geod's area of the densified polygons (its edges geodesics 0.001° long), km²."""
    dense = shapely.segmentize(shapely.orient_polygons(polygons_only(geom)), DENSIFY_DEG)
    return sum(abs(GEOD.geometry_area_perimeter(p)[0]) for p in shapely.get_parts(dense)) / 1e6


def _measured_geometries() -> list[shapely.Geometry]:
    ds = load_dataset()
    # Densifying splits this self-touching polygon in two (a lost part on 2022-12-01).
    odd = shapely.from_wkt(
        "POLYGON ((38.225 48.772, 38.225 48.739, 38.228 48.745, 38.232 48.76, 38.24 48.78, "
        "38.245 48.79, 38.254 48.805, 38.248 48.795, 38.24 48.785, 38.225 48.772))"
    )
    geoms = [odd, shapely.MultiPolygon([odd, shapely.box(38.3, 48.8, 38.4, 48.9)])]
    for day in ds.dates[::7]:
        geoms += list(ds.state(day).held.values())
        before = ds.previous_date(day)
        if before is not None:
            geoms += [ch.lost for ch in ds.analysis.changes(before, day)]
    return geoms


def test_cached_areas_equal_the_uncached_measure_to_the_last_bit() -> None:
    """Areas measured after others (polygons and edges from the caches) are the same to the
    last bit as measured from nothing, and as shapely's area of the whole to 1e-10."""
    geoms = _measured_geometries()
    warm = [area_km2(geom) for geom in geoms]
    for geom, measured in zip(geoms, warm, strict=True):
        forget_areas()
        assert area_km2(geom) == measured
        assert area_km2(geom) == measured  # from the cache
        assert measured == pytest.approx(_equal_area_whole(geom), rel=1e-10, abs=1e-9)


def test_equal_area_measure_is_the_geodesic_area() -> None:
    """The equal-area projection gives pyproj.Geod's area of the densified polygon."""
    for geom in _measured_geometries():
        geodesic = _geodesic(geom)
        assert area_km2(geom) == pytest.approx(geodesic, rel=5e-9, abs=1e-8)
    # Oblast-sized zones, one far from the projection's centre: still parts in 10^9.
    for big in (shapely.box(36.0, 47.0, 39.0, 49.5), shapely.box(31.0, 44.0, 41.0, 53.0)):
        assert area_km2(big) == pytest.approx(_geodesic(big), rel=5e-9)


def test_no_python_module_passes_500_lines() -> None:
    """Issue 13: modules with one job each, none over 500 lines."""
    package = Path(__file__).resolve().parents[1] / "siversk_map"
    long = {
        str(path.relative_to(package)): n
        for path in sorted(package.rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
