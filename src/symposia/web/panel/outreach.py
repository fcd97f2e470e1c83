"""Invitations and reminders: who gets an email, sending it, and recording what happened.

An invitation is marked sent only after the mail backend accepted the email:
the personal token in it is generated first, kept in memory while the email
is sent (with retries), and only then stored (its hash) together with the
"invited" state. A refused or failed email leaves the invitation as it was
and adds a failure to the outreach log.

Reminders re-check every invitation just before its email goes out, so an
expert who answered, declined or opted out a moment ago gets nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from symposia.errors import InputError
from symposia.web.editorial.links import link_valid_for
from symposia.web.editorial.models import TakeEvent
from symposia.web.panel import mail
from symposia.web.panel.delivery import Mailer
from symposia.web.panel.models import (
    Expert,
    Invitation,
    OptOut,
    OutreachEvent,
    email_hash,
)
from symposia.web.panel.responses import add_to_panel, answered_expert_ids
from symposia.web.publishing.models import Symposium

State = Invitation.State
#: States in which an expert may still get a reminder.
REMINDABLE = (State.INVITED, State.OPENED, State.DRAFTING)
_SKIP_REASONS = {
    State.INVITED: "already invited",
    State.OPENED: "already opened their link",
    State.DRAFTING: "already writing",
    State.SUBMITTED: "already answered",
    State.PUBLISHED: "already answered",
    State.DECLINED: "declined",
    State.OPTED_OUT: "opted out",
    State.REVOKED: "invitation revoked",
    State.BOUNCED: "an earlier email bounced; fix the address, then send again",
}


@dataclass(frozen=True)
class Outcome:
    """What happened (or would happen) to one expert's email."""

    expert: str
    email: str
    invitation_id: int | None
    status: str  # sent, would_send, failed, skipped, not_attempted
    reason: str = ""
    attempts: int = 0


@dataclass
class SendReport:
    """The outcome of a batch of invitations or reminders."""

    kind: str  # "invitation" or "reminder"
    dry_run: bool
    outcomes: list[Outcome] = field(default_factory=list)
    note: str = ""
    reminder_days: int | None = None

    def count(self, status: str) -> int:
        """How many outcomes have ``status``."""
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def sent(self) -> int:
        """Emails the backend accepted."""
        return self.count("sent")

    @property
    def failed(self) -> int:
        """Emails that could not be sent (or were not attempted after the server failed)."""
        return self.count("failed") + self.count("not_attempted")

    def summary(self) -> str:
        """One line: "3 invitations sent, 1 failed, 2 skipped"."""
        if self.dry_run:
            n = self.count("would_send")
            head = f"{n} {self.kind}{'s' if n != 1 else ''} would be sent"
        else:
            head = f"{self.sent} {self.kind}{'s' if self.sent != 1 else ''} sent"
            if self.failed:
                head += f", {self.failed} not sent"
        if self.count("skipped"):
            head += f", {self.count('skipped')} skipped"
        return head + (f" ({self.note})" if self.note else "")


def opted_out_hashes(emails: Iterable[str]) -> set[str]:
    """The hashes among ``emails`` that have opted out (one query)."""
    hashes = {email_hash(e) for e in emails if e}
    if not hashes:
        return set()
    return set(OptOut.objects.filter(email_hash__in=hashes).values_list("email_hash", flat=True))


def _log(inv: Invitation, kind: str, **kw: Any) -> None:
    OutreachEvent.objects.create(
        symposium_id=inv.symposium_id,
        invitation=inv,
        expert_name=inv.expert.name,
        kind=kind,
        **kw,
    )


def _mark_sent(
    inv: Invitation,
    raw: str,
    expires_at: datetime,
    now: datetime,
    *,
    kind: str,
    attempts: int,
    actor: Any,
    actor_label: str,
    reminder_days: int | None = None,
) -> None:
    with transaction.atomic():
        inv.set_token(raw, expires_at)
        fields: dict[str, Any] = {"sent_at": now}
        if inv.state in (State.NOT_INVITED, State.BOUNCED):
            fields["state"] = State.INVITED
        Invitation.objects.filter(pk=inv.pk).update(**fields)
        for k, v in fields.items():
            setattr(inv, k, v)
        _log(
            inv,
            kind,
            attempts=attempts,
            actor_label=actor_label,
            reminder_days=reminder_days,
            detail=f"to {inv.expert.email}",
        )
        # The editorial audit log shows link emails too; keep it complete.
        TakeEvent.objects.create(
            symposium_id=inv.symposium_id,
            invitation=inv,
            kind=TakeEvent.Kind.LINK_SENT,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=actor_label or "outreach",
            note=f"{'reminder' if reminder_days else 'invitation'} emailed to {inv.expert.email}",
        )


