"""RSS and Atom feeds, sitemap.xml and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from symposia.web.takes.models import Take

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def published(make_symposium, make_take, make_expert):
    s = make_symposium()
    now = timezone.now()
    old = make_take(s, make_expert(name="Older Voice"), publish_at=now - timedelta(days=2))
    new = make_take(s, make_expert(name="Newer Voice"), publish_at=now - timedelta(hours=1))
    make_take(s, make_expert(name="Draft Voice"), status=Take.Status.DRAFT)
    make_take(
        s,
        make_expert(name="Future Voice"),
        status=Take.Status.SCHEDULED,
        publish_at=now + timedelta(days=1),
    )
    return s, old, new


def test_symposium_rss_lists_public_takes_newest_first(client, published, settings):
    s, old, new = published
    r = client.get(f"/s/{s.slug}/feed.rss")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(r.content).find("channel")
    assert channel.findtext("title") == f"{s.series}: {s.question}"
    items = channel.findall("item")
    assert [i.findtext("link") for i in items] == [
        settings.SITE_URL + new.get_absolute_url(),
        settings.SITE_URL + old.get_absolute_url(),
    ]
    assert "We Asked Newer Voice" in items[0].findtext("title")
    assert "Draft Voice" not in r.content.decode() and "Future Voice" not in r.content.decode()


def test_symposium_atom_is_valid_and_names_authors(client, published, settings):
    s, _, new = published
    r = client.get(f"/s/{s.slug}/feed.atom")
    assert r["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(r.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    assert entries[0].find(f"{ATOM}author/{ATOM}name").text == "Newer Voice"
    assert entries[0].find(f"{ATOM}link").get("href") == settings.SITE_URL + new.get_absolute_url()
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == (
        f"{settings.SITE_URL}/s/{s.slug}/feed.atom"
    )


def test_site_feeds_span_symposia(client, published, make_symposium, make_take):
    other = make_symposium(slug="second", question="A second question?")
    t = make_take(other)
    for url in ("/feed.rss", "/feed.atom"):
        body = client.get(url).content.decode()
        assert t.get_absolute_url() in body
        assert published[1].get_absolute_url() in body


def test_feed_text_is_escaped_so_readers_never_see_markup(client, make_symposium, make_take):
    t = make_take(
        make_symposium(),
        pull_quote="<script>alert(1)</script>",
        body='Read <a href="javascript:alert(2)">this</a> & weep.',
    )
    for url in ("/s/harbor-talks/feed.rss", "/s/harbor-talks/feed.atom"):
        root = ET.fromstring(client.get(url).content)
        # What a reader renders as HTML: the element text after XML unescaping.
        html = "".join(
            el.text or ""
            for el in root.iter()
            if el.tag in ("description", f"{ATOM}summary", f"{ATOM}content")
        )
        assert "<script" not in html and "&lt;script&gt;" in html
        assert 'href="javascript:' not in html
        assert t.pull_quote not in html


def test_unknown_symposium_feed_is_404(client, db):
    assert client.get("/s/nope/feed.rss").status_code == 404
    assert client.get("/s/nope/feed.atom").status_code == 404


def test_feed_query_count_is_constant(client, make_symposium, make_take):
    s = make_symposium()
    make_take(s)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/s/{s.slug}/feed.rss")
        client.get("/feed.atom")
    for _ in range(8):
        make_take(s)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/s/{s.slug}/feed.rss")
        client.get("/feed.atom")
    assert len(many) == len(few)


def test_sitemap_lists_public_pages_under_the_site_url(client, published, settings):
    s, old, new = published
    settings.SITE_URL = "https://think.example.org/symposia"
    r = client.get("/sitemap.xml")
    assert r.status_code == 200
    locs = [e.text for e in ET.fromstring(r.content).iter(f"{SITEMAP}loc")]
    base = "https://think.example.org/symposia"
    assert f"{base}/" in locs
    assert f"{base}/s/{s.slug}/" in locs
    assert f"{base}{old.get_absolute_url()}" in locs and f"{base}{new.get_absolute_url()}" in locs
    assert f"{base}{new.expert.get_absolute_url()}" in locs
    assert not [u for u in locs if "draft-voice" in u or "future-voice" in u]
    assert len(locs) == 1 + 1 + 2 + 2


def test_sitemap_query_count_is_constant(client, make_symposium, make_take):
    s = make_symposium()
    make_take(s)
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    for _ in range(8):
        make_take(s)
    with CaptureQueriesContext(connection) as many:
        client.get("/sitemap.xml")
    assert len(many) == len(few)


def test_robots_points_at_the_sitemap(client, db, settings):
    r = client.get("/robots.txt")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/plain")
    body = r.content.decode()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in body
    assert "Disallow: /admin/" in body
