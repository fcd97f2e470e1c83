"""The synthesis page of a symposium, and the editor's button that starts a run."""

from __future__ import annotations

import json

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from symposia.web.publishing import display
from symposia.web.publishing import services as publishing
from symposia.web.synthesis import anonymity, services, view_model
from symposia.web.synthesis.charts import outlook_svg
from symposia.web.synthesis.models import SynthesisRun


def page(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = publishing.get_symposium(slug)
    run = services.latest_result(symposium)
    if run is None or not run.result:
        raise Http404("No synthesis has been published for this symposium yet.")
    filters = view_model.Filters(
        region=request.GET.get("region", ""),
        sector=request.GET.get("sector", ""),
        gender=request.GET.get("gender", ""),
    )
    result, record = run.result, run.record
    if display.is_anonymous(symposium):
        # Pseudonyms ("Expert 7") instead of names and slugs, the same as on every other page.
        labels = anonymity.labels_for(symposium)
        result, record = anonymity.anonymise(result, labels), anonymity.anonymise(record, labels)
    anonymous = display.is_anonymous(symposium)
    pm = view_model.build(
        result, filters, min_group=view_model.MIN_ANONYMOUS_GROUP if anonymous else 1
    )
    if filters.active and len(pm.subset) < pm.min_group:
        # An anonymous panel narrowed to one or two experts would say who wrote what.
        too_small = anonymous and bool(pm.subset)
        return render(
            request,
            "synthesis/page.html",
            {"symposium": symposium, "run": run, "pm": pm, "empty": True, "too_small": too_small},
            status=200,
        )
    take_urls = {str(t.pk): display.take_path(t) for t in publishing.public_takes(symposium)}
    tally_region = view_model.tally(pm.outlook, "region", pm.min_group)
    tally_sector = view_model.tally(pm.outlook, "sector", pm.min_group)
    chart_region = outlook_svg(tally_region, "Outlook by region")
    chart_sector = outlook_svg(tally_sector, "Outlook by sector")
    return render(
        request,
        "synthesis/page.html",
        {
            "symposium": symposium,
            "run": run,
            "pm": pm,
            "take_urls": take_urls,
            "chart_region": mark_safe(chart_region),  # built from escaped parts in charts.py
            "chart_sector": mark_safe(chart_sector),
            "record_json": json.dumps(record or {}, indent=1, sort_keys=True),
            "filtered": filters.active,
        },
    )


@staff_member_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = publishing.get_symposium(slug)
    services.start_synthesis(symposium)
    return redirect("synthesis:status", slug=slug)


@staff_member_required
def status(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = publishing.get_symposium(slug)
    runs = SynthesisRun.objects.filter(symposium=symposium).order_by("-created_at")[:10]
    return render(request, "synthesis/status.html", {"symposium": symposium, "runs": runs})
