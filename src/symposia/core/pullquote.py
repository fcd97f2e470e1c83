"""Suggest a pull quote: the one or two sentences of a take that best stand alone.

A published take opens with a pull quote in large type, read before and apart
from the article, so it has to make sense on its own. The suggestions here
are always verbatim: a candidate is one sentence, or two adjacent sentences of
the same paragraph, cut from the body by character offsets, 60 to 200
characters long.

The heuristic, in two steps:

1. **Filter** what cannot stand alone. A candidate must start like a sentence
   (capital letter, digit or opening quote) and may not start with a word that
   points back at earlier text: a pronoun or demonstrative ("It", "This",
   "They", "Such") or a connective ("But", "However", "Also", "As a result").
   Phrases that only make sense in context ("the former", "as noted above")
   rule it out anywhere. It must end a sentence (". ! ?"), have balanced
   quotes and brackets, and carry no markup (``* _ # [ ] < >``), URLs or
   line-leading list markers. In a pair only the first sentence must open
   cleanly: the second may say "It" because its referent is right before it.
2. **Score** what is left. Quotable sentences make a claim: strong modal and
   decisive verbs ("will", "must", "cannot", "determine", "depends on") and
   contrast ("not ... but", "rather than", "even if") add; hedges ("may",
   "perhaps", "it is difficult to"), demonstratives inside the sentence
   ("this pattern"), reported speech, parentheses, questions, first-person
   openings and digits subtract. Length near 120 characters is preferred,
   single sentences are preferred to pairs, and the first and last paragraph
   (where thesis and conclusion live) get a small bonus.

The scores rank candidates; they are not probabilities. The top suggestions
overlap no higher-ranked one, so an editor sees different choices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symposia.core.text import Span, split_sentences

MIN_CHARS = 60
MAX_CHARS = 200

_BLOCKER_WORDS = (
    "it its they them their theirs he him his she her hers we us our this that these those "
    "such but however and or nor so also yet still thus therefore hence moreover furthermore "
    "additionally meanwhile instead nevertheless nonetheless consequently similarly likewise "
    "otherwise then besides indeed again further finally lastly first second third fourth "
    "secondly thirdly accordingly regardless anyway plus too which whereas"
)
#: First words that point back at earlier text, so the sentence cannot open a quote.
LEADING_BLOCKERS = frozenset(_BLOCKER_WORDS.split())

#: Multi-word openings that point back at earlier text.
LEADING_PHRASES = (
    "as a result",
    "as such",
    "for example",
    "for instance",
    "in addition",
    "in contrast",
    "in turn",
    "in other words",
    "on the other hand",
    "at the same time",
    "that said",
    "even so",
    "to this end",
    "after all",
    "in short",
    "in sum",
    "in this",
    "by contrast",
    "on top of that",
    "not only that",
    "one of them",
    "some of them",
    "all of this",
    "none of this",
)

#: Phrases that only make sense next to the text they refer to.
DANGLING = re.compile(
    r"\b(?:the former|the latter|as (?:noted|mentioned|discussed|argued|described|shown)"
    r"|(?:noted|mentioned|discussed|described) (?:above|below|earlier)|aforementioned"
    r"|see below|see above|as follows|the following|(?:do|does|did|doing) so)\b",
    re.IGNORECASE,
)
_DEMONSTRATIVE = re.compile(r"\b(?:this|these|those)\s+[a-z]", re.IGNORECASE)
_STRONG = re.compile(
    r"\b(?:will|won't|must|cannot|can't|never|always|should|need(?:s)? to|has to|have to"
    r"|no longer|only|determine[sd]?|decide[sd]?|depend(?:s|ed)? on|matter(?:s)?|fail(?:s|ed)?"
    r"|collapse[sd]?|succeed(?:s|ed)?|end(?:s|ed)? (?:up|with)|remain(?:s|ed)?|require[sd]?"
    r"|shape[sd]?|define[sd]?|risk(?:s|ed)?|threat(?:en|ens|ened)?|key|crucial|critical"
    r"|decisive|essential)\b",
    re.IGNORECASE,
)
_CONTRAST = re.compile(
    r"\b(?:not\b[^.?!]{1,80}\bbut|rather than|instead of|even if|even though|although|unless"
    r"|while|whereas|more than|less than|yet)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:may|might|perhaps|possibly|maybe|seems?|somewhat|arguably|it is (?:difficult|hard)"
    r" to|it remains to be seen|i think|i believe|in my view|in my opinion)\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(r"\b(?:said|says|told|according to|stated|wrote)\b", re.IGNORECASE)
_MARKUP = re.compile(r"[*_#`\[\]<>|{}\\]|https?://|www\.", re.IGNORECASE)
_LIST_MARKER = re.compile(r"(?m)^\s*(?:[-+•]|\d+[.)])\s")
_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*$")
_STARTS_SENTENCE = re.compile(r"^[\"“‘']?[A-Z0-9]")
_FIRST_WORD = re.compile(r"^[\"“‘']?([A-Za-z']+)")
_PARA_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class PullQuote:
    """A suggested pull quote: verbatim text, where it is in the body, and why it ranks."""

    text: str
    span: Span
    score: float
    sentences: int
    reasons: tuple[str, ...]


def suggest_pull_quotes(
    body: str,
    limit: int = 5,
    *,
    min_chars: int = MIN_CHARS,
    max_chars: int = MAX_CHARS,
) -> list[PullQuote]:
    """Rank the one- or two-sentence passages of ``body`` that best stand alone.

    Args:
        body: The take as the expert wrote it (plain text or Markdown).
        limit: How many suggestions to return at most (0 returns every
            candidate, overlapping ones included, best first).
        min_chars: Shortest suggestion in characters.
        max_chars: Longest suggestion in characters.

    Returns:
        Suggestions, best first; each ``text`` equals ``body[span.start:span.end]``
        and is ``min_chars``..``max_chars`` characters long. Empty when no
        passage qualifies.
    """
    sentences = split_sentences(body)
    if not sentences:
        return []
    para_of = _paragraph_index(body, sentences)
    last_para = para_of[-1]
    candidates: list[PullQuote] = []
    for i, first in enumerate(sentences):
        if not _opens_cleanly(first.of(body)):
            continue
        spans = [(Span(first.start, first.end), 1)]
        if i + 1 < len(sentences) and para_of[i + 1] == para_of[i]:
            spans.append((Span(first.start, sentences[i + 1].end), 2))
        for span, n in spans:
            text = span.of(body)
            if not (min_chars <= len(text) <= max_chars) or not _stands_alone(text):
                continue
            position_bonus = para_of[i] in (0, last_para)
            score, reasons = _score(text, n, position_bonus)
            candidates.append(PullQuote(text, span, score, n, reasons))
    candidates.sort(key=lambda c: (-c.score, c.span.start, c.span.end))
    if limit <= 0:
        return candidates
    chosen: list[PullQuote] = []
    for c in candidates:
        if any(c.span.start < o.span.end and o.span.start < c.span.end for o in chosen):
            continue
        chosen.append(c)
        if len(chosen) == limit:
            break
    return chosen


def _paragraph_index(body: str, sentences: list[Span]) -> list[int]:
    breaks = [m.start() for m in _PARA_BREAK.finditer(body)]
    out = []
    for s in sentences:
        out.append(sum(1 for b in breaks if b < s.start))
    return out


def _opens_cleanly(sentence: str) -> bool:
    if not _STARTS_SENTENCE.match(sentence):
        return False
    m = _FIRST_WORD.match(sentence)
    if m and m.group(1).lower() in LEADING_BLOCKERS:
        return False
    lower = sentence.lstrip("\"“‘'").lower()
    return not any(
        lower.startswith(p) and not lower[len(p) : len(p) + 1].isalnum() for p in LEADING_PHRASES
    )


def _stands_alone(text: str) -> bool:
    if not _ENDS_SENTENCE.search(text):
        return False
    if text.rstrip().endswith(":") or DANGLING.search(text):
        return False
    if _MARKUP.search(text) or _LIST_MARKER.search(text):
        return False
    if text.count("(") != text.count(")") or text.count("“") != text.count("”"):
        return False
    return text.count('"') % 2 == 0


def _score(text: str, sentences: int, position_bonus: bool) -> tuple[float, tuple[str, ...]]:
    score = 0.0
    reasons: list[str] = []
    strong = len(_STRONG.findall(text))
    if strong:
        score += min(strong, 3) * 1.0
        reasons.append(f"{strong} strong verb(s)")
    contrast = len(_CONTRAST.findall(text))
    if contrast:
        score += min(contrast, 2) * 1.5
        reasons.append("contrast")
    hedges = len(_HEDGE.findall(text))
    if hedges:
        score -= hedges * 0.6
        reasons.append(f"{hedges} hedge(s)")
    if _DEMONSTRATIVE.search(text):
        score -= 1.0
        reasons.append("refers back with this/these/those")
    if _REPORTED.search(text):
        score -= 0.6
        reasons.append("reported speech")
    if "(" in text:
        score -= 0.5
        reasons.append("parenthesis")
    if "?" in text:
        score -= 0.5
        reasons.append("question")
    if re.match(r"^[\"“‘']?I\b", text):
        score -= 0.3
        reasons.append("first person")
    digits = sum(ch.isdigit() for ch in text)
    if digits > 4:
        score -= 0.5
        reasons.append("figures")
    # Length: 1.0 at 120 characters, falling off linearly to 0 at 0 and 240.
    score += max(0.0, 1.0 - abs(len(text) - 120) / 120)
    if sentences == 2:
        score -= 0.4
        reasons.append("two sentences")
    if position_bonus:
        score += 0.3
        reasons.append("opening or closing paragraph")
    return round(score, 4), tuple(reasons)
