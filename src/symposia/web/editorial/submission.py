"""The expert's half of the workflow: drafts, submission and sign-off of edits.

An expert acts through the session their personal link opened (see
:mod:`symposia.web.editorial.links`); every function here takes that
invitation, so an expert can only ever reach their own take.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from symposia.core.diff import DiffSegment, DiffStats, diff_stats, word_diff
from symposia.core.editorial import content_hash
from symposia.core.pullquote import suggest_pull_quotes
from symposia.web.editorial.links import expert_label
from symposia.web.editorial.models import TakeEvent
from symposia.web.editorial.services import (
    MIN_SUBMIT_WORDS,
    DeadlinePassed,
    FieldError,
    StateConflict,
    bio_line_for,
    clean_body,
    deadline_passed,
    notify_editors,
    record_event,
    reload_and_announce,
    transition,
)
from symposia.web.panel.models import Invitation
from symposia.web.takes.models import Take, TakeRevision

S = Take.Status


def expert_take(invitation: Invitation) -> Take | None:
    """The expert's take for the invitation's symposium, if they started one."""
    return (
        Take.objects.select_related("symposium", "expert")
        .filter(symposium_id=invitation.symposium_id, expert_id=invitation.expert_id)
        .first()
    )


def _check_can_write(invitation: Invitation, now: datetime) -> None:
    s = invitation.symposium
    if deadline_passed(s, now):
        raise DeadlinePassed(
            f"the deadline for “{s.question}” passed on "
            f"{timezone.localtime(s.closes_at):%d %B %Y at %H:%M %Z}",
            "write to the editors if you still want to send your take",
        )


def _writable_take(invitation: Invitation) -> Take | None:
    take = Take.objects.filter(
        symposium_id=invitation.symposium_id, expert_id=invitation.expert_id
    ).first()
    if take is not None and take.status != S.DRAFT:
        raise StateConflict(
            "your take was already submitted, so it can no longer be changed here",
            "the editors will email you their edits to sign off",
        )
    return take


def _mark_invitation(invitation: Invitation, state: str, after: tuple[str, ...]) -> None:
    Invitation.objects.filter(pk=invitation.pk, state__in=after).update(
        state=state, updated_at=timezone.now()
    )


def _upsert_draft(invitation: Invitation, body: str, body_format: str, **extra: Any) -> Take:
    """Create the expert's take or update its draft, guarding against a double submit."""
    take = _writable_take(invitation)
    if take is None:
        try:
            with transaction.atomic():
                take = Take(
                    symposium=invitation.symposium,
                    expert=invitation.expert,
                    body=body,
                    body_format=body_format,
                    status=S.DRAFT,
                    source=Take.Source.SUBMITTED,
                )
                take.save()
                return take
        except IntegrityError:
            # The same expert saved in another tab a moment ago: update that take.
            take = _writable_take(invitation)
            if take is None:  # pragma: no cover  (the row exists after the error)
                raise
    changed = Take.objects.filter(pk=take.pk, status=S.DRAFT).update(
        body=body,
        body_format=body_format,
        content_hash=content_hash(body),
        version=F("version") + 1,
        updated_at=timezone.now(),
        **extra,
    )
    if not changed:
        _writable_take(invitation)  # raises the StateConflict that explains why
    return reload_and_announce(take.pk)


def save_draft(
    invitation: Invitation, body: str, body_format: str, now: datetime | None = None
) -> Take:
    """Save the expert's draft (not seen by anyone else until submitted).

    Raises:
        DeadlinePassed: after the symposium's deadline.
        FieldError, TooLong: an empty or oversized body.
        StateConflict: the take was already submitted.
    """
    now = now or timezone.now()
    _check_can_write(invitation, now)
    body = clean_body(body)
    with transaction.atomic():
        take = _upsert_draft(invitation, body, body_format)
        _mark_invitation(
            invitation,
            Invitation.State.DRAFTING,
            (Invitation.State.NOT_INVITED, Invitation.State.INVITED, Invitation.State.OPENED),
        )
        record_event(
            take,
            TakeEvent.Kind.DRAFT_SAVED,
            expert_label(invitation.expert),
            invitation=invitation,
            to_status=S.DRAFT,
        )
    return take


