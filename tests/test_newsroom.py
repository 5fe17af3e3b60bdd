"""What a journalist on deadline hits: dates outside the data, missing extras, blank first rows."""

from __future__ import annotations

import datetime as dt
import importlib.util
from importlib.machinery import ModuleSpec
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from siversk_map import DataSet, load_dataset
from siversk_map.errors import DateRangeError, MissingExtraError
from siversk_map.extras import require_extra

from .conftest import (
    MINI,  # dates 2024-01-01, 2024-02-01, 2024-03-01
    Run,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@pytest.fixture(scope="module")
def mini() -> DataSet:
    return load_dataset(MINI)


def test_a_date_after_the_data_is_refused_by_the_api(mini: DataSet) -> None:
    with pytest.raises(
        DateRangeError, match=r"after the data's range \(2024-01-01 to 2024-03-01\)"
    ):
        mini.state("2030-01-01")
    with pytest.raises(DateRangeError, match="before the data's range"):
        mini.state("2023-12-31")


def test_the_latest_state_is_given_only_when_asked_for(mini: DataSet) -> None:
    state = mini.state("2030-01-01", latest=True)
    assert state.date == dt.date(2024, 3, 1)  # stamped with its real date
    assert mini.state("2024-02-15").date == dt.date(2024, 2, 15)  # inside the range: as asked


@pytest.mark.parametrize(
    "args",
    [
        ("snapshot", "2030-01-01"),
        ("animate", "--to", "2030-01-01", "--out", "a.gif"),
        ("report", "--from", "2030-01-01", "--out", "r.pdf"),
        ("changes", "--to", "2030-01-01"),
    ],
)
def test_every_command_refuses_a_date_after_the_data(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*args, "--data", MINI)
    assert code == 2, (out, err)
    assert "after the data's range (2024-01-01 to 2024-03-01)" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_reversed_range_is_refused(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (("changes",), ("report", "--out", "r.pdf")):
        code, _, err = run(*args, "--from", "2024-03-01", "--to", "2024-01-01", "--data", MINI)
        assert code == 2, err
        assert "2024-03-01" in err and "2024-01-01" in err and "later than" in err, err
        assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_snapshot_latest_draws_the_last_state_and_says_so(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "s.png"
    code, stdout, err = run(
        "snapshot", "2030-01-01", "--latest", "--data", MINI, "--out", out, "--size", "400x300"
    )
    assert code == 0, err
    assert "drawing the latest state, of 2024-03-01" in stdout
    assert out.read_bytes().startswith(b"\x89PNG")


def test_the_first_date_has_blank_changes_not_zero(run: Run) -> None:
    code, out, _ = run("changes", "--data", MINI, "--format", "csv")
    assert code == 0
    rows = [line.split(",") for line in out.strip().splitlines()]
    header, first = rows[0], rows[1]
    assert first[0] == "2024-01-01"
    for column in ("gained_km2", "lost_km2", "net_km2"):
        assert first[header.index(column)] == "", (column, first)
    later = [r for r in rows[1:] if r[0] == "2024-02-01"]
    assert later and all(r[header.index("gained_km2")] != "" for r in later)


def _without(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any, **kwargs: Any) -> ModuleSpec | None:
        return None if name == module else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def test_a_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    _without(monkeypatch, "imageio_ffmpeg")
    with pytest.raises(MissingExtraError, match=r"pip install 'siversk-map\[video\]'"):
        require_extra("video")


@pytest.mark.parametrize(
    ("module", "args", "extra"),
    [
        (
            "playwright",
            ("snapshot", "2024-02-01", "--renderer", "browser", "--out", "s.png"),
            "browser",
        ),
        ("imageio_ffmpeg", ("animate", "--out", "a.mp4"), "video"),
    ],
)
def test_commands_name_the_missing_extra_before_any_work(
    run: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: str,
    args: tuple[str, ...],
    extra: str,
) -> None:
    import siversk_map.export.snapshot as snapshot

    def no_frames(*_a: object, **_k: object) -> NoReturn:
        raise AssertionError("rendered before checking the extra")

    monkeypatch.setattr(snapshot, "render_snapshot", no_frames)
    _without(monkeypatch, module)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*args, "--data", MINI)
    assert code == 2, err
    assert f"siversk-map[{extra}]" in err and "Traceback" not in err
    assert not any(Path(tmp_path).iterdir())


def test_raw_archives_given_as_data_name_the_importer(run: Run, tmp_path: Path) -> None:
    import json

    raw = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Окуповано /// Occupied /// geoJSON.status.occupied"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[38, 48.8], [38.1, 48.8], [38.1, 48.9], [38, 48.8]]],
                },
            }
        ]
        * 40,
    }
    daily = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[[[38, 48.8], [38.1, 48.8], [38.1, 48.9], [38, 48.8]]]],
                },
            }
        ],
    }
    (tmp_path / "raw.geojson").write_text(json.dumps(raw), encoding="utf-8")
    (tmp_path / "daily.geojson").write_text(json.dumps(daily), encoding="utf-8")
    code, _, err = run(
        "validate", "--data", tmp_path / "raw.geojson", "--data", tmp_path / "daily.geojson"
    )
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 3, err  # one line per file and the count, not one per feature
    assert "siversk-map import deepstate-raw raw.geojson" in err
    assert "siversk-map import deepstate-daily daily.geojson" in err


