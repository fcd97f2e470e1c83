"""The editorial workflow: submission, edits, sign-off, override.

Every step is stored: a :class:`TakeRevision` for each state of the text the
expert sent, the editors edited or the expert signed off, and a
:class:`TakeEvent` for every change of status, with who, when and why.

Status changes are conditional UPDATEs (``WHERE status = ... AND version =
...``), so two people acting at once never overwrite each other silently: the
second gets :class:`EditConflict` or :class:`StateConflict` with the current
state. Because a queryset update skips model signals, :func:`reload_and_announce` sends
``post_save`` for the changed take itself, so listeners (the public page
cache) see every change.

Statuses, as the dashboard shows them::

    draft -> review -> signoff -> approved -> scheduled -> (public at publish_at)
                ^         |          ^
                +-changes-+          +-- editor override (reason recorded)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone

from symposia.core.diff import DiffSegment, DiffStats, diff_stats, word_diff
from symposia.core.editorial import build_bio_line, build_headline, content_hash
from symposia.core.pullquote import PullQuote, suggest_pull_quotes
from symposia.errors import InputError, NotFoundError, SymposiaError
from symposia.web.editorial.links import send_link
from symposia.web.editorial.models import TakeEvent
from symposia.web.panel.models import Invitation
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take, TakeRevision

#: Longest take an expert may send, in characters (a long take is ~8,000).
MAX_BODY_CHARS = 20_000
#: Fewest words a take needs to be submitted (a draft may be shorter).
MIN_SUBMIT_WORDS = 20
#: Shortest reason an editor must give to override the expert's sign-off.
MIN_OVERRIDE_REASON = 10

S = Take.Status


class FieldError(InputError):
    """Bad input for one form field; ``field`` names it so the page can mark it."""

    def __init__(self, field: str, message: str, fix: str | None = None) -> None:
        self.field = field
        super().__init__(message, fix)


class TooLong(FieldError):
    """A body over :data:`MAX_BODY_CHARS` (the page answers 413)."""


class DeadlinePassed(SymposiaError):
    """Submission after the symposium's deadline (the page answers 403)."""


class StateConflict(SymposiaError):
    """The take is not in the status this step needs (the page answers 409)."""


class EditConflict(SymposiaError):
    """Someone saved the take since this editor loaded it (the page answers 409).

    Attributes:
        current: The take as it is now in the database.
        attempted: The fields this editor tried to save (nothing is lost).
    """

    def __init__(self, current: Take, attempted: dict[str, Any]) -> None:
        self.current = current
        self.attempted = attempted
        super().__init__(
            f"{_last_editor(current)} saved this take while you were editing it "
            f"(version {current.version})",
            "compare the two versions below, then save again to keep yours",
        )


def _last_editor(take: Take) -> str:
    ev = TakeEvent.objects.filter(take=take, kind=TakeEvent.Kind.EDITED).order_by("-id").first()
    return ev.actor_label if ev else "someone else"


# -- shared helpers -----------------------------------------------------------------------


def reload_and_announce(take_id: int) -> Take:
    """Reload a take changed by a queryset update and announce it like ``save()`` would."""
    take = Take.objects.select_related("symposium", "expert").get(pk=take_id)
    post_save.send(
        sender=Take, instance=take, created=False, update_fields=None, raw=False, using="default"
    )
    return take


def record_event(take: Take | None, kind: str, label: str, **kw: Any) -> TakeEvent:
    symposium = kw.pop("symposium", None) or take.symposium  # type: ignore[union-attr]
    return TakeEvent.objects.create(
        symposium=symposium, take=take, kind=kind, actor_label=label, **kw
    )


def invitation_of(take: Take) -> Invitation | None:
    """The invitation that brought this take in, if any."""
    return (
        Invitation.objects.select_related("symposium", "expert")
        .filter(symposium_id=take.symposium_id, expert_id=take.expert_id)
        .first()
    )


def deadline_passed(symposium: Symposium, now: datetime | None = None) -> bool:
    """Whether the symposium's deadline for answers is behind us."""
    return symposium.closes_at is not None and symposium.closes_at <= (now or timezone.now())


def clean_body(body: str, field: str = "body") -> str:
    """Normalise line endings and check the size of a body.

    Raises:
        FieldError: the body is empty.
        TooLong: the body is over :data:`MAX_BODY_CHARS` characters.
    """
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise FieldError(field, "the take is empty", "write the take in the box, then save")
    if len(body) > MAX_BODY_CHARS:
        raise TooLong(
            field,
            f"the take has {len(body):,} characters; the limit is {MAX_BODY_CHARS:,}",
            "shorten it and try again: your text is still in the box",
        )
    return body


