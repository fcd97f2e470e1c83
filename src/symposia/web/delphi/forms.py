"""The expert's round form: fields per statement, question and ranking, read into :class:`Answers`.

Field names: ``stance-<id>`` (an answer), ``confidence-<id>`` (1-10),
``forecast-<id>`` (a binary question, in percent), ``forecast-<id>-<i>``
(option i of a multiple choice, in percent), ``forecast-<id>-q10|q50|q90``
(a numeric question), ``rank-<id>-<i>`` (the position of item i) and
``reason-<kind>-<id>``. A statement or question left blank is skipped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from symposia.errors import InputError
from symposia.web.delphi import stats
from symposia.web.delphi.models import RankingQuestion
from symposia.web.delphi.services import (
    Answers,
    ForecastInput,
    Previous,
    RankingInput,
    StanceInput,
)
from symposia.web.forecasts.models import ForecastQuestion, Stance, StanceStatement
from symposia.web.publishing.models import Symposium

NUMERIC_LEVELS = (("q10", "0.1", "10%"), ("q50", "0.5", "50%"), ("q90", "0.9", "90%"))


class FieldError(InputError):
    """A field of the form is wrong; ``field`` names it."""

    def __init__(self, field_name: str, message: str, fix: str | None = None) -> None:
        self.field = field_name
        super().__init__(message, fix)


def _number(raw: str, name: str, what: str, lo: float, hi: float) -> float:
    try:
        value = float(raw.replace(",", ".").rstrip("%").strip())
    except ValueError:
        raise FieldError(name, f"{what}: “{raw[:20]}” is not a number") from None
    if not math.isfinite(value) or not lo <= value <= hi:
        raise FieldError(name, f"{what}: {value:g} is not between {lo:g} and {hi:g}")
    return value


def _pct(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100, 1):g}"


@dataclass
class Row:
    """One statement, question or ranking on the form, with what to show in it."""

    kind: str
    pk: int
    label: str
    obj: Any
    previous: str = ""
    values: dict[str, str] = field(default_factory=dict)
    reason: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)

    @property
    def inputs(self) -> list[tuple[str, str, str]]:
        """``(field name, label, value)`` of a forecast's or ranking's inputs."""
        if self.kind == "ranking":
            return [(f"rank-{self.pk}-{i}", item, self.values[i]) for i, item in self.options]
        q = self.obj
        if q.kind == ForecastQuestion.Kind.BINARY:
            return [(f"forecast-{self.pk}", "Probability (%)", self.values["p"])]
        if q.kind == ForecastQuestion.Kind.MULTIPLE_CHOICE:
            return [
                (f"forecast-{self.pk}-{i}", f"{o} (%)", self.values[i]) for i, o in self.options
            ]
        return [
            (f"forecast-{self.pk}-{key}", f"{label} value", self.values[key])
            for key, _level, label in NUMERIC_LEVELS
        ]

    @property
    def places(self) -> list[str]:
        """The places a ranking's items can take: "1" to "n"."""
        return [str(i + 1) for i in range(len(self.options))]


@dataclass
class Form:
    """Every row of the round form."""

    stances: list[Row]
    forecasts: list[Row]
    rankings: list[Row]

    @property
    def empty(self) -> bool:
        return not (self.stances or self.forecasts or self.rankings)


def open_questions(symposium: Symposium, now: datetime | None = None) -> list[ForecastQuestion]:
    """Forecast questions still open for forecasts."""
    now = now or timezone.now()
    return [q for q in stats.questions(symposium) if q.close_at > now]


def _previous_forecast_text(q: ForecastQuestion, prev: Previous) -> str:
    f = prev.forecasts.get(q.pk)
    if f is None:
        return ""
    if f.probability is not None:
        return f"{_pct(f.probability)}%"
    if f.probabilities:
        return ", ".join(f"{k}: {_pct(v)}%" for k, v in f.probabilities.items())
    return ", ".join(f"{float(k) * 100:g}%: {v:g}" for k, v in (f.quantiles or {}).items())


