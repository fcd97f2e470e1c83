"""Issue, check and revoke editors' API tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from symposia.errors import InputError, NotFoundError
from symposia.web.api.models import ApiToken, hash_token

#: last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A new token: the raw value is shown once and never stored."""

    username: str
    prefix: str
    raw: str


@dataclass(frozen=True)
class TokenInfo:
    """A stored token as listings show it (no secret in it)."""

    prefix: str
    username: str
    name: str
    created_at: datetime
    last_used_at: datetime | None


def create_token(username: str, name: str = "") -> IssuedToken:
    """Issue an API token for the editor ``username``.

    Raises:
        NotFoundError: no user has this name.
        InputError: the user is inactive or not staff (not an editor).
    """
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFoundError(
            f"no user called {username!r}",
            "create one with `symposia manage createsuperuser` or in the admin",
        )
    if not user.is_active:
        raise InputError(f"user {username!r} is inactive", "activate the account in the admin")
    if not user.is_staff:
        raise InputError(
            f"user {username!r} is not an editor (not staff)",
            "tick 'Staff status' for this user in the admin, then create the token",
        )
    token, raw = ApiToken.issue(user, name=name)
    return IssuedToken(username=username, prefix=token.prefix, raw=raw)


def list_tokens() -> list[TokenInfo]:
    """Every stored token, newest first."""
    return [
        TokenInfo(t.prefix, t.user.get_username(), t.name, t.created_at, t.last_used_at)
        for t in ApiToken.objects.select_related("user")
    ]


def revoke_token(prefix: str) -> int:
    """Delete the tokens whose prefix is ``prefix``; return how many.

    Raises:
        NotFoundError: no token has this prefix.
        InputError: the prefix is shorter than 6 characters (too likely to match others).
    """
    if len(prefix) < 6:
        raise InputError(
            f"token prefix {prefix!r} is too short", "give the first 10 characters shown by list"
        )
    deleted, _ = ApiToken.objects.filter(prefix__startswith=prefix).delete()
    if not deleted:
        raise NotFoundError(f"no API token starts with {prefix!r}", "see `symposia api-token list`")
    return deleted


def user_for_token(raw: str) -> Any | None:
    """The active user a raw token belongs to, or None (unknown token or inactive user)."""
    if not raw or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(raw)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
