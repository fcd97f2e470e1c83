"""Editor write endpoints: create and update symposia, experts and takes.

Every request needs ``Authorization: Bearer <token>`` (``symposia api-token
create USERNAME``) for an active staff user with the model's add/change
permission. Clashes with stored data (a taken slug, a second take by the same
expert, a stale ``version``) are 409s; values that cannot be stored are 422s.
"""

# No `from __future__ import annotations`: django-ninja reads the real annotations.
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest
from ninja import Status
from ninja.errors import HttpError
from ninja.security import HttpBearer

from symposia.core.editorial import build_editor_note, build_headline
from symposia.web.api import serialize
from symposia.web.api.errors import conflict, invalid
from symposia.web.api.router import router
from symposia.web.api.schemas import (
    EditorTakeOut,
    ErrorOut,
    ExpertIn,
    ExpertOut,
    ExpertPatch,
    SymposiumIn,
    SymposiumOut,
    SymposiumPatch,
    TakeIn,
    TakePatch,
)
from symposia.web.api.tokens import user_for_token
from symposia.web.panel.models import Expert
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take, TakeRevision


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: the token's user, if the token is known."""

    openapi_description = "An editor's API token from `symposia api-token create USERNAME`."

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        return user_for_token(token)


AUTH = TokenAuth()
EDITORS = ["editors"]
ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def _require(request: HttpRequest, perm: str) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not user.is_staff:
        raise HttpError(403, f"User '{user.get_username()}' is not an editor (staff).")
    if not user.has_perm(perm):
        raise HttpError(403, f"User '{user.get_username()}' lacks the permission '{perm}'.")
    return user


def _symposium(slug: str) -> Symposium:
    s = Symposium.objects.filter(slug=slug).first()
    if s is None:
        raise Http404(f"No symposium called '{slug}'.")
    return s


def _expert(slug: str) -> Expert:
    e = Expert.objects.filter(slug=slug).first()
    if e is None:
        raise Http404(f"No expert called '{slug}'.")
    return e


def _check_symposium(s: Symposium) -> None:
    if s.opens_at and s.closes_at and s.closes_at < s.opens_at:
        raise invalid("closes_at: must not be before opens_at.")
    # The core raises InputError (a 422) naming a bad placeholder.
    build_headline(s.headline_template, series="s", name="n", question_phrase="q")
    build_editor_note(s.editor_note_template, count=1)


def _check_take(t: Take) -> None:
    if t.status == Take.Status.SCHEDULED and t.publish_at is None:
        raise invalid("publish_at: a scheduled take needs a publish_at time.")
    if not t.body.strip():
        raise invalid("body: must not be empty.")


def _save(obj: Any, clash: str) -> None:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise conflict(clash) from None


def _symposium_count(s: Symposium) -> dict[str, Any]:
    return serialize.symposium_out(s, Take.objects.public().filter(symposium=s).count())


@router.post("/symposia", response={201: SymposiumOut, **ERRORS}, auth=AUTH, tags=EDITORS)
def create_symposium(request: HttpRequest, payload: SymposiumIn) -> Status:
    """Create a symposium (status draft unless given)."""
    _require(request, "publishing.add_symposium")
    data = payload.dict()
    for key in ("headline_template", "editor_note_template"):
        if data[key] is None:
            del data[key]  # keep the model's default
    s = Symposium(**data)
    _check_symposium(s)
    if Symposium.objects.filter(slug=s.slug).exists():
        raise conflict(f"A symposium called '{s.slug}' exists already; choose another slug.")
    _save(s, f"A symposium called '{s.slug}' exists already; choose another slug.")
    return Status(201, _symposium_count(s))


@router.patch("/symposia/{slug}", response={200: SymposiumOut, **ERRORS}, auth=AUTH, tags=EDITORS)
def update_symposium(request: HttpRequest, slug: str, payload: SymposiumPatch) -> dict[str, Any]:
    """Change some fields of a symposium."""
    _require(request, "publishing.change_symposium")
    s = _symposium(slug)
    for key, value in payload.dict(exclude_unset=True).items():
        if value is None and key not in ("opens_at", "closes_at"):
            raise invalid(f"{key}: may not be null.")
        setattr(s, key, value)
    _check_symposium(s)
    _save(s, "The symposium clashes with a stored one.")
    return _symposium_count(s)


