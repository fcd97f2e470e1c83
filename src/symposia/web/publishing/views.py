"""Public pages: the archive, a symposium's hub, a take, an expert, search, feeds, sitemap.

Views only fetch (through services, hub, search) and render; the public pages
are cached per symposium (see :mod:`symposia.web.publishing.cache`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from symposia.web.publishing import display, feeds, services
from symposia.web.publishing import hub as hub_service
from symposia.web.publishing import search as search_service
from symposia.web.publishing.cache import cached_page
from symposia.web.publishing.sitemaps import SITEMAPS

SEARCH_PAGE_SIZE = 20


def _site(**kwargs: Any) -> None:
    return None


def _symposium(slug: str, **kwargs: Any) -> str:
    return slug


@cached_page(_site)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/home.html", {"symposia": services.archive()})


@cached_page(_symposium, params=frozenset({"region", "sector", "outlook"}))
def hub(request: HttpRequest, slug: str) -> HttpResponse:
    page = hub_service.hub_page(slug, request.GET)
    return render(
        request,
        "publishing/hub.html",
        {"page": page, "symposium": page.symposium, "count": page.total},
        status=400 if page.error else 200,
    )


@cached_page(_symposium)
def take(request: HttpRequest, slug: str, expert: str) -> HttpResponse:
    page = services.take_page(slug, expert, request.GET.get("hl", ""))
    return render(request, "publishing/take.html", {"page": page, "symposium": page.take.symposium})


@cached_page(_site)
def expert(request: HttpRequest, slug: str) -> HttpResponse:
    person, takes = services.expert_page(slug)
    rows = [
        {"take": t, "path": display.take_path(t), "headline": display.headline(t)} for t in takes
    ]
    return render(request, "publishing/expert.html", {"expert": person, "rows": rows})


def search(request: HttpRequest) -> HttpResponse:
    """Site-wide full-text search over public takes and experts: ``/search?q=...``."""
    query = request.GET.get("q", "").strip()
    context: dict[str, Any] = {"query": query, "results": None, "error": ""}
    raw_page = request.GET.get("page", "1")
    try:
        number = int(raw_page)
        if number < 1:
            raise ValueError
    except ValueError:
        context["error"] = f"Page '{raw_page[:20]}' is not a page number: use 1, 2, 3 …"
        return render(request, "publishing/search.html", context, status=400)
    try:
        results = search_service.search(query)
    except search_service.BadQuery as exc:
        context["error"] = str(exc)
        return render(request, "publishing/search.html", context, status=400)
    paginator = Paginator(results.takes, SEARCH_PAGE_SIZE)
    if number > paginator.num_pages:
        context["error"] = (
            f"There is no page {number} of results; there "
            f"{'is 1 page' if paginator.num_pages == 1 else f'are {paginator.num_pages} pages'}."
        )
        return render(request, "publishing/search.html", context, status=404)
    hits = paginator.page(number)
    context.update(
        results=results,
        hits=[
            {
                "hit": h,
                "path": display.take_path(h.take),
                "headline": display.headline(h.take),
                "author": display.display_name(h.take),
            }
            for h in hits
        ],
        page=hits,
        experts=results.experts if number == 1 else [],
    )
    return render(request, "publishing/search.html", context)


symposium_rss = cached_page(_symposium)(feeds.SymposiumRss())
symposium_atom = cached_page(_symposium)(feeds.SymposiumAtom())
site_rss = cached_page(_site)(feeds.SiteRss())
site_atom = cached_page(_site)(feeds.SiteAtom())


@cached_page(_site)
def sitemap(request: HttpRequest) -> HttpResponse:
    response = django_sitemap(request, sitemaps=SITEMAPS)
    response.render()  # a TemplateResponse: render it so the cache can store the bytes
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
