"""Public read endpoints: published content only, no token needed."""

# No `from __future__ import annotations`: django-ninja reads the real annotations.
from collections import defaultdict
from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Schema
from ninja.pagination import paginate

from symposia.core.aggregate import median_forecast
from symposia.web.api import serialize
from symposia.web.api.errors import bad_request
from symposia.web.api.pagination import Pagination
from symposia.web.api.router import router
from symposia.web.api.schemas import (
    ErrorOut,
    ExpertOut,
    ForecastQuestionOut,
    SearchOut,
    SymposiumOut,
    SynthesisOut,
    SynthesisRunOut,
    TakeOut,
)
from symposia.web.forecasts.models import Forecast, ForecastQuestion, Resolution
from symposia.web.panel.models import Expert
from symposia.web.publishing import display, hub, search, services
from symposia.web.publishing.models import Symposium
from symposia.web.synthesis import anonymity
from symposia.web.synthesis.models import SynthesisRun
from symposia.web.takes.models import Take

ERRORS: dict[int, Any] = {400: ErrorOut, 404: ErrorOut}


class TakeFilters(Schema):
    region: str = ""
    sector: str = ""
    outlook: str = ""
    q: str = ""


class ExpertFilters(Schema):
    symposium: str = ""
    region: str = ""
    sector: str = ""


def _public_count(symposium: Symposium) -> int:
    return Take.objects.public().filter(symposium=symposium).count()


@router.get("/symposia", response=list[SymposiumOut], tags=["symposia"])
@paginate(Pagination)
def list_symposia(request: HttpRequest) -> list[dict[str, Any]]:
    """Symposia with published takes, newest first."""
    return [serialize.symposium_out(s, getattr(s, "n_public", 0)) for s in services.archive()]


