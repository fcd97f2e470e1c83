"""Response shapes of the public API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class ErrorOut(Schema):
    error: str
    detail: str = ""


class SymposiumOut(Schema):
    slug: str
    series: str
    question: str
    question_phrase: str
    intro: str
    status: str
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
    id: int
    symposium: str
    expert: ExpertOut
    headline: str
    pull_quote: str
    body: str
    bio_line: str
    image_credit: str
    photo_caption: str
    publish_at: datetime | None
    url: str
