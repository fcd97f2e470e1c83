"""Scoring rules for probability and quantile forecasts.

Every function here is pure and works on plain floats or numpy arrays, so the
same code scores one forecast in a test and a million in the benchmark.

Scores and their sense (which direction is better):

- Brier score (Brier 1950), lower is better. Binary: ``(p - o)**2`` with ``o``
  the outcome (1 or 0), in [0, 1]. Multiple categories: ``sum_k (p_k - o_k)**2``
  over all K options, in [0, 2] (Brier's original definition).
- Log score (Good 1952), higher is better: ``ln p(outcome)``, natural log, at
  most 0. Both Brier and log scores are *strictly proper* (Gneiting & Raftery
  2007, "Strictly proper scoring rules, prediction, and estimation", JASA 102):
  the expected score is best only when the reported probability is the true
  one.
- Baseline score (Metaculus scoring FAQ), higher is better:
  ``100 * (log2 p(outcome) + 1)`` for binary questions and
  ``100 * (log2 p(outcome) + log2 N) / log2 N`` for N options, i.e. the log
  score relative to the uniform forecast ``1/N`` in units where a perfect
  forecast gets 100 and the uniform one 0.
- Peer score (Metaculus scoring FAQ), higher is better:
  ``100 * (ln p_i - mean_{j != i} ln p_j)`` for the outcome, i.e. 100 times the
  log of forecaster i's probability over the geometric mean of the others'.
  Across the forecasters of a question the peer scores sum to zero.
- Pinball (quantile) loss and CRPS for quantile forecasts, lower is better
  (Gneiting & Raftery 2007, sections 4.2 and 6.1).

Clipping. A forecast of exactly 0 on what happened has log score minus
infinity. Every log-based score (log, baseline, peer) therefore clips each
probability to ``[PROB_EPS, 1 - PROB_EPS]`` with ``PROB_EPS = 0.001``, the bounds
Metaculus allows on binary questions (0.1% and 99.9%). The Brier score is
bounded and never clips. Options are clipped one by one and not renormalised,
so a clipped score is exactly the score of the clipped probability.

Time averaging (:func:`time_average`, :func:`time_averaged_peer`). On a
question open from ``open`` to ``close`` a forecaster's score is the integral
of the score of their *standing* forecast (the latest one made) over the
window, divided by the window length. Time before their first forecast scores
as the no-information forecast, the uniform ``1/N``: 0 for the baseline score,
a Brier score of 0.25 on a binary question and ``(N-1)/N`` on N options, and a
log score of ``ln(1/N)``; for the peer score it counts 0, as on Metaculus.
The share of the window covered is reported as ``coverage``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: Lower clip bound for every log-based score (Metaculus' 0.1% for binary questions).
PROB_EPS = 0.001

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ArrayLike = npt.ArrayLike


def _clip(p: ArrayLike, eps: float) -> FloatArray:
    if not 0.0 <= eps < 0.5:
        raise ValueError(f"eps must be in [0, 0.5), got {eps}")
    return np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)


def _scalar_or_array(x: FloatArray) -> FloatArray | float:
    return float(x) if x.ndim == 0 else x


def _outcome01(outcome: ArrayLike) -> FloatArray:
    o = np.asarray(outcome, dtype=np.float64)
    if not np.all((o == 0.0) | (o == 1.0)):
        raise ValueError("binary outcomes must be 0 or 1")
    return o


def _check_prob(p: FloatArray) -> None:
    if not np.all((p >= 0.0) & (p <= 1.0)):
        raise ValueError("probabilities must lie in [0, 1]")


# --------------------------------------------------------------------- binary


def brier_binary(p: ArrayLike, outcome: ArrayLike) -> FloatArray | float:
    """Brier score of binary forecasts: ``(p - o)**2``, lower is better.

    Brier, G. W. (1950), "Verification of forecasts expressed in terms of
    probability", Monthly Weather Review 78(1). Equal to half the multi-category
    score :func:`brier_multi` of the pair ``(p, 1 - p)``.

    Args:
        p: Probability (or array of probabilities) that the event happens.
        outcome: 1 if it happened, 0 if not (broadcast against ``p``).

    Returns:
        The score in [0, 1]: a float for scalar input, else an array.
    """
    pa = np.asarray(p, dtype=np.float64)
    _check_prob(pa)
    return _scalar_or_array((pa - _outcome01(outcome)) ** 2)


def prob_of_outcome(p: ArrayLike, outcome: ArrayLike) -> FloatArray | float:
    """The probability a binary forecast gave to what happened: ``p`` or ``1 - p``."""
    pa = np.asarray(p, dtype=np.float64)
    o = _outcome01(outcome)
    return _scalar_or_array(np.where(o == 1.0, pa, 1.0 - pa))


def log_score(p_outcome: ArrayLike, eps: float = PROB_EPS) -> FloatArray | float:
    """Log score ``ln p(outcome)``, natural log, higher is better (at most 0).

    Good, I. J. (1952), "Rational decisions", JRSS B 14. The probability is
    clipped to ``[eps, 1 - eps]`` first (module docstring), so a forecast of 0
    on what happened scores ``ln(0.001) = -6.91`` instead of minus infinity.

    Args:
        p_outcome: Probability given to the outcome that happened; for a binary
            forecast ``p`` use ``prob_of_outcome(p, outcome)`` or
            :func:`log_score_binary`.
        eps: Clip bound; 0 disables clipping.
    """
    return _scalar_or_array(np.log(_clip(p_outcome, eps)))


def log_score_binary(p: ArrayLike, outcome: ArrayLike, eps: float = PROB_EPS) -> FloatArray | float:
    """Log score of a binary forecast ``p`` (probability of yes): ``ln p`` or ``ln(1 - p)``."""
    return log_score(prob_of_outcome(p, outcome), eps)


def baseline_score(
    p_outcome: ArrayLike, n_options: ArrayLike = 2, eps: float = PROB_EPS
) -> FloatArray | float:
    """Metaculus' baseline score, higher is better.

    Metaculus scoring FAQ, "What is the Baseline score?": binary questions
    score ``100 * (log2 p(outcome) + 1)`` and multiple-choice questions with N
    options ``100 * (log2 p(outcome) + log2 N) / log2 N``; the binary formula is
    the N = 2 case. A perfect forecast scores 100, the uniform forecast ``1/N``
    scores 0, and with clipping at 0.1% the floor on a binary question is
    ``100 * (log2 0.001 + 1) = -896.6``.

    Args:
        p_outcome: Probability given to what happened.
        n_options: Number of options N (2 for binary), broadcast against ``p_outcome``.
        eps: Clip bound for the probability.
    """
    n = np.asarray(n_options, dtype=np.float64)
    if np.any(n < 2):
        raise ValueError("a question needs at least 2 options")
    log2n = np.log2(n)
    return _scalar_or_array(100.0 * (np.log2(_clip(p_outcome, eps)) + log2n) / log2n)


def baseline_score_binary(
    p: ArrayLike, outcome: ArrayLike, eps: float = PROB_EPS
) -> FloatArray | float:
    """Metaculus' binary baseline score ``100 * (log2 p(outcome) + 1)`` of forecast ``p``."""
    return baseline_score(prob_of_outcome(p, outcome), 2, eps)


