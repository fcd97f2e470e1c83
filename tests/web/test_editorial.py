"""The editors' side: log-in, roles, symposia, experts, links, editing, sign-off, override."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.test import Client

from symposia.web.editorial.models import SymposiumRole, TakeEvent
from symposia.web.panel.models import Invitation, hash_token
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take, TakeRevision
from tests.web import editorial_support as support
from tests.web.editorial_support import (
    BODY,
    PASSWORD,
    link_path,
    login,
    make_user,
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


def _take_url(s, take, suffix=""):
    return f"/editor/s/{s.slug}/takes/{take.pk}/{suffix}"


def _edit(client, s, take, **fields):
    data = {
        "version": take.version,
        "headline": take.headline,
        "pull_quote": take.pull_quote,
        "body": take.body,
        "body_format": take.body_format,
        "bio_line": take.bio_line,
        "photo_caption": take.photo_caption,
        "image_credit": take.image_credit,
    }
    data.update(fields)
    return client.post(_take_url(s, take), data)


@pytest.fixture
def submitted(symposium, expert_client):
    client, inv = expert_client(symposium, name="Tove Lindqvist")
    assert submit(client, inv).status_code == 302
    return client, inv, Take.objects.get(expert=inv.expert)


# -- log-in and roles ------------------------------------------------------------------------


def test_login_page_and_password_login(editor):
    c = Client()
    r = c.get("/editor/")
    assert r.status_code == 302 and r["Location"].startswith("/editor/login/?next=/editor/")
    page = c.get("/editor/login/")
    assert page.status_code == 200 and "Editors’ log-in" in page.content.decode()
    bad = c.post("/editor/login/", {"username": "erin", "password": "wrong"})
    assert bad.status_code == 200 and "did not match" in bad.content.decode()
    ok = c.post("/editor/login/", {"username": "erin", "password": PASSWORD})
    assert ok.status_code == 302 and ok["Location"] == "/editor/"
    assert c.get("/editor/").status_code == 200


def test_production_passwords_are_hashed_with_argon2(settings):
    assert "Argon2PasswordHasher" in "".join(settings.PASSWORD_HASHERS[:2])
    encoded = make_password("s3cret-harbor", hasher="argon2")
    assert encoded.startswith("argon2$") and check_password("s3cret-harbor", encoded)


def test_a_user_without_a_role_is_refused(db):
    plain = login(make_user("pat", group=None))
    r = plain.get("/editor/")
    assert r.status_code == 403 and "no editor role" in r.content.decode()


def test_editors_see_only_their_symposia_and_admins_see_all(make_symposium, editor):
    mine = make_symposium(slug="mine")
    other = make_symposium(slug="other", series="Other Talks")
    SymposiumRole.objects.create(user=editor, symposium=mine)
    c = login(editor)
    page = c.get("/editor/").content.decode()
    assert "/editor/s/mine/" in page and "/editor/s/other/" not in page
    r = c.get(f"/editor/s/{other.slug}/")
    assert r.status_code == 403 and "not an editor" in r.content.decode()
    assert c.get("/editor/s/no-such-slug/").status_code == 404
    admin = login(make_user("ada", group="admin"))
    assert admin.get(f"/editor/s/{other.slug}/").status_code == 200
    page = admin.get("/editor/").content.decode()
    assert "/editor/s/mine/" in page and "/editor/s/other/" in page


def test_only_symposium_admins_grant_roles(make_symposium, editor):
    s = make_symposium()
    SymposiumRole.objects.create(user=editor, symposium=s, role=SymposiumRole.Role.EDITOR)
    newcomer = make_user("noor", group=None)
    c = login(editor)
    r = c.post(f"/editor/s/{s.slug}/roles/", {"username": "noor", "role": "editor"})
    assert r.status_code == 403
    boss = make_user("bo", group=None)
    SymposiumRole.objects.create(user=boss, symposium=s, role=SymposiumRole.Role.ADMIN)
    b = login(boss)
    assert (
        b.post(f"/editor/s/{s.slug}/roles/", {"username": "noor", "role": "editor"}).status_code
        == 302
    )
    assert SymposiumRole.objects.filter(user=newcomer, symposium=s, role="editor").exists()
    r = b.post(f"/editor/s/{s.slug}/roles/", {"username": "ghost", "role": "editor"})
    assert r.status_code == 400 and "No account is called “ghost”" in r.content.decode()
    # A user with only a role (no group) may not create symposia.
    assert login(newcomer).get("/editor/new/").status_code == 403


# -- symposia, experts, links ----------------------------------------------------------------

NEW = {
    "slug": "after-the-harbor",
    "series": "After the Harbor",
    "question": "What happens after the harbor round?",
    "question_phrase": "What Happens Next",
    "intro": "",
    "headline_template": "{series} – We Asked {name} {question_phrase}",
    "editor_note_template": "Read all {count} takes [here].",
    "image_credit": "",
    "photo_caption": "",
    "anonymity": "attributed",
    "closes_at": "2099-01-31T18:00",
}


def test_create_a_symposium(editor_client, editor):
    r = editor_client.post("/editor/new/", NEW)
    assert r.status_code == 302 and r["Location"] == "/editor/s/after-the-harbor/"
    s = Symposium.objects.get(slug="after-the-harbor")
    assert s.status == Symposium.Status.OPEN and s.closes_at.year == 2099
    assert SymposiumRole.objects.get(symposium=s).user == editor


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"question": ""}, "This field is required"),
        ({"headline_template": "{series} asks {who}"}, "unknown placeholder {who}"),
        ({"closes_at": "2001-01-01T10:00"}, "deadline is in the past"),
        ({"closes_at": "next tuesday"}, "Enter a valid date/time"),
    ],
)
def test_bad_symposium_forms_say_what_is_wrong(editor_client, change, message):
    r = editor_client.post("/editor/new/", {**NEW, **change})
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not Symposium.objects.filter(slug=NEW["slug"]).exists()


def test_duplicate_slug_is_a_form_error(editor_client, make_symposium):
    make_symposium(slug=NEW["slug"])
    r = editor_client.post("/editor/new/", NEW)
    assert r.status_code == 400 and "already exists" in r.content.decode()


def test_add_expert_and_send_the_link(symposium, editor_client, mailoutbox):
    url = f"/editor/s/{symposium.slug}/experts/"
    r = editor_client.post(
        url,
        {
            "name": "Runa Esker",
            "email": "runa@example.org",
            "title": "Director",
            "affiliation": "Fjord Policy Centre",
        },
    )
    assert r.status_code == 302
    inv = Invitation.objects.get(symposium=symposium, expert__email="runa@example.org")
    assert inv.expert.slug == "runa-esker" and inv.state == Invitation.State.NOT_INVITED
    assert "Link not sent yet" in editor_client.get(f"/editor/s/{symposium.slug}/").content.decode()
    r = editor_client.post(f"/editor/s/{symposium.slug}/invitations/{inv.pk}/send/")
    assert r.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["runa@example.org"]
    path = link_path(mailoutbox[0])
    raw = path.split("/")[2]
    inv.refresh_from_db()
    assert inv.state == Invitation.State.INVITED and inv.sent_at is not None
    assert inv.token_hash == hash_token(raw) and raw not in inv.token_hash  # only the hash
    # Sending again replaces the link: the first one dies.
    editor_client.post(f"/editor/s/{symposium.slug}/invitations/{inv.pk}/send/")
    assert Client().get(path).status_code == 404
    assert Client().get(link_path(mailoutbox[1])).status_code == 200
    # The same expert cannot be invited twice.
    r = editor_client.post(url, {"name": "Runa Esker", "email": "RUNA@example.org"})
    assert r.status_code == 409 and "already invited" in r.content.decode()


def test_add_expert_with_missing_fields(symposium, editor_client):
    r = editor_client.post(f"/editor/s/{symposium.slug}/experts/", {"name": "No Mail"})
    assert r.status_code == 400 and "Email: This field is required" in r.content.decode()
    assert not Invitation.objects.exists()


def test_revoke_kills_link_and_session(symposium, editor_client, expert_client):
    client, inv = expert_client(symposium)
    r = editor_client.post(f"/editor/s/{symposium.slug}/invitations/{inv.pk}/revoke/")
    assert r.status_code == 302
    assert client.get(workspace(inv)).status_code == 403
    r = editor_client.post(f"/editor/s/{symposium.slug}/invitations/{inv.pk}/send/")
    assert r.status_code == 409 and "revoked" in r.content.decode()


# -- dashboard ----------------------------------------------------------------------------------


def test_dashboard_counts_takes_by_state(symposium, editor_client, invite, make_take, make_expert):
    from datetime import timedelta

    from django.utils import timezone

    invite(symposium)  # invited, no take
    now = timezone.now()
    for status, publish_at in [
        ("draft", None),
        ("review", None),
        ("review", None),
        ("signoff", None),
        ("approved", None),
        ("scheduled", now + timedelta(days=1)),
        ("scheduled", now - timedelta(hours=1)),
        ("published", now - timedelta(days=1)),
    ]:
        make_take(symposium, make_expert(), status=status, publish_at=publish_at)
    html = editor_client.get(f"/editor/s/{symposium.slug}/").content.decode()
    expected = {
        "invited": 1,
        "draft": 1,
        "review": 2,
        "signoff": 1,
        "approved": 1,
        "scheduled": 1,
        "published": 2,
    }
    for state, n in expected.items():
        assert f'<span class="n" data-state="{state}">{n}</span>' in html
    assert "Submitted: needs editing" in html and "Approved: not scheduled yet" in html
    assert "Next release" in html


# -- editing ------------------------------------------------------------------------------------


def test_edit_stores_a_revision_and_an_event(symposium, editor_client, submitted):
    _client, _inv, take = submitted
    page = editor_client.get(_take_url(symposium, take)).content.decode()
    assert "Suggested pull quotes" in page
    assert "Tove Lindqvist, Ph.D., is a Senior Fellow at Lantern Institute." in page
    headline = "The Harbor Talks – We Asked Tove Lindqvist Where Trade Talks Go Next"
    assert headline in page
    edited = BODY.replace("both delegations know it", "both delegations know")
    r = _edit(
        editor_client,
        symposium,
        take,
        body=edited,
        headline=headline,
        pull_quote="Trade ministers must choose between a narrow deal this year and no deal "
        "at all.",
    )
    assert r.status_code == 302
    take.refresh_from_db()
    assert take.body == edited and take.version == 3
    assert take.headline == ""  # equal to the template's: keeps following it
    assert take.pull_quote.startswith("Trade ministers must choose")
    rev = TakeRevision.objects.filter(take=take).order_by("number").last()
    assert rev.kind == "edited" and rev.author.username == "erin" and rev.body == edited
    ev = TakeEvent.objects.get(take=take, kind="edited")
    assert ev.actor.username == "erin" and ev.revision == rev
    # Saving unchanged fields stores nothing new.
    r = _edit(editor_client, symposium, take)
    assert r.status_code == 302
    assert TakeRevision.objects.filter(take=take).count() == 2


def test_pull_quote_must_come_from_the_take(symposium, editor_client, submitted):
    take = submitted[2]
    r = _edit(editor_client, symposium, take, pull_quote="Words the expert never wrote here.")
    assert r.status_code == 400 and "not, word for word, in the take" in r.content.decode()
    # Whitespace may differ: the stored quote is the exact text of the body.
    r = _edit(
        editor_client,
        symposium,
        take,
        pull_quote="“Negotiators will have to  return\nbefore the elections, not after them.”",
    )
    assert r.status_code == 302
    take.refresh_from_db()
    assert (
        take.pull_quote == "Negotiators will have to return before the elections, not after them."
    )


def test_missing_body_in_the_edit_form(symposium, editor_client, submitted):
    take = submitted[2]
    r = _edit(editor_client, symposium, take, body="")
    assert r.status_code == 400 and "Body: This field is required" in r.content.decode()
    r = editor_client.post(_take_url(symposium, take), {"body": "x"})
    assert r.status_code == 400


def test_two_editors_saving_at_once_conflict_and_nothing_is_lost(symposium, submitted):
    take = submitted[2]
    first = login(User.objects.get(username="erin"))
    second_user = make_user("sam")
    SymposiumRole.objects.create(user=second_user, symposium=symposium)
    second = login(second_user)
    loaded_version = take.version  # both loaded the page at this version
    r1 = _edit(first, symposium, take, body=BODY + " First editor's line.")
    assert r1.status_code == 302
    r2 = _edit(
        second, symposium, take, version=loaded_version, body=BODY + " Second editor's line."
    )
    html = r2.content.decode()
    assert r2.status_code == 409
    assert "saved this take while you were editing it" in html and "editor erin" in html
    assert "First editor&#x27;s line." in html or "First editor's line." in html
    assert "Second editor" in html  # their own text is still there
    take.refresh_from_db()
    assert take.body.endswith("First editor's line.")
    # The form now carries the stored version, so saving again is a deliberate overwrite.
    assert f'name="version" value="{take.version}"' in html
    r3 = _edit(second, symposium, take, body=BODY + " Second editor's line.")
    assert r3.status_code == 302
    take.refresh_from_db()
    assert take.body.endswith("Second editor's line.")


def test_editing_the_text_after_sign_off_withdraws_it(symposium, editor_client, submitted):
    take = submitted[2]
    Take.objects.filter(pk=take.pk).update(status="approved")
    take.refresh_from_db()
    r = _edit(editor_client, symposium, take, body=BODY + " Late change.")
    assert r.status_code == 302
    take.refresh_from_db()
    assert take.status == Take.Status.REVIEW
    assert TakeEvent.objects.filter(take=take, kind="signoff_invalidated").exists()


def test_changing_a_public_take_needs_a_recorded_override(symposium, editor_client, submitted):
    from datetime import timedelta

    from django.utils import timezone

    take = submitted[2]
    Take.objects.filter(pk=take.pk).update(
        status="scheduled", publish_at=timezone.now() - timedelta(minutes=5)
    )
    take.refresh_from_db()
    r = _edit(editor_client, symposium, take, body=BODY + " Typo fix.")
    assert r.status_code == 400 and "this take is public" in r.content.decode()
    r = _edit(
        editor_client,
        symposium,
        take,
        body=BODY + " Typo fix.",
        override_reason="Fixing a typo the expert reported",
    )
    assert r.status_code == 302
    take.refresh_from_db()
    assert take.status == Take.Status.SCHEDULED and take.body.endswith("Typo fix.")
    ev = TakeEvent.objects.get(take=take, kind="override")
    assert "Fixing a typo" in ev.note and ev.actor.username == "erin"


def test_editors_do_not_see_drafts(symposium, editor_client, expert_client):
    client, inv = expert_client(symposium)
    client.post(
        workspace(inv), {"action": "save", "body": "Private musings.", "body_format": "plain"}
    )
    take = Take.objects.get(expert=inv.expert)
    page = editor_client.get(_take_url(symposium, take)).content.decode()
    assert "Private musings." not in page and "has not submitted" in page
    r = _edit(editor_client, symposium, take, body="Editor rewrite.")
    assert r.status_code == 409
    take.refresh_from_db()
    assert take.body == "Private musings."


# -- sign-off and override ----------------------------------------------------------------------


def test_request_signoff_emails_a_fresh_link(symposium, editor_client, submitted, mailoutbox):
    _client, inv, take = submitted
    r = editor_client.post(_take_url(symposium, take, "request-signoff/"), {"note": "Light trims."})
    assert r.status_code == 302
    take.refresh_from_db()
    assert take.status == Take.Status.SIGNOFF
    ev = TakeEvent.objects.get(take=take, kind="signoff_requested")
    assert ev.note == "Light trims." and ev.revision is not None
    mail = mailoutbox[-1]
    assert mail.to == [inv.expert.email] and "/respond/" in mail.body
    # Asking twice is a conflict, not a second email.
    r = editor_client.post(_take_url(symposium, take, "request-signoff/"))
    assert r.status_code == 409 and len(mailoutbox) == 1


def test_nothing_is_approved_without_sign_off_unless_overridden(
    symposium, editor_client, submitted
):
    take = submitted[2]
    r = editor_client.post(
        f"/editor/s/{symposium.slug}/schedule/",
        {"start": "2099-12-01T09:00", "per_day": 8, "spacing_minutes": 60},
    )
    assert r.status_code == 400 and "no approved take" in r.content.decode()
    r = editor_client.post(_take_url(symposium, take, "override/"), {"reason": "short"})
    assert r.status_code == 400 and "needs a reason" in r.content.decode()
    r = editor_client.post(_take_url(symposium, take, "override/"), {})
    assert r.status_code == 400
    take.refresh_from_db()
    assert take.status == Take.Status.REVIEW
    reason = "Expert is travelling; approved the text by phone"
    r = editor_client.post(_take_url(symposium, take, "override/"), {"reason": reason})
    assert r.status_code == 302
    take.refresh_from_db()
    assert take.status == Take.Status.APPROVED
    ev = TakeEvent.objects.get(take=take, kind="override")
    assert ev.note == reason and ev.actor.username == "erin" and ev.from_status == "review"
    assert reason in editor_client.get(_take_url(symposium, take)).content.decode()


def test_unknown_take_and_action(symposium, editor_client, submitted):
    take = submitted[2]
    assert editor_client.get(f"/editor/s/{symposium.slug}/takes/99999/").status_code == 404
    assert editor_client.post(_take_url(symposium, take, "explode/")).status_code == 404
    assert editor_client.get(_take_url(symposium, take, "override/")).status_code == 405


# -- revisions ----------------------------------------------------------------------------------


def test_readable_diff_between_any_two_revisions(symposium, editor_client, submitted):
    take = submitted[2]
    _edit(editor_client, symposium, take, body=BODY.replace("narrow deal", "modest deal"))
    take.refresh_from_db()
    _edit(editor_client, symposium, take, body=take.body.replace("winter", "spring"))
    r = editor_client.get(_take_url(symposium, take, "diff/"), {"a": 1, "b": 3})
    html = r.content.decode()
    assert r.status_code == 200
    assert '<del class="diff-del">narrow</del><ins class="diff-ins">modest</ins>' in html
    assert '<del class="diff-del">winter</del><ins class="diff-ins">spring</ins>' in html
    assert "2 words removed" in html
    r = editor_client.get(_take_url(symposium, take, "diff/"), {"a": 1, "b": 9})
    assert r.status_code == 404 and "no revision 9" in r.content.decode()
    r = editor_client.get(_take_url(symposium, take, "diff/"), {"a": "x"})
    assert r.status_code == 400
