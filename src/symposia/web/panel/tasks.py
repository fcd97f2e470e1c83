"""Background tasks (django-tasks): reminders queued for N days before a deadline."""

from __future__ import annotations

from django_tasks import task


@task()
def send_scheduled_reminders(symposium_id: int, days_before: int) -> str:
    """Send the reminders of one stage; re-checks the deadline and every expert's state now.

    When the deadline moved later since the task was queued, the reminder is
    queued again for the new time instead of going out early.
    """
    from symposia.web.panel.reminders import run_scheduled

    return run_scheduled(symposium_id, days_before)
