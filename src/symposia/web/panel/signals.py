"""Keep queued reminders in step with a symposium's deadline.

When an editor sets or moves the deadline of a symposium whose invitations
went out, the reminder stages are queued for the new times (after the
transaction commits). Tasks queued for the old times re-check the deadline
when they run and send nothing early.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from symposia.web.publishing.models import Symposium


@receiver(post_save, sender=Symposium, dispatch_uid="panel-reschedule-reminders")
def reschedule_reminders(sender: type, instance: Symposium, **kwargs: Any) -> None:
    """Queue the reminder stages of a symposium with a deadline and invitations sent."""
    if instance.closes_at is None or kwargs.get("raw"):
        return
    from symposia.web.panel.models import Invitation
    from symposia.web.panel.reminders import schedule_reminders

    if not Invitation.objects.filter(symposium=instance, sent_at__isnull=False).exists():
        return
    pk = instance.pk

    def queue() -> None:
        symposium = Symposium.objects.filter(pk=pk).first()
        if symposium is not None:
            schedule_reminders(symposium)

    transaction.on_commit(queue)
