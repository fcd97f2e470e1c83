"""The public read API: published content only. Docs at /api/docs."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.pagination import LimitOffsetPagination, paginate

from symposia import __version__
from symposia.web.api.schemas import ErrorOut, ExpertOut, SymposiumOut, TakeOut
from symposia.web.panel.models import Expert
from symposia.web.publishing import services
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take

api = NinjaAPI(
    title="symposia API",
    version=__version__,
    description="Published symposia, takes and experts. Read endpoints are public.",
    urls_namespace="api",
)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"error": "not_found", "detail": str(exc)}, status=404)


def _abs(path: str) -> str:
    return settings.SITE_URL + path


def _expert_out(e: Expert) -> dict[str, object]:
    return {
        "slug": e.slug,
        "name": e.name,
        "honorific": e.honorific,
        "title": e.title,
        "affiliation": e.affiliation,
        "country": e.country,
        "region": e.region,
        "sector": e.sector,
        "handle": e.handle,
        "url": _abs(e.get_absolute_url()),
    }


def _take_out(t: Take) -> dict[str, object]:
    return {
        "id": t.pk,
        "symposium": t.symposium.slug,
        "expert": _expert_out(t.expert),
        "headline": services.headline_for(t),
        "pull_quote": t.pull_quote,
        "body": t.body,
        "bio_line": t.bio_line,
        "image_credit": t.image_credit,
        "photo_caption": t.photo_caption,
        "publish_at": t.publish_at,
        "url": _abs(t.get_absolute_url()),
    }


@api.get("/symposia", response=list[SymposiumOut], tags=["symposia"])
@paginate(LimitOffsetPagination)
def list_symposia(request: HttpRequest):
    """Symposia with published takes, newest first."""
    return [
        {
            **{
                f: getattr(s, f)
                for f in (
                    "slug",
                    "series",
                    "question",
                    "question_phrase",
                    "intro",
                    "status",
                    "opens_at",
                    "closes_at",
                    "is_fictional",
                )
            },
            "published_takes": getattr(s, "n_public", 0),
            "url": _abs(s.get_absolute_url()),
        }
        for s in services.archive()
    ]


@api.get("/symposia/{slug}/takes", response={200: list[TakeOut], 404: ErrorOut}, tags=["takes"])
@paginate(LimitOffsetPagination)
def list_takes(request: HttpRequest, slug: str, region: str = "", sector: str = ""):
    """Published takes of a symposium in release order; filter by region or sector."""
    symposium: Symposium = services.get_symposium(slug)
    takes = services.public_takes(symposium)
    if region:
        takes = [t for t in takes if t.expert.region == region]
    if sector:
        takes = [t for t in takes if t.expert.sector == sector]
    return [_take_out(t) for t in takes]


@api.get("/takes/{take_id}", response={200: TakeOut, 404: ErrorOut}, tags=["takes"])
def get_take(request: HttpRequest, take_id: int):
    """One published take."""
    take = Take.objects.public().select_related("expert", "symposium").filter(pk=take_id).first()
    if take is None:
        raise Http404(f"No published take with id {take_id}.")
    return _take_out(take)


@api.get("/experts/{slug}", response={200: ExpertOut, 404: ErrorOut}, tags=["experts"])
def get_expert(request: HttpRequest, slug: str):
    """An expert with a public profile and at least one published take."""
    expert, _ = services.expert_page(slug)
    return _expert_out(expert)
