"""Limit/offset pagination with bounds that give a clear 400 when broken."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

#: Items per page unless ``limit`` says otherwise, and the most ``limit`` may ask for.
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class Pagination(LimitOffsetPagination):
    """``?limit=`` (1-100, default 20) and ``?offset=`` (0 or more); the body has ``count``."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page, 1-100.")
        offset: int = Field(0, ge=0, description="Items to skip.")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
