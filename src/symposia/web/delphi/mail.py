"""Emailing the panel its personal links to a new round.

The links are the editorial app's personal links (a random token per
invitation, only its hash stored, single use; see
:mod:`symposia.web.editorial.links`); the link in a round email opens the
round page through :func:`symposia.web.editorial.links.exchange`. Sending goes
through the panel app's outreach machinery: its :class:`Mailer` (retries,
backoff, a failing server stops the batch), its messages with one-click
unsubscribe headers, its opt-out list and outreach log; and, as for
invitations, a new token is stored only after the mail server accepted the
email carrying it, so a failed send leaves the expert's earlier link working.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from symposia.web.delphi.models import DelphiRound
from symposia.web.delphi.services import participants
from symposia.web.editorial.links import link_valid_for
from symposia.web.editorial.models import TakeEvent
from symposia.web.panel import mail as panel_mail
from symposia.web.panel.delivery import Mailer
from symposia.web.panel.models import Invitation, OutreachEvent, email_hash
from symposia.web.panel.outreach import opted_out_hashes


@dataclass
class Sent:
    """Who got a link and who did not, with why."""

    sent: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def round_url(raw_token: str) -> str:
    """The absolute URL that opens the round page with a personal link."""
    return settings.SITE_URL + reverse("delphi:open", args=[raw_token])


def _body(invitation: Invitation, delphi_round: DelphiRound, raw: str, expires_at: Any) -> str:
    return render_to_string(
        "delphi/email/round.txt",
        {
            "expert": invitation.expert,
            "symposium": invitation.symposium,
            "round": delphi_round,
            "previous": delphi_round.number - 1,
            "url": round_url(raw),
            "expires_at": expires_at,
            "unsubscribe": panel_mail.unsubscribe_url(invitation.expert.email),
            "SITE_NAME": settings.SITE_NAME,
        },
    )


def _log(invitation: Invitation, kind: str, detail: str, attempts: int, actor_label: str) -> None:
    OutreachEvent.objects.create(
        symposium_id=invitation.symposium_id,
        invitation=invitation,
        expert_name=invitation.expert.name,
        kind=kind,
        attempts=attempts,
        detail=detail,
        actor_label=actor_label,
    )


def send_round_links(
    delphi_round: DelphiRound,
    actor: Any = None,
    actor_label: str = "",
    sleep: Any = None,
) -> Sent:
    """Email every participant of the symposium a fresh link to ``delphi_round``.

    Experts without an address, who opted out or whose address bounced are
    skipped with the reason; when the mail server fails for good the rest are
    not attempted (and listed as skipped with the server's answer).

    Args:
        delphi_round: The round the links open.
        actor: The editor who sends (for the audit logs).
        actor_label: How the logs name them.
        sleep: Replaces ``time.sleep`` between retries (tests).
    """
    out = Sent()
    invitations = participants(delphi_round.symposium)
    opted = opted_out_hashes(i.expert.email for i in invitations)
    label = actor_label or "Delphi round"
    stopped = ""
    with Mailer(sleep=sleep) as mailer:
        for inv in invitations:
            expert = inv.expert
            reason = stopped
            if not reason and not expert.email:
                reason = "no email address"
            elif not reason and email_hash(expert.email) in opted:
                reason = "opted out"
            elif not reason and inv.state == Invitation.State.BOUNCED:
                reason = "an earlier email bounced; fix the address, then send again"
            if reason:
                out.skipped.append((expert.name, reason))
                continue
            now = timezone.now()
            raw = secrets.token_urlsafe(32)
            expires_at = max(inv.expires_at, now + link_valid_for(inv.symposium, now))
            subject = f"Round {delphi_round.number}: {inv.symposium.series}"
            message = panel_mail.message(subject, _body(inv, delphi_round, raw, expires_at), expert)
            delivery = mailer.send(message)
            what = f"round {delphi_round.number} link to {expert.email}"
            if not delivery.ok:
                _log(
                    inv,
                    OutreachEvent.Kind.INVITATION_FAILED,
                    f"{what} not sent: {delivery.error}",
                    delivery.attempts,
                    label,
                )
                out.skipped.append((expert.name, delivery.error))
                if delivery.fatal:
                    stopped = f"not attempted: {delivery.error}"
                continue
            with transaction.atomic():
                inv.set_token(raw, expires_at)
                Invitation.objects.filter(pk=inv.pk).update(sent_at=now)
                _log(inv, OutreachEvent.Kind.INVITATION_SENT, what, delivery.attempts, label)
                TakeEvent.objects.create(
                    symposium_id=inv.symposium_id,
                    invitation=inv,
                    kind=TakeEvent.Kind.LINK_SENT,
                    actor=actor if getattr(actor, "is_authenticated", False) else None,
                    actor_label=label,
                    note=f"{what} emailed",
                )
            out.sent.append(expert.name)
    return out
