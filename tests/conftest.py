"""Shared fixtures: small fictional symposia built in the test database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    """The real published takes beside the repository; skip when absent."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture
def make_symposium(db: Any) -> Callable[..., Any]:
    from symposia.web.publishing.models import Symposium

    def make(**kw: Any) -> Symposium:
        defaults: dict[str, Any] = {
            "slug": "harbor-talks",
            "series": "The Harbor Talks",
            "question": "Where do trade talks go after the Harbor round?",
            "question_phrase": "Where Trade Talks Go Next",
            "intro": "We asked our panel.\n\nHere is what they said.",
            "editor_note_template": "Want more? Read all {count} expert takes [here].",
            "status": Symposium.Status.PUBLISHED,
        }
        defaults.update(kw)
        return Symposium.objects.create(**defaults)

    return make


@pytest.fixture
def make_expert(db: Any) -> Callable[..., Any]:
    from symposia.web.panel.models import Expert

    counter = {"n": 0}

    def make(**kw: Any) -> Expert:
        counter["n"] += 1
        n = counter["n"]
        defaults: dict[str, Any] = {
            "slug": f"ada-quill-{n}",
            "name": f"Ada Quill {n}",
            "honorific": "Ph.D.",
            "title": "Senior Fellow",
            "affiliation": "Lantern Institute",
            "country": "NO",
            "region": "Europe",
            "sector": "think_tank",
        }
        defaults.update(kw)
        return Expert.objects.create(**defaults)

    return make


@pytest.fixture
def make_take(make_expert: Callable[..., Any]) -> Callable[..., Any]:
    from django.utils import timezone

    from symposia.web.takes.models import Take

    def make(symposium: Any, expert: Any = None, **kw: Any) -> Take:
        expert = expert or make_expert()
        defaults: dict[str, Any] = {
            "symposium": symposium,
            "expert": expert,
            "pull_quote": "The harbor round changed less than it seemed.",
            "body": (
                "The harbor round changed less than it seemed. Both sides kept their red lines."
                "\n\nNegotiators will likely return within a year."
            ),
            "bio_line": f"{expert.name}, Ph.D., is a Senior Fellow at Lantern Institute.",
            "image_credit": "Image: Fictional Wire",
            "status": Take.Status.PUBLISHED,
            "publish_at": timezone.now() - timedelta(hours=1),
        }
        defaults.update(kw)
        return Take.objects.create(**defaults)

    return make
