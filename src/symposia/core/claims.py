"""Typed claims: what kind of statement a sentence makes, its hedges and horizon.

The default :class:`RuleClaimTyper` ("rules") assigns one of
:data:`CLAIM_TYPES` from general English cue patterns: scenario words for best
and worst cases, modal verbs of obligation for recommendations, future tense
and estimative words for predictions, causal vocabulary for factors (drivers) and
open-question phrasing for uncertainty; everything else is an assessment.
The cues are linguistic, not fitted to any one symposium.

Independently of the typer, :func:`find_hedges`, :func:`find_horizon` and
:func:`estimative_probability` read the hedging words, the time horizon and,
for predictions, a probability from the words of estimative probability in
:data:`ESTIMATIVE_PROBABILITY`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

#: The claim types, in the order reports list them.
CLAIM_TYPES: tuple[str, ...] = (
    "prediction",
    "recommendation",
    "best_case",
    "worst_case",
    "factor",
    "assessment",
    "uncertainty",
)

#: Words of estimative probability -> probability of the statement as written.
#:
#: Values follow Sherman Kent's "Words of Estimative Probability" (CIA, 1964)
#: where Kent gives a value (certain 100%, almost certain 93%, probable 75%,
#: chances about even 50%, probably not 30%, almost certainly not 7%); other
#: phrases take the midpoint of the matching range in the U.S. Intelligence
#: Community Directive 203 (very likely 80-95% -> 0.87, very unlikely 5-20% ->
#: 0.13, almost no chance 1-5% -> 0.03). The probability applies to the
#: sentence as written, negations included: "will likely not" is 0.75 that the
#: thing will not happen. A prediction with no such phrase ("will happen") gets
#: no probability rather than an invented one.
ESTIMATIVE_PROBABILITY: dict[str, float] = {
    "certain": 0.99,
    "certainly": 0.99,
    "definitely": 0.99,
    "undoubtedly": 0.99,
    "without a doubt": 0.99,
    "almost certain": 0.93,
    "almost certainly": 0.93,
    "nearly certain": 0.93,
    "virtually certain": 0.93,
    "very likely": 0.87,
    "highly likely": 0.87,
    "very probably": 0.87,
    "highly probable": 0.87,
    "most likely": 0.87,
    "likely": 0.75,
    "probably": 0.75,
    "probable": 0.75,
    "more likely than not": 0.6,
    "even chance": 0.5,
    "even odds": 0.5,
    "better than even": 0.55,
    "chances about even": 0.5,
    "as likely as not": 0.5,
    "fifty-fifty": 0.5,
    "toss-up": 0.5,
    "unlikely": 0.3,
    "not likely": 0.3,
    "probably not": 0.3,
    "improbable": 0.3,
    "doubtful": 0.3,
    "very unlikely": 0.13,
    "highly unlikely": 0.13,
    "almost certainly not": 0.07,
    "almost no chance": 0.03,
    "little chance": 0.13,
    "no chance": 0.01,
    "impossible": 0.01,
}

#: Hedging words and phrases (lower case) reported with each claim.
HEDGES: tuple[str, ...] = (
    "may",
    "might",
    "could",
    "possibly",
    "possible",
    "perhaps",
    "maybe",
    "probably",
    "likely",
    "unlikely",
    "seems",
    "seem",
    "appears",
    "appear",
    "suggests",
    "potentially",
    "arguably",
    "somewhat",
    "i think",
    "i believe",
    "i suspect",
    "i expect",
    "in my view",
    "tend to",
    "tends to",
    "it is possible",
    "to some extent",
    "presumably",
    "apparently",
    "conceivably",
    "uncertain",
    "unclear",
)


@dataclass(frozen=True, slots=True)
class Horizon:
    """A time horizon found in a sentence; offsets index the sentence text."""

    text: str
    start: int
    end: int
    year: int | None


@runtime_checkable
class ClaimTyper(Protocol):
    """Assigns a claim type to each sentence of one take, in order.

    Typers see the sentences of a take in order so they may use context (a
    worst-case scenario often runs over two sentences).
    """

    name: str
    version: str

    def type_sentences(
        self, sentences: Sequence[str], paragraph_starts: Sequence[bool] | None = None
    ) -> list[str]:
        """One type from :data:`CLAIM_TYPES` per sentence.

        ``paragraph_starts[i]`` is true when sentence ``i`` opens a paragraph
        (context should not run across one); ``None`` means unknown.
        """
        ...


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


_BEST = _rx(
    r"\bbest[- ]case\b",
    r"\bbest(?: possible| realistic)? (?:outcome|scenario|result)s?\b",
    r"\bin the best of (?:all )?(?:worlds|cases)\b",
    r"\bat (?:its |the )?best\b",
    r"\b(?:most )?optimistic (?:scenario|case|outcome)\b",
    r"\bbest (?:we|one) can hope\b",
    r"\bif (?:all|everything) goes well\b",
    r"\bideal (?:outcome|scenario)\b",
)
_WORST = _rx(
    r"\bworst[- ]case\b",
    r"\bworst(?: possible)? (?:outcome|scenario|result)s?\b",
    r"\bin the worst\b",
    r"\bat (?:its |the )?worst\b",
    r"\b(?:most )?pessimistic (?:scenario|case|outcome)\b",
    r"\bnightmare scenario\b",
    r"\bif (?:things|everything|it all) goes? (?:wrong|badly|south)\b",
)
_UNCERTAIN = _rx(
    r"\bremains? to be seen\b",
    r"\b(?:is|are|remains?|still) (?:far from |still |quite |very |highly |deeply |genuinely |"
    r"truly |entirely )?(?:unclear|uncertain|unknown|an open question|anyone's guess|"
    r"up in the air)\b",
    r"\b(?:far |much )?less certain\b",
    r"\bis (?:quite )?another matter\b",
    r"\bhard to read\b",
    r"\b(?:nor|neither) do (?:we|i) know\b",
    r"\b(?:hard|difficult|impossible|too early|too soon) to "
    r"(?:say|know|tell|predict|judge|call|foresee)\b",
    r"\b(?:no one|nobody) (?:knows|can (?:say|know|predict|tell))\b",
    r"\buncertaint(?:y|ies)\b",
    r"\bunpredictab(?:le|ility)\b",
    r"\bit is not clear\b",
    r"\bit's not clear\b",
    r"\bwe (?:do not|don't|cannot|can't) know\b",
    r"\bopen question\b",
)
_RECOMMEND = _rx(
    r"(?<!^)\bshould(?! have\b)\b",
    r"\bought to\b",
    r"\bmust(?! have\b)(?! be (?:\w+ )?(?:disappointed|frustrated|wondering|feeling)\b)\b",
    r"\b(?:need|needs) to\b",
    r"\bwill (?:need|have) to\b",
    r"\b(?:it is|it's|it will be|it would be) (?:therefore |thus |also |now )?"
    r"(?:essential|important|vital|crucial|critical|imperative|necessary|wise|prudent|"
    r"advisable|best|better|time) (?:that|to|for)\b",
    r"\b(?:i|we) (?:would )?(?:recommend|urge|suggest|propose|advise|call on)\b",
    r"\bwould do well to\b",
    r"\b(?:the )?(?:best|right|wisest|smartest) (?:course|approach|way|path|option|strategy|"
    r"move|policy) (?:is|would be|for)\b",
    r"\blet us\b|\blet's\b",
    r"\bhas to\b|\bhave to\b",
    r"\bthere (?:is|was) (?:an? )?(?:urgent )?need\b",
    r"\bshould not\b",
    r"\b(?:the|our|their|its) (?:\w+ ){0,3}(?:task|aim|goal|priority|job|answer|frame|approach)"
    r"(?: \w+){0,4} (?:is|should be|must be) (?:to|a|an|no longer|something)\b",
    r"\bargues? for\b",
    r"\b(?:i|we) (?:would |also )?(?:caution|hope|encourage|appeal)\b",
    r"\bdeserves?\b",
    r"\bbetter spent\b",
    r"\bwhat (?:\w+ ){1,3}needs? (?:now )?is\b",
    r"\b(?:needs?|requires?) (?:a|an|its|their|our|the) (?:own )?\w+",
    r"\bcould (?:begin|start) by\b",
    r"\bcannot (?:afford to|wait)\b",
)
_DRIVER = _rx(
    r"\b(?:key|main|major|important|critical|decisive|deciding|biggest|central|crucial|"
    r"primary|single most important) (?:factor|driver|variable|determinant|question|issue|"
    r"obstacle|challenge|element)s?\b",
    r"\bfactors?\b",
    r"\bdrivers?\b",
    r"\b(?:will |would )?(?:depends?|depending|hinges?|hinging|rests?|turns?) (?:up)?on\b",
    r"\bdetermin(?:e|es|ed|ing|ant|ants)\b",
    r"\b(?:driven|shaped|influenced|dictated|constrained) by\b",
    r"\b(?:the )?key (?:to|is|will be|here)\b",
    r"\bcontingent (?:up)?on\b",
    r"\bwill (?:shape|influence|decide|dictate)\b",
    r"\b(?:a |the )?(?:function|product) of\b",
)
_PREDICT = _rx(
    r"\bwill\b",
    r"\bwon't\b",
    r"\bshall\b",
    r"\b(?:is|are|am|'s|'re) (?:\w+ )?going to\b",
    r"\b(?:is|are|was|were|seems?|appears?) (?:\w+ )?(?:un)?likely to\b",
    r"\b(?:i|we) (?:fully |do not |don't |did not )?(?:expect|anticipate|predict|foresee)\b",
    r"\b(?:is|are) (?:expected|poised|set|bound|slated|unlikely|likely|certain|sure) to\b",
    r"\b(?:expect|anticipate|predict|foresee)s? (?:that|a|an|the|more|further|north|south)\b",
    r"\bchances are\b",
    r"\bthere is (?:a |an )?(?:good|high|low|slim|real|strong|significant|small|little|no)"
    r" (?:chance|probability|likelihood|possibility)\b",
    r"\b\d{1,3} ?(?:%|percent|per cent) (?:chance|probability|likelihood)\b",
    r"\b(?:in|within|over) the (?:next|coming)\b",
    r"\bby (?:the end of )?20\d\d\b",
    r"\bsooner or later\b",
    r"\bin the (?:near|foreseeable) future\b",
)
# A sentence-initial "Should X ..." is a conditional, not advice.
_INITIAL_SHOULD = re.compile(r"^\W*should\b", re.IGNORECASE)
_PAST_MODAL = re.compile(r"\b(?:should|must|could|would|might) have\b", re.IGNORECASE)
_CONTINUATION = re.compile(r"\b(?:could|would|might|may)\b", re.IGNORECASE)
_LEADING_CLAUSE = re.compile(
    r"^\W*(?:while|although|though|even if|even though|whereas|if|unless|as|since|when|"
    r"whether)\b[^,;]*[,;]",
    re.IGNORECASE,
)


class RuleClaimTyper:
    """The offline default claim typer ("rules").

    Decision order: best case, worst case, then, in the main clause (a
    leading "While ..., " or "If ..., " clause is read only as a fallback),
    recommendation, factor, uncertainty, prediction; otherwise assessment.
    A sentence that follows a best- or worst-case sentence and continues it
    with a conditional modal ("could", "would") and no cue of its own inherits
    the scenario type.
    """

    name = "rules"
    version = "1"

    def type_sentence(self, sentence: str) -> str:
        """The type of one sentence read alone."""
        if _BEST.search(sentence):
            return "best_case"
        if _WORST.search(sentence):
            return "worst_case"
        if sentence.rstrip().rstrip("\"'”’)").endswith("?"):
            return "assessment"  # a question frames what follows; it claims nothing
        main = _LEADING_CLAUSE.sub("", sentence, count=1)
        for part in (main, sentence) if main != sentence else (sentence,):
            found = self._main_type(part)
            if found is not None:
                return found
        return "assessment"

    @staticmethod
    def _main_type(text: str) -> str | None:
        rec_text = _INITIAL_SHOULD.sub("", text)
        if _in_main_clause(_RECOMMEND, rec_text) and not _only_past_modal(rec_text):
            return "recommendation"
        if _DRIVER.search(text):
            return "factor"
        if _UNCERTAIN.search(text):
            return "uncertainty"
        if _in_main_clause(_PREDICT, text) or _INITIAL_SHOULD.search(text):
            return "prediction"
        if estimative_probability(text) is not None and not _PAST_MODAL.search(text):
            return "prediction"
        return None

    def type_sentences(
        self, sentences: Sequence[str], paragraph_starts: Sequence[bool] | None = None
    ) -> list[str]:
        """Types for the sentences of one take, in order, using context.

        Two kinds of context: a scenario continued by the next sentence of
        the same paragraph ("In the worst case, ... . Both armies could then
        ...") and an
        enumeration ("Two factors will decide ... . The first is ...") whose
        items take the type of the sentence that announced them.
        """
        out: list[str] = []
        announced: str | None = None
        announced_at = -1
        for i, sentence in enumerate(sentences):
            kind = self.type_sentence(sentence)
            if (
                i > 0
                and not (paragraph_starts is not None and paragraph_starts[i])
                and out[-1] in ("best_case", "worst_case")
                and kind in ("assessment", "prediction")
                and _CONTINUATION.search(sentence)
            ):
                kind = out[-1]
            if announced is not None and i - announced_at > ENUM_REACH:
                announced = None
            if announced is not None and _ENUM_ITEM.search(sentence):
                kind = announced
            elif kind in ("factor", "uncertainty") and _ENUM_INTRO.search(sentence):
                announced, announced_at = kind, i
            out.append(kind)
        return out


#: How many sentences after "Two factors ..." an item ("The second is ...") may come.
ENUM_REACH = 6
# "Two factors will decide ..." announces a list; "The first is ..." is an item of it.
_ENUM_INTRO = re.compile(
    r"\b(?:two|three|four|several|a few|some|a couple of) (?:\w+ )?(?:factors|things|questions|"
    r"issues|variables|uncertainties|unknowns|developments|events|forces|drivers|risks)\b",
    re.IGNORECASE,
)
_ENUM_ITEM = re.compile(
    r"^\W*(?:the )?(?:first|second|third|fourth|fifth|last|final|other)(?:ly)?\b"
    r"(?: (?:one|factor|question|thing|uncertainty|variable|risk|issue))?(?: is\b|,)",
    re.IGNORECASE,
)
# Words that open a subordinate clause: an obligation or a future inside one
# ("the idea that Seoul should ...", "where this will be won") is reported,
# not claimed by the author.
_SUBORDINATE = re.compile(
    r"\b(?:that|which|who|whom|whose|where|when|whether|what|if|unless|whoever|whatever|once|"
    r"because|said|says|told|argued|argues|insisted|insists|accepted|agreed|demanded|"
    r"claimed|claims|believed)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:–—()]")


def _in_main_clause(rx: re.Pattern[str], text: str) -> bool:
    """True when ``rx`` matches somewhere outside a subordinate clause."""
    for m in rx.finditer(text):
        before = text[: m.start()]
        breaks = [b.end() for b in _CLAUSE_BREAK.finditer(before)]
        clause = before[breaks[-1] :] if breaks else before
        if not _SUBORDINATE.search(clause):
            return True
    return False


def _only_past_modal(text: str) -> bool:
    """True when every obligation modal is a past "should have" style criticism."""
    stripped = _PAST_MODAL.sub("", text)
    return _RECOMMEND.search(stripped) is None


_HEDGE_RX = re.compile(
    r"\b(" + "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_WEP_RX = re.compile(
    r"\b("
    + "|".join(
        re.escape(w).replace(r"\-", "[- ]").replace(r"\ ", r"\s+")
        for w in sorted(ESTIMATIVE_PROBABILITY, key=len, reverse=True)
    )
    + r")\b",
    re.IGNORECASE,
)
_PERCENT_RX = re.compile(
    r"\b(\d{1,3}(?:\.\d+)?) ?(?:%|percent|per cent)(?= (?:chance|probability|likelihood|odds))"
    r"|\b(?:chance|chances|probability|likelihood|odds)\b[^.;%]{0,90}?\b(?:of|is|are|at) "
    r"(?:about |around |roughly |perhaps |some |only )?(\d{1,3}(?:\.\d+)?) ?(?:%|percent|per cent)"
    r"|:\s*(?:about |around |roughly )?(\d{1,3}(?:\.\d+)?) ?(?:%|percent|per cent)\W*$",
    re.IGNORECASE,
)
_WORD_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}
_IN_RX = re.compile(
    r"\b(one|two|three|\d) in (two|three|four|five|six|ten|\d{1,3})\b", re.IGNORECASE
)
_CHANCE_WORDS = re.compile(r"\b(?:chance|chances|odds|probability|likelihood|bet)\b", re.I)
# "certain" alone is a probability only when it qualifies the claim itself.
_CERTAIN_CONTEXT = re.compile(
    r"\b(?:is|are|it's|seems|appears|looks|am|i'm|we're|remain) (?:all but |almost |nearly |"
    r"virtually )?certain\b|\bcertain to\b|\bcertain that\b",
    re.IGNORECASE,
)


def find_hedges(sentence: str) -> list[str]:
    """Distinct hedging words in ``sentence``, lower case, in order of appearance."""
    seen: dict[str, None] = {}
    for m in _HEDGE_RX.finditer(sentence):
        seen.setdefault(m.group(1).lower(), None)
    return list(seen)


def estimative_probability(sentence: str) -> tuple[str, float] | None:
    """The first estimative phrase or stated percentage and its probability.

    Returns:
        ``(phrase as written, probability)`` or ``None`` when the sentence
        has no word of estimative probability.
    """
    pct = _PERCENT_RX.search(sentence)
    if pct:
        value = float(next(g for g in pct.groups() if g))
        if 0 <= value <= 100:
            return pct.group(0).lstrip(": "), round(value / 100, 4)
    frac = _IN_RX.search(sentence)
    if frac and _CHANCE_WORDS.search(sentence):
        a, b = (
            int(x) if x.isdigit() else _WORD_NUM[x.lower()] for x in (frac.group(1), frac.group(2))
        )
        if 0 < a <= b:
            return frac.group(0), round(a / b, 4)
    for m in _WEP_RX.finditer(sentence):
        phrase = re.sub(r"\s+", " ", m.group(1).lower()).replace("fifty fifty", "fifty-fifty")
        phrase = phrase.replace("toss up", "toss-up")
        if phrase in ("certain", "certainly") and not (
            phrase == "certainly" or _CERTAIN_CONTEXT.search(sentence)
        ):
            continue
        if phrase in ESTIMATIVE_PROBABILITY:
            negated = re.search(
                r"\b(?:not|never|n't)\s+(?:\w+\s+)?$", sentence[: m.start()], re.IGNORECASE
            )
            if negated and phrase in ("likely", "probable", "certain"):
                return m.group(1), ESTIMATIVE_PROBABILITY["not likely"]
            return m.group(1), ESTIMATIVE_PROBABILITY[phrase]
    return None


_NUM = (
    r"(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|few|several|"
    r"couple of)"
)
_UNIT = r"(?:days?|weeks?|months?|years?|decades?|quarters?)"
_HORIZON_RX = re.compile(
    "|".join(
        (
            r"\b(?:by|before|until|in|through|after|within|during|around|beyond) (?:the )?"
            r"(?:(?:end|middle|start|beginning|first half|second half) of )?"
            r"(?:early |mid-?|late |the )?((?:19|20)\d\d)\b",
            r"\b(?:in|within|over|during|for) the (?:next|coming|following|upcoming) "
            rf"(?:{_NUM} )?(?:\w+ )?{_UNIT}\b",
            rf"\bwithin (?:the next )?{_NUM} {_UNIT}\b",
            r"\b(?:by|before|until) the end of (?:the|this|next) (?:year|decade|month|term)\b",
            r"\b(?:next|this) (?:year|month|week|decade|spring|summer|fall|autumn|winter)\b",
            r"\b(?:in|over) the (?:short|medium|long|near)(?:er)?[- ](?:term|run)\b",
            r"\bin the (?:near|foreseeable|distant) future\b",
            r"\b(?:before|by|after) the (?:next )?(?:(?:19|20)\d\d )?(?:u\.s\. )?(?:presidential |"
            r"midterm |general )?elections?\b",
            rf"\b{_NUM} {_UNIT} from now\b",
            r"\bsooner or later\b",
        )
    ),
    re.IGNORECASE,
)


def find_horizon(sentence: str) -> Horizon | None:
    """The first time horizon in ``sentence`` ("by 2027", "in the next year")."""
    for m in _HORIZON_RX.finditer(sentence):
        # "the conflict that was faced in 2017" names a past date, not a horizon.
        if _PAST_BEFORE.search(sentence[max(0, m.start() - 40) : m.start()]):
            continue
        return _horizon(m)
    return None


_PAST_BEFORE = re.compile(r"\b(?:was|were|had|did|ago|since|last|earlier)\b[^,;.]*$", re.I)


def _horizon(m: re.Match[str]) -> Horizon:
    year = next((int(g) for g in m.groups() if g and g.isdigit()), None)
    if year is None:
        y = re.search(r"\b((?:19|20)\d\d)\b", m.group(0))
        year = int(y.group(1)) if y else None
    return Horizon(text=m.group(0), start=m.start(), end=m.end(), year=year)
