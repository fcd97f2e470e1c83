"""The demo's hub and a take page in a real browser: screenshots for the docs, filters, search.

The screenshots in docs/img are made by this test at 1200x900 from the demo
symposium. Run with ``SYMPOSIA_UPDATE_SCREENSHOTS=1`` to write them there;
otherwise they go to a temporary directory and are only checked.
"""

from __future__ import annotations

import os
import shutil
import struct
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
SIZE = (1200, 900)


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.fixture
def demo():
    from symposia.web.publishing.demo import load_demo
    from symposia.web.publishing.services import get_symposium, public_takes

    report = load_demo()
    s = get_symposium(report.slug)
    return s, public_takes(s)


def test_screenshots_of_the_demo_hub_and_a_take(page, live_server, demo, tmp_path):
    from symposia.web.publishing import display

    s, takes = demo
    page.goto(f"{live_server.url}/s/{s.slug}/")
    assert page.locator(".take-card").count() == len(takes)
    assert page.locator(".fiction").is_visible()
    hub = tmp_path / "hub.png"
    page.screenshot(path=str(hub))
    take = takes[0]
    page.goto(live_server.url + display.take_path(take))
    assert page.locator("h1.headline").inner_text() == display.headline(take)
    shot = tmp_path / "take.png"
    page.screenshot(path=str(shot))
    for path in (hub, shot):
        assert _png_size(path) == SIZE
        assert path.stat().st_size > 20_000  # a rendered page, not a blank one
    if os.environ.get("SYMPOSIA_UPDATE_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(hub, DOCS_IMG / "hub.png")
        shutil.copyfile(shot, DOCS_IMG / "take.png")


def test_checked_in_screenshots_are_1200_by_900():
    for name in ("hub.png", "take.png"):
        path = DOCS_IMG / name
        if not path.exists():
            pytest.fail(
                f"{path} is missing: run SYMPOSIA_UPDATE_SCREENSHOTS=1 pytest tests/browser"
            )
        assert _png_size(path) == SIZE


def test_reader_filters_the_hub_and_searches(page, live_server, demo):
    s, takes = demo
    region = takes[0].expert.region
    expected = sum(1 for t in takes if t.expert.region == region)
    page.goto(f"{live_server.url}/s/{s.slug}/")
    page.select_option("select[name=region]", region)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**region=**")
    assert page.locator(".take-card").count() == expected
    assert f"{expected} of {len(takes)} take" in page.locator(".shown").inner_text()
    page.get_by_role("link", name="Show all").click()
    assert page.locator(".take-card").count() == len(takes)
    charts = page.locator(".who svg[role=img]")
    assert charts.count() == 3
    page.goto(f"{live_server.url}/search?q={takes[0].expert.name.split()[-1]}")
    assert page.locator("ol.results li").count() >= 1
