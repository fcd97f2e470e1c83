"""Source text with the parsed fields marked, for the editors' ingest page."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from symposia.core.parse_model import Field, ParsedTake


def field_spans(take: ParsedTake) -> list[tuple[int, int, str]]:
    """(start, end, field name) of every field found, in text order."""
    out: list[tuple[int, int, str]] = []
    for name, value in take.fields().items():
        items: list[Field] = value if isinstance(value, list) else [value] if value else []
        for f in items:
            if f.span.end > f.span.start:
                out.append((f.span.start, f.span.end, name))
    return sorted(out)


def highlight(text: str, spans: list[tuple[int, int, str]]) -> SafeString:
    """``text`` escaped, with each span wrapped in ``<mark data-field=...>``.

    Overlapping spans are clipped so the HTML stays well formed; the marked text
    is always the source text itself.
    """
    parts: list[str] = []
    pos = 0
    for start, end, name in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        parts.append(escape(text[pos:start]))
        label = escape(name)
        parts.append(f'<mark data-field="{label}" title="{label}">{escape(text[start:end])}</mark>')
        pos = end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(parts))  # every piece above is escaped
