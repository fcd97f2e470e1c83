"""Public pages: the archive, a symposium's hub, a take, an expert."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from symposia.web.publishing import services


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/home.html", {"symposia": services.archive()})


def hub(request: HttpRequest, slug: str) -> HttpResponse:
    symposium = services.get_symposium(slug)
    takes = services.public_takes(symposium)
    return render(
        request,
        "publishing/hub.html",
        {
            "symposium": symposium,
            "takes": takes,
            "count": len(takes),
            "intro": symposium.intro.split("\n\n"),
        },
    )


def take(request: HttpRequest, slug: str, expert: str) -> HttpResponse:
    page = services.take_page(slug, expert)
    return render(request, "publishing/take.html", {"page": page, "symposium": page.take.symposium})


def expert(request: HttpRequest, slug: str) -> HttpResponse:
    person, takes = services.expert_page(slug)
    return render(request, "publishing/expert.html", {"expert": person, "takes": takes})


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
