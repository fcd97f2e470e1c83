"""The expert declines or unsubscribes: from the email's links, once, and forever."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from symposia.web.editorial.models import SpentToken
from symposia.web.panel import mail, outreach, responses
from symposia.web.panel import roster as roster_service
from symposia.web.panel.models import Expert, Invitation, OptOut, OutreachEvent, email_hash
from tests.web import editorial_support as support
from tests.web.editorial_support import open_link, submit
from tests.web.panel_support import link_of, on_panel

# Shared fixtures: pytest finds them as attributes of this module.
editor = support.editor
symposium = support.symposium

pytestmark = pytest.mark.django_db
State = Invitation.State


@pytest.fixture
def sent(symposium, make_expert, mailoutbox):
    """Runa was invited by email; returns her invitation and the email."""
    inv = on_panel(make_expert, symposium, name="Runa Esker", email="runa@example.org")
    outreach.send_invitations(symposium)
    inv.refresh_from_db()
    return inv, mailoutbox[-1]


def test_decline_from_the_email(sent):
    inv, msg = sent
    path = link_of(msg, "decline")
    client = Client(enforce_csrf_checks=True)
    r = client.get(path)
    assert r.status_code == 200 and "Decline the invitation" in r.content.decode()
    inv.refresh_from_db()
    assert inv.state == State.INVITED  # a GET (or a mail scanner) changes nothing
    csrf = r.cookies["csrftoken"].value
    r = client.post(path, {"reason": "On leave until spring.", "csrfmiddlewaretoken": csrf})
    assert r.status_code == 200 and "you have declined" in r.content.decode()
    inv.refresh_from_db()
    assert inv.state == State.DECLINED and inv.decline_reason == "On leave until spring."
    event = OutreachEvent.objects.get(kind="declined")
    assert event.detail == "On leave until spring." and event.expert_name == "Runa Esker"
    assert SpentToken.objects.filter(invitation=inv).exists()  # the link was used up
    # The invitation link is dead for anyone else now.
    assert Client().get(link_of(msg)).status_code == 410


def test_decline_after_opening_the_link_in_the_same_browser(sent):
    inv, msg = sent
    client = Client()
    assert open_link(client, link_of(msg)).status_code == 302
    decline = link_of(msg, "decline")
    r = client.get(decline)
    assert r.status_code == 200  # spent link, but this browser holds the session
    r = client.post(decline, {"reason": ""})
    assert r.status_code == 200
    inv.refresh_from_db()
    assert inv.state == State.DECLINED
    assert Client().post(decline).status_code == 410  # another browser cannot


def test_decline_from_the_experts_page(sent):
    inv, msg = sent
    client = Client()
    open_link(client, link_of(msg))
    url = f"/panel/decline/i/{inv.pk}/"
    assert client.get(url).status_code == 200
    assert Client().get(url).status_code == 403
    assert client.post(url, {"reason": "x" * 3000}).status_code == 400
    assert client.post(url, {"reason": "No time."}).status_code == 200
    inv.refresh_from_db()
    assert inv.state == State.DECLINED


def test_cannot_decline_after_answering(symposium, sent):
    inv, msg = sent
    client = Client()
    open_link(client, link_of(msg))
    assert submit(client, inv).status_code == 302
    r = client.post(f"/panel/decline/i/{inv.pk}/", {"reason": ""})
    assert r.status_code == 409 and "already sent your answer" in r.content.decode()
    inv.refresh_from_db()
    assert inv.state == State.SUBMITTED


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ("expired", 410),
        ("revoked", 403),
        ("unknown", 404),
    ],
)
def test_dead_decline_links(sent, change, status):
    inv, msg = sent
    path = link_of(msg, "decline")
    if change == "expired":
        Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(days=1))
    elif change == "revoked":
        Invitation.objects.filter(pk=inv.pk).update(state=State.REVOKED)
    else:
        path = "/panel/decline/not-a-real-token/"
    assert Client().post(path, {"reason": ""}).status_code == status
    inv.refresh_from_db()
    assert inv.state != State.DECLINED


def test_declining_twice_is_harmless(sent):
    inv, _ = sent
    assert responses.decline(inv, "first") is True
    assert responses.decline(inv, "second") is False
    inv.refresh_from_db()
    assert inv.decline_reason == "first"
    assert OutreachEvent.objects.filter(kind="declined").count() == 1


def test_unsubscribe_stops_every_email_forever(symposium, make_symposium, sent, mailoutbox):
    inv, msg = sent
    path = link_of(msg, "unsubscribe")
    client = Client()
    r = client.get(path)
    assert r.status_code == 200 and "Unsubscribe from all emails" in r.content.decode()
    assert not OptOut.objects.exists()  # GET changes nothing
    r = client.post(path)
    assert r.status_code == 200 and "You are unsubscribed" in r.content.decode()
    assert OptOut.objects.filter(email_hash=email_hash("runa@example.org")).exists()
    inv.refresh_from_db()
    assert inv.state == State.OPTED_OUT
    assert client.get(path).status_code == 200  # the link keeps working
    assert client.post(path).status_code == 200  # and unsubscribing twice is fine
    # Deleting Runa and importing her again does not undo it.
    Expert.objects.filter(pk=inv.expert_id).delete()
    roster_service.apply(
        b"Name,Email\nRuna Esker,Runa@Example.org\n", "again.csv", actor_label="test"
    )
    runa = Expert.objects.get(email__iexact="runa@example.org")
    other = make_symposium(slug="next-round", series="Next Round")
    report = outreach.send_invitations(other, [runa])
    assert report.sent == 0 and [o.reason for o in report.outcomes] == ["opted out"]
    assert len(mailoutbox) == 1


def test_one_click_unsubscribe_needs_no_csrf_token(sent):
    _inv, msg = sent
    client = Client(enforce_csrf_checks=True)
    r = client.post(link_of(msg, "unsubscribe"), {"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200
    assert OptOut.objects.get().source == OptOut.Source.ONE_CLICK


def test_damaged_unsubscribe_link(sent):
    _, msg = sent
    path = link_of(msg, "unsubscribe")
    assert Client().post(path[:-5] + "xxxx/").status_code == 400
    assert Client().get("/panel/unsubscribe/garbage/").status_code == 400
    assert not OptOut.objects.exists()


def test_unsubscribe_tokens_do_not_expire(settings):
    token = mail.unsubscribe_token("ida@example.org")
    assert mail.unsubscribe_hash(token) == email_hash("IDA@example.org")
    settings.SECRET_KEY = "another-key-entirely-" + "x" * 40
    assert mail.unsubscribe_hash(token) is None  # signed: a changed key invalidates, not reverses
