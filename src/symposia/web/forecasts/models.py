"""Forecast questions, forecasts and resolutions; stance statements and stances."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ForecastQuestion(models.Model):
    """A question that can be resolved later, asked within a symposium."""

    class Kind(models.TextChoices):
        BINARY = "binary", "Binary (probability)"
        MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
        NUMERIC = "numeric", "Numeric (quantiles)"

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="forecast_questions"
    )
    slug = models.SlugField(max_length=120)
    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.BINARY)
    options = models.JSONField(
        default=list, blank=True, help_text="Options of a multiple-choice question."
    )
    resolution_criteria = models.TextField()
    close_at = models.DateTimeField()
    resolve_by = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["symposium", "close_at", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["symposium", "slug"], name="question_unique_slug"),
            models.CheckConstraint(
                condition=Q(resolve_by__gte=models.F("close_at")),
                name="question_resolve_after_close",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Forecast(models.Model):
    """One forecast by one expert at one time; updates are new rows, never overwrites."""

    question = models.ForeignKey(
        ForecastQuestion, on_delete=models.CASCADE, related_name="forecasts"
    )
    expert = models.ForeignKey("panel.Expert", on_delete=models.CASCADE, related_name="forecasts")
    probability = models.FloatField(null=True, blank=True, help_text="Binary: probability of yes.")
    probabilities = models.JSONField(
        null=True, blank=True, help_text="Multiple choice: option -> probability."
    )
    quantiles = models.JSONField(
        null=True, blank=True, help_text="Numeric: {'0.1': v, '0.5': v, '0.9': v}."
    )
    rationale = models.TextField(blank=True)
    inferred = models.BooleanField(
        default=False, help_text="Implied by words in a take, not stated by the expert."
    )
    source_take = models.ForeignKey("takes.Take", null=True, blank=True, on_delete=models.SET_NULL)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["question", "expert", "made_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__isnull=True)
                | (Q(probability__gte=0.0) & Q(probability__lte=1.0)),
                name="forecast_probability_in_unit_interval",
            ),
            models.UniqueConstraint(
                fields=["question", "expert", "made_at"], name="forecast_unique_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} on {self.question.slug} at {self.made_at:%Y-%m-%d}"


class Resolution(models.Model):
    """How a question resolved; corrections are new rows with a reason, the log is kept."""

    class Outcome(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        OPTION = "option", "Option"
        VALUE = "value", "Value"
        ANNULLED = "annulled", "Annulled"
        AMBIGUOUS = "ambiguous", "Ambiguous"

    question = models.ForeignKey(
        ForecastQuestion, on_delete=models.CASCADE, related_name="resolutions"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    option = models.CharField(max_length=200, blank=True)
    value = models.FloatField(null=True, blank=True)
    source_note = models.TextField()
    correction_reason = models.TextField(blank=True)
    is_current = models.BooleanField(default=True)
    resolved_at = models.DateTimeField()
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["question", "-resolved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["question"], condition=Q(is_current=True), name="resolution_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.slug}: {self.outcome}"


class StanceStatement(models.Model):
    """A statement the panel agrees or disagrees with."""

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="stance_statements"
    )
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["symposium", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Stance(models.Model):
    """One expert's answer to a statement, in one round."""

    class Answer(models.TextChoices):
        STRONGLY_AGREE = "strongly_agree", "Strongly agree"
        AGREE = "agree", "Agree"
        UNCERTAIN = "uncertain", "Uncertain"
        DISAGREE = "disagree", "Disagree"
        STRONGLY_DISAGREE = "strongly_disagree", "Strongly disagree"
        NO_OPINION = "no_opinion", "No opinion"

    statement = models.ForeignKey(StanceStatement, on_delete=models.CASCADE, related_name="stances")
    expert = models.ForeignKey("panel.Expert", on_delete=models.CASCADE, related_name="stances")
    answer = models.CharField(max_length=18, choices=Answer.choices)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    round = models.PositiveSmallIntegerField(default=1)
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["statement", "round", "expert"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "expert", "round"], name="stance_one_per_round"
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True)
                | (Q(confidence__gte=1) & Q(confidence__lte=10)),
                name="stance_confidence_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert}: {self.answer}"
