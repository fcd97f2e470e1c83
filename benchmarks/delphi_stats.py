"""Benchmark: the statistics of a Delphi round, from a panel's answers to the stop decision.

Generates (seeded) two rounds of a panel: stance answers on statements,
binary forecasts and rankings of items, where round 2 drifts towards the
round-1 majority as Delphi panels do. Times each step of
:mod:`symposia.core.delphi` and Kendall's W on a large ranking:

    python benchmarks/delphi_stats.py                 # 80 experts, 20 statements, 10 questions
    python benchmarks/delphi_stats.py --experts 1000  # a big panel

Target on 2 cores: a whole round for 80 experts in under 50 ms (the editor's
page recomputes it on every view). It prints a table; it is not a timed test.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

from symposia.core.delphi import (
    RoundStats,
    ThemeCount,
    Thresholds,
    agreements,
    changes,
    concordance,
    feedback,
    forecast_spread,
    kendall_w,
    midranks,
    stop_decision,
)
from symposia.core.stance import OPINIONS, Likert, StanceAnswer

TARGET_MS = 50.0


def generate(experts: int, statements: int, questions: int, items: int, seed: int) -> dict:
    rng = random.Random(seed)
    answers: list[list[StanceAnswer]] = [[], []]
    forecasts: list[dict[str, list[float]]] = [{}, {}]
    orders: list[list[list[str]]] = [[], []]
    names = [f"item-{k}" for k in range(items)]
    for s in range(statements):
        lean = rng.random()
        for e in range(experts):
            first = rng.choice(OPINIONS if rng.random() < lean else [*OPINIONS, Likert.NO_OPINION])
            second = first if rng.random() < 0.7 else rng.choice(OPINIONS[:2])
            answers[0].append(StanceAnswer(f"e{e}", f"s{s}", first))
            answers[1].append(StanceAnswer(f"e{e}", f"s{s}", second))
    for q in range(questions):
        truth = rng.random()
        p1 = [min(1.0, max(0.0, rng.gauss(truth, 0.25))) for _ in range(experts)]
        mid = sorted(p1)[len(p1) // 2]
        forecasts[0][f"q{q}"] = p1
        forecasts[1][f"q{q}"] = [p + (mid - p) * rng.random() * 0.6 for p in p1]
    for _ in range(experts):
        base = names[:]
        rng.shuffle(base)
        orders[0].append(base)
        orders[1].append(sorted(base, key=lambda i: (names.index(i) + rng.random() * items) / 2))
    return {"answers": answers, "forecasts": forecasts, "orders": orders, "items": names}


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1000, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--experts", type=int, default=80)
    ap.add_argument("--statements", type=int, default=20)
    ap.add_argument("--questions", type=int, default=10)
    ap.add_argument("--items", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    data = generate(args.experts, args.statements, args.questions, args.items, args.seed)
    a1, a2 = data["answers"]
    rows: list[tuple[str, float]] = []

    def round_stats(r: int) -> RoundStats:
        return RoundStats(
            r,
            statements=agreements(data["answers"][r - 1]),
            forecasts=[forecast_spread(q, v) for q, v in data["forecasts"][r - 1].items()],
            rankings=[concordance("r", data["items"], data["orders"][r - 1])],
        )

    ms, _ = timed(lambda: agreements(a2))
    rows.append((f"agreement, {args.statements} statements", ms))
    ms, ch = timed(lambda: changes(a1, a2))
    rows.append(("change between rounds", ms))
    ms, _ = timed(lambda: [forecast_spread(q, v) for q, v in data["forecasts"][1].items()])
    rows.append((f"IQR, {args.questions} questions", ms))
    ms, conc = timed(lambda: concordance("r", data["items"], data["orders"][1]))
    rows.append((f"Kendall's W, {args.experts} x {args.items} items", ms))
    ms, stats = timed(lambda: round_stats(2))
    rows.append(("whole round (all of the above)", ms))
    total = ms
    ms, decision = timed(lambda: stop_decision(stats, Thresholds(), 3))
    rows.append(("stop decision", ms))
    ms, _ = timed(
        lambda: feedback(
            1,
            themes=[ThemeCount(f"theme {i}", 10, args.experts) for i in range(12)],
            answers=a1,
            spreads=round_stats(1).forecasts,
            rankings=round_stats(1).rankings,
        )
    )
    rows.append(("group feedback of round 1", ms))
    big_items = [f"i{k}" for k in range(50)]
    rng = random.Random(args.seed)
    big = [midranks(rng.sample(big_items, len(big_items)), big_items) for _ in range(1000)]
    ms, _ = timed(lambda: kendall_w(big), repeat=3)
    rows.append(("Kendall's W, 1000 experts x 50 items", ms))

    print(f"Delphi statistics: {args.experts} experts, seed {args.seed}")
    print(f"{'step':<42} {'ms':>9}")
    for name, value in rows:
        print(f"{name:<42} {value:>9.2f}")
    moved = sum(c.moved for c in ch)
    print(
        f"\nexperts who moved: {moved} answers; W round 2 = {conc.w:.3f}; "
        f"decision: {'stop' if decision.stop else 'continue'} ({decision.reason})"
    )
    verdict = "met" if total <= TARGET_MS else "MISSED"
    print(f"target: whole round <= {TARGET_MS:.0f} ms: {verdict} ({total:.1f} ms)")


if __name__ == "__main__":
    main()
