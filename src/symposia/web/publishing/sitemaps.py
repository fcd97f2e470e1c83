"""sitemap.xml (django.contrib.sitemaps) and robots.txt.

URLs in the sitemap are absolute under ``SYMPOSIA_SITE_URL``, whatever host the
request came in on.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from symposia.web.panel.models import Expert
from symposia.web.publishing import display, search, services
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take


class _SiteUrlSitemap(Sitemap):
    """A sitemap whose URLs use SYMPOSIA_SITE_URL's scheme and host (and path prefix)."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site: Any = None) -> str:
        parts = urlsplit(settings.SITE_URL)
        return parts.netloc + parts.path.rstrip("/")


class HomeSitemap(_SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self) -> list[str]:
        return ["publishing:home"]

    def location(self, item: str) -> str:
        return reverse(item)


class HubSitemap(_SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.9

    def items(self) -> list[Symposium]:
        return services.archive()

    def location(self, item: Symposium) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Symposium) -> datetime:
        return item.updated_at


class TakeSitemap(_SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> list[Take]:
        return list(
            Take.objects.public()
            .select_related("symposium", "expert")
            .only(
                "pk",
                "updated_at",
                "symposium__slug",
                "symposium__anonymity",
                "expert__slug",
            )
            .order_by("symposium_id", "release_order", "pk")
        )

    def location(self, item: Take) -> str:
        return display.take_path(item)

    def lastmod(self, item: Take) -> datetime:
        return item.updated_at


class ExpertSitemap(_SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self) -> list[Expert]:
        return list(search.public_experts().only("slug", "updated_at").order_by("slug"))

    def location(self, item: Expert) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Expert) -> datetime:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    "home": HomeSitemap,
    "symposia": HubSitemap,
    "takes": TakeSitemap,
    "experts": ExpertSitemap,
}


def robots_txt(request: HttpRequest) -> HttpResponse:
    """robots.txt: everything public may be crawled, not the admin; points at the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search",
        "Allow: /",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
