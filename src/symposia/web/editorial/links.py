"""Personal links for experts: sending, opening once, refusing, reissuing by email.

A link carries a random token; only its sha256 is stored (on the
:class:`~symposia.web.panel.models.Invitation`). Opening a link exchanges it
for a session bound to the invitation and replaces the stored hash, so the
same URL never works twice: a forwarded or leaked link is dead once used.
The hash of the used token is kept in :class:`SpentToken` so a second visit
is told "already used" (not "unknown") and can ask for a fresh link, which is
emailed to the address on file and never shown on the page.
"""

from __future__ import annotations

import enum
import secrets
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from symposia.core.editorial import slugify, unique_slug
from symposia.errors import InputError
from symposia.web.editorial.models import SpentToken, TakeEvent
from symposia.web.panel.models import Expert, Invitation, hash_token
from symposia.web.publishing.models import Symposium

#: How long an emailed link works.
LINK_VALID_FOR = timedelta(days=30)
#: How long a link reissued at the expert's request works.
REISSUE_VALID_FOR = timedelta(days=7)
#: At most one reissued link per invitation in this long (no mail bombing).
REISSUE_COOLDOWN = timedelta(minutes=5)
#: Session key holding the ids of the invitations this browser may act on.
SESSION_KEY = "symposia_expert_invitations"
_DEAD_STATES = (Invitation.State.REVOKED, Invitation.State.OPTED_OUT)


class LinkState(enum.Enum):
    """What a token in a URL turns out to be."""

    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class LinkCheck:
    state: LinkState
    invitation: Invitation | None


def expert_label(expert: Expert) -> str:
    return f"expert {expert.name}"


def respond_url(raw_token: str) -> str:
    """The absolute URL of a personal link."""
    return settings.SITE_URL + reverse("editorial:respond", args=[raw_token])


def link_valid_for(symposium: Symposium, now: datetime | None = None) -> timedelta:
    """How long a new link works: 30 days, and past the deadline, so the expert can
    still sign off on edits made after it."""
    valid_for = LINK_VALID_FOR
    if symposium.closes_at:
        valid_for = max(valid_for, symposium.closes_at - (now or timezone.now()) + LINK_VALID_FOR)
    return valid_for


