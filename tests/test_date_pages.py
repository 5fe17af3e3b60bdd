"""The per-date pages: the same bytes from a pool of processes as from one, and data written as
text (never read as a template)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from siversk_map import load_dataset
from siversk_map.export.date_pages import PARALLEL_MIN_DATES, pool_size, render_date_pages

from .fresh_process import run_pool_check

DATA = Path(__file__).resolve().parents[1] / "data" / "geojson"


_POOL_CHECK = """
import sys
from siversk_map import load_dataset
from siversk_map.export.date_pages import pool_size, render_date_pages

ds = load_dataset()
assert pool_size(2, len(ds.dates)) == 2, "no pool here"
calls = []
pooled = render_date_pages(ds, jobs=2, progress=calls.append)
alone = render_date_pages(load_dataset(), jobs=1)
assert pooled.keys() == alone.keys()
assert all(pooled[name] == alone[name] for name in alone), "pages differ"
assert calls == [day.isoformat() for day in ds.dates], "progress out of order"
print("same", len(alone))
"""


def test_a_pool_writes_the_same_pages_as_one_process() -> None:
    """In a fresh process (the test runner may hold threads, and then no worker is forked)."""
    run_pool_check(_POOL_CHECK, "the pages are rendered")


def test_pool_size() -> None:
    assert pool_size(1, 500) == 1
    assert pool_size(None, PARALLEL_MIN_DATES - 1) == 1
    assert pool_size(3, 9) <= 3
    with pytest.raises(ValueError, match="at least 1"):
        pool_size(0, 100)


def test_template_syntax_in_the_data_is_written_as_text(tmp_path: Path) -> None:
    """folium's elements compile what they render as a Jinja template once more: a name with
    ``{{ 7*7 }}`` was written as ``49`` and ``{% raw %}`` broke the build. Written as text."""
    root = shutil.copytree(DATA, tmp_path / "data")
    name = "Zone {{ 7*7 }} {% raw %} {# note #}"
    changed = 0
    for path in sorted((root / "dated").rglob("*.geojson")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for feature in doc["features"]:
            if feature["properties"].get("layer") == "control":
                feature["properties"]["name"] = name
                changed += 1
        path.write_text(json.dumps(doc), encoding="utf-8")
    assert changed
    ds = load_dataset(root)
    pages = render_date_pages(ds, jobs=1)
    page = pages[f"dates/{ds.dates[-1].isoformat()}.html"].decode("utf-8")
    assert json.dumps(name)[1:-1] in page
    assert "Zone 49" not in page


def test_build_takes_a_number_of_jobs(
    run: Callable[..., tuple[int, str, str]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    code, out, _ = run("build", "--out", str(tmp_path / "one"), "--jobs", "1", "--quiet")
    assert code == 0, out
    with pytest.raises(SystemExit) as exc:
        run("build", "--out", str(tmp_path / "none"), "--jobs", "0")
    assert exc.value.code == 2 and "--jobs" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()
