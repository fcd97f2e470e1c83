"""Scoring whole forecast sets: pools, time windows and community rows, as properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symposia.core import scoring as sc
from symposia.core.scorecard import ForecastSet, score_forecast_set

probs = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
rows_strategy = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 4), st.integers(0, 9), probs),
    min_size=1,
    max_size=30,
    unique_by=lambda r: (r[0], r[1], r[2]),
)


def _binary_set(rows: list, outcomes: list[int], timed: bool) -> ForecastSet:
    nq = 3
    return ForecastSet(
        kind="binary",
        questions=("q0", "q1", "q2"),
        experts=tuple(f"e{i}" for i in range(5)),
        question_idx=np.array([r[0] for r in rows]),
        expert_idx=np.array([r[1] for r in rows]),
        inferred=np.zeros(len(rows), dtype=bool),
        time=np.array([float(r[2]) for r in rows]) if timed else None,
        values=np.array([r[3] for r in rows]),
        outcome=np.array(outcomes, dtype=np.float64),
        n_options=np.full(nq, 2),
        open_time=np.zeros(nq),
        close_time=np.full(nq, 10.0) if timed else np.full(nq, np.nan),
    )


@settings(max_examples=40, deadline=None)
@given(rows_strategy, st.lists(st.integers(0, 1), min_size=3, max_size=3))
def test_peer_scores_sum_to_zero_per_question(rows: list, outcomes: list[int]) -> None:
    report = score_forecast_set(_binary_set(rows, outcomes, timed=True))
    for q in ("q0", "q1", "q2"):
        peers = [
            f.peer_score or 0.0
            for f in report.forecasts
            if f.question == q and not f.expert.startswith("community")
        ]
        assert sum(peers) == pytest.approx(0.0, abs=1e-7)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 4), probs), min_size=1, max_size=15,
             unique_by=lambda r: (r[0], r[1])),
    st.lists(st.integers(0, 1), min_size=3, max_size=3),
)  # fmt: skip
def test_forecasts_held_all_window_score_as_untimed(rows: list, outcomes: list[int]) -> None:
    """Every forecast made at open and held to close: time averaging changes nothing."""
    timed_rows = [(q, e, 0, p) for q, e, p in rows]
    timed = score_forecast_set(_binary_set(timed_rows, outcomes, timed=True))
    plain = score_forecast_set(_binary_set(timed_rows, outcomes, timed=False))
    assert timed.time_averaged == len({r[0] for r in rows})
    for a, b in zip(timed.experts, plain.experts, strict=True):
        assert (a.expert, a.n) == (b.expert, b.n)
        assert a.brier == pytest.approx(b.brier)
        assert a.log_score == pytest.approx(b.log_score)
        assert a.peer_score == pytest.approx(b.peer_score, abs=1e-9)
        assert a.coverage == pytest.approx(1.0)


def test_community_is_scored_like_a_forecaster() -> None:
    rows = [(0, 0, 0, 0.2), (0, 1, 0, 0.9), (0, 2, 0, 0.7), (1, 0, 0, 0.4), (1, 1, 0, 0.1)]
    report = score_forecast_set(_binary_set(rows, [1, 0, 0], timed=False))
    median = next(c for c in report.community if c.expert == "community (median)")
    # medians: q0 = 0.7 (yes), q1 = 0.25 (no)
    assert median.n == 2
    assert median.brier == pytest.approx((0.09 + 0.0625) / 2)
    assert median.log_score == pytest.approx((np.log(0.7) + np.log(0.75)) / 2)
    # peer against all experts: 100 (ln p - mean ln p_j)
    q0 = sc.peer_score_against(0.7, [0.2, 0.9, 0.7])
    q1 = sc.peer_score_against(0.75, [0.6, 0.9])
    assert median.peer_score == pytest.approx((q0 + q1) / 2)
    # the community does not change the experts' peer scores
    e0 = next(e for e in report.experts if e.expert == "e0")
    direct = (sc.peer_scores([0.2, 0.9, 0.7])[0] + sc.peer_scores([0.6, 0.9])[0]) / 2
    assert e0.peer_score == pytest.approx(direct)


def test_timed_community_stream_is_time_averaged() -> None:
    # q0 window [0, 10]: e0 says 0.2 at t=0, e1 says 0.8 at t=5; outcome yes.
    # median community: 0.2 on [0,5), 0.5 on [5,10] -> Brier (0.64*5 + 0.25*5)/10 = 0.445
    rows = [(0, 0, 0, 0.2), (0, 1, 5, 0.8)]
    report = score_forecast_set(_binary_set(rows, [1, 0, 0], timed=True))
    median = next(c for c in report.community if c.expert == "community (median)")
    assert median.brier == pytest.approx(0.445)
    e1 = next(e for e in report.experts if e.expert == "e1")
    # e1: uniform 0.25 for [0,5), then 0.04 -> (1.25 + 0.2) / 10 = 0.145, coverage 0.5
    assert e1.brier == pytest.approx(0.145) and e1.coverage == pytest.approx(0.5)


def test_multiple_choice_time_averaged() -> None:
    fs = ForecastSet(
        kind="multiple_choice",
        questions=("m0",),
        experts=("e0",),
        question_idx=np.array([0, 0]),
        expert_idx=np.array([0, 0]),
        inferred=np.array([False, False]),
        time=np.array([0.0, 6.0]),
        values=np.array([[0.5, 0.25, 0.25], [0.8, 0.1, 0.1]]),
        outcome=np.array([0.0]),
        n_options=np.array([3]),
        open_time=np.array([0.0]),
        close_time=np.array([10.0]),
        options=(("a", "b", "c"),),
    )
    e0 = score_forecast_set(fs).experts[0]
    # Brier 0.25+0.0625+0.0625 = 0.375 for 6/10, 0.04+0.01+0.01 = 0.06 for 4/10 -> 0.249
    assert e0.brier == pytest.approx(0.375 * 0.6 + 0.06 * 0.4)
    base = 0.6 * sc.baseline_score(0.5, 3) + 0.4 * sc.baseline_score(0.8, 3)
    assert e0.baseline_score == pytest.approx(base)


def test_min_resolved_must_not_be_negative() -> None:
    with pytest.raises(ValueError, match="min_resolved"):
        score_forecast_set(_binary_set([(0, 0, 0, 0.5)], [1, 0, 0], False), min_resolved=-1)
