"""API tokens for editors: only a hash of each token is stored."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

#: Every raw token starts with this, so a leaked one is easy to recognise.
TOKEN_PREFIX = "sym_"


def hash_token(raw: str) -> str:
    """The stored form of a token: its sha256 (tokens are random, so no salt is needed)."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A bearer token that lets one editor use the write endpoints of the API."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True, help_text="What the token is for.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=12, editable=False, help_text="First characters of the token, to recognise it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user: models.Model, name: str = "") -> tuple[ApiToken, str]:
        """Create a token for ``user``; return it with the raw token (shown once, never stored)."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, token_hash=hash_token(raw), prefix=raw[:10]
        )
        return token, raw
