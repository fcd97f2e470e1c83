"""Invalidate cached public pages when what they show changes.

The search index needs no signals: SQLite triggers (migration 0002) keep it in
step with every write, including bulk updates.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save

from symposia.web.panel.models import Expert
from symposia.web.publishing import cache
from symposia.web.publishing.models import Symposium
from symposia.web.synthesis.models import SynthesisRun
from symposia.web.takes.models import Take


def _slug_of(symposium_id: int | None) -> list[str]:
    if symposium_id is None:
        return []
    return list(Symposium.objects.filter(pk=symposium_id).values_list("slug", flat=True))


def _bump_slugs(slugs: list[str]) -> None:
    cache.bump(*(cache.symposium_scope(s) for s in slugs))


def _take_changed(sender: Any, instance: Take, **kwargs: Any) -> None:
    if Take.symposium.is_cached(instance):
        _bump_slugs([instance.symposium.slug])
    else:
        _bump_slugs(_slug_of(instance.symposium_id))


def _remember_old_slug(sender: Any, instance: Symposium, **kwargs: Any) -> None:
    # A renamed symposium must also drop the pages cached under its old slug.
    if instance.pk is not None and not kwargs.get("raw"):
        instance._symposia_old_slug = (  # type: ignore[attr-defined]
            Symposium.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        )


def _symposium_changed(sender: Any, instance: Symposium, **kwargs: Any) -> None:
    old = getattr(instance, "_symposia_old_slug", None)
    _bump_slugs([s for s in (instance.slug, old) if s])


def _expert_changed(sender: Any, instance: Expert, **kwargs: Any) -> None:
    if instance.pk is None:
        cache.bump()
        return
    slugs = list(
        Symposium.objects.filter(takes__expert_id=instance.pk)
        .values_list("slug", flat=True)
        .distinct()
    )
    _bump_slugs(slugs)


def _run_changed(sender: Any, instance: SynthesisRun, **kwargs: Any) -> None:
    # The hub's outlook filter and its link to the synthesis follow the latest finished run.
    _bump_slugs(_slug_of(instance.symposium_id))


def connect() -> None:
    """Connect the handlers (called once from the app's ``ready``)."""
    post_save.connect(_take_changed, sender=Take, dispatch_uid="symposia-cache-take-save")
    post_delete.connect(_take_changed, sender=Take, dispatch_uid="symposia-cache-take-delete")
    pre_save.connect(_remember_old_slug, sender=Symposium, dispatch_uid="symposia-cache-sym-pre")
    post_save.connect(_symposium_changed, sender=Symposium, dispatch_uid="symposia-cache-sym")
    post_delete.connect(_symposium_changed, sender=Symposium, dispatch_uid="symposia-cache-sym-del")
    post_save.connect(_expert_changed, sender=Expert, dispatch_uid="symposia-cache-expert")
    post_delete.connect(_expert_changed, sender=Expert, dispatch_uid="symposia-cache-expert-del")
    post_save.connect(_run_changed, sender=SynthesisRun, dispatch_uid="symposia-cache-run")
    post_delete.connect(_run_changed, sender=SynthesisRun, dispatch_uid="symposia-cache-run-del")
