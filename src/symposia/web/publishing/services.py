"""What the public pages show, computed from the database in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from symposia.core.editorial import EditorNote, build_editor_note, build_headline, paragraphs
from symposia.web.panel.models import Expert
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take


def get_symposium(slug: str) -> Symposium:
    """The symposium with this slug, or a 404 a reader understands."""
    try:
        return Symposium.objects.get(slug=slug)
    except Symposium.DoesNotExist:
        raise Http404(f"No symposium called '{slug}'.") from None


def public_takes(symposium: Symposium) -> list[Take]:
    """Takes of a symposium a reader may see now, in release order, with their experts."""
    takes = list(
        Take.objects.public()
        .filter(symposium=symposium)
        .select_related("expert")
        .order_by("release_order", "publish_at", "expert__name")
    )
    for t in takes:
        t.symposium = symposium  # saves one query per take when headlines are built
    return takes


def headline_for(take: Take) -> str:
    """The stored headline, or the one the symposium's template makes."""
    if take.headline:
        return take.headline
    s = take.symposium
    return build_headline(
        s.headline_template,
        series=s.series,
        name=take.expert.name,
        question_phrase=s.question_phrase,
    )


@dataclass
class TakePage:
    take: Take
    headline: str
    paragraphs: list[str]
    editor_note: EditorNote
    count: int
    previous: Take | None
    next: Take | None


def take_page(symposium_slug: str, expert_slug: str) -> TakePage:
    """Everything the take page shows; 404 unless the take is public now."""
    symposium = get_symposium(symposium_slug)
    takes = public_takes(symposium)
    for i, take in enumerate(takes):
        if take.expert.slug == expert_slug:
            note = build_editor_note(symposium.editor_note_template, count=len(takes))
            return TakePage(
                take=take,
                headline=headline_for(take),
                paragraphs=paragraphs(take.body),
                editor_note=note,
                count=len(takes),
                previous=takes[i - 1] if i > 0 else None,
                next=takes[i + 1] if i + 1 < len(takes) else None,
            )
    raise Http404("This take is not published.")


def archive() -> list[Symposium]:
    """Symposia with at least one public take, newest first, with the count of public takes."""
    now = timezone.now()
    public = Q(takes__status=Take.Status.PUBLISHED) | Q(
        takes__status=Take.Status.SCHEDULED, takes__publish_at__lte=now
    )
    public &= Q(takes__publish_at__isnull=True) | Q(takes__publish_at__lte=now)
    return list(
        Symposium.objects.annotate(n_public=Count("takes", filter=public))
        .filter(n_public__gt=0)
        .order_by("-opens_at", "-created_at")
    )


def expert_page(slug: str) -> tuple[Expert, list[Take]]:
    """An expert with a public profile and their public takes across symposia."""
    try:
        expert = Expert.objects.get(slug=slug, public_profile=True)
    except Expert.DoesNotExist:
        raise Http404("No such expert.") from None
    takes = list(
        Take.objects.public()
        .filter(expert=expert, symposium__anonymity=Symposium.Anonymity.ATTRIBUTED)
        .select_related("symposium")
        .order_by("-publish_at")
    )
    if not takes:
        raise Http404("No such expert.")
    for t in takes:
        t.expert = expert
    return expert, takes
