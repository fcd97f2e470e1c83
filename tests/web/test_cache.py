"""Cached public pages: hits cost no query, every change invalidates, takes appear on time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from symposia.web.publishing import cache
from symposia.web.synthesis.models import SynthesisRun
from symposia.web.takes.models import Take

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(make_symposium, make_take, make_expert):
    s = make_symposium()
    t = make_take(s, make_expert(name="Cached Person"))
    return s, t


def _state(client, url):
    r = client.get(url)
    return r.status_code, r.get("X-Symposia-Cache"), r.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/", "/s/harbor-talks/", "/s/harbor-talks/feed.rss", "/feed.atom", "/sitemap.xml"],
)
def test_second_request_is_a_hit_without_queries(client, site, url):
    assert _state(client, url)[1] == "miss"
    with CaptureQueriesContext(connection) as q:
        status, state, _ = _state(client, url)
    assert (status, state, len(q)) == (200, "hit", 0)


def test_take_and_expert_pages_are_cached(client, site):
    _, t = site
    for url in (t.get_absolute_url(), t.expert.get_absolute_url()):
        client.get(url)
        assert _state(client, url)[1] == "hit"


def test_editing_a_take_invalidates_hub_take_and_feeds(client, site):
    s, t = site
    urls = [f"/s/{s.slug}/", t.get_absolute_url(), f"/s/{s.slug}/feed.rss", "/feed.rss"]
    for url in urls:
        client.get(url)
    t.pull_quote = "A brand new pull quote."
    t.save()
    for url in urls:
        _, state, body = _state(client, url)
        assert state == "miss", url
        assert "A brand new pull quote." in body, url


def test_new_deleted_and_unpublished_takes_show_at_once(client, site, make_take, make_expert):
    s, t = site
    hub = f"/s/{s.slug}/"
    client.get(hub)
    extra = make_take(s, make_expert(name="Fresh Arrival"))
    assert "Fresh Arrival" in _state(client, hub)[2]
    extra.status = Take.Status.DRAFT
    extra.save()
    assert "Fresh Arrival" not in _state(client, hub)[2]
    t.delete()
    assert "Cached Person" not in _state(client, hub)[2]


def test_renaming_an_expert_updates_every_page_of_theirs(client, site):
    s, t = site
    for url in (f"/s/{s.slug}/", t.get_absolute_url(), t.expert.get_absolute_url()):
        client.get(url)
    t.expert.name = "Renamed Person"
    t.expert.save()
    for url in (f"/s/{s.slug}/", t.get_absolute_url(), t.expert.get_absolute_url()):
        assert "Renamed Person" in _state(client, url)[2], url


def test_changing_the_symposium_or_its_slug_invalidates(client, site):
    s, _ = site
    client.get(f"/s/{s.slug}/")
    s.question = "A sharper question?"
    s.save()
    assert "A sharper question?" in _state(client, f"/s/{s.slug}/")[2]
    s.slug = "renamed"
    s.save()
    assert client.get("/s/harbor-talks/").status_code == 404
    assert client.get("/s/renamed/").status_code == 200


def test_a_finished_synthesis_invalidates_the_hub(client, site):
    s, t = site
    client.get(f"/s/{s.slug}/")
    SynthesisRun.objects.create(
        symposium=s,
        status=SynthesisRun.Status.DONE,
        finished_at=timezone.now(),
        result={"outlook": {"experts": [{"take": str(t.pk), "outlook": "optimistic"}]}},
    )
    assert "Outlook" in _state(client, f"/s/{s.slug}/")[2]


def test_scheduled_take_appears_when_due_despite_the_cache(client, site, make_take, make_expert):
    s, _ = site
    make_take(
        s,
        make_expert(name="Punctual Person"),
        status=Take.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(seconds=1.5),
    )
    hub = f"/s/{s.slug}/"
    assert "Punctual Person" not in _state(client, hub)[2]
    assert _state(client, hub)[1] == "hit"
    time.sleep(1.7)
    _, state, body = _state(client, hub)
    assert state == "miss" and "Punctual Person" in body


def test_timeout_is_bounded_by_the_next_release():
    now = datetime(2030, 1, 1, tzinfo=UTC)
    assert cache.timeout_until(None, now) == cache.MAX_AGE
    assert cache.timeout_until(now + timedelta(seconds=42.9), now) == 42
    assert cache.timeout_until(now + timedelta(days=3), now) == cache.MAX_AGE
    assert cache.timeout_until(now + timedelta(seconds=0.5), now) == 0
    assert cache.timeout_until(now - timedelta(seconds=5), now) == 0


def test_a_page_due_within_a_second_is_not_cached(client, site, make_take):
    s, _ = site
    make_take(s, status=Take.Status.SCHEDULED, publish_at=timezone.now() + timedelta(seconds=0.5))
    client.get(f"/s/{s.slug}/")
    assert _state(client, f"/s/{s.slug}/")[1] == "miss"


def test_logged_in_editors_bypass_the_cache(admin_client, client, site):
    s, _ = site
    client.get(f"/s/{s.slug}/")
    r = admin_client.get(f"/s/{s.slug}/")
    assert r.status_code == 200 and "X-Symposia-Cache" not in r


def test_errors_are_not_cached(client, site):
    s, _ = site
    for url in (f"/s/{s.slug}/?region=Nowhere", "/s/missing/"):
        client.get(url)
        assert _state(client, url)[1] != "hit"


def test_a_bump_in_another_process_invalidates_here(client, site):
    """gunicorn runs several workers: a change saved in one must reach the others."""
    s, _ = site
    client.get(f"/s/{s.slug}/")
    assert _state(client, f"/s/{s.slug}/")[1] == "hit"
    code = (
        "import django; django.setup(); "
        "from symposia.web.publishing import cache; "
        "cache.bump(cache.symposium_scope('harbor-talks'))"
    )
    env = {
        **os.environ,
        "SYMPOSIA_DATA_DIR": str(django_settings.DATA_DIR),
        "DJANGO_SETTINGS_MODULE": "symposia.web.settings",
        "SYMPOSIA_TESTING": "1",
    }
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert _state(client, f"/s/{s.slug}/")[1] == "miss"
