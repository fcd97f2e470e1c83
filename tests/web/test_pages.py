"""Public pages through Django's test client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from symposia.web.takes.models import Take

pytestmark = pytest.mark.django_db


def test_hub_lists_only_public_takes_with_their_count(
    client, make_symposium, make_take, make_expert
):
    s = make_symposium()
    shown = [make_take(s, make_expert(name=f"Visible Person {i}")) for i in range(3)]
    make_take(s, make_expert(name="Hidden Drafter"), status=Take.Status.DRAFT)
    make_take(
        s,
        make_expert(name="Future Person"),
        status=Take.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(days=2),
    )
    html = client.get(f"/s/{s.slug}/").content.decode()
    for t in shown:
        assert t.expert.name in html
        assert t.get_absolute_url() in html
    assert "Hidden Drafter" not in html and "Future Person" not in html
    assert "<strong>3</strong> expert takes" in html
    assert s.question in html


def test_take_page_has_the_published_format(client, make_symposium, make_take, make_expert):
    s = make_symposium()
    e = make_expert(name="Ida Marlow")
    t = make_take(
        s, e, photo_caption="Delegates leave the hall.", image_credit="Image: Fictional Wire"
    )
    make_take(s)  # a second published take: the note counts both
    html = client.get(t.get_absolute_url()).content.decode()
    assert "The Harbor Talks – We Asked Ida Marlow Where Trade Talks Go Next" in html
    assert "“The harbor round changed less than it seemed.”" in html
    assert 'Want more? Read all 2 expert takes <a href="/s/harbor-talks/">here</a>.' in html
    assert "<p>Negotiators will likely return within a year.</p>" in html
    assert t.bio_line in html
    assert "Delegates leave the hall." in html and "Image: Fictional Wire" in html


def test_take_page_escapes_html_in_text(client, make_symposium, make_take):
    t = make_take(
        make_symposium(), body='<script>alert(1)</script> and <a href="javascript:x">y</a>'
    )
    html = client.get(t.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html


def test_unpublished_take_is_404(client, make_symposium, make_take):
    t = make_take(make_symposium(), status=Take.Status.REVIEW)
    assert client.get(t.get_absolute_url()).status_code == 404


def test_unknown_symposium_gets_our_404(client, db):
    r = client.get("/s/no-such-thing/")
    assert r.status_code == 404
    assert "Page not found" in r.content.decode()
    assert "no-such-thing" in r.content.decode()


def test_expert_page_lists_takes_across_symposia(client, make_symposium, make_take, make_expert):
    e = make_expert(name="Tove Lindqvist")
    a, b = (
        make_symposium(slug="a", question="Question A?"),
        make_symposium(slug="b", question="Question B?"),
    )
    make_take(a, e)
    make_take(b, e)
    html = client.get(e.get_absolute_url()).content.decode()
    assert "Question A?" in html and "Question B?" in html


def test_expert_without_consent_has_no_page(client, make_symposium, make_take, make_expert):
    e = make_expert(public_profile=False)
    make_take(make_symposium(), e)
    assert client.get(e.get_absolute_url()).status_code == 404


def test_home_lists_symposia_with_public_takes(client, make_symposium, make_take):
    s = make_symposium(is_fictional=True)
    make_symposium(slug="empty", question="Nobody answered?")
    make_take(s)
    html = client.get("/").content.decode()
    assert s.question in html and "Nobody answered?" not in html
    assert "fictional demo" in html


def test_fictional_symposium_is_labelled_on_its_pages(client, make_symposium, make_take):
    s = make_symposium(is_fictional=True)
    t = make_take(s)
    for url in (f"/s/{s.slug}/", t.get_absolute_url()):
        assert "Fictional demo." in client.get(url).content.decode()


def test_hub_query_count_does_not_grow_with_takes(client, make_symposium, make_take):
    s = make_symposium()
    make_take(s)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/s/{s.slug}/")
    for _ in range(10):
        make_take(s)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/s/{s.slug}/")
    assert len(many) == len(few)


def test_take_page_query_count_is_constant(client, make_symposium, make_take):
    s = make_symposium()
    t = make_take(s)
    with CaptureQueriesContext(connection) as few:
        client.get(t.get_absolute_url())
    for _ in range(10):
        make_take(s)
    with CaptureQueriesContext(connection) as many:
        client.get(t.get_absolute_url())
    assert len(many) == len(few)


def test_admin_has_every_model(admin_client):
    from django.apps import apps
    from django.contrib import admin

    ours = [m for m in apps.get_models() if m.__module__.startswith("symposia.")]
    assert ours, "no models found"
    missing = [m.__name__ for m in ours if m not in admin.site._registry]
    assert missing == []
    for m in ours:
        url = f"/admin/{m._meta.app_label}/{m._meta.model_name}/"
        assert admin_client.get(url).status_code == 200, url


def test_markdown_takes_render_as_sanitised_markdown(client, make_symposium, make_take):
    t = make_take(
        make_symposium(),
        body="A **bold** claim with a [link](javascript:alert(1)).\n\nSecond <script>x</script>.",
        body_format="markdown",
    )
    html = client.get(t.get_absolute_url()).content.decode()
    assert "<strong>bold</strong>" in html
    assert "javascript:" not in html and "<script>x" not in html
    # With a highlighted quote the raw text is shown, so the offsets stay exact.
    marked = client.get(t.get_absolute_url() + "?hl=0-1").content.decode()
    assert "**bold**" in marked
