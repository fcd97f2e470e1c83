"""The Delphi workflow: open and close rounds, who takes part, and an expert's answers.

Round 1 is the first collection; the editor opens round 2 once a synthesis of
the takes exists. Opening a round stores the anonymised feedback of the round
before (so every expert sees the same thing) and emails the panel its links.
Closing a round records the stop decision; no round opens after a decision to
stop (consensus, or the last round allowed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from symposia.core.delphi import Thresholds
from symposia.errors import InputError
from symposia.web.delphi import stats
from symposia.web.delphi.models import (
    DelphiRound,
    Ranking,
    RankingQuestion,
    Response,
    Revision,
)
from symposia.web.forecasts.models import Forecast, ForecastQuestion, Stance, StanceStatement
from symposia.web.panel.models import Expert, Invitation
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take

_DEAD = (Invitation.State.REVOKED, Invitation.State.OPTED_OUT, Invitation.State.DECLINED)


class RoundClosed(InputError):
    """No round takes answers now (none is open, or its time has passed)."""


class AlreadyAnswered(InputError):
    """The expert has answered this round already."""


class RoundConflict(InputError):
    """The step does not apply now: a round is open, or the Delphi has stopped."""


def rounds(symposium: Symposium) -> list[DelphiRound]:
    """The Delphi rounds (2, 3, ...) of a symposium in order."""
    return list(DelphiRound.objects.filter(symposium=symposium).order_by("number"))


def open_round(symposium: Symposium) -> DelphiRound | None:
    """The round that is open, if any (it may be past its closing time)."""
    return DelphiRound.objects.filter(symposium=symposium, status=DelphiRound.Status.OPEN).first()


def has_questions(symposium: Symposium) -> bool:
    """Whether the symposium asks anything a round can revise."""
    return (
        StanceStatement.objects.filter(symposium=symposium).exists()
        or ForecastQuestion.objects.filter(symposium=symposium).exists()
        or RankingQuestion.objects.filter(symposium=symposium).exists()
    )


def answering_round(symposium: Symposium, now: datetime | None = None) -> int | None:
    """The round experts may answer now, or None.

    The open round until its closing time; before any Delphi round, round 1
    until the symposium's deadline for answers.
    """
    now = now or timezone.now()
    current = open_round(symposium)
    if current is not None:
        if current.closes_at is not None and now >= current.closes_at:
            return None
        return current.number
    if symposium.closes_at is not None and now >= symposium.closes_at:
        return None
    if not DelphiRound.objects.filter(symposium=symposium).exists() and has_questions(symposium):
        return 1
    return None


def last_number(symposium: Symposium) -> int:
    """The number of the newest round (1 while no Delphi round exists)."""
    top = DelphiRound.objects.filter(symposium=symposium).aggregate(m=Max("number"))["m"]
    return int(top or 1)


@transaction.atomic
def start_round(
    symposium: Symposium,
    *,
    threshold: float,
    iqr_width: float,
    kendall_threshold: float,
    max_rounds: int,
    min_answers: int = 3,
    closes_at: datetime | None = None,
    user: Any = None,
    now: datetime | None = None,
) -> DelphiRound:
    """Open the next round with the editor's stop rule, storing the group feedback.

    Raises:
        RoundConflict: no finished synthesis, a round is still open, or the
            last round decided to stop.
        InputError: the round would exceed ``max_rounds``, or a setting is
            out of range.
    """
    now = now or timezone.now()
    Thresholds(threshold, iqr_width, kendall_threshold, min_answers)  # validates the settings
    run = stats.latest_synthesis(symposium)
    if run is None:
        raise RoundConflict(
            f"symposium '{symposium.slug}' has no finished synthesis of the whole panel",
            "run the synthesis first: the next round shows its themes to the panel",
        )
    if open_round(symposium) is not None:
        raise RoundConflict("a round is still open", "close it before opening the next round")
    previous = DelphiRound.objects.filter(symposium=symposium).order_by("-number").first()
    stopped = (previous.decision or {}) if previous is not None else {}
    if previous is not None and stopped.get("stop"):
        raise RoundConflict(
            f"round {previous.number} ended with a decision to stop ({stopped.get('reason', '')})",
            "the Delphi is over; start a new symposium to ask again",
        )
    number = last_number(symposium) + 1
    if max_rounds < number:
        raise InputError(
            f"round {number} would exceed the maximum of {max_rounds} rounds",
            f"allow at least {number} rounds",
        )
    if closes_at is not None and closes_at <= now:
        raise InputError("the closing time is in the past", "give a time after now, or none")
    fb = stats.group_feedback(symposium, number - 1, run)
    return DelphiRound.objects.create(
        symposium=symposium,
        number=number,
        opened_at=now,
        closes_at=closes_at,
        consensus_threshold=threshold,
        iqr_width=iqr_width,
        kendall_threshold=kendall_threshold,
        min_answers=min_answers,
        max_rounds=max_rounds,
        synthesis_run=run,
        feedback=fb.to_dict(),
        opened_by=user if getattr(user, "is_authenticated", False) else None,
    )


@transaction.atomic
def close_round(delphi_round: DelphiRound, now: datetime | None = None) -> DelphiRound:
    """Close an open round and record its stop decision.

    Raises:
        RoundConflict: the round is closed already.
    """
    now = now or timezone.now()
    if delphi_round.status != DelphiRound.Status.OPEN:
        raise RoundConflict(f"round {delphi_round.number} is closed already")
    d = stats.decision(delphi_round.symposium, delphi_round.number)
    delphi_round.status = DelphiRound.Status.CLOSED
    delphi_round.closed_at = now
    delphi_round.decision = {
        "stop": d.stop,
        "consensus": d.consensus,
        "rounds_exhausted": d.rounds_exhausted,
        "reason": d.reason,
    }
    delphi_round.save(update_fields=["status", "closed_at", "decision"])
    return delphi_round


def participants(symposium: Symposium) -> list[Invitation]:
    """Live invitations of the experts who took part so far (a take, stance, forecast, ranking).

    Revoked, opted-out and declined invitations are left out.
    """
    took_part = (
        set(Take.objects.filter(symposium=symposium).values_list("expert_id", flat=True))
        | set(
            Stance.objects.filter(statement__symposium=symposium).values_list(
                "expert_id", flat=True
            )
        )
        | set(
            Forecast.objects.filter(question__symposium=symposium, inferred=False).values_list(
                "expert_id", flat=True
            )
        )
        | set(
            Ranking.objects.filter(question__symposium=symposium).values_list(
                "expert_id", flat=True
            )
        )
    )
    return list(
        Invitation.objects.filter(symposium=symposium, expert_id__in=took_part)
        .exclude(state__in=_DEAD)
        .select_related("expert", "symposium")
        .order_by("expert__name")
    )


# --- an expert's answers ---------------------------------------------------------------------


@dataclass
class StanceInput:
    statement: StanceStatement
    answer: str
    confidence: int | None = None
    reason: str = ""


@dataclass
class ForecastInput:
    question: ForecastQuestion
    probability: float | None = None
    probabilities: dict[str, float] | None = None
    quantiles: dict[str, float] | None = None
    reason: str = ""


@dataclass
class RankingInput:
    question: RankingQuestion
    order: list[str]
    reason: str = ""


@dataclass
class Answers:
    """What an expert submitted for one round; items left blank are not listed."""

    stances: list[StanceInput] = field(default_factory=list)
    forecasts: list[ForecastInput] = field(default_factory=list)
    rankings: list[RankingInput] = field(default_factory=list)


@dataclass
class Previous:
    """An expert's latest answers from earlier rounds, to compare and to prefill."""

    stances: dict[int, Stance] = field(default_factory=dict)
    forecasts: dict[int, Forecast] = field(default_factory=dict)
    rankings: dict[int, Ranking] = field(default_factory=dict)


