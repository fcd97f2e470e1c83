"""The editors' pages under /editor/: thin views over the workflow services.

Every POST answers with a page a person can act on and a status code that
says what happened: 400 for a form with missing or bad fields, 404 for an
unknown symposium or take, 403 without a role, 409 when the take changed
under the editor (nothing is lost: both versions are shown), 413 for an
oversized take.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from symposia.core.diff import word_diff
from symposia.errors import InputError, NotFoundError
from symposia.web.editorial import access, dashboard, links, release, services
from symposia.web.editorial.forms import (
    AddRoleForm,
    DiffForm,
    EditTakeForm,
    ExpertForm,
    OverrideForm,
    PublishAtForm,
    ScheduleForm,
    SymposiumForm,
    data_of,
    first_error,
)
from symposia.web.editorial.models import SymposiumRole, TakeEvent
from symposia.web.panel.models import Invitation
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take, TakeRevision

View = Callable[..., HttpResponse]


def editor_view(view: View) -> View:
    """Log-in required, an editorial account, and a readable 403 page for missing roles."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.is_editorial_user(request.user):
            return _forbidden(
                request,
                "Your account has no editor role. Ask an admin to add you to a symposium.",
            )
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return _forbidden(request, str(exc) or "You may not do this.")

    return wrapper


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "editorial/forbidden.html", {"message": message}, status=403)


def _label(request: HttpRequest) -> str:
    return access.actor_label(request.user)


def _symposium(request: HttpRequest, slug: str, need: str = "editor") -> Symposium:
    symposium = Symposium.objects.filter(slug=slug).first()
    if symposium is None:
        raise Http404(f"No symposium called '{slug}'.")
    access.require_role(request.user, symposium, need)
    return symposium


def _take(symposium: Symposium, take_id: int) -> Take:
    take = (
        Take.objects.select_related("symposium", "expert")
        .filter(symposium=symposium, pk=take_id)
        .first()
    )
    if take is None:
        raise Http404(f"“{symposium.series}” has no take number {take_id}.")
    return take


def _status_of(exc: Exception) -> int:
    if isinstance(exc, services.TooLong):
        return 413
    if isinstance(exc, services.StateConflict | services.EditConflict):
        return 409
    if isinstance(exc, NotFoundError):
        return 404
    return 400


# -- symposia ------------------------------------------------------------------------------


@require_GET
@editor_view
def index(request: HttpRequest) -> HttpResponse:
    symposia = list(access.visible_symposia(request.user))
    return render(
        request,
        "editorial/index.html",
        {"symposia": symposia, "can_create": access.can_create_symposia(request.user)},
    )


@require_http_methods(["GET", "POST"])
@editor_view
def new_symposium(request: HttpRequest) -> HttpResponse:
    if not access.can_create_symposia(request.user):
        raise PermissionDenied("Only members of the editor or admin group may create symposia.")
    form = SymposiumForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                symposium = form.save(commit=False)
                symposium.status = Symposium.Status.OPEN
                symposium.save()
                SymposiumRole.objects.create(
                    user=request.user,  # type: ignore[misc]  # logged in: editor_view
                    symposium=symposium,
                    role=SymposiumRole.Role.ADMIN,
                )
            messages.success(request, f"Created “{symposium.series}”. Now add experts.")
            return redirect("editorial:dashboard", slug=symposium.slug)
        return render(
            request,
            "editorial/symposium_form.html",
            {"form": form, "error": first_error(form)},
            status=400,
        )
    return render(request, "editorial/symposium_form.html", {"form": form})


def _dashboard(
    request: HttpRequest, symposium: Symposium, status: int = 200, **extra: Any
) -> HttpResponse:
    board = dashboard.build(symposium)
    context = {
        "symposium": symposium,
        "board": board,
        "role": access.role_on(request.user, symposium),
        "expert_form": extra.pop("expert_form", None) or ExpertForm(),
        "schedule_form": extra.pop("schedule_form", None) or ScheduleForm(),
        "role_form": extra.pop("role_form", None) or AddRoleForm(),
        "roles": SymposiumRole.objects.filter(symposium=symposium).select_related("user"),
        "events": TakeEvent.objects.filter(symposium=symposium)
        .select_related("take__expert", "invitation__expert")
        .order_by("-created_at", "-id")[:30],
        **extra,
    }
    return render(request, "editorial/dashboard.html", context, status=status)


@require_GET
@editor_view
def symposium_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    return _dashboard(request, _symposium(request, slug))