# ------------------------------------------------------------ multi-category


def brier_multi(probs: ArrayLike, outcome: ArrayLike) -> FloatArray | float:
    """Multi-category Brier score ``sum_k (p_k - o_k)**2``, in [0, 2], lower is better.

    Brier (1950), equation (1). ``o_k`` is 1 for the option that happened and
    0 for the others.

    Args:
        probs: Shape ``(K,)`` for one forecast or ``(n, K)`` for n forecasts.
        outcome: Index of the option that happened (an int, or n ints).
    """
    pa = np.asarray(probs, dtype=np.float64)
    _check_prob(pa)
    single = pa.ndim == 1
    p2 = np.atleast_2d(pa)
    idx = np.broadcast_to(np.asarray(outcome, dtype=np.int64), (p2.shape[0],))
    if np.any((idx < 0) | (idx >= p2.shape[1])):
        raise ValueError("outcome index out of range")
    onehot = np.zeros_like(p2)
    onehot[np.arange(p2.shape[0]), idx] = 1.0
    out = ((p2 - onehot) ** 2).sum(axis=1)
    return float(out[0]) if single else out


def log_score_multi(
    probs: ArrayLike, outcome: ArrayLike, eps: float = PROB_EPS
) -> FloatArray | float:
    """Log score ``ln p_outcome`` of multi-category forecasts (shape ``(K,)`` or ``(n, K)``)."""
    pa = np.asarray(probs, dtype=np.float64)
    single = pa.ndim == 1
    p2 = np.atleast_2d(pa)
    idx = np.broadcast_to(np.asarray(outcome, dtype=np.int64), (p2.shape[0],))
    out = np.log(_clip(p2[np.arange(p2.shape[0]), idx], eps))
    return float(out[0]) if single else out


