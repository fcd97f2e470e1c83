"""Tiny helpers for hand-built SVG charts (no JavaScript, no plotting library)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr


def text(s: object) -> str:
    """Escape ``s`` for use as SVG element text."""
    return escape(str(s))


def attr(s: object) -> str:
    """Escape ``s`` as a quoted SVG attribute value (quotes included)."""
    return quoteattr(str(s))


def num(x: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in {"-0", ""} else s


def open_svg(width: int, height: int, title: str, desc: str, label_id: str) -> str:
    """The opening ``<svg>`` tag with an accessible title and description."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{label_id}-title {label_id}-desc" font-family="sans-serif" '
        f'font-size="11">'
        f'<title id="{label_id}-title">{text(title)}</title>'
        f'<desc id="{label_id}-desc">{text(desc)}</desc>'
    )
