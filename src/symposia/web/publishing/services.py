"""What the public pages show, computed from the database in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString

from symposia.core.editorial import EditorNote, build_editor_note
from symposia.web.editorial.rendering import render_body
from symposia.web.panel.models import Expert
from symposia.web.publishing import display, highlight
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take


def get_symposium(slug: str) -> Symposium:
    """The symposium with this slug, or a 404 a reader understands.

    A draft symposium is not public until one of its takes is.
    """
    symposium = Symposium.objects.filter(slug=slug).first()
    if symposium is None or (
        symposium.status == Symposium.Status.DRAFT
        and not Take.objects.public().filter(symposium=symposium).exists()
    ):
        raise Http404(f"No symposium called '{slug}'.")
    return symposium


#: Fields of a take (and its expert) that lists of takes show; the rest loads on access.
LIST_FIELDS = (
    "symposium_id",
    "headline",
    "pull_quote",
    "photo_caption",
    "image_credit",
    "status",
    "publish_at",
    "release_order",
    "expert__slug",
    "expert__name",
    "expert__title",
    "expert__affiliation",
    "expert__region",
    "expert__sector",
    "expert__gender",
    "expert__show_gender",
    "expert__public_profile",
)


def public_takes(symposium: Symposium, *, with_text: bool = True) -> list[Take]:
    """Takes of a symposium a reader may see now, in release order, with their experts.

    Args:
        symposium: Whose takes.
        with_text: Load the bodies too; lists that show no body leave them out
            (a body is loaded on first access, one query for that one take).
    """
    qs = (
        Take.objects.public()
        .filter(symposium=symposium)
        .select_related("expert")
        .order_by("release_order", "publish_at", "expert__name")
    )
    if not with_text:
        # Lists show no text: fetch only what cards, links and charts use.
        qs = qs.only(*LIST_FIELDS)
    takes = list(qs)
    for t in takes:
        t.symposium = symposium  # saves one query per take when headlines are built
    return takes


def headline_for(take: Take) -> str:
    """The headline readers see (see :func:`symposia.web.publishing.display.headline`)."""
    return display.headline(take)


@dataclass
class TakePage:
    """Everything a take page shows, names already resolved under the symposium's anonymity."""

    take: Take
    headline: str
    paragraphs: list[SafeString]
    body_html: SafeString | None
    editor_note: EditorNote
    count: int
    previous: Take | None
    next: Take | None
    path: str
    author: str
    role: str
    bio_line: str
    expert_path: str
    previous_path: str
    next_path: str
    previous_name: str
    next_name: str
    caption: str
    image_credit: str


def take_page(symposium_slug: str, key: str, highlight_span: str = "") -> TakePage:
    """Everything the take page shows; 404 unless the take is public now.

    ``key`` is the last URL segment: the expert's slug, or ``take-<id>`` in an
    anonymous symposium (see :func:`symposia.web.publishing.display.take_key`).
    ``highlight_span`` is ``"START-END"`` (offsets into the body) of a passage to
    mark, as the synthesis page links to quotes; a malformed span is ignored.
    """
    symposium = get_symposium(symposium_slug)
    takes = public_takes(symposium, with_text=False)
    for i, take in enumerate(takes):
        if display.matches_key(take, key):
            note = build_editor_note(symposium.editor_note_template, count=len(takes))
            prev = takes[i - 1] if i > 0 else None
            nxt = takes[i + 1] if i + 1 < len(takes) else None
            take.refresh_from_db(fields=["body", "bio_line"])  # deferred above: one query
            span = highlight.parse_span(highlight_span, len(take.body))
            expert = take.expert
            show_expert = not display.is_anonymous(symposium) and expert.public_profile
            return TakePage(
                take=take,
                headline=display.headline(take),
                paragraphs=highlight.render(take.body, span),
                # Markdown takes render as Markdown (sanitised); a highlighted quote
                # needs the plain text, because its offsets index the raw body.
                body_html=render_body(take.body, take.body_format)
                if take.body_format != "plain" and span is None
                else None,
                editor_note=note,
                count=len(takes),
                previous=prev,
                next=nxt,
                path=display.take_path(take),
                author=display.display_name(take),
                role=display.display_role(take),
                bio_line=display.bio_line(take),
                expert_path=expert.get_absolute_url() if show_expert else "",
                previous_path=display.take_path(prev) if prev else "",
                next_path=display.take_path(nxt) if nxt else "",
                previous_name=display.display_name(prev) if prev else "",
                next_name=display.display_name(nxt) if nxt else "",
                # One photo usually heads every take of a symposium: fall back to its caption.
                caption=take.photo_caption or symposium.photo_caption,
                image_credit=take.image_credit or symposium.image_credit,
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
