"""Who answered: the panel's composition by region, sector and gender, as SVG.

Hand-built SVG (no plotting library, no JavaScript): it renders in well under a
millisecond, is the same in the static export, and carries an accessible
``<title>`` and ``<desc>`` that state every count. Counts are computed from the
experts whose takes are public; gender counts only experts who consented to
show it (``show_gender``), and the chart says how many did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from symposia.core.svg import attr, num, open_svg, text
from symposia.web.panel.models import Expert

BAR = "#8a1c1c"
_LABEL_W, _BAR_W, _ROW_H, _PAD = 124, 190, 22, 6
_SECTORS = dict(Expert.Sector.choices)


@dataclass(frozen=True)
class Chart:
    """One composition chart: what it counts, the counts, and the SVG."""

    key: str
    title: str
    rows: list[tuple[str, int]]
    total: int
    note: str
    svg: SafeString


def bar_chart(key: str, title: str, rows: list[tuple[str, int]], note: str) -> SafeString:
    """Horizontal bars, one per row, each labelled with its count."""
    biggest = max((n for _, n in rows), default=0) or 1
    height = _PAD * 2 + _ROW_H * max(1, len(rows))
    width = _LABEL_W + _BAR_W + 40
    summary = "; ".join(f"{label}: {n}" for label, n in rows) or "no data"
    parts = [open_svg(width, height, title, f"{summary}. {note}".strip(), f"chart-{key}")]
    for i, (label, n) in enumerate(rows):
        y = _PAD + i * _ROW_H
        w = _BAR_W * n / biggest
        short = label if len(label) <= 20 else label[:19] + "…"
        parts.append(
            f'<text x="{_LABEL_W - 8}" y="{y + 15}" text-anchor="end" fill="#1d1d1f">'
            f"{text(short)}</text>"
            f'<rect x="{_LABEL_W}" y="{y + 3}" width="{num(max(w, 1))}" height="{_ROW_H - 6}" '
            f"fill={attr(BAR)}><title>{text(f'{label}: {n}')}</title></rect>"
            f'<text x="{num(_LABEL_W + w + 6)}" y="{y + 15}" fill="#1d1d1f">{n}</text>'
        )
    if not rows:
        parts.append(f'<text x="{_LABEL_W}" y="{_PAD + 15}" fill="#5b5b63">No data yet</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _rows(values: Iterable[str], missing: str) -> list[tuple[str, int]]:
    counts = Counter(v or missing for v in values)
    # Largest first; ties and the "not stated" group in a stable order.
    return sorted(counts.items(), key=lambda kv: (kv[0] == missing, -kv[1], kv[0].lower()))


def composition(experts: list[Expert]) -> list[Chart]:
    """The three "who answered" charts for the experts of a symposium's public takes."""
    total = len(experts)
    region = _rows((e.region for e in experts), "Not stated")
    sector = _rows((_SECTORS.get(e.sector, e.sector) for e in experts), "Not stated")
    shown = [e for e in experts if e.show_gender and e.gender.strip()]
    gender = _rows((e.gender.strip().capitalize() for e in shown), "Not stated")
    gender_note = (
        f"{len(shown)} of {total} experts chose to show their gender; only they are counted."
    )
    return [
        Chart(
            "region",
            "Experts by region",
            region,
            total,
            f"{total} experts.",
            bar_chart("region", "Experts by region", region, f"{total} experts."),
        ),
        Chart(
            "sector",
            "Experts by sector",
            sector,
            total,
            f"{total} experts.",
            bar_chart("sector", "Experts by sector", sector, f"{total} experts."),
        ),
        Chart(
            "gender",
            "Experts by gender",
            gender,
            len(shown),
            gender_note,
            bar_chart("gender", "Experts by gender", gender, gender_note),
        ),
    ]
