"""The panel's outlook: optimistic, mixed or pessimistic, per expert.

The default scorer ("lexicon") scores each sentence with a small lexicon of
improvement and deterioration words, in the manner of VADER: a negator in the
three words before a word flips it, words after "but", "however" or "yet"
count more than those before, and an estimative phrase below even odds
("unlikely to", "probably not") flips what follows it. Sentences weigh by
their claim type: a prediction says more about an expert's outlook than a
recommendation, and a best- or worst-case scenario, which experts are asked
to sketch, says little. An expert's verdict comes from the balance of the
weighted scores; the deciding sentence is the one that contributes most to it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from symposia.core.claims import estimative_probability

#: The three verdicts, plus the one given when no sentence carries any signal.
OUTLOOKS: tuple[str, ...] = ("optimistic", "mixed", "pessimistic", "undetermined")

#: How much a sentence of each claim type weighs in an expert's outlook.
TYPE_WEIGHTS: dict[str, float] = {
    "prediction": 1.0,
    "assessment": 0.6,
    "factor": 0.5,
    "uncertainty": 0.5,
    "recommendation": 0.25,
    "best_case": 0.15,
    "worst_case": 0.15,
}

_POSITIVE = {
    r"progress(?:es|ing)?": 1.0,
    r"improv(?:e|es|ed|ing|ement|ements)": 1.0,
    r"breakthroughs?": 1.0,
    r"agreements?": 0.6,
    r"accords?": 0.6,
    r"deals?": 0.4,
    r"peace(?:ful)?": 0.8,
    r"cooperat(?:e|es|ion|ive)": 0.7,
    r"optimis(?:m|tic)": 1.0,
    r"hope(?:ful|s)?": 0.7,
    r"success(?:es|ful|fully)?": 1.0,
    r"succeed(?:s|ed)?": 1.0,
    r"positive": 0.7,
    r"stab(?:le|ility|ilize|ilise|ilizing|ilising)": 0.7,
    r"constructive": 0.8,
    r"momentum": 0.7,
    r"opportunit(?:y|ies)": 0.6,
    r"promising": 0.8,
    r"resum(?:e|es|ed|ption)": 0.6,
    r"reopen(?:s|ed|ing)?": 0.6,
    r"engagement": 0.4,
    r"trust": 0.5,
    r"reconcil(?:e|iation)": 0.8,
    r"normali[sz](?:e|ation|ed)": 0.7,
    r"de-?escalat(?:e|es|ed|ion)": 1.0,
    r"encourag(?:ing|ed)": 0.8,
    r"calm(?:er)?": 0.6,
    r"safer": 0.8,
    r"better": 0.5,
    r"good": 0.5,
    r"thaw": 0.8,
    r"rapprochement": 1.0,
    r"compromises?": 0.5,
    r"eas(?:e|es|ed|ing)": 0.5,
    r"relief": 0.4,
    r"dialogue": 0.4,
    r"diplomacy": 0.3,
    r"benefits?": 0.5,
    r"gains?": 0.4,
    r"recover(?:y|s|ed)?": 0.6,
    r"achievable": 0.8,
    r"feasible": 0.6,
    r"realistic": 0.4,
    r"confiden(?:t|ce)": 0.5,
    r"window": 0.4,
    r"adapt(?:s|ed|ing)?": 0.6,
    r"resilien(?:t|ce)": 0.6,
    r"manageable": 0.6,
    r"solutions?": 0.4,
    r"health(?:y|ier)": 0.6,
}
_NEGATIVE = {
    r"collaps(?:e|es|ed|ing)": 1.0,
    r"fail(?:s|ed|ing|ure|ures)?": 0.9,
    r"stalemate": 1.0,
    r"deadlock(?:ed)?": 1.0,
    r"impasse": 1.0,
    r"tensions?": 0.8,
    r"conflicts?": 0.9,
    r"wars?": 0.9,
    r"escalat(?:e|es|ed|ing|ion|ory)": 1.0,
    r"provocat(?:ion|ions|ive)": 0.9,
    r"threat(?:s|en|ens|ening)?": 0.7,
    r"cris(?:is|es)": 0.9,
    r"deteriorat(?:e|es|ed|ing|ion)": 1.0,
    r"wors(?:e|en|ens|ened|ening)": 1.0,
    r"pessimis(?:m|tic)": 1.0,
    r"setbacks?": 0.9,
    r"breakdown": 1.0,
    r"hostil(?:e|ity|ities)": 0.9,
    r"confrontation(?:al|s)?": 1.0,
    r"dang(?:er|erous|ers)": 0.8,
    r"risks?|risky": 0.5,
    r"bleak": 1.0,
    r"grim": 1.0,
    r"stall(?:s|ed|ing)?": 0.8,
    r"frustrat(?:ed|ion|ions|ing)": 0.7,
    r"disappoint(?:ed|ing|ment|ments)": 0.7,
    r"unravel(?:s|ed|ing|led|ling)?": 1.0,
    r"spiral(?:s|ed|led|ing|ling)?": 0.8,
    r"clash(?:es)?": 0.9,
    r"doubt(?:s|ful)?": 0.6,
    r"s[ck]eptic(?:al|ism)": 0.7,
    r"wary": 0.5,
    r"instability|unstable|volatil(?:e|ity)": 0.8,
    r"mistrust|distrust": 0.8,
    r"abandon(?:s|ed|ing)?": 0.8,
    r"dead[- ]end": 1.0,
    r"aggressi(?:on|ve)": 0.8,
    r"attacks?": 0.8,
    r"ominous": 1.0,
    r"erod(?:e|es|ed|ing)|erosion": 0.7,
    r"declin(?:e|es|ed|ing)": 0.6,
    r"stagnat(?:e|es|ed|ion|ing)": 0.9,
    r"drift(?:s|ed|ing)?": 0.5,
    r"freez(?:e|es)-out": 0.5,
    r"sanctions": 0.3,
    r"launch(?:es)?|tests": 0.4,
    r"harder": 0.5,
    r"unlikely": 0.2,
    r"catastroph(?:e|es|ic)": 1.0,
    r"disast(?:er|ers|rous)": 1.0,
    r"gloomy": 1.0,
    r"shocks?": 0.6,
    r"shortages?": 0.6,
    r"disrupt(?:ion|ions|ed|s)?": 0.6,
    r"damag(?:e|ed|es|ing)": 0.6,
    r"loss(?:es)?": 0.5,
    r"paraly[sz](?:is|ed|es)": 0.8,
    r"chao(?:s|tic)": 0.9,
    r"recession": 0.8,
    r"fragil(?:e|ity)": 0.6,
    r"vulnerab(?:le|ility)": 0.5,
    r"painful": 0.8,
}
_NEGATORS = re.compile(
    r"^(?:not|no|never|n't|without|hardly|little|nor|neither|lack|absence|fail|failed|"
    r"fails|cannot|can't|won't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|nothing|"
    r"none|nobody|few|hard|difficult)$",
    re.IGNORECASE,
)
_CONTRAST = re.compile(r"\b(?:but|however|yet|although|though|nevertheless|still)\b", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def _compile(table: dict[str, float]) -> list[tuple[re.Pattern[str], float]]:
    return [(re.compile(rf"^(?:{k})$", re.IGNORECASE), v) for k, v in table.items()]


_POS = _compile(_POSITIVE)
_NEG = _compile(_NEGATIVE)


@dataclass(frozen=True, slots=True)
class Polarity:
    """The outlook signal of one sentence.

    Attributes:
        positive: Improvement signal (>= 0).
        negative: Deterioration signal (>= 0).
        mixed: Signal of no clear direction: a stalemate, even odds, "neither
            ... nor", "a mixed picture" (>= 0).
        verdict: True when the sentence states the author's overall
            expectation ("I am hopeful", "the most likely outcome is ...").
    """

    positive: float
    negative: float
    mixed: float = 0.0
    verdict: bool = False

    @property
    def net(self) -> float:
        """Positive minus negative."""
        return self.positive - self.negative


@runtime_checkable
class OutlookScorer(Protocol):
    """Scores sentences for improvement versus deterioration."""

    name: str
    version: str

    def polarity(self, sentence: str) -> Polarity:
        """The polarity of one sentence."""
        ...


@functools.lru_cache(maxsize=65536)
def _word_value(word: str) -> float:
    w = word.lower().replace("’", "'")
    for rx, v in _POS:
        if rx.match(w):
            return v
    for rx, v in _NEG:
        if rx.match(w):
            return -v
    return 0.0


# A sentence that states the author's own overall expectation. Such sentences
# are how experts sum up ("I am, on balance, hopeful"), so they outweigh the
# tone of everything else.
_VERDICT = re.compile(
    r"\b(?:i am|i'm|i remain|i feel|i stay|we are|we remain)\b(?:,? [\w-]+,?){0,4}? "
    r"(?:hopeful|optimistic|pessimistic|gloomy|worried|confident|sanguine|skeptical|"
    r"sceptical|encouraged|discouraged|despondent|upbeat|bullish|bearish|alarmed|reassured|"
    r"cautious|guarded|torn|ambivalent)\b"
    r"|\bmy (?:own )?(?:expectations?|outlook|forecast|prognosis|view of the future|bet)\b"
    r"|\b(?:the )?most (?:likely|probable|plausible) (?:outcome|path|future|scenario|result|"
    r"course|prospect)\b"
    r"|\bon balance\b"
    r"|\b(?:ground|grounds|reason|reasons|cause|room) for (?:optimism|pessimism|hope|despair)\b"
    r"|\bi (?:do not |don't )?expect (?:little|much|more|less|nothing|things|the (?:next|coming))\b"
    r"|\b(?:i|we) (?:doubt|fear)\b"
    r"|\bi (?:honestly |genuinely |really |simply )?(?:do not|don't) know\b"
    r"|\b(?:impossible|hard|difficult|too early) to (?:call|say|predict|tell|know|judge)\b"
    r"|\b(?:hard|difficult) to be (?:gloomy|pessimistic|optimistic|hopeful)\b"
    r"|\bi (?:would )?put (?:the|my) (?:probability|chance|chances|odds)\b",
    re.IGNORECASE,
)
#: Signal of one "no clear direction" marker, against lexicon values of 0.2-1.0.
MIXED_VALUE = 1.5
_NEITHER_NOR = re.compile(r"\bneither\b[^.;]{1,80}?\bnor\b(?: \w+){1,3}", re.IGNORECASE)
# No clear direction: the status quo holds, the odds are even, or both ways.
_MIXED = re.compile(
    r"\bmixed\b|\bneither\b[^.;]{1,80}\bnor\b|\bstalemate\b|\bstandoff\b|\bstatus quo\b"
    r"|\b(?:long|extended|prolonged) pause\b|\bholding pattern\b|\bmuddl(?:e|ing) through\b"
    r"|\blimbo\b|\b(?:roughly |about )?even odds\b|\bfifty-fifty\b|\btoss-up\b"
    r"|\bcuts both ways\b|\bno clear direction\b"
    r"|\b(?:impossible|hard|difficult|too early) to (?:call|say|predict|tell|know|judge)\b"
    r"|\bno one can (?:say|know|tell)\b|\b(?:could|can|might) go either way\b"
    r"|\bremains to be seen\b"
    r"|\bcautious(?:ly)?\b|\bguarded(?:ly)?\b|\bambivalen(?:t|ce)\b"
    r"|\bi (?:honestly |genuinely |really |simply )?(?:do not|don't) know\b"
    r"|\bwithin reach\b[^.]*\bout of reach\b",
    re.IGNORECASE,
)


class LexiconOutlook:
    """The offline default outlook scorer ("lexicon"); see the module docstring."""

    name = "lexicon"
    version = "4"

    def polarity(self, sentence: str) -> Polarity:
        """Score one sentence: improvement, deterioration, no direction, verdict."""
        text = sentence.replace("’", "'")
        words = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
        contrast = _CONTRAST.search(text)
        pivot = contrast.start() if contrast and contrast.start() > 0 else -1
        # An estimative phrase qualifies the clause it stands in ("a deal is
        # unlikely", "the probability of a deal is one in four"): below even
        # odds the good news in that clause is bad news, near even odds the
        # clause points nowhere.
        wep = estimative_probability(text)
        clause = (-1, -1)
        if wep is not None:
            at_wep = text.lower().find(wep[0].lower())
            clause = _clause_around(text, max(at_wep, 0))
        mixed = MIXED_VALUE * sum(1 for _ in _MIXED.finditer(text))
        even = wep is not None and 0.35 <= wep[1] <= 0.65
        if even:
            mixed += MIXED_VALUE
        # "neither a catastrophe nor a success" points nowhere: its words do not count.
        skip = [(m.start(), m.end()) for m in _NEITHER_NOR.finditer(text)]
        pos = neg = 0.0
        for i, (word, at) in enumerate(words):
            if word.lower() == "fail" and i + 1 < len(words) and words[i + 1][0] == "to":
                continue
            if any(a <= at < b for a, b in skip):
                continue
            if word.lower() == "stalemate":
                continue  # counted as "no direction" above
            value = _word_value(word)
            if value == 0.0:
                continue
            window = [w for w, _ in words[max(0, i - 3) : i]]
            if any(_NEGATORS.match(w) or w.lower().endswith("n't") for w in window):
                # "no agreement" is bad news; "no collapse" is only faintly good news.
                value = -value * (0.75 if value > 0 else 0.5)
            if clause[0] <= at < clause[1]:
                if even:
                    continue
                if wep is not None and wep[1] < 0.35 and value > 0:
                    value = -value
            if pivot > 0:
                value *= 1.4 if at > pivot else 0.6
            if value > 0:
                pos += value
            else:
                neg -= value
        return Polarity(round(pos, 6), round(neg, 6), round(mixed, 6), bool(_VERDICT.search(text)))


_CLAUSE_EDGE = re.compile(r"[;:]|,\s*(?:but|and|while|whereas|although|though)\b|\bbut\b")


def _clause_around(text: str, at: int) -> tuple[int, int]:
    """The clause of ``text`` that contains position ``at``."""
    start, end = 0, len(text)
    for m in _CLAUSE_EDGE.finditer(text):
        if m.end() <= at:
            start = m.end()
        elif m.start() > at:
            end = m.start()
            break
    return start, end


@dataclass(frozen=True, slots=True)
class ExpertOutlook:
    """One expert's verdict and the index of the sentence that decides it."""

    outlook: str
    score: float
    decider: int | None


