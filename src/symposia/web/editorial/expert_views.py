"""The expert's pages under /respond/: open the personal link, write, preview, submit, sign off.

Opening a link is two steps: the GET shows a "Continue" button and changes
nothing, the POST exchanges the link for a session. Mail scanners that
prefetch every link in an email therefore cannot use up the expert's link.

Status codes: 404 for a link nobody issued, 410 for a used or expired one
(with a way to get a new one by email), 403 for a revoked link, a page of
someone else's invitation or a submission after the deadline, 400 for a form
with missing fields, 409 for a step that no longer applies, 413 for an
oversized take.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from symposia.core.editorial import build_editor_note
from symposia.core.pullquote import suggest_pull_quotes
from symposia.web.editorial import links, services, submission
from symposia.web.editorial.forms import ExpertTakeForm, NewLinkForm, SignoffForm, first_error
from symposia.web.editorial.links import LinkState
from symposia.web.panel.models import Invitation
from symposia.web.takes.models import Take

_REFUSED_STATUS = {
    LinkState.USED: 410,
    LinkState.EXPIRED: 410,
    LinkState.REVOKED: 403,
    LinkState.UNKNOWN: 404,
}


def refused_page(request: HttpRequest, check: links.LinkCheck, token: str) -> HttpResponse:
    """The page for a used, expired, revoked or unknown link; offers a fresh link by email."""
    return render(
        request,
        "editorial/respond/refused.html",
        {
            "state": check.state.value,
            "token": token,
            "email_form": NewLinkForm(),
            "symposium": None,
        },
        status=_REFUSED_STATUS[check.state],
    )


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """A personal link: GET asks to continue, POST trades the link for a session."""
    if request.method == "GET":
        check = links.check_link(token)
        if check.state is not LinkState.VALID or check.invitation is None:
            return refused_page(request, check, token)
        return render(
            request,
            "editorial/respond/open.html",
            {"invitation": check.invitation, "token": token},
        )
    check = links.exchange(token, request.session)
    if check.state is not LinkState.VALID or check.invitation is None:
        return refused_page(request, check, token)
    return redirect("editorial:workspace", invitation_id=check.invitation.pk)


@require_POST
def new_link_for_token(request: HttpRequest, token: str) -> HttpResponse:
    """Email a fresh link for a used or expired one; the page never shows it."""
    links.reissue_for_token(token)
    return render(request, "editorial/respond/link_sent.html", status=202)


@require_http_methods(["GET", "POST"])
def new_link_by_email(request: HttpRequest) -> HttpResponse:
    """Ask for fresh links by email address; the answer never says whether it is known."""
    form = NewLinkForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(
                request,
                "editorial/respond/new_link.html",
                {"form": form, "error": first_error(form)},
                status=400,
            )
        links.reissue_for_email(form.cleaned_data["email"])
        return render(request, "editorial/respond/link_sent.html", status=202)
    return render(request, "editorial/respond/new_link.html", {"form": form})


def respond_home(request: HttpRequest) -> HttpResponse:
    """The invitations this browser opened; one goes straight to its page."""
    ids = links.session_invitation_ids(request.session)
    invitations = list(
        Invitation.objects.filter(pk__in=ids)
        .exclude(state__in=(Invitation.State.REVOKED, Invitation.State.OPTED_OUT))
        .select_related("symposium")
    )
    if len(invitations) == 1:
        return redirect("editorial:workspace", invitation_id=invitations[0].pk)
    return render(
        request,
        "editorial/respond/home.html",
        {"invitations": invitations},
        status=200 if invitations else 403,
    )


def _preview(invitation: Invitation, body: str, body_format: str, take: Take | None) -> dict:
    """The take as it would be published: headline, pull quote, note, body, bio line."""
    symposium = invitation.symposium
    probe = take or Take(symposium=symposium, expert=invitation.expert)
    best = suggest_pull_quotes(body, limit=1)
    return {
        "headline": probe.headline or services.template_headline(probe),
        "pull_quote": best[0].text if best else "",
        # The note counts the takes public now plus this one, as when it is published.
        "note": build_editor_note(
            symposium.editor_note_template,
            count=Take.objects.public().filter(symposium=symposium).exclude(pk=probe.pk).count()
            + 1,
        ),
        "body": body,
        "body_format": body_format,
        "bio_line": services.bio_line_for(probe),
    }


def _workspace(
    request: HttpRequest, invitation: Invitation, status: int = 200, **extra: Any
) -> HttpResponse:
    take = submission.expert_take(invitation)
    closed = services.deadline_passed(invitation.symposium)
    mode = "write"
    if take is not None and take.status != Take.Status.DRAFT:
        modes = {Take.Status.REVIEW.value: "review", Take.Status.SIGNOFF.value: "signoff"}
        mode = modes.get(str(take.status), "approved")
    elif closed:
        mode = "closed"
    form = extra.pop("form", None)
    if form is None and mode in ("write", "closed"):
        form = ExpertTakeForm(
            initial={
                "body": take.body if take else "",
                "body_format": take.body_format if take else Take.BodyFormat.PLAIN,
            }
        )
    context: dict[str, Any] = {
        "invitation": invitation,
        "symposium": invitation.symposium,
        "expert": invitation.expert,
        "take": take,
        "mode": mode,
        "form": form,
        "closed": closed,
        "max_chars": f"{services.MAX_BODY_CHARS:,}",
        "min_words": services.MIN_SUBMIT_WORDS,
        **extra,
    }
    if mode == "signoff" and take is not None:
        context["signoff"] = submission.signoff_view(take)
        context["headline"] = take.headline or services.template_headline(take)
        context["signoff_form"] = context.get("signoff_form") or SignoffForm(
            initial={"version": take.version}
        )
    if mode == "approved" and take is not None:
        context["public"] = take.is_public()
    return render(request, "editorial/respond/workspace.html", context, status=status)


def _session_invitation(request: HttpRequest, invitation_id: int) -> Invitation | None:
    return links.invitation_for_session(request.session, invitation_id)


def _not_yours(request: HttpRequest) -> HttpResponse:
    return render(request, "editorial/respond/not_yours.html", status=403)


@require_http_methods(["GET", "POST"])
def workspace(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """The expert's own page: write and submit, then review the edits and sign off."""
    invitation = _session_invitation(request, invitation_id)
    if invitation is None:
        return _not_yours(request)
    if request.method == "GET":
        return _workspace(request, invitation)
    action = request.POST.get("action", "")
    if action in ("approve", "changes"):
        return _signoff(request, invitation, action)
    if action not in ("preview", "save", "submit"):
        return _workspace(request, invitation, 400, error="Choose Preview, Save draft or Submit.")
    form = ExpertTakeForm(request.POST)
    if not form.is_valid():
        return _workspace(request, invitation, 400, form=form, error=first_error(form))
    body, fmt = form.cleaned_data["body"], form.cleaned_data["body_format"]
    if action == "preview":
        try:
            cleaned = services.clean_body(body)
        except services.FieldError as exc:
            status = 413 if isinstance(exc, services.TooLong) else 400
            return _workspace(request, invitation, status, form=form, error=str(exc))
        preview = _preview(invitation, cleaned, fmt, submission.expert_take(invitation))
        return _workspace(request, invitation, form=form, preview=preview)
    try:
        if action == "save":
            submission.save_draft(invitation, body, fmt)
        else:
            submission.submit(invitation, body, fmt)
    except services.DeadlinePassed as exc:
        return _workspace(request, invitation, 403, form=form, error=str(exc))
    except services.TooLong as exc:
        return _workspace(request, invitation, 413, form=form, error=str(exc))
    except services.FieldError as exc:
        return _workspace(request, invitation, 400, form=form, error=str(exc))
    except services.StateConflict as exc:
        return _workspace(request, invitation, 409, form=form, error=str(exc))
    messages.success(
        request,
        "Draft saved. Only you can see it until you submit."
        if action == "save"
        else "Thank you: your take is with the editors. We will email you their edits to approve.",
    )
    return redirect("editorial:workspace", invitation_id=invitation.pk)


def _signoff(request: HttpRequest, invitation: Invitation, action: str) -> HttpResponse:
    form = SignoffForm(request.POST)
    if not form.is_valid():
        return _workspace(request, invitation, 400, signoff_form=form, error=first_error(form))
    version, note = form.cleaned_data["version"], form.cleaned_data["note"]
    try:
        if action == "approve":
            submission.sign_off(invitation, version, note)
            flash = "Thank you: you approved the edited take. The editors will schedule it."
        else:
            submission.request_changes(invitation, version, note)
            flash = "Thank you: the editors have your note and will send a new version."
    except services.FieldError as exc:
        return _workspace(request, invitation, 400, signoff_form=form, error=str(exc))
    except services.StateConflict as exc:
        return _workspace(request, invitation, 409, error=str(exc))
    messages.success(request, flash)
    return redirect("editorial:workspace", invitation_id=invitation.pk)
