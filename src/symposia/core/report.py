"""The synthesis report: plain dataclasses, deterministic JSON, verbatim checks.

Every quote in a report is a :class:`Quote`: the id of the take it comes
from, character offsets into that take's text (as listed in the report's
``takes``) and the text itself. :func:`verify_quotes` checks every quote of a
report against the takes and raises :class:`~symposia.errors.VerbatimError`
on the first mismatch; :meth:`Synthesis.to_json` calls it before writing, so a
report that is written is a report whose quotes are all verbatim.

The JSON is byte-identical for the same takes and settings: keys are sorted,
floats are rounded to :data:`FLOAT_DIGITS` decimals, lists are built in a
stable order and no clock time is recorded.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any

from symposia.errors import VerbatimError

#: Schema identifier written into every report.
SCHEMA = "symposia.synthesis/1"
#: Decimal places kept for every float in the JSON.
FLOAT_DIGITS = 4


@dataclass(frozen=True, slots=True)
class ExpertRef:
    """Who wrote a take. ``id`` is stable (a slug); the rest may be empty."""

    id: str
    name: str
    region: str = ""
    sector: str = ""
    gender: str = ""


@dataclass(frozen=True, slots=True)
class TakeInput:
    """One take given to :func:`symposia.core.synthesis.synthesize`."""

    id: str
    expert: ExpertRef
    text: str


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim span of a take: ``text == takes[take].text[start:end]``."""

    take: str
    expert: str
    name: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TakeRecord:
    """A take as the report's offsets index it."""

    id: str
    expert: ExpertRef
    text: str
    sha256: str
    words: int
    sentences: int
    analysed: bool


@dataclass(frozen=True, slots=True)
class Count:
    """A computed count of experts: ``count`` of ``of``, with its display text."""

    count: int
    of: int
    display: str

    @staticmethod
    def of_experts(count: int, of: int) -> Count:
        """``Count(34, 80, "34 of 80 experts")``."""
        noun = "expert" if of == 1 else "experts"
        return Count(count, of, f"{count} of {of} {noun}")


@dataclass(frozen=True, slots=True)
class Theme:
    """A group of sentences on one subject, and the experts who raise it."""

    id: str
    label: str
    key_phrases: list[str]
    experts: list[str]
    holders: Count
    share: float
    status: str
    quotes: list[Quote]
    sentences: int
    claim_types: dict[str, int]


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a contested theme."""

    position: str
    description: str
    experts: list[str]
    holders: Count
    quotes: list[Quote]


@dataclass(frozen=True, slots=True)
class Contested:
    """A theme on which the experts who raise it disagree."""

    theme: str
    label: str
    holders: Count
    sides: list[Side]


@dataclass(frozen=True, slots=True)
class Consensus:
    """A theme raised by most of the panel without a split."""

    theme: str
    label: str
    holders: Count
    quotes: list[Quote]


@dataclass(frozen=True, slots=True)
class Minority:
    """A view held by one or two experts, kept rather than dropped."""

    label: str
    key_phrases: list[str]
    experts: list[str]
    holders: Count
    claim_type: str
    quotes: list[Quote]


@dataclass(frozen=True, slots=True)
class ExpertOutlookEntry:
    """One expert's outlook and the sentence that decides it."""

    expert: str
    name: str
    take: str
    region: str
    sector: str
    outlook: str
    score: float
    deciding: Quote | None


@dataclass(frozen=True, slots=True)
class OutlookTally:
    """Experts per outlook in one group (the whole panel, a region, a sector)."""

    optimistic: int
    mixed: int
    pessimistic: int
    undetermined: int
    of: int


@dataclass(frozen=True, slots=True)
class OutlookSection:
    """The panel's outlook per expert and tallied by region and sector."""

    experts: list[ExpertOutlookEntry]
    panel: OutlookTally
    by_region: dict[str, OutlookTally]
    by_sector: dict[str, OutlookTally]


@dataclass(frozen=True, slots=True)
class HorizonRef:
    """A time horizon; ``start``/``end`` index the take's text."""

    text: str
    start: int
    end: int
    year: int | None


@dataclass(frozen=True, slots=True)
class Prediction:
    """A prediction with its horizon, hedges and estimative probability."""

    quote: Quote
    theme: str | None
    horizon: HorizonRef | None
    probability: float | None
    estimative_phrase: str | None
    hedges: list[str]


