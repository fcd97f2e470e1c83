"""The expert's side: personal link, draft, preview, submit, sign-off; and bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from symposia.web.editorial.models import SpentToken, TakeEvent
from symposia.web.editorial.services import MAX_BODY_CHARS
from symposia.web.panel.models import Invitation
from symposia.web.takes.models import Take, TakeRevision
from tests.web import editorial_support as support
from tests.web.editorial_support import BODY, link_path, open_link, submit, workspace

# Shared fixtures: pytest finds them as attributes of this module.
editor = support.editor
editor_client = support.editor_client
expert_client = support.expert_client
invite = support.invite
symposium = support.symposium

pytestmark = pytest.mark.django_db


# -- the link --------------------------------------------------------------------------------


def test_opening_a_link_asks_first_then_binds_the_session(symposium, invite):
    inv, raw = invite(symposium, name="Ola Brekke")
    client = Client()
    r = client.get(f"/respond/{raw}/")
    assert r.status_code == 200 and "Continue" in r.content.decode()
    inv.refresh_from_db()
    assert inv.state == Invitation.State.INVITED and inv.opened_at is None  # GET changes nothing
    before = client.session.session_key
    r = client.post(f"/respond/{raw}/")
    assert r.status_code == 302 and r["Location"] == workspace(inv)
    inv.refresh_from_db()
    assert inv.state == Invitation.State.OPENED and inv.opened_at is not None
    assert client.session.session_key != before  # new session id when access is granted
    assert SpentToken.objects.filter(invitation=inv).count() == 1
    assert TakeEvent.objects.filter(invitation=inv, kind="link_opened").count() == 1
    page = client.get(workspace(inv)).content.decode()
    assert symposium.question in page and "Ola Brekke" in page


def test_a_used_link_is_refused_with_a_way_to_a_new_one(symposium, invite, mailoutbox):
    inv, raw = invite(symposium)
    open_link(Client(), f"/respond/{raw}/")
    r = Client().get(f"/respond/{raw}/")
    assert r.status_code == 410
    assert "already used" in r.content.decode()
    r = Client().post(f"/respond/{raw}/")  # the POST cannot reuse it either
    assert r.status_code == 410
    r = Client().post(f"/respond/{raw}/new-link/")
    assert r.status_code == 202
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [inv.expert.email]
    new_path = link_path(mailoutbox[0])
    assert new_path not in r.content.decode()  # emailed, never shown
    assert Client().post(new_path).status_code == 302
    # Asking again right away sends nothing more (no mail bombing through the form).
    Client().post(f"/respond/{raw}/new-link/")
    assert len(mailoutbox) == 1


def test_expired_revoked_and_unknown_links(symposium, invite):
    inv, raw = invite(symposium)
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    r = Client().get(f"/respond/{raw}/")
    assert r.status_code == 410 and "expired" in r.content.decode()
    assert Client().post(f"/respond/{raw}/").status_code == 410
    inv2, raw2 = invite(symposium)
    Invitation.objects.filter(pk=inv2.pk).update(state=Invitation.State.REVOKED)
    r = Client().get(f"/respond/{raw2}/")
    assert r.status_code == 403 and "withdrawn" in r.content.decode()
    r = Client().get("/respond/not-a-real-token-at-all/")
    assert r.status_code == 404 and "do not know this link" in r.content.decode()


def test_new_link_by_email_does_not_tell_who_is_on_the_roster(symposium, invite, mailoutbox):
    inv, _raw = invite(symposium, email="runa@example.org")
    Invitation.objects.filter(pk=inv.pk).update(sent_at=timezone.now() - timedelta(days=2))
    known = Client().post("/respond/new-link/", {"email": "RUNA@example.org"})
    unknown = Client().post("/respond/new-link/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 202
    assert known.content == unknown.content
    assert [m.to for m in mailoutbox] == [["runa@example.org"]]
    bad = Client().post("/respond/new-link/", {"email": "not an address"})
    assert bad.status_code == 400 and "valid email" in bad.content.decode()


def test_a_revoked_invitation_closes_an_open_session(symposium, expert_client):
    client, inv = expert_client(symposium)
    Invitation.objects.filter(pk=inv.pk).update(state=Invitation.State.REVOKED)
    assert client.get(workspace(inv)).status_code == 403


def test_respond_home_without_a_session(db):
    r = Client().get("/respond/")
    assert r.status_code == 403 and "ask for a new link" in r.content.decode()


# -- writing -----------------------------------------------------------------------------------


def test_draft_is_saved_and_shown_again(symposium, expert_client):
    client, inv = expert_client(symposium)
    r = client.post(
        workspace(inv), {"action": "save", "body": "First thoughts.", "body_format": "plain"}
    )
    assert r.status_code == 302
    take = Take.objects.get(expert=inv.expert)
    assert take.status == Take.Status.DRAFT and take.body == "First thoughts."
    inv.refresh_from_db()
    assert inv.state == Invitation.State.DRAFTING
    page = client.get(workspace(inv)).content.decode()
    assert "First thoughts." in page and "Draft saved" in page
    client.post(
        workspace(inv), {"action": "save", "body": "Second thoughts.", "body_format": "plain"}
    )
    take.refresh_from_db()
    assert take.body == "Second thoughts." and take.version == 2
    assert not TakeRevision.objects.filter(take=take).exists()  # drafts are not revisions


def test_preview_shows_the_published_format_and_saves_nothing(symposium, expert_client):
    client, inv = expert_client(symposium, name="Ida Marlow")
    md = (
        "Negotiators **must** return before the elections, not after them, or lose the chance."
        "\n\n- one\n- two"
    )
    r = client.post(workspace(inv), {"action": "preview", "body": md, "body_format": "markdown"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "The Harbor Talks – We Asked Ida Marlow Where Trade Talks Go Next" in html
    assert "<strong>must</strong>" in html and "<li>one</li>" in html
    assert "Read all 1 expert takes" in html  # counted as when it is published
    assert "Ida Marlow, Ph.D., is a Senior Fellow at Lantern Institute." in html
    assert not Take.objects.filter(expert=inv.expert).exists()


def test_submit_stores_a_revision_and_prepares_the_published_fields(
    symposium, expert_client, editor, mailoutbox, django_capture_on_commit_callbacks
):
    symposium.image_credit = "Image: Fictional Wire"
    symposium.save()
    client, inv = expert_client(symposium, name="Ida Marlow")
    with django_capture_on_commit_callbacks(execute=True):
        r = submit(client, inv)
    assert r.status_code == 302
    take = Take.objects.get(expert=inv.expert)
    assert take.status == Take.Status.REVIEW
    assert take.bio_line == "Ida Marlow, Ph.D., is a Senior Fellow at Lantern Institute."
    assert take.image_credit == "Image: Fictional Wire"
    assert take.pull_quote and take.pull_quote in take.body  # verbatim suggestion
    rev = TakeRevision.objects.get(take=take)
    assert rev.kind == "submitted" and rev.body == BODY
    inv.refresh_from_db()
    assert inv.state == Invitation.State.SUBMITTED
    ev = TakeEvent.objects.get(take=take, kind="submitted")
    assert ev.revision == rev and ev.from_status == "draft" and ev.to_status == "review"
    assert [m.to for m in mailoutbox] == [[editor.email]]  # the editors are told
    page = client.get(workspace(inv)).content.decode()
    assert "with the editors" in page
    # A second submit is refused: the take is with the editors now.
    r = submit(client, inv, BODY + " More.")
    assert r.status_code == 409 and "already submitted" in r.content.decode()
    take.refresh_from_db()
    assert take.body == BODY


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"action": "submit", "body_format": "plain"}, 400, "This field is required"),
        ({"action": "submit", "body": "   ", "body_format": "plain"}, 400, "required"),
        ({"action": "submit", "body": "Too short.", "body_format": "plain"}, 400, "at least 20"),
        ({"action": "submit", "body": BODY}, 400, "This field is required"),
        ({"action": "submit", "body": BODY, "body_format": "html"}, 400, "valid choice"),
        ({"body": BODY, "body_format": "plain"}, 400, "Choose Preview"),
    ],
)
def test_bad_submissions_are_refused_and_the_text_is_kept(
    symposium, expert_client, data, status, message
):
    client, inv = expert_client(symposium)
    r = client.post(workspace(inv), data)
    html = r.content.decode()
    assert r.status_code == status
    assert message in html
    if data.get("body", "").strip() and "action" in data:
        assert data["body"].split("\n")[0][:40] in html  # nothing lost
    assert not Take.objects.filter(expert=inv.expert, status="review").exists()


def test_oversized_take_is_refused_with_413_and_kept(symposium, expert_client):
    client, inv = expert_client(symposium)
    big = ("A sentence that goes on. " * (MAX_BODY_CHARS // 20))[: MAX_BODY_CHARS + 500]
    for action in ("save", "submit", "preview"):
        r = client.post(workspace(inv), {"action": action, "body": big, "body_format": "plain"})
        assert r.status_code == 413
        html = r.content.decode()
        assert f"the limit is {MAX_BODY_CHARS:,}" in html
        assert big[-200:].strip() in html  # the text is still in the box
    assert not Take.objects.filter(expert=inv.expert).exists()


def test_after_the_deadline_submission_is_refused_but_text_kept(symposium, expert_client):
    client, inv = expert_client(symposium)
    symposium.closes_at = timezone.now() - timedelta(minutes=1)
    symposium.save()
    page = client.get(workspace(inv)).content.decode()
    assert "deadline has passed" in page
    r = submit(client, inv)
    assert r.status_code == 403
    assert "deadline" in r.content.decode() and BODY[:50] in r.content.decode()
    r = client.post(workspace(inv), {"action": "save", "body": BODY, "body_format": "plain"})
    assert r.status_code == 403
    assert not Take.objects.filter(expert=inv.expert).exists()


# -- sign-off ----------------------------------------------------------------------------------


def _to_signoff(client, editor_client, symposium, inv, edited: str) -> Take:
    submit(client, inv)
    take = Take.objects.get(expert=inv.expert)
    r = editor_client.post(
        f"/editor/s/{symposium.slug}/takes/{take.pk}/",
        {
            "version": take.version,
            "body": edited,
            "body_format": "plain",
            "headline": "",
            "pull_quote": "",
        },
    )
    assert r.status_code == 302, r.content.decode()[:800]
    r = editor_client.post(f"/editor/s/{symposium.slug}/takes/{take.pk}/request-signoff/")
    assert r.status_code == 302, r.content.decode()[:800]
    take.refresh_from_db()
    assert take.status == Take.Status.SIGNOFF
    return take


def test_expert_sees_the_diff_and_signs_off(symposium, expert_client, editor_client, mailoutbox):
    client, inv = expert_client(symposium)
    edited = BODY.replace("changed less than it seemed", "changed little")
    take = _to_signoff(client, editor_client, symposium, inv, edited)
    signoff_mail = [m for m in mailoutbox if m.to == [inv.expert.email]][-1]
    assert "ready" in signoff_mail.body
    # The emailed link works in a fresh browser too.
    other = Client()
    assert open_link(other, link_path(signoff_mail)).status_code == 302
    html = other.get(workspace(inv)).content.decode()
    assert '<del class="diff-del">less than it seemed</del>' in html
    assert '<ins class="diff-ins">little</ins>' in html
    r = other.post(workspace(inv), {"action": "approve", "version": take.version, "note": ""})
    assert r.status_code == 302
    take.refresh_from_db()
    assert take.status == Take.Status.APPROVED
    kinds = list(TakeRevision.objects.filter(take=take).values_list("kind", flat=True))
    assert kinds == ["submitted", "edited", "signed_off"]
    assert TakeEvent.objects.filter(take=take, kind="signed_off").exists()


def test_sign_off_of_a_stale_version_is_a_conflict(symposium, expert_client, editor_client):
    client, inv = expert_client(symposium)
    take = _to_signoff(client, editor_client, symposium, inv, BODY + " Edited.")
    r = client.post(workspace(inv), {"action": "approve", "version": take.version - 1})
    assert r.status_code == 409 and "reload" in r.content.decode()
    take.refresh_from_db()
    assert take.status == Take.Status.SIGNOFF


def test_asking_for_changes_needs_a_note_and_returns_the_take(
    symposium, expert_client, editor_client
):
    client, inv = expert_client(symposium)
    take = _to_signoff(client, editor_client, symposium, inv, BODY + " Edited.")
    r = client.post(workspace(inv), {"action": "changes", "version": take.version, "note": " "})
    assert r.status_code == 400 and "what you would like changed" in r.content.decode()
    r = client.post(
        workspace(inv),
        {"action": "changes", "version": take.version, "note": "Keep my first sentence."},
    )
    assert r.status_code == 302
    take.refresh_from_db()
    assert take.status == Take.Status.REVIEW
    ev = TakeEvent.objects.get(take=take, kind="changes_requested")
    assert ev.note == "Keep my first sentence."
    dash = editor_client.get(f"/editor/s/{symposium.slug}/").content.decode()
    assert "Expert asked for changes: “Keep my first sentence.”" in dash


def test_sign_off_still_works_after_the_deadline(symposium, expert_client, editor_client):
    client, inv = expert_client(symposium)
    take = _to_signoff(client, editor_client, symposium, inv, BODY + " Edited.")
    symposium.closes_at = timezone.now() - timedelta(minutes=1)
    symposium.save()
    r = client.post(workspace(inv), {"action": "approve", "version": take.version})
    assert r.status_code == 302
    take.refresh_from_db()
    assert take.status == Take.Status.APPROVED


def test_sign_off_form_with_missing_version_is_400(symposium, expert_client, editor_client):
    client, inv = expert_client(symposium)
    _to_signoff(client, editor_client, symposium, inv, BODY + " Edited.")
    r = client.post(workspace(inv), {"action": "approve"})
    assert r.status_code == 400
