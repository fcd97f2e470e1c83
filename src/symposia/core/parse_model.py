"""The dataclasses the parser returns, and the JSON shape they print as.

Spans index :attr:`ParsedPage.text`: the input string itself for plain text
(``span_basis == "input"``), or the text extracted from the HTML
(``span_basis == "extracted_text"``). ``page.text[f.span.start:f.span.end]``
is the raw text of field ``f``; ``f.value`` is that text cleaned (repairs
applied, whitespace collapsed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from symposia.core.repair import Repair
from symposia.core.text import Span


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a take: its cleaned value and where its raw text is.

    Attributes:
        value: The cleaned text.
        span: Where the raw text is in :attr:`ParsedPage.text`.
    """

    value: str
    span: Span


@dataclass(slots=True)
class Expert:
    """Who wrote a take. Each part is ``None`` when the page does not say."""

    name: Field | None = None
    honorific: Field | None = None
    title: Field | None = None
    affiliation: Field | None = None
    handle: Field | None = None


@dataclass(slots=True)
class ParsedTake:
    """One expert's take, field by field.

    Attributes:
        expert: Name, honorific or degree, title, affiliation and handle.
        headline: The headline the take was published under.
        series: The series or event in a "<Series> – We Asked <Name> ..." headline.
        question: The question phrase ("What Happens Next in ...").
        pull_quote: The pull quote, without its quote marks.
        editor_note: The editor's note.
        announced_takes: How many takes the editor's note announces ("all 80 expert takes").
        body: The paragraphs of the answer.
        bio: The bio line.
        caption: The photo caption.
        image_credit: Who the image is credited to ("Reuters").
        layout: How the take was laid out: ``single`` (one take a page),
            ``header`` (answers headed by the expert), ``attribution`` (the
            expert named after the answer) or ``qa`` (question and answer).
        repairs: Repairs made inside this take's fields.
        warnings: What looked wrong while reading it.
    """

    expert: Expert = field(default_factory=Expert)
    headline: Field | None = None
    series: Field | None = None
    question: Field | None = None
    pull_quote: Field | None = None
    editor_note: Field | None = None
    announced_takes: int | None = None
    body: list[Field] = field(default_factory=list)
    bio: Field | None = None
    caption: Field | None = None
    image_credit: Field | None = None
    layout: str = "single"
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        """The body paragraphs joined by blank lines."""
        return "\n\n".join(p.value for p in self.body)

    def fields(self) -> dict[str, Field | list[Field] | None]:
        """Every field by its JSON name (``expert.name`` ... ``image_credit``)."""
        e = self.expert
        return {
            "expert.name": e.name,
            "expert.honorific": e.honorific,
            "expert.title": e.title,
            "expert.affiliation": e.affiliation,
            "expert.handle": e.handle,
            "headline": self.headline,
            "series": self.series,
            "question": self.question,
            "pull_quote": self.pull_quote,
            "editor_note": self.editor_note,
            "body": self.body,
            "bio": self.bio,
            "caption": self.caption,
            "image_credit": self.image_credit,
        }


@dataclass(slots=True)
class ParsedPage:
    """What a page holds: zero, one or many takes.

    Attributes:
        text: The text every span indexes (the input, or text extracted from HTML).
        span_basis: ``input`` or ``extracted_text``.
        kind: ``take`` (one take), ``multi`` (several), ``hub`` (a list of
            takes, not a take) or ``none`` (no expert take, e.g. news).
        takes: The takes found, in page order.
        repairs: Every repair made anywhere on the page.
        warnings: What looked wrong at page level.
    """

    text: str
    span_basis: str = "input"
    kind: str = "none"
    takes: list[ParsedTake] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _val(f: Field | None) -> str | None:
    return f.value if f is not None else None


def _span(f: Field | list[Field] | None) -> Any:
    if f is None:
        return None
    if isinstance(f, list):
        return [[p.span.start, p.span.end] for p in f]
    return [f.span.start, f.span.end]


def take_to_json(take: ParsedTake) -> dict[str, Any]:
    """The stable JSON shape of one take (see ``docs/parsing.md``)."""
    e = take.expert
    return {
        "expert": {
            "name": _val(e.name),
            "honorific": _val(e.honorific),
            "title": _val(e.title),
            "affiliation": _val(e.affiliation),
            "handle": _val(e.handle),
        },
        "headline": _val(take.headline),
        "series": _val(take.series),
        "question": _val(take.question),
        "pull_quote": _val(take.pull_quote),
        "editor_note": _val(take.editor_note),
        "announced_takes": take.announced_takes,
        "body": [p.value for p in take.body],
        "bio": _val(take.bio),
        "caption": _val(take.caption),
        "image_credit": _val(take.image_credit),
        "layout": take.layout,
        "spans": {k: _span(v) for k, v in take.fields().items()},
        "repairs": [r.to_json() for r in take.repairs],
        "warnings": list(take.warnings),
    }


def to_json(page: ParsedPage, source: str | None = None) -> dict[str, Any]:
    """The stable JSON shape of a page: ``{"source", "kind", "span_basis", "takes", "warnings"}``.

    Args:
        page: The parsed page.
        source: The file it came from, if any.
    """
    return {
        "source": source,
        "kind": page.kind,
        "span_basis": page.span_basis,
        "takes": [take_to_json(t) for t in page.takes],
        "warnings": list(page.warnings),
    }
