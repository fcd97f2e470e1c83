"""The whole path in a real browser: an editor creates a symposium, invites an expert,
the expert writes and submits, the editor edits, the expert signs off, the editor
schedules, and the take goes public (hub and feed) at its time and not before."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "lantern-harbor-2026"
TAKE = (
    "The harbor round changed less than it seemed, and both delegations know it.\n\n"
    "Negotiators will have to return before the elections, not after them. "
    "Trade ministers must choose between a narrow deal this year and no deal at all."
)


def _link(message) -> str:
    m = re.search(r"https?://[^/\s]+(/respond/[A-Za-z0-9_\-]+/)", message.body)
    assert m, message.body
    return m.group(1)


def _msg(page) -> str:
    return page.locator(".messages").inner_text()


def _go(page, locator) -> None:
    """Click something that submits a form and wait for the next page."""
    with page.expect_navigation():
        locator.click()


def test_editor_and_expert_take_a_take_from_invitation_to_publication(
    browser, live_server, make_expert
):
    user = User.objects.create_user("erin", "erin@example.org", PASSWORD)
    user.groups.add(Group.objects.get_or_create(name="editor")[0])
    base = live_server.url
    mail.outbox = []

    # The editor logs in and creates the symposium.
    editor_ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    ed = editor_ctx.new_page()
    ed.goto(f"{base}/editor/")
    ed.wait_for_url("**/editor/login/**")
    ed.fill("#id_username", "erin")
    ed.fill("#id_password", PASSWORD)
    _go(ed, ed.locator("button[type=submit]"))
    ed.wait_for_url(f"{base}/editor/")
    _go(ed, ed.get_by_role("link", name="New symposium"))
    ed.fill("#id_slug", "after-the-harbor")
    ed.fill("#id_series", "After the Harbor")
    ed.fill("#id_question", "What happens after the harbor round?")
    ed.fill("#id_question_phrase", "What Happens Next")
    ed.fill("#id_closes_at", "2099-01-31T18:00:00")
    _go(ed, ed.get_by_role("button", name="Create symposium"))
    ed.wait_for_url(f"{base}/editor/s/after-the-harbor/")
    assert "Created “After the Harbor”" in _msg(ed)

    # ... adds an expert and sends the link.
    ed.fill("#expert-form #id_name", "Runa Esker")
    ed.fill("#expert-form #id_email", "runa@example.org")
    ed.fill("#expert-form #id_honorific", "Ph.D.")
    ed.fill("#expert-form #id_title", "Director")
    ed.fill("#expert-form #id_affiliation", "Fjord Policy Centre")
    _go(ed, ed.get_by_role("button", name="Add expert"))
    assert "Invited Runa Esker" in _msg(ed)
    assert ed.locator('[data-state="invited"]').first.inner_text() == "1"
    _go(ed, ed.get_by_role("button", name="Send link to Runa Esker"))
    assert "Emailed a personal link to Runa Esker" in _msg(ed)
    assert [m.to for m in mail.outbox] == [["runa@example.org"]]
    invite_path = _link(mail.outbox[0])

    # The expert opens the link, writes, previews, saves and submits.
    expert_ctx = browser.new_context(viewport={"width": 1000, "height": 900})
    ex = expert_ctx.new_page()
    ex.goto(base + invite_path)
    assert ex.locator("h1").inner_text() == "What happens after the harbor round?"
    _go(ex, ex.get_by_role("button", name="Continue"))
    ex.wait_for_url("**/respond/take/**")
    ex.fill("#id_body", TAKE)
    _go(ex, ex.locator("button[value=preview]"))
    preview = ex.locator(".preview-box")
    assert (
        preview.locator("h1.headline").inner_text()
        == "After the Harbor – We Asked Runa Esker What Happens Next"
    )
    assert "Runa Esker, Ph.D., is a Director at Fjord Policy Centre." in preview.inner_text()
    _go(ex, ex.locator("button[value=save]"))
    assert "Draft saved" in _msg(ex)
    assert ex.input_value("#id_body") == TAKE
    _go(ex, ex.locator("button[value=submit]"))
    assert "your take is with the editors" in _msg(ex)
    # The link from the email does not work a second time.
    other = browser.new_context().new_page()
    assert other.goto(base + invite_path).status == 410
    other.context.close()

    # The editor edits the take and sends it for sign-off.
    ed.goto(f"{base}/editor/s/after-the-harbor/")
    assert ed.locator('[data-state="review"]').first.inner_text() == "1"
    assert "Submitted: needs editing" in ed.locator(".attention").inner_text()
    _go(ed, ed.locator("table[data-state=review]").get_by_role("link", name="Runa Esker"))
    ed.wait_for_url("**/takes/**")
    edited = TAKE.replace("changed less than it seemed", "changed little")
    ed.fill("#id_body", edited)
    first = ed.locator("[data-pull-quote]").first
    quote = first.get_attribute("data-pull-quote")
    first.click()
    assert ed.input_value("#id_pull_quote") == quote and quote in edited
    _go(ed, ed.locator("#edit-form button[type=submit]"))
    assert "Saved version" in _msg(ed)
    _go(ed, ed.get_by_role("button", name="Send to Runa Esker for sign-off"))
    assert "for sign-off" in _msg(ed)
    signoff_path = _link(mail.outbox[-1])
    assert mail.outbox[-1].to == ["runa@example.org"]

    # The expert follows the new link, sees the diff and approves.
    ex.goto(base + signoff_path)
    _go(ex, ex.get_by_role("button", name="Continue"))
    ex.wait_for_url("**/respond/take/**")
    diff = ex.locator("#signoff-diff")
    assert diff.locator("del").first.inner_text() == "less than it seemed"
    assert diff.locator("ins").first.inner_text() == "little"
    _go(ex, ex.get_by_role("button", name="Approve for publication"))
    assert "you approved the edited take" in _msg(ex)

    # The editor schedules the release a few seconds from now.
    ed.goto(f"{base}/editor/s/after-the-harbor/")
    assert ed.locator('[data-state="approved"]').first.inner_text() == "1"
    start = (datetime.now(UTC) + timedelta(seconds=6)).replace(microsecond=0)
    ed.fill("#schedule-form #id_start", start.strftime("%Y-%m-%dT%H:%M:%S"))
    ed.fill("#schedule-form #id_per_day", "8")
    _go(ed, ed.get_by_role("button", name="Schedule the release"))
    assert "Scheduled 1 take" in _msg(ed)
    assert ed.locator('[data-state="scheduled"]').first.inner_text() == "1"

    # Before its time the take is nowhere public.
    reader_ctx = browser.new_context()
    rd = reader_ctx.new_page()
    hub = f"{base}/s/after-the-harbor/"
    take_url = f"{base}/s/after-the-harbor/runa-esker/"
    feed = f"{base}/s/after-the-harbor/feed.rss"
    assert datetime.now(UTC) < start
    rd.goto(hub)
    assert rd.locator(".count strong").inner_text() == "0"
    assert rd.locator(".take-card").count() == 0
    assert rd.goto(take_url).status == 404
    assert "runa-esker" not in rd.goto(feed).text()

    # After it, the hub lists it, the page is up and the feed carries it; nobody pressed a button.
    time.sleep(max(0.0, (start - datetime.now(UTC)).total_seconds()) + 1.0)
    rd.goto(hub)
    assert rd.locator(".count strong").inner_text() == "1"
    card = rd.locator(".take-card")
    assert card.count() == 1 and "Runa Esker" in card.inner_text()
    response = rd.goto(take_url)
    assert response.status == 200
    assert (
        rd.locator("h1.headline").inner_text()
        == "After the Harbor – We Asked Runa Esker What Happens Next"
    )
    assert "changed little" in rd.locator(".body").inner_text()
    rss = rd.goto(feed).text()
    assert "/s/after-the-harbor/runa-esker/" in rss
    assert "Runa Esker" in rss
    for ctx in (editor_ctx, expert_ctx, reader_ctx):
        ctx.close()
