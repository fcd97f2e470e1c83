"""The public read API shows published content only."""

from __future__ import annotations

import pytest

from symposia.web.takes.models import Take

pytestmark = pytest.mark.django_db


def test_takes_endpoint_lists_published_takes(client, make_symposium, make_take, make_expert):
    s = make_symposium()
    make_take(s, make_expert(region="East Asia"))
    make_take(s, make_expert(region="Europe"))
    draft = make_take(s, status=Take.Status.DRAFT)
    data = client.get(f"/api/symposia/{s.slug}/takes").json()
    assert data["count"] == 2
    assert draft.pk not in [t["id"] for t in data["items"]]
    data = client.get(f"/api/symposia/{s.slug}/takes?region=East Asia").json()
    assert [t["expert"]["region"] for t in data["items"]] == ["East Asia"]


def test_draft_is_not_reachable_by_id(client, make_symposium, make_take):
    draft = make_take(make_symposium(), status=Take.Status.DRAFT)
    r = client.get(f"/api/takes/{draft.pk}")
    assert r.status_code == 404
    assert r.json()["error"] == "not_found"


def test_symposia_endpoint_counts_published_takes(client, make_symposium, make_take):
    s = make_symposium()
    make_take(s)
    make_take(s)
    make_take(s, status=Take.Status.DRAFT)
    items = client.get("/api/symposia").json()["items"]
    assert [(i["slug"], i["published_takes"]) for i in items] == [(s.slug, 2)]


def test_unknown_symposium_is_a_404_body(client, db):
    r = client.get("/api/symposia/nope/takes")
    assert r.status_code == 404
    assert r.json() == {"error": "not_found", "detail": "No symposium called 'nope'."}


def test_openapi_docs_are_served(client, db):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/symposia/{slug}/takes" in schema["paths"]
