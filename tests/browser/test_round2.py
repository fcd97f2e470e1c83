"""Delphi round 2 in a real browser: the editor opens it, experts revise with reasons, it closes."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from symposia.web.delphi.models import DelphiRound, Revision
from tests.web.delphi_support import build_panel, round_link
from tests.web.editorial_support import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _expert_page(browser, live_server, message):
    ctx = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = ctx.new_page()
    pg.goto(live_server.url + round_link(message))
    pg.get_by_role("button", name="Continue").click()
    pg.wait_for_url(re.compile(r".*/respond/round/\d+/$"))
    return ctx, pg


def test_round_two_from_opening_to_the_stop_decision(
    browser, page, live_server, make_symposium, make_expert, make_take
):
    Group.objects.get_or_create(name="editor")  # transactional tests flush migration data
    panel = build_panel(make_symposium, make_expert, make_take)
    s = panel.symposium
    st1, st2 = panel.statements

    # The editor logs in and opens round 2 with their threshold and number of rounds.
    page.goto(f"{live_server.url}/editor/login/")
    page.fill("#id_username", panel.editor.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/editor/s/{s.slug}/delphi/")
    assert "Round 1: continue." in page.locator("#decision").inner_text()
    page.fill("#threshold", "0.7")
    page.fill("#max_rounds", "2")
    page.get_by_role("button", name="Open round 2").click()
    page.wait_for_url(f"**/editor/s/{s.slug}/delphi/")
    assert "Round 2 is open. Links emailed to 4 experts." in page.locator(".messages").inner_text()
    assert len(mail.outbox) == 4
    by_email = {m.to[0]: m for m in mail.outbox}

    # The first expert sees the group's feedback and revises two answers.
    ctx, pg = _expert_page(browser, live_server, by_email[panel.experts[0].email])
    feedback = pg.locator(".delphi-feedback").inner_text()
    assert "What the panel said in round 1" in feedback
    assert "Tariff relief first: 3 of 4 experts" in feedback
    assert "35%–68%" in feedback
    assert panel.experts[1].name not in pg.content()
    pg.select_option(f"select[name='stance-{st2.pk}']", "agree")
    pg.fill(f"input[name='forecast-{panel.question.pk}']", "35")
    pg.get_by_role("button", name="Submit round 2").click()
    error = pg.locator("#error").inner_text()
    assert "without a reason" in error and "Tariffs fall before ports reopen" in error
    # What the expert typed is still there; they add their reasons.
    assert pg.input_value(f"input[name='forecast-{panel.question.pk}']") == "35"
    pg.fill(f"textarea[name='reason-stance-{st2.pk}']", "The port deal moved me.")
    pg.fill(f"textarea[name='reason-forecast-{panel.question.pk}']", "Customs reform is slower.")
    pg.get_by_role("button", name="Submit round 2").click()
    pg.wait_for_selector("#answered")
    assert "your answers to round 2 are in" in pg.locator(".messages").inner_text()
    ctx.close()

    # Two more experts answer: one keeps everything, one moves to agreement.
    ctx, pg = _expert_page(browser, live_server, by_email[panel.experts[1].email])
    pg.get_by_role("button", name="Submit round 2").click()
    pg.wait_for_selector("#answered")
    ctx.close()
    ctx, pg = _expert_page(browser, live_server, by_email[panel.experts[2].email])
    pg.select_option(f"select[name='stance-{st1.pk}']", "agree")
    pg.fill(f"textarea[name='reason-stance-{st1.pk}']", "The feedback convinced me.")
    pg.select_option(f"select[name='rank-{panel.ranking.pk}-0']", "1")
    pg.select_option(f"select[name='rank-{panel.ranking.pk}-1']", "2")
    pg.fill(f"textarea[name='reason-ranking-{panel.ranking.pk}']", "Tariffs first after all.")
    pg.get_by_role("button", name="Submit round 2").click()
    pg.wait_for_selector("#answered")
    ctx.close()
    assert Revision.objects.filter(changed=True).count() == 4

    # The editor sees the change between rounds, the spread, Kendall's W and the decision.
    page.reload()
    round2 = page.locator("#round-2")
    text = round2.inner_text()
    assert "3 experts answered" in text
    row = round2.locator("table.statements tr", has_text="Talks resume within a year")
    assert "1 / 0 / 2" in row.inner_text()  # one moved to agree, none away, two kept
    assert "100% agree" in row.inner_text()
    assert round2.locator("table.rankings .kendall-w").inner_text() == "1.000"
    round2.get_by_text("Reasons given for 4 changed answers").click()
    assert "Customs reform is slower." in round2.locator(".reasons").inner_text()
    page.get_by_role("button", name="Close round 2").click()
    page.wait_for_url(f"**/editor/s/{s.slug}/delphi/")
    assert "Round 2 is closed" in page.locator(".messages").inner_text()
    assert "round 2 was the last of 2" in page.locator("#decision").inner_text()
    assert "decision to stop" in page.locator("#why-not").inner_text()
    assert DelphiRound.objects.get().decision["stop"]
