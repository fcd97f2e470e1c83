"""Repairs of damaged text: mojibake, odd spaces, and words glued together.

The parser never works on the raw input directly. :func:`clean_text` builds a
:class:`CleanText`: a cleaned copy of the source plus a map from every cleaned
offset back to the source, so a field found in the cleaned text still has a
span that points at its raw characters. Each repair is recorded as a
:class:`Repair` with its span in the source and the text before and after.

Glue repair ("theirsummit" -> "their summit") lives in
:mod:`symposia.core.repair_glue`: ``wordsegment`` proposes the split and
``wordfreq`` guards it, so real words and names are never split.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from symposia.core.repair_glue import DOMAIN_WORDS, _zipf, glue_points, known_words, split_glued
from symposia.core.text import Span

__all__ = [
    "DOMAIN_WORDS",
    "CleanText",
    "Repair",
    "_zipf",
    "clean_text",
    "known_words",
    "split_glued",
]

# Characters that betray UTF-8 read as cp1252/latin-1 ("â€™", "Ã©", "Â ").
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3\u00c5\u00e2\u00ef\u00d0\u00d1][\u0080-\u00bf\u0152\u0153\u0160\u0161"
    "\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026"
    "\u2030\u2039\u203a\u20ac\u2122]"
)
_MOJIBAKE_LEAD = "\u00c2\u00c3\u00c5\u00e2\u00ef\u00d0\u00d1"
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_CR = re.compile(r"\r\n?")


@dataclass(frozen=True, slots=True)
class Repair:
    """One change made to the source text.

    Attributes:
        kind: ``mojibake``, ``nbsp``, ``invisible``, ``control``, ``entity``,
            ``glue`` (lost space inside a word), ``sentence_glue`` (lost space
            after a sentence mark) or ``camel_glue`` (lost space before a capital).
        span: Where the damaged text is in the source.
        before: The damaged text, exactly as in the source.
        after: What it was replaced with.
    """

    kind: str
    span: Span
    before: str
    after: str

    def to_json(self) -> dict[str, object]:
        """JSON-serialisable form: ``{"kind", "span": [start, end], "before", "after"}``."""
        return {
            "kind": self.kind,
            "span": [self.span.start, self.span.end],
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int  # in the source
    end: int
    replacement: str
    kind: str
    report: bool = True


@dataclass(slots=True)
class CleanText:
    """A cleaned copy of ``source`` with a map back to source offsets.

    Attributes:
        source: The text as given.
        text: The cleaned text the parser reads.
        repairs: Every reported change, in source order.
    """

    source: str
    text: str
    repairs: list[Repair] = field(default_factory=list)
    _clean_starts: list[int] = field(default_factory=list)
    _edits: list[tuple[int, int, int, int]] = field(default_factory=list)

    def to_source(self, start: int, end: int) -> Span:
        """Map a cleaned range ``[start, end)`` to the source range that produced it.

        A boundary that falls inside a replacement widens to cover the whole
        replaced source text, so the source span always contains the raw
        characters of the cleaned range.
        """
        return Span(self._map(start, is_end=False), self._map(end, is_end=True))

    def _map(self, pos: int, *, is_end: bool) -> int:
        if not self._edits:
            return pos
        i = bisect.bisect_right(self._clean_starts, pos) - 1
        if i < 0:
            return pos
        c0, c1, s0, s1 = self._edits[i]
        if pos == c0:
            return s0
        if pos < c1:
            return s1 if is_end else s0
        return s1 + pos - c1


def _apply(source: str, edits: list[_Edit]) -> CleanText:
    if not edits:
        return CleanText(source, source)
    edits.sort(key=lambda e: (e.start, e.end))
    parts: list[str] = []
    starts: list[int] = []
    table: list[tuple[int, int, int, int]] = []
    repairs: list[Repair] = []
    pos = 0
    clean_len = 0
    for e in edits:
        if e.start < pos:  # overlapping edit: keep the earlier one
            continue
        parts.append(source[pos : e.start])
        clean_len += e.start - pos
        c0 = clean_len
        parts.append(e.replacement)
        clean_len += len(e.replacement)
        starts.append(c0)
        table.append((c0, clean_len, e.start, e.end))
        if e.report:
            repairs.append(
                Repair(e.kind, Span(e.start, e.end), source[e.start : e.end], e.replacement)
            )
        pos = e.end
    parts.append(source[pos:])
    return CleanText(source, "".join(parts), repairs, starts, table)


_SPECIAL_KIND = {
    **{c: ("nbsp", " ") for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003"},
    **{c: ("invisible", "") for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"},
}
_SPECIAL = re.compile(
    "[\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u200b\u200c\u200d\u2060\ufeff\u00ad"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)


def _unicode_edits(text: str) -> list[_Edit]:
    edits: list[_Edit] = []
    if "\r" in text:
        for m in _CR.finditer(text):
            edits.append(_Edit(m.start(), m.end(), "\n", "newline", report=False))
    if text.isascii() and text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable():
        return edits
    # Substring tests first: the regular expression costs a scan of the whole text.
    if not text.isascii() and any(c in text for c in _MOJIBAKE_LEAD) and _MOJIBAKE.search(text):
        edits.extend(_mojibake_edits(text))
    taken = _covered(edits)
    for m in _SPECIAL.finditer(text):
        if m.start() in taken or m.group(0) == "\r":
            continue
        kind, rep = _SPECIAL_KIND.get(m.group(0), ("control", ""))
        # A BOM at the very start is an encoding artefact, not a repair worth showing.
        report = not (kind == "invisible" and m.start() == 0)
        edits.append(_Edit(m.start(), m.end(), rep, kind, report))
    return edits


def _covered(edits: Iterable[_Edit]) -> set[int]:
    out: set[int] = set()
    for e in edits:
        out.update(range(e.start, e.end))
    return out


def _mojibake_edits(text: str) -> list[_Edit]:
    import difflib

    import ftfy

    edits: list[_Edit] = []
    for line in re.finditer(r"[^\n]+", text):
        raw = line.group(0)
        if not _MOJIBAKE.search(raw):
            continue
        fixed = ftfy.fix_text(
            raw,
            uncurl_quotes=False,
            fix_line_breaks=False,
            normalization=None,
            unescape_html=False,
            fix_character_width=False,
            fix_latin_ligatures=False,
        )
        if fixed == raw:
            continue
        sm = difflib.SequenceMatcher(None, raw, fixed, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag != "equal":
                base = line.start()
                edits.append(_Edit(base + i1, base + i2, fixed[j1:j2], "mojibake"))
    return edits


def _entity_edits(text: str, taken: set[int]) -> list[_Edit]:
    if "&" not in text:
        return []
    edits = []
    for m in _ENTITY.finditer(text):
        rep = html.unescape(m.group(0))
        if rep != m.group(0) and m.start() not in taken:
            rep = rep.replace("\u00a0", " ")
            edits.append(_Edit(m.start(), m.end(), rep, "entity"))
    return edits


def clean_text(source: str, *, glue: bool = True) -> CleanText:
    """Build the cleaned view of ``source`` with every repair recorded.

    Args:
        source: The raw text (plain text, or text extracted from HTML).
        glue: Whether to repair words glued together by a lost space.

    Returns:
        A :class:`CleanText` whose ``text`` has mojibake fixed (only when the
        text shows mojibake markers, so clean text stays fast), odd spaces
        turned into spaces, invisible and control characters removed, HTML
        entities decoded, ``\\r\\n`` turned into ``\\n`` and glued words split.
    """
    edits = _unicode_edits(source)
    edits.extend(_entity_edits(source, _covered(edits)))
    first = _apply(source, list(edits))
    points = glue_points(first.text) if glue else []
    if not points:
        cleaned = first
    else:
        for pos, kind in points:
            s = first.to_source(pos, pos)
            if s.start == s.end:
                edits.append(_Edit(s.start, s.end, " ", kind))
        cleaned = _apply(source, edits)
    cleaned.repairs = _merge_glue_repairs(source, cleaned.repairs)
    return cleaned


def _merge_glue_repairs(source: str, repairs: list[Repair]) -> list[Repair]:
    """Report a glue repair as the whole token before and after, not a bare inserted space."""
    out: list[Repair] = []
    for r in repairs:
        if r.kind not in {"glue", "sentence_glue", "camel_glue"}:
            out.append(r)
            continue
        a = r.span.start
        while a > 0 and (source[a - 1].isalpha() or source[a - 1] in ".!?,"):
            a -= 1
        b = r.span.end
        while b < len(source) and source[b].isalpha():
            b += 1
        if out and out[-1].kind == r.kind and out[-1].span.start == a:
            prev = out[-1]
            cut = r.span.start - a + (len(prev.after) - len(prev.before))
            after = prev.after[:cut] + " " + prev.after[cut:]
            out[-1] = Repair(r.kind, Span(a, b), source[a:b], after)
            continue
        before = source[a:b]
        cut = r.span.start - a
        out.append(Repair(r.kind, Span(a, b), before, before[:cut] + " " + before[cut:]))
    return out
