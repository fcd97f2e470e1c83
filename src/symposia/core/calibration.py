"""Calibration tables and the calibration plot (hand-built SVG).

A calibration table splits binary forecasts into equal-width probability bins
(``[0, 0.1), [0.1, 0.2), ... [0.9, 1.0]``, the last bin closed) and reports,
per bin, how many forecasts fell in it, their mean probability and how often
the event happened, with a 95% Wilson score interval for that frequency
(Wilson 1927). A well-calibrated forecaster's points lie on the diagonal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from symposia.core import svg

_Z95 = 1.959963984540054


@dataclass(frozen=True)
class CalibrationBin:
    """One probability bin.

    Attributes:
        lower: Lower edge (inclusive).
        upper: Upper edge (exclusive, except 1.0).
        count: Forecasts in the bin.
        mean_forecast: Their mean probability, None when empty.
        observed: Share that resolved yes, None when empty.
        observed_low: Lower end of the 95% Wilson interval, None when empty.
        observed_high: Upper end of the 95% Wilson interval, None when empty.
    """

    lower: float
    upper: float
    count: int
    mean_forecast: float | None
    observed: float | None
    observed_low: float | None
    observed_high: float | None


@dataclass(frozen=True)
class CalibrationTable:
    """Bins of a calibration table; ``n`` is the number of forecasts in them."""

    bins: tuple[CalibrationBin, ...]
    n: int


def wilson_interval(successes: int, n: int, z: float = _Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (95% by default)."""
    if n <= 0:
        raise ValueError("n must be positive")
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def bin_index(probabilities: npt.ArrayLike, bins: int) -> npt.NDArray[np.int64]:
    """Bin of each probability among ``bins`` equal-width bins (1.0 goes in the last)."""
    p = np.asarray(probabilities, dtype=np.float64)
    return np.minimum((p * bins).astype(np.int64), bins - 1)


def tables_from_counts(
    count: npt.ArrayLike, sum_p: npt.ArrayLike, sum_o: npt.ArrayLike
) -> CalibrationTable:
    """Build a table from per-bin counts, sums of forecasts and sums of outcomes."""
    count = np.asarray(count, dtype=np.float64)
    sum_p = np.asarray(sum_p, dtype=np.float64)
    sum_o = np.asarray(sum_o, dtype=np.float64)
    bins = len(count)
    out = []
    for b in range(bins):
        n = int(count[b])
        if n:
            lo, hi = wilson_interval(round(float(sum_o[b])), n)
            out.append(
                CalibrationBin(
                    b / bins, (b + 1) / bins, n, float(sum_p[b]) / n, float(sum_o[b]) / n, lo, hi
                )
            )
        else:
            out.append(CalibrationBin(b / bins, (b + 1) / bins, 0, None, None, None, None))
    return CalibrationTable(tuple(out), int(count.sum()))


def calibration_table(
    probabilities: npt.ArrayLike, outcomes: npt.ArrayLike, bins: int = 10
) -> CalibrationTable:
    """Calibration table of binary forecasts.

    Args:
        probabilities: Probability of yes of each forecast, in [0, 1]; NaN
            entries (forecasts that are not binary) are left out.
        outcomes: 1 if the event happened, else 0.
        bins: Number of equal-width bins.

    Returns:
        The table, with every bin present (empty bins have count 0).
    """
    if bins < 1:
        raise ValueError("bins must be at least 1")
    p = np.asarray(probabilities, dtype=np.float64)
    o = np.asarray(outcomes, dtype=np.float64)
    if p.shape != o.shape:
        raise ValueError("one outcome per probability is needed")
    ok = ~np.isnan(p)
    p, o = p[ok], o[ok]
    if np.any((p < 0) | (p > 1)):
        raise ValueError("probabilities must lie in [0, 1]")
    if np.any((o != 0) & (o != 1)):
        raise ValueError("outcomes must be 0 or 1")
    b = bin_index(p, bins)
    return tables_from_counts(
        np.bincount(b, minlength=bins).astype(np.float64),
        np.bincount(b, weights=p, minlength=bins),
        np.bincount(b, weights=o, minlength=bins),
    )


