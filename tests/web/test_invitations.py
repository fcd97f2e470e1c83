"""Invitations: who gets one and who does not, personal links, templates, dry runs, pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from symposia.errors import InputError
from symposia.web.editorial.models import TakeEvent
from symposia.web.panel import mail, outreach
from symposia.web.panel.models import Invitation, OptOut, OutreachEvent, email_hash, hash_token
from tests.web import editorial_support as support
from tests.web.editorial_support import login, make_user
from tests.web.panel_support import link_of, on_panel

# Shared fixtures: pytest finds them as attributes of this module.
editor = support.editor
editor_client = support.editor_client
symposium = support.symposium

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(symposium, make_expert, make_take):
    """One expert of every kind the sender must tell apart."""
    s = symposium
    p = {
        "fresh": on_panel(make_expert, s, name="Runa Esker", email="runa@example.org"),
        "fresh2": on_panel(make_expert, s, name="Kasimir Vale", email="kasimir@example.org"),
        "no_email": on_panel(make_expert, s, name="Ida Marr", email=""),
        "opted": on_panel(make_expert, s, name="Olek Brand", email="olek@example.org"),
        "declined": on_panel(make_expert, s, "declined", name="Tove Lind"),
        "invited": on_panel(make_expert, s, "invited", name="Pia Holm"),
        "revoked": on_panel(make_expert, s, "revoked", name="Aino Salo"),
        "answered": on_panel(make_expert, s, name="Lars Dahl"),
    }
    OptOut.objects.create(email_hash=email_hash("OLEK@example.org "))
    # An answer the invitation state does not show (ingested by an editor).
    make_take(s, p["answered"].expert, status="review", publish_at=None)
    return p


def test_send_emails_exactly_the_experts_not_yet_invited(symposium, panel, mailoutbox):
    report = outreach.send_invitations(symposium, actor_label="test")
    assert sorted(m.to[0] for m in mailoutbox) == ["kasimir@example.org", "runa@example.org"]
    assert report.sent == 2 and report.failed == 0
    skipped = {o.expert: o.reason for o in report.outcomes if o.status == "skipped"}
    assert skipped == {
        "Ida Marr": "no email address",
        "Olek Brand": "opted out",
        "Lars Dahl": "already answered",
    }
    for key in ("fresh", "fresh2"):
        inv = panel[key]
        inv.refresh_from_db()
        assert inv.state == Invitation.State.INVITED and inv.sent_at is not None
    for key in ("no_email", "opted", "answered"):
        panel[key].refresh_from_db()
        assert panel[key].state == Invitation.State.NOT_INVITED and panel[key].sent_at is None
    assert OutreachEvent.objects.filter(kind="invitation_sent").count() == 2
    assert TakeEvent.objects.filter(kind=TakeEvent.Kind.LINK_SENT).count() == 2
    # Sending again sends nothing: everyone reachable is invited now.
    again = outreach.send_invitations(symposium)
    assert again.sent == 0 and len(mailoutbox) == 2


def test_each_email_carries_a_working_personal_link(symposium, panel, mailoutbox):
    outreach.send_invitations(symposium)
    msg = next(m for m in mailoutbox if m.to == ["runa@example.org"])
    path = link_of(msg)
    raw = path.split("/")[2]
    inv = panel["fresh"]
    inv.refresh_from_db()
    assert inv.token_hash == hash_token(raw)  # only the hash is stored
    assert raw not in str(Invitation.objects.values_list().get(pk=inv.pk))
    assert Client().get(path).status_code == 200
    assert symposium.question in msg.body and "Runa Esker" in msg.body
    assert link_of(msg, "decline") == f"/panel/decline/{raw}/"
    unsubscribe = link_of(msg, "unsubscribe")
    assert msg.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{unsubscribe}>"
    assert msg.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "runa" not in unsubscribe  # the link names a hash, not the address


def test_link_expires_and_stops_working(symposium, panel, mailoutbox):
    outreach.send_invitations(symposium)
    path = link_of(mailoutbox[0])
    raw = path.split("/")[2]
    inv = Invitation.objects.get(token_hash=hash_token(raw))
    assert inv.expires_at > timezone.now() + timedelta(days=29)
    later = inv.expires_at + timedelta(seconds=1)
    assert Invitation.for_token(raw, now=later) is None
    assert Invitation.for_token(raw) is not None
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert Client().get(path).status_code == 410


def test_links_outlive_the_deadline(symposium, make_expert, mailoutbox):
    symposium.closes_at = timezone.now() + timedelta(days=60)
    symposium.save()
    inv = on_panel(make_expert, symposium)
    outreach.send_invitations(symposium)
    inv.refresh_from_db()
    assert inv.expires_at >= symposium.closes_at + timedelta(days=29)


def test_dry_run_sends_and_stores_nothing(symposium, panel, mailoutbox):
    before = list(Invitation.objects.values_list("pk", "state", "token_hash", "sent_at"))
    report = outreach.send_invitations(symposium, dry_run=True)
    assert mailoutbox == []
    assert report.count("would_send") == 2
    assert list(Invitation.objects.values_list("pk", "state", "token_hash", "sent_at")) == before
    assert OutreachEvent.objects.count() == 0
    assert report.summary().startswith("2 invitations would be sent")


def test_inviting_named_roster_experts_adds_them_first(symposium, make_expert, mailoutbox):
    a = make_expert(name="Runa Esker", email="runa@example.org")
    b = make_expert(name="Ida Marr", email="")
    dry = outreach.send_invitations(symposium, [a, b], dry_run=True)
    assert [(o.expert, o.status) for o in dry.outcomes] == [
        ("Runa Esker", "would_send"),
        ("Ida Marr", "skipped"),
    ]
    assert not Invitation.objects.exists()
    report = outreach.send_invitations(symposium, [a, b])
    assert report.sent == 1 and [m.to for m in mailoutbox] == [["runa@example.org"]]
    assert Invitation.objects.filter(symposium=symposium).count() == 2


def test_resend_rotates_the_link(symposium, make_expert, mailoutbox):
    inv = on_panel(make_expert, symposium)
    outreach.send_invitations(symposium)
    first = link_of(mailoutbox[0])
    outreach.send_invitations(symposium, resend=True)
    second = link_of(mailoutbox[1])
    assert first != second
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    inv.refresh_from_db()
    assert inv.state == Invitation.State.INVITED


def test_template_placeholders_and_errors(symposium, make_expert, mailoutbox):
    mail.save_templates(
        symposium,
        mail.Texts("{series} — for {name}", "Hello {name} of {affiliation}.\nWrite here: {link}\n"),
        mail.Texts(mail.DEFAULT_REMINDER_SUBJECT, mail.DEFAULT_REMINDER_BODY),
    )
    on_panel(make_expert, symposium, name="Runa Esker", affiliation="Fjord Policy Centre")
    outreach.send_invitations(symposium)
    (msg,) = mailoutbox
    assert msg.subject == "The Harbor Talks — for Runa Esker"
    assert msg.body.startswith("Hello Runa Esker of Fjord Policy Centre.")
    assert "To receive no more emails" in msg.body  # footer added: the text had no {unsubscribe}
    with pytest.raises(InputError, match=r"lacks \{link\}"):
        mail.save_templates(symposium, mail.Texts("x", "no link"), mail.Texts("x", "{link}"))
    with pytest.raises(InputError, match=r"\{nmae\}"):
        mail.save_templates(symposium, mail.Texts("{nmae}", "{link}"), mail.Texts("x", "{link}"))
    with pytest.raises(InputError, match="line break"):
        mail.validate_texts(mail.Texts("a\nb", "{link}"))


# -- pages -----------------------------------------------------------------------------------


def test_invitations_page_previews_per_expert(symposium, panel, editor_client):
    runa = panel["fresh"].expert
    r = editor_client.get(f"/editor/s/{symposium.slug}/panel/invitations/?expert={runa.pk}")
    page = r.content.decode()
    assert r.status_code == 200
    assert "Dear Runa Esker," in page and "PERSONAL-LINK-MADE-WHEN-SENT" in page
    r = editor_client.get(
        f"/editor/s/{symposium.slug}/panel/invitations/?expert={runa.pk}&kind=reminder"
    )
    assert "A reminder that answers" in r.content.decode()
    assert not Invitation.objects.filter(state="invited", expert=runa).exists()


def test_invitations_page_dry_run_and_send(symposium, panel, editor_client, mailoutbox):
    url = f"/editor/s/{symposium.slug}/panel/invitations/"
    r = editor_client.post(url, {"action": "dry_run"})
    assert r.status_code == 200 and mailoutbox == []
    assert "2 invitations would be sent" in r.content.decode()
    r = editor_client.post(url, {"action": "send"})
    assert r.status_code == 200 and len(mailoutbox) == 2
    assert "2 invitations sent" in r.content.decode()
    assert editor_client.post(url, {"action": "launch"}).status_code == 400


def test_invitations_page_rejects_a_broken_template(symposium, editor_client):
    url = f"/editor/s/{symposium.slug}/panel/invitations/"
    data = {
        "action": "save_template",
        "subject": "Hi {name}",
        "body": "Dear {name}, no link here",
        "reminder_subject": "r",
        "reminder_body": "{link}",
    }
    r = editor_client.post(url, data)
    assert r.status_code == 400 and "lacks {link}" in r.content.decode()
    data["body"] = "Dear {name}: {link}"
    assert editor_client.post(url, data).status_code == 302
    assert mail.templates_for(symposium)[0].body == "Dear {name}: {link}"


def test_panel_pages_need_a_role(symposium, db):
    outsider = login(make_user("otto"))
    for path in ("", "invitations/", "diversity/", "outreach/"):
        r = outsider.get(f"/editor/s/{symposium.slug}/panel/{path}")
        assert r.status_code == 403, path
    assert Client().get(f"/editor/s/{symposium.slug}/panel/").status_code == 302  # log in first
    r = login(make_user("erin2")).post(
        f"/editor/s/{symposium.slug}/panel/invitations/", {"action": "send"}
    )
    assert r.status_code == 403
    assert outsider.get("/editor/s/no-such-thing/panel/").status_code == 404


def test_panel_page_lists_states_and_adds_from_the_roster(
    symposium, panel, editor_client, make_expert
):
    extra = make_expert(name="Sela Brun", email="sela@example.org", region="Europe")
    url = f"/editor/s/{symposium.slug}/panel/"
    page = editor_client.get(url).content.decode()
    assert 'data-state="not_invited">4<' in page and 'data-state="declined">1<' in page
    assert 'data-state="submitted">1<' in page  # Lars's take counts though his email state lags
    page = editor_client.get(url, {"q": "Sela"}).content.decode()
    assert "Sela Brun" in page
    r = editor_client.post(url + "add/", {"expert": [str(extra.pk)]})
    assert r.status_code == 302
    assert Invitation.objects.filter(symposium=symposium, expert=extra).exists()
    assert editor_client.post(url + "add/", {}).status_code == 400


def test_bounce_is_recorded_and_blocks_reminders(symposium, panel, editor_client):
    inv = panel["invited"]
    r = editor_client.post(
        f"/editor/s/{symposium.slug}/panel/{inv.pk}/bounce/", {"detail": "550 no such user"}
    )
    assert r.status_code == 302
    inv.refresh_from_db()
    assert inv.state == Invitation.State.BOUNCED
    ev = OutreachEvent.objects.get(kind="bounced")
    assert ev.detail == "550 no such user" and ev.expert_name == "Pia Holm"
    declined = panel["declined"]
    r = editor_client.post(f"/editor/s/{symposium.slug}/panel/{declined.pk}/bounce/")
    assert r.status_code == 409


def test_outreach_log_shows_sends_and_openings(symposium, panel, editor_client, mailoutbox):
    outreach.send_invitations(symposium)
    client = Client()
    path = link_of(mailoutbox[0])
    client.get(path)
    client.post(path)
    page = editor_client.get(f"/editor/s/{symposium.slug}/panel/outreach/").content.decode()
    assert page.count('data-kind="invitation_sent"') == 2
    assert page.count('data-kind="link_opened"') == 1
    only = editor_client.get(
        f"/editor/s/{symposium.slug}/panel/outreach/", {"kind": "link_opened"}
    ).content.decode()
    assert 'data-kind="invitation_sent"' not in only and 'data-kind="link_opened"' in only
