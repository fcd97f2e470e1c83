"""The symposium: one question asked of a panel, and how its takes are published."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from symposia.core.editorial import DEFAULT_HEADLINE_TEMPLATE

DEFAULT_EDITOR_NOTE = (
    "Looking for more opinions? Check out all {count} expert takes on this question [here]."
)


class Symposium(models.Model):
    """One question put to a panel of experts, published as a hub of takes."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open for answers"
        CLOSED = "closed", "Closed"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    class Anonymity(models.TextChoices):
        ATTRIBUTED = "attributed", "Attributed"
        ANONYMOUS = "anonymous", "Anonymous"

    slug = models.SlugField(max_length=120, unique=True)
    series = models.CharField(
        max_length=200, help_text="Series or event name, e.g. 'After Ulaanbaatar'."
    )
    question = models.CharField(max_length=500, help_text="The full question asked of the panel.")
    question_phrase = models.CharField(
        max_length=300, help_text="The question as it reads in headlines: 'What Happens Next ...'."
    )
    intro = models.TextField(blank=True)
    editor_note_template = models.TextField(
        default=DEFAULT_EDITOR_NOTE,
        help_text="{count} is the number of published takes; [text in brackets] links to the hub.",
    )
    headline_template = models.CharField(max_length=300, default=DEFAULT_HEADLINE_TEMPLATE)
    image_credit = models.CharField(max_length=200, blank=True)
    photo_caption = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    anonymity = models.CharField(
        max_length=12, choices=Anonymity.choices, default=Anonymity.ATTRIBUTED
    )
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True, help_text="Deadline for answers.")
    is_fictional = models.BooleanField(
        default=False, help_text="Marks a demo symposium: every page says it is fictional."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at", "-created_at"]
        verbose_name_plural = "symposia"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(opens_at__isnull=True)
                | models.Q(closes_at__gte=models.F("opens_at")),
                name="symposium_closes_after_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series}: {self.question}"

    def get_absolute_url(self) -> str:
        return reverse("publishing:hub", args=[self.slug])