def _send_one(
    mailer: Mailer,
    inv: Invitation,
    texts: mail.Texts,
    now: datetime,
    *,
    kind: str,
    dry_run: bool,
    actor: Any,
    actor_label: str,
    reminder_days: int | None = None,
) -> tuple[Outcome, bool]:
    """Render and send one email; returns the outcome and whether the batch must stop."""
    expert = inv.expert
    raw = secrets.token_urlsafe(32)
    expires_at = max(inv.expires_at, now + link_valid_for(inv.symposium, now))
    values = mail.values_for(inv.symposium, expert, raw_token=raw, expires_at=expires_at, now=now)
    subject, body = mail.render(texts, values)
    if dry_run:
        return Outcome(expert.name, expert.email, inv.pk, "would_send"), False
    delivery = mailer.send(mail.message(subject, body, expert))
    label = "reminder" if reminder_days else "invitation"
    if delivery.ok:
        _mark_sent(
            inv,
            raw,
            expires_at,
            now,
            kind=OutreachEvent.Kind.REMINDER_SENT
            if reminder_days
            else OutreachEvent.Kind.INVITATION_SENT,
            attempts=delivery.attempts,
            actor=actor,
            actor_label=actor_label,
            reminder_days=reminder_days,
        )
        return Outcome(expert.name, expert.email, inv.pk, "sent", "", delivery.attempts), False
    _log(
        inv,
        OutreachEvent.Kind.REMINDER_FAILED
        if reminder_days
        else OutreachEvent.Kind.INVITATION_FAILED,
        attempts=delivery.attempts,
        actor_label=actor_label,
        reminder_days=reminder_days,
        detail=f"{label} to {expert.email} not sent: {delivery.error}",
    )
    return (
        Outcome(expert.name, expert.email, inv.pk, "failed", delivery.error, delivery.attempts),
        delivery.fatal,
    )


def _skip(inv: Invitation | None, expert: Expert, reason: str) -> Outcome:
    return Outcome(expert.name, expert.email, inv.pk if inv else None, "skipped", reason)


def _invitation_skip_reason(
    inv: Invitation, answered: set[int], opted: set[str], resend: bool
) -> str:
    expert = inv.expert
    if not expert.email:
        return "no email address"
    if email_hash(expert.email) in opted:
        return "opted out"
    if inv.expert_id in answered:
        return "already answered"
    if inv.state == State.NOT_INVITED:
        return ""
    if resend and inv.state in (State.INVITED, State.OPENED, State.BOUNCED):
        return ""
    return _SKIP_REASONS.get(State(inv.state), inv.state)


def send_invitations(
    symposium: Symposium,
    experts: Iterable[Expert] | None = None,
    *,
    dry_run: bool = False,
    resend: bool = False,
    actor: Any = None,
    actor_label: str = "",
    sleep: Callable[[float], None] | None = None,
    attempts: int | None = None,
    now: datetime | None = None,
) -> SendReport:
    """Email personal invitations for ``symposium``.

    Args:
        symposium: The symposium.
        experts: Whom to invite; they are added to the panel first (a dry run
            only pretends). None means everyone on the panel not yet invited.
        dry_run: Render every email and report who would get one; send and store nothing.
        resend: Also email experts already invited (a fresh link; the old one stops working).
        actor: The editor who sends (for the audit log).
        actor_label: How the log names them.
        sleep: Replaces ``time.sleep`` between retries (tests).
        attempts: Tries per email; default from settings.
        now: The current time (tests).

    Raises:
        InputError: the symposium's email template is broken (nothing is sent).
    """
    now = now or timezone.now()
    invite_texts, _ = mail.templates_for(symposium)
    mail.validate_texts(invite_texts, "invitation")
    report = SendReport("invitation", dry_run)
    if experts is not None:
        experts = list(experts)
        if not dry_run:
            add_to_panel(symposium, experts, actor=actor, actor_label=actor_label)
        ids = [e.pk for e in experts]
        invitations = list(
            Invitation.objects.select_related("expert", "symposium").filter(
                symposium=symposium, expert_id__in=ids
            )
        )
        on_panel = {i.expert_id for i in invitations}
        for e in experts:
            if e.pk not in on_panel:
                # Only in a dry run: the expert would be added to the panel, then invited.
                reason = "no email address" if not e.email else ""
                if not reason and opted_out_hashes([e.email]):
                    reason = "opted out"
                report.outcomes.append(
                    _skip(None, e, reason)
                    if reason
                    else Outcome(e.name, e.email, None, "would_send", "added to the panel")
                )
    else:
        invitations = list(
            Invitation.objects.select_related("expert", "symposium")
            .filter(symposium=symposium)
            .order_by("expert__name", "pk")
        )
    answered = answered_expert_ids(symposium)
    opted = opted_out_hashes(i.expert.email for i in invitations)
    todo: list[Invitation] = []
    for inv in invitations:
        reason = _invitation_skip_reason(inv, answered, opted, resend)
        if reason:
            if experts is not None or inv.state == State.NOT_INVITED or reason == "opted out":
                report.outcomes.append(_skip(inv, inv.expert, reason))
        else:
            todo.append(inv)
    with Mailer(attempts=attempts, sleep=sleep) as mailer:
        for n, inv in enumerate(todo):
            outcome, stop = _send_one(
                mailer,
                inv,
                invite_texts,
                now,
                kind="invitation",
                dry_run=dry_run,
                actor=actor,
                actor_label=actor_label,
            )
            report.outcomes.append(outcome)
            if stop:
                for rest in todo[n + 1 :]:
                    report.outcomes.append(
                        Outcome(
                            rest.expert.name,
                            rest.expert.email,
                            rest.pk,
                            "not_attempted",
                            f"stopped: {outcome.reason}; run the command again later",
                        )
                    )
                report.note = "the mail server failed; the rest were not attempted"
                break
    return report


