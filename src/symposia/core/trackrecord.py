"""Experts' track records across symposia, and the leaderboard.

Input is a :class:`ResolvedForecasts` table: one row per expert, question and
pool (stated or inferred) with the forecast's scores. Stated and inferred
forecasts are kept apart everywhere: an expert has up to two records.

A record holds the number of resolved forecasts and questions, mean Brier,
log and peer scores, a percentile bootstrap 95% interval for the mean Brier
and mean peer score (Efron & Tibshirani 1993, ch. 13; resampling the expert's
forecasts with replacement, seeded so the same data gives the same interval),
and a calibration table of the binary forecasts.

The leaderboard sorts by mean peer score (higher first), then mean Brier
(lower first), then name, and shows a rank only for experts with at least
``min_resolved`` resolved questions; equal scores share a rank (1, 2, 2, 4).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from symposia.core.calibration import (
    CalibrationBin,
    CalibrationTable,
    bin_index,
    calibration_svg,
    calibration_table,
    tables_from_counts,
)

__all__ = [
    "CalibrationBin",
    "CalibrationTable",
    "LeaderboardEntry",
    "ResolvedForecasts",
    "ScoredForecast",
    "TrackRecord",
    "bootstrap_mean_ci",
    "calibration_svg",
    "calibration_table",
    "leaderboard",
    "rank_entries",
    "track_records",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Largest bootstrap block (resamples x forecasts) drawn at once: bounds memory at ~32 MB.
_BLOCK = 4_000_000


@dataclass(frozen=True)
class ScoredForecast:
    """One resolved, scored forecast (the row form of :class:`ResolvedForecasts`).

    Attributes:
        expert: Expert id.
        question: Question id, unique across symposia (e.g. ``"harbor/q1"``).
        probability: Probability of yes for binary questions, NaN otherwise
            (left out of calibration).
        outcome: 1 or 0 for binary questions.
        brier: Brier score.
        log_score: Log score.
        peer_score: Peer score.
        inferred: True if the forecast was inferred from a take, not stated.
    """

    expert: str
    question: str
    probability: float
    outcome: float
    brier: float
    log_score: float
    peer_score: float
    inferred: bool = False


@dataclass(frozen=True)
class ResolvedForecasts:
    """Columnar table of resolved forecasts (one row per expert, question and pool)."""

    experts: tuple[str, ...]
    questions: tuple[str, ...]
    expert_idx: IntArray
    question_idx: IntArray
    inferred: BoolArray
    probability: FloatArray
    outcome: FloatArray
    brier: FloatArray
    log_score: FloatArray
    peer_score: FloatArray

    def __len__(self) -> int:
        return len(self.expert_idx)

    @classmethod
    def from_records(cls, records: Iterable[ScoredForecast]) -> ResolvedForecasts:
        """Build the table from row objects (what the web layer has)."""
        rows = list(records)
        experts = tuple(sorted({r.expert for r in rows}))
        questions = tuple(sorted({r.question for r in rows}))
        e_pos = {e: i for i, e in enumerate(experts)}
        q_pos = {q: i for i, q in enumerate(questions)}
        return cls(
            experts=experts,
            questions=questions,
            expert_idx=np.array([e_pos[r.expert] for r in rows], dtype=np.int64),
            question_idx=np.array([q_pos[r.question] for r in rows], dtype=np.int64),
            inferred=np.array([r.inferred for r in rows], dtype=bool),
            probability=np.array([r.probability for r in rows], dtype=np.float64),
            outcome=np.array([r.outcome for r in rows], dtype=np.float64),
            brier=np.array([r.brier for r in rows], dtype=np.float64),
            log_score=np.array([r.log_score for r in rows], dtype=np.float64),
            peer_score=np.array([r.peer_score for r in rows], dtype=np.float64),
        )


@dataclass(frozen=True)
class TrackRecord:
    """One expert's record in one pool.

    Attributes:
        expert: Expert id.
        kind: ``"stated"`` or ``"inferred"``.
        n: Resolved forecasts.
        n_questions: Distinct resolved questions.
        mean_brier: Mean Brier score.
        brier_ci: Bootstrap interval ``(low, high)`` of the mean Brier score.
        mean_log_score: Mean log score.
        mean_peer: Mean peer score.
        peer_ci: Bootstrap interval of the mean peer score.
        calibration: Calibration table of the binary forecasts.
    """

    expert: str
    kind: str
    n: int
    n_questions: int
    mean_brier: float
    brier_ci: tuple[float, float]
    mean_log_score: float
    mean_peer: float
    peer_ci: tuple[float, float]
    calibration: CalibrationTable


def _rng_for(seed: int, expert: str, inferred: bool) -> np.random.Generator:
    # Seeded by the expert's name, not position, so adding experts changes no one's interval.
    return np.random.default_rng([seed, zlib.crc32(expert.encode("utf-8")), int(inferred)])


def bootstrap_mean_ci(
    columns: npt.ArrayLike,
    n_boot: int = 1000,
    confidence: float = 0.95,
    rng: np.random.Generator | None = None,
) -> list[tuple[float, float]]:
    """Percentile bootstrap intervals for the means of one or more columns.

    The same resamples of rows are used for every column. With one row the
    interval is that value.

    Args:
        columns: Shape ``(n,)`` or ``(n, m)``.
        n_boot: Number of resamples.
        confidence: Interval coverage, e.g. 0.95.
        rng: Random generator (default: seeded with 0).

    Returns:
        One ``(low, high)`` per column.
    """
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    if n_boot < 1:
        raise ValueError("n_boot must be at least 1")
    x = np.asarray(columns, dtype=np.float64)
    x2 = x[:, None] if x.ndim == 1 else x
    n, m = x2.shape
    if n == 0:
        raise ValueError("bootstrap needs at least one value")
    gen = rng if rng is not None else np.random.default_rng(0)
    means = np.empty((n_boot, m))
    block = max(1, _BLOCK // n)
    for start in range(0, n_boot, block):
        b = min(block, n_boot - start)
        # float32 uniforms are about twice as fast as bounded integers; clamp the rare n.
        idx = (gen.random((b, n), dtype=np.float32) * n).astype(np.int32)
        np.minimum(idx, n - 1, out=idx)
        for j in range(m):
            means[start : start + b, j] = np.take(x2[:, j], idx).mean(axis=1)
    alpha = (1.0 - confidence) / 2.0
    lo = np.quantile(means, alpha, axis=0)
    hi = np.quantile(means, 1.0 - alpha, axis=0)
    return [(float(lo[j]), float(hi[j])) for j in range(m)]


def track_records(
    table: ResolvedForecasts,
    n_boot: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
    bins: int = 10,
    workers: int | None = None,
) -> list[TrackRecord]:
    """Track records of every expert and pool, sorted by expert then pool (stated first).

    Args:
        table: Resolved, scored forecasts.
        n_boot: Bootstrap resamples per record.
        seed: Base seed; each record's generator also depends on the expert's name.
        confidence: Interval coverage.
        bins: Calibration bins.
        workers: Threads for the bootstraps (numpy releases the GIL while
            drawing and gathering); default ``min(2, cpu count)``.
    """
    n = len(table)
    if n == 0:
        return []
    # Groups: by expert name order, then stated before inferred.
    name_rank = np.argsort(np.argsort(np.array(table.experts, dtype=object)))
    key = name_rank[table.expert_idx] * 2 + table.inferred.astype(np.int64)
    order = np.argsort(key, kind="stable")
    ks = key[order]
    starts = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]])
    ends = np.r_[starts[1:], n]
    group = np.cumsum(np.r_[True, ks[1:] != ks[:-1]]) - 1
    n_groups = len(starts)

    # Calibration for all groups at once: counts per (group, bin).
    p = table.probability[order]
    o = table.outcome[order]
    binary = ~np.isnan(p)
    cell = group[binary] * bins + bin_index(p[binary], bins)
    size = n_groups * bins
    counts = np.bincount(cell, minlength=size).astype(np.float64).reshape(n_groups, bins)
    sum_p = np.bincount(cell, weights=p[binary], minlength=size).reshape(n_groups, bins)
    sum_o = np.bincount(cell, weights=o[binary], minlength=size).reshape(n_groups, bins)

    brier = table.brier[order]
    peer = table.peer_score[order]
    logs = table.log_score[order]
    qidx = table.question_idx[order]

    def one(g: int) -> TrackRecord:
        a, b = int(starts[g]), int(ends[g])
        row = order[a]
        expert = table.experts[int(table.expert_idx[row])]
        inferred = bool(table.inferred[row])
        cols = np.c_[brier[a:b], peer[a:b]]
        ci_b, ci_p = bootstrap_mean_ci(cols, n_boot, confidence, _rng_for(seed, expert, inferred))
        return TrackRecord(
            expert=expert,
            kind="inferred" if inferred else "stated",
            n=b - a,
            n_questions=len(np.unique(qidx[a:b])),
            mean_brier=float(brier[a:b].mean()),
            brier_ci=ci_b,
            mean_log_score=float(logs[a:b].mean()),
            mean_peer=float(peer[a:b].mean()),
            peer_ci=ci_p,
            calibration=tables_from_counts(counts[g], sum_p[g], sum_o[g]),
        )

    n_workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if n_workers <= 1 or n_groups == 1:
        return [one(g) for g in range(n_groups)]
    with ThreadPoolExecutor(max_workers=n_workers) as ex:
        return list(ex.map(one, range(n_groups)))


def rank_entries(keys: Sequence[tuple[float, ...]], eligible: Sequence[bool]) -> list[int | None]:
    """Competition ranks ("1, 2, 2, 4") by ascending key among the eligible entries.

    Args:
        keys: Sort key per entry (lower is better); equal keys share a rank.
        eligible: Whether each entry gets a rank at all.

    Returns:
        The rank of each entry in input order, None where not eligible.
    """
    ranks: list[int | None] = [None] * len(keys)
    pos = sorted((i for i in range(len(keys)) if eligible[i]), key=lambda i: keys[i])
    prev: tuple[float, ...] | None = None
    current = 0
    for place, i in enumerate(pos, start=1):
        if keys[i] != prev:
            current = place
            prev = keys[i]
        ranks[i] = current
    return ranks


@dataclass(frozen=True)
class LeaderboardEntry:
    """A leaderboard line; ``rank`` is None below the minimum of resolved questions."""

    rank: int | None
    expert: str
    n_questions: int
    mean_peer: float
    peer_ci: tuple[float, float]
    mean_brier: float
    brier_ci: tuple[float, float]


def leaderboard(
    records: Sequence[TrackRecord], min_resolved: int = 10, kind: str = "stated"
) -> list[LeaderboardEntry]:
    """The leaderboard of one pool: ranked experts first, then the unranked ones.

    Args:
        records: From :func:`track_records`.
        min_resolved: Resolved questions an expert needs to be ranked (the
            ``min_resolved`` setting); others are listed without a rank.
        kind: ``"stated"`` or ``"inferred"``.
    """
    if min_resolved < 0:
        raise ValueError("min_resolved must be zero or more")
    pool = [r for r in records if r.kind == kind]
    keys = [(-r.mean_peer, r.mean_brier) for r in pool]
    ranks = rank_entries(keys, [r.n_questions >= min_resolved for r in pool])
    entries = [
        LeaderboardEntry(
            rank, r.expert, r.n_questions, r.mean_peer, r.peer_ci, r.mean_brier, r.brier_ci
        )
        for rank, r in zip(ranks, pool, strict=True)
    ]
    entries.sort(key=lambda e: (e.rank is None, -e.mean_peer, e.mean_brier, e.expert))
    return entries
