"""Security: CSRF on every form, no script or javascript: link reaches a page, links work
once and expire, experts see only their own take, editors only their symposia."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.utils import timezone

from symposia.web.editorial import links
from symposia.web.editorial.models import SymposiumRole
from symposia.web.panel.models import Invitation
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take
from tests.web import editorial_support as support
from tests.web.editorial_support import (
    BODY,
    link_path,
    open_link,
    submit,
    workspace,
)

# Shared fixtures: pytest finds them as attributes of this module.
editor = support.editor
editor_client = support.editor_client
expert_client = support.expert_client
invite = support.invite
symposium = support.symposium

pytestmark = pytest.mark.django_db


class _Forms(HTMLParser):
    """Collects POST forms and whether each carries Django's CSRF token."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []
        self._open: dict[str, object] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._open = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action"),
                "csrf": False,
            }
            self.forms.append(self._open)
        elif tag == "input" and self._open is not None and a.get("name") == "csrfmiddlewaretoken":
            self._open["csrf"] = bool(a.get("value"))

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def _post_forms(html: str) -> list[dict[str, object]]:
    p = _Forms()
    p.feed(html)
    return [f for f in p.forms if f["method"] == "post"]


class _Unsafe(HTMLParser):
    """Finds executable markup: inline scripts, event handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            if not a.get("src"):
                self.problems.append("inline <script>")
            self._in_script = True
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            compact = "".join((value or "").split()).lower()
            if compact.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag in ("img", "iframe", "object", "embed"):
            self.problems.append(f"<{tag}> from user text")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("script content")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def assert_safe(html: str) -> None:
    p = _Unsafe()
    p.feed(html)
    assert p.problems == []
    assert "<script>alert" not in html.lower()


# -- CSRF -----------------------------------------------------------------------------------------


@pytest.fixture
def world(symposium, editor, expert_client, invite, make_take, make_expert):
    """A symposium with a take in every state the pages show forms for."""
    client, inv = expert_client(symposium, name="Ida Marlow")
    submit(client, inv)
    review = Take.objects.get(expert=inv.expert)
    approved = make_take(symposium, make_expert(), status="approved", publish_at=None)
    scheduled = make_take(
        symposium, make_expert(), status="scheduled", publish_at=timezone.now() + timedelta(days=2)
    )
    pending, raw = invite(symposium)
    return {
        "inv": inv,
        "expert": client,
        "review": review,
        "approved": approved,
        "scheduled": scheduled,
        "pending": pending,
        "raw": raw,
    }


def test_every_form_on_every_page_carries_a_csrf_token(symposium, editor_client, world):
    s = symposium.slug
    pages = {
        "/editor/": editor_client,
        "/editor/new/": editor_client,
        f"/editor/s/{s}/": editor_client,
        f"/editor/s/{s}/takes/{world['review'].pk}/": editor_client,
        f"/editor/s/{s}/takes/{world['approved'].pk}/": editor_client,
        f"/editor/s/{s}/takes/{world['scheduled'].pk}/": editor_client,
        "/editor/login/": Client(),
        f"/respond/{world['raw']}/": Client(),
        "/respond/new-link/": Client(),
        "/respond/unknown-token-for-the-test/": Client(),
        workspace(world["inv"]): world["expert"],
    }
    seen = 0
    for url, client in pages.items():
        html = client.get(url).content.decode()
        forms = _post_forms(html)
        assert all(f["csrf"] for f in forms), (url, forms)
        seen += len(forms)
    assert seen >= 20  # the pages above really have forms


def test_every_post_endpoint_refuses_a_request_without_csrf_token(symposium, editor, world):
    s = symposium.slug
    c = Client(enforce_csrf_checks=True)
    c.force_login(editor)
    r_id, a_id, sch_id = world["review"].pk, world["approved"].pk, world["scheduled"].pk
    inv_id = world["pending"].pk
    editor_posts = [
        ("/editor/new/", {"slug": "x", "series": "X", "question": "Q?", "question_phrase": "Q"}),
        (f"/editor/s/{s}/experts/", {"name": "Eve", "email": "eve@example.org"}),
        (
            f"/editor/s/{s}/schedule/",
            {"start": "2099-01-01T09:00", "per_day": 1, "spacing_minutes": 60},
        ),
        (f"/editor/s/{s}/roles/", {"username": "erin", "role": "admin"}),
        (f"/editor/s/{s}/invitations/{inv_id}/send/", {}),
        (f"/editor/s/{s}/invitations/{inv_id}/revoke/", {}),
        (f"/editor/s/{s}/takes/{r_id}/", {"version": 1, "body": "Hacked."}),
        (f"/editor/s/{s}/takes/{r_id}/request-signoff/", {}),
        (f"/editor/s/{s}/takes/{r_id}/override/", {"reason": "because I can, really"}),
        (f"/editor/s/{s}/takes/{a_id}/publish-at/", {"publish_at": "2099-01-01T09:00"}),
        (f"/editor/s/{s}/takes/{sch_id}/unschedule/", {}),
        (f"/editor/s/{s}/takes/{a_id}/up/", {}),
        (f"/editor/s/{s}/takes/{sch_id}/down/", {}),
        ("/editor/logout/", {}),
    ]
    for url, data in editor_posts:
        assert c.post(url, data).status_code == 403, url
    expert = Client(enforce_csrf_checks=True)
    expert_posts = [
        (f"/respond/{world['raw']}/", {}),
        (f"/respond/{world['raw']}/new-link/", {}),
        ("/respond/new-link/", {"email": "x@example.org"}),
        (workspace(world["inv"]), {"action": "submit", "body": BODY, "body_format": "plain"}),
        ("/editor/login/", {"username": "erin", "password": "x"}),
    ]
    for url, data in expert_posts:
        assert expert.post(url, data).status_code == 403, url
    # Nothing happened.
    assert not Symposium.objects.filter(slug="x").exists()
    assert Take.objects.get(pk=r_id).status == "review"
    assert Take.objects.get(pk=sch_id).status == "scheduled"
    assert Invitation.objects.get(pk=inv_id).state == Invitation.State.INVITED
    assert c.get("/editor/").status_code == 200  # still logged in


def test_forms_work_with_the_token(symposium, editor):
    c = Client(enforce_csrf_checks=True)
    c.force_login(editor)
    html = c.get(f"/editor/s/{symposium.slug}/").content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    r = c.post(
        f"/editor/s/{symposium.slug}/experts/",
        {"name": "Eve Moss", "email": "eve@example.org", "csrfmiddlewaretoken": token},
    )
    assert r.status_code == 302


# -- script and javascript: links ----------------------------------------------------------------

ATTACK = (
    'Opening words <script>alert("x")</script> and [click me](javascript:alert(1)) and '
    '<a href="javascript:alert(2)">raw link</a> and <a href=" JaVaScRiPt:alert(4)">mixed</a> '
    '<img src=x onerror=alert(3)> <b onmouseover="alert(5)">bold</b> [ok](https://example.org) '
    "plus enough ordinary words to make this a take that can be submitted to the editors today."
)


@pytest.mark.parametrize("fmt", ["plain", "markdown"])
def test_script_and_javascript_links_never_reach_a_page(
    symposium, editor_client, expert_client, client, fmt, mailoutbox
):
    ec, inv = expert_client(symposium, name='Eve <script>alert("n")</script> Moss')
    r = ec.post(workspace(inv), {"action": "preview", "body": ATTACK, "body_format": fmt})
    assert_safe(r.content.decode())
    if fmt == "markdown":
        assert 'href="https://example.org"' in r.content.decode()  # safe links survive
    assert submit(ec, inv, ATTACK, fmt).status_code == 302
    assert_safe(ec.get(workspace(inv)).content.decode())
    take = Take.objects.get(expert=inv.expert)
    s = symposium.slug
    assert_safe(editor_client.get(f"/editor/s/{s}/").content.decode())
    assert_safe(editor_client.get(f"/editor/s/{s}/takes/{take.pk}/").content.decode())
    edited = ATTACK.replace("Opening words", "Edited <script>alert(9)</script> words")
    r = editor_client.post(
        f"/editor/s/{s}/takes/{take.pk}/",
        {
            "version": take.version,
            "body": edited,
            "body_format": fmt,
            "headline": "",
            "pull_quote": "",
        },
    )
    assert r.status_code == 302
    assert_safe(editor_client.get(f"/editor/s/{s}/takes/{take.pk}/diff/?a=1&b=2").content.decode())
    editor_client.post(f"/editor/s/{s}/takes/{take.pk}/request-signoff/")
    signoff = ec.get(workspace(inv)).content.decode()
    assert "Approve for publication" in signoff
    assert_safe(signoff)
    Take.objects.filter(pk=take.pk).update(status="published", publish_at=timezone.now())
    take.refresh_from_db()
    public = client.get(take.get_absolute_url())
    assert public.status_code == 200
    assert_safe(public.content.decode())
    assert_safe(client.get(f"/s/{s}/").content.decode())


def test_markdown_renderer_allowlist():
    from symposia.web.editorial.rendering import render_body

    html = render_body(ATTACK + "\n\n<iframe src='https://evil.example'></iframe>", "markdown")
    assert_safe(html)
    assert "<iframe" not in html and "<img" not in html
    assert "javascript" not in html.lower() and "onerror" not in html and "alert(" not in html
    assert '<a href="https://example.org" rel=' in html
    assert 'rel="nofollow noopener noreferrer"' in html


# -- tokens ---------------------------------------------------------------------------------------


def test_expired_token_is_refused(symposium, invite):
    inv, raw = invite(symposium)
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    c = Client()
    assert c.get(f"/respond/{raw}/").status_code == 410
    assert c.post(f"/respond/{raw}/").status_code == 410
    assert links.invitation_for_session(c.session, inv.pk) is None
    inv.refresh_from_db()
    assert inv.opened_at is None


def test_reused_token_is_refused_even_in_a_race(symposium, invite):
    _inv, raw = invite(symposium)
    first, second = SessionStore(), SessionStore()
    assert links.exchange(raw, first).state is links.LinkState.VALID
    assert links.exchange(raw, second).state is links.LinkState.USED
    assert links.session_invitation_ids(second) == []
    assert Client().get(f"/respond/{raw}/").status_code == 410


def test_tokens_are_stored_only_as_hashes(symposium, editor_client, invite, mailoutbox):
    from symposia.web.editorial.models import SpentToken

    inv, _ = invite(symposium)
    editor_client.post(f"/editor/s/{symposium.slug}/invitations/{inv.pk}/send/")
    raw = link_path(mailoutbox[-1]).split("/")[2]
    open_link(Client(), f"/respond/{raw}/")
    stored = list(Invitation.objects.values_list("token_hash", flat=True))
    stored += list(SpentToken.objects.values_list("token_hash", flat=True))
    assert all(raw not in h for h in stored)
    assert all(len(h) == 64 for h in stored)


# -- who sees what --------------------------------------------------------------------------------


def test_an_expert_cannot_see_or_change_another_experts_draft(symposium, expert_client):
    alice, a_inv = expert_client(symposium, name="Alice Aune")
    bob, b_inv = expert_client(symposium, name="Bob Brun")
    bob.post(
        workspace(b_inv),
        {"action": "save", "body": "Bob's secret draft text.", "body_format": "plain"},
    )
    r = alice.get(workspace(b_inv))
    assert r.status_code == 403
    assert "secret draft" not in r.content.decode() and "Bob Brun" not in r.content.decode()
    r = alice.post(
        workspace(b_inv),
        {"action": "save", "body": "Overwritten by Alice.", "body_format": "plain"},
    )
    assert r.status_code == 403
    assert Take.objects.get(expert=b_inv.expert).body == "Bob's secret draft text."
    assert Client().get(workspace(b_inv)).status_code == 403  # no session at all
    # Alice's own page still works, and shows only her invitation.
    assert alice.get(workspace(a_inv)).status_code == 200
    assert "secret draft" not in alice.get(workspace(a_inv)).content.decode()


def test_an_editor_cannot_reach_takes_of_another_symposium(
    symposium, editor_client, make_symposium, make_take
):
    other = make_symposium(slug="other-talks")
    foreign = make_take(other, status="review", publish_at=None)
    r = editor_client.get(f"/editor/s/other-talks/takes/{foreign.pk}/")
    assert r.status_code == 403
    # Nor through their own symposium's URL.
    r = editor_client.get(f"/editor/s/{symposium.slug}/takes/{foreign.pk}/")
    assert r.status_code == 404
    r = editor_client.post(
        f"/editor/s/{symposium.slug}/takes/{foreign.pk}/override/", {"reason": "not mine at all"}
    )
    assert r.status_code == 404
    assert Take.objects.get(pk=foreign.pk).status == "review"
    assert not SymposiumRole.objects.filter(symposium=other).exists()


def test_login_redirect_does_not_go_off_site(editor):
    c = Client()
    r = c.post(
        "/editor/login/?next=https://evil.example/",
        {"username": "erin", "password": "harbor-lantern-2026", "next": "https://evil.example/"},
    )
    assert r.status_code == 302 and not r["Location"].startswith("https://evil.example")
