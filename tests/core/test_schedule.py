"""Staggered release times: per day, in order, never in the past."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from symposia.core.schedule import apply_order, release_times, staggered_release
from symposia.errors import InputError

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_eight_a_day_an_hour_apart():
    ts = release_times(20, START, 8, now=NOW)
    assert len(ts) == 20
    assert ts[0] == START
    assert ts[7] == datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
    assert ts[8] == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    assert ts[19] == datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_given_times_of_day_and_a_late_start_skip_passed_slots():
    start = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    ts = release_times(4, start, 3, times=[time(9), time(12), time(15)], now=NOW)
    assert ts == [
        datetime(2026, 12, 1, 12, tzinfo=UTC),
        datetime(2026, 12, 1, 15, tzinfo=UTC),
        datetime(2026, 12, 2, 9, tzinfo=UTC),
        datetime(2026, 12, 2, 12, tzinfo=UTC),
    ]


def test_start_after_the_last_time_of_day_begins_next_day():
    start = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    ts = release_times(1, start, 2, times=[time(9), time(12)], now=NOW)
    assert ts == [datetime(2026, 12, 2, 9, tzinfo=UTC)]


def test_wall_clock_is_kept_across_daylight_saving():
    oslo = ZoneInfo("Europe/Oslo")
    start = datetime(2026, 10, 24, 9, 0, tzinfo=oslo)  # DST ends on 25 October
    ts = release_times(3, start, 1, now=datetime(2026, 10, 1, tzinfo=oslo))
    assert [t.hour for t in ts] == [9, 9, 9]
    # The night the clocks go back is 25 hours long.
    assert ts[1].astimezone(UTC) - ts[0].astimezone(UTC) == timedelta(hours=25)
    assert ts[2].astimezone(UTC) - ts[1].astimezone(UTC) == timedelta(hours=24)


def test_start_in_the_past_is_refused():
    with pytest.raises(InputError, match="in the past"):
        release_times(3, NOW - timedelta(minutes=1), 8, now=NOW)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"per_day": 0}, "at least 1"),
        ({"per_day": 2, "times": [time(9)]}, "1 times of day were given for 2"),
        ({"per_day": 2, "times": [time(12), time(9)]}, "ascending"),
        ({"per_day": 30}, "past midnight"),
        ({"per_day": 2, "spacing": timedelta(0)}, "positive"),
    ],
)
def test_bad_parameters_say_how_to_fix_them(kwargs, message):
    per_day = kwargs.pop("per_day")
    with pytest.raises(InputError, match=message) as err:
        release_times(3, START, per_day, now=NOW, **kwargs)
    assert err.value.fix


def test_naive_and_aware_do_not_mix():
    with pytest.raises(InputError, match="time zone"):
        release_times(1, datetime(2026, 12, 1, 9), 1, now=NOW)


def test_order_puts_named_items_first():
    assert apply_order(["a", "b", "c", "d"], ["c", "a"]) == ["c", "a", "b", "d"]
    assert apply_order(["a", "b"], None) == ["a", "b"]


@pytest.mark.parametrize(("order", "message"), [(["a", "a"], "twice"), (["zz"], "'zz'")])
def test_bad_order_is_refused(order, message):
    with pytest.raises(InputError, match=message):
        apply_order(["a", "b"], order)


def test_staggered_release_pairs_items_with_times():
    pairs = staggered_release(["x", "y", "z"], START, 2, order=["z"], now=NOW)
    assert [p[0] for p in pairs] == ["z", "x", "y"]
    assert pairs[2][1] == START + timedelta(days=1)
    counted = staggered_release(3, START, 8, now=NOW)
    assert [p[0] for p in counted] == [0, 1, 2]


@given(
    n=st.integers(0, 90),
    per_day=st.integers(1, 12),
    minutes=st.integers(1, 90),
    start_minute=st.integers(0, 6 * 60),
)
def test_release_times_are_ordered_and_capped_per_day(n, per_day, minutes, start_minute):
    start = START.replace(hour=0) + timedelta(minutes=start_minute)
    spacing = timedelta(minutes=minutes)
    if timedelta(minutes=start_minute) + spacing * (per_day - 1) >= timedelta(days=1):
        with pytest.raises(InputError):
            release_times(n, start, per_day, spacing=spacing, now=NOW)
        return
    ts = release_times(n, start, per_day, spacing=spacing, now=NOW)
    assert len(ts) == n
    assert all(t >= start for t in ts)
    assert ts == sorted(ts) and len(set(ts)) == n
    per_date: dict[object, int] = {}
    for t in ts:
        per_date[t.date()] = per_date.get(t.date(), 0) + 1
    assert all(v <= per_day for v in per_date.values())
