"""The editors' ingest page: paste or upload, check the parsed fields on the source, save."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from symposia.core.documents import decode_bytes
from symposia.core.parse import parse_document
from symposia.errors import ParseError
from symposia.web.editorial.views import _symposium, editor_view
from symposia.web.takes.highlight import field_spans, highlight
from symposia.web.takes.ingest import Ingestor, TakeFields

MAX_UPLOAD = 5 * 1024 * 1024
FIELDS = [f for f in TakeFields.__dataclass_fields__]


def _parse_inputs(request: HttpRequest) -> tuple[list[dict[str, Any]], list[str]]:
    sources: list[tuple[str, str]] = []
    errors: list[str] = []
    text = request.POST.get("text", "")
    if text.strip():
        sources.append(("pasted text", text))
    for upload in request.FILES.getlist("files"):
        name = upload.name or "upload"
        if (upload.size or 0) > MAX_UPLOAD:
            errors.append(f"{name}: larger than 5 MB -- split it or use `symposia ingest`")
            continue
        try:
            decoded, _ = decode_bytes(upload.read())
        except ParseError as exc:
            errors.append(f"{name}: {exc}")
            continue
        sources.append((name, decoded))
    found: list[dict[str, Any]] = []
    for name, raw in sources:
        try:
            page = parse_document(raw, source=name)
        except ParseError as exc:
            errors.append(f"{name}: {exc}")
            continue
        if not page.takes:
            errors.append(f"{name}: no expert take found (a hub or news page?)")
        for i, take in enumerate(page.takes):
            found.append(
                {
                    "ref": f"{name}#{i + 1}" if len(page.takes) > 1 else name,
                    "fields": TakeFields.from_parsed(take),
                    "source": highlight(page.text, field_spans(take)),
                    "warnings": take.warnings,
                }
            )
    return found, errors


def _submitted(request: HttpRequest) -> list[tuple[str, TakeFields | None, list[str]]]:
    rows = []
    count = int(request.POST.get("count", "0") or 0)
    for i in range(min(count, 500)):
        if request.POST.get(f"t{i}-import") != "on":
            continue
        values = {f: request.POST.get(f"t{i}-{f}", "").strip() for f in FIELDS}
        missing = [f for f in ("name", "body") if not values[f]]
        ref = request.POST.get(f"t{i}-ref", f"take {i + 1}")
        rows.append((ref, None if missing else TakeFields(**values), missing))
    return rows


@editor_view
def ingest(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = _symposium(request, slug)
    context: dict[str, Any] = {"symposium": symposium, "fields": FIELDS}
    if request.method != "POST":
        return render(request, "takes/ingest.html", context)
    if request.POST.get("action") == "save":
        rows = _submitted(request)
        bad = [f"{ref}: {', '.join(missing)} missing" for ref, _, missing in rows if missing]
        if bad or not rows:
            context["errors"] = bad or ["tick at least one take to import"]
            return render(request, "takes/ingest.html", context, status=400)
        ingestor = Ingestor(symposium)
        with transaction.atomic():
            results = [
                ingestor.save(fields, f"ingest page: {ref}") for ref, fields, _ in rows if fields
            ]
        for r in results:
            extra = f" ({r['reason']})" if r["outcome"] == "duplicate" else ""
            messages.success(request, f"{r['name']}: {r['outcome']}{extra}")
        return redirect("editorial:dashboard", slug=symposium.slug)
    found, errors = _parse_inputs(request)
    context.update(found=found, errors=errors, text=request.POST.get("text", ""))
    return render(request, "takes/ingest.html", context, status=200 if found else 400)
