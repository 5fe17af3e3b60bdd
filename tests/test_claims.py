"""The claim check: a hand-made data set whose answer is known, and the bundled 11 Dec claim."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from siversk_map import load_dataset
from siversk_map.claims import HELD_SHARE, ClaimCheck

from .conftest import MakeSet, Run, collection, feature


def _box(w: float, s: float, e: float, n: float) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}


# The claimed square: 38.10-38.12 E, 48.85-48.87 N.
CLAIM = _box(38.10, 48.85, 38.12, 48.87)


def _ru(day: str, east_of: float) -> dict[str, Any]:
    """Russian-held ground on ``day``: everything east of ``east_of`` (inside the mini bbox)."""
    return feature(f"{day}-ru", _box(east_of, 48.80, 38.20, 48.95), date=day, source_date=day)


def _claim_set(make_set: Callable[..., Path], steps: dict[str, float]) -> Path:
    files: dict[str, Any] = {
        f"dated/{day}.geojson": collection(_ru(day, east)) for day, east in steps.items()
    }
    claim = feature(
        "claim-1",
        CLAIM,
        status="claimed",
        date="2024-01-10",
        source_date="2024-01-10",
        source="A party",
        name="Claimed square",
    )
    path = "dated/2024-01-10.geojson"
    files.setdefault(path, collection())
    files[path]["features"].append(claim)
    return make_set(files)


def test_claim_comes_true_on_the_first_date_past_the_threshold(make_set: MakeSet) -> None:
    # The held edge moves west over the claimed square (38.10-38.12): on 01-10 none of it is
    # held, on 01-20 half, on 01-25 85 %, on 02-01 95 % (first past 90 %), on 02-10 all.
    root = _claim_set(
        make_set,
        {
            "2024-01-01": 38.15,
            "2024-01-10": 38.13,
            "2024-01-20": 38.11,
            "2024-01-25": 38.103,
            "2024-02-01": 38.101,
            "2024-02-10": 38.09,
        },
    )
    (check,) = load_dataset(root).claim_checks()
    assert isinstance(check, ClaimCheck)
    assert check.claim_id == "claim-1" and check.side == "ru" and check.source == "A party"
    assert check.claimed_on == dt.date(2024, 1, 10)
    assert check.share_on_claim == pytest.approx(0.0, abs=1e-6)
    assert check.held_on == dt.date(2024, 2, 1)
    assert check.days_ahead == 22
    assert check.held_share is not None and check.held_share == pytest.approx(0.95, abs=0.01)
    assert check.held_status == "assessed"
    assert check.share_on_last == pytest.approx(1.0)
    assert check.text == "claimed 10 Jan 2024; assessed as held 1 Feb 2024, 22 days later"
    with pytest.raises(AttributeError):
        check.held_on = None  # type: ignore[misc]  # frozen


def test_claim_never_held_reports_the_share_on_the_last_date(make_set: MakeSet) -> None:
    root = _claim_set(make_set, {"2024-01-10": 38.15, "2024-02-10": 38.11})
    (check,) = load_dataset(root).claim_checks()
    assert check.held_on is None and check.days_ahead is None and check.held_status is None
    assert check.last_date == dt.date(2024, 2, 10)
    assert check.share_on_last == pytest.approx(0.5, abs=0.01)
    assert check.text == (
        "claimed 10 Jan 2024; not held as of the last date, 10 Feb 2024 "
        "(50% of the claimed area held)"
    )


def test_claim_true_when_made_is_held_the_same_day(make_set: MakeSet) -> None:
    root = _claim_set(make_set, {"2024-01-01": 38.15, "2024-01-10": 38.05})
    (check,) = load_dataset(root).claim_checks()
    assert check.held_on == dt.date(2024, 1, 10) and check.days_ahead == 0
    assert check.text.endswith("assessed as held 10 Jan 2024, the same day")


def test_reported_control_is_named_reported_and_claims_never_hold_claims(make_set: MakeSet) -> None:
    files = {
        "dated/2024-01-10.geojson": collection(
            feature("c", CLAIM, status="claimed", date="2024-01-10", source_date="2024-01-10"),
            # A second, bigger claim over the first does not make it held.
            feature(
                "c2",
                _box(38.05, 48.82, 38.18, 48.9),
                status="claimed",
                date="2024-01-10",
                source_date="2024-01-10",
            ),
        ),
        "dated/2024-03-01.geojson": collection(
            feature(
                "r",
                _box(38.09, 48.80, 38.20, 48.95),
                status="reported",
                date="2024-03-01",
                source_date="2024-03-01",
            )
        ),
    }
    checks = {c.claim_id: c for c in load_dataset(make_set(files)).claim_checks()}
    assert checks["c"].held_on == dt.date(2024, 3, 1)
    assert checks["c"].held_status == "reported"
    assert checks["c"].text.endswith("reported as held 1 Mar 2024, 51 days later")
    assert checks["c2"].held_on is None  # 38.05-38.09 is never held


def test_a_set_without_claims_has_no_checks(make_set: MakeSet) -> None:
    root = make_set({"dated/2024-01-01.geojson": collection(_ru("2024-01-01", 38.1))})
    assert load_dataset(root).claim_checks() == ()


def test_changes_claims_in_every_format(make_set: MakeSet, run: Run) -> None:
    root = _claim_set(make_set, {"2024-01-10": 38.15, "2024-02-01": 38.09})
    code, out, _ = run("changes", "--data", root, "--claims", "--format", "json")
    assert code == 0
    (rec,) = json.loads(out)
    assert rec["claim_id"] == "claim-1" and rec["held_on"] == "2024-02-01"
    assert rec["days_ahead"] == 22 and rec["threshold"] == HELD_SHARE
    code, out, _ = run("changes", "--data", root, "--claims", "--format", "csv")
    assert code == 0
    head, row = out.strip().splitlines()
    assert head.startswith("claim_id,") and "2024-02-01" in row and ",22," in row
    code, out, _ = run("changes", "--data", root, "--claims")
    assert code == 0 and "assessed as held 1 Feb 2024, 22 days later" in out


def test_bundled_claim_of_11_december_2025() -> None:
    """The Kremlin's 11 Dec 2025 claim of full control: the city was held by 23-24 Dec."""
    ds = load_dataset()
    (check,) = [c for c in ds.claim_checks() if c.claimed_on == dt.date(2025, 12, 11)]
    assert check.side == "ru"
    assert check.share_on_claim < 0.6  # the city was far from fully held when claimed
    assert check.held_on is not None
    assert dt.date(2025, 12, 17) <= check.held_on <= dt.date(2025, 12, 24), check.text
    assert check.days_ahead is not None and 6 <= check.days_ahead <= 13
    assert check.held_status in ("assessed", "reported", "assessed/reported")


