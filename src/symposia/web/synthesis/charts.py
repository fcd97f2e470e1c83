"""The outlook chart: one stacked bar per group, as server-rendered SVG."""

from __future__ import annotations

from symposia.core.svg import num, open_svg, text

COLOURS = {
    "optimistic": "#2e7d4f",
    "mixed": "#c9a227",
    "pessimistic": "#a23b2a",
    "undetermined": "#9a9a9a",
}


def outlook_svg(rows: dict[str, dict[str, int]], title: str = "Outlook by region") -> str:
    """Stacked horizontal bars of expert outlooks per group, with counts as labels."""
    label_w, bar_w, row_h, top = 150, 420, 26, 30
    height = top + row_h * max(1, len(rows)) + 20
    parts = [
        open_svg(
            label_w + bar_w + 20,
            height,
            title,
            "Number of experts per outlook in each group, computed from the synthesis.",
            "outlook",
        )
    ]
    x = label_w
    for name, colour in COLOURS.items():
        parts.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="15">{text(name)}</text>')
        x += 100
    for i, (group, counts) in enumerate(rows.items()):
        y = top + i * row_h
        total = sum(counts.values()) or 1
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{text(group)}</text>')
        cx = float(label_w)
        for kind, colour in COLOURS.items():
            n = counts.get(kind, 0)
            if not n:
                continue
            w = bar_w * n / total
            parts.append(
                f'<rect x="{num(cx)}" y="{y}" width="{num(w)}" height="{row_h - 6}" '
                f'fill="{colour}">'
                f"<title>{text(f'{group}: {n} {kind}')}</title></rect>"
            )
            parts.append(
                f'<text x="{num(cx + w / 2)}" y="{y + 15}" text-anchor="middle" fill="#fff" '
                f'font-weight="bold">{n}</text>'
            )
            cx += w
    parts.append("</svg>")
    return "".join(parts)
