"""The command line, as a user runs it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import siversk_map

from .conftest import MINI, Run

# Subprocesses run in other folders: let them import the package under test.
PACKAGE_ROOT = str(Path(siversk_map.__file__).resolve().parents[1])


def test_validate_bundled_data_is_clean(run: Run) -> None:
    code, out, err = run("validate")
    assert code == 0, err
    assert out.startswith("ok:")
    assert re.search(r"\b\d+ dates \(\d{4}-\d\d-\d\d \.\. \d{4}-\d\d-\d\d\)", out), out


def test_dates_lists_one_line_per_date(run: Run) -> None:
    code, out, _ = run("dates", "--data", MINI)
    assert code == 0
    lines = out.strip().splitlines()
    assert [line.split()[0] for line in lines] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert "km²" in lines[0]


def test_changes_json_has_the_documented_keys(run: Run) -> None:
    code, out, _ = run("changes", "--data", MINI, "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {"date", "side", "area_km2", "gained_km2", "lost_km2", "net_km2"} <= set(rows[0])
    assert {r["date"] for r in rows} == {"2024-01-01", "2024-02-01", "2024-03-01"}


def test_changes_csv_and_range(run: Run) -> None:
    code, out, _ = run("changes", "--data", MINI, "--format", "csv", "--from", "2024-02-01")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("date,side,area_km2,gained_km2,lost_km2,net_km2")
    assert all(not line.startswith("2024-01-01") for line in lines[1:])


def test_changes_between_two_dates(run: Run) -> None:
    code, out, _ = run(
        "changes",
        "--data",
        MINI,
        "--from",
        "2024-01-01",
        "--to",
        "2024-03-01",
        "--between",
        "--format",
        "json",
    )
    rows = json.loads(out)
    assert code == 0
    assert {r["date"] for r in rows} == {"2024-03-01"}
    assert {r["since"] for r in rows} == {"2024-01-01"}


def test_bad_date_argument_is_a_usage_error(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        run("changes", "--from", "2024-02-30")
    assert exc.value.code == 2


def test_build_writes_pages_and_refuses_foreign_files(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "maps"
    code, _stdout, err = run("build", "--data", MINI, "--out", out)
    assert code == 0, err
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in (out / "dates").glob("*.html"))[:3] == [
        "2024-01-01.html",
        "2024-02-01.html",
        "2024-03-01.html",
    ]
    # Rebuilding over its own files is fine; a file edited by hand is not replaced.
    assert run("build", "--data", MINI, "--out", out)[0] == 0
    page = out / "dates" / "2024-01-01.html"
    page.write_text("my notes", encoding="utf-8")
    code, _, err = run("build", "--data", MINI, "--out", out)
    assert code == 2
    assert "--force" in err
    assert "2024-01-01.html" in err
    assert page.read_text(encoding="utf-8") == "my notes"
    assert run("build", "--data", MINI, "--out", out, "--force")[0] == 0
    assert page.read_text(encoding="utf-8") != "my notes"


def test_build_refuses_a_foreign_index_before_writing_anything(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "maps"
    out.mkdir()
    (out / "index.html").write_text("someone else's page", encoding="utf-8")
    code, _, err = run("build", "--data", MINI, "--out", out)
    assert code == 2
    assert "index.html" in err
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]


def test_build_is_deterministic_across_processes_and_folders(tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        work = tmp_path / f"cwd-{name}"
        work.mkdir()
        subprocess.run(
            [sys.executable, "-m", "siversk_map", "build", "--data", str(MINI), "--out", "site"],
            cwd=work,
            check=True,
            capture_output=True,
            env={
                **os.environ,
                "PYTHONHASHSEED": "1" if name == "a" else "2",
                "PYTHONPATH": PACKAGE_ROOT,
            },
        )
        outputs.append(
            {
                p.relative_to(work / "site"): p.read_bytes()
                for p in (work / "site").rglob("*")
                if p.is_file()
            }
        )
    assert outputs[0] == outputs[1]


def test_python_dash_m_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "siversk_map", "validate", "--data", str(MINI)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("ok:")


def test_bad_data_gives_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "manifest.json").write_text(
        (MINI / "manifest.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (bad / "x.geojson").write_text("[" * 100_000, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "siversk_map", "validate", "--data", str(bad)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "x.geojson" in result.stderr


def test_build_writes_the_timeline_alone_past_the_auto_limit(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from siversk_map import cli

    monkeypatch.setattr(cli, "AUTO_TIMELINE_DATES", 2)
    out = tmp_path / "maps"
    code, stdout, err = run("build", "--data", MINI, "--out", out, "--no-changes")
    assert code == 0, err
    assert "more than 2: writing the timeline page alone" in stdout
    assert not (out / "dates").exists() and (out / "index.html").is_file()
    code, stdout, err = run("build", "--data", MINI, "--out", out, "--pages", "all", "--force")
    assert code == 0, err
    assert "timeline page alone" not in stdout and (out / "dates").is_dir()
