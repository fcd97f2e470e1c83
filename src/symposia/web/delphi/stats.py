"""Each round's answers read from the database, and their statistics.

All the maths is :mod:`symposia.core.delphi`; this module only decides which
rows are a round's answers:

- stances: the :class:`~symposia.web.forecasts.models.Stance` rows with that ``round``;
- forecasts, round 1: each expert's latest stated (not inferred) forecast made
  before round 2 opened (before now while it has not) and before the question
  closed; round 2 on: the forecasts the experts' round responses point at;
- rankings: the :class:`~symposia.web.delphi.models.Ranking` rows with that ``round``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from symposia.core.delphi import (
    Concordance,
    GroupFeedback,
    RoundStats,
    Spread,
    StatementChange,
    StopDecision,
    ThemeCount,
    Thresholds,
    agreement,
    changes,
    concordance,
    feedback,
    forecast_spread,
    stop_decision,
)
from symposia.core.stance import Likert, StanceAnswer
from symposia.web.delphi.models import DelphiRound, Ranking, RankingQuestion, Revision
from symposia.web.forecasts.models import Forecast, ForecastQuestion, Stance, StanceStatement
from symposia.web.publishing.models import Symposium
from symposia.web.synthesis.models import SynthesisRun


def statements(symposium: Symposium) -> list[StanceStatement]:
    """The symposium's statements in their order."""
    return list(StanceStatement.objects.filter(symposium=symposium).order_by("order", "pk"))


def questions(symposium: Symposium) -> list[ForecastQuestion]:
    """The symposium's forecast questions by close date."""
    return list(ForecastQuestion.objects.filter(symposium=symposium).order_by("close_at", "slug"))


def ranking_questions(symposium: Symposium) -> list[RankingQuestion]:
    """The symposium's ranking questions in their order."""
    return list(RankingQuestion.objects.filter(symposium=symposium).order_by("order", "pk"))


def stance_answers(symposium: Symposium, round_number: int) -> list[StanceAnswer]:
    """The stance answers of one round; statement ids are the statements' primary keys."""
    rows = (
        Stance.objects.filter(statement__symposium=symposium, round=round_number)
        .order_by("statement__order", "statement_id", "expert_id")
        .values_list("expert_id", "statement_id", "answer", "confidence")
    )
    parsed: dict[str, Likert] = {}
    out = []
    for expert_id, statement_id, answer, confidence in rows:
        if answer not in parsed:
            parsed[answer] = Likert.parse(answer)
        out.append(StanceAnswer(str(expert_id), str(statement_id), parsed[answer], confidence))
    return out


def round_two_opened_at(symposium: Symposium) -> datetime | None:
    """When round 2 opened (where round 1's forecasts end), None before it has."""
    r = DelphiRound.objects.filter(symposium=symposium, number=2).first()
    return r.opened_at if r else None


def forecasts_of_round(symposium: Symposium, round_number: int) -> dict[int, dict[int, Forecast]]:
    """``{question id: {expert id: forecast}}`` of one round (see the module docstring)."""
    out: dict[int, dict[int, Forecast]] = {}
    if round_number == 1:
        until = round_two_opened_at(symposium) or timezone.now()
        rows = Forecast.objects.filter(
            question__symposium=symposium, inferred=False, made_at__lt=until
        ).select_related("question")
        for f in rows.order_by("made_at", "pk"):
            if f.made_at < f.question.close_at:
                out.setdefault(f.question_id, {})[f.expert_id] = f  # later rows win
        return out
    revisions = Revision.objects.filter(
        kind=Revision.Kind.FORECAST,
        response__symposium=symposium,
        response__round=round_number,
    ).select_related("forecast", "response")
    for rev in revisions:
        if rev.forecast is not None:  # always, by the check constraint
            out.setdefault(rev.forecast.question_id, {})[rev.response.expert_id] = rev.forecast
    return out


def median_level(quantiles: dict[str, Any]) -> float | None:
    """The value of a numeric forecast at the level nearest 0.5 (its median)."""
    if not quantiles:
        return None
    level = min(quantiles, key=lambda k: (abs(float(k) - 0.5), float(k)))
    return float(quantiles[level])


def spread_keys(question: ForecastQuestion) -> list[tuple[str, str]]:
    """``(spread id, label)`` of a question: one, or one per option of a multiple choice."""
    if question.kind == ForecastQuestion.Kind.MULTIPLE_CHOICE:
        return [(f"{question.slug}:{o}", f"{question.title}: {o}") for o in question.options]
    return [(question.slug, question.title)]


def question_spreads(question: ForecastQuestion, forecasts: list[Forecast]) -> list[Spread]:
    """The spread of one question's forecasts (one per option for multiple choice)."""
    kind = question.kind
    if kind == ForecastQuestion.Kind.BINARY:
        values = [f.probability for f in forecasts if f.probability is not None]
        return [forecast_spread(question.slug, values)]
    if kind == ForecastQuestion.Kind.MULTIPLE_CHOICE:
        return [
            forecast_spread(
                key,
                [float((f.probabilities or {}).get(o, 0.0)) for f in forecasts if f.probabilities],
            )
            for (key, _label), o in zip(spread_keys(question), question.options, strict=True)
        ]
    medians = [median_level(f.quantiles or {}) for f in forecasts]
    return [forecast_spread(question.slug, [m for m in medians if m is not None], scale="value")]


