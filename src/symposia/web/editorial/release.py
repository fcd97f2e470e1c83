"""Release: when each approved take goes public, and in which order.

Only approved takes (signed off by their expert, or approved by an editor's
recorded override) are scheduled. A scheduled take becomes public when its
``publish_at`` passes (``Take.objects.public()``), so pages appear on time
without a job or a redeploy. Scheduling again re-times every take that is
approved or scheduled but not yet public; takes already public keep their time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from symposia.core.schedule import DEFAULT_SPACING, staggered_release
from symposia.errors import InputError, NotFoundError
from symposia.web.editorial.models import TakeEvent
from symposia.web.editorial.services import StateConflict, reload_and_announce
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take

S = Take.Status


def get_symposium(slug: str) -> Symposium:
    """The symposium with this slug.

    Raises:
        NotFoundError: no symposium has this slug.
    """
    s = Symposium.objects.filter(slug=slug).first()
    if s is None:
        known = ", ".join(Symposium.objects.order_by("slug").values_list("slug", flat=True)[:10])
        raise NotFoundError(
            f"no symposium called '{slug}'", f"use one of: {known}" if known else "create one first"
        )
    return s


def _not_public(now: datetime) -> Q:
    return Q(status=S.APPROVED) | Q(status=S.SCHEDULED, publish_at__gt=now)


def release_queue(symposium: Symposium, now: datetime | None = None) -> list[Take]:
    """Approved and scheduled-but-not-public takes, in release order."""
    now = now or timezone.now()
    return list(
        Take.objects.filter(symposium=symposium)
        .filter(_not_public(now))
        .select_related("expert", "symposium")
        .order_by("release_order", F("publish_at").asc(nulls_last=True), "expert__name", "pk")
    )


@dataclass
class ReleasePlan:
    """The result of scheduling: each take with its time, and what was left out and why."""

    slots: list[tuple[Take, datetime]]
    skipped: list[tuple[Take, str]] = field(default_factory=list)
    dry_run: bool = False


def _base_order(symposium: Symposium, now: datetime) -> int:
    """First release_order for unpublished takes: after every public take's."""
    top = (
        Take.objects.public(now).filter(symposium=symposium).aggregate(m=Max("release_order"))["m"]
    )
    return (top or 0) + 1


def schedule_release(
    symposium: Symposium,
    start: datetime,
    per_day: int,
    *,
    order: list[str] | None = None,
    times: list[time] | None = None,
    spacing: timedelta = DEFAULT_SPACING,
    actor: Any = None,
    actor_label: str = "command line",
    now: datetime | None = None,
    dry_run: bool = False,
) -> ReleasePlan:
    """Give every approved take a ``publish_at``, ``per_day`` a day from ``start``.

    Args:
        symposium: Whose takes to schedule.
        start: The first release (aware; naive means the site's time zone).
        per_day: Takes released each day.
        order: Expert slugs to release first, in this order; the rest follow
            in the current release order.
        times: Times of day of each day's releases (see ``core.schedule``).
        spacing: Gap between releases of one day when ``times`` is omitted.
        actor: The editor (None from the command line).
        actor_label: How the actor is named in the log.
        now: The current time.
        dry_run: Compute the plan without saving it.

    Raises:
        InputError: nothing to schedule, a start in the past, or a bad order/times.
    """
    now = now or timezone.now()
    if timezone.is_naive(start):
        start = timezone.make_aware(start)
    queue = release_queue(symposium, now)
    waiting = list(
        Take.objects.filter(symposium=symposium, status__in=(S.DRAFT, S.REVIEW, S.SIGNOFF))
        .select_related("expert")
        .order_by("expert__name")
    )
    skipped = [
        (
            t,
            f"{t.get_status_display().lower()}: needs the expert's sign-off or an "
            "editor's override first",
        )
        for t in waiting
    ]
    if not queue:
        raise InputError(
            f"'{symposium.slug}' has no approved take to schedule"
            + (f" ({len(waiting)} still in the workflow)" if waiting else ""),
            "takes need the expert's sign-off (or an editor's override) before release",
        )
    pairs = staggered_release(
        queue,
        start,
        per_day,
        order=order,
        key=lambda t: t.expert.slug,
        times=times,
        spacing=spacing,
        now=now,
    )
    slots = [(t, when) for t, when in pairs if isinstance(t, Take)]
    plan = ReleasePlan(slots=slots, skipped=skipped, dry_run=dry_run)
    if dry_run:
        return plan
    base = _base_order(symposium, now)
    with transaction.atomic():
        for i, (take, when) in enumerate(slots):
            changed = (
                Take.objects.filter(pk=take.pk)
                .filter(_not_public(now))
                .update(
                    status=S.SCHEDULED,
                    publish_at=when,
                    release_order=base + i,
                    version=F("version") + 1,
                    updated_at=timezone.now(),
                )
            )
            if not changed:
                raise StateConflict(
                    f"the take of {take.expert.name} changed while scheduling",
                    "schedule again",
                )
            before = take.status
            fresh = reload_and_announce(take.pk)
            TakeEvent.objects.create(
                symposium=symposium,
                take=fresh,
                kind=TakeEvent.Kind.SCHEDULED,
                actor=actor,
                actor_label=actor_label,
                from_status=before,
                to_status=S.SCHEDULED,
                note=f"release {i + 1} of {len(slots)} at {when.isoformat(timespec='minutes')}",
            )
            plan.slots[i] = (fresh, when)
    return plan