def build(symposium: Symposium, prev: Previous, post: Mapping[str, str] | None = None) -> Form:
    """The form's rows, filled from ``post`` when redisplayed, else from earlier answers."""
    post = post or {}
    likert = list(Stance.Answer.choices)
    answer_label = dict(likert)
    stances = []
    for s in stats.statements(symposium):
        old = prev.stances.get(s.pk)
        name = f"stance-{s.pk}"
        stances.append(
            Row(
                "stance",
                s.pk,
                s.text,
                s,
                previous=str(answer_label.get(old.answer, "")) if old else "",
                values={
                    "answer": post.get(name, old.answer if old else ""),
                    "confidence": post.get(
                        f"confidence-{s.pk}",
                        str(old.confidence) if old and old.confidence else "",
                    ),
                },
                reason=post.get(f"reason-stance-{s.pk}", ""),
                options=likert,
            )
        )
    forecasts = []
    for q in open_questions(symposium):
        f = prev.forecasts.get(q.pk)
        values: dict[str, str] = {}
        if q.kind == ForecastQuestion.Kind.BINARY:
            values["p"] = post.get(f"forecast-{q.pk}", _pct(f.probability) if f else "")
        elif q.kind == ForecastQuestion.Kind.MULTIPLE_CHOICE:
            for i, o in enumerate(q.options):
                old = (f.probabilities or {}).get(o) if f else None
                values[str(i)] = post.get(f"forecast-{q.pk}-{i}", _pct(old))
        else:
            for key, level, _label in NUMERIC_LEVELS:
                old = (f.quantiles or {}).get(level) if f else None
                values[key] = post.get(
                    f"forecast-{q.pk}-{key}", "" if old is None else f"{float(old):g}"
                )
        forecasts.append(
            Row(
                "forecast",
                q.pk,
                q.title,
                q,
                previous=_previous_forecast_text(q, prev),
                values=values,
                reason=post.get(f"reason-forecast-{q.pk}", ""),
                options=[(str(i), o) for i, o in enumerate(q.options)],
            )
        )
    rankings = []
    for rq in stats.ranking_questions(symposium):
        oldr = prev.rankings.get(rq.pk)
        positions = {item: str(i + 1) for i, item in enumerate(oldr.order)} if oldr else {}
        rankings.append(
            Row(
                "ranking",
                rq.pk,
                rq.prompt,
                rq,
                previous=" > ".join(oldr.order) if oldr else "",
                values={
                    str(i): post.get(f"rank-{rq.pk}-{i}", positions.get(item, ""))
                    for i, item in enumerate(rq.items)
                },
                reason=post.get(f"reason-ranking-{rq.pk}", ""),
                options=[(str(i), item) for i, item in enumerate(rq.items)],
            )
        )
    return Form(stances, forecasts, rankings)


def _stance(s: StanceStatement, post: Mapping[str, str]) -> StanceInput | None:
    name = f"stance-{s.pk}"
    answer = post.get(name, "").strip()
    if not answer:
        return None
    if answer not in Stance.Answer.values:
        raise FieldError(name, f"“{answer[:30]}” is not an answer", "pick one from the list")
    raw = post.get(f"confidence-{s.pk}", "").strip()
    confidence = None
    if raw:
        value = _number(raw, f"confidence-{s.pk}", "Confidence", 1, 10)
        if value != int(value):
            raise FieldError(f"confidence-{s.pk}", "Confidence is a whole number from 1 to 10")
        confidence = int(value)
    return StanceInput(s, answer, confidence, post.get(f"reason-stance-{s.pk}", ""))


def _forecast(q: ForecastQuestion, post: Mapping[str, str]) -> ForecastInput | None:
    reason = post.get(f"reason-forecast-{q.pk}", "")
    if q.kind == ForecastQuestion.Kind.BINARY:
        name = f"forecast-{q.pk}"
        raw = post.get(name, "").strip()
        if not raw:
            return None
        return ForecastInput(
            q, probability=_number(raw, name, q.title, 0, 100) / 100, reason=reason
        )
    if q.kind == ForecastQuestion.Kind.MULTIPLE_CHOICE:
        raws = {o: post.get(f"forecast-{q.pk}-{i}", "").strip() for i, o in enumerate(q.options)}
        if not any(raws.values()):
            return None
        probs = {
            o: _number(r, f"forecast-{q.pk}-{i}", f"{q.title} ({o})", 0, 100) / 100 if r else 0.0
            for i, (o, r) in enumerate(raws.items())
        }
        return ForecastInput(q, probabilities=probs, reason=reason)
    raws = {
        level: post.get(f"forecast-{q.pk}-{key}", "").strip() for key, level, _ in NUMERIC_LEVELS
    }
    if not any(raws.values()):
        return None
    quantiles = {}
    for key, level, label in NUMERIC_LEVELS:
        name = f"forecast-{q.pk}-{key}"
        if not raws[level]:
            raise FieldError(name, f"{q.title}: give the {label} value too")
        quantiles[level] = _number(raws[level], name, f"{q.title} ({label})", -1e15, 1e15)
    return ForecastInput(q, quantiles=quantiles, reason=reason)


def _ranking(rq: RankingQuestion, post: Mapping[str, str]) -> RankingInput | None:
    items = list(rq.items)
    raws = {i: post.get(f"rank-{rq.pk}-{i}", "").strip() for i in range(len(items))}
    if not any(raws.values()):
        return None
    positions: dict[int, int] = {}
    for i, raw in raws.items():
        name = f"rank-{rq.pk}-{i}"
        if not raw:
            raise FieldError(name, f"{rq.prompt}: give “{items[i]}” a place too")
        positions[i] = int(_number(raw, name, rq.prompt, 1, len(items)))
    if sorted(positions.values()) != list(range(1, len(items) + 1)):
        raise FieldError(
            f"rank-{rq.pk}-0",
            f"{rq.prompt}: give each item a different place from 1 to {len(items)}",
        )
    order = [items[i] for i in sorted(positions, key=lambda i: positions[i])]
    return RankingInput(rq, order, post.get(f"reason-ranking-{rq.pk}", ""))


def parse(symposium: Symposium, post: Mapping[str, str]) -> Answers:
    """Read the submitted form.

    Raises:
        FieldError: a value is not an answer, a number out of range, or a
            ranking that does not give every item its own place.
    """
    answers = Answers()
    for s in stats.statements(symposium):
        got = _stance(s, post)
        if got:
            answers.stances.append(got)
    for q in open_questions(symposium):
        fq = _forecast(q, post)
        if fq:
            answers.forecasts.append(fq)
    for rq in stats.ranking_questions(symposium):
        rr = _ranking(rq, post)
        if rr:
            answers.rankings.append(rr)
    return answers
