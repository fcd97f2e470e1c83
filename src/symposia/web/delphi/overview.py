"""What the editor's Delphi page shows: every round's statistics and the stop decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from symposia.core.delphi import (
    Agreement,
    Check,
    Concordance,
    RoundStats,
    Spread,
    StatementChange,
    StopDecision,
)
from symposia.web.delphi import services, stats
from symposia.web.delphi.models import DelphiRound, Response, Revision
from symposia.web.publishing.models import Symposium


@dataclass
class StatementRow:
    label: str
    current: Agreement
    change: StatementChange | None
    met: bool | None


@dataclass
class ForecastRow:
    label: str
    current: Spread
    previous: Spread | None
    met: bool | None

    @property
    def delta_iqr(self) -> float | None:
        if self.previous is None or self.previous.iqr is None or self.current.iqr is None:
            return None
        return self.current.iqr - self.previous.iqr


@dataclass
class RankingRow:
    label: str
    current: Concordance
    previous: Concordance | None
    met: bool | None


@dataclass
class RoundView:
    """One round as the editor sees it."""

    number: int
    status: str
    opened_at: datetime | None
    closes_at: datetime | None
    responses: int
    statements: list[StatementRow]
    forecasts: list[ForecastRow]
    rankings: list[RankingRow]
    decision: StopDecision
    reasons: list[tuple[str, str]] = field(default_factory=list)
    stored_decision: dict[str, Any] | None = None


@dataclass
class Overview:
    symposium: Symposium
    rounds: list[RoundView]
    open_round: DelphiRound | None
    can_open: bool
    why_not: str
    next_number: int
    has_synthesis: bool
    participants: int
    defaults: dict[str, Any]


def _met(checks: list[Check], kind: str, item: str) -> bool | None:
    return next((c.met for c in checks if c.kind == kind and c.item == item), None)


def _reasons(symposium: Symposium, number: int, labels: stats.Labels) -> list[tuple[str, str]]:
    """The reasons given for changed answers in a round, without who gave them."""
    out = []
    revisions = Revision.objects.filter(
        response__symposium=symposium, response__round=number, changed=True
    ).select_related("stance", "forecast__question", "ranking__question")
    for rev in revisions.order_by("kind", "pk"):
        if rev.stance is not None:
            what = labels.statements.get(str(rev.stance.statement_id), "")
        elif rev.forecast is not None:
            what = rev.forecast.question.title
        else:
            what = rev.ranking.question.prompt if rev.ranking else ""
        out.append((what, rev.reason))
    return out


def round_view(
    symposium: Symposium,
    number: int,
    delphi_round: DelphiRound | None,
    labels: stats.Labels,
    measured: dict[int, RoundStats],
) -> RoundView:
    """One round's statistics; ``measured`` caches :func:`stats.round_stats` by round."""
    for n in (number, number - 1):
        if n >= 1 and n not in measured:
            measured[n] = stats.round_stats(symposium, n)
    current = measured[number]
    previous = measured.get(number - 1)
    decision = stats.decision(symposium, number, current)
    changes = {c.statement: c for c in stats.statement_changes(symposium, number)}
    prev_spreads = {s.question: s for s in previous.forecasts} if previous else {}
    prev_ranks = {c.question: c for c in previous.rankings} if previous else {}
    checks = decision.checks
    if number == 1:
        responses = len(
            {int(a.expert) for a in stats.stance_answers(symposium, 1)}
            | {e for per in stats.forecasts_of_round(symposium, 1).values() for e in per}
            | {e for per in stats.rankings_of_round(symposium, 1).values() for e in per}
        )
    else:
        responses = Response.objects.filter(symposium=symposium, round=number).count()
    return RoundView(
        number=number,
        status=delphi_round.get_status_display() if delphi_round else "First collection",
        opened_at=delphi_round.opened_at if delphi_round else None,
        closes_at=delphi_round.closes_at if delphi_round else None,
        responses=responses,
        statements=[
            StatementRow(
                labels.statements.get(a.statement, a.statement),
                a,
                changes.get(a.statement),
                _met(checks, "statement", a.statement),
            )
            for a in current.statements
        ],
        forecasts=[
            ForecastRow(
                labels.spreads.get(s.question, s.question),
                s,
                prev_spreads.get(s.question),
                _met(checks, "forecast", s.question),
            )
            for s in current.forecasts
        ],
        rankings=[
            RankingRow(
                labels.rankings.get(c.question, c.question),
                c,
                prev_ranks.get(c.question),
                _met(checks, "ranking", c.question),
            )
            for c in current.rankings
        ],
        decision=decision,
        reasons=_reasons(symposium, number, labels) if number > 1 else [],
        stored_decision=delphi_round.decision if delphi_round else None,
    )


def overview(symposium: Symposium) -> Overview:
    """Every round, newest first, and whether the next one can open."""
    rounds = {r.number: r for r in services.rounds(symposium)}
    labels = stats.labels(symposium)
    last = services.last_number(symposium)
    measured: dict[int, RoundStats] = {}
    views = [round_view(symposium, n, rounds.get(n), labels, measured) for n in range(last, 0, -1)]
    current = services.open_round(symposium)
    has_synthesis = stats.latest_synthesis(symposium) is not None
    latest = rounds.get(last)
    why_not = ""
    if not has_synthesis:
        why_not = "Run the synthesis of the takes first: the next round shows its themes."
    elif current is not None:
        why_not = f"Round {current.number} is open. Close it before opening the next one."
    elif latest is not None and (latest.decision or {}).get("stop"):
        reason = (latest.decision or {}).get("reason", "")
        why_not = f"Round {latest.number} ended with a decision to stop: {reason}."
    elif not services.has_questions(symposium):
        why_not = "Add statements, forecast questions or ranking questions first."
    defaults = {
        "threshold": latest.consensus_threshold if latest else 0.75,
        "iqr_width": latest.iqr_width if latest else 0.2,
        "kendall_threshold": latest.kendall_threshold if latest else 0.7,
        "min_answers": latest.min_answers if latest else 3,
        "max_rounds": max(latest.max_rounds if latest else stats.DEFAULT_MAX_ROUNDS, last + 1),
    }
    return Overview(
        symposium=symposium,
        rounds=views,
        open_round=current,
        can_open=not why_not,
        why_not=why_not,
        next_number=last + 1,
        has_synthesis=has_synthesis,
        participants=len(services.participants(symposium)),
        defaults=defaults,
    )
