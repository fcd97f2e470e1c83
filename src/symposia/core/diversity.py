"""Diversity targets for a panel: counts at each stage, the gap, and who would close it.

A :class:`Target` says "at least 40% women" or "at most 50% think tanks in
Washington": a share of the panel whose members match every one of its
:class:`Condition` s. :func:`evaluate` counts, for each stage of outreach
(invited, answered, published), how many members match, how many have the
field empty (self-described fields are optional, so unknown is reported, not
guessed), the share, whether the target is met, and the gap: how many more
matching (or, for an "at most" target, non-matching) experts the panel needs.
:func:`suggest` picks roster experts greedily so each pick closes the most of
the remaining shortfall across all targets.

Members are plain mappings of field name to value (a string, or a list for
``languages`` and ``expertise``); nothing here knows about a database.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

#: Fields a target may test.
TARGET_FIELDS: tuple[str, ...] = (
    "gender",
    "region",
    "country",
    "sector",
    "city",
    "languages",
    "expertise",
)
AT_LEAST = "at_least"
AT_MOST = "at_most"
#: Stages of outreach, in order.
STAGES: tuple[str, ...] = ("invited", "answered", "published")

Member = Mapping[str, object]


def _fold(value: object) -> str:
    return _fold_text(str(value))


@functools.lru_cache(maxsize=4096)
def _fold_text(text: str) -> str:
    # Field values repeat endlessly across a roster ("woman", "East Asia"): fold each once.
    if text.isascii():
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join(
        "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split()
    )


@dataclass(frozen=True)
class Condition:
    """A field and the values that satisfy it (compared without case or accents)."""

    field: str
    values: frozenset[str]

    @classmethod
    def of(cls, field: str, values: Iterable[str]) -> Condition:
        """A condition with its values folded; ValueError for an unknown field or no values."""
        if field not in TARGET_FIELDS:
            raise ValueError(f"{field!r} is not a target field; use one of {TARGET_FIELDS}")
        folded = frozenset(_fold(v) for v in values if str(v).strip())
        if not folded:
            raise ValueError(f"the condition on {field} lists no values")
        return cls(field, folded)

    def test(self, member: Member) -> bool | None:
        """True or False for a member, None when the member's field is empty (unknown)."""
        value = member.get(self.field)
        if value is None or value == "" or value == [] or value == ():
            return None
        if isinstance(value, list | tuple | set | frozenset):
            return any(_fold(v) in self.values for v in value)
        return _fold(value) in self.values


@dataclass(frozen=True)
class Target:
    """At least / at most ``share`` (0-1) of the panel matching all ``conditions``."""

    label: str
    conditions: tuple[Condition, ...]
    op: str
    share: float

    def __post_init__(self) -> None:
        if self.op not in (AT_LEAST, AT_MOST):
            raise ValueError(f"op must be {AT_LEAST!r} or {AT_MOST!r}, not {self.op!r}")
        if not 0.0 <= self.share <= 1.0 or math.isnan(self.share):
            raise ValueError(f"share must be between 0 and 1, not {self.share}")
        if not self.conditions:
            raise ValueError("a target needs at least one condition")

    def test(self, member: Member) -> bool | None:
        """Whether a member matches every condition; None when a needed field is unknown."""
        unknown = False
        for c in self.conditions:
            r = c.test(member)
            if r is False:
                return False
            if r is None:
                unknown = True
        return None if unknown else True

    @property
    def sentence(self) -> str:
        """ "at least 40% women" style text for pages and charts."""
        word = "at least" if self.op == AT_LEAST else "at most"
        return f"{word} {round(self.share * 100)}% {self.label}"


@dataclass(frozen=True)
class StageCount:
    """One target at one stage: matching, unknown and total members, and the verdict."""

    stage: str
    matching: int
    unknown: int
    total: int
    met: bool | None  # None when the stage has no members
    gap: int | None  # experts to add; None when the target cannot be met by adding

    @property
    def share(self) -> float | None:
        """Matching members over all members of the stage (unknowns count as not matching)."""
        return self.matching / self.total if self.total else None


@dataclass(frozen=True)
class TargetReport:
    """A target and its counts at every stage."""

    target: Target
    stages: tuple[StageCount, ...]

    def stage(self, name: str) -> StageCount:
        """The counts of stage ``name``."""
        for s in self.stages:
            if s.stage == name:
                return s
        raise KeyError(name)

    def shortfall(self, stage: str = "invited") -> float:
        """How far the stage's share is from the target, in share points (0 when met)."""
        s = self.stage(stage)
        if s.share is None:
            return self.target.share if self.target.op == AT_LEAST else 0.0
        if self.target.op == AT_LEAST:
            return max(0.0, self.target.share - s.share)
        return max(0.0, s.share - self.target.share)


