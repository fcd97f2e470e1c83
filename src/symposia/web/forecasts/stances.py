"""Stance poll results of a symposium, computed by :mod:`symposia.core.stance`."""

from __future__ import annotations

from dataclasses import dataclass, field

from symposia.core.stance import Likert, StanceAnswer, StanceStats, stance_breakdown, stance_stats
from symposia.web.forecasts.models import Stance
from symposia.web.publishing.models import Symposium


@dataclass
class StanceResult:
    stats: list[StanceStats]
    by_region: dict[str, dict[str, StanceStats]] = field(default_factory=dict)
    by_sector: dict[str, dict[str, StanceStats]] = field(default_factory=dict)
    round: int = 1


def results(symposium: Symposium, round: int | None = None) -> StanceResult:
    """Statistics per statement for the latest round (or ``round``), with breakdowns."""
    qs = Stance.objects.filter(statement__symposium=symposium).select_related("statement", "expert")
    if round is None:
        rounds = sorted(set(qs.values_list("round", flat=True)))
        round = rounds[-1] if rounds else 1
    answers = [
        StanceAnswer(
            expert=s.expert.slug,
            statement=s.statement.text,
            answer=Likert.parse(s.answer),
            confidence=s.confidence,
            comment=s.comment,
            groups={"region": s.expert.region, "sector": s.expert.get_sector_display()},
        )
        for s in qs.filter(round=round).order_by("statement__order", "statement_id", "expert__slug")
    ]
    return StanceResult(
        stats=stance_stats(answers),
        by_region=stance_breakdown(answers, "region"),
        by_sector=stance_breakdown(answers, "sector"),
        round=round,
    )
