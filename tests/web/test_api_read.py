"""Public read API: published content only, pagination, filters, error bodies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from symposia.web.forecasts.models import Forecast, ForecastQuestion, Resolution
from symposia.web.publishing.models import Symposium
from symposia.web.synthesis.models import SynthesisRun
from symposia.web.takes.models import Take

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(make_symposium):
    return make_symposium()


def _error(r, status, code):
    assert r.status_code == status, r.content
    body = r.json()
    assert set(body) == {"error", "detail"}
    assert body["error"] == code
    assert body["detail"]
    return body["detail"]


def test_pagination_and_count(client, s, make_take):
    takes = [make_take(s, release_order=i) for i in range(5)]
    data = client.get(f"/api/symposia/{s.slug}/takes?limit=2&offset=2").json()
    assert data["count"] == 5
    assert [t["id"] for t in data["items"]] == [takes[2].pk, takes[3].pk]
    assert client.get(f"/api/symposia/{s.slug}/takes?offset=10").json()["items"] == []


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("offset=1.5", "offset"),
    ],
)
def test_bad_pagination_is_a_400(client, s, make_take, query, words):
    make_take(s)
    detail = _error(client.get(f"/api/symposia/{s.slug}/takes?{query}"), 400, "bad_request")
    assert words in detail


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("region=Atlantis", "Unknown region 'Atlantis'"),
        ("sector=wizardry", "Unknown sector 'wizardry'"),
        ("outlook=optimistic", "no synthesis yet"),
        ("q=" + "x" * 300, "at most 200 characters"),
    ],
)
def test_bad_filters_are_a_400(client, s, make_take, query, words):
    make_take(s)
    assert words in _error(client.get(f"/api/symposia/{s.slug}/takes?{query}"), 400, "bad_request")


def test_filters_and_outlook(client, s, make_take, make_expert):
    a = make_take(s, make_expert(region="Europe", sector="ngo"))
    b = make_take(s, make_expert(region="Europe", sector="business"), body="Tariffs fall.")
    SynthesisRun.objects.create(
        symposium=s,
        status=SynthesisRun.Status.DONE,
        finished_at=timezone.now(),
        result={"outlook": {"experts": [{"take": str(a.pk), "outlook": "pessimistic"}]}},
    )
    items = client.get(f"/api/symposia/{s.slug}/takes?sector=business").json()["items"]
    assert [i["id"] for i in items] == [b.pk]
    assert items[0]["outlook"] == "undetermined"
    items = client.get(f"/api/symposia/{s.slug}/takes?outlook=pessimistic").json()["items"]
    assert [(i["id"], i["outlook"]) for i in items] == [(a.pk, "pessimistic")]
    items = client.get(f"/api/symposia/{s.slug}/takes?q=tariff").json()["items"]
    assert [i["id"] for i in items] == [b.pk]


def test_anonymous_visitor_never_reaches_drafts(client, s, make_take, make_expert):
    e = make_expert(name="Only Drafted")
    draft = make_take(s, e, status=Take.Status.DRAFT, body="Secret draft about walruses.")
    future = make_take(
        s,
        status=Take.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(days=1),
        body="Future walruses.",
    )
    for take in (draft, future):
        _error(client.get(f"/api/takes/{take.pk}"), 404, "not_found")
        _error(client.get(f"/api/editor/takes/{take.pk}"), 401, "unauthorized")
    assert client.get(f"/api/symposia/{s.slug}/takes").json()["count"] == 0
    assert client.get("/api/search?q=walruses").json()["takes"] == []
    _error(client.get(f"/api/experts/{e.slug}"), 404, "not_found")
    assert client.get("/api/experts").json()["count"] == 0


def test_draft_symposium_is_hidden(client, make_symposium):
    make_symposium(slug="quiet", status=Symposium.Status.DRAFT)
    _error(client.get("/api/symposia/quiet"), 404, "not_found")
    _error(client.get("/api/symposia/quiet/takes"), 404, "not_found")


def test_symposium_detail(client, s, make_take):
    make_take(s)
    data = client.get(f"/api/symposia/{s.slug}").json()
    assert data["slug"] == s.slug and data["published_takes"] == 1
    assert data["anonymity"] == "attributed"


def test_experts_list_and_filters(client, s, make_take, make_expert, make_symposium):
    make_take(s, make_expert(name="Aino Berg", region="Nordics", sector="university"))
    make_take(s, make_expert(name="Bao Tran", region="East Asia", sector="ngo"))
    make_take(s, make_expert(name="Hidden Face", public_profile=False))
    other = make_symposium(slug="other", question="Other?")
    make_take(other, make_expert(name="Cato Elm", region="Nordics"))
    names = [e["name"] for e in client.get("/api/experts").json()["items"]]
    assert names == ["Aino Berg", "Bao Tran", "Cato Elm"]
    data = client.get("/api/experts?region=Nordics&symposium=harbor-talks").json()
    assert [e["name"] for e in data["items"]] == ["Aino Berg"]
    assert [e["name"] for e in client.get("/api/experts?sector=ngo").json()["items"]] == [
        "Bao Tran"
    ]
    assert "Unknown sector" in _error(client.get("/api/experts?sector=magic"), 400, "bad_request")
    _error(client.get("/api/experts?symposium=nope"), 404, "not_found")


def test_synthesis_endpoints(client, s, make_take):
    t = make_take(s)
    _error(client.get(f"/api/symposia/{s.slug}/synthesis"), 404, "not_found")
    queued = SynthesisRun.objects.create(symposium=s)
    done = SynthesisRun.objects.create(
        symposium=s,
        status=SynthesisRun.Status.DONE,
        finished_at=timezone.now(),
        result={"themes": [{"label": "ports", "experts": [t.expert.slug]}]},
        record={"seed": 0},
        input_hash="a" * 64,
    )
    runs = client.get(f"/api/symposia/{s.slug}/synthesis-runs").json()
    assert [r["id"] for r in runs["items"]] == [done.pk]
    latest = client.get(f"/api/symposia/{s.slug}/synthesis").json()
    assert latest["id"] == done.pk and latest["result"]["themes"][0]["label"] == "ports"
    assert latest["record"] == {"seed": 0} and latest["whole_panel"] is True
    assert client.get(f"/api/synthesis-runs/{done.pk}").json()["id"] == done.pk
    _error(client.get(f"/api/synthesis-runs/{queued.pk}"), 404, "not_found")


def test_forecast_questions_publish_the_community_after_close(client, s, make_expert):
    now = timezone.now()
    closed = ForecastQuestion.objects.create(
        symposium=s,
        slug="summit",
        title="Will a summit happen?",
        resolution_criteria="A meeting of leaders.",
        close_at=now - timedelta(days=1),
        resolve_by=now + timedelta(days=30),
    )
    open_q = ForecastQuestion.objects.create(
        symposium=s,
        slug="talks",
        title="Will talks resume?",
        resolution_criteria="Official statement.",
        close_at=now + timedelta(days=5),
        resolve_by=now + timedelta(days=30),
    )
    a, b, c = make_expert(), make_expert(), make_expert()
    for expert, p in ((a, 0.2), (b, 0.6), (c, 0.9)):
        Forecast.objects.create(
            question=closed, expert=expert, probability=0.5, made_at=now - timedelta(days=5)
        )
        Forecast.objects.create(
            question=closed, expert=expert, probability=p, made_at=now - timedelta(days=3)
        )
        Forecast.objects.create(question=open_q, expert=expert, probability=p, made_at=now)
    Resolution.objects.create(
        question=closed, outcome="yes", source_note="Wire report.", resolved_at=now
    )
    items = {q["slug"]: q for q in client.get(f"/api/symposia/{s.slug}/forecasts").json()["items"]}
    assert items["summit"]["community"] == {"forecasters": 3, "median": 0.6, "medians": None}
    assert items["summit"]["resolution"] == "yes" and items["summit"]["closed"] is True
    assert items["talks"]["community"] is None and items["talks"]["forecasters"] == 3


def test_list_query_counts_are_constant(client, s, make_take):
    make_take(s)
    urls = [f"/api/symposia/{s.slug}/takes", "/api/experts", "/api/symposia"]
    with CaptureQueriesContext(connection) as few:
        for url in urls:
            client.get(url)
    for _ in range(8):
        make_take(s)
    with CaptureQueriesContext(connection) as many:
        for url in urls:
            client.get(url)
    assert len(many) == len(few)


def test_unknown_route_and_method(client, db):
    assert client.get("/api/nothing-here").status_code == 404
    r = client.delete("/api/symposia")
    assert r.status_code == 405
    assert r.json()["error"] == "method_not_allowed"
    assert "DELETE is not allowed" in r.json()["detail"] and "GET" in r["Allow"]


def test_a_body_over_the_upload_limit_gets_the_json_error_body(client, db, settings):
    from django.contrib.auth import get_user_model

    from symposia.web.api.tokens import create_token

    get_user_model().objects.create_superuser("ed", "ed@example.org", "pw-not-used")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    r = client.post(
        "/api/symposia",
        data="x" * 5000,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {create_token('ed').raw}",
    )
    assert r.status_code == 413
    body = r.json()
    assert body["error"] == "payload_too_large" and "over the limit of 1,000" in body["detail"]


def test_html_pages_keep_their_html_errors(client, db):
    r = client.get("/no-such-page/")
    assert r.status_code == 404 and r["Content-Type"].startswith("text/html")


def test_openapi_lists_every_endpoint(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for p in (
        "/api/symposia",
        "/api/symposia/{slug}",
        "/api/symposia/{slug}/takes",
        "/api/takes/{take_id}",
        "/api/experts",
        "/api/symposia/{slug}/synthesis",
        "/api/symposia/{slug}/synthesis-runs",
        "/api/symposia/{slug}/forecasts",
        "/api/search",
        "/api/editor/takes/{take_id}",
    ):
        assert p in paths, p
    assert "BearerAuth" in str(client.get("/api/openapi.json").json()["components"]) or (
        "TokenAuth" in str(client.get("/api/openapi.json").json()["components"])
    )


def test_middleware_rewrites_django_errors_under_api_only(rf, settings):
    from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed

    from symposia.web.api.middleware import JsonErrorsMiddleware

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    big = rf.post("/api/takes", data="x" * 500, content_type="text/plain")
    r = JsonErrorsMiddleware(lambda req: HttpResponseBadRequest("<h1>Bad Request</h1>"))(big)
    assert r.status_code == 413 and r["Content-Type"] == "application/json"
    not_allowed = JsonErrorsMiddleware(lambda req: HttpResponseNotAllowed(["GET"]))(
        rf.put("/api/symposia")
    )
    assert not_allowed.status_code == 405 and not_allowed["Allow"] == "GET"
    page = rf.get("/s/x/")
    html = JsonErrorsMiddleware(lambda req: HttpResponse("<p>gone</p>", status=404))(page)
    assert html.content == b"<p>gone</p>"
