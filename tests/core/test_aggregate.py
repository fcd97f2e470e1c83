"""Aggregates: definitions, ties, single forecasters, and the community stream."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symposia.core import aggregate as agg

probs = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def test_median_odd_even_and_single() -> None:
    assert agg.median_forecast([0.2, 0.9, 0.4]) == pytest.approx(0.4)
    # even count: mean of the two middle values (0.4 + 0.6) / 2
    assert agg.median_forecast([0.2, 0.9, 0.4, 0.6]) == pytest.approx(0.5)
    assert agg.median_forecast([0.37]) == pytest.approx(0.37)
    # ties
    assert agg.median_forecast([0.3, 0.3, 0.8]) == pytest.approx(0.3)
    with pytest.raises(ValueError, match="at least one"):
        agg.median_forecast([])


def test_median_multiple_choice_renormalises() -> None:
    # option medians: (0.5, 0.3, 0.1) sum 0.9 -> (0.5556, 0.3333, 0.1111)
    out = agg.median_forecast([[0.6, 0.3, 0.1], [0.5, 0.4, 0.1], [0.2, 0.2, 0.6]])
    assert isinstance(out, np.ndarray)
    assert out.tolist() == pytest.approx([0.5 / 0.9, 0.3 / 0.9, 0.1 / 0.9])


def test_mean_log_odds_known_values() -> None:
    # logit 0.8 = ln 4 = 1.38629, logit 0.5 = 0 -> mean 0.69315 = ln 2 -> p = 2/3
    assert agg.mean_log_odds([0.8, 0.5]) == pytest.approx(2 / 3)
    # extremized by 2: odds 2^2 = 4 -> p = 0.8
    assert agg.mean_log_odds([0.8, 0.5], extremize=2.0) == pytest.approx(0.8)
    assert agg.mean_log_odds([0.3]) == pytest.approx(0.3)
    # 0 and 1 are clipped to 0.001 and 0.999 first: symmetric -> 0.5
    assert agg.mean_log_odds([0.0, 1.0]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="positive"):
        agg.mean_log_odds([0.5], extremize=0)


def test_mean_log_odds_multi_reduces_to_binary() -> None:
    ps = [0.8, 0.3, 0.65]
    multi = agg.mean_log_odds([[p, 1 - p] for p in ps])
    assert isinstance(multi, np.ndarray)
    assert multi[0] == pytest.approx(agg.mean_log_odds(ps))


def test_recency_weights() -> None:
    # n-th oldest gets exp(sqrt(n)); input order does not matter
    w = agg.recency_weights([30.0, 10.0, 20.0])
    assert w.tolist() == pytest.approx([math.exp(math.sqrt(3)), math.e, math.exp(math.sqrt(2))])
    # ties share the mean of their ranks' weights
    tied = agg.recency_weights([5.0, 5.0, 9.0])
    share = (math.exp(1.0) + math.exp(math.sqrt(2))) / 2
    assert tied.tolist() == pytest.approx([share, share, math.exp(math.sqrt(3))])


def test_weighted_median_definition() -> None:
    # cumulative weights 1, 2, 6 of total 6: half (3) first exceeded at 0.9
    assert agg.weighted_median([0.1, 0.5, 0.9], [1, 1, 4]) == pytest.approx(0.9)
    # exactly half at 0.5 -> mean of 0.5 and the next value 0.9
    assert agg.weighted_median([0.1, 0.5, 0.9], [1, 2, 3]) == pytest.approx(0.7)
    assert agg.weighted_median([0.42], [3.0]) == pytest.approx(0.42)
    with pytest.raises(ValueError, match="positive sum"):
        agg.weighted_median([0.1], [0.0])


@given(st.lists(probs, min_size=1, max_size=30))
def test_equal_weights_give_the_plain_median(ps: list[float]) -> None:
    assert agg.weighted_median(ps, [1.0] * len(ps)) == pytest.approx(float(np.median(ps)))


@given(st.lists(probs, min_size=1, max_size=20))
def test_recency_weighted_with_equal_times_is_the_median(ps: list[float]) -> None:
    got = agg.recency_weighted(ps, [7.0] * len(ps))
    assert got == pytest.approx(float(np.median(ps)))


def test_recency_weighted_favours_newer_forecasts() -> None:
    # weights e^1, e^1.414, e^1.732, e^2 = 2.72, 4.11, 5.65, 7.39 (total 19.87, half 9.93)
    # newest two say 0.9 (5.65 + 7.39 = 13.04 > half) -> sorted values 0.1, 0.2, 0.9, 0.9:
    # cumulative 2.72 (0.1), 6.83 (0.2), then 0.9 passes half
    assert agg.recency_weighted([0.1, 0.2, 0.9, 0.9], [1, 2, 3, 4]) == pytest.approx(0.9)
    # same values, newest two say 0.1
    assert agg.recency_weighted([0.9, 0.9, 0.1, 0.1], [1, 2, 3, 4]) == pytest.approx(0.1)


def test_single_forecaster_is_its_own_aggregate() -> None:
    for method in agg.METHODS:
        assert agg.aggregate(method, [0.27]) == pytest.approx(0.27)
    with pytest.raises(ValueError, match="unknown aggregate"):
        agg.aggregate("mode", [0.5])  # type: ignore[arg-type]


def test_quantile_aggregates() -> None:
    v = [[1.0, 5.0, 9.0], [2.0, 4.0, 6.0], [0.0, 6.0, 12.0]]
    assert agg.aggregate_quantiles("median", v).tolist() == [1.0, 5.0, 9.0]
    assert agg.aggregate_quantiles("mean_log_odds", v).tolist() == pytest.approx([1.0, 5.0, 9.0])
    assert agg.aggregate_quantiles("recency_weighted", v, [1, 2, 3]).tolist() == [1.0, 5.0, 9.0]


def test_community_stream_recomputes_on_each_change() -> None:
    # question 0: A=0.2 at t=1, B=0.8 at t=2, A updates to 0.6 at t=3
    stream = agg.community_stream([0, 0, 0], [0, 1, 0], [1.0, 2.0, 3.0], [0.2, 0.8, 0.6], "median")
    assert stream.time.tolist() == [1.0, 2.0, 3.0]
    # t=1: 0.2 ; t=2: median(0.2, 0.8) = 0.5 ; t=3: median(0.6, 0.8) = 0.7
    assert stream.probs[:, 0].tolist() == pytest.approx([0.2, 0.5, 0.7])


def test_community_stream_same_time_is_one_event_and_padding_stays_zero() -> None:
    stream = agg.community_stream(
        [0, 0], [0, 1], [0.0, 0.0], [[0.5, 0.5, 0.0], [0.3, 0.7, 0.0]], "median", n_options=[2]
    )
    assert len(stream.question_idx) == 1
    assert stream.probs[0].tolist() == pytest.approx([0.4, 0.6, 0.0])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 1), st.integers(0, 5), st.integers(0, 6), probs),
        min_size=1,
        max_size=30,
        unique_by=lambda r: (r[0], r[1], r[2]),
    ),
    st.sampled_from(agg.METHODS),
)
def test_binary_stream_matches_recomputing_from_scratch(rows: list, method: agg.Method) -> None:
    """The incremental binary stream equals the aggregate of the standing forecasts each time."""
    q = np.array([r[0] for r in rows])
    f = np.array([r[1] for r in rows])
    t = np.array([float(r[2]) for r in rows])
    p = np.array([r[3] for r in rows])
    stream = agg.community_stream(q, f, t, p, method, extremize=1.5)
    for qi, when, got in zip(stream.question_idx, stream.time, stream.probs[:, 0], strict=True):
        latest: dict[int, int] = {}
        for i in np.lexsort((t, q)):
            if q[i] == qi and t[i] <= when:
                latest[int(f[i])] = int(i)
        idx = list(latest.values())
        want = agg.aggregate(method, p[idx], t[idx], extremize=1.5)
        assert got == pytest.approx(want, abs=1e-9)