# ------------------------------------------------------------------ peer score


def peer_scores(p_outcome: ArrayLike, eps: float = PROB_EPS) -> FloatArray:
    """Metaculus peer scores of the forecasters of one question.

    Metaculus scoring FAQ, "What is the Peer score?": forecaster i scores
    ``100 * (1/(n-1)) * sum_{j != i} (ln p_i - ln p_j)``, which is
    ``100 * ln(p_i / G_i)`` with ``G_i`` the geometric mean of the others'
    probabilities on the outcome. The scores sum to zero; a lone forecaster
    scores 0.

    Args:
        p_outcome: Each forecaster's probability on the outcome that happened.
        eps: Clip bound for the probabilities.

    Returns:
        One peer score per forecaster, in input order.
    """
    lp = np.log(_clip(np.atleast_1d(np.asarray(p_outcome, dtype=np.float64)), eps))
    n = lp.size
    if n < 2:
        return np.zeros(n)
    return 100.0 * (lp - (lp.sum() - lp) / (n - 1))


def peer_score_against(p_outcome: float, others: ArrayLike, eps: float = PROB_EPS) -> float:
    """Peer score of an outside forecaster (say an aggregate) against a group.

    ``100 * (ln p - mean_j ln p_j)`` over the group's probabilities ``others``;
    0 when the group is empty. This is how the community forecast is scored
    without changing the forecasters' own peer scores.
    """
    lo = np.log(_clip(np.atleast_1d(np.asarray(others, dtype=np.float64)), eps))
    if lo.size == 0:
        return 0.0
    return float(100.0 * (np.log(_clip(p_outcome, eps)) - lo.mean()))


def peer_scores_grouped(
    question_idx: ArrayLike, p_outcome: ArrayLike, eps: float = PROB_EPS
) -> FloatArray:
    """Vectorised :func:`peer_scores` for many questions at once.

    Args:
        question_idx: Question id (integer) of each forecast; one forecast per
            forecaster and question.
        p_outcome: Probability each forecast gave to the outcome.
        eps: Clip bound.

    Returns:
        The peer score of each forecast, in input order (no Python loop).
    """
    q = np.asarray(question_idx, dtype=np.int64)
    lp = np.log(_clip(p_outcome, eps))
    if q.size == 0:
        return np.zeros(0)
    _, inv, counts = np.unique(q, return_inverse=True, return_counts=True)
    sums = np.bincount(inv, weights=lp)
    n = counts[inv].astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 100.0 * (lp - (sums[inv] - lp) / (n - 1.0))
    return np.where(n > 1, out, 0.0)


# ------------------------------------------------------------ time averaging


@dataclass(frozen=True)
class TimeAveraged:
    """Time-averaged scores of each (question, forecaster) pair.

    Attributes:
        question_idx: Question of each pair, sorted by (question, forecaster).
        forecaster_idx: Forecaster of each pair.
        scores: Shape ``(pairs, m)``: one column per score given.
        coverage: Share of the question's window with a standing forecast.
        last_row: Index (into the input rows) of each pair's last forecast.
    """

    question_idx: IntArray
    forecaster_idx: IntArray
    scores: FloatArray
    coverage: FloatArray
    last_row: IntArray


def _normalised_time(
    q: IntArray, t: FloatArray, open_: FloatArray, close: FloatArray
) -> FloatArray:
    length = close[q] - open_[q]
    if np.any(length <= 0):
        raise ValueError("every question needs close > open")
    if np.any((t < open_[q]) | (t > close[q])):
        raise ValueError("a forecast lies outside its question's open window")
    return (t - open_[q]) / length


