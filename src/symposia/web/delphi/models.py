"""Delphi rounds, ranking questions, the experts' round answers with reasons, and pseudonyms.

Round 1 is the first collection (takes, stances with ``round=1``, forecasts made
before round 2 opened, rankings with ``round=1``); a :class:`DelphiRound` row is
made for every later round. What an expert answered in a round is a
:class:`Response` with one :class:`Revision` per stance, forecast or ranking:
the revision points at the row that is the expert's answer in that round (a
new row when they changed it, their earlier row when they kept it) and holds
their reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class DelphiRound(models.Model):
    """Round 2, 3, ... of a symposium: the feedback shown and the editor's stop rule."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="delphi_rounds"
    )
    number = models.PositiveSmallIntegerField(help_text="2 for the first round after the takes.")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField()
    closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Answers are refused after this time."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    consensus_threshold = models.FloatField(
        default=0.75, help_text="Least majority share on every statement."
    )
    iqr_width = models.FloatField(
        default=0.2, help_text="Widest interquartile range on every probability question."
    )
    kendall_threshold = models.FloatField(
        default=0.7, help_text="Least Kendall's W on every ranking question."
    )
    min_answers = models.PositiveSmallIntegerField(
        default=3, help_text="Fewest answers a statement, question or ranking needs to count."
    )
    max_rounds = models.PositiveSmallIntegerField(
        default=3, help_text="Last round, counting the first collection as round 1."
    )
    synthesis_run = models.ForeignKey(
        "synthesis.SynthesisRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    feedback = models.JSONField(
        default=dict, help_text="The anonymised feedback of the previous round (counts only)."
    )
    decision = models.JSONField(
        null=True, blank=True, help_text="The stop decision recorded when the round closed."
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["symposium", "number"]
        constraints = [
            models.UniqueConstraint(fields=["symposium", "number"], name="delphi_round_unique"),
            models.UniqueConstraint(
                fields=["symposium"], condition=Q(status="open"), name="delphi_one_open_round"
            ),
            models.CheckConstraint(condition=Q(number__gte=2), name="delphi_round_from_two"),
            models.CheckConstraint(
                condition=Q(max_rounds__gte=F("number")), name="delphi_round_within_max"
            ),
            models.CheckConstraint(
                condition=Q(consensus_threshold__gt=0.0) & Q(consensus_threshold__lte=1.0),
                name="delphi_threshold_in_unit_interval",
            ),
            models.CheckConstraint(
                condition=Q(iqr_width__gte=0.0) & Q(iqr_width__lte=1.0),
                name="delphi_iqr_in_unit_interval",
            ),
            models.CheckConstraint(
                condition=Q(kendall_threshold__gte=0.0) & Q(kendall_threshold__lte=1.0),
                name="delphi_kendall_in_unit_interval",
            ),
            models.CheckConstraint(condition=Q(min_answers__gte=1), name="delphi_min_answers"),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=F("opened_at")),
                name="delphi_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"round {self.number} of {self.symposium.slug} ({self.status})"


class RankingQuestion(models.Model):
    """Items the panel puts in order; Kendall's W measures how much they agree."""

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="ranking_questions"
    )
    slug = models.SlugField(max_length=120)
    prompt = models.CharField(max_length=500)
    items = models.JSONField(help_text="The items to rank, two or more, each once.")
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["symposium", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["symposium", "slug"], name="ranking_question_slug"),
        ]

    def __str__(self) -> str:
        return self.prompt


class Ranking(models.Model):
    """One expert's ordering of a ranking question's items in one round, best first."""

    question = models.ForeignKey(RankingQuestion, on_delete=models.CASCADE, related_name="rankings")
    expert = models.ForeignKey("panel.Expert", on_delete=models.CASCADE, related_name="rankings")
    round = models.PositiveSmallIntegerField(default=1)
    order = models.JSONField(help_text="Every item once, best first.")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "round", "expert"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "expert", "round"], name="ranking_one_per_round"
            ),
            models.CheckConstraint(condition=Q(round__gte=1), name="ranking_round_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} on {self.question.slug}, round {self.round}"


class Response(models.Model):
    """An expert's answers to one round, submitted once."""

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="delphi_responses"
    )
    round = models.PositiveSmallIntegerField()
    expert = models.ForeignKey(
        "panel.Expert", on_delete=models.CASCADE, related_name="delphi_responses"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["symposium", "round", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["symposium", "round", "expert"], name="response_one_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} in round {self.round} of {self.symposium.slug}"


class Revision(models.Model):
    """One answer of a response: the row it is, whether it changed, and the expert's reason."""

    class Kind(models.TextChoices):
        STANCE = "stance", "Stance"
        FORECAST = "forecast", "Forecast"
        RANKING = "ranking", "Ranking"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    stance = models.ForeignKey(
        "forecasts.Stance", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    forecast = models.ForeignKey(
        "forecasts.Forecast", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    ranking = models.ForeignKey(
        Ranking, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    changed = models.BooleanField(
        help_text="Differs from the expert's answer in the previous round (a reason is required)."
    )
    previous = models.JSONField(
        null=True, blank=True, help_text="The previous answer, as the expert saw it."
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["response", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="stance", stance__isnull=False)
                & Q(forecast__isnull=True, ranking__isnull=True)
                | Q(kind="forecast", forecast__isnull=False)
                & Q(stance__isnull=True, ranking__isnull=True)
                | Q(kind="ranking", ranking__isnull=False)
                & Q(stance__isnull=True, forecast__isnull=True),
                name="revision_points_at_its_kind",
            ),
            models.CheckConstraint(
                condition=Q(changed=False) | ~Q(reason=""),
                name="revision_change_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} in {self.response}"


class Pseudonym(models.Model):
    """The number an expert goes by in an anonymous symposium: "Expert 7", never reused."""

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="pseudonyms"
    )
    expert = models.ForeignKey("panel.Expert", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()

    class Meta:
        ordering = ["symposium", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["symposium", "expert"], name="pseudonym_one_per_expert"
            ),
            models.UniqueConstraint(fields=["symposium", "number"], name="pseudonym_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Expert {self.number} of {self.symposium.slug}"
