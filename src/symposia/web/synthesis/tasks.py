"""Background tasks (django-tasks): synthesis runs off the request path."""

from __future__ import annotations

from django_tasks import task

from symposia.web.synthesis.models import SynthesisRun


@task()
def synthesize_symposium(run_id: int) -> str:
    """Run the synthesis stored as SynthesisRun ``run_id``; returns its final status."""
    from symposia.web.synthesis.services import run_synthesis

    run = SynthesisRun.objects.select_related("symposium").get(pk=run_id)
    return run_synthesis(run).status
