"""Forecasts in the platform: record, resolve, infer from takes, score, track records.

All scoring is :mod:`symposia.core.scorecard` and :mod:`symposia.core.trackrecord`;
this module only moves rows between the database and those functions.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from symposia.core.claims import estimative_probability
from symposia.core.forecast_build import BinaryForecast, BinaryResolution, binary_forecast_set
from symposia.core.scorecard import ScoreReport, score_forecast_set
from symposia.core.trackrecord import TrackRecord, leaderboard, track_records
from symposia.errors import InputError
from symposia.web.forecasts.models import Forecast, ForecastQuestion, Resolution
from symposia.web.panel.models import Expert
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take

#: Tolerance for multiple-choice probabilities summing to 1.
SUM_TOLERANCE = 0.01


def _ts(dt: datetime | None) -> float:
    return dt.timestamp() if dt else math.nan


def record_forecast(
    question: ForecastQuestion,
    expert: Expert,
    *,
    probability: float | None = None,
    probabilities: dict[str, float] | None = None,
    quantiles: dict[str, float] | None = None,
    rationale: str = "",
    now: datetime | None = None,
) -> Forecast:
    """Store a new forecast (updates are new rows, the history is kept).

    Raises:
        InputError: the question is closed, or the numbers do not fit its kind.
    """
    now = now or timezone.now()
    if now >= question.close_at:
        raise InputError(
            f"question '{question.slug}' closed at {question.close_at:%Y-%m-%d %H:%M} UTC",
            "forecasts can only be given or updated before the close date",
        )
    kind = question.kind
    if kind == ForecastQuestion.Kind.BINARY:
        if probability is None or not 0.0 <= probability <= 1.0:
            raise InputError(
                f"probability {probability!r} is not in [0, 1]", "give a probability from 0 to 1"
            )
    elif kind == ForecastQuestion.Kind.MULTIPLE_CHOICE:
        probabilities = probabilities or {}
        unknown = set(probabilities) - set(question.options)
        if unknown:
            raise InputError(
                f"unknown option {sorted(unknown)[0]!r}",
                f"use one of {', '.join(question.options)}",
            )
        if any(not 0.0 <= p <= 1.0 for p in probabilities.values()):
            raise InputError("every option's probability must be in [0, 1]")
        total = sum(probabilities.values())
        if abs(total - 1.0) > SUM_TOLERANCE:
            raise InputError(
                f"the option probabilities sum to {total:.3f}, not 1",
                "make them add up to 1 (100%)",
            )
        probabilities = {k: v / total for k, v in probabilities.items()}
    else:
        quantiles = quantiles or {}
        levels = sorted(quantiles, key=float)
        values = [quantiles[k] for k in levels]
        if len(levels) < 2 or any(b < a for a, b in pairwise(values)):
            raise InputError(
                "quantiles must have at least two levels and not decrease as the level grows",
                "give e.g. 10%, 50% and 90% values in increasing order",
            )
    return Forecast.objects.create(
        question=question,
        expert=expert,
        probability=probability,
        probabilities=probabilities,
        quantiles=quantiles,
        rationale=rationale,
        made_at=now,
    )


@transaction.atomic
def resolve(
    question: ForecastQuestion,
    outcome: str,
    *,
    source_note: str,
    option: str = "",
    value: float | None = None,
    reason: str = "",
    user: Any = None,
    now: datetime | None = None,
) -> Resolution:
    """Resolve a question, or correct its resolution (a reason is then required).

    The previous resolution stays in the log, marked not current.

    Raises:
        InputError: resolving before close, a missing source note or correction
            reason, or an outcome that does not fit the question's kind.
    """
    now = now or timezone.now()
    if now < question.close_at:
        raise InputError(
            f"question '{question.slug}' is still open until "
            f"{question.close_at:%Y-%m-%d %H:%M} UTC",
            "resolve it after it closes",
        )
    if not source_note.strip():
        raise InputError("a resolution needs a source note", "say where the outcome is documented")
    valid = {c for c, _ in Resolution.Outcome.choices}
    if outcome not in valid:
        raise InputError(
            f"outcome {outcome!r} is unknown", f"use one of {', '.join(sorted(valid))}"
        )
    kind = question.kind
    if kind == ForecastQuestion.Kind.BINARY and outcome in ("option", "value"):
        raise InputError("a binary question resolves yes or no (or annulled/ambiguous)")
    if outcome == "option" and option not in question.options:
        raise InputError(f"{option!r} is not an option of this question")
    if outcome == "value" and value is None:
        raise InputError("a numeric resolution needs a value")
    current = (
        Resolution.objects.select_for_update().filter(question=question, is_current=True).first()
    )
    if current is not None:
        if not reason.strip():
            raise InputError(
                f"question '{question.slug}' is already resolved ({current.outcome})",
                "give a reason to correct the resolution",
            )
        current.is_current = False
        current.save(update_fields=["is_current"])
    return Resolution.objects.create(
        question=question,
        outcome=outcome,
        option=option,
        value=value,
        source_note=source_note,
        correction_reason=reason,
        resolved_at=now,
        resolved_by=user if getattr(user, "is_authenticated", False) else None,
    )


@dataclass
class Inferred:
    forecast: Forecast
    phrase: str
    sentence: str


@transaction.atomic
def infer_forecast(
    take: Take,
    start: int,
    end: int,
    question: ForecastQuestion,
) -> Inferred:
    """Turn a prediction sentence of a take into the expert's inferred forecast on ``question``.

    The probability comes from the words of estimative probability in the
    sentence, which must be a verbatim span of the take's body.

    Raises:
        InputError: the span is outside the body, or the sentence has no
            estimative words, or the question is not binary.
    """
    if not 0 <= start < end <= len(take.body):
        raise InputError(f"span {start}-{end} is outside the take's body (length {len(take.body)})")
    if question.kind != ForecastQuestion.Kind.BINARY:
        raise InputError("inferred forecasts are for binary questions", "choose a yes/no question")
    sentence = take.body[start:end]
    found = estimative_probability(sentence)
    if found is None:
        raise InputError(
            "the sentence has no words of estimative probability "
            "('likely', 'almost certainly', ...)",
            "pick a prediction sentence that says how likely it is",
        )
    phrase, p = found
    made_at = take.publish_at or take.created_at
    if made_at >= question.close_at:
        made_at = question.close_at - timedelta(seconds=1)
    forecast, _ = Forecast.objects.update_or_create(
        question=question,
        expert=take.expert,
        inferred=True,
        source_take=take,
        defaults={
            "probability": p,
            "made_at": made_at,
            "source_start": start,
            "source_end": end,
            "rationale": sentence,
        },
    )
    return Inferred(forecast, phrase, sentence)


def _binary_set(
    questions: list[ForecastQuestion], expert_key: Callable[[Expert], str] | None = None
) -> Any:
    key_of = expert_key or (lambda e: e.slug)
    resolved: dict[str, BinaryResolution] = {}
    slugs = {}
    for q in questions:
        res = next((r for r in q.resolutions.all() if r.is_current), None)
        if res is None or res.outcome not in ("yes", "no"):
            continue
        key = f"{q.symposium_id}/{q.slug}"
        slugs[q.pk] = key
        # The window opens at the first forecast (the core's default): inferred
        # forecasts can predate the question, which is created from the take later.
        resolved[key] = BinaryResolution(
            outcome=1 if res.outcome == "yes" else 0, close=_ts(q.close_at)
        )
    forecasts = [
        BinaryForecast(
            question=slugs[f.question_id],
            expert=key_of(f.expert),
            probability=float(f.probability),
            time=_ts(f.made_at),
            inferred=f.inferred,
        )
        for q in questions
        if q.pk in slugs
        for f in q.forecasts.all()
        if f.probability is not None and f.made_at < q.close_at
    ]
    return binary_forecast_set(forecasts, resolved)


def _binary_questions(**filters: Any) -> list[ForecastQuestion]:
    return list(
        ForecastQuestion.objects.filter(kind=ForecastQuestion.Kind.BINARY, **filters)
        .prefetch_related("resolutions", "forecasts__expert")
        .order_by("symposium_id", "slug")
    )


def score_questions(
    expert_key: Callable[[Expert], str] | None = None, **filters: Any
) -> ScoreReport | None:
    """Scores of every resolved binary question matching ``filters``; None when none is resolved.

    ``expert_key`` names the experts in the report (their slug by default; pages
    of an anonymous symposium pass its pseudonyms, see ``display.expert_namer``).
    """
    fs = _binary_set(_binary_questions(**filters), expert_key)
    if len(fs) == 0:
        return None
    return score_forecast_set(fs, min_resolved=min_resolved())


def min_resolved() -> int:
    """Resolved questions an expert needs to get a rank on the leaderboard (setting)."""
    return int(getattr(settings, "SYMPOSIA_MIN_RESOLVED", 5))


def all_track_records() -> list[TrackRecord]:
    """Track records of every expert across attributed symposia (stated and inferred pools).

    Anonymous symposia are left out: a record under the expert's name that
    includes them would tell which pseudonym's forecasts are theirs.
    """
    report = score_questions(symposium__anonymity=Symposium.Anonymity.ATTRIBUTED)
    if report is None or report.resolved is None:
        return []
    return track_records(report.resolved)


def track_record(expert: Expert) -> list[TrackRecord]:
    """An expert's records across symposia: stated first, then inferred."""
    return [r for r in all_track_records() if r.expert == expert.slug]