@dataclass(frozen=True, slots=True)
class RecommendationGroup:
    """Recommendations that say much the same thing."""

    label: str
    key_phrases: list[str]
    experts: list[str]
    holders: Count
    quotes: list[Quote]


@dataclass(frozen=True, slots=True)
class ScenarioPair:
    """One expert's best and worst case, side by side."""

    expert: str
    name: str
    take: str
    best_case: Quote | None
    worst_case: Quote | None


@dataclass(frozen=True, slots=True)
class Scenarios:
    """Best and worst cases per expert, and how many experts gave each."""

    pairs: list[ScenarioPair]
    best_case: Count
    worst_case: Count


@dataclass(frozen=True, slots=True)
class BriefItem:
    """One line of the extractive brief: a computed count and a verbatim quote."""

    lead: str
    holders: Count | None
    quote: Quote
    theme: str | None


@dataclass(frozen=True, slots=True)
class Brief:
    """An extractive brief of verbatim quotes with attribution and counts."""

    text: str
    words: int
    items: list[BriefItem]
    abstractive: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the synthesis could not do, or did only in part, and why."""

    code: str
    message: str
    takes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Synthesis:
    """What a panel said together. See docs/synthesis.md for every field."""

    schema: str
    question: str | None
    panel: dict[str, Any]
    takes: list[TakeRecord]
    themes: list[Theme]
    consensus: list[Consensus]
    contested: list[Contested]
    minority: list[Minority]
    outlook: OutlookSection
    predictions: list[Prediction]
    recommendations: list[RecommendationGroup]
    scenarios: Scenarios
    brief: Brief
    notices: list[Notice]
    record: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data (floats rounded)."""
        return _clean(asdict(self))

    def to_json(self, indent: int | None = 1) -> str:
        """Deterministic JSON; verifies every quote first.

        Raises:
            VerbatimError: if any quote is not its take's text at its offsets.
        """
        verify_quotes(self)
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, indent=indent) + "\n"


def _clean(obj: Any) -> Any:
    if isinstance(obj, float):
        value = round(obj, FLOAT_DIGITS)
        return 0.0 if value == 0 else value
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if is_dataclass(obj) and not isinstance(obj, type):
        return _clean(asdict(obj))
    return obj


def iter_quotes(obj: Any) -> list[Quote]:
    """Every :class:`Quote` reachable from ``obj`` (a report or any part of one)."""
    found: list[Quote] = []
    stack = [obj]
    while stack:
        cur = stack.pop()
        if isinstance(cur, Quote):
            found.append(cur)
        elif isinstance(cur, TakeRecord | ExpertRef | str | int | float) or cur is None:
            continue
        elif isinstance(cur, dict):
            stack.extend(cur.values())
        elif isinstance(cur, list | tuple):
            stack.extend(cur)
        elif is_dataclass(cur) and not isinstance(cur, type):
            stack.extend(getattr(cur, f) for f in cur.__dataclass_fields__)
    return found


def check_quote(quote: Quote, texts: dict[str, str]) -> None:
    """Raise :class:`VerbatimError` unless ``quote`` is verbatim at its offsets."""
    source = texts.get(quote.take)
    if source is None:
        raise VerbatimError(
            f"quote {quote.text[:60]!r} cites take {quote.take!r}, which is not in the report",
            "this is a bug in symposia: please report it with the input takes",
        )
    if (
        not (0 <= quote.start < quote.end <= len(source))
        or source[quote.start : quote.end] != quote.text
    ):
        raise VerbatimError(
            f"quote {quote.text[:60]!r} is not the text of take {quote.take!r} at "
            f"[{quote.start}:{quote.end}]",
            "this is a bug in symposia: please report it with the input takes",
        )


def verify_quotes(report: Synthesis) -> int:
    """Check every quote of ``report``; returns how many were checked.

    Raises:
        VerbatimError: on the first quote that is not verbatim.
    """
    texts = {t.id: t.text for t in report.takes}
    quotes = iter_quotes(
        [
            report.themes,
            report.consensus,
            report.contested,
            report.minority,
            report.outlook,
            report.predictions,
            report.recommendations,
            report.scenarios,
            report.brief,
        ]
    )
    for q in quotes:
        check_quote(q, texts)
    return len(quotes)