#: How much more a verdict sentence counts than an ordinary one.
VERDICT_WEIGHT = 6.0
#: Weight of the other sentences when an expert states a verdict.
BACKGROUND_WEIGHT = 0.2


def decide_outlook(
    polarities: Sequence[Polarity], types: Sequence[str], margin: float = 0.2
) -> ExpertOutlook:
    """Weigh one expert's sentences into a verdict.

    Each sentence contributes its improvement, deterioration and
    no-direction signal times its claim type's weight (times
    :data:`VERDICT_WEIGHT` for a verdict sentence). The balance is
    ``(improvement - deterioration) / (improvement + deterioration + no-direction)``.

    Args:
        polarities: Per-sentence polarity.
        types: Per-sentence claim type (for :data:`TYPE_WEIGHTS`).
        margin: The balance must exceed this to be optimistic (or fall below
            its negative to be pessimistic); in between is mixed.

    Returns:
        The verdict, the balance in ``[-1, 1]`` and the deciding sentence's
        index (``None`` when no sentence carries any signal).
    """
    has_verdict = any(p.verdict and (p.positive or p.negative or p.mixed) for p in polarities)
    contrib: list[tuple[float, float, float]] = []
    for p, t in zip(polarities, types, strict=True):
        w = TYPE_WEIGHTS.get(t, 0.5)
        if p.verdict:
            w = max(w, 0.6) * VERDICT_WEIGHT
        elif has_verdict:
            # An explicit summing-up decides; the tone of the rest only breaks ties.
            w *= BACKGROUND_WEIGHT
        contrib.append((w * p.positive, w * p.negative, w * p.mixed))
    total = sum(a + b + c for a, b, c in contrib)
    if total <= 0:
        return ExpertOutlook("undetermined", 0.0, None)
    balance = round(sum(a - b for a, b, _ in contrib) / total, 6)
    order = range(len(contrib))
    if balance > margin:
        verdict = "optimistic"
        decider = max(order, key=lambda i: (contrib[i][0] - contrib[i][1], -i))
    elif balance < -margin:
        verdict = "pessimistic"
        decider = max(order, key=lambda i: (contrib[i][1] - contrib[i][0], -i))
    else:
        verdict = "mixed"
        # The sentence that itself says "no clear direction" most, else holds both ways.
        decider = max(
            order,
            key=lambda i: (
                contrib[i][2] + min(contrib[i][0], contrib[i][1]),
                contrib[i][0] + contrib[i][1],
                -i,
            ),
        )
    return ExpertOutlook(verdict, balance, decider)
