"""A take's paragraphs as escaped HTML, with one passage marked by its character offsets.

The synthesis page links each verbatim quote to ``<take page>?hl=START-END#hl``,
where the offsets index the take's stored body. The page shows the body as
paragraphs with whitespace normalised (:func:`symposia.core.editorial.paragraphs`),
so each character shown keeps the offset it had in the body, and the marked
passage is exactly ``body[START:END]``.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BLANK_LINE = re.compile(r"\n\s*\n")
_HL = re.compile(r"(\d{1,9})-(\d{1,9})")


def mapped_paragraphs(body: str) -> list[tuple[str, list[int]]]:
    """Paragraphs exactly as :func:`~symposia.core.editorial.paragraphs` builds them, each
    with the body offset of every character (a joining space maps to its newline)."""
    stripped = body.strip()
    lead = len(body) - len(body.lstrip())
    out: list[tuple[str, list[int]]] = []
    pos = 0
    blocks: list[tuple[int, str]] = []
    for m in _BLANK_LINE.finditer(stripped):
        blocks.append((pos, stripped[pos : m.start()]))
        pos = m.end()
    blocks.append((pos, stripped[pos:]))
    for start, block in blocks:
        chars: list[str] = []
        offsets: list[int] = []
        line_start = 0
        for line in block.splitlines(keepends=True):
            content = line.strip()
            if content:
                at = line_start + (len(line) - len(line.lstrip()))
                if chars:
                    chars.append(" ")
                    offsets.append(lead + start + at - 1)
                chars.extend(content)
                offsets.extend(lead + start + at + i for i in range(len(content)))
            line_start += len(line)
        if chars:
            out.append(("".join(chars), offsets))
    return out


def parse_span(value: str, length: int) -> tuple[int, int] | None:
    """``"12-40"`` as (12, 40) when it is a non-empty span inside a text of ``length``."""
    m = _HL.fullmatch(value.strip())
    if not m:
        return None
    start, end = int(m.group(1)), int(m.group(2))
    return (start, end) if 0 <= start < end <= length else None


def render(body: str, span: tuple[int, int] | None = None) -> list[SafeString]:
    """The body's paragraphs as escaped HTML; the characters of ``span`` in ``<mark>``.

    The first marked run carries ``id="hl"`` so ``#hl`` scrolls to it.
    """
    out: list[SafeString] = []
    anchored = False
    for text, offsets in mapped_paragraphs(body):
        if span is None:
            out.append(mark_safe(escape(text)))
            continue
        inside = [span[0] <= o < span[1] for o in offsets]
        if True not in inside:
            out.append(mark_safe(escape(text)))
            continue
        a = inside.index(True)
        b = len(inside) - inside[::-1].index(True)
        attrs = "" if anchored else ' id="hl"'
        anchored = True
        out.append(
            mark_safe(
                f'{escape(text[:a])}<mark{attrs} class="hl">{escape(text[a:b])}</mark>'
                f"{escape(text[b:])}"
            )
        )
    return out
