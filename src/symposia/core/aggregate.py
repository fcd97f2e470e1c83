"""Aggregate forecasts of a panel into one community forecast.

Three aggregates, each defined for a single forecaster (it returns that
forecast) and for ties:

- :func:`median_forecast`: the plain median of the probabilities; with an even
  number of forecasters the mean of the two middle ones.
- :func:`mean_log_odds`: ``sigmoid(d * mean(logit p_i))``, the geometric mean
  of the odds, optionally extremized by ``d`` (Satopää et al. 2014,
  "Combining multiple probability predictions using a simple logit model",
  IJF 30). For several options the same rule reads
  ``p_k ∝ exp(d * mean_i ln p_ik)``, which is the binary formula when K = 2.
- :func:`recency_weighted`: the weighted median in the style of Metaculus'
  community prediction (Metaculus FAQ, "What is the community prediction?"):
  of the N standing forecasts, the n-th oldest (n = 1..N) gets weight
  ``exp(sqrt(n))``, so newer forecasts weigh more. Forecasts made at the same
  time share the mean of the weights of the ranks they span, so the result
  does not depend on input order.

The weighted median is the smallest value whose cumulative weight exceeds
half the total; when the cumulative weight hits exactly half at a value, it is
the mean of that value and the next, which makes equal weights give exactly the
plain median. For several options each option is aggregated on its own and
the result renormalised to sum to 1.

:func:`community_stream` turns any aggregate into a forecaster: one community
forecast per question each time a member forecast changes, which
:mod:`symposia.core.scoring` then scores like any other forecaster.
"""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from symposia.core.scoring import PROB_EPS

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Method = Literal["median", "mean_log_odds", "recency_weighted"]

#: The aggregates by name, in the order reports list them.
METHODS: tuple[Method, ...] = ("median", "mean_log_odds", "recency_weighted")


def _as_matrix(probs: npt.ArrayLike) -> tuple[FloatArray, bool]:
    p = np.asarray(probs, dtype=np.float64)
    if p.ndim == 0 or p.size == 0:
        raise ValueError("aggregating needs at least one forecast")
    if p.ndim == 1:
        return p[:, None], True
    return p, False


def _finish(agg: FloatArray, binary: bool) -> FloatArray | float:
    if binary:
        return float(agg[0])
    return agg / agg.sum()


def median_forecast(probs: npt.ArrayLike) -> FloatArray | float:
    """Median of the forecasts.

    Args:
        probs: Shape ``(n,)`` of binary probabilities, or ``(n, K)`` of
            multiple-choice forecasts (each option's median, renormalised).

    Returns:
        A probability for binary input, else a length-K vector summing to 1.
    """
    p, binary = _as_matrix(probs)
    return _finish(np.median(p, axis=0), binary)


def mean_log_odds(
    probs: npt.ArrayLike, extremize: float = 1.0, eps: float = PROB_EPS
) -> FloatArray | float:
    """Mean of log-odds, optionally extremized.

    Binary: ``sigmoid(d * mean_i logit(p_i))`` with probabilities clipped to
    ``[eps, 1 - eps]`` first (0 and 1 have infinite log-odds). ``d = 1`` is the
    geometric mean of the odds; ``d > 1`` pushes away from 1/2.

    Args:
        probs: Shape ``(n,)`` or ``(n, K)`` as in :func:`median_forecast`.
        extremize: The factor ``d`` (positive).
        eps: Clip bound.
    """
    if extremize <= 0:
        raise ValueError("extremize must be positive")
    p, binary = _as_matrix(probs)
    lp = np.log(np.clip(p, eps, 1.0 - eps))
    if binary:
        lq = np.log(np.clip(1.0 - p[:, 0], eps, 1.0 - eps))
        z = extremize * float(np.mean(lp[:, 0] - lq))
        return float(1.0 / (1.0 + np.exp(-z)))
    z2 = extremize * lp.mean(axis=0)
    w = np.exp(z2 - z2.max())
    return w / w.sum()


def recency_weights(times: npt.ArrayLike) -> FloatArray:
    """Metaculus-style recency weights ``exp(sqrt(n))`` for the n-th oldest forecast.

    Ties in time share the mean weight of the ranks they span.

    Args:
        times: Time of each forecast (any unit).

    Returns:
        One positive weight per forecast, in input order.
    """
    t = np.asarray(times, dtype=np.float64)
    if t.size == 0:
        return np.zeros(0)
    order = np.argsort(t, kind="stable")
    ts = t[order]
    rank_w = np.exp(np.sqrt(np.arange(1, t.size + 1, dtype=np.float64)))
    # Mean of the weights within each run of equal times.
    run_start = np.r_[True, ts[1:] != ts[:-1]]
    run_id = np.cumsum(run_start) - 1
    sums = np.bincount(run_id, weights=rank_w)
    counts = np.bincount(run_id)
    w = np.empty(t.size)
    w[order] = (sums / counts)[run_id]
    return w