def resolve_pull_quote(quote: str, body: str) -> str:
    """The pull quote as it stands in the body (whitespace may differ), or "".

    Raises:
        FieldError: the quote is not, word for word, in the body.
    """
    quote = (quote or "").strip().strip('"“”')
    if not quote:
        return ""
    words = quote.split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, body)
    if m is None:
        raise FieldError(
            "pull_quote",
            f"the pull quote “{quote[:80]}” is not, word for word, in the take",
            "copy one or two sentences from the take, or pick a suggestion",
        )
    return m.group(0)


def template_headline(take: Take) -> str:
    """The headline the symposium's template gives this take."""
    s = take.symposium
    return build_headline(
        s.headline_template,
        series=s.series,
        name=take.expert.name,
        question_phrase=s.question_phrase,
    )


def bio_line_for(take: Take) -> str:
    """The bio line built from the expert record: "Name, Ph.D., is a Title at Org."."""
    e = take.expert
    return build_bio_line(
        name=e.name,
        honorific=e.honorific,
        title=e.title,
        affiliation=e.affiliation,
        handle=e.handle,
    )


def suggestions(take: Take, limit: int = 5) -> list[PullQuote]:
    """Pull-quote suggestions from the take's current body."""
    return suggest_pull_quotes(take.body, limit=limit)


