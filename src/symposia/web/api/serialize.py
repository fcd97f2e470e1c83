"""Model rows to API dicts, names shown only where the symposium is attributed."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from symposia.web.panel.models import Expert
from symposia.web.publishing import display
from symposia.web.publishing.models import Symposium
from symposia.web.synthesis.models import SynthesisRun
from symposia.web.takes.models import Take

SYMPOSIUM_FIELDS = (
    "slug",
    "series",
    "question",
    "question_phrase",
    "intro",
    "status",
    "anonymity",
    "opens_at",
    "closes_at",
    "is_fictional",
)


def absolute(path: str) -> str:
    """``path`` under the public site URL."""
    return settings.SITE_URL + path


def symposium_out(s: Symposium, published_takes: int) -> dict[str, Any]:
    return {
        **{f: getattr(s, f) for f in SYMPOSIUM_FIELDS},
        "published_takes": published_takes,
        "url": absolute(s.get_absolute_url()),
    }


def expert_out(e: Expert) -> dict[str, Any]:
    return {
        "slug": e.slug,
        "name": e.name,
        "honorific": e.honorific,
        "title": e.title,
        "affiliation": e.affiliation,
        "country": e.country,
        "region": e.region,
        "sector": e.sector,
        "handle": e.handle,
        "url": absolute(e.get_absolute_url()),
    }


def take_out(t: Take, outlook: str | None = None) -> dict[str, Any]:
    anonymous = display.is_anonymous(t.symposium)
    return {
        "id": t.pk,
        "symposium": t.symposium.slug,
        "author": display.display_name(t),
        "expert": None if anonymous else expert_out(t.expert),
        "region": t.expert.region,
        "sector": t.expert.sector,
        "headline": display.headline(t),
        "pull_quote": t.pull_quote,
        "body": t.body,
        "bio_line": display.bio_line(t),
        "image_credit": t.image_credit,
        "photo_caption": t.photo_caption,
        "publish_at": t.publish_at,
        "outlook": outlook,
        "url": absolute(display.take_path(t)),
    }


def editor_take_out(t: Take) -> dict[str, Any]:
    return {
        "id": t.pk,
        "symposium": t.symposium.slug,
        "expert": t.expert.slug,
        "status": t.status,
        "version": t.version,
        "headline": t.headline,
        "pull_quote": t.pull_quote,
        "body": t.body,
        "bio_line": t.bio_line,
        "image_credit": t.image_credit,
        "photo_caption": t.photo_caption,
        "publish_at": t.publish_at,
        "release_order": t.release_order,
        "public": t.is_public(),
        "url": absolute(display.take_path(t)),
    }


def run_out(run: SynthesisRun, slug: str) -> dict[str, Any]:
    return {
        "id": run.pk,
        "symposium": slug,
        "status": run.status,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "input_hash": run.input_hash,
        "whole_panel": not (run.settings or {}).get("filters"),
    }