def set_publish_at(take: Take, when: datetime, actor: Any, actor_label: str) -> Take:
    """Schedule one approved take at ``when``.

    Raises:
        InputError: ``when`` is in the past.
        StateConflict: the take is not approved (or is already public).
    """
    now = timezone.now()
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if when <= now:
        raise InputError(
            f"the release time {timezone.localtime(when):%d %b %Y %H:%M %Z} is in the past",
            "choose a time in the future",
        )
    with transaction.atomic():
        before = take.status
        changed = (
            Take.objects.filter(pk=take.pk)
            .filter(_not_public(now))
            .update(
                status=S.SCHEDULED,
                publish_at=when,
                version=F("version") + 1,
                updated_at=now,
            )
        )
        if not changed:
            raise StateConflict(
                f"the take is “{take.get_status_display()}”, so it cannot be scheduled",
                "only approved takes are scheduled: get the expert's sign-off or override",
            )
        take = reload_and_announce(take.pk)
        TakeEvent.objects.create(
            symposium=take.symposium,
            take=take,
            kind=TakeEvent.Kind.SCHEDULED,
            actor=actor,
            actor_label=actor_label,
            from_status=before,
            to_status=S.SCHEDULED,
            note=f"at {when.isoformat(timespec='minutes')}",
        )
    return take


def unschedule(take: Take, actor: Any, actor_label: str) -> Take:
    """Take a scheduled take off the schedule (back to approved) before it goes public.

    Raises:
        StateConflict: the take is not scheduled or is already public.
    """
    now = timezone.now()
    with transaction.atomic():
        changed = Take.objects.filter(pk=take.pk, status=S.SCHEDULED, publish_at__gt=now).update(
            status=S.APPROVED, publish_at=None, version=F("version") + 1, updated_at=now
        )
        if not changed:
            raise StateConflict(
                "only a take scheduled for a future time can be unscheduled",
                "reload the page to see its current status",
            )
        take = reload_and_announce(take.pk)
        TakeEvent.objects.create(
            symposium=take.symposium,
            take=take,
            kind=TakeEvent.Kind.UNSCHEDULED,
            actor=actor,
            actor_label=actor_label,
            from_status=S.SCHEDULED,
            to_status=S.APPROVED,
        )
    return take


def move(take: Take, direction: str, actor: Any, actor_label: str) -> list[Take]:
    """Move a take one place up or down the release queue.

    When both takes that swap places are scheduled, they also swap their
    times, so the order on the dashboard is the order readers see.

    Raises:
        InputError: an unknown direction, or the take is not in the queue.
    """
    if direction not in ("up", "down"):
        raise InputError(f"cannot move a take {direction!r}", "move it 'up' or 'down'")
    now = timezone.now()
    with transaction.atomic():
        queue = release_queue(take.symposium, now)
        ids = [t.pk for t in queue]
        if take.pk not in ids:
            raise InputError(
                "only approved or scheduled takes that are not yet public can be reordered",
                "approve the take first",
            )
        i = ids.index(take.pk)
        j = i - 1 if direction == "up" else i + 1
        if not 0 <= j < len(queue):
            return queue
        a, b = queue[i], queue[j]
        queue[i], queue[j] = b, a
        if a.status == S.SCHEDULED and b.status == S.SCHEDULED:
            a.publish_at, b.publish_at = b.publish_at, a.publish_at
        base = _base_order(take.symposium, now)
        for n, t in enumerate(queue):
            Take.objects.filter(pk=t.pk).update(
                release_order=base + n,
                publish_at=t.publish_at,
                version=F("version") + 1,
                updated_at=now,
            )
        for t in (a, b):
            reload_and_announce(t.pk)
        TakeEvent.objects.create(
            symposium=take.symposium,
            take=take,
            kind=TakeEvent.Kind.REORDERED,
            actor=actor,
            actor_label=actor_label,
            note=f"moved {direction}, now {j + 1} of {len(queue)}",
        )
    return release_queue(take.symposium, now)
