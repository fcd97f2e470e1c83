"""A take (one expert's answer to one symposium) and its revisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from symposia.core.editorial import content_hash


class TakeQuerySet(models.QuerySet["Take"]):
    def public(self, now: object | None = None) -> TakeQuerySet:
        """Takes a reader may see now: published, or scheduled and due. No redeploy needed."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Take.Status.PUBLISHED, publish_at__lte=now)
            | Q(status=Take.Status.PUBLISHED, publish_at__isnull=True)
            | Q(status=Take.Status.SCHEDULED, publish_at__lte=now)
        )


class Take(models.Model):
    """One expert's answer to one symposium, in the published article format."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        SIGNOFF = "signoff", "Awaiting expert sign-off"
        APPROVED = "approved", "Approved"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    class BodyFormat(models.TextChoices):
        PLAIN = "plain", "Plain text"
        MARKDOWN = "markdown", "Markdown"

    class Source(models.TextChoices):
        SUBMITTED = "submitted", "Submitted by the expert"
        INGESTED = "ingested", "Ingested from a published page"
        DEMO = "demo", "Fictional demo"

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="takes"
    )
    expert = models.ForeignKey("panel.Expert", on_delete=models.PROTECT, related_name="takes")
    headline = models.CharField(max_length=500, blank=True)
    pull_quote = models.TextField(blank=True)
    body = models.TextField()
    body_format = models.CharField(
        max_length=10,
        choices=BodyFormat.choices,
        default=BodyFormat.PLAIN,
        help_text="How the body is written; Markdown is sanitised with nh3 when rendered.",
    )
    bio_line = models.TextField(blank=True)
    photo_caption = models.TextField(blank=True)
    image_credit = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(null=True, blank=True, db_index=True)
    release_order = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SUBMITTED)
    source_ref = models.CharField(
        max_length=500, blank=True, help_text="File or URL it was ingested from."
    )
    content_hash = models.CharField(max_length=64, db_index=True, editable=False)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every save; guards concurrent edits."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TakeQuerySet.as_manager()

    class Meta:
        ordering = ["symposium", "release_order", "expert__name"]
        constraints = [
            models.UniqueConstraint(fields=["symposium", "expert"], name="take_one_per_expert"),
            models.CheckConstraint(condition=~Q(body=""), name="take_body_not_empty"),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(publish_at__isnull=False),
                name="take_scheduled_has_publish_at",
            ),
        ]
        indexes = [models.Index(fields=["symposium", "status", "publish_at"])]

    def __str__(self) -> str:
        return self.headline or f"{self.expert} on {self.symposium.slug}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.content_hash = content_hash(self.body)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        # Keyed by the take's id in an anonymous symposium: the expert's slug is their name.
        from symposia.web.publishing.display import take_path

        return take_path(self)

    def is_public(self) -> bool:
        """Whether a reader may see this take now."""
        if self.status not in (self.Status.PUBLISHED, self.Status.SCHEDULED):
            return False
        if self.publish_at is None:
            return self.status == self.Status.PUBLISHED
        return self.publish_at <= timezone.now()


class TakeRevision(models.Model):
    """A stored state of a take: what the expert sent, each edit, each sign-off."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted by the expert"
        EDITED = "edited", "Edited"
        IMPORTED = "imported", "Imported"
        SIGNED_OFF = "signed_off", "Signed off by the expert"

    take = models.ForeignKey(Take, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    headline = models.CharField(max_length=500, blank=True)
    pull_quote = models.TextField(blank=True)
    body = models.TextField()
    bio_line = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["take", "number"]
        constraints = [
            models.UniqueConstraint(fields=["take", "number"], name="revision_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.take} r{self.number}"

    @classmethod
    def record(
        cls, take: Take, kind: str, author: object | None = None, note: str = ""
    ) -> TakeRevision:
        """Store the current state of ``take`` as its next revision."""
        last = cls.objects.filter(take=take).aggregate(n=models.Max("number"))["n"] or 0
        return cls.objects.create(
            take=take,
            number=last + 1,
            kind=kind,
            headline=take.headline,
            pull_quote=take.pull_quote,
            body=take.body,
            bio_line=take.bio_line,
            author=author,
            note=note,
        )


class IngestedFile(models.Model):
    """The ledger of ingest: one row per file content, written with the file's takes.

    A rerun skips files whose sha256 is here, which makes ingest idempotent and
    lets a killed run resume without writing anything twice.
    """

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="ingested_files"
    )
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=500)
    result = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["symposium", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["symposium", "sha256"], name="ingest_file_once"),
        ]

    def __str__(self) -> str:
        return f"{self.path} ({self.sha256[:8]})"
