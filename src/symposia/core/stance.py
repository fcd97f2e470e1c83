"""Stance polls in the style of economists' expert panels (Likert answers with confidence).

Each expert answers a statement with one of Strongly agree, Agree, Uncertain,
Disagree, Strongly disagree or No opinion, a confidence from 1 to 10, and a
short comment. Per statement (see ``docs/scoring.md``):

- shares: each answer's share of the answers that hold an opinion (No
  opinion is counted but left out of the shares);
- confidence-weighted shares: the same with each answer weighted by its
  confidence; answers without a confidence are left out of these (counted in
  ``n_weighted``);
- net agreement: agree share minus disagree share, where "agree" is Strongly
  agree plus Agree and "disagree" is Strongly disagree plus Disagree, from
  -1 to 1 (and its confidence-weighted twin);
- polarization: ``min(agree share, disagree share)``, from 0 (one side only)
  to 0.5 (an even split with no one uncertain).

:func:`stance_breakdown` computes the same statistics per group (region,
sector) and :func:`stance_bars_svg` draws them as stacked horizontal bars.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from symposia.core import svg
from symposia.core.export import Target, write_rows
from symposia.errors import InputError


class Likert(Enum):
    """The six answers, in display order (No opinion last)."""

    STRONGLY_AGREE = "Strongly agree"
    AGREE = "Agree"
    UNCERTAIN = "Uncertain"
    DISAGREE = "Disagree"
    STRONGLY_DISAGREE = "Strongly disagree"
    NO_OPINION = "No opinion"

    @classmethod
    def parse(cls, raw: str) -> Likert:
        """Read an answer written as its label or name, any case, spaces or underscores.

        Raises:
            InputError: The text is not one of the six answers.
        """
        key = " ".join(raw.replace("_", " ").replace("-", " ").split()).lower()
        for member in cls:
            if member.value.lower() == key:
                return member
        choices = ", ".join(m.value for m in cls)
        raise InputError(f"'{raw}' is not a stance answer", f"use one of: {choices}")


#: Answers that hold an opinion, in bar order (agree on the left).
OPINIONS: tuple[Likert, ...] = (
    Likert.STRONGLY_AGREE,
    Likert.AGREE,
    Likert.UNCERTAIN,
    Likert.DISAGREE,
    Likert.STRONGLY_DISAGREE,
)
_AGREE = {Likert.STRONGLY_AGREE, Likert.AGREE}
_DISAGREE = {Likert.STRONGLY_DISAGREE, Likert.DISAGREE}
_COLOURS = {
    Likert.STRONGLY_AGREE: "#1b7837",
    Likert.AGREE: "#7fbf7b",
    Likert.UNCERTAIN: "#d9d9d9",
    Likert.DISAGREE: "#f1a340",
    Likert.STRONGLY_DISAGREE: "#b35806",
}


@dataclass(frozen=True)
class StanceAnswer:
    """One expert's answer to one statement.

    Attributes:
        expert: Expert id.
        statement: Statement id.
        answer: The Likert answer.
        confidence: 1 to 10, or None when not given.
        comment: Optional short comment.
        groups: Attributes for breakdowns, e.g. ``{"region": "Europe"}``.
    """

    expert: str
    statement: str
    answer: Likert
    confidence: int | None = None
    comment: str = ""
    groups: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.confidence is not None and not (
            isinstance(self.confidence, int) and 1 <= self.confidence <= 10
        ):
            raise InputError(
                f"confidence {self.confidence!r} of {self.expert!r} on {self.statement!r} "
                "is not a whole number from 1 to 10",
                "give a confidence from 1 (a guess) to 10 (certain), or none",
            )


@dataclass(frozen=True)
class StanceStats:
    """Statistics of one statement (or one group's answers to it).

    Attributes:
        statement: Statement id (or group label in a breakdown).
        n_answers: All answers, No opinion included.
        n_no_opinion: No opinion answers.
        counts: Answers per opinion (the five of :data:`OPINIONS`).
        shares: Share of each opinion among the ``n`` answers with an opinion.
        weighted_shares: Confidence-weighted shares.
        n_weighted: Answers with an opinion and a confidence.
        net_agreement: Agree share minus disagree share.
        weighted_net_agreement: The same on weighted shares.
        polarization: ``min(agree share, disagree share)``.
        mean_confidence: Mean confidence of the answers that give one.
    """

    statement: str
    n_answers: int
    n_no_opinion: int
    counts: dict[Likert, int]
    shares: dict[Likert, float]
    weighted_shares: dict[Likert, float]
    n_weighted: int
    net_agreement: float
    weighted_net_agreement: float
    polarization: float
    mean_confidence: float | None

    @property
    def n(self) -> int:
        """Answers with an opinion (the denominator of the shares)."""
        return self.n_answers - self.n_no_opinion

    @property
    def agree(self) -> float:
        """Share that agrees or strongly agrees."""
        return sum(self.shares[a] for a in _AGREE)

    @property
    def disagree(self) -> float:
        """Share that disagrees or strongly disagrees."""
        return sum(self.shares[a] for a in _DISAGREE)


def statement_stats(statement: str, answers: Iterable[StanceAnswer]) -> StanceStats:
    """Statistics of one statement's answers (module docstring for the definitions).

    With no opinionated answers every share, the net agreement and the
    polarization are 0.

    Args:
        statement: Label for the result (answers are not filtered by it).
        answers: The answers.
    """
    rows = list(answers)
    counts = {a: 0 for a in OPINIONS}
    weights = {a: 0.0 for a in OPINIONS}
    n_weighted = 0
    no_opinion = 0
    confidences: list[int] = []
    for r in rows:
        if r.confidence is not None:
            confidences.append(r.confidence)
        if r.answer is Likert.NO_OPINION:
            no_opinion += 1
            continue
        counts[r.answer] += 1
        if r.confidence is not None:
            weights[r.answer] += r.confidence
            n_weighted += 1
    n = sum(counts.values())
    total_w = sum(weights.values())
    shares = {a: counts[a] / n if n else 0.0 for a in OPINIONS}
    wshares = {a: weights[a] / total_w if total_w else 0.0 for a in OPINIONS}
    agree = sum(shares[a] for a in _AGREE)
    disagree = sum(shares[a] for a in _DISAGREE)
    w_net = sum(wshares[a] for a in _AGREE) - sum(wshares[a] for a in _DISAGREE)
    return StanceStats(
        statement=statement,
        n_answers=len(rows),
        n_no_opinion=no_opinion,
        counts=counts,
        shares=shares,
        weighted_shares=wshares,
        n_weighted=n_weighted,
        net_agreement=agree - disagree,
        weighted_net_agreement=w_net,
        polarization=min(agree, disagree),
        mean_confidence=sum(confidences) / len(confidences) if confidences else None,
    )


def stance_stats(answers: Iterable[StanceAnswer]) -> list[StanceStats]:
    """Statistics per statement, in order of first appearance."""
    by_statement: dict[str, list[StanceAnswer]] = {}
    for a in answers:
        by_statement.setdefault(a.statement, []).append(a)
    return [statement_stats(s, rows) for s, rows in by_statement.items()]


#: Group label of answers whose expert has no value for the breakdown key.
UNKNOWN_GROUP = "(unknown)"


def stance_breakdown(
    answers: Iterable[StanceAnswer], key: str | Callable[[StanceAnswer], str | None]
) -> dict[str, dict[str, StanceStats]]:
    """Statistics per statement and group.

    Args:
        answers: The answers.
        key: A name in each answer's ``groups`` (``"region"``, ``"sector"``)
            or a function of the answer; a missing or empty value goes to
            :data:`UNKNOWN_GROUP`.

    Returns:
        ``{statement: {group: stats}}``, statements in order of first
        appearance and groups sorted by name (unknown last).
    """
    get: Callable[[StanceAnswer], str | None]
    get = (lambda a: a.groups.get(key)) if isinstance(key, str) else key
    grouped: dict[str, dict[str, list[StanceAnswer]]] = {}
    for a in answers:
        label = get(a) or UNKNOWN_GROUP
        grouped.setdefault(a.statement, {}).setdefault(label, []).append(a)
    return {
        s: {
            g: statement_stats(g, groups[g])
            for g in sorted(groups, key=lambda g: (g == UNKNOWN_GROUP, g))
        }
        for s, groups in grouped.items()
    }


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def stance_bars_svg(
    stats: Sequence[StanceStats],
    title: str = "Stances",
    weighted: bool = False,
    width: int = 640,
    label_id: str = "stance",
) -> str:
    """Stacked horizontal bars, one per statement (or group), as a standalone SVG string.

    Each bar splits 100% of the opinionated answers into Strongly agree ...
    Strongly disagree from left to right; every segment has a ``<title>``
    ("Agree: 12 of 40 (30%)") and the bar's own title gives n, No opinion,
    net agreement and polarization. A legend follows the bars.

    Args:
        stats: From :func:`stance_stats` (or the values of one breakdown).
        title: Accessible title of the chart.
        weighted: Draw the confidence-weighted shares instead.
        width: Width in pixels.
        label_id: Prefix of the ids used by ``aria-labelledby``.
    """
    label_w, bar_h, gap, top = 170, 22, 10, 10
    bar_w = width - label_w - 60
    height = top + len(stats) * (bar_h + gap) + 40
    desc = "; ".join(
        f"{s.statement}: n={s.n}, net agreement {s.net_agreement:+.2f}, "
        f"polarization {s.polarization:.2f}"
        for s in stats
    )
    parts = [svg.open_svg(width, height, title, desc or "no answers", label_id)]
    for i, s in enumerate(stats):
        y = top + i * (bar_h + gap)
        shares = s.weighted_shares if weighted else s.shares
        bar_tip = (
            f"{s.statement}: {s.n} answers with an opinion, {s.n_no_opinion} no opinion; "
            f"net agreement {s.net_agreement:+.2f}, polarization {s.polarization:.2f}"
        )
        parts.append(f'<g class="bar"><title>{svg.text(bar_tip)}</title>')
        label = s.statement if len(s.statement) <= 26 else s.statement[:25] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{svg.num(y + bar_h / 2 + 4)}" '
            f'text-anchor="end">{svg.text(label)}</text>'
        )
        x = float(label_w)
        for a in OPINIONS:
            w = shares[a] * bar_w
            if w <= 0:
                continue
            what = "weighted share" if weighted else f"{s.counts[a]} of {s.n}"
            tip = f"{a.value}: {what} ({_pct(shares[a])})"
            parts.append(
                f'<rect x="{svg.num(x)}" y="{y}" width="{svg.num(w)}" height="{bar_h}" '
                f'fill="{_COLOURS[a]}"><title>{svg.text(tip)}</title></rect>'
            )
            if w >= 28:
                parts.append(
                    f'<text x="{svg.num(x + w / 2)}" y="{svg.num(y + bar_h / 2 + 4)}" '
                    f'text-anchor="middle" aria-hidden="true">{_pct(shares[a])}</text>'
                )
            x += w
        if s.n == 0:
            parts.append(f'<text x="{label_w}" y="{svg.num(y + bar_h / 2 + 4)}">no opinions</text>')
        parts.append(
            f'<text x="{label_w + bar_w + 6}" y="{svg.num(y + bar_h / 2 + 4)}">n={s.n}</text>'
        )
        parts.append("</g>")
    ly = top + len(stats) * (bar_h + gap) + 12
    lx = float(label_w)
    for a in OPINIONS:
        parts.append(
            f'<rect x="{svg.num(lx)}" y="{ly}" width="10" height="10" fill="{_COLOURS[a]}"/>'
            f'<text x="{svg.num(lx + 14)}" y="{ly + 9}">{svg.text(a.value)}</text>'
        )
        lx += 14 + 7 * len(a.value) + 12
    parts.append("</svg>")
    return "".join(parts)


def write_stance_csv(stats: Sequence[StanceStats], target: Target) -> None:
    """One row per statement (or group): counts, shares, weighted shares and the summaries."""
    names = [a.name.lower() for a in OPINIONS]
    header = (
        ["statement", "n_answers", "n_no_opinion"]
        + [f"count_{n}" for n in names]
        + [f"share_{n}" for n in names]
        + [f"weighted_share_{n}" for n in names]
        + ["n_weighted", "net_agreement", "weighted_net_agreement", "polarization"]
        + ["mean_confidence"]
    )
    rows = (
        [s.statement, s.n_answers, s.n_no_opinion]
        + [s.counts[a] for a in OPINIONS]
        + [s.shares[a] for a in OPINIONS]
        + [s.weighted_shares[a] for a in OPINIONS]
        + [s.n_weighted, s.net_agreement, s.weighted_net_agreement, s.polarization]
        + [s.mean_confidence]
        for s in stats
    )
    write_rows(target, header, rows)
