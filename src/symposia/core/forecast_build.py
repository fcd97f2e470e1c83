"""Build a binary :class:`~symposia.core.scorecard.ForecastSet` from Python records.

The CSV reader (:mod:`symposia.core.forecast_io`) builds sets from files; the
web platform builds them from database rows through this module, so both
score through the same :func:`~symposia.core.scorecard.score_forecast_set`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from symposia.core.scorecard import ForecastSet
from symposia.errors import InputError


@dataclass(frozen=True)
class BinaryForecast:
    """One forecast: ``probability`` of yes, made at ``time`` (seconds since the epoch)."""

    question: str
    expert: str
    probability: float
    time: float
    inferred: bool = False


@dataclass(frozen=True)
class BinaryResolution:
    """How a binary question resolved, and its open window (seconds; NaN when unknown)."""

    outcome: int
    open: float = math.nan
    close: float = math.nan


def binary_forecast_set(
    forecasts: Sequence[BinaryForecast], resolutions: Mapping[str, BinaryResolution]
) -> ForecastSet:
    """Forecasts on resolved binary questions as a set ready to score.

    Forecasts on questions without a resolution are left out (they cannot be
    scored yet).

    Raises:
        InputError: a probability outside [0, 1] or an outcome other than 0/1.
    """
    questions = tuple(sorted(resolutions))
    q_pos = {q: i for i, q in enumerate(questions)}
    kept = [f for f in forecasts if f.question in q_pos]
    for f in kept:
        if not 0.0 <= f.probability <= 1.0 or math.isnan(f.probability):
            raise InputError(
                f"forecast of {f.expert} on {f.question}: "
                f"probability {f.probability} is outside [0, 1]",
                "give a probability between 0 and 1",
            )
    for q, r in resolutions.items():
        if r.outcome not in (0, 1):
            raise InputError(
                f"question {q}: outcome {r.outcome!r} is not 0 or 1", "resolve yes or no"
            )
    experts = tuple(sorted({f.expert for f in kept}))
    e_pos = {e: i for i, e in enumerate(experts)}
    return ForecastSet(
        kind="binary",
        questions=questions,
        experts=experts,
        question_idx=np.array([q_pos[f.question] for f in kept], dtype=np.int64),
        expert_idx=np.array([e_pos[f.expert] for f in kept], dtype=np.int64),
        inferred=np.array([f.inferred for f in kept], dtype=bool),
        time=np.array([f.time for f in kept], dtype=np.float64),
        values=np.array([f.probability for f in kept], dtype=np.float64),
        outcome=np.array([resolutions[q].outcome for q in questions], dtype=np.float64),
        n_options=np.full(len(questions), 2, dtype=np.int64),
        open_time=np.array([resolutions[q].open for q in questions], dtype=np.float64),
        close_time=np.array([resolutions[q].close for q in questions], dtype=np.float64),
    )
