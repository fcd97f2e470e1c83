"""Sending through a real SMTP conversation: refusals, retries with backoff, dead servers.

A small SMTP server runs in a thread on a local port (tests.web.panel_support);
Django's smtp backend talks to it. No invitation is ever marked sent unless
the server accepted the message.
"""

from __future__ import annotations

import pytest
from django.test import override_settings

from symposia.web.panel import outreach
from symposia.web.panel.delivery import Mailer
from symposia.web.panel.models import Invitation, OutreachEvent
from tests.web import editorial_support as support
from tests.web.panel_support import Sleeps, closed_port, on_panel, smtp_server

# Shared fixtures: pytest finds them as attributes of this module.
editor = support.editor
symposium = support.symposium

pytestmark = pytest.mark.django_db

State = Invitation.State


def three(make_expert, symposium):
    return [
        on_panel(make_expert, symposium, name="Aino Salo", email="aino@example.org"),
        on_panel(make_expert, symposium, name="Bo Lund", email="bo@example.org"),
        on_panel(make_expert, symposium, name="Cai Moe", email="cai@example.org"),
    ]


def test_accepted_messages_really_arrive(symposium, make_expert):
    invs = three(make_expert, symposium)
    with smtp_server() as log:
        report = outreach.send_invitations(symposium, sleep=Sleeps())
    assert report.sent == 3
    assert sorted(r[0][0] for r in log.accepted) == sorted(i.expert.email for i in invs)
    assert all("/respond/" in body for _, body in log.accepted)


def test_a_refused_recipient_is_not_marked_sent(symposium, make_expert):
    invs = three(make_expert, symposium)
    sleeps = Sleeps()
    with smtp_server({"bo@example.org": [554]}) as log:
        report = outreach.send_invitations(symposium, sleep=sleeps)
    assert report.sent == 2 and report.failed == 1
    assert sleeps == []  # a 5xx is permanent: no retry
    assert log.rcpt_attempts["bo@example.org"] == 1
    bo = invs[1]
    bo.refresh_from_db()
    assert bo.state == State.NOT_INVITED and bo.sent_at is None
    failure = OutreachEvent.objects.get(kind="invitation_failed")
    assert failure.invitation == bo and "554" in failure.detail and failure.attempts == 1
    for inv in (invs[0], invs[2]):
        inv.refresh_from_db()
        assert inv.state == State.INVITED
    outcome = next(o for o in report.outcomes if o.expert == "Bo Lund")
    assert outcome.status == "failed" and "no such user" in outcome.reason


def test_a_transient_refusal_is_retried_with_backoff(symposium, make_expert):
    invs = three(make_expert, symposium)
    sleeps = Sleeps()
    with smtp_server({"aino@example.org": [451, 451, 250]}) as log:
        report = outreach.send_invitations(symposium, sleep=sleeps, attempts=3)
    assert report.sent == 3
    assert sleeps == [1.0, 2.0]  # exponential backoff
    assert log.rcpt_attempts["aino@example.org"] == 3
    sent = OutreachEvent.objects.get(kind="invitation_sent", invitation=invs[0])
    assert sent.attempts == 3


def test_transient_failures_give_up_after_the_last_attempt(symposium, make_expert):
    invs = three(make_expert, symposium)
    sleeps = Sleeps()
    with smtp_server({"aino@example.org": [421]}):
        report = outreach.send_invitations(symposium, sleep=sleeps, attempts=3)
    assert sleeps == [1.0, 2.0]
    assert report.sent == 2 and report.count("failed") == 1
    invs[0].refresh_from_db()
    assert invs[0].state == State.NOT_INVITED and invs[0].sent_at is None


def test_a_refused_message_body_is_not_marked_sent(symposium, make_expert):
    three(make_expert, symposium)
    with smtp_server(data_code=554):
        report = outreach.send_invitations(symposium, sleep=Sleeps())
    assert report.sent == 0 and report.count("failed") == 3
    assert not Invitation.objects.filter(state=State.INVITED).exists()


def test_a_server_that_refuses_the_connection_stops_the_batch(symposium, make_expert):
    three(make_expert, symposium)
    sleeps = Sleeps()
    with smtp_server(greeting=554):
        report = outreach.send_invitations(symposium, sleep=sleeps)
    assert [o.status for o in report.outcomes] == ["failed", "not_attempted", "not_attempted"]
    assert sleeps == []
    assert "mail server failed" in report.note
    assert not Invitation.objects.filter(state=State.INVITED).exists()
    assert OutreachEvent.objects.filter(kind="invitation_failed").count() == 1


def test_no_server_at_all_retries_then_stops(symposium, make_expert):
    invs = three(make_expert, symposium)
    sleeps = Sleeps()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed_port(),
        EMAIL_TIMEOUT=2,
    ):
        report = outreach.send_invitations(symposium, sleep=sleeps, attempts=2)
    assert sleeps == [1.0]
    assert [o.status for o in report.outcomes] == ["failed", "not_attempted", "not_attempted"]
    assert "cannot reach the mail server" in report.outcomes[0].reason
    for inv in invs:
        inv.refresh_from_db()
        assert inv.state == State.NOT_INVITED and inv.sent_at is None
    # Once the server is back, the same command sends to everyone, once.
    with smtp_server() as log:
        again = outreach.send_invitations(symposium, sleep=sleeps)
    assert again.sent == 3 and len(log.accepted) == 3


def test_mailer_reuses_one_connection(symposium, make_expert):
    from django.core.mail import EmailMessage

    with smtp_server() as log, Mailer(sleep=Sleeps()) as mailer:
        for n in range(3):
            d = mailer.send(EmailMessage("s", "b", "a@example.org", [f"r{n}@example.org"]))
            assert d.ok and d.attempts == 1
    assert len(log.accepted) == 3