def submit(
    invitation: Invitation, body: str, body_format: str, now: datetime | None = None
) -> Take:
    """Submit the expert's take for editing: a revision is stored and editors told.

    The bio line is built from the expert record, the image credit and caption
    come from the symposium's defaults and the best pull-quote suggestion is
    proposed; editors can change all of them.

    Raises:
        DeadlinePassed, FieldError, TooLong, StateConflict: as :func:`save_draft`,
            and FieldError when the take is shorter than :data:`MIN_SUBMIT_WORDS`.
    """
    now = now or timezone.now()
    _check_can_write(invitation, now)
    body = clean_body(body)
    words = len(body.split())
    if words < MIN_SUBMIT_WORDS:
        raise FieldError(
            "body",
            f"the take has {words} word{'s' if words != 1 else ''}; "
            f"at least {MIN_SUBMIT_WORDS} are needed to submit",
            "write a little more, or save it as a draft for now",
        )
    with transaction.atomic():
        take = _upsert_draft(invitation, body, body_format)
        best = suggest_pull_quotes(body, limit=1)
        symposium = invitation.symposium
        take = transition(
            take,
            S.REVIEW,
            allowed=(S.DRAFT,),
            what="submitted",
            bio_line=take.bio_line or bio_line_for(take),
            image_credit=take.image_credit or symposium.image_credit,
            photo_caption=take.photo_caption or symposium.photo_caption,
            pull_quote=take.pull_quote or (best[0].text if best else ""),
        )
        revision = TakeRevision.record(
            take, TakeRevision.Kind.SUBMITTED, note=f"submitted by {invitation.expert.name}"
        )
        _mark_invitation(
            invitation,
            Invitation.State.SUBMITTED,
            (
                Invitation.State.NOT_INVITED,
                Invitation.State.INVITED,
                Invitation.State.OPENED,
                Invitation.State.DRAFTING,
            ),
        )
        record_event(
            take,
            TakeEvent.Kind.SUBMITTED,
            expert_label(invitation.expert),
            invitation=invitation,
            revision=revision,
            from_status=S.DRAFT,
            to_status=S.REVIEW,
        )
        notify_editors(
            symposium,
            f"{invitation.expert.name} submitted a take",
            f"{invitation.expert.name} submitted a take to “{symposium.question}”.\n"
            f"Edit it at {settings.SITE_URL}/editor/s/{symposium.slug}/takes/{take.pk}/\n",
        )
    return take


@dataclass
class SignoffView:
    """What the expert sees when asked to sign off: their text against the edited one."""

    take: Take
    submitted: TakeRevision | None
    segments: list[DiffSegment]
    stats: DiffStats
    request: TakeEvent | None


def signoff_view(take: Take) -> SignoffView:
    """The diff between what the expert submitted and the version awaiting sign-off."""
    submitted = (
        TakeRevision.objects.filter(take=take, kind=TakeRevision.Kind.SUBMITTED)
        .order_by("-number")
        .first()
    )
    base = submitted.body if submitted else take.body
    segments = word_diff(base, take.body)
    request = (
        TakeEvent.objects.filter(take=take, kind=TakeEvent.Kind.SIGNOFF_REQUESTED)
        .order_by("-id")
        .first()
    )
    return SignoffView(take, submitted, segments, diff_stats(segments), request)


def sign_off(invitation: Invitation, version: int, note: str = "") -> Take:
    """The expert approves the edited version they were shown.

    Raises:
        StateConflict: no sign-off is pending, or the editors changed the text
            since the expert loaded it (``version`` differs).
    """
    take = expert_take(invitation)
    if take is None:
        raise StateConflict("there is no take to sign off", "submit your take first")
    with transaction.atomic():
        take = transition(
            take, S.APPROVED, allowed=(S.SIGNOFF,), version=version, what="signed off"
        )
        revision = TakeRevision.record(
            take, TakeRevision.Kind.SIGNED_OFF, note=note or f"approved by {invitation.expert.name}"
        )
        record_event(
            take,
            TakeEvent.Kind.SIGNED_OFF,
            expert_label(invitation.expert),
            invitation=invitation,
            revision=revision,
            from_status=S.SIGNOFF,
            to_status=S.APPROVED,
            note=note,
        )
        notify_editors(
            take.symposium,
            f"{invitation.expert.name} signed off",
            f"{invitation.expert.name} approved the edited take; it can be scheduled.\n",
        )
    return take


def request_changes(invitation: Invitation, version: int, note: str) -> Take:
    """The expert sends the edited version back with a note saying what to change.

    Raises:
        FieldError: the note is empty.
        StateConflict: as :func:`sign_off`.
    """
    note = (note or "").strip()
    if not note:
        raise FieldError(
            "note", "say what you would like changed", "write a short note for the editors"
        )
    take = expert_take(invitation)
    if take is None:
        raise StateConflict("there is no take to comment on", "submit your take first")
    with transaction.atomic():
        take = transition(take, S.REVIEW, allowed=(S.SIGNOFF,), version=version, what="sent back")
        record_event(
            take,
            TakeEvent.Kind.CHANGES_REQUESTED,
            expert_label(invitation.expert),
            invitation=invitation,
            from_status=S.SIGNOFF,
            to_status=S.REVIEW,
            note=note,
        )
        notify_editors(
            take.symposium,
            f"{invitation.expert.name} asked for changes",
            f"{invitation.expert.name} asked for changes:\n\n{note}\n",
        )
    return take
