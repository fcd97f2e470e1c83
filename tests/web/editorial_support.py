"""Fixtures and helpers shared by the editorial, submission and security tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from symposia.web.editorial.models import SymposiumRole
from symposia.web.panel.models import Invitation

PASSWORD = "harbor-lantern-2026"

BODY = (
    "The harbor round changed less than it seemed, and both delegations know it. "
    "Negotiators will have to return before the elections, not after them.\n\n"
    "Trade ministers must choose between a narrow deal this year and no deal at all. "
    "The choice will decide whether the talks survive the winter."
)


def make_user(username: str, group: str | None = "editor", **kw: Any) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, **kw)
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def link_path(message: Any) -> str:
    """The /respond/<token>/ path of the link in an email."""
    m = re.search(r"https?://[^/\s]+(/respond/[A-Za-z0-9_\-]+/)", message.body)
    assert m, message.body
    return m.group(1)


def open_link(client: Client, path: str) -> Any:
    """Open a personal link the way an expert does: GET, then Continue (POST)."""
    r = client.get(path)
    assert r.status_code == 200, r.content.decode()[:500]
    return client.post(path)


@pytest.fixture
def editor(db: Any) -> User:
    return make_user("erin")


@pytest.fixture
def symposium(make_symposium: Callable[..., Any], editor: User) -> Any:
    s = make_symposium(status="open")
    SymposiumRole.objects.create(user=editor, symposium=s, role=SymposiumRole.Role.ADMIN)
    return s


@pytest.fixture
def editor_client(editor: User) -> Client:
    return login(editor)


@pytest.fixture
def invite(make_expert: Callable[..., Any]) -> Callable[..., tuple[Invitation, str]]:
    """An invited expert and the raw token of their link."""

    def make(symposium: Any, **expert_kw: Any) -> tuple[Invitation, str]:
        n = Invitation.objects.count() + 1
        expert_kw.setdefault("email", f"expert{n}@example.org")
        expert = make_expert(**expert_kw)
        inv, raw = Invitation.create_with_token(symposium=symposium, expert=expert)
        Invitation.objects.filter(pk=inv.pk).update(state=Invitation.State.INVITED)
        inv.refresh_from_db()
        return inv, raw

    return make


@pytest.fixture
def expert_client(invite: Callable[..., Any]) -> Callable[..., tuple[Client, Invitation]]:
    """A browser session of an expert who opened their link."""

    def make(symposium: Any, **expert_kw: Any) -> tuple[Client, Invitation]:
        inv, raw = invite(symposium, **expert_kw)
        client = Client()
        r = open_link(client, f"/respond/{raw}/")
        assert r.status_code == 302, r.content.decode()[:500]
        return client, inv

    return make


def workspace(inv: Invitation) -> str:
    return f"/respond/take/{inv.pk}/"


def submit(client: Client, inv: Invitation, body: str = BODY, fmt: str = "plain") -> Any:
    return client.post(workspace(inv), {"action": "submit", "body": body, "body_format": fmt})
