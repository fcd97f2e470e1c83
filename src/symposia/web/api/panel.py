"""Editors' API of the panel: roster, invitations, reminders, diversity, outreach log.

Mounted at /api/panel/. Every request needs ``Authorization: Bearer <token>``
(``symposia api-token create USERNAME``); the token's user needs an editorial
account, a role on the symposium for the symposium endpoints, and the editor
or admin group for roster import and export (the same rules as the pages).
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations.
import base64
import binascii
import io
from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import HttpBearer

from symposia.errors import InputError
from symposia.web.api.pagination import Pagination
from symposia.web.api.tokens import user_for_token
from symposia.web.editorial import access
from symposia.web.panel import diversity, outreach, responses, roster
from symposia.web.panel.models import DiversityTarget, Expert, Invitation, OutreachEvent
from symposia.web.publishing.models import Symposium


class PanelTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: the token's user, if the token is known."""

    openapi_description = "An editor's API token from `symposia api-token create USERNAME`."

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        return user_for_token(token)


router = Router(auth=PanelTokenAuth(), tags=["panel"])


class ErrorOut(Schema):
    error: str
    detail: str = ""


ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# -- access ----------------------------------------------------------------------------------


def _user(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not access.is_editorial_user(user):
        raise HttpError(403, f"User '{user.get_username()}' has no editor role on any symposium.")
    return user


def _roster_admin(request: HttpRequest) -> Any:
    user = _user(request)
    if not access.can_create_symposia(user):
        raise HttpError(403, "Importing and exporting the roster needs the editor or admin group.")
    return user


def _symposium(request: HttpRequest, slug: str) -> tuple[Symposium, Any]:
    user = _user(request)
    s = Symposium.objects.filter(slug=slug).first()
    if s is None:
        raise Http404(f"No symposium called '{slug}'.")
    try:
        access.require_role(user, s)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    return s, user


def _experts(slugs: list[str]) -> list[Expert]:
    found = {e.slug: e for e in Expert.objects.filter(slug__in=slugs)}
    missing = [s for s in slugs if s not in found]
    if missing:
        raise Http404(f"No expert called {', '.join(repr(m) for m in missing)}.")
    return [found[s] for s in slugs]


# -- roster ----------------------------------------------------------------------------------


class RosterExpertOut(Schema):
    id: int
    slug: str
    name: str
    honorific: str
    title: str
    affiliation: str
    email: str
    city: str
    country: str
    region: str
    sector: str
    gender: str
    show_gender: bool
    public_profile: bool
    expertise: list[str]
    languages: list[str]


class RosterFilters(Schema):
    q: str = Field("", description="Part of the name, affiliation or email.")
    region: str = ""
    sector: str = ""
    country: str = ""


@router.get("/roster", response={200: list[RosterExpertOut], **ERRORS})
@paginate(Pagination)
def list_roster(request: HttpRequest, filters: Query[RosterFilters]) -> Any:
    """The roster, with private fields (email, gender) for editors."""
    _user(request)
    qs = Expert.objects.order_by("name", "pk")
    if filters.q:
        qs = qs.filter(
            Q(name__icontains=filters.q)
            | Q(affiliation__icontains=filters.q)
            | Q(email__icontains=filters.q)
        )
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.country:
        qs = qs.filter(country__iexact=filters.country)
    return qs


class ImportIn(Schema):
    filename: str = Field(..., min_length=1, max_length=255, description="Name; .xlsx or .csv.")
    content: str = Field("", description="The CSV as text (UTF-8).")
    content_base64: str = Field("", description="The file's bytes in base64 (for .xlsx).")
    mapping: dict[str, str] = Field(default_factory=dict, description="Column header -> field.")
    merges: dict[int, int] = Field(default_factory=dict, description="Line -> expert id.")
    encoding: str = ""
    dry_run: bool = True


class RowErrorOut(Schema):
    line: int
    field: str
    message: str


class ReviewOut(Schema):
    line: int
    name: str
    affiliation: str
    candidate_id: int | None
    candidate_line: int | None
    candidate_name: str
    candidate_affiliation: str
    score: float
    reason: str


class ChangeOut(Schema):
    line: int
    action: str
    name: str
    expert_id: int | None
    matched_by: str
    changed_fields: list[str]


class ImportOut(Schema):
    dry_run: bool
    ok: bool
    imported: bool
    counts: dict[str, int]
    mapping: dict[str, str]
    errors: list[RowErrorOut]
    warnings: list[RowErrorOut]
    reviews: list[ReviewOut]
    rows: list[ChangeOut]
    opted_out: int


def _import_out(preview: roster.Preview, dry_run: bool, imported: bool) -> dict[str, Any]:
    plan = preview.plan
    err = lambda e: {"line": e.line, "field": e.field, "message": e.message}  # noqa: E731
    return {
        "dry_run": dry_run,
        "ok": plan.ok,
        "imported": imported,
        "counts": plan.counts,
        "mapping": dict(preview.mapping.describe()),
        "errors": [err(e) for e in plan.errors],
        "warnings": [err(w) for w in plan.warnings],
        "reviews": [m.__dict__ for m in plan.reviews],
        "rows": [
            {
                "line": r.line,
                "action": r.action,
                "name": r.record.name,
                "expert_id": r.expert_id,
                "matched_by": r.matched_by,
                "changed_fields": [c.field for c in r.changes],
            }
            for r in plan.rows
        ],
        "opted_out": preview.opted_out,
    }


@router.post("/roster/import", response={**ERRORS, 200: ImportOut, 422: ImportOut})
def import_roster(request: HttpRequest, payload: ImportIn) -> Any:
    """Plan (``dry_run``, the default) or run an all-or-nothing roster import.

    A run with row errors imports nothing and answers 422 with the full report.
    """
    user = _roster_admin(request)
    if payload.content_base64:
        try:
            data = base64.b64decode(payload.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise HttpError(400, "content_base64 is not valid base64.") from None
    else:
        data = payload.content.encode("utf-8")
    kwargs: dict[str, Any] = {
        "overrides": payload.mapping or None,
        "merges": payload.merges or None,
        "encoding": payload.encoding or None,
    }
    if payload.dry_run:
        return _import_out(roster.plan(data, payload.filename, **kwargs), True, False)
    try:
        preview = roster.apply(
            data, payload.filename, actor=user, actor_label=access.actor_label(user), **kwargs
        )
    except roster.RowsHaveErrors as exc:
        return Status(422, _import_out(exc.preview, False, False))
    return _import_out(preview, False, True)


@router.get("/roster/export", response={200: None, **ERRORS})
def export_roster(request: HttpRequest) -> HttpResponse:
    """The whole roster as CSV (the format the import reads)."""
    _roster_admin(request)
    out = io.StringIO()
    roster.export_experts(out)
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="roster.csv"'
    return response


# -- invitations -------------------------------------------------------------------------------


class InvitationOut(Schema):
    id: int
    expert: str
    name: str
    email: str
    state: str
    progress: str = Field(description="The state with the takes counted: submitted, published.")
    sent_at: datetime | None
    opened_at: datetime | None
    expires_at: datetime
    decline_reason: str


def _invitation_out(inv: Invitation, shown: str | None = None) -> dict[str, Any]:
    return {
        "progress": shown or inv.state,
        "id": inv.pk,
        "expert": inv.expert.slug,
        "name": inv.expert.name,
        "email": inv.expert.email,
        "state": inv.state,
        "sent_at": inv.sent_at,
        "opened_at": inv.opened_at,
        "expires_at": inv.expires_at,
        "decline_reason": inv.decline_reason,
    }


@router.get("/symposia/{slug}/invitations", response={200: list[InvitationOut], **ERRORS})
def list_invitations(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Everyone on the panel and the state of their invitation."""
    s, _ = _symposium(request, slug)
    invitations = list(
        Invitation.objects.filter(symposium=s).select_related("expert").order_by("expert__name")
    )
    shown = responses.progress(s, invitations)
    return [_invitation_out(i, shown[i.pk]) for i in invitations]


class ExpertsIn(Schema):
    experts: list[str] = Field(..., min_length=1, description="Slugs of roster experts.")


class PanelChangeOut(Schema):
    added: list[str]
    skipped: dict[str, str]


@router.post("/symposia/{slug}/invitations", response={200: PanelChangeOut, **ERRORS})
def add_to_panel(request: HttpRequest, slug: str, payload: ExpertsIn) -> dict[str, Any]:
    """Put roster experts on the panel (not emailed until sent)."""
    s, user = _symposium(request, slug)
    change = responses.add_to_panel(
        s, _experts(payload.experts), actor=user, actor_label=access.actor_label(user)
    )
    return {
        "added": [i.expert.slug for i in change.added],
        "skipped": {e.slug: why for e, why in change.skipped},
    }


class SendIn(Schema):
    dry_run: bool = True
    resend: bool = False
    experts: list[str] | None = Field(None, description="Slugs; omitted means the whole panel.")


class OutcomeOut(Schema):
    expert: str
    email: str
    invitation_id: int | None
    status: Literal["sent", "would_send", "failed", "skipped", "not_attempted"]
    reason: str
    attempts: int


class SendOut(Schema):
    kind: str
    dry_run: bool
    summary: str
    sent: int
    failed: int
    reminder_days: int | None
    outcomes: list[OutcomeOut]


def _send_out(report: outreach.SendReport) -> dict[str, Any]:
    return {
        "kind": report.kind,
        "dry_run": report.dry_run,
        "summary": report.summary(),
        "sent": report.sent,
        "failed": report.failed,
        "reminder_days": report.reminder_days,
        "outcomes": [o.__dict__ for o in report.outcomes],
    }


@router.post("/symposia/{slug}/invitations/send", response={200: SendOut, **ERRORS})
def send_invitations(request: HttpRequest, slug: str, payload: SendIn) -> dict[str, Any]:
    """Email invitations (``dry_run`` by default: report who would get one)."""
    s, user = _symposium(request, slug)
    experts = _experts(payload.experts) if payload.experts else None
    report = outreach.send_invitations(
        s,
        experts,
        dry_run=payload.dry_run,
        resend=payload.resend,
        actor=user,
        actor_label=access.actor_label(user),
    )
    return _send_out(report)


class RemindIn(Schema):
    dry_run: bool = True


@router.post("/symposia/{slug}/reminders/send", response={200: SendOut, **ERRORS})
def send_reminders(request: HttpRequest, slug: str, payload: RemindIn) -> dict[str, Any]:
    """Send the reminders due now (``dry_run`` by default)."""
    s, user = _symposium(request, slug)
    report = outreach.send_reminders(
        s, dry_run=payload.dry_run, actor=user, actor_label=access.actor_label(user)
    )
    return _send_out(report)


class BounceIn(Schema):
    detail: str = Field("", max_length=2000)


@router.post("/invitations/{invitation_id}/bounce", response={200: InvitationOut, **ERRORS})
def bounce(request: HttpRequest, invitation_id: int, payload: BounceIn) -> dict[str, Any]:
    """Record that an invitation email bounced (e.g. from a bounce-processing service)."""
    inv = Invitation.objects.select_related("expert", "symposium").filter(pk=invitation_id).first()
    if inv is None:
        raise Http404(f"No invitation number {invitation_id}.")
    _, user = _symposium(request, inv.symposium.slug)
    try:
        responses.mark_bounced(inv, payload.detail, access.actor_label(user))
    except InputError as exc:
        raise HttpError(409, str(exc)) from None
    return _invitation_out(inv)


# -- diversity -----------------------------------------------------------------------------------


class StageOut(Schema):
    stage: str
    matching: int
    unknown: int
    total: int
    share: float | None
    met: bool | None
    gap: int | None


class TargetOut(Schema):
    id: int
    label: str
    op: str
    percent: int
    conditions: dict[str, list[str]]
    sentence: str
    stages: list[StageOut]


class SuggestionOut(Schema):
    expert: str
    name: str
    helps: list[str]
    hurts: list[str]
    gain_points: float


class DiversityOut(Schema):
    totals: dict[str, int]
    targets: list[TargetOut]
    largest_gap: str | None
    suggestions: list[SuggestionOut]


@router.get("/symposia/{slug}/diversity", response={200: DiversityOut, **ERRORS})
def get_diversity(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Targets against invited, answered and published, with suggestions from the roster."""
    s, _ = _symposium(request, slug)
    board = diversity.build(s)
    return {
        "totals": board.totals,
        "targets": [
            {
                "id": t.pk,
                "label": t.label,
                "op": t.op,
                "percent": t.percent,
                "conditions": t.conditions,
                "sentence": r.target.sentence,
                "stages": [{**st.__dict__, "share": st.share} for st in r.stages],
            }
            for t, r in board.rows
        ],
        "largest_gap": board.largest_gap.target.sentence if board.largest_gap else None,
        "suggestions": [
            {
                "expert": sg.expert.slug,
                "name": sg.expert.name,
                "helps": list(sg.helps),
                "hurts": list(sg.hurts),
                "gain_points": sg.gain_points,
            }
            for sg in board.suggestions
        ],
    }


class TargetIn(Schema):
    label: str = Field(..., min_length=1, max_length=120)
    op: Literal["at_least", "at_most"] = "at_least"
    percent: int = Field(..., ge=0, le=100)
    conditions: dict[str, list[str]] = Field(..., description='{"gender": ["woman"]}')


class TargetCreated(Schema):
    id: int
    sentence: str


@router.post("/symposia/{slug}/diversity/targets", response={201: TargetCreated, **ERRORS})
def create_target(request: HttpRequest, slug: str, payload: TargetIn) -> Any:
    """Add a diversity target."""
    s, _ = _symposium(request, slug)
    pairs = [(f, ", ".join(v)) for f, v in payload.conditions.items()]
    conditions = diversity.parse_conditions(pairs)
    t = diversity.add_target(s, payload.label, conditions, payload.op, payload.percent)
    return Status(201, {"id": t.pk, "sentence": diversity.target_of(t).sentence})


@router.delete("/symposia/{slug}/diversity/targets/{target_id}", response={204: None, **ERRORS})
def delete_target(request: HttpRequest, slug: str, target_id: int) -> Any:
    """Remove a diversity target."""
    s, _ = _symposium(request, slug)
    deleted, _ = DiversityTarget.objects.filter(symposium=s, pk=target_id).delete()
    if not deleted:
        raise Http404(f"No target number {target_id} in '{slug}'.")
    return Status(204, None)


# -- outreach log ------------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    created_at: datetime
    kind: str
    expert_name: str
    invitation_id: int | None
    reminder_days: int | None
    attempts: int
    detail: str
    actor_label: str


@router.get("/symposia/{slug}/outreach", response={200: list[EventOut], **ERRORS})
@paginate(Pagination)
def outreach_log(request: HttpRequest, slug: str, kind: str = "") -> Any:
    """Every email sent or failed, bounce, decline and opt-out, newest first."""
    s, _ = _symposium(request, slug)
    qs = OutreachEvent.objects.filter(symposium=s)
    if kind:
        if kind not in OutreachEvent.Kind.values:
            raise HttpError(400, f"kind must be one of {', '.join(OutreachEvent.Kind.values)}.")
        qs = qs.filter(kind=kind)
    return qs
