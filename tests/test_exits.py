"""Every command ends through one path (siversk_map.exits); diagnostics only with -v."""

from __future__ import annotations

from pathlib import Path

import pytest

from siversk_map.cli import main
from siversk_map.errors import ExportError, Problem, ValidationError
from siversk_map.exits import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, exit_code


def test_quiet_by_default_verbose_with_v(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dates"]) == 0
    assert "INFO" not in capsys.readouterr().err
    assert main(["dates", "-v"]) == 0
    err = capsys.readouterr().err
    assert "INFO siversk_map.cli: dates: started" in err
    assert "dates: exit 0 after" in err
    assert main(["-v", "dates"]) == 0
    assert "dates: started" in capsys.readouterr().err


def test_exit_codes_and_messages(capsys: pytest.CaptureFixture[str]) -> None:
    bad = ValidationError([Problem("a.geojson", "feature 3", "no date")])
    assert exit_code(bad) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "a.geojson" in err and err.rstrip().endswith("1 problem(s) found")
    assert exit_code(bad, nothing_written=True) == EXIT_BAD_INPUT
    assert capsys.readouterr().err.rstrip().endswith("1 problem(s) found; nothing written")
    assert exit_code(ExportError("out: refused")) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == "error: out: refused\n"
    assert exit_code(KeyboardInterrupt()) == EXIT_INTERRUPTED
    assert exit_code(RuntimeError("boom")) == EXIT_INTERNAL
    assert "internal error (a bug in siversk-map" in capsys.readouterr().err


def test_import_errors_end_as_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing-here.geojson"
    out = tmp_path / "out"
    assert main(["import", "isw", str(missing), "--out", str(out)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert str(missing) in err and "problem(s) found; nothing written" in err
    assert not out.exists()
