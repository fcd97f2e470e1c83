"""What an editor sees first: takes by state, deadlines and what needs attention."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Max, Min
from django.utils import timezone

from symposia.web.editorial.models import TakeEvent
from symposia.web.editorial.release import release_queue
from symposia.web.panel.models import Invitation
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take

S = Take.Status
#: Invitations whose link expires this soon without a submission are flagged.
EXPIRY_WARNING = timedelta(days=3)
#: A sign-off request older than this is flagged.
SIGNOFF_WAIT = timedelta(days=3)
_CLOSED_INVITATIONS = (
    Invitation.State.DECLINED,
    Invitation.State.REVOKED,
    Invitation.State.OPTED_OUT,
    Invitation.State.BOUNCED,
)

#: The columns of the dashboard, in workflow order.
STATES: tuple[tuple[str, str], ...] = (
    ("invited", "Invited"),
    ("draft", "Draft"),
    ("review", "In review"),
    ("signoff", "Awaiting expert sign-off"),
    ("approved", "Approved"),
    ("scheduled", "Scheduled"),
    ("published", "Published"),
)


@dataclass
class Row:
    """One expert's line on the dashboard."""

    expert_name: str
    invitation: Invitation | None
    take: Take | None
    state: str
    note: str = ""


@dataclass
class Attention:
    """Something an editor should act on."""

    severity: str  # "high" or "normal"
    message: str
    row: Row


@dataclass
class Dashboard:
    symposium: Symposium
    rows_by_state: dict[str, list[Row]]
    counts: list[tuple[str, str, int]]
    attention: list[Attention]
    deadlines: list[tuple[str, datetime | None, str]]
    queue: list[Take]
    closed: list[Row] = field(default_factory=list)
    total: int = 0

    @property
    def sections(self) -> list[tuple[str, str, list[Row]]]:
        """(state, label, rows) in workflow order, for the page."""
        return [(key, label, self.rows_by_state[key]) for key, label in STATES]


def take_state(take: Take, now: datetime) -> str:
    """The dashboard state of a take: its status, with due scheduled takes as published."""
    if take.status == S.PUBLISHED or (
        take.status == S.SCHEDULED and take.publish_at and take.publish_at <= now
    ):
        return "published"
    return str(take.status)


