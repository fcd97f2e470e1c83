"""Experts on the roster and the personal invitations that reach them."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

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
