"""The diversity dashboard of a symposium: targets against invited, answered, published.

Counts come from the data every time: the invited stage is every expert sent
an invitation (any state but "not invited" and "revoked") plus anyone with a
take; answered is every expert whose take is past the draft stage; published
is every expert whose take is public now.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q

from symposia.core import diversity as core
from symposia.core.diversity_svg import diversity_chart
from symposia.errors import InputError
from symposia.web.panel.models import DiversityTarget, Expert, Invitation, OptOut, email_hash
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take

FIELDS = core.TARGET_FIELDS
_LIST_FIELDS = ("languages", "expertise")
#: Roster experts considered for suggestions at most (those matching unmet targets first).
CANDIDATE_POOL = 2000
_NOT_ASKED = (Invitation.State.NOT_INVITED, Invitation.State.REVOKED)


def target_of(t: DiversityTarget) -> core.Target:
    """The core target of a stored one."""
    conditions = tuple(
        core.Condition.of(f, values) for f, values in sorted(dict(t.conditions).items())
    )
    return core.Target(t.label, conditions, t.op, t.percent / 100)


def parse_conditions(pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """{field: [values]} from (field, "value, value") pairs the editor typed.

    Raises:
        InputError: an unknown field, a field given twice, or no values.
    """
    out: dict[str, list[str]] = {}
    for field, text in pairs:
        field = field.strip()
        if not field and not text.strip():
            continue
        if field not in FIELDS:
            raise InputError(
                f"{field!r} is not a field a target can count",
                f"use one of: {', '.join(FIELDS)}",
            )
        if field in out:
            raise InputError(f"the field {field} appears twice", "list all its values once")
        values = [v.strip() for v in text.replace(";", ",").split(",") if v.strip()]
        if not values:
            raise InputError(
                f"the condition on {field} lists no values",
                "write the values separated by commas, e.g. 'woman, female'",
            )
        out[field] = values
    if not out:
        raise InputError("the target has no condition", "name a field and its values")
    return out


def add_target(
    symposium: Symposium, label: str, conditions: Mapping[str, list[str]], op: str, percent: int
) -> DiversityTarget:
    """Store a target after checking it; InputError for a bad percentage or operator."""
    label = " ".join(label.split())
    if not label:
        raise InputError("the target has no label", "say what it counts, e.g. 'women'")
    if op not in (core.AT_LEAST, core.AT_MOST):
        raise InputError(f"{op!r} is not at_least or at_most", "choose at least or at most")
    if not 0 <= percent <= 100:
        raise InputError(f"{percent}% is not a share", "give a whole number from 0 to 100")
    for f, values in conditions.items():
        try:
            core.Condition.of(f, values)
        except ValueError as exc:
            raise InputError(str(exc), f"use one of: {', '.join(FIELDS)}") from None
    position = DiversityTarget.objects.filter(symposium=symposium).count()
    return DiversityTarget.objects.create(
        symposium=symposium,
        label=label[:120],
        conditions=dict(conditions),
        op=op,
        percent=percent,
        position=position,
    )


def _member(row: Mapping[str, Any], prefix: str = "") -> dict[str, object]:
    return {f: row.get(prefix + f, "") for f in FIELDS}


def stages(symposium: Symposium) -> dict[str, list[dict[str, object]]]:
    """The members of each stage, as field dicts (one query per source)."""
    prefixed = [f"expert__{f}" for f in FIELDS]
    invited: dict[int, dict[str, object]] = {}
    for row in (
        Invitation.objects.filter(symposium=symposium)
        .exclude(state__in=_NOT_ASKED)
        .values("expert_id", *prefixed)
    ):
        invited[row["expert_id"]] = _member(row, "expert__")
    answered: dict[int, dict[str, object]] = {}
    published: dict[int, dict[str, object]] = {}
    public_ids = set(Take.objects.public().filter(symposium=symposium).values_list("pk", flat=True))
    for row in (
        Take.objects.filter(symposium=symposium)
        .exclude(status=Take.Status.DRAFT)
        .values("pk", "expert_id", *prefixed)
    ):
        member = _member(row, "expert__")
        invited.setdefault(row["expert_id"], member)
        answered[row["expert_id"]] = member
        if row["pk"] in public_ids:
            published[row["expert_id"]] = member
    return {
        "invited": list(invited.values()),
        "answered": list(answered.values()),
        "published": list(published.values()),
    }


@dataclass(frozen=True)
class SuggestedExpert:
    """A roster expert to invite and why."""

    expert: Expert
    helps: tuple[str, ...]
    hurts: tuple[str, ...]
    gain_points: float  # share points of shortfall closed


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows."""

    targets: list[DiversityTarget]
    reports: list[core.TargetReport]
    totals: dict[str, int]
    chart: str
    largest_gap: core.TargetReport | None
    suggestions: list[SuggestedExpert]

    @property
    def rows(self) -> list[tuple[DiversityTarget, core.TargetReport]]:
        """(stored target, report) pairs for tables."""
        return list(zip(self.targets, self.reports, strict=True))


