"""Caching of public pages, invalidated by version stamps.

A cached page is stored under a key that contains the current *version* of its
scope: ``s:<slug>`` for a symposium's hub, takes and feeds, ``site`` for pages
that span symposia (archive, expert pages, site feeds, sitemap). Saving or
deleting a take, expert, symposium or synthesis run bumps the versions it
touches (see :mod:`symposia.web.publishing.signals`), so the next request
renders afresh; old entries simply expire.

Why the versions live in small files under ``$SYMPOSIA_DATA_DIR/page-versions``
and not in the cache: the default cache is per process (LocMemCache) and
gunicorn runs several workers; a version bumped in one worker's memory would
leave the others serving stale pages. A file read costs a few microseconds and
is shared by every worker on the machine. Page bodies stay in Django's cache.

A page is cached at most until the next scheduled take of its scope falls due,
so a take appears on time without anyone saving anything. Logged-in users
always get a fresh page.
"""

from __future__ import annotations

import hashlib
import math
import os
import uuid
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

#: Upper bound on how long a page stays cached, in seconds; a change made
#: without signals (a bulk ``QuerySet.update``) shows after this long at most.
MAX_AGE = 600
SITE = "site"
_HEADERS = ("Content-Type", "Content-Language")


def symposium_scope(slug: str) -> str:
    """The cache scope of one symposium's pages."""
    return f"s:{slug}"


_dirs: dict[str, Path] = {}


def _versions_dir() -> Path:
    # Resolved (and created) once per data directory, not on every request.
    key = str(settings.DATA_DIR)
    path = _dirs.get(key)
    if path is None:
        path = Path(key) / "page-versions"
        path.mkdir(exist_ok=True)
        _dirs[key] = path
    return path


def _version_file(scope: str) -> Path:
    # Slugs are [-a-zA-Z0-9_]; anything else is hashed so a scope is always one safe name.
    safe = scope.replace(":", "_")
    if not all(c.isalnum() or c in "-_" for c in safe):
        safe = hashlib.sha256(scope.encode()).hexdigest()
    return _versions_dir() / safe


def get_version(scope: str) -> str:
    """The current version stamp of a scope ("0" until first bumped)."""
    try:
        return _version_file(scope).read_text()
    except FileNotFoundError:
        return "0"


def _write_versions(scopes: tuple[str, ...]) -> None:
    for scope in scopes:
        path = _version_file(scope)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        tmp.write_text(uuid.uuid4().hex)
        os.replace(tmp, path)


def bump(*scopes: str) -> None:
    """Invalidate the cached pages of ``scopes`` (the site scope is always included).

    Bumped now (so this process sees the change at once) and again when the
    transaction commits, so another worker cannot cache the pre-commit state
    under the new version.
    """
    all_scopes = tuple(dict.fromkeys((*scopes, SITE)))
    _write_versions(all_scopes)
    transaction.on_commit(lambda: _write_versions(all_scopes))


def next_release(slug: str | None = None, now: datetime | None = None) -> datetime | None:
    """When the next take of symposium ``slug`` (or of any symposium) becomes public, if ever."""
    from symposia.web.takes.models import Take

    now = now or timezone.now()
    qs = Take.objects.filter(
        status__in=(Take.Status.SCHEDULED, Take.Status.PUBLISHED), publish_at__gt=now
    )
    if slug is not None:
        qs = qs.filter(symposium__slug=slug)
    return qs.order_by("publish_at").values_list("publish_at", flat=True).first()


def timeout_until(due: datetime | None, now: datetime | None = None) -> int:
    """Seconds a page may stay cached when the next take falls due at ``due`` (0: don't cache)."""
    if due is None:
        return MAX_AGE
    now = now or timezone.now()
    return max(0, min(MAX_AGE, math.floor((due - now).total_seconds())))


def _key(scope: str, version: str, request: HttpRequest) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"symposia:page:{scope}:{version}:{digest}"


def cached_page(
    slug_of: Callable[..., str | None], params: frozenset[str] = frozenset()
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Cache a public view's 200 responses for anonymous GET/HEAD requests.

    Args:
        slug_of: Maps the view's URL keyword arguments to the slug of the
            symposium the page belongs to, or None for a site-wide page.
        params: Query parameters whose values are checked by the view (so only
            a bounded set of variants can be cached). A request with any other
            parameter is rendered fresh and not stored, so arbitrary query
            strings cannot flood the cache.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if (
                request.method not in ("GET", "HEAD")
                or not params.issuperset(request.GET.keys())
                or _logged_in(request)
            ):
                return view(request, *args, **kwargs)
            slug = slug_of(**kwargs)
            scope = SITE if slug is None else symposium_scope(slug)
            key = _key(scope, get_version(scope), request)
            hit = cache.get(key)
            if hit is not None:
                status, content, headers = hit
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
                response["X-Symposia-Cache"] = "hit"
                return response
            now = timezone.now()
            due = next_release(slug, now)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                seconds = timeout_until(due, timezone.now())
                if seconds > 0:
                    headers = [(h, response[h]) for h in _HEADERS if h in response]
                    cache.set(key, (response.status_code, response.content, headers), seconds)
            response["X-Symposia-Cache"] = "miss"
            return response

        return wrapper

    return decorate


def _logged_in(request: HttpRequest) -> bool:
    # Without a session cookie nobody is logged in: skip the session lookup (a query).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
