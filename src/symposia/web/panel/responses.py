"""What experts and editors do to invitations besides sending: add, decline, opt out, bounce."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from symposia.errors import InputError
from symposia.web.editorial.links import link_valid_for
from symposia.web.editorial.models import TakeEvent
from symposia.web.panel.models import (
    Expert,
    Invitation,
    OptOut,
    OutreachEvent,
    email_hash,
)
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take

State = Invitation.State
#: Longest decline reason kept.
MAX_REASON = 2000
#: States an opt-out closes (an expert already writing or answered keeps their page).
_OPT_OUT_CLOSES = (State.NOT_INVITED, State.INVITED, State.OPENED, State.BOUNCED)


def answered_expert_ids(symposium: Symposium, expert_ids: Iterable[int] | None = None) -> set[int]:
    """Experts with a take in ``symposium`` past the draft stage (submitted or later)."""
    qs = Take.objects.filter(symposium=symposium).exclude(status=Take.Status.DRAFT)
    if expert_ids is not None:
        qs = qs.filter(expert_id__in=list(expert_ids))
    return set(qs.values_list("expert_id", flat=True))


def progress(symposium: Symposium, invitations: Iterable[Invitation]) -> dict[int, str]:
    """The state to show for each invitation (by id), taking the experts' takes into account.

    The stored state says what happened to the email and the link; whether
    the expert answered and whether the answer is public comes from the
    takes, so a take added by an editor or published on schedule counts too.
    """
    public = set(
        Take.objects.public().filter(symposium=symposium).values_list("expert_id", flat=True)
    )
    answered = answered_expert_ids(symposium)
    out: dict[int, str] = {}
    for inv in invitations:
        if inv.expert_id in public:
            out[inv.pk] = State.PUBLISHED
        elif inv.expert_id in answered and inv.state != State.PUBLISHED:
            out[inv.pk] = State.SUBMITTED
        else:
            out[inv.pk] = inv.state
    return out


@dataclass(frozen=True)
class PanelChange:
    """Experts added to a panel and those left out, with the reason."""

    added: list[Invitation]
    skipped: list[tuple[Expert, str]]


def add_to_panel(
    symposium: Symposium, experts: Iterable[Expert], *, actor: Any = None, actor_label: str = ""
) -> PanelChange:
    """Put roster experts on a symposium's panel (an invitation not yet sent) in one transaction.

    Experts already on the panel or opted out are skipped, with the reason.
    """
    experts = list(experts)
    on_panel = set(
        Invitation.objects.filter(symposium=symposium, expert__in=experts).values_list(
            "expert_id", flat=True
        )
    )
    opted = set(
        OptOut.objects.filter(
            email_hash__in=[email_hash(e.email) for e in experts if e.email]
        ).values_list("email_hash", flat=True)
    )
    added: list[Invitation] = []
    skipped: list[tuple[Expert, str]] = []
    valid_for = link_valid_for(symposium, timezone.now())
    with transaction.atomic():
        for e in experts:
            if e.pk in on_panel:
                skipped.append((e, "already on the panel"))
                continue
            if e.email and email_hash(e.email) in opted:
                skipped.append((e, "opted out of all emails"))
                continue
            # The token made here is never sent: sending issues a fresh one.
            inv, _raw = Invitation.create_with_token(
                symposium=symposium, expert=e, valid_for=valid_for
            )
            inv.expert = e
            added.append(inv)
            on_panel.add(e.pk)
        TakeEvent.objects.bulk_create(
            TakeEvent(
                symposium=symposium,
                invitation=inv,
                kind=TakeEvent.Kind.INVITED,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                actor_label=actor_label or "panel",
                note="added to the panel from the roster",
            )
            for inv in added
        )
    return PanelChange(added, skipped)


def decline(invitation: Invitation, reason: str = "", actor_label: str = "") -> bool:
    """Record that the expert declines; True when the state changed, False if already declined.

    Raises:
        InputError: the expert already answered, or the invitation is revoked or opted out.
    """
    reason = reason.strip()[:MAX_REASON]
    with transaction.atomic():
        inv = Invitation.objects.select_for_update().select_related("expert").get(pk=invitation.pk)
        if inv.state == State.DECLINED:
            return False
        if inv.state in (State.SUBMITTED, State.PUBLISHED) or answered_expert_ids(
            inv.symposium, [inv.expert_id]
        ):
            raise InputError(
                "you have already sent your answer, so the invitation cannot be declined",
                "write to the editors if you want to withdraw your take",
            )
        if inv.state in (State.REVOKED, State.OPTED_OUT):
            raise InputError(
                f"this invitation is {inv.get_state_display().lower()}",
                "nothing more is needed: you will not be contacted about it",
            )
        Invitation.objects.filter(pk=inv.pk).update(
            state=State.DECLINED, decline_reason=reason, updated_at=timezone.now()
        )
        OutreachEvent.objects.create(
            symposium_id=inv.symposium_id,
            invitation=inv,
            expert_name=inv.expert.name,
            kind=OutreachEvent.Kind.DECLINED,
            detail=reason,
            actor_label=actor_label or f"expert {inv.expert.name}",
        )
    invitation.refresh_from_db()
    return True


def opt_out(hash_: str, source: str = OptOut.Source.LINK) -> int:
    """Record an opt-out for an address hash and close the invitations it covers.

    Idempotent. Returns the number of invitations newly marked opted out.
    """
    with transaction.atomic():
        OptOut.objects.get_or_create(email_hash=hash_, defaults={"source": source})
        # Only hashes are known here, so find the experts by hashing the addresses on file.
        ids = [
            pk
            for pk, email in Expert.objects.exclude(email="").values_list("pk", "email")
            if email_hash(email) == hash_
        ]
        invitations = list(
            Invitation.objects.select_related("expert").filter(
                expert_id__in=ids, state__in=_OPT_OUT_CLOSES
            )
        )
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
            state=State.OPTED_OUT, updated_at=timezone.now()
        )
        OutreachEvent.objects.bulk_create(
            OutreachEvent(
                symposium_id=i.symposium_id,
                invitation=i,
                expert_name=i.expert.name,
                kind=OutreachEvent.Kind.OPTED_OUT,
                detail=f"via {OptOut.Source(source).label.lower()}",
                actor_label=f"expert {i.expert.name}",
            )
            for i in invitations
        )
    return len(invitations)


def mark_bounced(invitation: Invitation, detail: str = "", actor_label: str = "") -> None:
    """Record that an invitation email bounced (reported by the mail system or an editor).

    Raises:
        InputError: the expert has answered, declined or opted out already.
    """
    if invitation.state not in (State.NOT_INVITED, State.INVITED, State.OPENED, State.BOUNCED):
        raise InputError(
            f"the invitation of {invitation.expert.name} is "
            f"{invitation.get_state_display().lower()}, so it cannot have bounced",
            "mark only invitations that were sent and not answered",
        )
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(
            state=State.BOUNCED, updated_at=timezone.now()
        )
        OutreachEvent.objects.create(
            symposium_id=invitation.symposium_id,
            invitation=invitation,
            expert_name=invitation.expert.name,
            kind=OutreachEvent.Kind.BOUNCED,
            detail=detail.strip()[:MAX_REASON],
            actor_label=actor_label,
        )
    invitation.refresh_from_db()