HOSTILE = "<img src=x onerror=window.__pwned=1></script><script>window.__pwned=2</script>"


def _hostile_claim_set(make_set: Callable[..., Path]) -> Path:
    files: dict[str, Any] = {
        "dated/2024-01-01.geojson": collection(_ru("2024-01-01", 38.15)),
        "dated/2024-01-10.geojson": collection(
            feature(
                "claim-x",
                CLAIM,
                status="claimed",
                date="2024-01-10",
                source_date="2024-01-10",
                name=f"Claimed square {HOSTILE}",
                source=f"A party {HOSTILE}",
            )
        ),
        "dated/2024-02-01.geojson": collection(_ru("2024-02-01", 38.09)),
    }
    return make_set(files)


def test_pages_show_the_check_escaped(make_set: MakeSet) -> None:
    from siversk_map.export.html import render_site
    from siversk_map.render.timeline import build_timeline_data

    ds = load_dataset(_hostile_claim_set(make_set))
    (check,) = ds.claim_checks()
    assert check.text == "claimed 10 Jan 2024; assessed as held 1 Feb 2024, 22 days later"
    data = build_timeline_data(ds)
    assert [c["text"] for c in data["claims"]] == [check.text]
    assert data["claims"][0]["held_on"] == "2024-02-01"
    site = render_site(ds)
    for name in ("index.html", "dates/2024-01-10.html", "dates/2024-02-01.html"):
        page = site[name].decode("utf-8")
        assert check.text in page, name
        assert "<img src=x" not in page and "<script>window.__pwned" not in page, name
    before = site["dates/2024-01-01.html"].decode("utf-8")
    assert check.text not in before  # a claim is shown from its own date on


def test_report_and_snapshot_carry_the_check(make_set: MakeSet) -> None:
    from siversk_map.export.report_summary import summary_pages
    from siversk_map.export.static import SnapshotStyle, render_snapshot

    ds = load_dataset(_hostile_claim_set(make_set))
    (check,) = ds.claim_checks()
    style = SnapshotStyle(width=800, height=600, dpi=80)
    texts = " ".join(t.get_text() for fig in summary_pages(ds, ds.dates, style) for t in fig.texts)
    assert check.text in texts.replace("\n", " ")
    fig = render_snapshot(ds, "2024-02-01", style=style)
    shown = " ".join(t.get_text() for t in fig.texts).replace("\n", " ").replace("    ", " ")
    assert "assessed as held 1 Feb" in " ".join(shown.split())


def test_changes_claims_filters_by_claim_date_and_refuses_between(
    make_set: MakeSet, run: Run
) -> None:
    root = _claim_set(make_set, {"2024-01-10": 38.15, "2024-02-01": 38.09})
    code, out, _ = run(
        "changes", "--data", root, "--claims", "--from", "2024-01-11", "--format", "json"
    )
    assert code == 0 and json.loads(out) == []
    code, out, _ = run(
        "changes", "--data", root, "--claims", "--to", "2024-01-10", "--format", "json"
    )
    assert code == 0 and [r["claim_id"] for r in json.loads(out)] == ["claim-1"]
    code, _, err = run(
        "changes",
        "--data",
        root,
        "--claims",
        "--between",
        "--from",
        "2024-01-10",
        "--to",
        "2024-02-01",
    )
    assert code == 2 and "--between" in err
