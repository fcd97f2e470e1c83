"""Who may see and change which symposium.

Roles come from Django groups and from :class:`SymposiumRole` rows:

* superusers and members of the "admin" group are admins of every symposium;
* members of the "editor" group may create symposia (and become their admin);
* everyone else works only on the symposia they hold a role on, as editor
  (the whole editorial workflow) or admin (also grants roles to others).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from symposia.web.editorial.models import SymposiumRole
from symposia.web.publishing.models import Symposium

GROUP_EDITOR = "editor"
GROUP_ADMIN = "admin"
_RANK = {SymposiumRole.Role.EDITOR: 1, SymposiumRole.Role.ADMIN: 2}

User = AbstractBaseUser | AnonymousUser


def _in_group(user: Any, name: str) -> bool:
    cache = getattr(user, "_symposia_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._symposia_groups = cache
    return name in cache


def is_site_admin(user: Any) -> bool:
    """Superusers and the "admin" group act as admins of every symposium."""
    return bool(user.is_authenticated and (user.is_superuser or _in_group(user, GROUP_ADMIN)))


def can_create_symposia(user: Any) -> bool:
    """Site admins and the "editor" group may create symposia."""
    return is_site_admin(user) or bool(user.is_authenticated and _in_group(user, GROUP_EDITOR))


def is_editorial_user(user: Any) -> bool:
    """Whether the user may use the editors' pages at all."""
    if not user.is_authenticated:
        return False
    return can_create_symposia(user) or SymposiumRole.objects.filter(user=user).exists()


def visible_symposia(user: Any) -> QuerySet[Symposium]:
    """The symposia this user may open, newest first."""
    qs = Symposium.objects.order_by("-created_at")
    if is_site_admin(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(roles__user=user).distinct()


def role_on(user: Any, symposium: Symposium) -> str | None:
    """The user's role on a symposium ("admin", "editor") or None."""
    if is_site_admin(user):
        return SymposiumRole.Role.ADMIN
    if not user.is_authenticated:
        return None
    return (
        SymposiumRole.objects.filter(user=user, symposium=symposium)
        .values_list("role", flat=True)
        .first()
    )


def require_role(user: Any, symposium: Symposium, need: str = SymposiumRole.Role.EDITOR) -> str:
    """The user's role on ``symposium``; PermissionDenied when it is below ``need``."""
    role = role_on(user, symposium)
    if role is None or _RANK[SymposiumRole.Role(role)] < _RANK[SymposiumRole.Role(need)]:
        wanted = "an admin" if need == SymposiumRole.Role.ADMIN else "an editor"
        raise PermissionDenied(
            f"You are not {wanted} of “{symposium.series}”. Ask an admin of this symposium "
            "to give you a role."
        )
    return role


def actor_label(user: Any) -> str:
    """How an editor is named in the audit log."""
    if not user or not user.is_authenticated:
        return "anonymous"
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"editor {user.get_username()}" + (f" ({full})" if full else "")