def _condition_q(field: str, values: Sequence[str]) -> Q | None:
    if field in _LIST_FIELDS:
        return None  # JSON lists cannot be matched portably in SQL; tested in Python
    return reduce(or_, (Q(**{f"{field}__iexact": v}) for v in values))


def _candidate_query(
    symposium: Symposium, reports: Sequence[core.TargetReport], targets: Sequence[DiversityTarget]
) -> Any:
    qs = (
        Expert.objects.exclude(invitations__symposium=symposium)
        .exclude(email="")
        .order_by("name", "pk")
    )
    wanted: list[Q] = []
    for stored, report in zip(targets, reports, strict=True):
        if report.shortfall() <= 0 or stored.op != core.AT_LEAST:
            continue
        parts = [_condition_q(f, v) for f, v in dict(stored.conditions).items()]
        parts_q = [p for p in parts if p is not None]
        wanted.append(reduce(lambda a, b: a & b, parts_q) if parts_q else Q())
    if wanted and all(len(w) for w in wanted):
        qs = qs.filter(reduce(or_, wanted))
    return qs


def suggestions(
    symposium: Symposium,
    targets: Sequence[DiversityTarget],
    reports: Sequence[core.TargetReport],
    invited: Sequence[Mapping[str, object]],
    k: int = 10,
) -> list[SuggestedExpert]:
    """Up to ``k`` roster experts, not on the panel and not opted out, who close the most gap."""
    if not any(r.shortfall() > 0 for r in reports):
        return []
    # Only the fields the targets test are fetched: JSON lists are slow to decode.
    needed = sorted({f for t in targets for f in dict(t.conditions)} & set(FIELDS))
    rows = list(
        _candidate_query(symposium, reports, targets).values("pk", "email", *needed)[
            :CANDIDATE_POOL
        ]
    )
    opted = set(
        OptOut.objects.filter(email_hash__in=[email_hash(r["email"]) for r in rows]).values_list(
            "email_hash", flat=True
        )
    )
    pool = [(r["pk"], _member(r)) for r in rows if email_hash(r["email"]) not in opted]
    picks = core.suggest([r.target for r in reports], invited, pool, k=k)
    experts = Expert.objects.in_bulk([p.id for p in picks])
    return [
        SuggestedExpert(experts[p.id], p.helps, p.hurts, round(p.gain * 100, 1))
        for p in picks
        if p.id in experts
    ]


def build(symposium: Symposium, k: int = 10) -> Dashboard:
    """Targets, counts per stage, the SVG chart and the suggestion list of a symposium."""
    targets = list(DiversityTarget.objects.filter(symposium=symposium))
    members = stages(symposium)
    reports = core.evaluate([target_of(t) for t in targets], members)
    totals = {s: len(m) for s, m in members.items()}
    return Dashboard(
        targets,
        reports,
        totals,
        diversity_chart(reports, f"diversity-{symposium.slug}"),
        core.largest_gap(reports),
        suggestions(symposium, targets, reports, members["invited"], k=k),
    )