@router.post("/experts", response={201: ExpertOut, **ERRORS}, auth=AUTH, tags=EDITORS)
def create_expert(request: HttpRequest, payload: ExpertIn) -> Status:
    """Add an expert to the roster."""
    _require(request, "panel.add_expert")
    e = Expert(**payload.dict())
    if Expert.objects.filter(slug=e.slug).exists():
        raise conflict(f"An expert called '{e.slug}' exists already; choose another slug.")
    if e.email and Expert.objects.filter(email=e.email).exists():
        raise conflict(f"Another expert has the email address {e.email}.")
    _save(e, f"The expert '{e.slug}' clashes with a stored one (slug or email).")
    return Status(201, serialize.expert_out(e))


@router.patch("/experts/{slug}", response={200: ExpertOut, **ERRORS}, auth=AUTH, tags=EDITORS)
def update_expert(request: HttpRequest, slug: str, payload: ExpertPatch) -> dict[str, Any]:
    """Change some fields of an expert."""
    _require(request, "panel.change_expert")
    e = _expert(slug)
    for key, value in payload.dict(exclude_unset=True).items():
        if value is None:
            raise invalid(f"{key}: may not be null.")
        setattr(e, key, value)
    if e.email and Expert.objects.filter(email=e.email).exclude(pk=e.pk).exists():
        raise conflict(f"Another expert has the email address {e.email}.")
    _save(e, f"The expert '{e.slug}' clashes with a stored one (slug or email).")
    return serialize.expert_out(e)


@router.get(
    "/editor/takes/{take_id}", response={200: EditorTakeOut, **ERRORS}, auth=AUTH, tags=EDITORS
)
def get_any_take(request: HttpRequest, take_id: int) -> dict[str, Any]:
    """One take whatever its status (drafts included), with its version."""
    _require(request, "takes.view_take")
    t = Take.objects.select_related("symposium", "expert").filter(pk=take_id).first()
    if t is None:
        raise Http404(f"No take with id {take_id}.")
    return serialize.editor_take_out(t)


@router.post(
    "/symposia/{slug}/takes", response={201: EditorTakeOut, **ERRORS}, auth=AUTH, tags=EDITORS
)
def create_take(request: HttpRequest, slug: str, payload: TakeIn) -> Status:
    """Add a take to a symposium (status draft unless given); records a revision."""
    user = _require(request, "takes.add_take")
    s = _symposium(slug)
    data = payload.dict()
    expert = _expert(data.pop("expert"))
    t = Take(symposium=s, expert=expert, **data)
    _check_take(t)
    clash = f"'{expert.slug}' already has a take in '{s.slug}'; update it instead."
    if Take.objects.filter(symposium=s, expert=expert).exists():
        raise conflict(clash)
    with transaction.atomic():
        _save(t, clash)
        TakeRevision.record(
            t, TakeRevision.Kind.EDITED, author=user, note="created through the API"
        )
    return Status(201, serialize.editor_take_out(t))


@router.patch("/takes/{take_id}", response={200: EditorTakeOut, **ERRORS}, auth=AUTH, tags=EDITORS)
def update_take(request: HttpRequest, take_id: int, payload: TakePatch) -> dict[str, Any]:
    """Change some fields of a take; send the ``version`` you edited to guard against
    overwriting someone else's change (a newer stored version is a 409)."""
    user = _require(request, "takes.change_take")
    changes = payload.dict(exclude_unset=True)
    expected = changes.pop("version", None)
    with transaction.atomic():
        t = (
            Take.objects.select_for_update()
            .select_related("symposium", "expert")
            .filter(pk=take_id)
            .first()
        )
        if t is None:
            raise Http404(f"No take with id {take_id}.")
        if expected is not None and expected != t.version:
            raise conflict(
                f"The take is at version {t.version}, not {expected}: someone changed it. "
                "Fetch it again and re-apply your edit."
            )
        for key, value in changes.items():
            if value is None and key != "publish_at":
                raise invalid(f"{key}: may not be null.")
            setattr(t, key, value)
        _check_take(t)
        before = t.version
        t.save()
        if t.version == before:  # the model does not bump it itself
            t.version = before + 1
            Take.objects.filter(pk=t.pk).update(version=t.version)
        TakeRevision.record(
            t, TakeRevision.Kind.EDITED, author=user, note="updated through the API"
        )
    return serialize.editor_take_out(t)
