"""Kendall's coefficient of concordance W for ranking questions, and its chi-square test.

Used by :mod:`symposia.core.delphi` between Delphi rounds; see ``docs/delphi.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from symposia.errors import InputError


def midranks(order: Sequence[str | Sequence[str]], items: Sequence[str]) -> list[float]:
    """Ranks of ``items`` (in the order of ``items``) from one expert's ordering.

    Args:
        order: Best first. Each position is an item or a group of items the
            expert ties; tied items share the mean of the ranks they span
            (mid-ranks), as Kendall's W with the tie correction requires.
        items: Every item of the question, each once.

    Raises:
        InputError: an item is missing, unknown or listed twice.
    """
    ranks: dict[str, float] = {}
    position = 0
    for entry in order:
        group = [entry] if isinstance(entry, str) else list(entry)
        if not group:
            raise InputError("a ranking holds an empty tie group", "remove it")
        mid = position + (len(group) + 1) / 2
        for item in group:
            if item in ranks:
                raise InputError(f"item {item!r} is ranked twice", "rank each item once")
            ranks[item] = mid
        position += len(group)
    unknown = set(ranks) - set(items)
    if unknown:
        raise InputError(
            f"item {sorted(unknown)[0]!r} is not one of the question's items",
            f"rank only: {', '.join(items)}",
        )
    missing = [i for i in items if i not in ranks]
    if missing:
        raise InputError(
            f"the ranking leaves out {missing[0]!r}", "rank every item of the question"
        )
    return [ranks[i] for i in items]


def _rank_row(row: Sequence[float]) -> list[float]:
    """Mid-ranks of the values of a row (1 = smallest)."""
    idx = sorted(range(len(row)), key=lambda i: row[i])
    out = [0.0] * len(row)
    i = 0
    while i < len(idx):
        j = i
        while j + 1 < len(idx) and row[idx[j + 1]] == row[idx[i]]:
            j += 1
        for k in range(i, j + 1):
            out[idx[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def _tie_sum(row: Sequence[float]) -> float:
    """``sum(t**3 - t)`` over the groups of tied ranks of one row."""
    counts: dict[float, int] = {}
    for r in row:
        counts[r] = counts.get(r, 0) + 1
    return float(sum(t**3 - t for t in counts.values()))


def _check_ranks(ranks: Sequence[Sequence[float]]) -> tuple[int, int]:
    m = len(ranks)
    if m < 2:
        raise InputError(
            f"Kendall's W needs at least two rankings, got {m}", "collect more rankings"
        )
    n = len(ranks[0])
    if n < 2:
        raise InputError(f"Kendall's W needs at least two items, got {n}", "rank two or more items")
    for i, row in enumerate(ranks):
        if len(row) != n:
            raise InputError(
                f"ranking {i + 1} ranks {len(row)} items, the first ranks {n}",
                "every ranking must rank every item",
            )
        values = [float(v) for v in row]
        if any(not math.isfinite(v) for v in values) or _rank_row(values) != values:
            raise InputError(
                f"ranking {i + 1} is not a ranking of 1..{n} (tied items share their mid-rank)",
                "pass ranks, e.g. from midranks(), not scores",
            )
    return m, n


def kendall_w(ranks: Sequence[Sequence[float]]) -> float:
    """Kendall's coefficient of concordance W, corrected for ties.

    With m rankings of n items, R_i the sum of the ranks item i received and
    T = sum over rankings and over groups of tied items of ``t**3 - t``:

        W = 12 * sum_i (R_i - m(n+1)/2)**2 / (m**2 (n**3 - n) - m T)

    (Kendall & Babington Smith 1939, "The problem of m rankings", Annals of
    Mathematical Statistics 10(3); the tie correction as in Legendre 2005,
    "Species associations: the Kendall coefficient of concordance revisited",
    JABES 10(2), eq. 2). W is 1 when every ranking is the same and 0 when the
    rank sums are all equal.

    Args:
        ranks: One row per expert, one rank per item (same item order in
            every row); tied items carry their mid-rank (:func:`midranks`).

    Raises:
        InputError: fewer than two rankings or items, rows of different
            length, a row that is not a ranking, or every ranking ties all items.
    """
    m, n = _check_ranks(ranks)
    sums = [sum(float(row[i]) for row in ranks) for i in range(n)]
    mean = m * (n + 1) / 2
    s = sum((r - mean) ** 2 for r in sums)
    ties = sum(_tie_sum(row) for row in ranks)
    denom = m * m * (n**3 - n) - m * ties
    if denom <= 0:
        raise InputError(
            "every ranking ties all items, so there is no ordering to agree on",
            "ask the experts to order the items",
        )
    return min(1.0, max(0.0, 12.0 * s / denom))


def chi2_sf(x: float, df: int) -> float:
    """P(X >= x) for a chi-square variable with ``df`` degrees of freedom.

    The regularized upper incomplete gamma function Q(df/2, x/2), by its
    series below a + 1 and its continued fraction above (Press et al.,
    Numerical Recipes, 3rd ed., section 6.2).
    """
    if df < 1:
        raise InputError(f"degrees of freedom {df} must be at least 1")
    if x <= 0:
        return 1.0
    a, z = df / 2.0, x / 2.0
    log_front = -z + a * math.log(z) - math.lgamma(a)
    if z < a + 1:
        term = total = 1.0 / a
        ap = a
        for _ in range(10_000):
            ap += 1
            term *= z / ap
            total += term
            if abs(term) < abs(total) * 1e-16:
                break
        return max(0.0, 1.0 - total * math.exp(log_front))
    tiny = 1e-300
    b = z + 1 - a
    c, d = 1 / tiny, 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return min(1.0, math.exp(log_front) * h)


@dataclass(frozen=True)
class Concordance:
    """Kendall's W of one ranking question, its chi-square test and the mean ranks.

    Attributes:
        question: Question id.
        m: Rankings (experts).
        n: Items.
        w: Kendall's W corrected for ties; None with fewer than two rankings.
        chi2: Friedman's statistic ``m (n - 1) W``.
        df: Degrees of freedom, ``n - 1``.
        p_value: P(chi-square >= chi2): small values mean the agreement is
            unlikely to be chance (a large-sample approximation; with fewer
            than about 7 items and few experts treat it as rough).
        mean_ranks: ``(item, mean rank)``, best (lowest) first.
    """

    question: str
    m: int
    n: int
    w: float | None
    chi2: float | None
    df: int
    p_value: float | None
    mean_ranks: list[tuple[str, float]]


def concordance(
    question: str, items: Sequence[str], orders: Sequence[Sequence[str | Sequence[str]]]
) -> Concordance:
    """Kendall's W of the experts' orderings of ``items`` (see :func:`midranks`).

    With fewer than two orderings W is not defined and is None.

    Raises:
        InputError: fewer than two items, or an ordering that misses, repeats
            or invents an item.
    """
    if len(items) < 2 or len(set(items)) != len(items):
        raise InputError(
            f"ranking question {question!r} needs two or more distinct items",
            "give each item once",
        )
    ranks = [midranks(o, items) for o in orders]
    m, n = len(ranks), len(items)
    means = (
        sorted(
            ((item, sum(r[i] for r in ranks) / m) for i, item in enumerate(items)),
            key=lambda p: (p[1], items.index(p[0])),
        )
        if m
        else []
    )
    if m < 2:
        return Concordance(question, m, n, None, None, n - 1, None, means)
    w = kendall_w(ranks)
    chi2 = m * (n - 1) * w
    return Concordance(question, m, n, w, chi2, n - 1, chi2_sf(chi2, n - 1), means)
