"""Who may edit which symposium, and the audit log of every workflow step."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SymposiumRole(models.Model):
    """A user's role on one symposium: the per-object permission of the editors' pages.

    Superusers and members of the "admin" group act as admins of every
    symposium without a row here; everyone else sees only the symposia they
    hold a role on.
    """

    class Role(models.TextChoices):
        EDITOR = "editor", "Editor"
        ADMIN = "admin", "Admin"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="symposium_roles"
    )
    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["symposium", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "symposium"], name="role_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.role} of {self.symposium.slug}"


class TakeEvent(models.Model):
    """One step of the workflow: who did what to which take or invitation, when and why."""

    class Kind(models.TextChoices):
        INVITED = "invited", "Expert invited"
        LINK_SENT = "link_sent", "Link emailed"
        LINK_OPENED = "link_opened", "Link opened"
        LINK_REISSUED = "link_reissued", "New link emailed on request"
        REVOKED = "revoked", "Invitation revoked"
        DRAFT_SAVED = "draft_saved", "Draft saved"
        SUBMITTED = "submitted", "Submitted"
        EDITED = "edited", "Edited"
        SIGNOFF_REQUESTED = "signoff_requested", "Sign-off requested"
        SIGNED_OFF = "signed_off", "Signed off by the expert"
        CHANGES_REQUESTED = "changes_requested", "Expert asked for changes"
        SIGNOFF_INVALIDATED = "signoff_invalidated", "Sign-off withdrawn by an edit"
        OVERRIDE = "override", "Editor override"
        SCHEDULED = "scheduled", "Scheduled"
        UNSCHEDULED = "unscheduled", "Unscheduled"
        REORDERED = "reordered", "Release order changed"

    symposium = models.ForeignKey(
        "publishing.Symposium", on_delete=models.CASCADE, related_name="events"
    )
    invitation = models.ForeignKey(
        "panel.Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    take = models.ForeignKey(
        "takes.Take", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    revision = models.ForeignKey(
        "takes.TakeRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(
        max_length=200, help_text="Who acted, kept even if the user is deleted."
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["take", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.actor_label}"


class SpentToken(models.Model):
    """The hash of an invitation link that was used once, so a second use is told apart.

    Only the sha256 is kept, as for live tokens; it lets the refusal page say
    "this link was already used" and offer a fresh one by email.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    invitation = models.ForeignKey(
        "panel.Invitation", on_delete=models.CASCADE, related_name="spent_tokens"
    )
    spent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"spent link of {self.invitation_id}"