def ranked(kind: str = "stated") -> list[Any]:
    """The leaderboard of one pool; experts below the minimum are listed without a rank."""
    return leaderboard(all_track_records(), min_resolved=min_resolved(), kind=kind)


@dataclass
class Standing:
    """An expert's latest forecast on a question (what the community aggregates)."""

    expert: Expert
    forecast: Forecast
    updates: int


def standing_forecasts(
    question: ForecastQuestion, *, inferred: bool | None = None
) -> list[Standing]:
    """Each expert's latest forecast made before close, with how many times they updated."""
    latest: dict[int, Standing] = {}
    for f in question.forecasts.select_related("expert", "source_take__symposium").order_by(
        "made_at", "pk"
    ):
        if f.made_at >= question.close_at or (inferred is not None and f.inferred != inferred):
            continue
        key = f.expert_id * 2 + int(f.inferred)
        prev = latest.get(key)
        latest[key] = Standing(f.expert, f, (prev.updates + 1) if prev else 1)
    return sorted(latest.values(), key=lambda s: (s.forecast.inferred, s.expert.name))


def community_history(
    question: ForecastQuestion, method: str = "recency_weighted"
) -> list[tuple[datetime, float]]:
    """The community forecast (stated forecasts only) after each forecast time."""
    import numpy as np

    from symposia.core.aggregate import community_stream

    rows = [
        f
        for f in question.forecasts.filter(inferred=False, probability__isnull=False).order_by(
            "made_at", "pk"
        )
        if f.made_at < question.close_at
    ]
    if not rows:
        return []
    experts = {e: i for i, e in enumerate(sorted({f.expert_id for f in rows}))}
    stream = community_stream(
        np.zeros(len(rows), dtype=np.int64),
        np.array([experts[f.expert_id] for f in rows]),
        np.array([f.made_at.timestamp() for f in rows]),
        np.array([f.probability for f in rows], dtype=np.float64),
        method,  # type: ignore[arg-type]
    )
    out = []
    for t, p in zip(stream.time, stream.probs, strict=True):
        out.append((datetime.fromtimestamp(float(t), tz=UTC), float(p[0])))
    return out
