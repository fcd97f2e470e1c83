"""Load the fictional demo symposium into the database, idempotently and atomically."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime

from symposia.core.editorial import build_headline
from symposia.errors import InputError
from symposia.web import conf


@dataclass
class DemoLoadReport:
    """What a demo load changed."""

    slug: str
    experts: int
    takes: int
    created: int
    updated: int
    unchanged: int


def _dt(value: Any, field: str) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    parsed = parse_datetime(str(value))
    if parsed is None:
        raise InputError(
            f"symposium.json: {field} is not a date-time: {value!r}", "use 2026-09-01T09:00:00Z"
        )
    return parsed


def _sync(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> tuple[Any, str]:
    """Create or update a row; save only when a value differs, so reloads change nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), "created"
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if not changed:
        return obj, "unchanged"
    for k in changed:
        setattr(obj, k, values[k])
    obj.save()
    return obj, "updated"


def load_demo(path: Path | None = None) -> DemoLoadReport:
    """Load (or refresh) the demo symposium from ``symposia/demo/data``.

    The files are read and validated before the first write, and all writes run
    in one transaction: a broken file leaves the database as it was.

    Raises:
        InputError: a demo file is malformed (the message names file and line).
    """
    from symposia.demo import load_demo_data
    from symposia.web.panel.models import Expert
    from symposia.web.publishing.models import Symposium
    from symposia.web.takes.models import Take, TakeRevision

    data = load_demo_data(path)
    sd = data.symposium
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        symposium, state = _sync(
            Symposium,
            {"slug": sd.slug},
            {
                "series": sd.series,
                "question": sd.question,
                "question_phrase": sd.question_phrase,
                "intro": sd.intro,
                "editor_note_template": sd.editor_note_template,
                "image_credit": sd.image_credit,
                "photo_caption": sd.caption,
                "status": Symposium.Status.PUBLISHED,
                "opens_at": _dt(sd.opens_at, "opens_at"),
                "closes_at": _dt(sd.closes_at, "closes_at"),
                "is_fictional": True,
            },
        )
        counts[state] += 1
        start = _dt(sd.publish_start, "publish_start")
        assert start is not None
        per_day = max(1, int(sd.takes_per_day))
        takes_by_slug = (
            {t.expert: t for t in data.takes} if isinstance(data.takes, list) else data.takes
        )
        for order, ex in enumerate(data.experts):
            values = {f.name: getattr(ex, f.name) for f in fields(ex) if f.name != "slug"}
            values["gender"] = values.get("gender") or ""
            values["handle"] = values.get("handle") or ""
            values["honorific"] = values.get("honorific") or ""
            values["expertise"] = list(values.get("expertise") or ())
            values = {k: v for k, v in values.items() if k in _EXPERT_FIELDS}
            expert, state = _sync(Expert, {"slug": ex.slug}, values)
            counts[state] += 1
            dt = takes_by_slug[ex.slug]
            take_values = {
                "headline": build_headline(
                    symposium.headline_template,
                    series=sd.series,
                    name=ex.name,
                    question_phrase=sd.question_phrase,
                ),
                "pull_quote": dt.pull_quote,
                "body": dt.body,
                "bio_line": dt.bio,
                "photo_caption": dt.caption or "",
                "image_credit": dt.image_credit or sd.image_credit,
                "status": Take.Status.PUBLISHED,
                "publish_at": start + timedelta(days=order // per_day, minutes=order % per_day),
                "release_order": order,
                "source": Take.Source.DEMO,
                "source_ref": f"demo/takes/{ex.slug}.txt",
            }
            take, state = _sync(Take, {"symposium": symposium, "expert": expert}, take_values)
            counts[state] += 1
            if state != "unchanged":
                TakeRevision.record(take, TakeRevision.Kind.IMPORTED, note="demo load")
        _load_polls(symposium, data, path)
    return DemoLoadReport(
        slug=symposium.slug, experts=len(data.experts), takes=len(data.experts), **counts
    )


def _load_polls(symposium: Any, data: Any, path: Path | None) -> None:
    """The demo's stance poll and forecast question (``polls.json``), idempotently.

    Stances come from the contested point of the key: the experts on each side
    argue it in their takes. Forecasts are inferred by symposia from the words
    of the quoted prediction sentences, and marked inferred like any other.
    """
    import json

    from symposia.demo.loader import DATA_DIR
    from symposia.web.forecasts.models import ForecastQuestion, Stance, StanceStatement
    from symposia.web.forecasts.services import infer_forecast
    from symposia.web.panel.models import Expert
    from symposia.web.takes.models import Take

    file = (path or DATA_DIR) / "polls.json"
    if not file.exists():
        return
    polls = json.loads(file.read_text(encoding="utf-8"))
    experts = {e.slug: e for e in Expert.objects.filter(takes__symposium=symposium)}
    contested = {c["id"]: c for c in data.key.get("contested", [])}
    for i, st in enumerate(polls.get("stances", [])):
        c = contested.get(st["contested"])
        if c is None:
            raise InputError(
                f"polls.json: stances[{i}] names unknown contested point {st['contested']!r}"
            )
        statement, _ = StanceStatement.objects.get_or_create(
            symposium=symposium, text=st["statement"], defaults={"order": i}
        )
        sides = {slug: n for n, side in enumerate(c["sides"]) for slug in side["experts"]}
        for slug, expert in experts.items():
            side = sides.get(slug)
            answer = (
                "no_opinion"
                if side is None
                else ("agree" if side == st["agree_side"] else "disagree")
            )
            Stance.objects.update_or_create(
                statement=statement, expert=expert, round=1, defaults={"answer": answer}
            )
    for i, fq in enumerate(polls.get("forecasts", [])):
        question, _ = ForecastQuestion.objects.get_or_create(
            symposium=symposium,
            slug=fq["slug"],
            defaults={
                "title": fq["title"],
                "resolution_criteria": fq["criteria"],
                "close_at": _dt(fq["close_at"], "close_at"),
                "resolve_by": _dt(fq["resolve_by"], "resolve_by"),
            },
        )
        for j, src in enumerate(fq["inferred_from"]):
            take = Take.objects.filter(symposium=symposium, expert__slug=src["expert"]).first()
            start = take.body.find(src["text"]) if take else -1
            if take is None or start < 0:
                raise InputError(
                    f"polls.json: forecasts[{i}].inferred_from[{j}] is not a sentence of "
                    f"{src['expert']}'s take",
                    "quote the sentence verbatim",
                )
            infer_forecast(take, start, start + len(src["text"]), question)


_EXPERT_FIELDS = {
    "name",
    "honorific",
    "title",
    "affiliation",
    "email",
    "country",
    "region",
    "sector",
    "gender",
    "show_gender",
    "public_profile",
    "expertise",
    "languages",
    "bio",
    "handle",
}


def ensure_demo_editor() -> tuple[str, str]:
    """Create the demo's editor account once; return its user name and password.

    The password is generated at first load and kept in the data directory, so
    it is never hard-coded and stays the same across reloads.
    """
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    secret = conf.data_dir() / "demo-editor-password.txt"
    if secret.exists():
        password = secret.read_text().strip()
    else:
        password = secrets.token_urlsafe(12)
        secret.write_text(password + "\n")
        secret.chmod(0o600)
    user = user_model.objects.filter(username="editor").first()
    if user is None:
        user_model.objects.create_superuser("editor", "editor@example.org", password)
    elif not user.check_password(password):
        user.set_password(password)
        user.save()
    return "editor", password


def first_take_path(slug: str = "after-ulaanbaatar") -> str:
    """The URL path of the first public take of a symposium (for `make demo`'s message)."""
    from symposia.web.publishing.services import get_symposium, public_takes

    takes = public_takes(get_symposium(slug))
    return takes[0].get_absolute_url() if takes else f"/s/{slug}/"