def time_average(
    question_idx: ArrayLike,
    forecaster_idx: ArrayLike,
    time: ArrayLike,
    scores: ArrayLike,
    open_time: ArrayLike,
    close_time: ArrayLike,
    fill: ArrayLike,
) -> TimeAveraged:
    """Average each forecaster's score over the question's open window.

    For the pair (question q, forecaster f) with forecasts at times
    ``t_1 < ... < t_m`` and scores ``s_1..s_m`` on a window ``[open, close]``::

        avg = (sum_k s_k * (t_{k+1} - t_k) + fill * (t_1 - open)) / (close - open)

    with ``t_{m+1} = close``: each forecast counts while it stands, and the
    time before the first forecast scores ``fill`` (the uniform forecast's
    score; module docstring). Vectorised: one sort and a few reductions.

    Args:
        question_idx: Question of each forecast row (integers indexing the
            ``open_time``/``close_time``/``fill`` arrays).
        forecaster_idx: Forecaster of each row (integers).
        time: Time of each row; no two rows of a pair may share a time.
        scores: Shape ``(n,)`` or ``(n, m)``: the instantaneous score(s) of each row.
        open_time: Start of each question's window.
        close_time: End of each question's window (greater than its start).
        fill: Score of "no forecast yet" per question, shape ``(questions,)``
            or ``(questions, m)``.

    Returns:
        A :class:`TimeAveraged` with one row per (question, forecaster) pair.
    """
    q = np.asarray(question_idx, dtype=np.int64)
    f = np.asarray(forecaster_idx, dtype=np.int64)
    s = np.asarray(scores, dtype=np.float64)
    s2 = s.reshape(len(q), -1)
    o = np.asarray(open_time, dtype=np.float64)
    c = np.asarray(close_time, dtype=np.float64)
    fl = np.asarray(fill, dtype=np.float64).reshape(len(o), -1)
    tau = _normalised_time(q, np.asarray(time, dtype=np.float64), o, c)
    order = np.lexsort((tau, f, q))
    qs, fs, ts = q[order], f[order], tau[order]
    n = len(order)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return TimeAveraged(empty, empty, np.zeros((0, s2.shape[1])), np.zeros(0), empty)
    new_pair = np.ones(n, dtype=bool)
    new_pair[1:] = (qs[1:] != qs[:-1]) | (fs[1:] != fs[:-1])
    if np.any(~new_pair[1:] & (ts[1:] == ts[:-1])):
        raise ValueError("two forecasts of one forecaster on one question share a time")
    end = np.ones(n)
    last_in_pair = np.r_[new_pair[1:], True]
    end[~last_in_pair] = ts[1:][~last_in_pair[:-1]]
    dur = end - ts
    starts = np.flatnonzero(new_pair)
    integral = np.add.reduceat(s2[order] * dur[:, None], starts, axis=0)
    first_t = ts[starts]
    pq = qs[starts]
    avg = integral + fl[pq] * first_t[:, None]
    last_rows = order[np.r_[starts[1:] - 1, n - 1]]
    return TimeAveraged(pq, fs[starts], avg, 1.0 - first_t, last_rows)


