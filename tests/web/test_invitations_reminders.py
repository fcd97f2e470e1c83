"""Reminders: due stages, who gets one and who never does, scheduling with django-tasks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import default_task_backend

from symposia.errors import InputError
from symposia.web.panel import outreach, reminders, responses
from symposia.web.panel.models import (
    Invitation,
    OptOut,
    OutreachEvent,
    ScheduledReminder,
    email_hash,
)
from symposia.web.panel.tasks import send_scheduled_reminders
from tests.web import editorial_support as support
from tests.web.panel_support import link_of, on_panel

# Shared fixtures: pytest finds them as attributes of this module.
editor = support.editor
symposium = support.symposium

pytestmark = pytest.mark.django_db
State = Invitation.State
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def deadline(symposium):
    symposium.closes_at = timezone.now() + timedelta(days=10)
    symposium.save()
    return symposium.closes_at


@pytest.fixture
def panel(symposium, deadline, make_expert, make_take, mailoutbox):
    s = symposium
    p = {
        "invited": on_panel(make_expert, s, name="Aino Salo"),
        "opened": on_panel(make_expert, s, name="Bo Lund"),
        "drafting": on_panel(make_expert, s, name="Cai Moe"),
        "submitted": on_panel(make_expert, s, name="Dag Rud"),
        "declined": on_panel(make_expert, s, name="Eli Voss"),
        "opted": on_panel(make_expert, s, name="Fay Berg"),
        "bounced": on_panel(make_expert, s, name="Gus Holt"),
        "stale": on_panel(make_expert, s, name="Hal Ness"),
        "never": on_panel(make_expert, s, name="Ivo Sand"),
    }
    outreach.send_invitations(s)  # everyone but "never" gets an invitation first
    Invitation.objects.filter(pk=p["never"].pk).update(state=State.NOT_INVITED, sent_at=None)
    for key in ("opened", "drafting", "submitted", "declined", "bounced"):
        Invitation.objects.filter(pk=p[key].pk).update(state=key)
    responses.opt_out(email_hash(p["opted"].expert.email))
    # Answered, though the invitation still says invited (an editor ingested the take).
    make_take(s, p["stale"].expert, status="review", publish_at=None)
    mailoutbox.clear()
    return p


def at(deadline, days: float):
    return deadline - timedelta(days=days)


def names(mailoutbox, panel):
    by_email = {inv.expert.email: key for key, inv in panel.items()}
    return sorted(by_email[m.to[0]] for m in mailoutbox)


def test_reminders_go_only_to_those_who_have_not_answered(symposium, deadline, panel, mailoutbox):
    report = outreach.send_reminders(symposium, now=at(deadline, 6.5))
    assert report.reminder_days == 7
    assert names(mailoutbox, panel) == ["drafting", "invited", "opened"]
    assert {o.expert for o in report.outcomes if o.status == "skipped"} == {"Hal Ness"}
    assert all("Reminder:" in m.subject for m in mailoutbox)
    assert OutreachEvent.objects.filter(kind="reminder_sent", reminder_days=7).count() == 3


def test_each_stage_is_sent_once(symposium, deadline, panel, mailoutbox):
    outreach.send_reminders(symposium, now=at(deadline, 6))
    outreach.send_reminders(symposium, now=at(deadline, 5))
    assert len(mailoutbox) == 3  # the 7-day stage went out once
    outreach.send_reminders(symposium, now=at(deadline, 1.5))
    assert len(mailoutbox) == 6  # then the 2-day stage
    outreach.send_reminders(symposium, now=at(deadline, 1))
    assert len(mailoutbox) == 6


def test_a_late_first_run_sends_only_the_most_urgent_stage(symposium, deadline, panel, mailoutbox):
    report = outreach.send_reminders(symposium, now=at(deadline, 1))
    assert report.reminder_days == 2 and len(mailoutbox) == 3
    # The 7-day task, running late, finds everyone already reminded.
    late = outreach.send_reminders(symposium, days_before=7, now=at(deadline, 0.5))
    assert late.sent == 0 and len(mailoutbox) == 3


def test_nothing_is_due_before_the_first_stage_or_after_the_deadline(
    symposium, deadline, panel, mailoutbox
):
    early = outreach.send_reminders(symposium, now=at(deadline, 9))
    assert early.reminder_days is None and "next one is due" in early.note
    late = outreach.send_reminders(symposium, now=deadline + timedelta(hours=1))
    assert late.note == "the deadline has passed"
    assert mailoutbox == []


def test_reminder_carries_a_fresh_link_and_the_old_one_dies(symposium, deadline, panel, mailoutbox):
    from django.test import Client

    outreach.send_invitations(symposium, resend=True)
    old = next(link_of(m) for m in mailoutbox if m.to == [panel["invited"].expert.email])
    mailoutbox.clear()
    outreach.send_reminders(symposium, now=at(deadline, 6))
    new = next(link_of(m) for m in mailoutbox if m.to == [panel["invited"].expert.email])
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_dry_run_of_reminders_sends_nothing(symposium, deadline, panel, mailoutbox):
    report = outreach.send_reminders(symposium, dry_run=True, now=at(deadline, 6))
    assert report.count("would_send") == 3 and mailoutbox == []
    assert not OutreachEvent.objects.filter(kind="reminder_sent").exists()


def test_no_deadline_is_an_input_error(symposium, make_expert):
    symposium.closes_at = None
    symposium.save()
    with pytest.raises(InputError, match="has no deadline"):
        outreach.send_reminders(symposium)


def test_state_is_rechecked_at_send_time(symposium, deadline, panel, mailoutbox, monkeypatch):
    """An expert who declines while the batch runs gets no reminder."""
    real = outreach._still_remindable
    declined_midway = panel["opened"]

    def decline_then_check(inv_id, stage):
        if inv_id == panel["invited"].pk:
            responses.decline(declined_midway, "travelling")
        return real(inv_id, stage)

    monkeypatch.setattr(outreach, "_still_remindable", decline_then_check)
    report = outreach.send_reminders(symposium, now=at(deadline, 6))
    assert names(mailoutbox, panel) == ["drafting", "invited"]
    assert ("Bo Lund", "skipped", "declined") in [
        (o.expert, o.status, o.reason) for o in report.outcomes
    ]


def test_opt_out_after_invitation_is_honoured(symposium, deadline, panel, mailoutbox):
    OptOut.objects.create(email_hash=email_hash(panel["drafting"].expert.email))
    outreach.send_reminders(symposium, now=at(deadline, 6))
    assert names(mailoutbox, panel) == ["invited", "opened"]


@override_settings(TASKS=DUMMY_TASKS)
def test_scheduling_queues_one_task_per_future_stage(symposium, deadline):
    # django-tasks rebuilds its backends when TASKS changes (setting_changed).
    queued = reminders.schedule_reminders(symposium)
    assert [(s.days_before, s.queued) for s in queued] == [(7, True), (2, True)]
    results = default_task_backend.results
    assert [r.args for r in results] == [[symposium.pk, 7], [symposium.pk, 2]]
    assert [r.task.run_after for r in results] == [at(deadline, 7), at(deadline, 2)]
    again = reminders.schedule_reminders(symposium)
    assert [s.note for s in again] == ["already queued", "already queued"]
    assert len(default_task_backend.results) == 2
    assert ScheduledReminder.objects.filter(symposium=symposium).count() == 2
    late = reminders.schedule_reminders(symposium, now=at(deadline, 3))
    assert late[0].note.startswith("due already")


def test_immediate_backend_cannot_defer(symposium, deadline):
    queued = reminders.schedule_reminders(symposium)
    assert all(not s.queued and "cannot run tasks later" in s.note for s in queued)


def test_task_sends_when_due_and_requeues_when_the_deadline_moved(
    symposium, deadline, panel, mailoutbox
):
    early = send_scheduled_reminders.call(symposium.pk, 7)  # woken three days early
    assert early.startswith("not due before") and mailoutbox == []
    # Called at its time, the task sends the stage.
    out = reminders.run_scheduled(symposium.pk, 7, now=at(deadline, 6.9))
    assert out.startswith("3 reminders sent") and len(mailoutbox) == 3
    # The deadline moved a week later: the 2-day task must not send early.
    symposium.closes_at = deadline + timedelta(days=7)
    symposium.save()
    moved = reminders.run_scheduled(symposium.pk, 2, now=at(deadline, 1.5))
    assert moved.startswith("not due before") and len(mailoutbox) == 3
    assert reminders.run_scheduled(999_999, 2) == "no symposium or no deadline: nothing sent"
    assert "no longer a reminder stage" in reminders.run_scheduled(symposium.pk, 5)


def test_remind_buttons_on_the_invitations_page(symposium, deadline, panel, mailoutbox, editor):
    from tests.web.editorial_support import login

    client = login(editor)
    url = f"/editor/s/{symposium.slug}/panel/invitations/"
    page = client.get(url).content.decode()
    assert "Reminders go out 7 and 2 days before the deadline" in page
    r = client.post(url, {"action": "remind_dry_run"})
    assert r.status_code == 200 and mailoutbox == []
    r = client.post(url, {"action": "schedule"})
    assert r.status_code == 302


@override_settings(TASKS=DUMMY_TASKS)
def test_moving_the_deadline_queues_the_reminders_again(
    symposium, deadline, panel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        symposium.closes_at = deadline + timedelta(days=14)
        symposium.save()
    queued = ScheduledReminder.objects.filter(symposium=symposium)
    assert sorted(r.run_after for r in queued) == [
        symposium.closes_at - timedelta(days=7),
        symposium.closes_at - timedelta(days=2),
    ]
    assert len(default_task_backend.results) == 2


@override_settings(TASKS=DUMMY_TASKS)
def test_no_reminders_are_queued_before_anyone_is_invited(
    make_symposium, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_symposium(slug="quiet", closes_at=timezone.now() + timedelta(days=20))
    assert not ScheduledReminder.objects.exists()
