"""The panel pages of a symposium under /editor/s/<slug>/panel/.

Panel (who is on it and in which state, add from the roster, mark bounces),
invitations (the email template, a preview per expert, send, remind),
diversity (targets, counts, chart, suggestions) and the outreach log. Every
page needs an editor role on the symposium (``editorial.access``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from symposia.errors import InputError
from symposia.web.editorial import access
from symposia.web.editorial.models import TakeEvent
from symposia.web.editorial.views import editor_view
from symposia.web.panel import diversity, mail, outreach, reminders, responses
from symposia.web.panel.forms import BounceForm, RosterFilterForm, TargetForm, TemplateForm
from symposia.web.panel.models import DiversityTarget, Expert, Invitation, OutreachEvent
from symposia.web.publishing.models import Symposium

SEARCH_LIMIT = 50


def _symposium(request: HttpRequest, slug: str) -> Symposium:
    symposium = Symposium.objects.filter(slug=slug).first()
    if symposium is None:
        raise Http404(f"No symposium called '{slug}'.")
    access.require_role(request.user, symposium)
    return symposium


def _label(request: HttpRequest) -> str:
    return access.actor_label(request.user)


def _first_error(form: Any) -> str:
    for field, errors in form.errors.items():
        name = form.fields[field].label if field in form.fields else ""
        return f"{name}: {errors[0]}" if name else str(errors[0])
    return "Check the form."


# -- panel --------------------------------------------------------------------------------


def _panel(
    request: HttpRequest, symposium: Symposium, status: int = 200, **extra: Any
) -> HttpResponse:
    invitations = list(
        Invitation.objects.filter(symposium=symposium)
        .select_related("expert")
        .annotate(
            reminders=Count(
                "outreach_events", filter=Q(outreach_events__kind=OutreachEvent.Kind.REMINDER_SENT)
            )
        )
        .order_by("expert__name", "pk")
    )
    shown = responses.progress(symposium, invitations)
    counts = {key: 0 for key, _ in Invitation.State.choices}
    for inv in invitations:
        inv.shown_state = shown[inv.pk]  # type: ignore[attr-defined]
        inv.shown_label = Invitation.State(shown[inv.pk]).label  # type: ignore[attr-defined]
        counts[shown[inv.pk]] += 1
    search = RosterFilterForm(request.GET or None)
    results: list[Expert] = []
    if request.GET and search.is_valid():
        cd = search.cleaned_data
        qs = Expert.objects.exclude(invitations__symposium=symposium).order_by("name", "pk")
        if cd["q"]:
            qs = qs.filter(Q(name__icontains=cd["q"]) | Q(affiliation__icontains=cd["q"]))
        for f in ("region", "sector"):
            if cd[f]:
                qs = qs.filter(**{f: cd[f]})
        if cd["country"]:
            qs = qs.filter(country__iexact=cd["country"])
        results = list(qs[:SEARCH_LIMIT])
    return render(
        request,
        "panel/panel.html",
        {
            "symposium": symposium,
            "tab": "panel",
            "invitations": invitations,
            "counts": [(label, counts[key], key) for key, label in Invitation.State.choices],
            "search": search,
            "results": results,
            "searched": bool(request.GET),
            **extra,
        },
        status=status,
    )


@require_GET
@editor_view
def panel(request: HttpRequest, slug: str) -> HttpResponse:
    return _panel(request, _symposium(request, slug))


@require_POST
@editor_view
def add(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = _symposium(request, slug)
    ids = [int(i) for i in request.POST.getlist("expert") if i.isdigit()]
    experts = list(Expert.objects.filter(pk__in=ids))
    if not experts:
        return _panel(request, symposium, 400, error="Tick at least one expert to add.")
    change = responses.add_to_panel(
        symposium, experts, actor=request.user, actor_label=_label(request)
    )
    msg = f"Added {len(change.added)} to the panel."
    if change.skipped:
        msg += " Left out: " + "; ".join(f"{e.name} ({why})" for e, why in change.skipped) + "."
    messages.success(request, msg)
    return redirect("panel:panel", slug=slug)


@require_POST
@editor_view
def bounce(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    symposium = _symposium(request, slug)
    inv = (
        Invitation.objects.select_related("expert")
        .filter(symposium=symposium, pk=invitation_id)
        .first()
    )
    if inv is None:
        raise Http404(f"“{symposium.series}” has no invitation number {invitation_id}.")
    form = BounceForm(request.POST)
    detail = form.cleaned_data["detail"] if form.is_valid() else ""
    try:
        responses.mark_bounced(inv, detail, _label(request))
    except InputError as exc:
        return _panel(request, symposium, 409, error=str(exc))
    messages.success(request, f"Marked the invitation of {inv.expert.name} as bounced.")
    return redirect("panel:panel", slug=slug)


# -- invitations --------------------------------------------------------------------------


def _invitations(
    request: HttpRequest, symposium: Symposium, status: int = 200, **extra: Any
) -> HttpResponse:
    invite, remind = mail.templates_for(symposium)
    form = extra.pop("form", None) or TemplateForm(
        initial={
            "subject": invite.subject,
            "body": invite.body,
            "reminder_subject": remind.subject,
            "reminder_body": remind.body,
        }
    )
    panel_experts = list(
        Invitation.objects.filter(symposium=symposium)
        .select_related("expert")
        .order_by("expert__name")
    )
    chosen = request.GET.get("expert", "")
    preview: dict[str, str] | None = None
    which = request.GET.get("kind", "invitation")
    target = next((i for i in panel_experts if str(i.expert_id) == chosen), None)
    if target is None and panel_experts:
        target = panel_experts[0]
    if target is not None:
        texts = remind if which == "reminder" else invite
        values = mail.values_for(
            symposium,
            target.expert,
            raw_token=None,
            expires_at=target.expires_at,
            now=timezone.now(),
        )
        try:
            subject, body = mail.render(texts, values)
            preview = {"subject": subject, "body": body, "to": target.expert.email or "(no email)"}
        except InputError as exc:
            extra.setdefault("error", str(exc))
    now = timezone.now()
    days = settings.SYMPOSIA_REMINDER_DAYS
    return render(
        request,
        "panel/invitations.html",
        {
            "symposium": symposium,
            "tab": "invitations",
            "form": form,
            "placeholders": mail.PLACEHOLDERS.items(),
            "panel_experts": panel_experts,
            "preview": preview,
            "preview_for": target,
            "preview_kind": which,
            "not_invited": sum(1 for i in panel_experts if i.state == Invitation.State.NOT_INVITED),
            "reminder_days": days,
            "due_stage": outreach.due_stage(symposium, days, now),
            "next_reminder": outreach.next_reminder(symposium, days, now),
            "scheduled": symposium.scheduled_reminders.all(),
            **extra,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@editor_view
def invitations(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = _symposium(request, slug)
    if request.method == "GET":
        return _invitations(request, symposium)
    action = request.POST.get("action", "")
    if action == "save_template":
        form = TemplateForm(request.POST)
        if not form.is_valid():
            return _invitations(request, symposium, 400, form=form, error=_first_error(form))
        cd = form.cleaned_data
        try:
            mail.save_templates(
                symposium,
                mail.Texts(cd["subject"], cd["body"]),
                mail.Texts(cd["reminder_subject"], cd["reminder_body"]),
                _label(request),
            )
        except InputError as exc:
            return _invitations(request, symposium, 400, form=form, error=str(exc))
        messages.success(request, "Saved the email templates.")
        return redirect("panel:invitations", slug=slug)
    if action == "schedule":
        queued = reminders.schedule_reminders(symposium)
        if symposium.closes_at is None:
            messages.warning(request, "Set a deadline first: reminders count back from it.")
        else:
            messages.info(
                request,
                "; ".join(
                    f"{s.days_before} days before: " + ("queued" if s.queued else s.note)
                    for s in queued
                )
                or "No reminder stages are configured (SYMPOSIA_REMINDER_DAYS).",
            )
        return redirect("panel:invitations", slug=slug)
    if action not in ("dry_run", "send", "remind_dry_run", "remind"):
        return _invitations(request, symposium, 400, error="Choose an action.")
    try:
        if action in ("dry_run", "send"):
            report = outreach.send_invitations(
                symposium,
                dry_run=action == "dry_run",
                actor=request.user,
                actor_label=_label(request),
            )
            if action == "send" and report.sent:
                reminders.schedule_reminders(symposium)
        else:
            report = outreach.send_reminders(
                symposium,
                dry_run=action == "remind_dry_run",
                actor=request.user,
                actor_label=_label(request),
            )
    except InputError as exc:
        return _invitations(request, symposium, 400, error=str(exc))
    status = 200 if not report.failed else 502
    return _invitations(request, symposium, status, report=report)


# -- diversity ----------------------------------------------------------------------------


def _diversity(
    request: HttpRequest, symposium: Symposium, status: int = 200, **extra: Any
) -> HttpResponse:
    board = diversity.build(symposium)
    return render(
        request,
        "panel/diversity.html",
        {
            "symposium": symposium,
            "tab": "diversity",
            "board": board,
            "form": extra.pop("form", None) or TargetForm(),
            **extra,
        },
        status=status,
    )


@require_GET
@editor_view
def diversity_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    return _diversity(request, _symposium(request, slug))


@require_POST
@editor_view
def add_target(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = _symposium(request, slug)
    form = TargetForm(request.POST)
    if not form.is_valid():
        return _diversity(request, symposium, 400, form=form, error=_first_error(form))
    cd = form.cleaned_data
    try:
        conditions = diversity.parse_conditions(
            [(cd["field1"], cd["values1"]), (cd["field2"] or "", cd["values2"] or "")]
        )
        target = diversity.add_target(symposium, cd["label"], conditions, cd["op"], cd["percent"])
    except InputError as exc:
        return _diversity(request, symposium, 400, form=form, error=str(exc))
    messages.success(request, f"Added the target “{target}”.")
    return redirect("panel:diversity", slug=slug)


@require_POST
@editor_view
def delete_target(request: HttpRequest, slug: str, target_id: int) -> HttpResponse:
    symposium = _symposium(request, slug)
    deleted, _ = DiversityTarget.objects.filter(symposium=symposium, pk=target_id).delete()
    if not deleted:
        raise Http404(f"“{symposium.series}” has no target number {target_id}.")
    messages.success(request, "Removed the target.")
    return redirect("panel:diversity", slug=slug)


# -- outreach log ------------------------------------------------------------------------


def _event_row(e: OutreachEvent) -> dict[str, Any]:
    return {
        "at": e.created_at,
        "kind": e.kind,
        "label": e.get_kind_display(),
        "expert": e.expert_name,
        "detail": e.detail,
        "attempts": e.attempts,
        "reminder_days": e.reminder_days,
        "actor": e.actor_label,
    }


@require_GET
@editor_view
def outreach_log(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = _symposium(request, slug)
    kind = request.GET.get("kind", "")
    events: list[dict[str, Any]] = []
    if kind != "link_opened":
        qs = OutreachEvent.objects.filter(symposium=symposium)
        if kind in OutreachEvent.Kind.values:
            qs = qs.filter(kind=kind)
        events.extend(_event_row(e) for e in qs)
    if kind in ("", "link_opened"):
        # Link openings are recorded by the editorial app's audit log; show them here too.
        for t in TakeEvent.objects.filter(
            symposium=symposium, kind=TakeEvent.Kind.LINK_OPENED
        ).select_related("invitation__expert"):
            events.append(
                {
                    "at": t.created_at,
                    "kind": "link_opened",
                    "label": "Link opened",
                    "expert": t.invitation.expert.name if t.invitation else "",
                    "detail": "",
                    "attempts": 0,
                    "reminder_days": None,
                    "actor": t.actor_label,
                }
            )
    events.sort(key=lambda e: e["at"], reverse=True)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    kinds = [*OutreachEvent.Kind.choices, ("link_opened", "Link opened")]
    return render(
        request,
        "panel/outreach.html",
        {"symposium": symposium, "tab": "outreach", "page": page, "kinds": kinds, "kind": kind},
    )