def time_averaged_peer(
    question_idx: ArrayLike,
    forecaster_idx: ArrayLike,
    time: ArrayLike,
    p_outcome: ArrayLike,
    open_time: ArrayLike,
    close_time: ArrayLike,
    member: ArrayLike | None = None,
    eps: float = PROB_EPS,
) -> TimeAveraged:
    """Time-averaged Metaculus peer scores, vectorised.

    At each instant the standing forecasts of the *members* define the peer
    scores ``100 * (ln p_i - mean_{j != i} ln p_j)`` (zero-sum across the
    members standing). A non-member row (an aggregate, say) is scored at each
    instant against all members standing, ``100 * (ln p - mean_j ln p_j)``,
    without entering the members' scores. A forecaster without a standing
    forecast scores 0, so the average over the window is::

        (1 / (close - open)) * integral_open^close peer_i(t) dt

    Implementation: all rows of a question sorted by time split the window
    into segments on which the number ``n`` of standing members and the sum
    ``L`` of their ``ln p`` are constant (cumulative sums of per-row changes).
    A member's integral over the segments it stands on is
    ``ln p * sum(len * n/(n-1)) - sum(len * L/(n-1))``: two prefix sums.

    Args:
        question_idx: Question of each row.
        forecaster_idx: Forecaster of each row (members and non-members must
            not share an id).
        time: Time of each row.
        p_outcome: Probability each row gives to the outcome.
        open_time: Start of each question's window.
        close_time: End of each question's window.
        member: Boolean per row; ``None`` means every row is a member.
        eps: Clip bound for the probabilities.

    Returns:
        A :class:`TimeAveraged` with one score column (the peer score).
    """
    q = np.asarray(question_idx, dtype=np.int64)
    f = np.asarray(forecaster_idx, dtype=np.int64)
    lp = np.log(_clip(p_outcome, eps))
    mem = np.ones(len(q), dtype=bool) if member is None else np.asarray(member, dtype=bool)
    o = np.asarray(open_time, dtype=np.float64)
    c = np.asarray(close_time, dtype=np.float64)
    tau = _normalised_time(q, np.asarray(time, dtype=np.float64), o, c)
    n = len(q)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return TimeAveraged(empty, empty, np.zeros((0, 1)), np.zeros(0), empty)

    # Per pair: the change each row makes to L and n when it is placed.
    by_pair = np.lexsort((tau, f, q))
    qp, fp = q[by_pair], f[by_pair]
    new_pair = np.ones(n, dtype=bool)
    new_pair[1:] = (qp[1:] != qp[:-1]) | (fp[1:] != fp[:-1])
    prev_lp = np.r_[0.0, lp[by_pair][:-1]]
    d_l = np.empty(n)
    d_n = np.empty(n)
    d_l[by_pair] = np.where(new_pair, lp[by_pair], lp[by_pair] - prev_lp)
    d_n[by_pair] = new_pair.astype(np.float64)
    d_l[~mem] = 0.0
    d_n[~mem] = 0.0

    # Event order: by question, then time; stable so ties keep a fixed order.
    ev = np.lexsort((tau, q))
    qe, te = q[ev], tau[ev]
    q_start = np.ones(n, dtype=bool)
    q_start[1:] = qe[1:] != qe[:-1]
    seg_len = np.empty(n)
    q_last = np.r_[q_start[1:], True]
    seg_len[q_last] = 1.0 - te[q_last]
    seg_len[~q_last] = te[1:][~q_last[:-1]] - te[:-1][~q_last[:-1]]
    group = np.cumsum(q_start) - 1
    starts = np.flatnonzero(q_start)

    def within_q_cumsum(x: FloatArray) -> FloatArray:
        cs = np.cumsum(x)
        offset = np.r_[0.0, cs[starts[1:] - 1]]
        return cs - offset[group]

    big_l = within_q_cumsum(d_l[ev])
    big_n = np.rint(within_q_cumsum(d_n[ev]))
    with np.errstate(divide="ignore", invalid="ignore"):
        a_mem = np.where(big_n >= 2, seg_len * big_n / (big_n - 1), 0.0)
        b_mem = np.where(big_n >= 2, seg_len * big_l / (big_n - 1), 0.0)
        a_out = np.where(big_n >= 1, seg_len, 0.0)
        b_out = np.where(big_n >= 1, seg_len * big_l / big_n, 0.0)
    pa_mem, pb_mem = np.r_[0.0, np.cumsum(a_mem)], np.r_[0.0, np.cumsum(b_mem)]
    pa_out, pb_out = np.r_[0.0, np.cumsum(a_out)], np.r_[0.0, np.cumsum(b_out)]

    # Each row stands from its own event position to the next row of its pair.
    pos = np.empty(n, dtype=np.int64)
    pos[ev] = np.arange(n)
    q_end = np.r_[starts[1:], n]  # exclusive end position per question group
    pos_sorted = pos[by_pair]
    stop_sorted = np.empty(n, dtype=np.int64)
    last_in_pair = np.r_[new_pair[1:], True]
    stop_sorted[~last_in_pair] = pos_sorted[1:][~last_in_pair[:-1]]
    stop_sorted[last_in_pair] = q_end[group[pos_sorted[last_in_pair]]]
    stop = np.empty(n, dtype=np.int64)
    stop[by_pair] = stop_sorted

    integral = np.where(
        mem,
        lp * (pa_mem[stop] - pa_mem[pos]) - (pb_mem[stop] - pb_mem[pos]),
        lp * (pa_out[stop] - pa_out[pos]) - (pb_out[stop] - pb_out[pos]),
    )
    pair_starts = np.flatnonzero(new_pair)
    total = 100.0 * np.add.reduceat(integral[by_pair], pair_starts)
    first_t = tau[by_pair][pair_starts]
    last_rows = by_pair[np.r_[pair_starts[1:] - 1, n - 1]]
    return TimeAveraged(qp[pair_starts], fp[pair_starts], total[:, None], 1.0 - first_t, last_rows)


