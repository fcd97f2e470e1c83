"""Shapes of the API's requests and responses."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema

SLUG = r"^[-a-zA-Z0-9_]+$"
SymposiumStatus = Literal["draft", "open", "closed", "published", "archived"]
Anonymity = Literal["attributed", "anonymous"]
Sector = Literal[
    "think_tank", "university", "former_government", "journalism", "business", "ngo", "other", ""
]
TakeStatus = Literal["draft", "review", "signoff", "approved", "scheduled", "published"]


class ErrorOut(Schema):
    """Every error: a stable code and a sentence saying what to fix."""

    error: str
    detail: str = ""


class SymposiumOut(Schema):
    slug: str
    series: str
    question: str
    question_phrase: str
    intro: str
    status: str
    anonymity: str
    opens_at: datetime | None
    closes_at: datetime | None
    is_fictional: bool
    published_takes: int
    url: str


class ExpertOut(Schema):
    slug: str
    name: str
    honorific: str
    title: str
    affiliation: str
    country: str
    region: str
    sector: str
    handle: str
    url: str


class TakeOut(Schema):
    """A published take. ``expert`` is null in an anonymous symposium; ``author`` says
    "Anonymous expert" there."""

    id: int
    symposium: str
    author: str
    expert: ExpertOut | None
    region: str
    sector: str
    headline: str
    pull_quote: str
    body: str
    bio_line: str
    image_credit: str
    photo_caption: str
    publish_at: datetime | None
    outlook: str | None = None
    url: str


class EditorTakeOut(Schema):
    """A take as an editor sees it, whatever its status."""

    id: int
    symposium: str
    expert: str
    status: str
    version: int
    headline: str
    pull_quote: str
    body: str
    bio_line: str
    image_credit: str
    photo_caption: str
    publish_at: datetime | None
    release_order: int
    public: bool
    url: str


class SynthesisRunOut(Schema):
    id: int
    symposium: str
    status: str
    created_at: datetime
    finished_at: datetime | None
    input_hash: str
    whole_panel: bool


class SynthesisOut(SynthesisRunOut):
    result: dict[str, Any]
    record: dict[str, Any] | None


class CommunityOut(Schema):
    """The panel's aggregate forecast, published once the question has closed."""

    forecasters: int
    median: float | None = None
    medians: dict[str, float] | None = None


class ForecastQuestionOut(Schema):
    slug: str
    symposium: str
    title: str
    kind: str
    options: list[str]
    resolution_criteria: str
    close_at: datetime
    resolve_by: datetime
    closed: bool
    forecasters: int
    community: CommunityOut | None
    resolution: str | None


class SearchOut(Schema):
    query: str
    takes: list[TakeOut]
    experts: list[ExpertOut]


# --- editor input ---------------------------------------------------------------


class SymposiumIn(Schema):
    slug: str = Field(..., min_length=1, max_length=120, pattern=SLUG)
    series: str = Field(..., min_length=1, max_length=200)
    question: str = Field(..., min_length=1, max_length=500)
    question_phrase: str = Field(..., min_length=1, max_length=300)
    intro: str = ""
    status: SymposiumStatus = "draft"
    anonymity: Anonymity = "attributed"
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    headline_template: str | None = Field(None, max_length=300)
    editor_note_template: str | None = None
    image_credit: str = Field("", max_length=200)
    photo_caption: str = ""
    is_fictional: bool = False


class SymposiumPatch(Schema):
    series: str | None = Field(None, min_length=1, max_length=200)
    question: str | None = Field(None, min_length=1, max_length=500)
    question_phrase: str | None = Field(None, min_length=1, max_length=300)
    intro: str | None = None
    status: SymposiumStatus | None = None
    anonymity: Anonymity | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    headline_template: str | None = Field(None, max_length=300)
    editor_note_template: str | None = None
    image_credit: str | None = Field(None, max_length=200)
    photo_caption: str | None = None
    is_fictional: bool | None = None


class ExpertIn(Schema):
    slug: str = Field(..., min_length=1, max_length=120, pattern=SLUG)
    name: str = Field(..., min_length=1, max_length=200)
    honorific: str = Field("", max_length=40)
    title: str = Field("", max_length=300)
    affiliation: str = Field("", max_length=300)
    email: str = Field("", max_length=254)
    country: str = Field("", max_length=2)
    region: str = Field("", max_length=40)
    sector: Sector = ""
    gender: str = Field("", max_length=60)
    show_gender: bool = False
    public_profile: bool = True
    expertise: list[str] = []
    languages: list[str] = []
    bio: str = ""
    handle: str = Field("", max_length=100)


class ExpertPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    honorific: str | None = Field(None, max_length=40)
    title: str | None = Field(None, max_length=300)
    affiliation: str | None = Field(None, max_length=300)
    email: str | None = Field(None, max_length=254)
    country: str | None = Field(None, max_length=2)
    region: str | None = Field(None, max_length=40)
    sector: Sector | None = None
    gender: str | None = Field(None, max_length=60)
    show_gender: bool | None = None
    public_profile: bool | None = None
    expertise: list[str] | None = None
    languages: list[str] | None = None
    bio: str | None = None
    handle: str | None = Field(None, max_length=100)


class TakeIn(Schema):
    expert: str = Field(..., min_length=1, max_length=120, pattern=SLUG)
    body: str = Field(..., min_length=1)
    headline: str = Field("", max_length=500)
    pull_quote: str = ""
    bio_line: str = ""
    photo_caption: str = ""
    image_credit: str = Field("", max_length=200)
    status: TakeStatus = "draft"
    publish_at: datetime | None = None
    release_order: int = Field(0, ge=0)


class TakePatch(Schema):
    version: int | None = Field(
        None, ge=1, description="The version you edited; a newer stored version is a 409."
    )
    body: str | None = Field(None, min_length=1)
    headline: str | None = Field(None, max_length=500)
    pull_quote: str | None = None
    bio_line: str | None = None
    photo_caption: str | None = None
    image_credit: str | None = Field(None, max_length=200)
    status: TakeStatus | None = None
    publish_at: datetime | None = None
    release_order: int | None = Field(None, ge=0)
