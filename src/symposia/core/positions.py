"""For or against: the position a sentence takes on a course of action.

A theme is contested when the experts who raise it disagree about what to
do, not merely when some sound hopeful and others doubtful. Disagreement in
expert commentary is marked by a small set of English moves, and this module
scores them:

* **against** (opposition to a proposal): "resist", "unwise", "ill-advised",
  "a mistake", "a bad bargain", "should be shelved", "I am less persuaded
  by", "not convinced", "where I part company", "the temptation", "nor
  should", "I would caution", "would hand / reward / undercut / divide ..."
  (a harmful consequence), "X is understandable but";
* **for** (support that is not a plain "should"): negated inaction ("cannot
  wait", "should not wait / delay / hesitate", "must not sit on the
  sidelines", "rather than wait", "no excuse for delay"), "go ahead",
  "deserves support", "makes sense", "the case for ... is strong".

A plain recommendation ("Seoul should coordinate with Washington") is
advocacy, but advocacy of *what* depends on the theme, so it only counts
towards "for" when the expert shows no opposition cue at all. Reported
views ("some argue that ...") carry no cue of their own. The table is
general English, not a topic lexicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_AGAINST = re.compile(
    r"\bresist(?:s|ed|ing)?\b"
    r"|\bunwise\b|\bill-advised\b|\bmisguided\b|\bcounterproductive\b|\breckless\b|\bfolly\b"
    r"|\b(?:a|an|the) (?:\w+ )?(?:mistake|error|blunder)\b"
    r"|\b(?:less|not|un) ?(?:persuaded|convinced)\b"
    r"|\bpart company\b"
    r"|\btempt(?:ation|ations|ing|ed)\b"
    r"|\bnor should\b"
    r"|\bi (?:would |must )?(?:caution|warn) (?:against|my|our|the|those|them)\b"
    r"|\bi (?:would )?(?:oppose|reject|object to)\b"
    r"|\bbad (?:idea|bargain|deal|investment|trade)\b|\bwast(?:e|es|ing) (?:of|its|their|our|"
    r"the|money|time)\b|\bnot worth\b|\bfalse (?:economy|hope|promise)\b"
    r"|\b(?:be|been|is|are) (?:shelved|scrapped|abandoned|dropped|cancelled|canceled)\b"
    r"|\bunderstandable but\b"
    r"|\b(?:would|will|could)\b[^.;:]{0,60}?\b(?:hand|reward|undercut|undermine|undo|"
    r"split|divide|weaken|embolden|play)\b[^.;:]{0,40}?\b(?:against|front|coalition|allies|"
    r"partners|price|victory|what it wants|them|the other|one another|each other)\b"
    r"|\bright to worry\b|\bworr(?:ies|ied) (?:me|them|us)\b",
    re.IGNORECASE,
)
_FOR = re.compile(
    r"\b(?:cannot|can't|can not|should not|shouldn't|must not|mustn't|need not|"
    r"no (?:reason|need) to|not) (?:afford to )?(?:wait|waiting|delay|hesitate|sit (?:on|out)|"
    r"stand (?:by|aside)|hold back|be held hostage)\b"
    r"|\brather than wait\b|\bwithout waiting\b|\binstead of waiting\b"
    r"|\bno excuse for (?:further |more |any )?(?:delay|waiting)\b"
    r"|\b(?:go|went|going) ahead\b"
    r"|\bdeserves? (?:support|backing|encouragement)\b"
    r"|\bmakes? (?:good )?sense\b"
    r"|\bthe case for\b[^.;]{0,60}\bis (?:strong|compelling|overwhelming|clear)\b"
    r"|\bi (?:strongly )?(?:support|favou?r|endorse|back)\b"
    r"|\b(?:it|this|that) argues for\b",
    re.IGNORECASE,
)
# A view the author reports rather than holds carries no position of its own.
_REPORTED = re.compile(
    r"^\s*(?:some|many|others|critics|supporters|advocates|voices)\b[^.;]{0,60}?\b"
    r"(?:argue|say|claim|call|insist|want|suggest|believe)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Position:
    """The position cues of one sentence.

    Attributes:
        against: Number of opposition cues.
        support: Number of support cues (beyond a plain "should").
    """

    against: int
    support: int


def position(sentence: str) -> Position:
    """Count the opposition and support cues of one sentence."""
    text = sentence.replace("’", "'")
    if _REPORTED.search(text):
        return Position(0, 0)
    return Position(len(_AGAINST.findall(text)), len(_FOR.findall(text)))


def side_of(positions: list[Position], advocates: bool) -> int:
    """One expert's side on a theme: +1 for, -1 against, 0 neither.

    Args:
        positions: Cues of the expert's sentences on the theme.
        advocates: Whether the expert recommends something on the theme
            (counts as "for" only when no sentence opposes anything).
    """
    against = sum(p.against for p in positions)
    support = sum(p.support for p in positions)
    if against > support:
        return -1
    if support > against:
        return 1
    if against == 0 and advocates:
        return 1
    return 0
