"""The hub: filters, bad filter values, meta tags, charts, constant queries."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from symposia.web.synthesis.models import SynthesisRun
from symposia.web.takes.models import Take

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(make_symposium, make_take, make_expert):
    s = make_symposium()
    people = [
        ("Runa Esker", "Europe", "think_tank"),
        ("Kasimir Vale", "East Asia", "university"),
        ("Odile Marsh", "East Asia", "journalism"),
    ]
    takes = [
        make_take(s, make_expert(name=n, region=r, sector=sec), pull_quote=f"{n} says hello.")
        for n, r, sec in people
    ]
    return s, takes


def _names(html: str, takes) -> list[str]:
    return [t.expert.name for t in takes if f">{t.expert.name}<" in html]


def test_filter_by_region_and_sector(client, panel):
    s, takes = panel
    html = client.get(f"/s/{s.slug}/?region=East Asia").content.decode()
    assert _names(html, takes) == ["Kasimir Vale", "Odile Marsh"]
    assert "2 of 3 takes match." in html
    html = client.get(f"/s/{s.slug}/?region=East Asia&sector=journalism").content.decode()
    assert _names(html, takes) == ["Odile Marsh"]


def test_filter_options_are_counted_from_the_takes(client, panel):
    s, _ = panel
    html = client.get(f"/s/{s.slug}/").content.decode()
    assert '<option value="East Asia">East Asia (2)</option>' in html
    assert '<option value="Europe">Europe (1)</option>' in html
    assert '<option value="journalism">Journalism (1)</option>' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("region=Mars", "Unknown region 'Mars'"),
        ("sector=astrology", "Unknown sector 'astrology'"),
        ("outlook=sunny", "has no synthesis yet"),
        ("region=" + "x" * 150, "too long"),
        ("q=" + "word " * 60, "at most 200 characters"),
    ],
)
def test_bad_filter_values_are_a_400_with_a_message(client, panel, query, message):
    s, takes = panel
    r = client.get(f"/s/{s.slug}/?{query}")
    assert r.status_code == 400
    html = r.content.decode()
    assert message in unescape(html)
    assert 'role="alert"' in html
    assert _names(html, takes) == []  # no half-filtered list under an error


def test_unknown_region_message_lists_the_regions_that_work(client, panel):
    s, _ = panel
    html = client.get(f"/s/{s.slug}/?region=Mars").content.decode()
    assert "East Asia, Europe" in html


def test_words_filter_searches_the_takes(client, panel, make_take, make_expert):
    s, takes = panel
    make_take(s, make_expert(name="Ines Coral"), body="Sanctions relief will come slowly.")
    html = client.get(f"/s/{s.slug}/?q=sanction").content.decode()
    assert "Ines Coral" in html
    assert _names(html, takes) == []


def test_no_match_is_a_200_with_a_message(client, panel):
    s, _ = panel
    r = client.get(f"/s/{s.slug}/?q=zeppelin")
    assert r.status_code == 200
    assert "No take matches these filters." in r.content.decode()


def _done_run(symposium, outlooks, filters=None):
    return SynthesisRun.objects.create(
        symposium=symposium,
        status=SynthesisRun.Status.DONE,
        progress=1.0,
        settings={"filters": filters or {}},
        finished_at=timezone.now(),
        result={
            "outlook": {
                "experts": [
                    {"take": str(t.pk), "expert": t.expert.slug, "outlook": o} for t, o in outlooks
                ]
            }
        },
    )


def test_outlook_filter_uses_the_latest_whole_panel_synthesis(client, panel):
    s, takes = panel
    _done_run(s, [(takes[0], "optimistic"), (takes[1], "pessimistic"), (takes[2], "mixed")])
    # A newer run over part of the panel does not count.
    _done_run(s, [(takes[0], "pessimistic")], filters={"region": "Europe"})
    html = client.get(f"/s/{s.slug}/?outlook=optimistic").content.decode()
    assert _names(html, takes) == ["Runa Esker"]
    assert '<option value="pessimistic">Pessimistic (1)</option>' in html
    r = client.get(f"/s/{s.slug}/?outlook=cheerful")
    assert r.status_code == 400
    assert "optimistic, mixed, pessimistic" in r.content.decode()


def test_hub_links_to_the_synthesis_page_once_there_is_one(client, panel):
    s, takes = panel
    assert "/synthesis/" not in client.get(f"/s/{s.slug}/").content.decode()
    _done_run(s, [(t, "mixed") for t in takes])
    assert f'href="/s/{s.slug}/synthesis/"' in client.get(f"/s/{s.slug}/").content.decode()


def test_hub_has_canonical_opengraph_and_twitter_meta(client, panel, settings):
    s, _ = panel
    html = client.get(f"/s/{s.slug}/").content.decode()
    url = f"{settings.SITE_URL}/s/{s.slug}/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="The Harbor Talks: ' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert f'href="/s/{s.slug}/feed.rss"' in html and f'href="/s/{s.slug}/feed.atom"' in html


def test_take_page_has_canonical_opengraph_and_twitter_meta(client, panel, settings):
    _, takes = panel
    t = takes[0]
    html = client.get(t.get_absolute_url()).content.decode()
    url = settings.SITE_URL + t.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="The Harbor Talks – We Asked Runa Esker' in html
    assert '<meta name="twitter:description" content="Runa Esker says hello.">' in html
    assert '<meta property="article:published_time"' in html


def test_hub_shows_who_answered_charts(client, panel):
    s, _ = panel
    html = client.get(f"/s/{s.slug}/").content.decode()
    assert "Who answered" in html
    assert '<title id="chart-region-title">Experts by region</title>' in html
    assert "East Asia: 2; Europe: 1" in html


def test_draft_symposium_without_public_takes_is_404(client, make_symposium, make_take):
    from symposia.web.publishing.models import Symposium

    s = make_symposium(status=Symposium.Status.DRAFT)
    make_take(s, status=Take.Status.DRAFT)
    assert client.get(f"/s/{s.slug}/").status_code == 404


def test_expert_link_only_for_a_public_profile(client, make_symposium, make_take, make_expert):
    s = make_symposium()
    shy = make_take(s, make_expert(public_profile=False))
    html = client.get(shy.get_absolute_url()).content.decode()
    assert "More from" not in html


def test_hub_queries_do_not_grow_with_takes_filters_or_synthesis(client, panel, make_take):
    s, takes = panel
    _done_run(s, [(t, "mixed") for t in takes])
    url = f"/s/{s.slug}/?region=East Asia&q=hello"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(12):
        make_take(s, publish_at=timezone.now() - timedelta(minutes=5))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_expert_and_home_queries_are_constant(client, make_symposium, make_take, make_expert):
    e = make_expert()
    s = make_symposium()
    make_take(s, e)
    with CaptureQueriesContext(connection) as few:
        client.get(e.get_absolute_url())
        client.get("/")
    for i in range(6):
        other = make_symposium(slug=f"extra-{i}", question=f"Question {i}?")
        make_take(other, e)
        make_take(other)
    with CaptureQueriesContext(connection) as many:
        client.get(e.get_absolute_url())
        client.get("/")
    assert len(many) == len(few)


def test_script_and_javascript_links_in_a_take_never_reach_a_page(
    client, make_symposium, make_take, make_expert
):
    s = make_symposium()
    e = make_expert(name="Mallory <script>alert(3)</script>", bio="<img src=x onerror=alert(4)>")
    t = make_take(
        s,
        e,
        pull_quote="<script>alert(1)</script> ports",
        body='Ports <a href="javascript:alert(2)">click</a> <script>alert(5)</script>.',
        bio_line='<a href="javascript:alert(6)">bio</a>',
        photo_caption="<script>alert(7)</script>",
    )
    urls = [f"/s/{s.slug}/", t.get_absolute_url(), e.get_absolute_url(), "/search?q=ports"]
    urls += [f"/s/{s.slug}/?q=ports", "/search?q=Mallory"]
    for url in urls:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert 'href="javascript:' not in html, url
        assert "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url