# ------------------------------------------------------------------ quantiles


def pinball_loss(levels: ArrayLike, values: ArrayLike, outcome: float) -> float:
    """Mean pinball (quantile) loss over the quantile levels, lower is better.

    For level ``tau`` and quantile value ``x`` the loss is
    ``tau * (y - x)`` when the outcome ``y >= x`` and ``(1 - tau) * (x - y)``
    otherwise (Koenker & Bassett 1978; Gneiting & Raftery 2007, eq. 26). It
    is proper for each quantile.

    Args:
        levels: Quantile levels in (0, 1), e.g. ``[0.1, 0.5, 0.9]``.
        values: The forecaster's value at each level.
        outcome: The value that happened.
    """
    tau = np.asarray(levels, dtype=np.float64)
    x = np.asarray(values, dtype=np.float64)
    if tau.shape != x.shape or tau.size == 0:
        raise ValueError("levels and values must be non-empty and the same length")
    if np.any((tau <= 0) | (tau >= 1)):
        raise ValueError("quantile levels must lie strictly between 0 and 1")
    diff = outcome - x
    return float(np.mean(np.where(diff >= 0, tau * diff, (tau - 1.0) * diff)))


def crps_quantiles(levels: ArrayLike, values: ArrayLike, outcome: float) -> float:
    """CRPS of the distribution given by quantiles, lower is better.

    ``CRPS(F, y) = integral (F(x) - 1{x >= y})**2 dx`` (Matheson & Winkler
    1976; Gneiting & Raftery 2007, eq. 20). F is built from the quantiles:
    linear between consecutive points ``(value_k, level_k)``, with the mass
    below the lowest level placed on the lowest value and the mass above the
    highest level on the highest value (so F is a proper distribution with no
    invented tails). The integral is computed exactly, piece by piece: on a
    piece of length ``d`` where ``F - 1{x >= y}`` goes linearly from ``a`` to
    ``b`` it is ``d * (a*a + a*b + b*b) / 3``. A single quantile (or equal
    values) gives the point forecast ``|value - y|``.

    Args:
        levels: Quantile levels in (0, 1), increasing.
        values: Values at those levels, non-decreasing.
        outcome: The value that happened.
    """
    tau = np.asarray(levels, dtype=np.float64)
    x = np.asarray(values, dtype=np.float64)
    if tau.shape != x.shape or tau.size == 0:
        raise ValueError("levels and values must be non-empty and the same length")
    if np.any((tau <= 0) | (tau >= 1)) or np.any(np.diff(tau) <= 0):
        raise ValueError("quantile levels must be increasing and strictly between 0 and 1")
    if np.any(np.diff(x) < 0):
        raise ValueError("quantile values must not decrease as the level grows")
    y = float(outcome)
    total = 0.0
    # Left of the lowest value F = 0; right of the highest F = 1.
    if y < x[0]:
        total += x[0] - y
    if y > x[-1]:
        total += y - x[-1]
    for k in range(len(x) - 1):
        x0, x1, f0, f1 = x[k], x[k + 1], tau[k], tau[k + 1]
        if x1 <= x0:
            continue
        pieces = [(x0, x1)] if not x0 < y < x1 else [(x0, y), (y, x1)]
        for a_x, b_x in pieces:
            ind = 1.0 if a_x >= y else 0.0
            a = f0 + (f1 - f0) * (a_x - x0) / (x1 - x0) - ind
            b = f0 + (f1 - f0) * (b_x - x0) / (x1 - x0) - ind
            total += (b_x - a_x) * (a * a + a * b + b * b) / 3.0
    return float(total)
