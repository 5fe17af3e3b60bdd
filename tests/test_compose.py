"""The state of every layer on a date."""

from __future__ import annotations

import datetime as dt

import pytest

from siversk_map import DataSet, load_dataset
from siversk_map.compose import compose_state

from .conftest import MINI, MakeSet, collection, feature


@pytest.fixture(scope="module")
def mini() -> DataSet:
    return load_dataset(MINI)


def test_dates_are_the_dates_in_the_data(mini: DataSet) -> None:
    assert [d.isoformat() for d in mini.dates] == ["2024-01-01", "2024-02-01", "2024-03-01"]


def test_state_before_the_first_date_has_only_base_layers(mini: DataSet) -> None:
    state = compose_state(mini.table, dt.date(2023, 12, 31))  # the API refuses such a date
    assert set(state.features["layer"]) == {"river", "settlement"}
    assert state.held == {}


def test_state_between_dates_is_the_latest_snapshot(mini: DataSet) -> None:
    state = mini.state("2024-02-15")
    control = state.layer("control")
    assert set(control["date"]) == {dt.date(2024, 2, 1)}
    assert set(state.held) == {"ru", "ua"}


def test_events_show_on_their_own_date_only(mini: DataSet) -> None:
    assert len(mini.state("2024-02-01").layer("event")) == 1
    assert len(mini.state("2024-03-01").layer("event")) == 0


def test_claims_are_kept_apart_and_never_count_as_control(mini: DataSet) -> None:
    state = mini.state("2024-03-01")
    claims = state.features[state.features["claim"]]
    assert list(claims["id"]) == ["claim"]
    assert "ru" in state.claimed
    # The claim does not replace the assessed ru zone of the same date.
    assessed = state.layer("control")
    assert {"2024-03-01-ru", "2024-03-01-ua", "claim"} <= set(assessed["id"])
    assert not state.held["ru"].contains(state.claimed["ru"])


def test_claim_does_not_replace_an_earlier_assessment(make_set: MakeSet) -> None:
    ds = load_dataset(
        make_set(
            {
                "a.geojson": collection(
                    feature("assessed", date="2024-01-01"),
                    feature(
                        "claimed", date="2024-02-01", status="claimed", source_date="2024-02-01"
                    ),
                )
            }
        )
    )
    state = ds.state("2024-02-01")
    assert set(state.layer("control")["id"]) == {"assessed", "claimed"}
    assert state.held["ru"].equals(ds.state("2024-01-01").held["ru"])


def test_valid_until_ends_a_snapshot(make_set: MakeSet) -> None:
    ds = load_dataset(
        make_set(
            {"a.geojson": collection(feature("f", date="2024-01-01", valid_until="2024-01-10"))}
        )
    )
    assert "ru" in ds.state("2024-01-10").held
    # The data's range ends on 2024-01-10, so the API refuses the 11th; composition drops it.
    assert "ru" not in compose_state(ds.table, dt.date(2024, 1, 11)).held


def test_changes_table_has_the_documented_columns(mini: DataSet) -> None:
    table = mini.changes()
    assert list(table.columns[:6]) == [
        "date",
        "side",
        "area_km2",
        "gained_km2",
        "lost_km2",
        "net_km2",
    ]
    ru = table[table["side"] == "ru"]
    assert list(ru["gained_km2"] > 0) == [False, True, True]
    between = mini.changes("2024-01-01", "2024-03-01", between=True)
    ru_between = between[between["side"] == "ru"].iloc[0]
    assert ru_between["gained_km2"] == pytest.approx(ru["gained_km2"].sum(), rel=1e-3)


def test_state_rows_are_where_its_features_sit_in_the_table(mini: DataSet) -> None:
    for day in mini.dates:
        st = mini.state(day)
        assert len(st.rows) == len(st.features)
        rows = mini.table.iloc[list(st.rows)]
        assert list(rows["id"]) == list(st.features["id"])
        assert list(rows.geometry) == list(st.features.geometry)
