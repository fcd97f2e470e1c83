"""The editor's Delphi page under /editor/s/<slug>/delphi/: rounds, statistics, stop rule.

Editors need a role on the symposium (:mod:`symposia.web.editorial.access`).
Status codes as on the other editors' pages: 400 for a form with bad fields,
403 without a role, 404 for an unknown symposium, 409 for a step that does not
apply now (a round still open, the Delphi already stopped).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_POST

from symposia.core.editorial import slugify
from symposia.errors import InputError
from symposia.web.delphi import mail, services
from symposia.web.delphi.models import RankingQuestion
from symposia.web.delphi.overview import overview
from symposia.web.editorial import access
from symposia.web.editorial.views import editor_view
from symposia.web.publishing.models import Symposium


def _symposium(request: HttpRequest, slug: str) -> Symposium:
    symposium = Symposium.objects.filter(slug=slug).first()
    if symposium is None:
        raise Http404(f"No symposium called '{slug}'.")
    access.require_role(request.user, symposium)
    return symposium


def _page(
    request: HttpRequest, symposium: Symposium, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"symposium": symposium, "ov": overview(symposium), **extra}
    return render(request, "delphi/editor.html", context, status=status)


@require_GET
@editor_view
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _symposium(request, slug))


def _float(post: Any, name: str, label: str) -> float:
    raw = str(post.get(name, "")).strip().rstrip("%")
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"{label}: “{raw[:20]}” is not a number") from None
    return value / 100 if value > 1 else value  # "75" and "0.75" both mean three in four


def _closes_at(raw: str) -> datetime | None:
    raw = raw.strip()
    if not raw:
        return None
    dt = parse_datetime(raw)
    if dt is None:
        raise InputError(
            f"closing time “{raw[:30]}” is not a date and time", "use 2026-05-01 18:00"
        )
    return timezone.make_aware(dt, UTC) if timezone.is_naive(dt) else dt


@require_POST
@editor_view
def start(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = _symposium(request, slug)
    post = request.POST
    try:
        max_raw = str(post.get("max_rounds", "")).strip()
        if not max_raw.isdigit():
            raise InputError(f"maximum rounds “{max_raw[:10]}” is not a whole number")
        least = str(post.get("min_answers", "3")).strip()
        if not least.isdigit():
            raise InputError(f"minimum answers “{least[:10]}” is not a whole number")
        threshold = _float(post, "threshold", "Consensus threshold")
        iqr_width = _float(post, "iqr_width", "IQR width")
        kendall = _float(post, "kendall_threshold", "Kendall's W threshold")
        closes_at = _closes_at(str(post.get("closes_at", "")))
    except InputError as exc:
        return _page(request, symposium, 400, error=str(exc))
    try:
        new = services.start_round(
            symposium,
            threshold=threshold,
            iqr_width=iqr_width,
            kendall_threshold=kendall,
            max_rounds=int(max_raw),
            min_answers=int(least),
            closes_at=closes_at,
            user=request.user,
        )
    except services.RoundConflict as exc:
        return _page(request, symposium, 409, error=str(exc))
    except InputError as exc:
        return _page(request, symposium, 400, error=str(exc))
    note = ""
    if post.get("send"):
        sent = mail.send_round_links(new, request.user, access.actor_label(request.user))
        note = f" Links emailed to {len(sent.sent)} expert{'s' if len(sent.sent) != 1 else ''}."
        if sent.skipped:
            note += " Not sent: " + "; ".join(f"{n} ({why})" for n, why in sent.skipped) + "."
    messages.success(request, f"Round {new.number} is open.{note}")
    return redirect("delphi:editor", slug=slug)


@require_POST
@editor_view
def close(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = _symposium(request, slug)
    current = services.open_round(symposium)
    if current is None:
        return _page(request, symposium, 409, error="No round is open.")
    closed = services.close_round(current)
    messages.success(
        request, f"Round {closed.number} is closed: {(closed.decision or {}).get('reason', '')}."
    )
    return redirect("delphi:editor", slug=slug)


@require_POST
@editor_view
def send(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = _symposium(request, slug)
    current = services.open_round(symposium)
    if current is None:
        return _page(request, symposium, 409, error="No round is open: there is nothing to send.")
    sent = mail.send_round_links(current, request.user, access.actor_label(request.user))
    text = f"Links to round {current.number} emailed to {len(sent.sent)} expert(s)."
    if sent.skipped:
        text += " Not sent: " + "; ".join(f"{n} ({why})" for n, why in sent.skipped) + "."
    messages.success(request, text)
    return redirect("delphi:editor", slug=slug)


@require_POST
@editor_view
def add_ranking(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = _symposium(request, slug)
    prompt = str(request.POST.get("prompt", "")).strip()
    items = [i.strip() for i in str(request.POST.get("items", "")).splitlines() if i.strip()]
    error = ""
    if not prompt:
        error = "A ranking question needs a prompt: what should the experts put in order?"
    elif len(items) < 2 or len(set(items)) != len(items):
        error = "Give two or more different items, one a line."
    elif any(len(i) > 200 for i in items) or len(prompt) > 500:
        error = "Keep the prompt under 500 characters and each item under 200."
    elif services.last_number(symposium) > 1 or services.open_round(symposium) is not None:
        error = "Ranking questions are added before round 2 opens, so every round can compare them."
    if error:
        return _page(
            request,
            symposium,
            400,
            error=error,
            ranking_prompt=prompt,
            ranking_items="\n".join(items),
        )
    base = slugify(prompt)[:100] or "ranking"
    slug_, n = base, 2
    while RankingQuestion.objects.filter(symposium=symposium, slug=slug_).exists():
        slug_, n = f"{base}-{n}", n + 1
    RankingQuestion.objects.create(
        symposium=symposium,
        slug=slug_,
        prompt=prompt,
        items=items,
        order=RankingQuestion.objects.filter(symposium=symposium).count(),
    )
    messages.success(request, f"Ranking question added: {prompt}")
    return redirect("delphi:editor", slug=slug)
