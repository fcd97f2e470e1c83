"""Forecast charts as server-rendered SVG: each expert's forecast over time and the community."""

from __future__ import annotations

from datetime import datetime

from symposia.core.svg import num, open_svg, text


def forecasts_over_time_svg(
    series: dict[str, list[tuple[datetime, float]]],
    community: list[tuple[datetime, float]],
    start: datetime,
    end: datetime,
    title: str = "Forecasts over time",
) -> str:
    """Step lines of each expert's probability (grey) and the community forecast (red).

    The x axis runs from ``start`` to ``end`` (the question's open period); the
    y axis is the probability of yes from 0% to 100%.
    """
    w, h, left, right, top, bottom = 640, 260, 44, 14, 14, 30
    span = max((end - start).total_seconds(), 1.0)

    def x(t: datetime) -> float:
        return left + (w - left - right) * min(max((t - start).total_seconds() / span, 0.0), 1.0)

    def y(p: float) -> float:
        return top + (h - top - bottom) * (1.0 - p)

    def path(points: list[tuple[datetime, float]]) -> str:
        d = []
        for i, (t, p) in enumerate(points):
            if i == 0:
                d.append(f"M{num(x(t))},{num(y(p))}")
            else:
                d.append(f"H{num(x(t))}V{num(y(p))}")
        if points:
            d.append(f"H{num(x(end))}")
        return "".join(d)

    parts = [
        open_svg(
            w,
            h,
            title,
            "Probability of yes given by each expert over the open period; "
            "the red line is the community forecast.",
            "fot",
        )
    ]
    for p in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(
            f'<line x1="{left}" x2="{w - right}" y1="{num(y(p))}" y2="{num(y(p))}" '
            'stroke="#e3e1dc"/>'
            f'<text x="{left - 6}" y="{num(y(p) + 4)}" text-anchor="end">{round(p * 100)}%</text>'
        )
    parts.append(f'<text x="{left}" y="{h - 8}">{text(f"{start:%Y-%m-%d}")}</text>')
    parts.append(
        f'<text x="{w - right}" y="{h - 8}" text-anchor="end">{text(f"{end:%Y-%m-%d}")}</text>'
    )
    for name, points in sorted(series.items()):
        parts.append(
            f'<path d="{path(points)}" fill="none" stroke="#8f8f99" stroke-width="1.2">'
            f"<title>{text(name)}</title></path>"
        )
    if community:
        parts.append(
            f'<path d="{path(community)}" fill="none" stroke="#8a1c1c" stroke-width="3">'
            "<title>Community forecast</title></path>"
        )
    parts.append("</svg>")
    return "".join(parts)