def notify_editors(symposium: Symposium, subject: str, message: str) -> None:
    """Email the symposium's editors after the transaction commits (best effort)."""
    user_model = get_user_model()
    emails = list(
        user_model.objects.filter(symposium_roles__symposium=symposium, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if emails:
        transaction.on_commit(
            lambda: send_mail(
                subject, message, settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True
            )
        )


def transition(
    take: Take,
    to: str,
    *,
    allowed: tuple[str, ...],
    version: int | None = None,
    what: str,
    **fields: Any,
) -> Take:
    """Move a take to status ``to`` if it is still in ``allowed`` (and at ``version``)."""
    qs = Take.objects.filter(pk=take.pk, status__in=allowed)
    if version is not None:
        qs = qs.filter(version=version)
    changed = qs.update(status=to, version=F("version") + 1, updated_at=timezone.now(), **fields)
    if not changed:
        current = Take.objects.get(pk=take.pk)
        if version is not None and current.version != version:
            raise StateConflict(
                f"the take changed since this page was loaded (it is now "
                f"“{current.get_status_display()}”), so it cannot be {what}",
                "reload the page to see the current version",
            )
        raise StateConflict(
            f"the take is “{current.get_status_display()}”, so it cannot be {what}",
            "reload the page to see what happened",
        )
    return reload_and_announce(take.pk)


# -- the editors' side ---------------------------------------------------------------------

EDIT_FIELDS = (
    "headline",
    "pull_quote",
    "body",
    "body_format",
    "bio_line",
    "photo_caption",
    "image_credit",
)


def edit_take(
    take: Take,
    expected_version: int,
    data: dict[str, Any],
    actor: Any,
    actor_label: str,
    override_reason: str = "",
) -> tuple[Take, bool]:
    """Save an editor's changes unless someone saved the take in between.

    Changing the body of a take that awaits or has the expert's sign-off
    withdraws the sign-off (back to review); changing the body of a take that
    is already public needs ``override_reason``, recorded as an override.

    Returns:
        The saved take and whether anything changed.

    Raises:
        FieldError, TooLong: bad fields (empty body, a pull quote not in the body).
        StateConflict: the expert has not submitted yet.
        EditConflict: the take's version is no longer ``expected_version``.
    """
    if take.status == S.DRAFT:
        raise StateConflict(
            "the expert has not submitted this take yet",
            "wait for the submission, or override to take it over",
        )
    body = clean_body(data.get("body", ""))
    new = {
        "headline": (data.get("headline") or "").strip(),
        "pull_quote": resolve_pull_quote(data.get("pull_quote", ""), body),
        "body": body,
        "body_format": data.get("body_format") or take.body_format,
        "bio_line": (data.get("bio_line") or "").strip(),
        "photo_caption": (data.get("photo_caption") or "").strip(),
        "image_credit": (data.get("image_credit") or "").strip(),
    }
    if new["headline"] == template_headline(take):
        new["headline"] = ""  # follows the symposium's template from now on
    if take.version != expected_version:
        raise EditConflict(Take.objects.select_related("symposium", "expert").get(pk=take.pk), new)
    if all(getattr(take, f) == new[f] for f in EDIT_FIELDS):
        return take, False
    body_changed = new["body"] != take.body or new["body_format"] != take.body_format
    status, extra = take.status, {}
    events: list[tuple[str, str]] = []
    if body_changed and take.is_public():
        if len(override_reason.strip()) < MIN_OVERRIDE_REASON:
            raise FieldError(
                "override_reason",
                "this take is public: changing its text without a new sign-off is an override",
                f"give a reason of at least {MIN_OVERRIDE_REASON} characters; it is recorded",
            )
        events.append((TakeEvent.Kind.OVERRIDE, "published text changed: " + override_reason))
    elif body_changed and take.status in (S.SIGNOFF, S.APPROVED, S.SCHEDULED):
        status, extra = S.REVIEW, {"publish_at": None}
        events.append(
            (
                TakeEvent.Kind.SIGNOFF_INVALIDATED,
                f"the text changed while “{take.get_status_display()}”",
            )
        )
    with transaction.atomic():
        changed = Take.objects.filter(pk=take.pk, version=expected_version).update(
            **new,
            **extra,
            status=status,
            content_hash=content_hash(body),
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if not changed:
            raise EditConflict(
                Take.objects.select_related("symposium", "expert").get(pk=take.pk), new
            )
        before = take.status
        take = reload_and_announce(take.pk)
        revision = TakeRevision.record(take, TakeRevision.Kind.EDITED, author=actor)
        record_event(
            take,
            TakeEvent.Kind.EDITED,
            actor_label,
            actor=actor,
            revision=revision,
            from_status=before,
            to_status=status,
        )
        for kind, note in events:
            record_event(
                take,
                kind,
                actor_label,
                actor=actor,
                revision=revision,
                from_status=before,
                to_status=status,
                note=note,
            )
    return take, True


def request_signoff(take: Take, actor: Any, actor_label: str, note: str = "") -> Take:
    """Send the edited take to its expert for sign-off, with a fresh link by email.

    Raises:
        StateConflict: the take is not in review.
        InputError: the take has no live invitation (ingested takes need an override).
    """
    invitation = invitation_of(take)
    if invitation is None or invitation.state in (
        Invitation.State.REVOKED,
        Invitation.State.OPTED_OUT,
    ):
        raise InputError(
            f"{take.expert.name} has no live invitation to this symposium, so no link can be sent",
            "invite the expert from the dashboard, or approve with an override",
        )
    with transaction.atomic():
        before = take.status
        take = transition(take, S.SIGNOFF, allowed=(S.REVIEW,), what="sent for sign-off")
        revision = TakeRevision.objects.filter(take=take).order_by("-number").first()
        if revision is None or revision.body != take.body:
            revision = TakeRevision.record(take, TakeRevision.Kind.EDITED, author=actor)
        record_event(
            take,
            TakeEvent.Kind.SIGNOFF_REQUESTED,
            actor_label,
            actor=actor,
            invitation=invitation,
            revision=revision,
            from_status=before,
            to_status=S.SIGNOFF,
            note=note,
        )
        send_link(invitation, purpose="signoff", actor=actor, actor_label=actor_label)
    return take


def override_signoff(take: Take, actor: Any, actor_label: str, reason: str) -> Take:
    """Approve a take without the expert's sign-off; who, when and why are recorded.

    Raises:
        FieldError: the reason is shorter than :data:`MIN_OVERRIDE_REASON`.
        StateConflict: the take is already approved, scheduled or published.
    """
    reason = (reason or "").strip()
    if len(reason) < MIN_OVERRIDE_REASON:
        raise FieldError(
            "reason",
            "an override needs a reason",
            f"say why in at least {MIN_OVERRIDE_REASON} characters; it is kept in the log",
        )
    with transaction.atomic():
        before = take.status
        take = transition(
            take, S.APPROVED, allowed=(S.REVIEW, S.SIGNOFF), what="approved by override"
        )
        revision = TakeRevision.objects.filter(take=take).order_by("-number").first()
        record_event(
            take,
            TakeEvent.Kind.OVERRIDE,
            actor_label,
            actor=actor,
            revision=revision,
            from_status=before,
            to_status=S.APPROVED,
            note=reason,
        )
    return take


@dataclass
class RevisionDiff:
    old: TakeRevision
    new: TakeRevision
    segments: list[DiffSegment]
    stats: DiffStats


def revision_diff(take: Take, a: int, b: int) -> RevisionDiff:
    """The readable diff between revisions number ``a`` and ``b`` of a take.

    Raises:
        NotFoundError: either revision does not exist.
    """
    revs = {r.number: r for r in TakeRevision.objects.filter(take=take, number__in=[a, b])}
    for n in (a, b):
        if n not in revs:
            known = list(TakeRevision.objects.filter(take=take).values_list("number", flat=True))
            raise NotFoundError(
                f"this take has no revision {n}",
                f"pick one of {', '.join(map(str, known)) or 'none yet'}",
            )
    segments = word_diff(revs[a].body, revs[b].body)
    return RevisionDiff(revs[a], revs[b], segments, diff_stats(segments))