def due_stage(symposium: Symposium, days: Iterable[int], now: datetime) -> int | None:
    """The most urgent reminder stage (days before the deadline) that is due now, or None."""
    if symposium.closes_at is None or now >= symposium.closes_at:
        return None
    due = [d for d in days if now >= symposium.closes_at - timedelta(days=d)]
    return min(due) if due else None


def next_reminder(symposium: Symposium, days: Iterable[int], now: datetime) -> datetime | None:
    """When the next reminder stage becomes due, or None when none is left."""
    if symposium.closes_at is None:
        return None
    times = [symposium.closes_at - timedelta(days=d) for d in days]
    future = [t for t in times if t > now and t < symposium.closes_at]
    return min(future) if future else None


def _still_remindable(inv_id: int, stage: int) -> tuple[Invitation | None, str]:
    """The invitation fresh from the database, or why it must not get a reminder now."""
    inv = Invitation.objects.select_related("expert", "symposium").filter(pk=inv_id).first()
    if inv is None:
        return None, "invitation deleted"
    if inv.state not in REMINDABLE:
        return None, _SKIP_REASONS.get(State(inv.state), inv.state)
    if not inv.expert.email:
        return None, "no email address"
    if OptOut.covers(inv.expert.email):
        return None, "opted out"
    if inv.expert_id in answered_expert_ids(inv.symposium, expert_ids=[inv.expert_id]):
        return None, "already answered"
    if OutreachEvent.objects.filter(
        invitation=inv, kind=OutreachEvent.Kind.REMINDER_SENT, reminder_days__lte=stage
    ).exists():
        return None, "already reminded"
    return inv, ""


def send_reminders(
    symposium: Symposium,
    *,
    days_before: int | None = None,
    dry_run: bool = False,
    actor: Any = None,
    actor_label: str = "",
    sleep: Callable[[float], None] | None = None,
    attempts: int | None = None,
    now: datetime | None = None,
) -> SendReport:
    """Send the reminders that are due now, to those who were invited and have not answered.

    Args:
        symposium: The symposium (it needs a deadline).
        days_before: The reminder stage to send (the scheduled task passes it);
            None means the most urgent stage due now (``SYMPOSIA_REMINDER_DAYS``).
        dry_run: Report who would get one; send and store nothing.

    Raises:
        InputError: the symposium has no deadline, or its reminder template is broken.
    """
    now = now or timezone.now()
    if symposium.closes_at is None:
        raise InputError(
            f"{symposium.slug} has no deadline, so no reminder is due",
            "set the deadline (closes at) of the symposium in the editor",
        )
    _, texts = mail.templates_for(symposium)
    mail.validate_texts(texts, "reminder")
    days = settings.SYMPOSIA_REMINDER_DAYS
    if days_before is not None:
        stage = (
            days_before
            if symposium.closes_at - timedelta(days=days_before) <= now < symposium.closes_at
            else None
        )
    else:
        stage = due_stage(symposium, days, now)
    report = SendReport("reminder", dry_run, reminder_days=stage)
    if stage is None:
        nxt = next_reminder(symposium, days, now)
        if now >= symposium.closes_at:
            report.note = "the deadline has passed"
        elif nxt is not None:
            report.note = f"no reminder is due; the next one is due {mail.format_deadline(nxt)}"
        else:
            report.note = "no reminder is due"
        return report
    ids = list(
        Invitation.objects.filter(symposium=symposium, state__in=REMINDABLE, sent_at__isnull=False)
        .order_by("expert__name", "pk")
        .values_list("pk", flat=True)
    )
    with Mailer(attempts=attempts, sleep=sleep) as mailer:
        for n, inv_id in enumerate(ids):
            inv, reason = _still_remindable(inv_id, stage)
            if inv is None:
                if reason != "already reminded":
                    stale = Invitation.objects.select_related("expert").filter(pk=inv_id).first()
                    if stale is not None:
                        report.outcomes.append(_skip(stale, stale.expert, reason))
                continue
            outcome, stop = _send_one(
                mailer,
                inv,
                texts,
                now,
                kind="reminder",
                dry_run=dry_run,
                actor=actor,
                actor_label=actor_label,
                reminder_days=stage,
            )
            report.outcomes.append(outcome)
            if stop:
                for rest_id in ids[n + 1 :]:
                    rest = Invitation.objects.select_related("expert").get(pk=rest_id)
                    report.outcomes.append(
                        Outcome(
                            rest.expert.name,
                            rest.expert.email,
                            rest.pk,
                            "not_attempted",
                            f"stopped: {outcome.reason}; run `symposia remind` again later",
                        )
                    )
                report.note = "the mail server failed; the rest were not attempted"
                break
    return report
