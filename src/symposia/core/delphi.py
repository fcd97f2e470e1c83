"""Delphi rounds: spread, agreement, change between rounds, Kendall's W and the stop rule.

In a Delphi study the panel answers, sees the anonymised answers of the group,
and answers again, until it agrees or the rounds run out. This module computes
what the editor and the experts see between rounds; it knows nothing about
databases (see ``docs/delphi.md`` for the workflow and the formulas).

- :func:`forecast_spread`: quartiles and interquartile range (IQR) of the
  experts' forecasts on one question; quartiles interpolate linearly between
  order statistics (Hyndman & Fan 1996, definition 7, numpy's default).
- :func:`agreement`: the share of experts who agree with a statement (Agree
  or Strongly agree among the answers with an opinion), who disagree, and the
  *majority share* ``max(agree, disagree)``: the share on the side most of
  the panel is on. A panel that rejects a statement 9 to 1 agrees as much as
  one that accepts it 9 to 1.
- :func:`changes`: per statement, the shares in round r against round r-1 and
  how many experts moved towards agreement or disagreement on the five-point
  scale, kept their answer, or moved to or from No opinion.
- :func:`kendall_w` and :func:`concordance` (from
  :mod:`symposia.core.concordance`): Kendall's coefficient of concordance W
  for ranking questions, with the correction for ties, and its chi-square test.
- :func:`consensus_reached` and :func:`stop_decision`: the stop rule.
- :func:`feedback`: the anonymised group feedback experts see before they
  answer again: counts and summaries only, never an expert id.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from symposia.core.concordance import Concordance, chi2_sf, concordance, kendall_w, midranks
from symposia.core.stance import OPINIONS, Likert, StanceAnswer, statement_stats
from symposia.errors import InputError

__all__ = [
    "Agreement",
    "Check",
    "Concordance",
    "ForecastSummary",
    "GroupFeedback",
    "RankingSummary",
    "RoundStats",
    "Spread",
    "StanceDistribution",
    "StatementChange",
    "StopDecision",
    "ThemeCount",
    "Thresholds",
    "agreement",
    "agreements",
    "changes",
    "chi2_sf",
    "concordance",
    "consensus_checks",
    "consensus_reached",
    "feedback",
    "forecast_spread",
    "kendall_w",
    "midranks",
    "quartiles",
    "stop_decision",
]

#: Position of each opinion on the five-point scale (agreement is positive).
LIKERT_SCORE: dict[Likert, int] = {
    Likert.STRONGLY_AGREE: 2,
    Likert.AGREE: 1,
    Likert.UNCERTAIN: 0,
    Likert.DISAGREE: -1,
    Likert.STRONGLY_DISAGREE: -2,
}

Scale = Literal["probability", "value"]


# --- forecasts: quartiles and IQR -------------------------------------------------------------


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """First quartile, median and third quartile, interpolating linearly (type 7).

    Raises:
        InputError: ``values`` is empty or holds a value that is not a finite number.
    """
    xs = sorted(float(v) for v in values)
    if not xs:
        raise InputError("quartiles need at least one value", "pass the experts' forecasts")
    if any(not math.isfinite(x) for x in xs):
        raise InputError("a forecast value is not a finite number", "remove NaN and infinity")

    def at(p: float) -> float:
        h = (len(xs) - 1) * p
        lo = math.floor(h)
        hi = min(lo + 1, len(xs) - 1)
        return xs[lo] + (h - lo) * (xs[hi] - xs[lo])

    return at(0.25), at(0.5), at(0.75)


@dataclass(frozen=True)
class Spread:
    """How far apart the panel's forecasts on one question are.

    Attributes:
        question: Question id.
        n: Number of forecasts (one per expert).
        q1: First quartile, None without forecasts.
        median: Median, None without forecasts.
        q3: Third quartile, None without forecasts.
        scale: ``"probability"`` (binary and multiple-choice questions, in
            [0, 1]) or ``"value"`` (numeric questions, in the question's unit).
    """

    question: str
    n: int
    q1: float | None
    median: float | None
    q3: float | None
    scale: Scale = "probability"

    @property
    def iqr(self) -> float | None:
        """Interquartile range ``q3 - q1``; None without forecasts."""
        if self.q1 is None or self.q3 is None:
            return None
        return self.q3 - self.q1


def forecast_spread(question: str, values: Sequence[float], scale: Scale = "probability") -> Spread:
    """Quartiles and IQR of one question's forecasts (one value per expert).

    Raises:
        InputError: a value is not finite, or a probability is outside [0, 1].
    """
    if scale == "probability" and any(not 0.0 <= float(v) <= 1.0 for v in values):
        raise InputError(
            f"a forecast on {question!r} is not a probability in [0, 1]",
            "give probabilities from 0 to 1, or use scale='value' for numeric questions",
        )
    if not values:
        return Spread(question, 0, None, None, None, scale)
    q1, med, q3 = quartiles(values)
    return Spread(question, len(values), q1, med, q3, scale)


# --- statements: agreement and change between rounds ------------------------------------------


@dataclass(frozen=True)
class Agreement:
    """How much the panel agrees on one statement in one round.

    Attributes:
        statement: Statement id.
        n: Answers with an opinion (the denominator of the shares).
        n_no_opinion: No opinion answers.
        agree: Share that agrees or strongly agrees.
        disagree: Share that disagrees or strongly disagrees.
        uncertain: Share that is uncertain.
        net: ``agree - disagree``.
    """

    statement: str
    n: int
    n_no_opinion: int
    agree: float
    disagree: float
    uncertain: float
    net: float

    @property
    def majority_share(self) -> float:
        """``max(agree, disagree)``: the share on the side most of the panel is on."""
        return max(self.agree, self.disagree)

    @property
    def majority_side(self) -> str:
        """``"agree"``, ``"disagree"`` or ``"split"`` (equal shares, or no opinions)."""
        if self.agree > self.disagree:
            return "agree"
        if self.disagree > self.agree:
            return "disagree"
        return "split"


def agreement(statement: str, answers: Iterable[StanceAnswer]) -> Agreement:
    """The agreement on one statement, from its answers (other statements are not filtered out)."""
    s = statement_stats(statement, answers)
    return Agreement(
        statement=statement,
        n=s.n,
        n_no_opinion=s.n_no_opinion,
        agree=s.agree,
        disagree=s.disagree,
        uncertain=s.shares[Likert.UNCERTAIN],
        net=s.net_agreement,
    )


def _by_statement(answers: Iterable[StanceAnswer]) -> dict[str, dict[str, StanceAnswer]]:
    out: dict[str, dict[str, StanceAnswer]] = {}
    for a in answers:
        per = out.setdefault(a.statement, {})
        if a.expert in per:
            raise InputError(
                f"expert {a.expert!r} answers statement {a.statement!r} twice in one round",
                "keep one answer per expert and statement in each round",
            )
        per[a.expert] = a
    return out


def agreements(answers: Iterable[StanceAnswer]) -> list[Agreement]:
    """Agreement per statement, in order of first appearance.

    Raises:
        InputError: an expert answers the same statement twice.
    """
    return [agreement(s, rows.values()) for s, rows in _by_statement(answers).items()]


@dataclass(frozen=True)
class StatementChange:
    """One statement in round r against round r-1.

    Movement counts compare the experts who answered in both rounds, on the
    five-point scale (Strongly disagree -2 ... Strongly agree +2).

    Attributes:
        statement: Statement id.
        previous: Agreement in the previous round (n = 0 when nobody answered).
        current: Agreement in this round.
        n_both: Experts who answered in both rounds.
        toward_agree: Moved up the scale (e.g. Uncertain to Agree).
        toward_disagree: Moved down the scale.
        unchanged: Gave the same answer.
        to_no_opinion: Had an opinion, now have none.
        from_no_opinion: Had no opinion, now have one.
        new: Answered only in this round.
        dropped: Answered only in the previous round.
    """

    statement: str
    previous: Agreement
    current: Agreement
    n_both: int
    toward_agree: int
    toward_disagree: int
    unchanged: int
    to_no_opinion: int
    from_no_opinion: int
    new: int
    dropped: int

    @property
    def moved(self) -> int:
        """Experts whose answer changed (in any direction, No opinion included)."""
        return self.toward_agree + self.toward_disagree + self.to_no_opinion + self.from_no_opinion

    @property
    def delta_agree(self) -> float:
        """Change of the agree share."""
        return self.current.agree - self.previous.agree

    @property
    def delta_net(self) -> float:
        """Change of the net agreement."""
        return self.current.net - self.previous.net

    @property
    def delta_majority(self) -> float:
        """Change of the majority share."""
        return self.current.majority_share - self.previous.majority_share


def changes(
    previous: Iterable[StanceAnswer], current: Iterable[StanceAnswer]
) -> list[StatementChange]:
    """Per statement, round r (``current``) against round r-1 (``previous``).

    Statements are listed in order of first appearance in ``current``, then
    those answered only in ``previous``.

    Raises:
        InputError: an expert answers the same statement twice in one round.
    """
    before = _by_statement(previous)
    after = _by_statement(current)
    order = list(after) + [s for s in before if s not in after]
    out: list[StatementChange] = []
    for s in order:
        old, new = before.get(s, {}), after.get(s, {})
        up = down = same = to_none = from_none = 0
        both = old.keys() & new.keys()
        for e in both:
            a, b = old[e].answer, new[e].answer
            if a is b:
                same += 1
            elif b is Likert.NO_OPINION:
                to_none += 1
            elif a is Likert.NO_OPINION:
                from_none += 1
            elif LIKERT_SCORE[b] > LIKERT_SCORE[a]:
                up += 1
            else:
                down += 1
        out.append(
            StatementChange(
                statement=s,
                previous=agreement(s, old.values()),
                current=agreement(s, new.values()),
                n_both=len(both),
                toward_agree=up,
                toward_disagree=down,
                unchanged=same,
                to_no_opinion=to_none,
                from_no_opinion=from_none,
                new=len(new.keys() - old.keys()),
                dropped=len(old.keys() - new.keys()),
            )
        )
    return out


# --- the stop rule -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """What the editor calls consensus.

    Attributes:
        agreement: Least majority share on every statement, in (0, 1].
        iqr: Widest interquartile range on every probability question, in [0, 1].
        kendall_w: Least Kendall's W on every ranking question, in [0, 1]
            (0.7 is "strong agreement" in Schmidt 1997, "Managing Delphi
            surveys using nonparametric statistical techniques").
        min_answers: Fewest answers (opinions, forecasts, rankings) an item
            needs before its agreement counts: two experts who happen to
            answer alike are not a consensus of the panel.
    """

    agreement: float = 0.75
    iqr: float = 0.2
    kendall_w: float = 0.7
    min_answers: int = 3

    def __post_init__(self) -> None:
        if not 0.0 < self.agreement <= 1.0:
            raise InputError(
                f"consensus threshold {self.agreement!r} is not in (0, 1]",
                "give a share such as 0.75 (three experts in four on one side)",
            )
        if not 0.0 <= self.iqr <= 1.0:
            raise InputError(
                f"IQR width {self.iqr!r} is not in [0, 1]",
                "give a width in probability points, such as 0.2",
            )
        if not 0.0 <= self.kendall_w <= 1.0:
            raise InputError(f"Kendall's W threshold {self.kendall_w!r} is not in [0, 1]")
        if self.min_answers < 1:
            raise InputError(
                f"minimum answers {self.min_answers!r} is below 1", "give a whole number from 1"
            )


@dataclass(frozen=True)
class RoundStats:
    """What one round measured."""

    round: int
    statements: list[Agreement] = field(default_factory=list)
    forecasts: list[Spread] = field(default_factory=list)
    rankings: list[Concordance] = field(default_factory=list)


@dataclass(frozen=True)
class Check:
    """One part of the stop rule: an item's value against its threshold."""

    kind: Literal["statement", "forecast", "ranking"]
    item: str
    value: float | None
    threshold: float
    met: bool


def consensus_checks(stats: RoundStats, thresholds: Thresholds) -> list[Check]:
    """Every check of the consensus rule (see :func:`consensus_reached`)."""
    out: list[Check] = []
    least = thresholds.min_answers
    for a in stats.statements:
        ok = a.n >= least and a.majority_share >= thresholds.agreement
        out.append(Check("statement", a.statement, a.majority_share, thresholds.agreement, ok))
    for s in stats.forecasts:
        if s.scale != "probability":
            continue  # numeric questions have their own units; shown, not part of the rule
        ok = s.n >= least and s.iqr is not None and s.iqr <= thresholds.iqr
        out.append(Check("forecast", s.question, s.iqr, thresholds.iqr, ok))
    for c in stats.rankings:
        ok = c.m >= least and c.w is not None and c.w >= thresholds.kendall_w
        out.append(Check("ranking", c.question, c.w, thresholds.kendall_w, ok))
    return out


def consensus_reached(stats: RoundStats, threshold: Thresholds) -> bool:
    """Whether the panel agrees, by the rule of ``docs/delphi.md``.

    Consensus is reached when every statement has a majority share of at least
    ``threshold.agreement``, every probability question has an IQR of at most
    ``threshold.iqr``, and every ranking question has Kendall's W of at least
    ``threshold.kendall_w``; an item with fewer than ``threshold.min_answers``
    answers (opinions, forecasts, rankings) fails its check. A round that
    measured nothing has not reached consensus.
    """
    checks = consensus_checks(stats, threshold)
    return bool(checks) and all(c.met for c in checks)


@dataclass(frozen=True)
class StopDecision:
    """Whether to stop after a round, and why."""

    stop: bool
    consensus: bool
    rounds_exhausted: bool
    reason: str
    checks: list[Check]


def stop_decision(stats: RoundStats, thresholds: Thresholds, max_rounds: int) -> StopDecision:
    """Stop when consensus is reached or round ``stats.round`` is the last allowed.

    Raises:
        InputError: ``max_rounds`` is below 1 or the round number below 1.
    """
    if max_rounds < 1 or stats.round < 1:
        raise InputError(
            f"round {stats.round} of at most {max_rounds} is not a valid round",
            "rounds count from 1 and at least one round is allowed",
        )
    checks = consensus_checks(stats, thresholds)
    reached = bool(checks) and all(c.met for c in checks)
    exhausted = stats.round >= max_rounds
    failing = [c for c in checks if not c.met]
    if reached:
        reason = f"consensus reached in round {stats.round}: all {len(checks)} checks met"
    elif exhausted:
        reason = (
            f"round {stats.round} was the last of {max_rounds}; "
            f"{len(failing)} of {len(checks)} checks not met"
        )
    elif not checks:
        reason = f"round {stats.round} measured nothing; open another round or stop by hand"
    else:
        reason = f"{len(failing)} of {len(checks)} checks not met; another round may help"
    return StopDecision(reached or exhausted, reached, exhausted, reason, checks)


# --- anonymised group feedback -----------------------------------------------------------------


@dataclass(frozen=True)
class ThemeCount:
    """A synthesis theme and how many experts raised it (``count`` of ``of``)."""

    label: str
    count: int
    of: int


@dataclass(frozen=True)
class StanceDistribution:
    """How the panel answered one statement: counts per answer and the shares."""

    statement: str
    counts: dict[str, int]
    n: int
    n_no_opinion: int
    agree: float
    disagree: float
    net: float


@dataclass(frozen=True)
class ForecastSummary:
    """The panel's forecasts on one question: how many, quartiles, community forecast."""

    question: str
    n: int
    q1: float | None
    median: float | None
    q3: float | None
    scale: Scale
    community: float | None = None


@dataclass(frozen=True)
class RankingSummary:
    """The panel's ranking of one question's items: mean ranks and Kendall's W."""

    question: str
    m: int
    mean_ranks: list[tuple[str, float]]
    w: float | None


@dataclass(frozen=True)
class GroupFeedback:
    """What every expert sees of round ``round``: counts and summaries, no expert id."""

    round: int
    themes: list[ThemeCount]
    stances: list[StanceDistribution]
    forecasts: list[ForecastSummary]
    rankings: list[RankingSummary]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (tuples become lists)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GroupFeedback:
        """Read :meth:`to_dict` output back.

        Raises:
            InputError: a key is missing or malformed.
        """
        try:
            return cls(
                round=int(data["round"]),
                themes=[ThemeCount(**t) for t in data["themes"]],
                stances=[StanceDistribution(**s) for s in data["stances"]],
                forecasts=[ForecastSummary(**f) for f in data["forecasts"]],
                rankings=[
                    RankingSummary(
                        question=r["question"],
                        m=r["m"],
                        mean_ranks=[(str(i), float(v)) for i, v in r["mean_ranks"]],
                        w=r["w"],
                    )
                    for r in data["rankings"]
                ],
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"stored group feedback is malformed ({exc!r})", "reopen the round to rebuild it"
            ) from None


def feedback(
    round_number: int,
    *,
    themes: Iterable[ThemeCount] = (),
    answers: Iterable[StanceAnswer] = (),
    spreads: Iterable[Spread] = (),
    rankings: Iterable[Concordance] = (),
    community: Mapping[str, float] | None = None,
) -> GroupFeedback:
    """The anonymised feedback of round ``round_number``.

    Only counts, shares, quartiles and mean ranks leave this function: the
    expert ids in ``answers`` are used to count and are then dropped.

    Args:
        round_number: The round the feedback describes.
        themes: Synthesis themes with their holder counts.
        answers: The round's stance answers.
        spreads: The round's forecast spreads (:func:`forecast_spread`).
        rankings: The round's concordances (:func:`concordance`).
        community: Community forecast per question id, where the platform has one.

    Raises:
        InputError: an expert answers a statement twice, or a theme count
            exceeds its total.
    """
    theme_rows = list(themes)
    for t in theme_rows:
        if not 0 <= t.count <= t.of:
            raise InputError(f"theme {t.label!r} counts {t.count} of {t.of} experts")
    dists = []
    for statement, rows in _by_statement(answers).items():
        s = statement_stats(statement, rows.values())
        counts = {a.value: s.counts[a] for a in OPINIONS}
        counts[Likert.NO_OPINION.value] = s.n_no_opinion
        dists.append(
            StanceDistribution(
                statement, counts, s.n, s.n_no_opinion, s.agree, s.disagree, s.net_agreement
            )
        )
    comm = community or {}
    return GroupFeedback(
        round=round_number,
        themes=theme_rows,
        stances=dists,
        forecasts=[
            ForecastSummary(s.question, s.n, s.q1, s.median, s.q3, s.scale, comm.get(s.question))
            for s in spreads
        ],
        rankings=[RankingSummary(c.question, c.m, list(c.mean_ranks), c.w) for c in rankings],
    )
