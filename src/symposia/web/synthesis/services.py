"""Synthesis in the platform: which takes go in, running a job, reading its result.

The pipeline itself is :func:`symposia.core.synthesis.synthesize`; this module only
feeds it takes from the database and stores what it returns.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

from django.conf import settings as django_settings
from django.utils import timezone

from symposia.core.report import ExpertRef, TakeInput
from symposia.errors import SymposiaError, SynthesisError
from symposia.web.publishing.models import Symposium
from symposia.web.synthesis.models import SynthesisRun
from symposia.web.takes.models import Take


def takes_for_synthesis(
    symposium: Symposium | str, *, region: str = "", sector: str = "", gender: str = ""
) -> list[TakeInput]:
    """The published takes of a symposium as synthesis input; ids are take primary keys.

    Raises:
        SynthesisError: the symposium does not exist.
    """
    if isinstance(symposium, str):
        found = Symposium.objects.filter(slug=symposium).first()
        if found is None:
            raise SynthesisError(
                f"no symposium with slug {symposium!r}",
                "list them with `symposia manage shell` or load the demo with `symposia demo load`",
            )
        symposium = found
    qs = Take.objects.public().filter(symposium=symposium).select_related("expert")
    if region:
        qs = qs.filter(expert__region=region)
    if sector:
        qs = qs.filter(expert__sector=sector)
    if gender:
        qs = qs.filter(expert__gender=gender, expert__show_gender=True)
    return [
        TakeInput(
            id=str(t.pk),
            expert=ExpertRef(
                id=t.expert.slug,
                name=t.expert.name,
                region=t.expert.region,
                sector=t.expert.sector,
                gender=t.expert.gender if t.expert.show_gender else "",
            ),
            text=t.body,
        )
        for t in qs.order_by("pk")
    ]


def _cache_dir() -> str:
    from symposia.web import conf

    return conf.env("SYMPOSIA_CACHE_DIR") or str(conf.data_dir() / "cache")


def input_hash(takes: list[TakeInput]) -> str:
    """sha256 over the takes' ids, experts and texts: what the run was made from."""
    h = hashlib.sha256()
    for t in takes:
        h.update(json.dumps([t.id, t.expert.id, t.text]).encode())
    return h.hexdigest()


def run_synthesis(run: SynthesisRun) -> SynthesisRun:
    """Run the pipeline for ``run`` now, storing progress, result and record.

    A failure is stored on the run (status failed, one-line error), never raised
    half-way through a write.
    """
    from pathlib import Path

    from symposia.core.synthesis import SynthesisSettings, synthesize

    run.status = SynthesisRun.Status.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and done < total:
            return  # throttle database writes
        last[0] = now
        SynthesisRun.objects.filter(pk=run.pk).update(
            stage=stage[:100], progress=min(1.0, max(0.0, done / total if total else 0.0))
        )

    try:
        takes = takes_for_synthesis(run.symposium, **run.settings.get("filters", {}))
        if not takes:
            raise SynthesisError(
                f"symposium {run.symposium.slug!r} has no published takes",
                "publish some takes first",
            )
        params = {"embedder": django_settings.SYMPOSIA_EMBEDDER, **run.settings.get("params", {})}
        settings = SynthesisSettings(cache_dir=Path(_cache_dir()), **params)
        report = synthesize(takes, settings, progress, question=run.symposium.question)
        data = json.loads(report.to_json())
    except SymposiaError as exc:
        run.status = SynthesisRun.Status.FAILED
        run.error = str(exc)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        return run
    run.result = data
    run.record = data.get("record")
    run.input_hash = input_hash(takes)
    run.status = SynthesisRun.Status.DONE
    run.progress = 1.0
    run.stage = "done"
    run.finished_at = timezone.now()
    run.save()
    return run


def start_synthesis(symposium: Symposium, filters: dict[str, str] | None = None) -> SynthesisRun:
    """Queue a synthesis run as a background task and return it."""
    from symposia.web.synthesis.tasks import synthesize_symposium

    run = SynthesisRun.objects.create(symposium=symposium, settings={"filters": filters or {}})
    synthesize_symposium.enqueue(run.pk)
    run.refresh_from_db()
    return run


def latest_result(symposium: Symposium) -> SynthesisRun | None:
    """The newest finished run of a symposium, if any."""
    # Runs on part of the panel (region or sector filters) are not the panel's synthesis.
    runs = SynthesisRun.objects.filter(symposium=symposium, status=SynthesisRun.Status.DONE)
    for run in runs.order_by("-finished_at", "-pk"):
        if not run.settings.get("filters"):
            return run
    return None


def result_summary(run: SynthesisRun) -> dict[str, Any]:
    """A few headline numbers of a stored run, for listings."""
    data = run.result or {}
    return {"themes": len(data.get("themes", [])), "panel": data.get("panel", {})}