def previous_answers(symposium: Symposium, expert: Expert, before_round: int) -> Previous:
    """The expert's latest stance, stated forecast and ranking from rounds before ``before_round``.

    Round 1 has nothing before it: answers given there are first answers.
    """
    prev = Previous()
    if before_round <= 1:
        return prev
    for s in Stance.objects.filter(
        statement__symposium=symposium, expert=expert, round__lt=before_round
    ).order_by("round"):
        prev.stances[s.statement_id] = s
    for f in Forecast.objects.filter(
        question__symposium=symposium, expert=expert, inferred=False
    ).order_by("made_at", "pk"):
        prev.forecasts[f.question_id] = f
    for r in Ranking.objects.filter(
        question__symposium=symposium, expert=expert, round__lt=before_round
    ).order_by("round"):
        prev.rankings[r.question_id] = r
    return prev


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, abs_tol=1e-9)


def _same_map(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    a, b = a or {}, b or {}
    return set(a) == set(b) and all(_close(float(a[k]), float(b[k])) for k in a)


def forecast_changed(new: ForecastInput, old: Forecast) -> bool:
    """Whether a submitted forecast differs from the stored one."""
    kind = new.question.kind
    if kind == ForecastQuestion.Kind.BINARY:
        return not _close(new.probability, old.probability)
    if kind == ForecastQuestion.Kind.MULTIPLE_CHOICE:
        total = sum((new.probabilities or {}).values()) or 1.0
        normalised = {k: v / total for k, v in (new.probabilities or {}).items()}
        return not _same_map(normalised, old.probabilities)
    return not _same_map(new.quantiles, old.quantiles)


def forecast_value(f: Forecast) -> Any:
    """A stored forecast as JSON (what the expert saw as their previous answer)."""
    return f.probability if f.probability is not None else f.probabilities or f.quantiles


def _missing_reasons(answers: Answers, prev: Previous) -> list[str]:
    missing = []
    for s in answers.stances:
        old = prev.stances.get(s.statement.pk)
        if old is not None and old.answer != s.answer and not s.reason.strip():
            missing.append(f"the statement “{s.statement.text[:60]}”")
    for f in answers.forecasts:
        oldf = prev.forecasts.get(f.question.pk)
        if oldf is not None and forecast_changed(f, oldf) and not f.reason.strip():
            missing.append(f"the question “{f.question.title[:60]}”")
    for r in answers.rankings:
        oldr = prev.rankings.get(r.question.pk)
        if oldr is not None and oldr.order != r.order and not r.reason.strip():
            missing.append(f"the ranking “{r.question.prompt[:60]}”")
    return missing


@transaction.atomic
def submit(
    symposium: Symposium, expert: Expert, answers: Answers, now: datetime | None = None
) -> Response:
    """Store an expert's answers to the round that is open now (round 1 before any).

    Every answer is compared with the expert's latest answer from an earlier
    round; a changed answer needs a reason. Unchanged forecasts are not stored
    again: the round's revision points at the earlier row.

    Raises:
        RoundClosed: no round takes answers now.
        AlreadyAnswered: the expert answered this round already.
        InputError: nothing answered, a changed answer without a reason, or a
            value that does not fit its question.
    """
    now = now or timezone.now()
    number = answering_round(symposium, now)
    if number is None:
        raise RoundClosed(
            "no round of this symposium is open for answers",
            "wait for the editors to open the next round",
        )
    if Response.objects.filter(symposium=symposium, round=number, expert=expert).exists():
        raise AlreadyAnswered(
            f"you have already answered round {number}",
            "each round takes one set of answers; write to the editors to correct it",
        )
    if not (answers.stances or answers.forecasts or answers.rankings):
        raise InputError("nothing was answered", "answer at least one statement or question")
    prev = previous_answers(symposium, expert, number)
    missing = _missing_reasons(answers, prev)
    if missing:
        raise InputError(
            f"you changed your answer on {', '.join(missing)} without a reason",
            "say in a sentence why you changed it",
        )
    response = Response.objects.create(
        symposium=symposium, round=number, expert=expert, submitted_at=now
    )
    for s in answers.stances:
        old = prev.stances.get(s.statement.pk)
        # update_or_create: an editor may have typed this round's answer in the admin.
        stance, _ = Stance.objects.update_or_create(
            statement=s.statement,
            expert=expert,
            round=number,
            defaults={"answer": s.answer, "confidence": s.confidence},
        )
        Revision.objects.create(
            response=response,
            kind=Revision.Kind.STANCE,
            stance=stance,
            changed=old is not None and old.answer != s.answer,
            previous=None if old is None else {"answer": old.answer, "confidence": old.confidence},
            reason=s.reason.strip(),
        )
    for f in answers.forecasts:
        _store_forecast(response, expert, f, prev.forecasts.get(f.question.pk), now)
    for r in answers.rankings:
        oldr = prev.rankings.get(r.question.pk)
        ranking, _ = Ranking.objects.update_or_create(
            question=r.question, expert=expert, round=number, defaults={"order": list(r.order)}
        )
        Revision.objects.create(
            response=response,
            kind=Revision.Kind.RANKING,
            ranking=ranking,
            changed=oldr is not None and oldr.order != r.order,
            previous=None if oldr is None else oldr.order,
            reason=r.reason.strip(),
        )
    return response


def _store_forecast(
    response: Response, expert: Expert, f: ForecastInput, old: Forecast | None, now: datetime
) -> None:
    from symposia.web.forecasts.services import record_forecast

    changed = old is not None and forecast_changed(f, old)
    if old is None or changed:
        row = record_forecast(
            f.question,
            expert,
            probability=f.probability,
            probabilities=f.probabilities,
            quantiles=f.quantiles,
            rationale=f.reason.strip(),
            now=now,
        )
    else:
        row = old  # kept: this round's answer is the earlier row, not a copy
    Revision.objects.create(
        response=response,
        kind=Revision.Kind.FORECAST,
        forecast=row,
        changed=changed,
        previous=None if old is None else forecast_value(old),
        reason=f.reason.strip(),
    )
