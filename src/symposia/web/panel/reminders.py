"""Queue reminders for a symposium with django-tasks, N days before its deadline.

``SYMPOSIA_REMINDER_DAYS`` (default "7,2") lists the stages. Each stage is
one task with ``run_after`` = deadline - N days, recorded as a
:class:`ScheduledReminder` so scheduling twice queues nothing new. The task
decides at run time: the deadline may have moved and experts may have
answered since it was queued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from symposia.web.panel.models import ScheduledReminder
from symposia.web.publishing.models import Symposium


@dataclass(frozen=True)
class Scheduled:
    """One stage: when it runs, and whether this call queued it."""

    days_before: int
    run_after: datetime
    queued: bool
    note: str = ""


def schedule_reminders(symposium: Symposium, now: datetime | None = None) -> list[Scheduled]:
    """Queue a reminder task for every stage still in the future; idempotent.

    Stages whose time has passed are left to ``symposia remind``. With a task
    backend that cannot defer (the immediate backend of the tests), nothing is
    queued and the note says so.
    """
    from symposia.web.panel.tasks import send_scheduled_reminders

    now = now or timezone.now()
    out: list[Scheduled] = []
    if symposium.closes_at is None:
        return out
    for days in settings.SYMPOSIA_REMINDER_DAYS:
        run_after = symposium.closes_at - timedelta(days=days)
        if run_after <= now:
            out.append(Scheduled(days, run_after, False, "due already: run `symposia remind`"))
            continue
        if ScheduledReminder.objects.filter(
            symposium=symposium, days_before=days, run_after=run_after
        ).exists():
            out.append(Scheduled(days, run_after, False, "already queued"))
            continue
        if not send_scheduled_reminders.get_backend().supports_defer:
            out.append(Scheduled(days, run_after, False, "the task backend cannot run tasks later"))
            continue
        result = send_scheduled_reminders.using(run_after=run_after).enqueue(symposium.pk, days)
        ScheduledReminder.objects.create(
            symposium=symposium, days_before=days, run_after=run_after, task_id=str(result.id)
        )
        out.append(Scheduled(days, run_after, True))
    return out


def run_scheduled(symposium_id: int, days_before: int, now: datetime | None = None) -> str:
    """The body of the reminder task: send the stage if it is due, re-queue if it moved."""
    from symposia.web.panel.outreach import send_reminders

    now = now or timezone.now()
    symposium = Symposium.objects.filter(pk=symposium_id).first()
    if symposium is None or symposium.closes_at is None:
        return "no symposium or no deadline: nothing sent"
    if days_before not in settings.SYMPOSIA_REMINDER_DAYS:
        return f"{days_before} days is no longer a reminder stage: nothing sent"
    due_at = symposium.closes_at - timedelta(days=days_before)
    if now < due_at:
        # Woken early (the deadline moved later): queue the stage again for its new time.
        queued = [s.days_before for s in schedule_reminders(symposium, now) if s.queued]
        return f"not due before {due_at:%Y-%m-%d %H:%M} UTC; re-queued stages: {queued or 'none'}"
    report = send_reminders(
        symposium, days_before=days_before, actor_label="scheduled reminder", now=now
    )
    return report.summary()
