"""Forecast pages: questions, one question, track records, leaderboard, stances, CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe

from symposia.core.calibration import calibration_svg
from symposia.core.stance import stance_bars_svg
from symposia.errors import InputError
from symposia.web.forecasts import export, services, stances
from symposia.web.forecasts.charts import forecasts_over_time_svg
from symposia.web.forecasts.models import ForecastQuestion, Resolution
from symposia.web.panel.models import Expert
from symposia.web.publishing import display
from symposia.web.publishing.services import get_symposium


def questions(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = get_symposium(slug)
    qs = list(
        ForecastQuestion.objects.filter(symposium=symposium).prefetch_related(
            "resolutions", "forecasts"
        )
    )
    rows = []
    for q in qs:
        current = next((r for r in q.resolutions.all() if r.is_current), None)
        history = services.community_history(q) if q.kind == ForecastQuestion.Kind.BINARY else []
        rows.append(
            {
                "q": q,
                "resolution": current,
                "community": history[-1][1] if history else None,
                "forecasters": len({f.expert_id for f in q.forecasts.all()}),
            }
        )
    return render(request, "forecasts/questions.html", {"symposium": symposium, "rows": rows})


def question(request: HttpRequest, slug: str, question: str) -> HttpResponse:
    symposium = get_symposium(slug)
    q = get_object_or_404(ForecastQuestion, symposium=symposium, slug=question)
    # Names, slugs and take links as the symposium's anonymity allows ("Expert 7").
    namer = display.expert_namer(symposium)
    standing = sorted(
        (
            {
                "s": s,
                "name": namer.name(s.expert),
                "take_path": display.take_path(s.forecast.source_take)
                if s.forecast.source_take
                else "",
            }
            for s in services.standing_forecasts(q)
        ),
        key=lambda row: (row["s"].forecast.inferred, _natural(row["name"])),
    )
    resolutions = list(q.resolutions.order_by("-resolved_at"))
    current = next((r for r in resolutions if r.is_current), None)
    chart = ""
    community = []
    if q.kind == ForecastQuestion.Kind.BINARY:
        community = services.community_history(q)
        series: dict[str, list] = {}
        for f in q.forecasts.filter(inferred=False).select_related("expert").order_by("made_at"):
            if f.made_at < q.close_at and f.probability is not None:
                series.setdefault(namer.name(f.expert), []).append((f.made_at, f.probability))
        firsts = [pts[0][0] for pts in series.values()]
        start = min([q.created_at, *firsts])
        if series:  # the chart plots stated forecasts; inferred ones are listed below
            chart = forecasts_over_time_svg(series, community, start, q.close_at)
    report = services.score_questions(expert_key=namer.key, pk=q.pk) if current else None
    names = {namer.key(row["s"].expert): row["name"] for row in standing}
    return render(
        request,
        "forecasts/question.html",
        {
            "symposium": symposium,
            "q": q,
            "standing": standing,
            "resolutions": resolutions,
            "current": current,
            "chart": mark_safe(chart),  # escaped piecewise in charts.py
            "community": community[-1][1] if community else None,
            "report": report,
            "scores": [(names.get(e.expert, e.expert), e) for e in report.experts]
            if report
            else [],
        },
    )


def _natural(name: str) -> tuple[str, int]:
    """Sort key putting "Expert 2" before "Expert 10"."""
    head, _, tail = name.rpartition(" ")
    return (head, int(tail)) if tail.isdigit() else (name, 0)


def track_record(request: HttpRequest, slug: str) -> HttpResponse:
    expert = get_object_or_404(Expert, slug=slug, public_profile=True)
    records = services.track_record(expert)
    charts = [
        (
            r,
            mark_safe(
                calibration_svg(
                    r.calibration, title=f"Calibration ({r.kind})", label_id=f"cal-{r.kind}"
                )
            ),
        )
        for r in records
    ]
    return render(
        request,
        "forecasts/track_record.html",
        {"expert": expert, "charts": charts, "min_resolved": services.min_resolved()},
    )


def leaderboard(request: HttpRequest) -> HttpResponse:
    names = dict(Expert.objects.filter(public_profile=True).values_list("slug", "name"))
    boards = [
        (kind, [e for e in services.ranked(kind) if e.expert in names])
        for kind in ("stated", "inferred")
    ]
    return render(
        request,
        "forecasts/leaderboard.html",
        {"boards": boards, "names": names, "min_resolved": services.min_resolved()},
    )


def stance_results(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = get_symposium(slug)
    result = stances.results(symposium)
    if not result.stats:
        raise Http404("This symposium has no stance poll.")
    return render(
        request,
        "forecasts/stances.html",
        {
            "symposium": symposium,
            "result": result,
            "chart": mark_safe(stance_bars_svg(result.stats, title="The panel's stances")),
            # Without any confidence given, a confidence-weighted chart would be empty.
            "weighted": ""
            if not any(st.n_weighted for st in result.stats)
            else mark_safe(
                stance_bars_svg(
                    result.stats, title="Weighted by confidence", weighted=True, label_id="stancew"
                )
            ),
        },
    )


def csv_export(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    symposium = get_symposium(slug)
    make = export.EXPORTS.get(name)
    if make is None:
        raise Http404(f"No export called '{name}'. Try one of: {', '.join(export.EXPORTS)}.")
    response = HttpResponse(make(symposium), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{symposium.slug}-{name}.csv"'
    return response


@staff_member_required
def resolve(request: HttpRequest, slug: str, question: str) -> HttpResponse:
    symposium = get_symposium(slug)
    q = get_object_or_404(ForecastQuestion, symposium=symposium, slug=question)
    status = 200
    if request.method == "POST":
        value = request.POST.get("value", "").strip()
        try:
            services.resolve(
                q,
                request.POST.get("outcome", ""),
                source_note=request.POST.get("source_note", ""),
                option=request.POST.get("option", ""),
                value=float(value) if value else None,
                reason=request.POST.get("reason", ""),
                user=request.user,
            )
        except (InputError, ValueError) as exc:
            messages.error(request, str(exc))
            status = 400
        else:
            messages.success(request, "Resolution recorded.")
            return redirect("forecasts:question", slug=slug, question=q.slug)
    return render(
        request,
        "forecasts/resolve.html",
        {"symposium": symposium, "q": q, "outcomes": Resolution.Outcome.choices},
        status=status,
    )
