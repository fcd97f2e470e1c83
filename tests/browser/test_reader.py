"""A reader opens the hub in a real browser, follows a take and reads it."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_follows_a_take_from_the_hub(
    page, live_server, make_symposium, make_take, make_expert
):
    s = make_symposium(is_fictional=True)
    make_take(
        s, make_expert(name="Runa Esker", title="Director", affiliation="Fjord Policy Centre")
    )
    make_take(
        s,
        make_expert(name="Kasimir Vale"),
        pull_quote="Both capitals need a quieter channel.",
        body="Both capitals need a quieter channel. Nothing else will hold.",
    )
    page.goto(f"{live_server.url}/s/{s.slug}/")
    assert page.locator("h1").inner_text() == s.question
    assert page.locator(".take-card").count() == 2
    assert "Fictional demo." in page.locator(".fiction").inner_text()
    card = page.locator(".take-card", has_text="Runa Esker")
    assert "Director, Fjord Policy Centre" in card.inner_text()

    page.get_by_role("link", name="Kasimir Vale").first.click()
    page.wait_for_url("**/s/harbor-talks/**")
    assert page.locator("h1.headline").inner_text() == (
        "The Harbor Talks – We Asked Kasimir Vale Where Trade Talks Go Next"
    )
    assert page.locator(".pull-quote").inner_text() == "“Both capitals need a quieter channel.”"
    note = page.locator(".editor-note")
    assert "all 2 expert takes" in note.inner_text()
    note.get_by_role("link", name="here").click()
    page.wait_for_url(f"**/s/{s.slug}/")
    assert page.locator(".take-card").count() == 2


def test_take_page_reads_well_on_a_phone(browser, live_server, make_symposium, make_take):
    t = make_take(make_symposium())
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2)
    pg = ctx.new_page()
    pg.goto(live_server.url + t.get_absolute_url())
    # Nothing overflows sideways on a narrow screen.
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375
    size = pg.evaluate("parseFloat(getComputedStyle(document.querySelector('.body p')).fontSize)")
    assert size >= 15
    ctx.close()