def weighted_median(values: npt.ArrayLike, weights: npt.ArrayLike) -> float:
    """Weighted median: the smallest value whose cumulative weight exceeds half the total.

    If the cumulative weight equals half the total exactly (relative
    tolerance 1e-12) at some value, the result is the mean of that value and
    the next one, so equal weights give the ordinary median.

    Args:
        values: The values.
        weights: Non-negative weights with a positive sum.
    """
    v = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if v.size == 0 or v.shape != w.shape:
        raise ValueError("values and weights must be non-empty and the same length")
    if np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be non-negative with a positive sum")
    return _weighted_median(v, w)


def _weighted_median(v: FloatArray, w: FloatArray) -> float:
    order = np.argsort(v, kind="stable")
    vs, cw = v[order], np.cumsum(w[order])
    half = cw[-1] / 2.0
    tol = 1e-12 * cw[-1]  # cumulative sums carry rounding; "exactly half" allows for it
    k = int(np.searchsorted(cw, half - tol, side="left"))
    if abs(cw[k] - half) <= tol and k + 1 < vs.size:
        return float((vs[k] + vs[k + 1]) / 2.0)
    return float(vs[k])


def recency_weighted(probs: npt.ArrayLike, times: npt.ArrayLike) -> FloatArray | float:
    """Recency-weighted median (Metaculus-style community prediction).

    Args:
        probs: Shape ``(n,)`` or ``(n, K)`` as in :func:`median_forecast`.
        times: When each forecast was made; newer forecasts weigh more
            (:func:`recency_weights`).
    """
    p, binary = _as_matrix(probs)
    w = recency_weights(times)
    if w.shape[0] != p.shape[0]:
        raise ValueError("one time per forecast is needed")
    agg = np.array([weighted_median(p[:, k], w) for k in range(p.shape[1])])
    return _finish(agg, binary)


def aggregate(
    method: Method, probs: npt.ArrayLike, times: npt.ArrayLike | None = None, extremize: float = 1.0
) -> FloatArray | float:
    """Apply the aggregate named ``method`` (one of :data:`METHODS`).

    Args:
        method: ``"median"``, ``"mean_log_odds"`` or ``"recency_weighted"``.
        probs: Shape ``(n,)`` or ``(n, K)``.
        times: Forecast times, used by ``recency_weighted`` (all equal if None).
        extremize: Factor for ``mean_log_odds``.
    """
    if method == "median":
        return median_forecast(probs)
    if method == "mean_log_odds":
        return mean_log_odds(probs, extremize)
    if method == "recency_weighted":
        n = np.asarray(probs).shape[0]
        return recency_weighted(probs, np.zeros(n) if times is None else times)
    raise ValueError(f"unknown aggregate {method!r}; choose one of {', '.join(METHODS)}")


def aggregate_quantiles(
    method: Method, values: npt.ArrayLike, times: npt.ArrayLike | None = None
) -> FloatArray:
    """Aggregate quantile forecasts level by level (all on the same levels).

    ``median`` and ``recency_weighted`` take the (weighted) median of the
    values at each level; ``mean_log_odds`` has no meaning for values and is
    read as their mean ("quantile averaging", Vincentization). Each rule keeps
    the values non-decreasing across levels.

    Args:
        method: One of :data:`METHODS`.
        values: Shape ``(n, L)``: n forecasters' values at the same L levels.
        times: Forecast times for ``recency_weighted``.
    """
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 2 or v.shape[0] == 0:
        raise ValueError("values must have shape (forecasters, levels) with a forecaster")
    if method == "median":
        return np.median(v, axis=0)
    if method == "mean_log_odds":
        return v.mean(axis=0)
    if method == "recency_weighted":
        w = recency_weights(np.zeros(v.shape[0]) if times is None else times)
        return np.array([weighted_median(v[:, k], w) for k in range(v.shape[1])])
    raise ValueError(f"unknown aggregate {method!r}; choose one of {', '.join(METHODS)}")