def calibration_svg(
    table: CalibrationTable, title: str = "Calibration", size: int = 360, label_id: str = "calib"
) -> str:
    """Calibration plot as a standalone SVG string.

    Axes from 0 to 1 (forecast probability across, observed frequency up),
    the diagonal of perfect calibration, one point per non-empty bin at (mean
    forecast, observed frequency) whose area grows with the bin's count, a
    vertical line for its 95% Wilson interval, and the count printed beside
    it. Each point has a ``<title>`` tooltip with the bin's numbers.

    Args:
        table: From :func:`calibration_table`.
        title: Accessible title of the chart.
        size: Width and height in pixels.
        label_id: Prefix of the ids used by ``aria-labelledby`` (unique per page).
    """
    m_left, m_bottom, m_top, m_right = 44, 40, 22, 22
    w = size - m_left - m_right
    h = size - m_top - m_bottom

    def x(v: float) -> float:
        return m_left + v * w

    def y(v: float) -> float:
        return m_top + (1 - v) * h

    filled = [b for b in table.bins if b.count]
    desc = (
        f"{table.n} forecasts in {len(table.bins)} bins; "
        + "; ".join(
            f"{b.lower:.1f}-{b.upper:.1f}: {b.count} forecasts, "
            f"mean {b.mean_forecast:.2f}, observed {b.observed:.2f}"
            for b in filled
        )
        if filled
        else f"{table.n} forecasts: nothing to plot"
    )
    parts = [svg.open_svg(size, size, title, desc, label_id)]
    parts.append(
        f'<rect x="{x(0)}" y="{y(1)}" width="{w}" height="{h}" fill="#fff" stroke="#888"/>'
    )
    for k in range(11):
        v = k / 10
        parts.append(
            f'<line x1="{svg.num(x(v))}" y1="{svg.num(y(0))}" x2="{svg.num(x(v))}" '
            f'y2="{svg.num(y(0) + 4)}" stroke="#888"/>'
            f'<line x1="{svg.num(x(0) - 4)}" y1="{svg.num(y(v))}" x2="{svg.num(x(0))}" '
            f'y2="{svg.num(y(v))}" stroke="#888"/>'
        )
        if k % 2 == 0:
            parts.append(
                f'<text x="{svg.num(x(v))}" y="{svg.num(y(0) + 16)}" '
                f'text-anchor="middle">{v:.1f}</text>'
                f'<text x="{svg.num(x(0) - 7)}" y="{svg.num(y(v) + 4)}" '
                f'text-anchor="end">{v:.1f}</text>'
            )
    parts.append(
        f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(1)}" stroke="#bbb" '
        f'stroke-dasharray="4 3"><title>perfect calibration</title></line>'
    )
    parts.append(
        f'<text x="{svg.num(x(0.5))}" y="{size - 6}" text-anchor="middle">'
        "forecast probability</text>"
        f'<text x="12" y="{svg.num(y(0.5))}" text-anchor="middle" '
        f'transform="rotate(-90 12 {svg.num(y(0.5))})">observed frequency</text>'
    )
    biggest = max((b.count for b in filled), default=1)
    for b in filled:
        assert b.mean_forecast is not None and b.observed is not None
        assert b.observed_low is not None and b.observed_high is not None
        r = 3.0 + 9.0 * math.sqrt(b.count / biggest)
        cx, cy = x(b.mean_forecast), y(b.observed)
        tip = (
            f"bin {b.lower:.1f}-{b.upper:.1f}: {b.count} forecasts, mean forecast "
            f"{b.mean_forecast:.3f}, observed {b.observed:.3f} "
            f"(95% interval {b.observed_low:.3f}-{b.observed_high:.3f})"
        )
        parts.append(
            f'<g class="bin"><title>{svg.text(tip)}</title>'
            f'<line x1="{svg.num(cx)}" y1="{svg.num(y(b.observed_low))}" x2="{svg.num(cx)}" '
            f'y2="{svg.num(y(b.observed_high))}" stroke="#1f5fa8" stroke-opacity="0.5"/>'
            f'<circle cx="{svg.num(cx)}" cy="{svg.num(cy)}" r="{svg.num(r)}" '
            f'fill="#1f5fa8" fill-opacity="0.7"/>'
            f'<text x="{svg.num(cx + r + 2)}" y="{svg.num(cy - r)}" class="count">{b.count}</text>'
            f"</g>"
        )
    parts.append("</svg>")
    return "".join(parts)
