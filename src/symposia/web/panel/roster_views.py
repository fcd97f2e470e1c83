"""The roster pages under /editor/roster/: list, import (upload, mapping, review), export.

Everyone with an editorial account may browse the roster; importing and
exporting (the whole roster's personal data) need the "editor" or "admin"
group, as creating symposia does.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from symposia.core.roster import FIELDS, NAME_PARTS
from symposia.errors import InputError
from symposia.web.editorial import access
from symposia.web.editorial.views import editor_view
from symposia.web.panel import roster
from symposia.web.panel.forms import MAPPING_CHOICES, RosterFilterForm, UploadForm
from symposia.web.panel.models import Expert, RosterImport

PER_PAGE = 50
#: Rows of each kind the review page lists (the counts cover all of them).
SHOW_ROWS = 200


def _require_roster_admin(request: HttpRequest) -> None:
    if not access.can_create_symposia(request.user):
        raise PermissionDenied(
            "Importing and exporting the roster needs the editor or admin group. Ask an admin."
        )


@require_GET
@editor_view
def roster_list(request: HttpRequest) -> HttpResponse:
    form = RosterFilterForm(request.GET or None)
    qs = Expert.objects.order_by("name", "pk")
    if form.is_valid():
        cd = form.cleaned_data
        if cd["q"]:
            qs = qs.filter(
                Q(name__icontains=cd["q"])
                | Q(affiliation__icontains=cd["q"])
                | Q(email__icontains=cd["q"])
            )
        for f in ("region", "sector"):
            if cd[f]:
                qs = qs.filter(**{f: cd[f]})
        if cd["country"]:
            qs = qs.filter(country__iexact=cd["country"])
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "panel/roster_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_import": access.can_create_symposia(request.user),
            "imports": RosterImport.objects.filter(status=RosterImport.Status.IMPORTED)[:5],
        },
    )


@require_http_methods(["GET", "POST"])
@editor_view
def roster_import(request: HttpRequest) -> HttpResponse:
    _require_roster_admin(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not form.is_valid():
            error = next(iter(form.errors.values()))[0]
            return render(
                request, "panel/roster_import.html", {"form": form, "error": error}, status=400
            )
        f = form.cleaned_data["file"]
        try:
            record = roster.upload(
                f.read(),
                f.name,
                encoding=form.cleaned_data["encoding"] or None,
                actor=request.user,
                actor_label=access.actor_label(request.user),
            )
        except InputError as exc:
            return render(
                request, "panel/roster_import.html", {"form": form, "error": str(exc)}, status=400
            )
        return redirect("panel:roster_review", import_id=record.pk)
    return render(request, "panel/roster_import.html", {"form": form})


def _overrides(request: HttpRequest, header: tuple[str, ...]) -> dict[str, str]:
    valid = {c for c, _ in MAPPING_CHOICES}
    out: dict[str, str] = {}
    for i, h in enumerate(header):
        value = request.POST.get(f"col{i}")
        if value is not None and value in valid and h:
            out[h] = value
    return out


def _merges(request: HttpRequest) -> dict[int, int]:
    out: dict[int, int] = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("merge_") and value.isdigit():
            line = key.removeprefix("merge_")
            if line.isdigit():
                out[int(line)] = int(value)
    return out


def _review(
    request: HttpRequest, record: RosterImport, status: int = 200, **extra: Any
) -> HttpResponse:
    data = bytes(record.data)
    overrides = extra.pop("overrides", None) or record.mapping or None
    merges = extra.pop("merges", None) or {}
    context: dict[str, Any] = {
        "record": record,
        "choices": MAPPING_CHOICES,
        "merges": merges,
        **extra,
    }
    try:
        preview = roster.plan(
            data,
            record.source,
            overrides=overrides,
            merges=merges,
            encoding=record.encoding or None,
        )
    except InputError as exc:
        # A mapping without names: show the mapping step again with the message.
        from symposia.core.roster_read import read_table

        table = read_table(data, record.source, encoding=record.encoding or None)
        mapping = roster.mapping_from(table, None)
        context.update(
            columns=[(i, h, mapping.columns.get(i, "-")) for i, h in enumerate(table.header)],
            error=str(exc),
        )
        return render(request, "panel/roster_review.html", context, status=400)
    plan = preview.plan
    rows = {a: [r for r in plan.rows if r.action == a][:SHOW_ROWS] for a in ("create", "update")}
    context.update(
        preview=preview,
        plan=plan,
        counts=plan.counts,
        columns=[
            (i, h, preview.mapping.columns.get(i, "-")) for i, h in enumerate(preview.table.header)
        ],
        creates=rows["create"],
        updates=rows["update"],
        errors=plan.errors[:SHOW_ROWS],
        warnings=plan.warnings[:SHOW_ROWS],
        reviews=plan.reviews[:SHOW_ROWS],
        fields=FIELDS + NAME_PARTS,
    )
    return render(request, "panel/roster_review.html", context, status=status)


@require_http_methods(["GET", "POST"])
@editor_view
def roster_review(request: HttpRequest, import_id: int) -> HttpResponse:
    _require_roster_admin(request)
    record = RosterImport.objects.filter(pk=import_id).first()
    if record is None:
        raise Http404(f"No roster upload number {import_id}.")
    if record.status != RosterImport.Status.UPLOADED:
        return render(request, "panel/roster_done.html", {"record": record})
    if request.method == "GET":
        return _review(request, record)
    from symposia.core.roster_read import read_table

    header = read_table(bytes(record.data), record.source, encoding=record.encoding or None).header
    overrides = _overrides(request, header)
    merges = _merges(request)
    action = request.POST.get("action", "preview")
    if action == "discard":
        record.status = RosterImport.Status.DISCARDED
        record.data = b""
        record.save(update_fields=["status", "data"])
        messages.info(request, f"Discarded {record.source}; nothing was imported.")
        return redirect("panel:roster")
    record.mapping = overrides
    record.save(update_fields=["mapping"])
    if action != "import":
        return _review(request, record, overrides=overrides, merges=merges)
    try:
        preview = roster.apply(
            bytes(record.data),
            record.source,
            overrides=overrides,
            merges=merges,
            encoding=record.encoding or None,
            actor=request.user,
            actor_label=access.actor_label(request.user),
            record=record,
        )
    except InputError as exc:
        return _review(request, record, 400, overrides=overrides, merges=merges, error=str(exc))
    c = preview.plan.counts
    messages.success(
        request,
        f"Imported {record.source}: {c['create']} new, {c['update']} updated, "
        f"{c['unchanged']} unchanged.",
    )
    return redirect("panel:roster")


@require_GET
@editor_view
def roster_export(request: HttpRequest) -> HttpResponse:
    _require_roster_admin(request)
    buffer = io.StringIO()
    roster.export_experts(buffer)
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="roster-{stamp}.csv"'
    return response