@router.get("/symposia/{slug}", response={200: SymposiumOut, **ERRORS}, tags=["symposia"])
def get_symposium(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One public symposium."""
    s = services.get_symposium(slug)
    return serialize.symposium_out(s, _public_count(s))


@router.get("/symposia/{slug}/takes", response={200: list[TakeOut], **ERRORS}, tags=["takes"])
@paginate(Pagination)
def list_takes(
    request: HttpRequest, slug: str, filters: Query[TakeFilters]
) -> list[dict[str, Any]]:
    """Published takes of a symposium in release order.

    Filter by ``region``, ``sector``, ``outlook`` (once a synthesis exists) and
    words ``q``; an unknown value is a 400 that lists the values that work.
    """
    symposium = services.get_symposium(slug)
    takes = services.public_takes(symposium)
    sel = hub.select(symposium, takes, filters.dict())
    return [serialize.take_out(t, sel.outlook(t)) for t in sel.takes]


@router.get("/takes/{take_id}", response={200: TakeOut, **ERRORS}, tags=["takes"])
def get_take(request: HttpRequest, take_id: int) -> dict[str, Any]:
    """One published take."""
    take = Take.objects.public().select_related("expert", "symposium").filter(pk=take_id).first()
    if take is None:
        raise Http404(f"No published take with id {take_id}.")
    return serialize.take_out(take)


@router.get("/experts", response={200: list[ExpertOut], **ERRORS}, tags=["experts"])
@paginate(Pagination)
def list_experts(request: HttpRequest, filters: Query[ExpertFilters]) -> Any:
    """Experts with a public profile and a published take in an attributed symposium."""
    qs = search.public_experts()
    if filters.symposium:
        symposium = services.get_symposium(filters.symposium)
        if display.is_anonymous(symposium):
            return []
        qs = qs.filter(takes__in=Take.objects.public().filter(symposium=symposium)).distinct()
    if filters.sector:
        if filters.sector not in Expert.Sector.values:
            raise bad_request(
                f"Unknown sector '{filters.sector}'. Use one of: {', '.join(Expert.Sector.values)}."
            )
        qs = qs.filter(sector=filters.sector)
    if filters.region:
        qs = qs.filter(region=filters.region)
    return [serialize.expert_out(e) for e in qs.order_by("name", "slug")]


@router.get("/experts/{slug}", response={200: ExpertOut, **ERRORS}, tags=["experts"])
def get_expert(request: HttpRequest, slug: str) -> dict[str, Any]:
    """An expert with a public profile and at least one published take."""
    expert, _ = services.expert_page(slug)
    return serialize.expert_out(expert)


def _done_runs(symposium: Symposium) -> Any:
    return SynthesisRun.objects.filter(
        symposium=symposium, status=SynthesisRun.Status.DONE
    ).order_by("-finished_at", "-pk")


@router.get(
    "/symposia/{slug}/synthesis-runs",
    response={200: list[SynthesisRunOut], **ERRORS},
    tags=["synthesis"],
)
@paginate(Pagination)
def list_synthesis_runs(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Finished synthesis runs of a symposium, newest first (without their reports)."""
    symposium = services.get_symposium(slug)
    runs = _done_runs(symposium).defer("result", "record")
    return [serialize.run_out(r, slug) for r in runs]


def _synthesis(symposium: Symposium, run: SynthesisRun) -> dict[str, Any]:
    out = serialize.run_out(run, symposium.slug)
    result, record = run.result or {}, run.record
    if display.is_anonymous(symposium):
        # The same pseudonyms ("Expert 7") as the synthesis and forecast pages.
        labels = anonymity.labels_for(symposium)
        result, record = anonymity.anonymise(result, labels), anonymity.anonymise(record, labels)
    return {**out, "result": result, "record": record}


@router.get(
    "/symposia/{slug}/synthesis", response={200: SynthesisOut, **ERRORS}, tags=["synthesis"]
)
def latest_synthesis(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The newest finished synthesis of the whole panel: the report and how it was made."""
    symposium = services.get_symposium(slug)
    for run in _done_runs(symposium)[:10]:
        if not (run.settings or {}).get("filters"):
            return _synthesis(symposium, run)
    raise Http404(f"Symposium '{slug}' has no finished synthesis yet.")


@router.get("/synthesis-runs/{run_id}", response={200: SynthesisOut, **ERRORS}, tags=["synthesis"])
def get_synthesis_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """One finished synthesis run of a public symposium, with its report."""
    run = SynthesisRun.objects.select_related("symposium").filter(pk=run_id).first()
    if run is None or run.status != SynthesisRun.Status.DONE:
        raise Http404(f"No finished synthesis run with id {run_id}.")
    services.get_symposium(run.symposium.slug)  # 404 for a symposium readers cannot see
    return _synthesis(run.symposium, run)


def _community(question: ForecastQuestion, latest: list[Forecast]) -> dict[str, Any]:
    if question.kind == ForecastQuestion.Kind.BINARY:
        probs = [f.probability for f in latest if f.probability is not None]
        return {
            "forecasters": len(latest),
            "median": round(float(median_forecast(probs)), 4) if probs else None,
        }
    if question.kind == ForecastQuestion.Kind.MULTIPLE_CHOICE and question.options:
        rows = [
            [float((f.probabilities or {}).get(o, 0.0)) for o in question.options]
            for f in latest
            if f.probabilities
        ]
        if rows:
            agg = median_forecast(rows)
            medians = {o: round(float(p), 4) for o, p in zip(question.options, agg, strict=True)}  # type: ignore[arg-type]
            return {"forecasters": len(latest), "medians": medians}
    return {"forecasters": len(latest)}


@router.get(
    "/symposia/{slug}/forecasts",
    response={200: list[ForecastQuestionOut], **ERRORS},
    tags=["forecasts"],
)
@paginate(Pagination)
def list_forecast_questions(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Forecast questions of a symposium with how many experts forecast each.

    The panel's median forecast is published once a question has closed, so it
    cannot sway forecasts still being made; a resolved question shows its outcome.
    """
    symposium = services.get_symposium(slug)
    now = timezone.now()
    questions = list(
        ForecastQuestion.objects.filter(symposium=symposium)
        .annotate(n=Count("forecasts__expert", distinct=True))
        .order_by("close_at", "slug")
    )
    current = dict(
        Resolution.objects.filter(question__in=questions, is_current=True).values_list(
            "question_id", "outcome"
        )
    )
    latest: dict[int, dict[int, Forecast]] = defaultdict(dict)
    closed_ids = [q.pk for q in questions if q.close_at <= now]
    for f in Forecast.objects.filter(question_id__in=closed_ids).order_by("made_at", "pk"):
        latest[f.question_id][f.expert_id] = f  # later rows overwrite: the latest per expert
    return [
        {
            "slug": q.slug,
            "symposium": slug,
            "title": q.title,
            "kind": q.kind,
            "options": [str(o) for o in q.options or []],
            "resolution_criteria": q.resolution_criteria,
            "close_at": q.close_at,
            "resolve_by": q.resolve_by,
            "closed": q.close_at <= now,
            "forecasters": q.n,
            "community": _community(q, list(latest[q.pk].values())) if q.close_at <= now else None,
            "resolution": current.get(q.pk),
        }
        for q in questions
    ]


@router.get("/search", response={200: SearchOut, **ERRORS}, tags=["search"])
def search_all(request: HttpRequest, q: str) -> dict[str, Any]:
    """Full-text search over published takes and experts (at most 20 of each)."""
    results = search.search(q)
    return {
        "query": q,
        "takes": [serialize.take_out(h.take) for h in results.takes[:20]],
        "experts": [serialize.expert_out(e) for e in results.experts[:20]],
    }