def _binary_stream(
    fs: list[int], ts: list[float], ps: list[float], method: Method, extremize: float
) -> tuple[list[float], list[float]]:
    """Community forecasts of one binary question at each distinct time, updated incrementally.

    Same results as calling :func:`aggregate` on the standing forecasts after
    each time, but the median keeps a sorted list, the mean of log-odds a
    running sum, and the recency weights reuse one table (forecasts stand in
    time order because each update moves its forecaster to the end).
    """
    if method not in METHODS:
        raise ValueError(f"unknown aggregate {method!r}; choose one of {', '.join(METHODS)}")
    standing: dict[int, tuple[float, float]] = {}  # forecaster -> (p, time), oldest first
    time_counts: dict[float, int] = {}
    ordered: list[float] = []
    logit_sum = 0.0
    weights = np.exp(np.sqrt(np.arange(1, len(ts) + 1, dtype=np.float64)))
    out_t: list[float] = []
    out_p: list[float] = []
    k, n = 0, len(ts)
    while k < n:
        now = ts[k]
        while k < n and ts[k] == now:
            old = standing.pop(fs[k], None)
            if old is not None:
                time_counts[old[1]] -= 1
                if not time_counts[old[1]]:
                    del time_counts[old[1]]
                if method == "median":
                    del ordered[bisect.bisect_left(ordered, old[0])]
                elif method == "mean_log_odds":
                    logit_sum -= _logit(old[0])
            standing[fs[k]] = (ps[k], now)
            time_counts[now] = time_counts.get(now, 0) + 1
            if method == "median":
                bisect.insort(ordered, ps[k])
            elif method == "mean_log_odds":
                logit_sum += _logit(ps[k])
            k += 1
        m = len(standing)
        if method == "median":
            val = ordered[m // 2] if m % 2 else (ordered[m // 2 - 1] + ordered[m // 2]) / 2.0
        elif method == "mean_log_odds":
            val = 1.0 / (1.0 + math.exp(-extremize * logit_sum / m))
        else:
            vals = np.fromiter((v for v, _ in standing.values()), dtype=np.float64, count=m)
            if len(time_counts) == m:
                w = weights[:m]
            else:  # ties in time share their ranks' mean weight
                w = recency_weights([tt for _, tt in standing.values()])
            val = _weighted_median(vals, w)
        out_t.append(now)
        out_p.append(val)
    return out_t, out_p


def _logit(p: float, eps: float = PROB_EPS) -> float:
    c = min(max(p, eps), 1.0 - eps)
    return math.log(c) - math.log1p(-c)


@dataclass(frozen=True)
class CommunityStream:
    """A community forecaster: its forecasts, one row per (question, change time).

    Attributes:
        question_idx: Question of each community forecast.
        time: When it took effect (a time at which a member forecast changed).
        probs: Shape ``(rows, K)``: the aggregated forecast (column 0 is the
            probability of yes for binary questions).
    """

    question_idx: IntArray
    time: FloatArray
    probs: FloatArray


def community_stream(
    question_idx: npt.ArrayLike,
    forecaster_idx: npt.ArrayLike,
    time: npt.ArrayLike,
    probs: npt.ArrayLike,
    method: Method,
    extremize: float = 1.0,
    n_options: npt.ArrayLike | None = None,
    quantiles: bool = False,
) -> CommunityStream:
    """The community forecast of every question, recomputed whenever a forecast changes.

    At each distinct forecast time of a question, the aggregate of every
    forecaster's latest forecast made up to and including that time. Without
    times (all equal) this is one community forecast per question from all
    forecasts. Cost: one aggregate per distinct time, a Python loop over those.

    Args:
        question_idx: Question of each row.
        forecaster_idx: Forecaster of each row.
        time: Time of each row.
        probs: Shape ``(n,)`` (binary) or ``(n, K)``; K columns padded with 0
            for questions with fewer options are fine (they stay 0).
        method: Which aggregate.
        extremize: Factor for ``mean_log_odds``.
        n_options: Number of real options of each question (multiple choice
            with padded columns); the padding stays 0.
        quantiles: ``probs`` are quantile values ``(n, L)`` on shared levels:
            aggregate with :func:`aggregate_quantiles`, no renormalising.
    """
    q = np.asarray(question_idx, dtype=np.int64)
    f = np.asarray(forecaster_idx, dtype=np.int64)
    t = np.asarray(time, dtype=np.float64)
    p = np.asarray(probs, dtype=np.float64)
    binary = p.ndim == 1
    p2 = p[:, None] if binary else p
    out_q: list[int] = []
    out_t: list[float] = []
    out_p: list[FloatArray] = []
    order = np.lexsort((t, q))
    bounds = np.flatnonzero(np.r_[True, q[order][1:] != q[order][:-1], True])
    n_opt = None if n_options is None else np.asarray(n_options, dtype=np.int64)
    for a, b in itertools.pairwise(bounds):
        rows = order[a:b]
        if binary and not quantiles:
            ts, ps = _binary_stream(
                f[rows].tolist(), t[rows].tolist(), p[rows].tolist(), method, extremize
            )
            out_q.extend([int(q[rows[0]])] * len(ts))
            out_t.extend(ts)
            out_p.extend(np.array([v]) for v in ps)
            continue
        standing: dict[int, int] = {}
        k = 0
        while k < len(rows):
            k_end = k
            while k_end < len(rows) and t[rows[k_end]] == t[rows[k]]:
                standing[int(f[rows[k_end]])] = int(rows[k_end])
                k_end += 1
            idx = np.fromiter(standing.values(), dtype=np.int64)
            if quantiles:
                agg = aggregate_quantiles(method, p2[idx], t[idx])
            elif binary:
                agg = np.array([float(aggregate(method, p[idx], t[idx], extremize))])
            else:
                k_opt = p2.shape[1] if n_opt is None else int(n_opt[q[rows[k]]])
                agg = np.zeros(p2.shape[1])
                agg[:k_opt] = aggregate(method, p2[idx, :k_opt], t[idx], extremize)
            out_q.append(int(q[rows[k]]))
            out_t.append(float(t[rows[k]]))
            out_p.append(agg)
            k = k_end
    probs_out = np.vstack(out_p) if out_p else np.zeros((0, p2.shape[1]))
    return CommunityStream(np.asarray(out_q, dtype=np.int64), np.asarray(out_t), probs_out)