def _unique_expert_slug(name: str) -> str:
    base = slugify(name)[:100]
    taken = set(Expert.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return unique_slug(name, taken, fallback="expert")


@transaction.atomic
def add_expert(
    symposium: Symposium, data: dict[str, Any], actor: Any, actor_label: str
) -> tuple[Invitation, bool]:
    """Invite an expert (new, or on the roster already by email) to ``symposium``.

    Returns:
        The invitation and whether the expert record was created.

    Raises:
        InputError: the expert is already invited to this symposium.
    """
    email = (data.get("email") or "").strip().lower()
    expert = Expert.objects.filter(email__iexact=email).first() if email else None
    created = expert is None
    if expert is None:
        fields = {k: v for k, v in data.items() if k != "email" and v is not None}
        expert = Expert.objects.create(
            slug=_unique_expert_slug(data["name"]), email=email, **fields
        )
    if Invitation.objects.filter(symposium=symposium, expert=expert).exists():
        raise InputError(
            f"{expert.name} <{email}> is already invited to this symposium",
            "use 'Send link' on the dashboard to email the link again",
        )
    valid_for = link_valid_for(symposium)
    invitation, _raw = Invitation.create_with_token(
        symposium=symposium, expert=expert, valid_for=valid_for
    )  # the raw token is dropped: "Send link" issues the one that is emailed
    TakeEvent.objects.create(
        symposium=symposium,
        invitation=invitation,
        kind=TakeEvent.Kind.INVITED,
        actor=actor,
        actor_label=actor_label,
        note="new expert on the roster" if created else "expert already on the roster",
    )
    return invitation, created


_PURPOSES = {
    "invite": ("editorial/email/invitation.txt", "Your invitation: {question}"),
    "signoff": ("editorial/email/signoff.txt", "Please review the edits to your take"),
    "reissue": ("editorial/email/new_link.txt", "Your new link for {series}"),
}


def send_link(
    invitation: Invitation,
    *,
    purpose: str = "invite",
    actor: Any = None,
    actor_label: str = "",
    valid_for: timedelta | None = None,
) -> None:
    """Email the expert a fresh personal link (any earlier link stops working).

    Raises:
        InputError: the invitation is revoked or the expert has no email address.
    """
    if invitation.state in _DEAD_STATES:
        raise InputError(
            f"the invitation of {invitation.expert.name} is "
            f"{invitation.get_state_display().lower()}",
            "invite the expert again if this was a mistake",
        )
    from symposia.web.panel.models import OptOut

    if OptOut.covers(invitation.expert.email):
        # An unsubscribe is honoured forever, whoever presses "send".
        raise InputError(
            f"{invitation.expert.name} has unsubscribed from symposia emails",
            "reach them another way; no email is sent to an address that opted out",
        )
    if not invitation.expert.email:
        raise InputError(
            f"{invitation.expert.name} has no email address",
            "add one to the expert's record in the admin, then send the link",
        )
    template, subject = _PURPOSES[purpose]
    now = timezone.now()
    with transaction.atomic():
        keep = invitation.expires_at - now
        raw = invitation.rotate_token(valid_for or max(keep, LINK_VALID_FOR))
        fields: dict[str, Any] = {"sent_at": now}
        if invitation.state == Invitation.State.NOT_INVITED:
            fields["state"] = Invitation.State.INVITED
        Invitation.objects.filter(pk=invitation.pk).update(**fields)
        for k, v in fields.items():
            setattr(invitation, k, v)
        kind = TakeEvent.Kind.LINK_REISSUED if purpose == "reissue" else TakeEvent.Kind.LINK_SENT
        TakeEvent.objects.create(
            symposium=invitation.symposium,
            invitation=invitation,
            kind=kind,
            actor=actor,
            actor_label=actor_label or expert_label(invitation.expert),
            note=f"{purpose} link emailed to {invitation.expert.email}",
        )
        symposium = invitation.symposium
        body = render_to_string(
            template,
            {
                "invitation": invitation,
                "expert": invitation.expert,
                "symposium": symposium,
                "url": respond_url(raw),
                "expires_at": invitation.expires_at,
                "SITE_NAME": settings.SITE_NAME,
            },
        )
        # Sent inside the transaction: if mail fails, the rotation is rolled back
        # and the old link keeps working.
        try:
            send_mail(
                subject.format(question=symposium.question, series=symposium.series),
                body,
                settings.DEFAULT_FROM_EMAIL,
                [invitation.expert.email],
            )
        except (OSError, smtplib.SMTPException) as exc:
            raise InputError(
                f"the email to {invitation.expert.email} could not be sent ({exc})",
                "check the SYMPOSIA_EMAIL_* settings (docs/settings.md) and try again",
            ) from None


def check_link(raw_token: str, now: datetime | None = None) -> LinkCheck:
    """Classify a token from a URL without changing anything."""
    now = now or timezone.now()
    digest = hash_token(raw_token)
    inv = Invitation.objects.select_related("symposium", "expert").filter(token_hash=digest).first()
    if inv is None:
        spent = (
            SpentToken.objects.select_related("invitation__symposium", "invitation__expert")
            .filter(token_hash=digest)
            .first()
        )
        if spent is None:
            return LinkCheck(LinkState.UNKNOWN, None)
        inv = spent.invitation
        if inv.state in _DEAD_STATES:
            return LinkCheck(LinkState.REVOKED, inv)
        return LinkCheck(LinkState.USED, inv)
    if inv.state in _DEAD_STATES:
        return LinkCheck(LinkState.REVOKED, inv)
    if inv.expires_at <= now:
        return LinkCheck(LinkState.EXPIRED, inv)
    return LinkCheck(LinkState.VALID, inv)


def exchange(raw_token: str, session: Any, now: datetime | None = None) -> LinkCheck:
    """Trade a valid link for a session bound to its invitation; the link dies.

    The stored hash is replaced with a conditional UPDATE, so of two
    simultaneous opens of the same link exactly one succeeds.
    """
    now = now or timezone.now()
    check = check_link(raw_token, now)
    if check.state is not LinkState.VALID or check.invitation is None:
        return check
    inv = check.invitation
    digest = hash_token(raw_token)
    with transaction.atomic():
        fields: dict[str, Any] = {"token_hash": hash_token(secrets.token_urlsafe(32))}
        if inv.opened_at is None:
            fields["opened_at"] = now
        if inv.state in (Invitation.State.NOT_INVITED, Invitation.State.INVITED):
            fields["state"] = Invitation.State.OPENED
        changed = Invitation.objects.filter(pk=inv.pk, token_hash=digest).update(
            updated_at=now, **fields
        )
        if not changed:
            return LinkCheck(LinkState.USED, inv)
        SpentToken.objects.create(token_hash=digest, invitation=inv)
        TakeEvent.objects.create(
            symposium=inv.symposium,
            invitation=inv,
            kind=TakeEvent.Kind.LINK_OPENED,
            actor_label=expert_label(inv.expert),
        )
    # A new session id at the moment of privilege, against session fixation.
    session.cycle_key()
    ids = [i for i in session.get(SESSION_KEY, []) if i != inv.pk]
    session[SESSION_KEY] = [inv.pk, *ids][:20]
    inv.refresh_from_db()
    return LinkCheck(LinkState.VALID, inv)


def session_invitation_ids(session: Any) -> list[int]:
    """The invitations this browser has opened a link for."""
    return [int(i) for i in session.get(SESSION_KEY, [])]


def invitation_for_session(session: Any, invitation_id: int) -> Invitation | None:
    """The invitation if this browser opened its link and it is not revoked; else None."""
    if invitation_id not in session_invitation_ids(session):
        return None
    return (
        Invitation.objects.select_related("symposium", "expert")
        .filter(pk=invitation_id)
        .exclude(state__in=_DEAD_STATES)
        .first()
    )


def _may_reissue(inv: Invitation, now: datetime) -> bool:
    if inv.state in _DEAD_STATES or not inv.expert.email:
        return False
    recent = TakeEvent.objects.filter(
        invitation=inv,
        kind__in=(TakeEvent.Kind.LINK_REISSUED, TakeEvent.Kind.LINK_SENT),
        created_at__gt=now - REISSUE_COOLDOWN,
    )
    return not recent.exists()


def reissue_for_token(raw_token: str, now: datetime | None = None) -> bool:
    """Email a fresh link for a used or expired token; True when one was sent."""
    now = now or timezone.now()
    check = check_link(raw_token, now)
    if check.state not in (LinkState.USED, LinkState.EXPIRED) or check.invitation is None:
        return False
    if not _may_reissue(check.invitation, now):
        return False
    send_link(check.invitation, purpose="reissue", valid_for=REISSUE_VALID_FOR)
    return True


def reissue_for_email(email: str, now: datetime | None = None) -> int:
    """Email fresh links for every live invitation of the expert with this address.

    The caller shows the same message whatever the result, so the page never
    tells whether an address is on the roster.
    """
    now = now or timezone.now()
    email = email.strip()
    if not email:
        return 0
    invitations = (
        Invitation.objects.select_related("symposium", "expert")
        .filter(expert__email__iexact=email)
        .exclude(state__in=_DEAD_STATES)
        .exclude(symposium__status=Symposium.Status.ARCHIVED)
        .filter(Q(sent_at__isnull=False) | Q(opened_at__isnull=False))
    )
    sent = 0
    for inv in invitations:
        if _may_reissue(inv, now):
            send_link(inv, purpose="reissue", valid_for=REISSUE_VALID_FOR)
            sent += 1
    return sent


def revoke(invitation: Invitation, actor: Any, actor_label: str, note: str = "") -> None:
    """Revoke an invitation: its link and any session bound to it stop working."""
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(
            state=Invitation.State.REVOKED, token_hash=hash_token(secrets.token_urlsafe(32))
        )
        TakeEvent.objects.create(
            symposium=invitation.symposium,
            invitation=invitation,
            kind=TakeEvent.Kind.REVOKED,
            actor=actor,
            actor_label=actor_label,
            note=note,
        )
    invitation.refresh_from_db()
