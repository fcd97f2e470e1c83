"""A readable, word-level diff between two versions of a text.

Editors and experts compare what the expert sent with what the editors made of
it. A character diff is noisy and a line diff useless for paragraphs, so the
texts are cut into words, runs of whitespace and single punctuation marks, and
:mod:`difflib` aligns those tokens. Replacements come out as a deletion then an
insertion, so a reader sees "~~old~~ new" side by side.

Aligning every word of two long takes at once is quadratic in the worst case
(a 20,000-character take edited throughout took minutes), so the diff runs in
two passes: first sentences (and line breaks) are aligned, which is fast
because sentences rarely repeat, then the words of each changed stretch. A
changed stretch too large to align word by word is aligned with difflib's
"junk" heuristic, which ignores very frequent words: still exact, a little
less tidy.

The segments are lossless: joining the ``equal`` and ``delete`` segments gives
back the old text exactly, joining ``equal`` and ``insert`` the new one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

Op = Literal["equal", "insert", "delete"]

# Words (letters, digits, apostrophes and hyphens inside words), whitespace runs,
# or any other single character (punctuation, symbols).
_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class DiffSegment:
    """One run of the diff: text common to both versions, or only in one of them."""

    op: Op
    text: str


@dataclass(frozen=True, slots=True)
class DiffStats:
    """How much changed, in words."""

    inserted_words: int
    deleted_words: int
    unchanged_words: int

    @property
    def changed(self) -> bool:
        """Whether the two texts differ in any word."""
        return bool(self.inserted_words or self.deleted_words)


def tokenize(text: str) -> list[str]:
    """Split ``text`` into word, whitespace and punctuation tokens that join back to it."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[DiffSegment]:
    """The word-level diff turning ``old`` into ``new``.

    Adjacent segments never share an op, and a change that only differs in
    whitespace is shown as such rather than hidden, so the diff is exact.

    Args:
        old: The earlier text (for example what the expert submitted).
        new: The later text (for example the edited version).

    Returns:
        Segments in reading order; ``"".join`` of the ``equal`` and ``delete``
        texts is ``old`` and of the ``equal`` and ``insert`` texts is ``new``.
    """
    a, b = _chunks(old), _chunks(new)
    out: list[DiffSegment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _push(out, "equal", "".join(a[i1:i2]))
        elif tag == "delete":
            _push(out, "delete", "".join(a[i1:i2]))
        elif tag == "insert":
            _push(out, "insert", "".join(b[j1:j2]))
        elif i2 - i1 == j2 - j1:
            # As many sentences on both sides: most often each was edited in place.
            for x, y in zip(a[i1:i2], b[j1:j2], strict=True):
                _words(x, y, out)
        else:
            _words("".join(a[i1:i2]), "".join(b[j1:j2]), out)
    return out


#: Above this many token pairs a changed stretch is aligned with difflib's junk heuristic.
MAX_CELLS = 250_000
_CHUNK_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+|\n\s*")


def _chunks(text: str) -> list[str]:
    """Sentences and line breaks, each with its trailing whitespace; they join back to text."""
    out, start = [], 0
    for m in _CHUNK_END.finditer(text):
        out.append(text[start : m.end()])
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out


def _words(old: str, new: str, out: list[DiffSegment]) -> None:
    a, b = tokenize(old), tokenize(new)
    # The common head and tail are equal text: only the middle needs aligning.
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    _push(out, "equal", "".join(a[:head]))
    a_tail = a[len(a) - tail :]
    a, b = a[head : len(a) - tail], b[head : len(b) - tail]
    # autojunk off keeps common words like "the" aligned, unless the stretch is huge.
    junk = len(a) * len(b) > MAX_CELLS
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=junk)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _push(out, "equal", "".join(a[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _push(out, "delete", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            _push(out, "insert", "".join(b[j1:j2]))
    _push(out, "equal", "".join(a_tail))


def _push(out: list[DiffSegment], op: Op, text: str) -> None:
    if not text:
        return
    if out and out[-1].op == op:
        out[-1] = DiffSegment(op, out[-1].text + text)
    else:
        out.append(DiffSegment(op, text))


def diff_stats(segments: list[DiffSegment]) -> DiffStats:
    """Count the words inserted, deleted and left unchanged by a diff."""
    counts = {"equal": 0, "insert": 0, "delete": 0}
    for seg in segments:
        counts[seg.op] += sum(1 for t in tokenize(seg.text) if t[0].isalnum() or t[0] == "_")
    return DiffStats(
        inserted_words=counts["insert"],
        deleted_words=counts["delete"],
        unchanged_words=counts["equal"],
    )


def old_text(segments: list[DiffSegment]) -> str:
    """The earlier text, rebuilt from a diff."""
    return "".join(s.text for s in segments if s.op != "insert")


def new_text(segments: list[DiffSegment]) -> str:
    """The later text, rebuilt from a diff."""
    return "".join(s.text for s in segments if s.op != "delete")
