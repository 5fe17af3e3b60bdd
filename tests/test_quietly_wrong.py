"""Quietly wrong outcomes made loud: dates, manifests in the way, special files, schema rules."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from siversk_map import ValidationError, load_dataset
from siversk_map.importers import import_sources
from siversk_map.importers.base import date_from_name
from siversk_map.validate import parse_date

from .conftest import MINI, MakeSet, Run, collection, feature


def _bounded(call: Callable[[], Any], seconds: float = 60) -> Any:
    """Run ``call`` in a thread: reading a FIFO would block for ever, so a hang fails the test
    instead of stopping the suite. An exception is re-raised here."""
    outcome: list[tuple[bool, Any]] = []

    def target() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as exc:  # handed back to the test
            outcome.append((False, exc))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, "blocked: a FIFO was opened"
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


# Digits other than 0-9 that \d takes: full-width, Arabic-Indic, Devanagari, Bengali.
OTHER_DIGITS = st.sampled_from(["０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "০১২৩৪৫৬৭৮৯"])


@settings(max_examples=60, deadline=None)
@given(digits=OTHER_DIGITS, position=st.integers(0, 7))
def test_dates_take_ascii_digits_only(digits: str, position: int) -> None:
    ascii_date = "20241231"
    swapped = ascii_date[:position] + digits[int(ascii_date[position])] + ascii_date[position + 1 :]
    text = f"{swapped[:4]}-{swapped[4:6]}-{swapped[6:]}"
    with pytest.raises(ValueError, match="not an ISO date"):
        parse_date(text)
    with pytest.raises(ValueError, match="no date"):
        date_from_name(f"siversk_{text}.geojson")
    with pytest.raises(ValueError, match="no date"):
        date_from_name(f"deepstate_{swapped}.geojson")


@pytest.mark.parametrize("tail", ["\n", "\r\n", " ", "\t", "x"])
def test_dates_take_nothing_after_them(tail: str) -> None:
    with pytest.raises(ValueError, match="not an ISO date"):
        parse_date("2024-01-01" + tail)
    assert parse_date("2024-01-01").isoformat() == "2024-01-01"


def _set(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "layer.geojson").write_text(json.dumps(collection(feature())))
    return folder


@pytest.mark.parametrize("kind", ["broken link", "folder", "fifo"])
def test_a_manifest_that_is_not_a_file_is_an_error_not_the_bundled_one(
    tmp_path: Path, kind: str
) -> None:
    folder = _set(tmp_path)
    manifest = folder / "manifest.json"
    if kind == "broken link":
        manifest.symlink_to(folder / "nowhere.json")
        needle = "broken symbolic link"
    elif kind == "folder":
        manifest.mkdir()
        needle = "is a folder"
    else:
        os.mkfifo(manifest)
        needle = "is a FIFO"
    with pytest.raises(ValidationError, match=needle) as info:
        _bounded(lambda: load_dataset(folder))
    assert "manifest.json" in str(info.value)


def test_import_into_a_folder_whose_manifest_is_a_folder_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "deepstatemap_data_20251209.geojson"
    src.write_text(json.dumps(collection(feature())))
    out = tmp_path / "out"
    (out / "manifest.json").mkdir(parents=True)
    with pytest.raises(ValidationError, match="is a folder"):
        import_sources("deepstate-daily", [src], out)


@pytest.mark.parametrize(("maker", "word"), [("fifo", "FIFO"), ("devnull", "character device")])
def test_special_files_as_data_say_what_they_are(
    run: Run, tmp_path: Path, maker: str, word: str
) -> None:
    if maker == "fifo":
        path = tmp_path / "layer.geojson"
        os.mkfifo(path)
    else:
        path = Path(os.devnull)
    code, _, err = _bounded(lambda: run("validate", "--data", path))
    assert code == 2 and word in err and "no such file" not in err
    code, _, err = _bounded(lambda: run("import", "deepstate-daily", path, "--out", tmp_path / "o"))
    assert code == 2 and word in err and "no such file" not in err


# -- schema rules with a negative test each ----------------------------------------------------


def _load(make_set: MakeSet, name: str, item: dict[str, Any]) -> Any:
    return load_dataset(make_set({name: collection(item)}))


def test_valid_until_before_date_is_refused_and_after_is_kept(make_set: MakeSet) -> None:
    ok = _load(make_set, "a.geojson", feature(date="2024-01-01", valid_until="2024-01-05"))
    assert len(ok.table) == 1
    same = feature("s", date="2024-01-01", valid_until="2024-01-01")
    assert len(_load(make_set, "b.geojson", same).table) >= 1
    with pytest.raises(ValidationError, match="'valid_until' 2023-12-31 is before 'date'"):
        _load(make_set, "c.geojson", feature("c", date="2024-01-01", valid_until="2023-12-31"))


def test_date_differing_from_the_file_name_is_refused(make_set: MakeSet) -> None:
    ok = _load(make_set, "dated/2024-01-01.geojson", feature(date="2024-01-01"))
    assert len(ok.table) == 1
    with pytest.raises(ValidationError, match="differs from the file's date 2024-01-02"):
        _load(make_set, "dated/2024-01-02.geojson", feature("x", date="2024-01-01"))


def test_a_file_name_that_only_looks_like_a_date_sets_no_rule(make_set: MakeSet) -> None:
    # Full-width digits in a file name are no date: the feature's own date stands.
    ds = _load(make_set, "dated/２０２４-01-02.geojson", feature(date="2024-01-01"))
    assert len(ds.table) == 1


def test_manifest_numbers_checked_as_json_numbers(tmp_path: Path) -> None:
    folder = _set(tmp_path)
    doc = json.loads((MINI / "manifest.json").read_text())
    doc["reference_point"]["lon"] = 10**400
    doc["view"] = {"center": [10**400, 1], "zoom": 10**400}
    (folder / "manifest.json").write_text(json.dumps(doc))
    with pytest.raises(ValidationError) as info:
        load_dataset(folder)
    text = str(info.value)
    assert "reference_point" in text and "view.center" in text and "view.zoom" in text


def test_a_fifo_inside_a_data_folder_is_named_not_skipped_or_read(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "manifest.json").write_text((MINI / "manifest.json").read_text())
    (folder / "a.geojson").write_text(json.dumps(collection(feature())))
    os.mkfifo(folder / "b.geojson")  # reading it would block for ever
    code, _, err = _bounded(lambda: run("validate", "--data", folder))
    assert code == 2 and "b.geojson: is a FIFO" in err
    code, _, err = _bounded(
        lambda: run("import", "deepstate-daily", folder, "--out", tmp_path / "o")
    )
    assert code == 2 and "b.geojson: is a FIFO" in err


def test_a_broken_link_as_data_says_so(run: Run, tmp_path: Path) -> None:
    link = tmp_path / "layer.geojson"
    link.symlink_to(tmp_path / "gone.geojson")
    code, _, err = run("validate", "--data", link)
    assert code == 2 and "is a broken symbolic link" in err
