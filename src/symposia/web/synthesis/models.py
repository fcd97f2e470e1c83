"""Stored synthesis runs: the JSON report and the record of how it was made."""

from __future__ import annotations

from django.db import models


class SynthesisRun(models.Model):
    """One run of the synthesis pipeline over a symposium's takes."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="synthesis_runs"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)
    stage = models.CharField(max_length=100, blank=True)
    settings = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True, help_text="The Synthesis report as JSON.")
    record = models.JSONField(
        null=True, blank=True, help_text="Stages, versions, parameters, hashes."
    )
    input_hash = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0.0) & models.Q(progress__lte=1.0),
                name="synthesis_progress_in_unit_interval",
            ),
        ]

    def __str__(self) -> str:
        return f"synthesis of {self.symposium.slug} ({self.status})"
