"""Fuzzing: generated GeoJSON documents, valid and broken, never make a traceback.

Every outcome is either a loaded data set or a ValidationError whose problems each name a file
and a reason.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from siversk_map import ValidationError, load_dataset
from siversk_map.cli import main

from .conftest import MINI

numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-200, max_value=200),
    st.floats(min_value=38.0, max_value=38.2),
    st.integers(-1000, 1000),
)
junk = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=12)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
position = st.one_of(
    st.tuples(st.floats(38.0, 38.2), st.floats(48.8, 48.95)).map(list),
    st.lists(numbers, min_size=0, max_size=4),
    junk,
)
ring = st.one_of(st.lists(position, min_size=0, max_size=6), junk)


@st.composite
def geometries(draw: st.DrawFn) -> object:
    kind = draw(
        st.sampled_from(
            ["Point", "LineString", "Polygon", "MultiPolygon", "GeometryCollection", "Pointy", None]
        )
    )
    if kind == "Point":
        return {"type": kind, "coordinates": draw(position)}
    if kind == "LineString":
        return {"type": kind, "coordinates": draw(st.lists(position, max_size=5))}
    if kind == "Polygon":
        return {"type": kind, "coordinates": draw(st.lists(ring, max_size=2))}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": draw(st.lists(st.lists(ring, max_size=2), max_size=2))}
    if kind == "GeometryCollection":
        return {
            "type": kind,
            "geometries": draw(
                st.lists(st.just({"type": "Point", "coordinates": [38.1, 48.9]}), max_size=2)
            ),
        }
    return draw(junk)


@st.composite
def features(draw: st.DrawFn) -> object:
    props = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "layer": st.sampled_from(["control", "event", "river", "front_line", "bogus", 5]),
                "side": st.sampled_from(["ua", "ru", "contested", "x", None, 3]),
                "status": st.sampled_from(["assessed", "claimed", "reported", "rumour"]),
                "date": st.sampled_from(
                    ["2024-01-01", "2024-02-30", "2024-1-1", "2024-01-01T23:00-05:00", 7]
                ),
                "source_date": st.sampled_from(["2024-01-01", "bad"]),
                "source": st.one_of(st.text(max_size=20), st.integers()),
                "name": st.one_of(st.text(max_size=20), junk),
                "precision_m": st.one_of(numbers, st.text(max_size=3)),
            },
        )
    )
    feature = {
        "type": draw(st.sampled_from(["Feature", "Feature", "feature"])),
        "properties": props,
        "geometry": draw(geometries()),
    }
    if draw(st.booleans()):
        feature["id"] = draw(st.one_of(st.text(max_size=5), st.integers(0, 3), junk))
    return feature


documents = st.one_of(
    st.builds(
        lambda fs: {"type": "FeatureCollection", "features": fs}, st.lists(features(), max_size=5)
    ),
    features(),
    geometries(),
    junk,
)


def _write(root: Path, text: str) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(MINI / "manifest.json", root / "manifest.json")
    (root / "layer.geojson").write_text(text, encoding="utf-8")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(documents)
def test_generated_documents_load_or_fail_cleanly(tmp_path: Path, doc: object) -> None:
    root = tmp_path / "fuzz"
    _write(root, json.dumps(doc))
    problems = []
    try:
        load_dataset(root)
    except ValidationError as exc:
        problems = exc.problems
        assert problems, "a ValidationError always carries its problems"
    for problem in problems:
        assert problem.file
        assert problem.reason


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.text(max_size=200), st.integers(0, 3))
def test_arbitrary_text_never_tracebacks(tmp_path: Path, text: str, cut: int) -> None:
    base = json.dumps({"type": "FeatureCollection", "features": []})
    _write(tmp_path / "t", text if cut else base[: len(base) // 2] + text)
    code = main(["validate", "--quiet", "--data", str(tmp_path / "t")])
    assert code in (0, 2)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(features(), min_size=1, max_size=4))
def test_build_either_writes_or_leaves_the_folder_empty(tmp_path: Path, feats: list) -> None:
    root = tmp_path / "b"
    out = tmp_path / "out"
    if out.exists():
        shutil.rmtree(out)
    _write(root, json.dumps({"type": "FeatureCollection", "features": feats}))
    code = main(["build", "--quiet", "--data", str(root), "--out", str(out)])
    assert code in (0, 2)
    if code == 2:
        assert not out.exists() or not any(out.iterdir())


odd_value = st.one_of(
    st.floats(),  # NaN and infinities included
    st.integers(-(10**400), 10**400),
    st.booleans(),
    st.none(),
    st.text(max_size=3),
)
coordinate = st.one_of(st.floats(-180, 180), st.integers(-180, 180))
ragged = st.lists(
    st.one_of(
        st.lists(st.floats(-180, 180), min_size=2, max_size=3),
        st.lists(coordinate, min_size=2, max_size=3),
        st.lists(odd_value, min_size=0, max_size=4),
        odd_value,
    ),
    max_size=6,
)
# Regular lists (every position of one size, as the fast path wants), now and then with an odd
# value in them: the fast path must send those to the one-by-one checks.
regular = st.integers(2, 3).flatmap(
    lambda n: st.lists(
        st.lists(st.one_of(coordinate, coordinate, coordinate, odd_value), min_size=n, max_size=n),
        min_size=1,
        max_size=6,
    )
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(ragged, regular))
@example([[float("nan"), 1.0]])
@example([[10**400, 1]])
@example([[True, 1.0]])
@example([[1.0, 2.0], [1.0, 2.0, 3.0]])
@example([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
def test_fast_position_path_agrees_with_the_checks_one_by_one(node: list) -> None:
    """Lists of positions are checked whole when they look regular; the outcome is the same."""
    import numpy as np
    import pytest

    from siversk_map.io import geojson
    from siversk_map.io.strict_json import RejectError

    def outcome() -> tuple[str, object, bool]:
        try:
            coords, had_z = geojson._coords("MultiPoint", node)
        except RejectError as exc:
            return "rejected", str(exc), False
        return "ok", np.asarray(coords, dtype=float).reshape(-1, 2).tolist(), had_z

    fast = outcome()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(geojson, "_positions", lambda node: None)
        slow = outcome()
    assert fast == slow
