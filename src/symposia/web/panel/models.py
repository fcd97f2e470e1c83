"""Experts on the roster and the personal invitations that reach them."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Expert(models.Model):
    """A person on the roster, across symposia."""

    class Sector(models.TextChoices):
        THINK_TANK = "think_tank", "Think tank"
        UNIVERSITY = "university", "University"
        FORMER_GOVERNMENT = "former_government", "Former government"
        JOURNALISM = "journalism", "Journalism"
        BUSINESS = "business", "Business"
        NGO = "ngo", "NGO"
        OTHER = "other", "Other"

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    honorific = models.CharField(
        max_length=40, blank=True, help_text="Degree or honorific: 'Ph.D.'"
    )
    title = models.CharField(max_length=300, blank=True)
    affiliation = models.CharField(max_length=300, blank=True)
    city = models.CharField(
        max_length=100, blank=True, help_text="Where the expert is based, e.g. 'Seoul'."
    )
    email = models.EmailField(blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code.")
    region = models.CharField(max_length=40, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    gender = models.CharField(max_length=60, blank=True, help_text="Optional self-description.")
    show_gender = models.BooleanField(default=False, help_text="Consent to show gender publicly.")
    public_profile = models.BooleanField(default=True, help_text="Consent to a public expert page.")
    expertise = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    bio = models.TextField(blank=True)
    handle = models.CharField(max_length=100, blank=True, help_text="Social handle, e.g. @name.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~models.Q(email=""), name="expert_unique_email"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("publishing:expert", args=[self.slug])


def hash_token(raw: str) -> str:
    """The stored form of an invitation token: its sha256, never the token itself."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class Invitation(models.Model):
    """A personal link inviting one expert to one symposium; only the token's hash is stored."""

    class State(models.TextChoices):
        NOT_INVITED = "not_invited", "Not invited"
        INVITED = "invited", "Invited"
        OPENED = "opened", "Link opened"
        DECLINED = "declined", "Declined"
        DRAFTING = "drafting", "Drafting"
        SUBMITTED = "submitted", "Submitted"
        PUBLISHED = "published", "Published"
        BOUNCED = "bounced", "Bounced"
        OPTED_OUT = "opted_out", "Opted out"
        REVOKED = "revoked", "Revoked"

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="invitations"
    )
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.NOT_INVITED)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["symposium", "expert__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["symposium", "expert"], name="invitation_one_per_expert"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.symposium.slug} ({self.state})"

    @classmethod
    def create_with_token(
        cls, *, symposium: models.Model, expert: Expert, valid_for: timedelta = timedelta(days=30)
    ) -> tuple[Invitation, str]:
        """Create an invitation and return it with the raw token (shown once, never stored)."""
        raw = secrets.token_urlsafe(32)
        inv = cls.objects.create(
            symposium=symposium,
            expert=expert,
            token_hash=hash_token(raw),
            expires_at=timezone.now() + valid_for,
        )
        return inv, raw

    def rotate_token(self, valid_for: timedelta = timedelta(days=30)) -> str:
        """Replace the token (the old link stops working) and return the new raw token."""
        raw = secrets.token_urlsafe(32)
        self.token_hash = hash_token(raw)
        self.expires_at = timezone.now() + valid_for
        self.save(update_fields=["token_hash", "expires_at", "updated_at"])
        return raw

    def set_token(self, raw: str, expires_at: datetime) -> None:
        """Store the hash of ``raw`` as this invitation's live token (the old one stops working).

        Outreach uses it after the mail server accepted an email carrying
        ``raw``, so a link is only ever live once it was really sent.
        """
        self.token_hash = hash_token(raw)
        self.expires_at = expires_at
        self.save(update_fields=["token_hash", "expires_at", "updated_at"])

    @classmethod
    def for_token(cls, raw: str, now: datetime | None = None) -> Invitation | None:
        """The live invitation a raw token belongs to: None when unknown, expired or revoked."""
        now = now or timezone.now()
        inv = (
            cls.objects.select_related("symposium", "expert")
            .filter(token_hash=hash_token(raw))
            .first()
        )
        if (
            inv is None
            or inv.expires_at <= now
            or inv.state in (cls.State.REVOKED, cls.State.OPTED_OUT)
        ):
            return None
        return inv


def email_hash(email: str) -> str:
    """The stored form of an opted-out address: sha256 of it trimmed and case-folded.

    It does not depend on the secret key, so an opt-out survives a key change.
    """
    return hashlib.sha256(("symposia-optout:" + email.strip().casefold()).encode()).hexdigest()


class OptOut(models.Model):
    """An address that asked never to be emailed again; honoured forever.

    Keyed by a hash of the address, not by an expert: deleting the expert and
    importing them again does not undo it.
    """

    class Source(models.TextChoices):
        LINK = "link", "Unsubscribe link"
        ONE_CLICK = "one_click", "One-click unsubscribe (mail client)"
        EDITOR = "editor", "Recorded by an editor"

    email_hash = models.CharField(max_length=64, unique=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LINK)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "opt-out"

    def __str__(self) -> str:
        return f"opt-out {self.email_hash[:10]}… ({self.get_source_display()})"

    @classmethod
    def covers(cls, email: str) -> bool:
        """Whether ``email`` has opted out."""
        return bool(email) and cls.objects.filter(email_hash=email_hash(email)).exists()


class OutreachEvent(models.Model):
    """One email or response event of the outreach log: what happened to whom, when."""

    class Kind(models.TextChoices):
        INVITATION_SENT = "invitation_sent", "Invitation sent"
        INVITATION_FAILED = "invitation_failed", "Invitation not sent"
        REMINDER_SENT = "reminder_sent", "Reminder sent"
        REMINDER_FAILED = "reminder_failed", "Reminder not sent"
        BOUNCED = "bounced", "Bounced"
        DECLINED = "declined", "Declined"
        OPTED_OUT = "opted_out", "Opted out"

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="outreach_events"
    )
    invitation = models.ForeignKey(
        Invitation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_events",
    )
    expert_name = models.CharField(max_length=200, help_text="Kept if the expert is deleted.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reminder_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For reminders: days before the deadline."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    detail = models.TextField(blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["symposium", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.expert_name}"


class InvitationTemplate(models.Model):
    """The invitation and reminder emails of one symposium, with {placeholders}."""

    symposium = models.OneToOneField(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="invitation_template"
    )
    subject = models.CharField(max_length=300)
    body = models.TextField()
    reminder_subject = models.CharField(max_length=300)
    reminder_body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"emails of {self.symposium.slug}"


class DiversityTarget(models.Model):
    """A target for the panel: at least/at most a share of experts matching conditions.

    ``conditions`` maps a field to the values that satisfy it, e.g.
    ``{"sector": ["think_tank"], "city": ["Washington"]}``; all must hold.
    """

    class Op(models.TextChoices):
        AT_LEAST = "at_least", "at least"
        AT_MOST = "at_most", "at most"

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="diversity_targets"
    )
    label = models.CharField(max_length=120, help_text="What the share counts, e.g. 'women'.")
    conditions = models.JSONField()
    op = models.CharField(max_length=8, choices=Op.choices, default=Op.AT_LEAST)
    percent = models.PositiveSmallIntegerField(help_text="0-100.")
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["symposium", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="diversity_target_percent_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_op_display()} {self.percent}% {self.label}"


class RosterImport(models.Model):
    """A roster file on its way in (uploaded, previewed) or imported, with its report."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded, not imported"
        IMPORTED = "imported", "Imported"
        DISCARDED = "discarded", "Discarded"

    source = models.CharField(max_length=255, help_text="File name.")
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField(
        blank=True, help_text="The uploaded file until it is imported or discarded."
    )
    encoding = models.CharField(max_length=40, blank=True)
    mapping = models.JSONField(default=dict, blank=True, help_text="Column header -> field.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    counts = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_status_display()})"


class ScheduledReminder(models.Model):
    """A reminder run queued with django-tasks for N days before a symposium's deadline."""

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="scheduled_reminders"
    )
    days_before = models.PositiveSmallIntegerField()
    run_after = models.DateTimeField()
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["symposium", "run_after"]
        constraints = [
            models.UniqueConstraint(
                fields=["symposium", "days_before", "run_after"], name="reminder_once_per_time"
            ),
        ]

    def __str__(self) -> str:
        return f"reminder {self.days_before} days before {self.symposium.slug}"