def spreads(symposium: Symposium, round_number: int) -> list[Spread]:
    """Spread of every forecast question in one round."""
    values = forecasts_of_round(symposium, round_number)
    out: list[Spread] = []
    for q in questions(symposium):
        out.extend(question_spreads(q, list(values.get(q.pk, {}).values())))
    return out


def rankings_of_round(symposium: Symposium, round_number: int) -> dict[int, dict[int, Ranking]]:
    """``{ranking question id: {expert id: ranking}}`` of one round."""
    out: dict[int, dict[int, Ranking]] = {}
    rows = Ranking.objects.filter(question__symposium=symposium, round=round_number)
    for r in rows.order_by("pk"):
        out.setdefault(r.question_id, {})[r.expert_id] = r
    return out


def concordances(symposium: Symposium, round_number: int) -> list[Concordance]:
    """Kendall's W of every ranking question in one round."""
    orders = rankings_of_round(symposium, round_number)
    return [
        concordance(q.slug, list(q.items), [r.order for r in orders.get(q.pk, {}).values()])
        for q in ranking_questions(symposium)
    ]


def round_stats(symposium: Symposium, round_number: int) -> RoundStats:
    """What round ``round_number`` measured: agreement, spreads, concordance."""
    answers = stance_answers(symposium, round_number)
    return RoundStats(
        round=round_number,
        statements=[
            agreement(str(s.pk), [a for a in answers if a.statement == str(s.pk)])
            for s in statements(symposium)
        ],
        forecasts=spreads(symposium, round_number),
        rankings=concordances(symposium, round_number),
    )


def statement_changes(symposium: Symposium, round_number: int) -> list[StatementChange]:
    """Each statement in round ``round_number`` against the round before."""
    if round_number < 2:
        return []
    return changes(
        stance_answers(symposium, round_number - 1), stance_answers(symposium, round_number)
    )


def thresholds(delphi_round: DelphiRound | None) -> Thresholds:
    """The editor's thresholds of a round (the defaults before round 2 exists)."""
    if delphi_round is None:
        return Thresholds()
    return Thresholds(
        agreement=delphi_round.consensus_threshold,
        iqr=delphi_round.iqr_width,
        kendall_w=delphi_round.kendall_threshold,
        min_answers=delphi_round.min_answers,
    )


#: Rounds allowed before the editor sets a number (round 1 and two Delphi rounds).
DEFAULT_MAX_ROUNDS = 3


def settings_round(symposium: Symposium, round_number: int) -> DelphiRound | None:
    """The round whose settings judge round ``round_number``: itself, else the newest one."""
    rounds = DelphiRound.objects.filter(symposium=symposium)
    return rounds.filter(number=round_number).first() or rounds.order_by("-number").first()


def decision(
    symposium: Symposium, round_number: int, measured: RoundStats | None = None
) -> StopDecision:
    """The stop decision for round ``round_number`` under the editor's settings.

    ``measured`` is the round's :func:`round_stats` when the caller has it already.
    """
    r = settings_round(symposium, round_number)
    max_rounds = r.max_rounds if r else DEFAULT_MAX_ROUNDS
    measured = measured or round_stats(symposium, round_number)
    return stop_decision(measured, thresholds(r), max_rounds)


def latest_synthesis(symposium: Symposium) -> SynthesisRun | None:
    """The newest finished synthesis of the whole panel (not of a filtered part)."""
    for run in SynthesisRun.objects.filter(
        symposium=symposium, status=SynthesisRun.Status.DONE
    ).order_by("-finished_at", "-pk")[:20]:
        if not (run.settings or {}).get("filters") and run.result:
            return run
    return None


def theme_counts(run: SynthesisRun | None) -> list[ThemeCount]:
    """The themes of a stored synthesis with their holder counts."""
    out = []
    for t in ((run.result or {}) if run else {}).get("themes", []):
        holders = t.get("holders") or {}
        try:
            out.append(ThemeCount(str(t["label"]), int(holders["count"]), int(holders["of"])))
        except (KeyError, TypeError, ValueError):
            continue  # a report from an older schema: leave the theme out rather than guess
    return out


def community_forecasts(symposium: Symposium) -> dict[str, float]:
    """The platform's community forecast (recency-weighted median) of each binary question."""
    from symposia.web.forecasts.services import community_history

    out = {}
    for q in questions(symposium):
        if q.kind == ForecastQuestion.Kind.BINARY:
            history = community_history(q)
            if history:
                out[q.slug] = history[-1][1]
    return out


def group_feedback(
    symposium: Symposium, round_number: int, run: SynthesisRun | None
) -> GroupFeedback:
    """The anonymised feedback of round ``round_number`` (counts and summaries only)."""
    return feedback(
        round_number,
        themes=theme_counts(run),
        answers=stance_answers(symposium, round_number),
        spreads=spreads(symposium, round_number),
        rankings=concordances(symposium, round_number),
        community=community_forecasts(symposium),
    )


@dataclass
class Labels:
    """Display text of the ids in statistics: statements, spreads, ranking questions."""

    statements: dict[str, str]
    spreads: dict[str, str]
    rankings: dict[str, str]


def labels(symposium: Symposium) -> Labels:
    """What to show for each id used in :class:`RoundStats` and feedback."""
    return Labels(
        statements={str(s.pk): s.text for s in statements(symposium)},
        spreads={k: label for q in questions(symposium) for k, label in spread_keys(q)},
        rankings={q.slug: q.prompt for q in ranking_questions(symposium)},
    )
