"""The diversity dashboard's chart: each target against invited, answered and published."""

from __future__ import annotations

from collections.abc import Sequence

from symposia.core import svg
from symposia.core.diversity import AT_LEAST, TargetReport

_WIDTH = 680
_LABEL_W = 86
_BAR_W = 380
_BAR_H = 14
_ROW_H = 20
_BLOCK_PAD = 30
_COLORS = {True: "#2f7d4f", False: "#c0661b", None: "#9aa0a6"}


def diversity_chart(reports: Sequence[TargetReport], chart_id: str = "diversity") -> str:
    """An accessible SVG with one block per target: a bar per stage and the target line.

    Bars are green when the stage meets the target, orange when it does not,
    grey when the stage has nobody yet; the dashed line marks the target share.
    """
    if not reports:
        return ""
    stages = len(reports[0].stages)
    block_h = _BLOCK_PAD + stages * _ROW_H + 14
    height = block_h * len(reports) + 6
    desc = "; ".join(
        f"{r.target.sentence}: "
        + ", ".join(f"{s.stage} {s.matching} of {s.total}" for s in r.stages)
        for r in reports
    )
    out = [svg.open_svg(_WIDTH, height, "Diversity targets against the panel", desc, chart_id)]
    x0 = _LABEL_W
    for i, report in enumerate(reports):
        top = i * block_h + 6
        t = report.target
        out.append(
            f'<text x="0" y="{top + 12}" font-weight="bold" font-size="12">'
            f"{svg.text(t.sentence)}</text>"
        )
        for j, s in enumerate(report.stages):
            y = top + _BLOCK_PAD - 10 + j * _ROW_H
            share = s.share or 0.0
            w = _BAR_W * share
            color = _COLORS[s.met]
            out.append(f'<text x="0" y="{svg.num(y + 11)}">{svg.text(s.stage)}</text>')
            out.append(
                f'<rect x="{x0}" y="{y}" width="{_BAR_W}" height="{_BAR_H}" fill="#eef0f2"/>'
            )
            if w > 0:
                out.append(
                    f'<rect x="{x0}" y="{y}" width="{svg.num(w)}" height="{_BAR_H}" '
                    f'fill="{color}" data-stage="{svg.text(s.stage)}"/>'
                )
            label = (
                f"{s.matching} of {s.total} ({round(share * 100)}%)" if s.total else "nobody yet"
            )
            if s.unknown:
                label += f", {s.unknown} not stated"
            out.append(
                f'<text x="{x0 + _BAR_W + 8}" y="{svg.num(y + 11)}">{svg.text(label)}</text>'
            )
        line_x = x0 + _BAR_W * t.share
        y1 = top + _BLOCK_PAD - 14
        y2 = top + _BLOCK_PAD - 10 + stages * _ROW_H
        word = "min" if t.op == AT_LEAST else "max"
        out.append(
            f'<line x1="{svg.num(line_x)}" x2="{svg.num(line_x)}" y1="{y1}" y2="{y2}" '
            'stroke="#1b1f24" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        # The target's label sits under the bars, clear of the block's title.
        out.append(
            f'<text x="{svg.num(line_x)}" y="{y2 + 10}" font-size="10" text-anchor="middle">'
            f"{word} {round(t.share * 100)}%</text>"
        )
    out.append("</svg>")
    return "".join(out)
