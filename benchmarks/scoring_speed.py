"""Benchmark: score 1,000,000 generated forecasts and build every expert's track record.

Generates (seeded) binary questions with a hidden true probability, experts of
varying skill, and forecasts with update times inside each question's window,
then times the vectorised engines of :mod:`symposia.core.scoring` and
:mod:`symposia.core.trackrecord`:

    python benchmarks/scoring_speed.py              # 1,000,000 forecasts, 10,000 q, 1,000 experts
    python benchmarks/scoring_speed.py --n 100000   # a smaller run
    python benchmarks/scoring_speed.py --report     # also the full ScoreReport path (slow part)

Targets on 2 cores: scoring <= 5 s, track records for all experts <= 10 s.
It prints a table; it is not a timed test.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from symposia.core import aggregate as agg
from symposia.core import scoring as sc
from symposia.core.trackrecord import ResolvedForecasts, track_records

WINDOW = 1000.0  # every question is open over [0, WINDOW]


def generate(n: int, n_questions: int, n_experts: int, seed: int) -> dict[str, Any]:
    """Forecast rows (question, expert, time, p) plus each question's outcome."""
    rng = np.random.default_rng(seed)
    truth = rng.beta(2.0, 2.0, size=n_questions)
    outcome = (rng.random(n_questions) < truth).astype(np.float64)
    skill = rng.gamma(2.0, 0.4, size=n_experts)  # noise scale on the log-odds
    # About 80% of rows are first forecasts on distinct (question, expert) pairs, the rest updates.
    n_pairs = min(int(n * 0.8), n_questions * n_experts)
    pair = rng.choice(n_questions * n_experts, size=n_pairs, replace=False)
    pair = np.r_[pair, pair[rng.integers(0, n_pairs, size=n - n_pairs)]]
    q = (pair // n_experts).astype(np.int64)
    e = (pair % n_experts).astype(np.int64)
    t = rng.random(n) * WINDOW
    logit = np.log(truth[q] / (1 - truth[q])) + rng.normal(0.0, 1.0, n) * skill[e]
    p = np.round(1.0 / (1.0 + np.exp(-logit)), 3)  # forecasts come in 0.1% steps
    return {"q": q, "e": e, "t": t, "p": p, "outcome": outcome}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="forecasts")
    ap.add_argument("--questions", type=int, default=10_000)
    ap.add_argument("--experts", type=int, default=1_000)
    ap.add_argument("--boot", type=int, default=1000, help="bootstrap resamples per record")
    ap.add_argument("--workers", type=int, default=2, help="threads for the bootstraps")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--report", action="store_true", help="also time score_forecast_set")
    args = ap.parse_args()

    rows: list[tuple[str, int, float, float]] = []

    def step(name: str, n_rows: int, fn: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t0
        rows.append((name, n_rows, dt, peak_rss_mb()))
        return out

    data = step(
        "generate", args.n, lambda: generate(args.n, args.questions, args.experts, args.seed)
    )
    q, e, t, p, outcome = data["q"], data["e"], data["t"], data["p"], data["outcome"]
    nq = args.questions
    open_t, close_t = np.zeros(nq), np.full(nq, WINDOW)
    n = len(q)

    def instant() -> tuple[np.ndarray, np.ndarray]:
        o = outcome[q]
        p_out = np.where(o == 1.0, p, 1.0 - p)
        cols = np.c_[(p - o) ** 2, sc.log_score(p_out), sc.baseline_score(p_out, 2)]
        return cols, p_out

    t_score0 = time.perf_counter()
    cols, p_out = step("instant Brier, log, baseline", n, instant)
    fill = np.c_[np.full(nq, 0.25), np.full(nq, np.log(0.5)), np.zeros(nq)]
    ta = step(
        "time-averaged Brier, log, baseline",
        n,
        lambda: sc.time_average(q, e, t, cols, open_t, close_t, fill),
    )
    peer = step(
        "time-averaged peer score",
        n,
        lambda: sc.time_averaged_peer(q, e, t, p_out, open_t, close_t),
    )

    def per_expert() -> np.ndarray:
        k = ta.forecaster_idx
        cnt = np.bincount(k, minlength=args.experts)
        sums = [np.bincount(k, weights=ta.scores[:, j], minlength=args.experts) for j in range(3)]
        sums.append(np.bincount(k, weights=peer.scores[:, 0], minlength=args.experts))
        return np.c_[tuple(sums)] / np.maximum(cnt, 1)[:, None]

    step("per-expert means", len(ta.question_idx), per_expert)

    def at_close() -> np.ndarray:
        last = ta.last_row
        return sc.peer_scores_grouped(q[last], p_out[last])

    step("peer score of final forecasts", len(ta.question_idx), at_close)
    t_score = time.perf_counter() - t_score0

    last = ta.last_row
    step(
        "community at close (3 aggregates)",
        len(last),
        lambda: [
            agg.community_stream(q[last], e[last], np.zeros(len(last)), p[last], m)
            for m in agg.METHODS
        ],
    )

    table = ResolvedForecasts(
        experts=tuple(f"expert-{i:04d}" for i in range(args.experts)),
        questions=tuple(f"q{i}" for i in range(nq)),
        expert_idx=ta.forecaster_idx,
        question_idx=ta.question_idx,
        inferred=np.zeros(len(last), dtype=bool),
        probability=p[last],
        outcome=outcome[ta.question_idx],
        brier=ta.scores[:, 0],
        log_score=ta.scores[:, 1],
        peer_score=peer.scores[:, 0],
    )
    t_rec0 = time.perf_counter()
    records = step(
        f"track records (bootstrap x{args.boot}, calibration)",
        len(table),
        lambda: track_records(table, n_boot=args.boot, workers=args.workers),
    )
    t_rec = time.perf_counter() - t_rec0

    if args.report:
        from symposia.core.scorecard import ForecastSet, score_forecast_set

        fs = ForecastSet(
            kind="binary",
            questions=tuple(f"q{i}" for i in range(nq)),
            experts=tuple(f"expert-{i:04d}" for i in range(args.experts)),
            question_idx=q,
            expert_idx=e,
            inferred=np.zeros(n, dtype=bool),
            time=t,
            values=p,
            outcome=outcome,
            n_options=np.full(nq, 2, dtype=np.int64),
            open_time=open_t,
            close_time=close_t,
        )
        step("full ScoreReport (objects, community streams)", n, lambda: score_forecast_set(fs))

    head = f"{'step':<46} {'rows':>10} {'seconds':>8} {'rows/s':>12} {'peak RSS MB':>12}"
    print(head)
    print("-" * len(head))
    for name, n_rows, dt, rss in rows:
        rate = f"{n_rows / dt:,.0f}" if dt > 0 else "-"
        print(f"{name:<46} {n_rows:>10,} {dt:>8.2f} {rate:>12} {rss:>12.0f}")
    print("-" * len(head))
    print(f"{'scoring total (target <= 5 s)':<46} {n:>10,} {t_score:>8.2f}")
    print(f"{'track records total (target <= 10 s)':<46} {len(records):>10,} {t_rec:>8.2f}")


if __name__ == "__main__":
    main()
