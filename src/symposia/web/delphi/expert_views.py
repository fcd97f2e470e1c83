"""The expert's round page: the group's anonymised feedback, then their own answers to revise.

The expert is identified exactly as on their take workspace: by the session
the editorial app binds to their invitation when they open their personal
link (:func:`symposia.web.editorial.links.exchange`). A round email carries a
link to ``/respond/<token>/round/``, which is that same exchange followed by a
redirect to this page instead of the workspace.

Status codes: 403 for a page of someone else's invitation or a round that
takes no answers, 404/410 for unknown or used links (as the editorial app),
400 for a form with bad fields or a changed answer without a reason, 409 for
a second set of answers to the same round.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from symposia.core.delphi import GroupFeedback
from symposia.errors import InputError
from symposia.web.delphi import forms, services, stats
from symposia.web.delphi.models import DelphiRound, Response
from symposia.web.editorial import links
from symposia.web.editorial.expert_views import refused_page
from symposia.web.editorial.links import LinkState
from symposia.web.panel.models import Invitation


@require_http_methods(["GET", "POST"])
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """A round link: GET asks to continue (mail scanners change nothing), POST opens the page."""
    if request.method == "GET":
        check = links.check_link(token)
        if check.state is not LinkState.VALID or check.invitation is None:
            return refused_page(request, check, token)
        return render(
            request,
            "delphi/open.html",
            {"invitation": check.invitation, "token": token, "expert_page": True},
        )
    check = links.exchange(token, request.session)
    if check.state is not LinkState.VALID or check.invitation is None:
        return refused_page(request, check, token)
    return redirect("delphi:respond", invitation_id=check.invitation.pk)


def _feedback(delphi_round: DelphiRound | None) -> GroupFeedback | None:
    if delphi_round is None or not delphi_round.feedback:
        return None
    return GroupFeedback.from_dict(delphi_round.feedback)


def _feedback_rows(fb: GroupFeedback | None, labels: stats.Labels) -> dict[str, Any]:
    """The feedback with labels for ids and shares as percentages, for the template."""
    if fb is None:
        return {}
    order = ["Strongly agree", "Agree", "Uncertain", "Disagree", "Strongly disagree"]
    stances = []
    for d in fb.stances:
        total = d.n or 1
        stances.append(
            {
                "label": labels.statements.get(d.statement, d.statement),
                "n": d.n,
                "no_opinion": d.n_no_opinion,
                "bars": [
                    (a, d.counts.get(a, 0), round(100 * d.counts.get(a, 0) / total)) for a in order
                ],
                "agree": round(100 * d.agree),
                "disagree": round(100 * d.disagree),
            }
        )
    return {
        "round": fb.round,
        "themes": fb.themes,
        "stances": stances,
        "forecasts": [
            {"label": labels.spreads.get(f.question, f.question), "f": f} for f in fb.forecasts
        ],
        "rankings": [
            {"label": labels.rankings.get(r.question, r.question), "r": r} for r in fb.rankings
        ],
    }


def _page(
    request: HttpRequest, invitation: Invitation, status: int = 200, **extra: Any
) -> HttpResponse:
    symposium = invitation.symposium
    number = services.answering_round(symposium)
    current = services.open_round(symposium)
    past = services.rounds(symposium)
    shown = current or (past[-1] if past else None)
    expert = invitation.expert
    answered = (
        Response.objects.filter(symposium=symposium, round=number, expert=expert).first()
        if number
        else None
    )
    prev = services.previous_answers(symposium, expert, number or services.last_number(symposium))
    labels = stats.labels(symposium)
    context = {
        "invitation": invitation,
        "symposium": symposium,
        "expert": expert,
        "expert_page": True,
        "number": number,
        "round": current,
        "answered": answered,
        "fb": _feedback_rows(_feedback(shown), labels),
        "form": extra.pop("form", None) or forms.build(symposium, prev),
        **extra,
    }
    return render(request, "delphi/respond.html", context, status=status)


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """The expert's round page: feedback, their previous answers, the form to revise them."""
    invitation = links.invitation_for_session(request.session, invitation_id)
    if invitation is None:
        return render(request, "editorial/respond/not_yours.html", status=403)
    if request.method == "GET":
        return _page(request, invitation)
    symposium = invitation.symposium
    number = services.answering_round(symposium)
    prev = services.previous_answers(
        symposium, invitation.expert, number or services.last_number(symposium)
    )
    form = forms.build(symposium, prev, request.POST)
    try:
        answers = forms.parse(symposium, request.POST)
        services.submit(symposium, invitation.expert, answers)
    except services.RoundClosed as exc:
        return _page(request, invitation, 403, form=form, error=str(exc))
    except services.AlreadyAnswered as exc:
        return _page(request, invitation, 409, error=str(exc))
    except InputError as exc:
        return _page(request, invitation, 400, form=form, error=str(exc))
    messages.success(
        request,
        f"Thank you: your answers to round {number} are in. "
        "The editors will write when the next round opens.",
    )
    return redirect("delphi:respond", invitation_id=invitation.pk)