def _relative(when: datetime, now: datetime) -> str:
    """``"in 3 days"``, ``"5 h ago"``, ``"in 12 min"``: how far ``when`` is from ``now``."""
    delta = when - now
    seconds = abs(delta.total_seconds())
    if seconds < 60:
        return "now"
    if seconds < 3600:
        span = f"{int(seconds // 60)} min"
    elif seconds < 86400:
        span = f"{int(seconds // 3600)} h"
    else:
        days = int(seconds // 86400)
        span = f"{days} day{'s' if days != 1 else ''}"
    return f"in {span}" if delta.total_seconds() >= 0 else f"{span} ago"


def build(symposium: Symposium, now: datetime | None = None) -> Dashboard:
    """Everything the dashboard of one symposium shows, in a handful of queries."""
    now = now or timezone.now()
    takes = {
        t.expert_id: t
        for t in Take.objects.filter(symposium=symposium).select_related("expert", "symposium")
    }
    invitations = list(
        Invitation.objects.filter(symposium=symposium)
        .select_related("expert")
        .order_by("expert__name")
    )
    last_events = {
        e.take_id: e
        for e in TakeEvent.objects.filter(symposium=symposium, take__isnull=False)
        .filter(
            kind__in=(
                TakeEvent.Kind.CHANGES_REQUESTED,
                TakeEvent.Kind.SIGNOFF_REQUESTED,
                TakeEvent.Kind.SUBMITTED,
                TakeEvent.Kind.EDITED,
                TakeEvent.Kind.SIGNOFF_INVALIDATED,
            )
        )
        .order_by("created_at", "id")
    }
    rows_by_state: dict[str, list[Row]] = {key: [] for key, _ in STATES}
    closed: list[Row] = []
    attention: list[Attention] = []
    deadline_passed = symposium.closes_at is not None and symposium.closes_at <= now
    seen: set[int] = set()
    for inv in invitations:
        take = takes.get(inv.expert_id)
        seen.add(inv.expert_id)
        if take is None:
            row = Row(inv.expert.name, inv, None, "invited", inv.get_state_display())
            if inv.state in _CLOSED_INVITATIONS:
                closed.append(row)
                continue
            rows_by_state["invited"].append(row)
            if inv.state == Invitation.State.NOT_INVITED:
                attention.append(Attention("normal", "Link not sent yet", row))
            elif deadline_passed:
                attention.append(Attention("normal", "Deadline passed without a take", row))
            elif inv.expires_at <= now:
                attention.append(Attention("high", "Link expired before a take came in", row))
            elif inv.expires_at - now <= EXPIRY_WARNING:
                attention.append(
                    Attention("normal", f"Link expires {_relative(inv.expires_at, now)}", row)
                )
            continue
        _take_row(take, inv, now, rows_by_state, attention, last_events, deadline_passed)
    for expert_id, take in takes.items():
        if expert_id not in seen:  # ingested takes have no invitation
            _take_row(take, None, now, rows_by_state, attention, last_events, deadline_passed)
    counts = [(key, label, len(rows_by_state[key])) for key, label in STATES]
    agg = Take.objects.filter(
        symposium=symposium, status=S.SCHEDULED, publish_at__gt=now
    ).aggregate(first=Min("publish_at"), last=Max("publish_at"))
    deadlines: list[tuple[str, datetime | None, str]] = [
        (
            "Answers due",
            symposium.closes_at,
            _relative(symposium.closes_at, now) if symposium.closes_at else "no deadline set",
        ),
        (
            "Next release",
            agg["first"],
            _relative(agg["first"], now) if agg["first"] else "nothing scheduled",
        ),
        ("Last release", agg["last"], _relative(agg["last"], now) if agg["last"] else ""),
    ]
    attention.sort(key=lambda a: (a.severity != "high", a.row.expert_name))
    return Dashboard(
        symposium=symposium,
        rows_by_state=rows_by_state,
        counts=counts,
        attention=attention,
        deadlines=deadlines,
        queue=release_queue(symposium, now),
        closed=closed,
        total=sum(c for _, _, c in counts),
    )


def _take_row(
    take: Take,
    inv: Invitation | None,
    now: datetime,
    rows_by_state: dict[str, list[Row]],
    attention: list[Attention],
    last_events: dict[int | None, TakeEvent],
    deadline_passed: bool,
) -> None:
    state = take_state(take, now)
    last = last_events.get(take.pk)
    note = ""
    if state == "scheduled" and take.publish_at:
        note = f"goes public {_relative(take.publish_at, now)}"
    row = Row(take.expert.name, inv, take, state, note)
    rows_by_state[state].append(row)
    if state == "review":
        if last and last.kind == TakeEvent.Kind.CHANGES_REQUESTED:
            attention.append(Attention("high", f"Expert asked for changes: “{last.note}”", row))
        elif last and last.kind == TakeEvent.Kind.SIGNOFF_INVALIDATED:
            attention.append(Attention("normal", "Edited after sign-off: ask again", row))
        else:
            attention.append(Attention("normal", "Submitted: needs editing", row))
    elif state == "signoff" and last and now - last.created_at > SIGNOFF_WAIT:
        attention.append(
            Attention(
                "normal", f"Waiting for sign-off since {_relative(last.created_at, now)}", row
            )
        )
    elif state == "approved":
        attention.append(Attention("normal", "Approved: not scheduled yet", row))
    elif state == "draft" and deadline_passed:
        attention.append(Attention("normal", "Deadline passed with the take still a draft", row))
