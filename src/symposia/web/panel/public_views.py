"""The expert's pages of outreach: decline an invitation, unsubscribe from all emails.

Both follow the link rules of the editorial app: a GET only shows a page (mail
scanners prefetch links), the POST acts. Declining with a personal token
spends it through :func:`symposia.web.editorial.links.exchange`, exactly as
opening the invitation would; once spent, the same browser can still decline
from its session. The unsubscribe link is signed, never expires and needs no
token in the database, so it works forever; mail clients may POST to it
directly (RFC 8058 one-click unsubscribe), hence no CSRF check on it.

Status codes: 404 unknown link, 410 used or expired link (with a way to a new
one), 403 revoked, 409 already answered, 400 a bad signature or form.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from symposia.errors import InputError
from symposia.web.editorial import links
from symposia.web.editorial.links import LinkState
from symposia.web.panel import mail, responses
from symposia.web.panel.forms import DeclineForm
from symposia.web.panel.models import Invitation, OptOut

_REFUSED = {
    LinkState.USED: 410,
    LinkState.EXPIRED: 410,
    LinkState.REVOKED: 403,
    LinkState.UNKNOWN: 404,
}


def _page(
    request: HttpRequest, template: str, status: int = 200, **context: object
) -> HttpResponse:
    return render(
        request, f"panel/public/{template}", {"expert_page": True, **context}, status=status
    )


def _decline_page(
    request: HttpRequest, invitation: Invitation, action: str, status: int = 200, **extra: object
) -> HttpResponse:
    return _page(
        request,
        "decline.html",
        status,
        invitation=invitation,
        symposium=invitation.symposium,
        action=action,
        form=extra.pop("form", None) or DeclineForm(),
        **extra,
    )


def _do_decline(request: HttpRequest, invitation: Invitation, action: str) -> HttpResponse:
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _decline_page(
            request, invitation, action, 400, form=form, error="The reason is too long."
        )
    try:
        responses.decline(invitation, form.cleaned_data["reason"])
    except InputError as exc:
        return _page(request, "declined.html", 409, invitation=invitation, error=str(exc))
    return _page(request, "declined.html", invitation=invitation, symposium=invitation.symposium)


@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, token: str) -> HttpResponse:
    """Decline from the link in the invitation email."""
    check = links.check_link(token)
    inv = check.invitation
    if check.state is LinkState.VALID and inv is not None:
        if request.method == "GET":
            return _decline_page(request, inv, request.path)
        if inv.state == Invitation.State.DECLINED:
            return _page(request, "declined.html", invitation=inv, symposium=inv.symposium)
        exchanged = links.exchange(token, request.session)
        if exchanged.state is not LinkState.VALID or exchanged.invitation is None:
            return _refused(request, exchanged.state, token)
        return _do_decline(request, exchanged.invitation, request.path)
    if check.state in (LinkState.USED, LinkState.EXPIRED) and inv is not None:
        # The link is spent, but this browser may hold the session it was traded for.
        own = links.invitation_for_session(request.session, inv.pk)
        if own is not None:
            if request.method == "GET":
                return _decline_page(request, own, request.path)
            return _do_decline(request, own, request.path)
    return _refused(request, check.state, token)


def _refused(request: HttpRequest, state: LinkState, token: str) -> HttpResponse:
    return _page(request, "refused.html", _REFUSED.get(state, 404), state=state.value, token=token)


@require_http_methods(["GET", "POST"])
def decline_session(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Decline from the expert's own page (the browser that opened the link)."""
    inv = links.invitation_for_session(request.session, invitation_id)
    if inv is None:
        return _page(request, "refused.html", 403, state="not_yours", token="")
    if request.method == "GET":
        return _decline_page(request, inv, request.path)
    return _do_decline(request, inv, request.path)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, signed: str) -> HttpResponse:
    """Stop every email to the address the signed link names; works forever."""
    hash_ = mail.unsubscribe_hash(signed)
    if hash_ is None:
        return _page(request, "unsubscribe.html", 400, state="bad")
    done = OptOut.objects.filter(email_hash=hash_).exists()
    if request.method == "GET":
        return _page(request, "unsubscribe.html", state="done" if done else "ask", signed=signed)
    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    responses.opt_out(hash_, OptOut.Source.ONE_CLICK if one_click else OptOut.Source.LINK)
    return _page(request, "unsubscribe.html", state="done")