@require_POST
@editor_view
def add_expert(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = _symposium(request, slug)
    form = ExpertForm(request.POST)
    if not form.is_valid():
        return _dashboard(
            request, symposium, 400, expert_form=form, error=first_error(form), open_form="expert"
        )
    data = {k: v for k, v in form.cleaned_data.items()}
    try:
        invitation, created = links.add_expert(symposium, data, request.user, _label(request))
    except InputError as exc:
        return _dashboard(request, symposium, 409, expert_form=form, error=str(exc))
    note = "" if created else " (already on the roster: their record was kept)"
    messages.success(
        request, f"Invited {invitation.expert.name}{note}. Send the link when you are ready."
    )
    return redirect("editorial:dashboard", slug=slug)


def _invitation(symposium: Symposium, invitation_id: int) -> Invitation:
    inv = (
        Invitation.objects.select_related("expert", "symposium")
        .filter(symposium=symposium, pk=invitation_id)
        .first()
    )
    if inv is None:
        raise Http404(f"“{symposium.series}” has no invitation number {invitation_id}.")
    return inv


@require_POST
@editor_view
def send_link(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    symposium = _symposium(request, slug)
    inv = _invitation(symposium, invitation_id)
    try:
        links.send_link(inv, actor=request.user, actor_label=_label(request))
    except InputError as exc:
        return _dashboard(request, symposium, 409, error=str(exc))
    messages.success(
        request,
        f"Emailed a personal link to {inv.expert.name} <{inv.expert.email}>. "
        "Any earlier link stopped working.",
    )
    return redirect("editorial:dashboard", slug=slug)


@require_POST
@editor_view
def revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    symposium = _symposium(request, slug)
    inv = _invitation(symposium, invitation_id)
    links.revoke(inv, request.user, _label(request), request.POST.get("note", ""))
    messages.success(request, f"Revoked the invitation of {inv.expert.name}.")
    return redirect("editorial:dashboard", slug=slug)


@require_POST
@editor_view
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = _symposium(request, slug)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _dashboard(
            request, symposium, 400, schedule_form=form, error=first_error(form), open_form="sched"
        )
    cd = form.cleaned_data
    times = cd["times"]
    try:
        plan = release.schedule_release(
            symposium,
            cd["start"],
            len(times) if times else cd["per_day"],
            times=times,
            spacing=timedelta(minutes=cd["spacing_minutes"]),
            actor=request.user,
            actor_label=_label(request),
        )
    except InputError as exc:
        return _dashboard(request, symposium, 400, schedule_form=form, error=str(exc))
    except services.StateConflict as exc:
        return _dashboard(request, symposium, 409, schedule_form=form, error=str(exc))
    first, last = plan.slots[0][1], plan.slots[-1][1]
    msg = (
        f"Scheduled {len(plan.slots)} take{'s' if len(plan.slots) != 1 else ''} "
        f"from {first:%d %b %Y %H:%M} to {last:%d %b %Y %H:%M} UTC."
    )
    if plan.skipped:
        msg += f" {len(plan.skipped)} not approved yet were left out."
    messages.success(request, msg)
    return redirect("editorial:dashboard", slug=slug)


@require_POST
@editor_view
def add_role(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = _symposium(request, slug, need=SymposiumRole.Role.ADMIN)
    form = AddRoleForm(request.POST)
    if not form.is_valid():
        return _dashboard(request, symposium, 400, role_form=form, error=first_error(form))
    user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
    if user is None:
        return _dashboard(
            request,
            symposium,
            400,
            role_form=form,
            error=f"No account is called “{form.cleaned_data['username']}”. "
            "Create it in the admin first.",
        )
    SymposiumRole.objects.update_or_create(
        user=user, symposium=symposium, defaults={"role": form.cleaned_data["role"]}
    )
    messages.success(request, f"{user.get_username()} is now {form.cleaned_data['role']}.")
    return redirect("editorial:dashboard", slug=slug)


# -- takes ---------------------------------------------------------------------------------


def _take_page(request: HttpRequest, take: Take, status: int = 200, **extra: Any) -> HttpResponse:
    revisions = list(TakeRevision.objects.filter(take=take).select_related("author"))
    form = extra.pop("form", None)
    if form is None:
        form = EditTakeForm(
            initial={
                "version": take.version,
                "headline": take.headline or services.template_headline(take),
                "pull_quote": take.pull_quote,
                "body": take.body,
                "body_format": take.body_format,
                "bio_line": take.bio_line or services.bio_line_for(take),
                "photo_caption": take.photo_caption,
                "image_credit": take.image_credit,
            }
        )
    context = {
        "symposium": take.symposium,
        "take": take,
        "form": form,
        "suggestions": services.suggestions(take) if take.status != Take.Status.DRAFT else [],
        "revisions": revisions,
        "events": TakeEvent.objects.filter(take=take).order_by("-created_at", "-id"),
        "override_form": extra.pop("override_form", None) or OverrideForm(),
        "publish_form": extra.pop("publish_form", None) or PublishAtForm(),
        "diff_form": DiffForm(
            initial={
                "a": revisions[0].number if revisions else 1,
                "b": revisions[-1].number if revisions else 1,
            }
        ),
        "is_public": take.is_public(),
        "template_headline": services.template_headline(take),
        **extra,
    }
    return render(request, "editorial/take.html", context, status=status)


@require_http_methods(["GET", "POST"])
@editor_view
def take_detail(request: HttpRequest, slug: str, take_id: int) -> HttpResponse:
    symposium = _symposium(request, slug)
    take = _take(symposium, take_id)
    if request.method == "GET":
        return _take_page(request, take)
    form = EditTakeForm(request.POST)
    if not form.is_valid():
        return _take_page(request, take, 400, form=form, error=first_error(form))
    cd = form.cleaned_data
    try:
        take, changed = services.edit_take(
            take,
            cd["version"],
            cd,
            request.user,
            _label(request),
            override_reason=cd.get("override_reason", ""),
        )
    except services.EditConflict as exc:
        return _conflict(request, take, form, exc)
    except (InputError, services.StateConflict) as exc:
        return _take_page(
            request,
            take,
            _status_of(exc),
            form=form,
            error=str(exc),
            error_field=getattr(exc, "field", ""),
        )
    if changed:
        messages.success(request, f"Saved version {take.version}.")
    else:
        messages.info(request, "Nothing changed, so nothing was saved.")
    return redirect("editorial:take", slug=slug, take_id=take.pk)


def _conflict(
    request: HttpRequest, take: Take, form: EditTakeForm, exc: services.EditConflict
) -> HttpResponse:
    current = exc.current
    mine = dict(data_of(form))
    # The editor re-saves deliberately against the version now stored.
    retry = EditTakeForm(initial={**mine, "version": current.version})
    return _take_page(
        request,
        current,
        409,
        form=retry,
        error=str(exc),
        conflict={
            "theirs": current,
            "mine": mine,
            "segments": word_diff(current.body, mine.get("body", "")),
        },
    )


@require_POST
@editor_view
def take_action(request: HttpRequest, slug: str, take_id: int, action: str) -> HttpResponse:
    symposium = _symposium(request, slug)
    take = _take(symposium, take_id)
    user, label = request.user, _label(request)
    # Bound forms go back to the page on an error, so what was typed is kept.
    forms: dict[str, Any] = {}
    try:
        if action == "request-signoff":
            services.request_signoff(take, user, label, request.POST.get("note", ""))
            messages.success(request, f"Sent the edited take to {take.expert.name} for sign-off.")
        elif action == "override":
            oform = forms["override_form"] = OverrideForm(request.POST)
            if not oform.is_valid():
                return _take_page(request, take, 400, error=first_error(oform), **forms)
            services.override_signoff(take, user, label, oform.cleaned_data["reason"])
            messages.warning(request, "Approved without the expert's sign-off (override logged).")
        elif action == "publish-at":
            pform = forms["publish_form"] = PublishAtForm(request.POST)
            if not pform.is_valid():
                return _take_page(request, take, 400, error=first_error(pform), **forms)
            release.set_publish_at(take, pform.cleaned_data["publish_at"], user, label)
            messages.success(request, "Scheduled.")
        elif action == "unschedule":
            release.unschedule(take, user, label)
            messages.success(request, "Taken off the schedule; it stays approved.")
        elif action in ("up", "down"):
            release.move(take, action, user, label)
            return redirect(reverse("editorial:dashboard", args=[slug]) + "#release")
        else:
            raise Http404(f"There is no action “{action}”.")
    except (InputError, services.StateConflict) as exc:
        take.refresh_from_db()
        return _take_page(request, take, _status_of(exc), error=str(exc), **forms)
    return redirect("editorial:take", slug=slug, take_id=take.pk)


@require_GET
@editor_view
def take_diff(request: HttpRequest, slug: str, take_id: int) -> HttpResponse:
    symposium = _symposium(request, slug)
    take = _take(symposium, take_id)
    form = DiffForm(request.GET)
    if not form.is_valid():
        return _take_page(request, take, 400, error=first_error(form))
    try:
        diff = services.revision_diff(take, form.cleaned_data["a"], form.cleaned_data["b"])
    except NotFoundError as exc:
        return _take_page(request, take, 404, error=str(exc))
    return render(
        request,
        "editorial/diff.html",
        {"symposium": symposium, "take": take, "diff": diff, "form": form},
    )
