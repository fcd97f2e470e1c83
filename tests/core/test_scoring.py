"""Scoring rules: hand-computed values, Metaculus' formulas, and properties."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symposia.core import scoring as sc

probs = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
inner = st.floats(min_value=0.01, max_value=0.99, allow_nan=False)


# ------------------------------------------------------------ known values


def test_brier_binary_known_values() -> None:
    # (0.8 - 1)^2 = 0.04 ; (0.8 - 0)^2 = 0.64 ; (0.5 - 1)^2 = 0.25
    assert sc.brier_binary(0.8, 1) == pytest.approx(0.04)
    assert sc.brier_binary(0.8, 0) == pytest.approx(0.64)
    assert sc.brier_binary(0.5, 1) == pytest.approx(0.25)
    assert sc.brier_binary(1.0, 1) == 0.0
    out = sc.brier_binary([0.8, 0.3], [1, 0])
    assert isinstance(out, np.ndarray)
    assert out.tolist() == pytest.approx([0.04, 0.09])


def test_brier_multi_known_values() -> None:
    # (0.7, 0.2, 0.1), outcome 0: 0.3^2 + 0.2^2 + 0.1^2 = 0.09 + 0.04 + 0.01 = 0.14
    assert sc.brier_multi([0.7, 0.2, 0.1], 0) == pytest.approx(0.14)
    # outcome 2: 0.7^2 + 0.2^2 + 0.9^2 = 0.49 + 0.04 + 0.81 = 1.34
    assert sc.brier_multi([0.7, 0.2, 0.1], 2) == pytest.approx(1.34)
    # binary as two options is twice the binary Brier score
    assert sc.brier_multi([0.8, 0.2], 0) == pytest.approx(2 * 0.04)
    batch = sc.brier_multi([[0.7, 0.2, 0.1], [0.0, 0.0, 1.0]], [0, 2])
    assert isinstance(batch, np.ndarray)
    assert batch.tolist() == pytest.approx([0.14, 0.0])


def test_log_score_known_values_and_clipping() -> None:
    assert sc.log_score(0.8) == pytest.approx(math.log(0.8))  # -0.22314
    assert sc.log_score_binary(0.8, 0) == pytest.approx(math.log(0.2))  # -1.60944
    # 0 is clipped to 0.001: ln(0.001) = -6.90776
    assert sc.log_score(0.0) == pytest.approx(-6.907755, abs=1e-6)
    assert sc.log_score(1.0) == pytest.approx(math.log(0.999))
    assert sc.log_score(0.0, eps=1e-4) == pytest.approx(math.log(1e-4))
    assert sc.log_score_multi([0.7, 0.2, 0.1], 1) == pytest.approx(math.log(0.2))
    with pytest.raises(ValueError, match="eps"):
        sc.log_score(0.5, eps=0.6)


def test_baseline_score_metaculus_formula() -> None:
    # Metaculus scoring FAQ: binary baseline = 100 * (log2 p(outcome) + 1)
    assert sc.baseline_score_binary(0.5, 1) == pytest.approx(0.0)  # the uniform forecast
    assert sc.baseline_score_binary(0.8, 1) == pytest.approx(67.807, abs=1e-3)  # 100*(1-0.32193)
    assert sc.baseline_score_binary(0.9, 1) == pytest.approx(84.800, abs=1e-3)  # 100*(1-0.15200)
    assert sc.baseline_score_binary(0.9, 0) == pytest.approx(
        -232.193, abs=1e-3
    )  # log2 0.1 = -3.32193
    # Range under clipping at 0.1% / 99.9%: from 100*(log2 0.001 + 1) = -896.6 to just under 100.
    assert sc.baseline_score_binary(0.0, 1) == pytest.approx(-896.578, abs=1e-3)
    assert sc.baseline_score_binary(1.0, 1) == pytest.approx(99.856, abs=1e-3)


def test_baseline_score_multiple_choice() -> None:
    # 100 * (log2 p + log2 N) / log2 N; N = 4, p = 1/4 -> 0 ; p = 1/2 -> 100 * (-1 + 2) / 2 = 50
    assert sc.baseline_score(0.25, 4) == pytest.approx(0.0)
    assert sc.baseline_score(0.5, 4) == pytest.approx(50.0)
    # N = 3, p = 0.6: 100 * (log2 0.6 + log2 3) / log2 3 = 100 * (-0.73697 + 1.58496) / 1.58496
    assert sc.baseline_score(0.6, 3) == pytest.approx(53.502, abs=1e-3)
    # the binary formula is the N = 2 case
    assert sc.baseline_score(0.8, 2) == pytest.approx(sc.baseline_score_binary(0.8, 1))
    with pytest.raises(ValueError, match="2 options"):
        sc.baseline_score(0.5, 1)


def test_peer_scores_known_values() -> None:
    # Two forecasters, 80% and 60% on a yes: 100 * ln(0.8 / 0.6) = 28.768 and its negative.
    out = sc.peer_scores([0.8, 0.6])
    assert out.tolist() == pytest.approx([28.768, -28.768], abs=1e-3)
    # Three: 0.8, 0.6, 0.3 -> first: 100 * (ln 0.8 - (ln 0.6 + ln 0.3) / 2)
    #   = 100 * (-0.22314 + (0.51083 + 1.20397) / 2) = 63.426
    three = sc.peer_scores([0.8, 0.6, 0.3])
    assert three[0] == pytest.approx(63.426, abs=1e-3)
    assert three.sum() == pytest.approx(0.0, abs=1e-9)
    # geometric mean form: 100 * ln(p_i / G_i)
    assert three[0] == pytest.approx(100 * math.log(0.8 / math.sqrt(0.6 * 0.3)))
    assert sc.peer_scores([0.7]).tolist() == [0.0]
    assert sc.peer_scores([]).tolist() == []


def test_peer_score_against_group() -> None:
    # 100 * (ln 0.5 - (ln 0.8 + ln 0.2) / 2) = 100 * (-0.69315 + 0.91629) = 22.314
    assert sc.peer_score_against(0.5, [0.8, 0.2]) == pytest.approx(22.314, abs=1e-3)
    assert sc.peer_score_against(0.5, []) == 0.0


def test_peer_scores_grouped_matches_per_question() -> None:
    q = [2, 0, 2, 0, 1, 2]
    p = [0.9, 0.4, 0.3, 0.7, 0.5, 0.55]
    out = sc.peer_scores_grouped(q, p)
    for qi in (0, 1, 2):
        m = np.array(q) == qi
        assert out[m] == pytest.approx(sc.peer_scores(np.array(p)[m]))


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        sc.brier_binary(1.2, 1)
    with pytest.raises(ValueError, match="0 or 1"):
        sc.brier_binary(0.5, 2)
    with pytest.raises(ValueError, match="out of range"):
        sc.brier_multi([0.5, 0.5], 3)


# ------------------------------------------------------------- properties


@settings(max_examples=60, deadline=None)
@given(q=st.floats(min_value=0.02, max_value=0.98))
def test_brier_and_log_are_proper(q: float) -> None:
    """The expected score over a grid of reports is best at the true probability."""
    grid = np.linspace(0.001, 0.999, 999)
    grid = np.sort(np.r_[grid, q])

    def expected(fn: Callable[..., object]) -> np.ndarray:
        return q * np.asarray(fn(grid, 1)) + (1 - q) * np.asarray(fn(grid, 0))

    exp_brier = expected(sc.brier_binary)
    exp_log = expected(sc.log_score_binary)
    exp_base = expected(sc.baseline_score_binary)
    at_q = np.flatnonzero(grid == q)[0]
    assert exp_brier[at_q] <= exp_brier.min() + 1e-12
    assert exp_log[at_q] >= exp_log.max() - 1e-12
    assert exp_base[at_q] >= exp_base.max() - 1e-9


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.05, max_value=1.0), min_size=3, max_size=3))
def test_multi_category_scores_are_proper(raw: list[float]) -> None:
    truth = np.array(raw) / sum(raw)
    rng = np.random.default_rng(0)
    reports = rng.dirichlet(np.ones(3), size=300)
    reports = np.vstack([truth, reports])

    def expected(fn: Callable[..., object]) -> np.ndarray:
        return np.sum(
            [truth[k] * np.asarray(fn(reports, np.full(len(reports), k))) for k in range(3)],
            axis=0,
        )

    eb = expected(sc.brier_multi)
    el = expected(sc.log_score_multi)
    assert eb[0] <= eb.min() + 1e-12
    assert el[0] >= el.max() - 1e-12


@given(p=probs)
def test_symmetry(p: float) -> None:
    """Scoring p on yes equals scoring 1 - p on no."""
    assert sc.brier_binary(p, 1) == pytest.approx(sc.brier_binary(1 - p, 0))
    assert sc.log_score_binary(p, 1) == pytest.approx(sc.log_score_binary(1 - p, 0))
    assert sc.baseline_score_binary(p, 1) == pytest.approx(sc.baseline_score_binary(1 - p, 0))


@given(st.lists(probs, min_size=1, max_size=40))
def test_peer_scores_sum_to_zero(ps: list[float]) -> None:
    assert float(np.sum(sc.peer_scores(ps))) == pytest.approx(0.0, abs=1e-7)


@given(st.lists(st.tuples(st.integers(0, 4), probs), min_size=1, max_size=60))
def test_grouped_peer_scores_sum_to_zero_per_question(rows: list[tuple[int, float]]) -> None:
    q = np.array([r[0] for r in rows])
    out = sc.peer_scores_grouped(q, [r[1] for r in rows])
    for qi in np.unique(q):
        assert float(out[q == qi].sum()) == pytest.approx(0.0, abs=1e-7)


# ------------------------------------------------------------ time averaging


def test_time_average_hand_computed() -> None:
    # Window [0, 10]. Forecaster 0: p=0.6 at t=2, p=0.9 at t=6; outcome yes.
    # Brier: uniform 0.25 for [0,2), 0.16 for [2,6), 0.01 for [6,10]
    #   = (0.25*2 + 0.16*4 + 0.01*4) / 10 = (0.5 + 0.64 + 0.04) / 10 = 0.118
    ta = sc.time_average(
        [0, 0], [0, 0], [2.0, 6.0], sc.brier_binary([0.6, 0.9], 1), [0.0], [10.0], [0.25]
    )
    assert ta.scores[0, 0] == pytest.approx(0.118)
    assert ta.coverage[0] == pytest.approx(0.8)
    assert ta.last_row.tolist() == [1]


@given(p=inner, o=st.integers(0, 1))
def test_time_average_equals_plain_score_when_held_all_window(p: float, o: int) -> None:
    s = float(sc.brier_binary(p, o))
    ta = sc.time_average([0], [0], [5.0], [s], [5.0], [30.0], [0.25])
    assert ta.scores[0, 0] == pytest.approx(s)
    assert ta.coverage[0] == pytest.approx(1.0)


def test_time_averaged_peer_hand_computed() -> None:
    # Window [0, 4], outcome yes. A: 0.8 from t=0. B: 0.4 from t=2.
    # [0,2): A alone -> 0 for A, B not forecasting -> 0.
    # [2,4]: A = 100 ln(0.8/0.4) = 69.315, B = -69.315. Averages over 4: +-34.657.
    ta = sc.time_averaged_peer([0, 0], [0, 1], [0.0, 2.0], [0.8, 0.4], [0.0], [4.0])
    assert ta.scores[:, 0].tolist() == pytest.approx([34.657, -34.657], abs=1e-3)


def test_time_averaged_peer_outside_forecaster() -> None:
    # An outside row (the community) at 0.5 over [0,4] against A (0.8 from 0) and B (0.4 from 2):
    # [0,2): 100 ln(0.5/0.8) = -47.000
    # [2,4]: 100 (ln 0.5 - (ln 0.8 + ln 0.4)/2) = 100 (-0.69315 + 0.56972) = -12.343
    # average: (-47.000*2 - 12.343*2) / 4 = -29.672 ; A and B keep their scores.
    ta = sc.time_averaged_peer(
        [0, 0, 0], [0, 1, 9], [0.0, 2.0, 0.0], [0.8, 0.4, 0.5], [0.0], [4.0],
        member=[True, True, False],
    )  # fmt: skip
    assert ta.scores[:, 0].tolist() == pytest.approx([34.657, -34.657, -29.672], abs=1e-3)


def _brute_peer(q: list, f: list, t: list, p: list, o: list, c: list, steps: int = 2000) -> dict:
    """Midpoint-rule integral of the instantaneous peer score, for comparison."""
    out: dict[tuple[int, int], float] = {}
    for qi in set(q):
        rows = [i for i in range(len(q)) if q[i] == qi]
        for k in range(steps):
            x = o[qi] + (k + 0.5) * (c[qi] - o[qi]) / steps
            standing: dict[int, float] = {}
            for i in sorted(rows, key=lambda i: t[i]):
                if t[i] <= x:
                    standing[f[i]] = p[i]
            scores = sc.peer_scores(list(standing.values()))
            for fi, s in zip(standing, scores, strict=True):
                out[(qi, fi)] = out.get((qi, fi), 0.0) + s / steps
    return out


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(0, 9), inner),
        min_size=1,
        max_size=25,
        unique_by=lambda r: (r[0], r[1], r[2]),
    )
)
def test_time_averaged_peer_matches_brute_force_and_sums_to_zero(rows: list) -> None:
    q = [r[0] for r in rows]
    f = [r[1] for r in rows]
    t = [float(r[2]) for r in rows]
    p = [r[3] for r in rows]
    o, c = [0.0, 0.0, 0.0], [10.0, 10.0, 10.0]
    ta = sc.time_averaged_peer(q, f, t, p, o, c)
    brute = _brute_peer(q, f, t, p, o, c)
    for i in range(len(ta.question_idx)):
        key = (int(ta.question_idx[i]), int(ta.forecaster_idx[i]))
        assert ta.scores[i, 0] == pytest.approx(brute[key], abs=1e-6)
    for qi in set(q):
        m = ta.question_idx == qi
        assert float(ta.scores[m, 0].sum()) == pytest.approx(0.0, abs=1e-7)


def test_time_average_refuses_bad_windows() -> None:
    with pytest.raises(ValueError, match="close > open"):
        sc.time_average([0], [0], [1.0], [0.1], [5.0], [5.0], [0.25])
    with pytest.raises(ValueError, match="outside"):
        sc.time_average([0], [0], [9.0], [0.1], [0.0], [5.0], [0.25])
    with pytest.raises(ValueError, match="share a time"):
        sc.time_average([0, 0], [0, 0], [1.0, 1.0], [0.1, 0.2], [0.0], [5.0], [0.25])


# ----------------------------------------------------------------- quantiles


def test_pinball_loss_known_values() -> None:
    # levels (0.1, 0.5, 0.9), values (10, 20, 30), outcome 25:
    #   0.1*(25-10) = 1.5 ; 0.5*(25-20) = 2.5 ; (1-0.9)*(30-25) = 0.5 ; mean = 4.5/3 = 1.5
    assert sc.pinball_loss([0.1, 0.5, 0.9], [10, 20, 30], 25) == pytest.approx(1.5)
    # a single median is half the absolute error
    assert sc.pinball_loss([0.5], [20], 26) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        sc.pinball_loss([1.0], [20], 26)


def test_crps_known_values() -> None:
    # point forecast: CRPS = |x - y|
    assert sc.crps_quantiles([0.5], [20.0], 26.0) == pytest.approx(6.0)
    assert sc.crps_quantiles([0.1, 0.9], [5.0, 5.0], 2.0) == pytest.approx(3.0)
    # levels (0.1, 0.9) at (0, 10): F jumps to 0.1 at 0, rises linearly to 0.9 at 10, jumps to 1.
    # outcome 5: on [0,5] F-0 goes 0.1 -> 0.5: 5*(0.01+0.05+0.25)/3 = 0.516667
    #            on [5,10] F-1 goes -0.5 -> -0.1: 5*(0.25+0.05+0.01)/3 = 0.516667 ; total 1.033333
    assert sc.crps_quantiles([0.1, 0.9], [0.0, 10.0], 5.0) == pytest.approx(1.0333333)
    # outcome -2 (below): 2 (F=0 vs 1 on [-2,0]) + 10*((0.9)^2+0.9*0.1+(0.1)^2... see below
    # on [0,10] F-1 goes -0.9 -> -0.1: 10*(0.81+0.09+0.01)/3 = 3.033333 ; total 5.033333
    assert sc.crps_quantiles([0.1, 0.9], [0.0, 10.0], -2.0) == pytest.approx(5.0333333)


def test_crps_refuses_decreasing_values() -> None:
    with pytest.raises(ValueError, match="decrease"):
        sc.crps_quantiles([0.1, 0.9], [10.0, 0.0], 5.0)


@settings(max_examples=30, deadline=None)
@given(y=st.floats(min_value=-5, max_value=5))
def test_crps_of_dense_uniform_quantiles_matches_closed_form(y: float) -> None:
    """CRPS of U(0,1) given by 999 quantiles ~ the exact CRPS of the uniform distribution."""
    levels = np.linspace(0.001, 0.999, 999)
    got = sc.crps_quantiles(levels, levels, y)
    # Exact CRPS of U(0,1): for y in [0,1]: y^2 - y + 1/3 ; below: 1/3 - y ; above: y - 2/3
    exact = y * y - y + 1 / 3 if 0 <= y <= 1 else (1 / 3 - y if y < 0 else y - 2 / 3)
    assert got == pytest.approx(exact, abs=1e-3)
