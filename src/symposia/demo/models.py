"""Plain dataclasses for the demo symposium and its labelled key."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from symposia.core.claims import CLAIM_TYPES as CLAIM_TYPES  # the one list, re-exported
from symposia.core.text import Span

REGIONS: tuple[str, ...] = (
    "North America",
    "Europe",
    "East Asia",
    "Southeast Asia",
    "South Asia",
    "Oceania",
    "Middle East",
    "Latin America",
    "Africa",
)
SECTORS: tuple[str, ...] = (
    "think_tank",
    "university",
    "former_government",
    "journalism",
    "business",
    "ngo",
)
GENDERS: tuple[str | None, ...] = ("woman", "man", "non-binary", None)
OUTLOOKS: tuple[str, ...] = ("optimistic", "mixed", "pessimistic")

_LINK = re.compile(r"\[([^\]]+)\]")


@dataclass(frozen=True, slots=True)
class DemoSymposium:
    """The symposium the demo pages show: question, schedule and defaults."""

    slug: str
    series: str
    question: str
    question_phrase: str
    intro: str
    editor_note_template: str
    opens_at: datetime
    closes_at: datetime
    publish_start: datetime
    takes_per_day: int
    image_credit: str
    caption: str

    @property
    def intro_paragraphs(self) -> list[str]:
        """The hub introduction split into its paragraphs."""
        return [p.strip() for p in self.intro.split("\n\n") if p.strip()]

    def headline(self, name: str) -> str:
        """The take headline, e.g. "After Ulaanbaatar – We Asked Mina Cho What ..."."""
        return f"{self.series} – We Asked {name} {self.question_phrase}"

    def editor_note(self, count: int) -> tuple[str, str, str]:
        """The editor's note for ``count`` published takes, split around its link.

        Returns ``(before, link_text, after)``: the text in square brackets in
        the template is the link to the hub, and ``{count}`` is replaced.
        """
        text = self.editor_note_template.replace("{count}", str(count))
        m = _LINK.search(text)
        if m is None:
            return text, "", ""
        return text[: m.start()], m.group(1), text[m.end() :]


@dataclass(frozen=True, slots=True)
class DemoExpert:
    """One panel member, with the attributes the diversity targets count."""

    slug: str
    name: str
    honorific: str
    title: str
    affiliation: str
    email: str
    country: str
    region: str
    sector: str
    gender: str | None
    show_gender: bool
    expertise: tuple[str, ...]
    handle: str | None
    bio: str


@dataclass(frozen=True, slots=True)
class DemoTake:
    """One expert's published answer: header fields and the body text."""

    expert: str
    pull_quote: str
    caption: str | None
    image_credit: str
    bio: str
    body: str

    @property
    def paragraphs(self) -> list[str]:
        """The body split into its paragraphs."""
        return self.body.split("\n\n")

    @property
    def word_count(self) -> int:
        """Number of whitespace-separated words in the body."""
        return len(self.body.split())

    @property
    def pull_quote_span(self) -> Span:
        """Where the pull quote sits in the body (it is always verbatim)."""
        start = self.body.index(self.pull_quote)
        return Span(start, start + len(self.pull_quote))


@dataclass(frozen=True, slots=True)
class DemoClaim:
    """A labelled sentence of a take: its type and its offsets in the body."""

    expert: str
    text: str
    type: str
    span: Span
    line: int


@dataclass(frozen=True, slots=True)
class DemoData:
    """Everything in the demo data directory, validated.

    ``key`` is the ground truth for the synthesis (themes, contested point,
    minority views, outlooks, predictions...) exactly as stored in
    ``key.json``; every slug in it names an expert and every ``text`` in it
    is a verbatim substring of that expert's take body.
    """

    symposium: DemoSymposium
    experts: tuple[DemoExpert, ...]
    takes: dict[str, DemoTake]
    key: dict[str, Any]
    claims: tuple[DemoClaim, ...] = field(default=())

    def expert(self, slug: str) -> DemoExpert:
        """The expert with this slug; ``KeyError`` if there is none."""
        for e in self.experts:
            if e.slug == slug:
                return e
        raise KeyError(slug)
