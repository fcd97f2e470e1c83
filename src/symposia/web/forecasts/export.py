"""CSV export of a symposium's forecasts, resolutions, scores and stances.

The forecasts and resolutions files use the columns ``symposia score`` reads,
so an export can be scored again without the database.
"""

from __future__ import annotations

import io
from datetime import datetime

from symposia.core.export import write_rows, write_scores_csv
from symposia.web.forecasts import services
from symposia.web.forecasts.models import Forecast, Resolution, Stance
from symposia.web.publishing import display
from symposia.web.publishing.models import Symposium


def _iso(dt: datetime | None) -> str:
    return dt.isoformat() if dt else ""


def forecasts_csv(symposium: Symposium) -> str:
    """Binary forecasts: question,expert,probability,time,kind (one row per update).

    Experts are named by slug, or by pseudonym in an anonymous symposium (rows
    are then sorted by pseudonym, so their order says nothing about names).
    """
    out = io.StringIO()
    key = display.expert_namer(symposium).key
    rows = sorted(
        (
            (
                f.question.slug,
                key(f.expert),
                repr(f.probability),
                _iso(f.made_at),
                "inferred" if f.inferred else "stated",
                f.made_at,
                f.pk,
            )
            for f in Forecast.objects.filter(
                question__symposium=symposium, probability__isnull=False
            ).select_related("question", "expert")
            if f.made_at < f.question.close_at
        ),
        key=lambda r: (r[0], r[5], r[1], r[6]),
    )
    write_rows(out, ("question", "expert", "probability", "time", "kind"), (r[:5] for r in rows))
    return out.getvalue()


def resolutions_csv(symposium: Symposium) -> str:
    """Current yes/no resolutions: question,outcome,close,resolved."""
    out = io.StringIO()
    rows = (
        Resolution.objects.filter(
            question__symposium=symposium, is_current=True, outcome__in=("yes", "no")
        )
        .select_related("question")
        .order_by("question__slug")
    )
    write_rows(
        out,
        ("question", "outcome", "close", "resolved"),
        (
            (
                r.question.slug,
                1 if r.outcome == "yes" else 0,
                _iso(r.question.close_at),
                _iso(r.resolved_at),
            )
            for r in rows
        ),
    )
    return out.getvalue()


def resolution_log_csv(symposium: Symposium) -> str:
    """Every resolution ever recorded, corrections included."""
    out = io.StringIO()
    rows = Resolution.objects.filter(question__symposium=symposium).select_related(
        "question", "resolved_by"
    )
    write_rows(
        out,
        (
            "question",
            "outcome",
            "option",
            "value",
            "source_note",
            "correction_reason",
            "current",
            "resolved_at",
            "by",
        ),
        (
            (
                r.question.slug,
                r.outcome,
                r.option,
                "" if r.value is None else repr(r.value),
                r.source_note,
                r.correction_reason,
                int(r.is_current),
                _iso(r.resolved_at),
                r.resolved_by.get_username() if r.resolved_by else "",
            )
            for r in rows.order_by("question__slug", "resolved_at")
        ),
    )
    return out.getvalue()


def scores_csv(symposium: Symposium) -> str:
    """Per-expert scores on the symposium's resolved binary questions (empty table if none)."""
    out = io.StringIO()
    report = services.score_questions(
        expert_key=display.expert_namer(symposium).key, symposium=symposium
    )
    if report is None:
        write_rows(out, ("rank", "expert", "kind", "n", "brier", "log_score", "peer_score"), [])
    else:
        write_scores_csv(report, out)
    return out.getvalue()


def stances_csv(symposium: Symposium) -> str:
    """Every stance answer: statement,expert,round,answer,confidence,comment."""
    out = io.StringIO()
    key = display.expert_namer(symposium).key
    rows = sorted(
        Stance.objects.filter(statement__symposium=symposium).select_related("statement", "expert"),
        key=lambda s: (s.statement.order, s.statement_id, s.round, key(s.expert)),
    )
    write_rows(
        out,
        ("statement", "expert", "round", "answer", "confidence", "comment"),
        (
            (
                s.statement.text,
                key(s.expert),
                s.round,
                s.get_answer_display(),
                "" if s.confidence is None else s.confidence,
                s.comment,
            )
            for s in rows
        ),
    )
    return out.getvalue()


EXPORTS = {
    "forecasts": forecasts_csv,
    "resolutions": resolutions_csv,
    "resolution-log": resolution_log_csv,
    "scores": scores_csv,
    "stances": stances_csv,
}
