"""An invited expert declines from the link in the email, in a real browser."""

from __future__ import annotations

import pytest

from symposia.web.panel import outreach
from symposia.web.panel.models import Invitation, OutreachEvent
from tests.web.panel_support import link_of, on_panel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_expert_declines_with_a_reason(page, live_server, make_symposium, make_expert, mailoutbox):
    s = make_symposium(status="open", is_fictional=True)
    inv = on_panel(make_expert, s, name="Runa Esker", email="runa@example.org")
    outreach.send_invitations(s)
    (msg,) = mailoutbox
    path = link_of(msg, "decline")

    page.goto(live_server.url + path)
    assert page.locator("h1").inner_text() == "Decline the invitation"
    assert s.question in page.locator("main").inner_text()
    inv.refresh_from_db()
    assert inv.state == Invitation.State.INVITED  # opening the page changed nothing

    page.get_by_label("Reason (optional)").fill("I am on a research trip until June.")
    page.get_by_role("button", name="Decline the invitation").click()
    page.wait_for_selector("#declined")
    assert "you have declined" in page.locator("h1").inner_text()

    inv.refresh_from_db()
    assert inv.state == Invitation.State.DECLINED
    assert inv.decline_reason == "I am on a research trip until June."
    assert OutreachEvent.objects.filter(invitation=inv, kind="declined").exists()

    # The link is spent: a second visit in another browser is refused with a way forward.
    other = page.context.browser.new_context()
    try:
        p2 = other.new_page()
        response = p2.goto(live_server.url + path)
        assert response.status == 410
        assert p2.get_by_role("button", name="Email me a new link").is_visible()
    finally:
        other.close()

    # Reminders never reach someone who declined.
    from datetime import timedelta

    from django.utils import timezone

    s.closes_at = timezone.now() + timedelta(days=1)
    s.save()
    report = outreach.send_reminders(s)
    assert report.sent == 0 and len(mailoutbox) == 1