def gap(op: str, share: float, matching: int, total: int) -> int | None:
    """Members to add so that ``matching`` of ``total`` meets the target.

    For "at least" the additions match; for "at most" they do not. Returns
    None when no number of additions can meet it ("at least 100%" with a
    non-matching member already on the panel, or "at most 0%" with a match).
    """
    if total == 0:
        # An empty panel meets nothing: one matching member meets any "at least".
        return (1 if share > 0 else 0) if op == AT_LEAST else 0
    if op == AT_LEAST:
        if matching >= share * total - 1e-9:
            return 0
        if share >= 1.0:
            return None
        # (matching + x) / (total + x) >= share  <=>  x >= (share*total - matching) / (1 - share)
        x = (share * total - matching) / (1.0 - share)
        return max(0, math.ceil(x - 1e-9))
    if matching <= share * total + 1e-9:
        return 0
    if share <= 0.0:
        return None
    # matching / (total + y) <= share  <=>  y >= matching / share - total
    y = matching / share - total
    return max(0, math.ceil(y - 1e-9))


def _met(op: str, share: float, matching: int, total: int) -> bool | None:
    if total == 0:
        return None
    ratio = matching / total
    return ratio >= share - 1e-9 if op == AT_LEAST else ratio <= share + 1e-9


def count_stage(target: Target, stage: str, members: Sequence[Member]) -> StageCount:
    """The counts of one target over the members of one stage."""
    matching = unknown = 0
    for m in members:
        r = target.test(m)
        if r is True:
            matching += 1
        elif r is None:
            unknown += 1
    total = len(members)
    return StageCount(
        stage,
        matching,
        unknown,
        total,
        _met(target.op, target.share, matching, total),
        gap(target.op, target.share, matching, total),
    )


def evaluate(
    targets: Sequence[Target], stages: Mapping[str, Sequence[Member]]
) -> list[TargetReport]:
    """Every target counted at every stage given (in :data:`STAGES` order where known)."""
    order = [s for s in STAGES if s in stages] + [s for s in stages if s not in STAGES]
    return [TargetReport(t, tuple(count_stage(t, s, stages[s]) for s in order)) for t in targets]


def largest_gap(reports: Sequence[TargetReport], stage: str = "invited") -> TargetReport | None:
    """The report whose target is furthest from met at ``stage``; None when all are met."""
    open_ = [r for r in reports if r.shortfall(stage) > 0]
    if not open_:
        return None
    return max(open_, key=lambda r: r.shortfall(stage))


@dataclass(frozen=True)
class Suggestion:
    """A roster expert to invite, the targets the pick helps, and the gain in share points."""

    id: Hashable
    helps: tuple[str, ...]
    hurts: tuple[str, ...]
    gain: float


def _shortfall(target: Target, matching: int, total: int) -> float:
    if total == 0:
        return target.share if target.op == AT_LEAST else 0.0
    ratio = matching / total
    if target.op == AT_LEAST:
        return max(0.0, target.share - ratio)
    return max(0.0, ratio - target.share)


def suggest(
    targets: Sequence[Target],
    panel: Sequence[Member],
    candidates: Sequence[tuple[Hashable, Member]],
    k: int = 10,
) -> list[Suggestion]:
    """Up to ``k`` candidates, picked one at a time to shrink the total shortfall the most.

    Each pick is added to the panel before the next is chosen, so the list
    does not pile onto one target once it is met. Candidates that would not
    reduce the shortfall at all are never suggested. Ties keep the
    candidates' order, so callers decide precedence (e.g. alphabetical).

    Args:
        targets: The symposium's targets.
        panel: Current members (the invited stage).
        candidates: (id, member) pairs of roster experts not on the panel.
        k: How many to suggest.
    """
    if not targets or not candidates or k <= 0:
        return []
    matching = [sum(1 for m in panel if t.test(m) is True) for t in targets]
    total = len(panel)
    # Candidates with the same match pattern are interchangeable: score each pattern once.
    groups: dict[tuple[bool, ...], list[Hashable]] = {}
    for cid, member in candidates:
        pattern = tuple(t.test(member) is True for t in targets)
        groups.setdefault(pattern, []).append(cid)
    positions = {p: 0 for p in groups}
    picks: list[Suggestion] = []
    while len(picks) < k:
        before = sum(_shortfall(t, m, total) for t, m in zip(targets, matching, strict=True))
        if before <= 1e-12:
            break
        best: tuple[float, tuple[bool, ...]] | None = None
        for pattern, ids in groups.items():
            if positions[pattern] >= len(ids):
                continue
            after = sum(
                _shortfall(t, m + hit, total + 1)
                for t, m, hit in zip(targets, matching, pattern, strict=True)
            )
            gain = before - after
            if gain > 1e-12 and (best is None or gain > best[0] + 1e-12):
                best = (gain, pattern)
        if best is None:
            break
        gain, pattern = best
        cid = groups[pattern][positions[pattern]]
        positions[pattern] += 1
        helps = tuple(
            t.label for t, hit in zip(targets, pattern, strict=True) if hit and t.op == AT_LEAST
        )
        helps += tuple(
            t.label
            for t, hit in zip(targets, pattern, strict=True)
            if not hit and t.op == AT_MOST and matching[targets.index(t)] > t.share * total
        )
        hurts = tuple(
            t.label for t, hit in zip(targets, pattern, strict=True) if hit and t.op == AT_MOST
        )
        picks.append(Suggestion(cid, helps, hurts, round(gain, 6)))
        matching = [m + hit for m, hit in zip(matching, pattern, strict=True)]
        total += 1
    return picks