def _frame_lonlat(fig: Figure, ds: DataSet) -> tuple[float, float, float, float]:
    """The first map's frame, in lon/lat."""
    import geopandas as gpd
    import shapely

    from siversk_map.export.static_draw import _draw_crs

    crs = _draw_crs(ds)

    ax = next(a for a in fig.axes if a.get_aspect() == 1.0)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    corners = gpd.GeoSeries([shapely.Point(x0, y0), shapely.Point(x1, y1)], crs=crs)
    a, b = corners.to_crs("OGC:CRS84")
    return a.x, a.y, b.x, b.y


@pytest.mark.parametrize(
    "framing_kw",
    [
        {"bbox": (38.05, 48.84, 38.14, 48.89)},
        {"frame": "area"},
        {"centre": (48.86, 38.1), "zoom": 14},
    ],
)
def test_a_frame_holds_what_was_asked_for(framing_kw: dict[str, Any]) -> None:
    import matplotlib.pyplot as plt

    from siversk_map.export.static import Framing, SnapshotStyle, render_snapshot

    ds = load_dataset()
    framing = Framing(**framing_kw, title="My own title")
    fig = render_snapshot(ds, ds.dates[-1], style=SnapshotStyle(800, 600, 80, framing=framing))
    try:
        w, s, e, n = _frame_lonlat(fig, ds)
        assert "My own title" in [t.get_text() for t in fig.texts]
        if "bbox" in framing_kw or framing_kw.get("frame") == "area":
            bw, bs, be, bn = framing_kw.get("bbox") or ds.manifest.bbox
            assert w <= bw + 1e-3 and s <= bs + 1e-3 and e >= be - 1e-3 and n >= bn - 1e-3
            # ...and not much more than it on its tighter axis
            assert min((e - w) / (be - bw), (n - s) / (bn - bs)) < 1.2
        else:
            assert w < 38.1 < e and s < 48.86 < n
            assert e - w < 0.1  # zoom 14 is a street-level frame, a few km wide
    finally:
        plt.close(fig)


@pytest.mark.parametrize(
    "args",
    [
        ("--bbox", "38.2,48.8,38.1,48.9"),
        ("--bbox", "nan,48.8,38.1,48.9"),
        ("--bbox", "1,2,3"),
        ("--centre", "95,38"),
        ("--zoom", "40"),
        ("--frame", "everything"),
    ],
)
def test_bad_framing_is_refused(
    run: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
) -> None:
    monkeypatch.chdir(tmp_path)
    code: int | str | None
    try:
        code, _, err = run("snapshot", "2024-02-01", "--data", MINI, *args)
    except SystemExit as exc:  # argparse refuses the option's form itself
        code, err = exc.code, capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    assert list(tmp_path.iterdir()) == []


def test_an_advance_along_the_area_edge_is_flagged_in_the_report_and_the_map() -> None:
    import matplotlib.pyplot as plt

    from siversk_map.export.advance import on_area_edge
    from siversk_map.export.report_summary import summary_pages
    from siversk_map.export.static import SnapshotStyle, figure_lines

    ds = load_dataset()
    held = [d for d in ds.dates if ds.state(d).held]
    adv = ds.advance(held[0], held[-1])
    # The whole period's deepest advance runs along the box's southern edge (both ends on it).
    assert adv is not None and on_area_edge(adv, ds.manifest.bbox)
    pages = summary_pages(ds, held, SnapshotStyle())
    try:
        text = "\n".join(t.get_text() for t in pages[0].texts)
    finally:
        for page in pages:
            plt.close(page)
    flat = " ".join(text.split())
    assert "left out" in flat and "artefact of the box" in flat
    assert f"{adv.distance_km:.1f} km (head" not in flat  # never given as an advance
    assert "toward Siversk" in flat  # what the measured line's figure measures
    day, before = dt.date(2023, 1, 15), dt.date(2022, 12, 1)
    lines = " ".join(figure_lines(ds, ds.state(day), ds.state(before)))
    assert "artefact of the box" in lines
    inside = " ".join(figure_lines(ds, ds.state("2025-12-16"), ds.state("2025-12-14")))
    assert "farthest new Russian-held point" in inside
