"""The bundled data set against the reference archives, date by date, where the story is.

Targets (issue 12): from July 2025 on, IoU >= 0.85 of Russian-held ground inside the 8 km disc
round the centre; in December 2025 the Russian-held share of the OSM city boundary within 5
percentage points of DeepState's; on every date the front's distance to the centre within 300 m
of the reference's; on every date the Russian-held area of the whole box within 3 %.
The references and figures are computed by ``data/authoring/accuracy.py``.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "accuracy", ROOT / "data" / "authoring" / "accuracy.py"
)
assert _spec is not None and _spec.loader is not None
accuracy = importlib.util.module_from_spec(_spec)
sys.modules["accuracy"] = accuracy  # dataclasses look their module up there
_spec.loader.exec_module(accuracy)

REAL = accuracy.real_data_dir()
pytestmark = pytest.mark.skipif(
    REAL is None, reason="the real reference data (../shared/data/real/) is missing"
)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    assert REAL is not None
    measured: list[dict[str, Any]] = accuracy.measure_dataset(REAL)
    return measured


def test_enough_dates_from_july_2022_to_august_2026(rows: list[dict[str, Any]]) -> None:
    dates = [r["date"] for r in rows]
    assert len(dates) >= 30
    assert dates[0] <= dt.date(2022, 7, 31)
    assert dates[-1] >= dt.date(2026, 8, 1)


def test_iou_in_the_disc_from_july_2025(rows: list[dict[str, Any]]) -> None:
    bad = [
        f"{r['date']}: IoU {r['iou']:.3f} "
        f"(over {r['over_km2']:.1f} km², under {r['under_km2']:.1f} km²)"
        for r in rows
        if r["date"] >= dt.date(2025, 7, 1) and r["iou"] < 0.85
    ]
    assert not bad, "IoU below 0.85 inside the 8 km disc:\n" + "\n".join(bad)


def test_city_share_in_december_2025(rows: list[dict[str, Any]]) -> None:
    bad = [
        f"{r['date']}: {100 * r['city_ru']:.1f} % Russian-held, "
        f"reference {100 * r['ref_city_ru']:.1f} %"
        for r in rows
        if dt.date(2025, 12, 1) <= r["date"] <= dt.date(2025, 12, 31)
        and abs(r["city_ru"] - r["ref_city_ru"]) > 0.05
    ]
    assert not bad, "city share off by more than 5 points:\n" + "\n".join(bad)


def test_front_to_centre_within_300_m(rows: list[dict[str, Any]]) -> None:
    bad = [
        f"{r['date']}: {r['front_km']} km, reference {r['ref_front_km']} km"
        for r in rows
        if r["front_err_km"] is None or abs(r["front_err_km"]) > 0.3
    ]
    assert not bad, "front-to-centre distance off by more than 300 m:\n" + "\n".join(bad)


def test_box_area_within_3_percent(rows: list[dict[str, Any]]) -> None:
    bad = [
        f"{r['date']}: {r['box_km2']:.0f} km², reference {r['ref_box_km2']:.0f} km²"
        for r in rows
        if abs(r["box_km2"] - r["ref_box_km2"]) > 0.03 * r["ref_box_km2"]
    ]
    assert not bad, "Russian-held area of the box off by more than 3 %:\n" + "\n".join(bad)


def test_table_in_the_readme_is_current(rows: list[dict[str, Any]]) -> None:
    readme = (ROOT / "data" / "geojson" / "README.md").read_text(encoding="utf-8")
    assert accuracy.table_markdown(rows) in readme, (
        "data/geojson/README.md's accuracy table is stale: run "
        "python data/authoring/accuracy.py --write-readme"
    )
