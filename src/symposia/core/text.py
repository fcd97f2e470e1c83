"""Text utilities shared by the parser and the synthesis pipeline.

Everything here works on plain ``str`` and returns character offsets into the
string it was given, so quotes can always be checked verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into a source string."""

    start: int
    end: int

    def of(self, source: str) -> str:
        """The text this span covers in ``source``."""
        return source[self.start : self.end]


# Abbreviations after which a period does not end a sentence.
_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sr",
    "jr",
    "st",
    "gen",
    "col",
    "lt",
    "maj",
    "capt",
    "sgt",
    "adm",
    "gov",
    "sen",
    "rep",
    "amb",
    "pres",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "no",
    "vol",
    "fig",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "d.c",
    "ph.d",
    "ret",
    "mt",
    "ft",
    "approx",
    "p",
    "pp",
    "cf",
    "al",
}
_PARA = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_LAST_WORD = re.compile(r"([A-Za-z.]+)$")
_SENT_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split ``text[start:end]`` into sentences.

    Returns spans into ``text`` (not into the slice), trimmed of surrounding
    whitespace. Periods after common abbreviations, initials ("Kim J. Un") and
    inside numbers do not end a sentence; newlines that separate paragraphs do.
    """
    stop = len(text) if end is None else end
    spans: list[Span] = []
    for para in _PARA.finditer(text[start:stop]):
        p0 = start + para.start()
        p1 = start + para.end()
        cur = p0
        for m in _SENT_END.finditer(text, p0, p1):
            if m.group(0).startswith("."):
                # Only the last few characters matter: the word before the period.
                last = _LAST_WORD.search(text, max(cur, m.start() - 24), m.start())
                if last:
                    raw = last.group(1).rstrip(".")
                    word = raw.lower()
                    # A lone capital is an initial ("Kim J. Un"); a lone lower-case
                    # letter ends a word like "1980s." or "Korea's." and ends the sentence.
                    if word in _ABBREV or (len(raw) == 1 and raw.isupper()):
                        continue
            _append_trimmed(text, cur, m.end(), spans)
            cur = m.end()
        _append_trimmed(text, cur, p1, spans)
    return spans


def _append_trimmed(text: str, a: int, b: int, out: list[Span]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append(Span(a, b))


def normalize_ws(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to one space."""
    # str.split() splits on every Unicode space, the no-break space included, and is
    # several times faster than a regular expression on the parser's hot path.
    return " ".join(text.split())
