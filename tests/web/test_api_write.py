"""Editor write endpoints: token auth, permissions, 409/422 bodies, revisions."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from symposia.cli import main
from symposia.errors import InputError, NotFoundError
from symposia.web.api.models import ApiToken
from symposia.web.api.tokens import create_token, list_tokens, revoke_token
from symposia.web.panel.models import Expert
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take, TakeRevision

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("ed", "ed@example.org", "pw-not-used")


@pytest.fixture
def token(editor):
    return create_token("ed").raw


def _call(client, method, url, token=None, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    fn = getattr(client, method)
    if body is None:
        return fn(url, **headers)
    return fn(url, data=json.dumps(body), content_type="application/json", **headers)


def _error(r, status, code):
    assert r.status_code == status, r.content
    body = r.json()
    assert set(body) == {"error", "detail"} and body["error"] == code and body["detail"]
    return body["detail"]


SYMPOSIUM = {
    "slug": "tidal-accord",
    "series": "The Tidal Accord",
    "question": "Will the tidal accord hold?",
    "question_phrase": "Whether the Tidal Accord Holds",
}


def test_writes_need_a_valid_token(client, editor):
    detail = _error(_call(client, "post", "/api/symposia", body=SYMPOSIUM), 401, "unauthorized")
    assert "symposia api-token create" in detail
    r = _call(client, "post", "/api/symposia", token="sym_wrong", body=SYMPOSIUM)
    assert "not valid" in _error(r, 401, "unauthorized")
    assert not Symposium.objects.exists()


def test_token_of_a_non_editor_or_without_permission_is_403(client, db):
    users = get_user_model()
    plain = users.objects.create_user("reader", password="x")
    raw = ApiToken.issue(plain)[1]
    assert "not an editor" in _error(
        _call(client, "post", "/api/symposia", raw, SYMPOSIUM), 403, "forbidden"
    )
    staff = users.objects.create_user("junior", password="x", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_take"))
    raw = ApiToken.issue(staff)[1]
    assert "publishing.add_symposium" in _error(
        _call(client, "post", "/api/symposia", raw, SYMPOSIUM), 403, "forbidden"
    )


def test_inactive_user_token_stops_working(client, editor, token):
    editor.is_active = False
    editor.save()
    _error(_call(client, "post", "/api/symposia", token, SYMPOSIUM), 401, "unauthorized")


def test_create_and_update_a_symposium(client, token):
    r = _call(client, "post", "/api/symposia", token, SYMPOSIUM)
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "draft" and r.json()["published_takes"] == 0
    r = _call(client, "patch", "/api/symposia/tidal-accord", token, {"status": "open"})
    assert r.json()["status"] == "open"
    assert Symposium.objects.get(slug="tidal-accord").status == "open"
    detail = _error(_call(client, "post", "/api/symposia", token, SYMPOSIUM), 409, "conflict")
    assert "exists already" in detail


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"slug": "has spaces"}, "slug"),
        ({"series": ""}, "series"),
        ({"status": "finished"}, "status"),
        ({"opens_at": "2030-05-01T00:00:00Z", "closes_at": "2030-04-01T00:00:00Z"}, "closes_at"),
        ({"headline_template": "{series} asks {nobody}"}, "unknown placeholder {nobody}"),
        ({"opens_at": "yesterday"}, "opens_at"),
    ],
)
def test_invalid_symposium_is_a_422(client, token, change, words):
    r = _call(client, "post", "/api/symposia", token, {**SYMPOSIUM, **change})
    assert words in _error(r, 422, "invalid")
    assert not Symposium.objects.exists()


def test_malformed_json_is_a_400(client, token):
    r = client.post(
        "/api/symposia",
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert "not valid JSON" in _error(r, 400, "bad_request")


def test_create_and_update_an_expert(client, token):
    body = {"slug": "lior-adams", "name": "Lior Adams", "email": "lior@example.org"}
    r = _call(client, "post", "/api/experts", token, body)
    assert r.status_code == 201 and r.json()["name"] == "Lior Adams"
    r = _call(client, "patch", "/api/experts/lior-adams", token, {"affiliation": "Dune Lab"})
    assert r.json()["affiliation"] == "Dune Lab"
    _error(_call(client, "post", "/api/experts", token, body), 409, "conflict")
    r = _call(client, "post", "/api/experts", token, {**body, "slug": "lior-two"})
    assert "email" in _error(r, 409, "conflict")
    assert "sector" in _error(
        _call(client, "patch", "/api/experts/lior-adams", token, {"sector": "magic"}),
        422,
        "invalid",
    )
    _error(_call(client, "patch", "/api/experts/nobody", token, {"name": "X"}), 404, "not_found")


def test_create_take_records_a_revision_and_stays_private(client, token, editor, make_symposium):
    s = make_symposium()
    Expert.objects.create(slug="noor-sahl", name="Noor Sahl")
    body = {"expert": "noor-sahl", "body": "The accord holds for a decade."}
    r = _call(client, "post", f"/api/symposia/{s.slug}/takes", token, body)
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["status"] == "draft" and data["public"] is False and data["version"] == 1
    rev = TakeRevision.objects.get(take_id=data["id"])
    assert rev.author == editor and rev.kind == "edited"
    # Drafts stay out of the public API, but editors can read them.
    assert client.get(f"/api/takes/{data['id']}").status_code == 404
    assert _call(client, "get", f"/api/editor/takes/{data['id']}", token).json()["id"] == data["id"]
    detail = _error(
        _call(client, "post", f"/api/symposia/{s.slug}/takes", token, body), 409, "conflict"
    )
    assert "already has a take" in detail


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"expert": "noor-sahl", "body": ""}, 422, "body"),
        ({"expert": "noor-sahl", "body": "x", "status": "scheduled"}, 422, "publish_at"),
        ({"expert": "noor-sahl", "body": "x", "status": "live"}, 422, "status"),
        ({"expert": "nobody-here", "body": "x"}, 404, "nobody-here"),
        ({"body": "x"}, 422, "expert"),
    ],
)
def test_invalid_take_bodies(client, token, make_symposium, body, status, words):
    s = make_symposium()
    Expert.objects.create(slug="noor-sahl", name="Noor Sahl")
    r = _call(client, "post", f"/api/symposia/{s.slug}/takes", token, body)
    code = {404: "not_found", 422: "invalid"}[status]
    assert words in _error(r, status, code)
    assert not Take.objects.exists()


def test_update_take_with_version_guard(client, token, make_symposium, make_take):
    t = make_take(make_symposium(), status=Take.Status.DRAFT, publish_at=None)
    r = _call(client, "patch", f"/api/takes/{t.pk}", token, {"version": 1, "pull_quote": "New."})
    assert r.status_code == 200, r.content
    assert r.json()["pull_quote"] == "New." and r.json()["version"] == 2
    stale = _call(client, "patch", f"/api/takes/{t.pk}", token, {"version": 1, "body": "Old."})
    assert "version 2, not 1" in _error(stale, 409, "conflict")
    t.refresh_from_db()
    assert t.body != "Old."
    r = _call(client, "patch", f"/api/takes/{t.pk}", token, {"status": "scheduled"})
    assert "publish_at" in _error(r, 422, "invalid")
    r = _call(client, "patch", f"/api/takes/{t.pk}", token, {"status": "published"})
    assert r.json()["public"] is True
    assert client.get(f"/api/takes/{t.pk}").status_code == 200
    _error(_call(client, "patch", "/api/takes/999999", token, {"body": "x"}), 404, "not_found")


def test_token_service(editor):
    issued = create_token("ed", name="laptop")
    assert issued.raw.startswith("sym_") and len(issued.raw) > 40
    stored = ApiToken.objects.get()
    assert issued.raw not in (stored.token_hash, stored.prefix)
    assert [t.name for t in list_tokens()] == ["laptop"]
    with pytest.raises(NotFoundError):
        create_token("ghost")
    get_user_model().objects.create_user("plain", password="x")
    with pytest.raises(InputError, match="not an editor"):
        create_token("plain")
    with pytest.raises(InputError, match="too short"):
        revoke_token("sym")
    assert revoke_token(issued.prefix) == 1
    with pytest.raises(NotFoundError):
        revoke_token(issued.prefix)


def test_last_used_is_recorded(client, token):
    assert ApiToken.objects.get().last_used_at is None
    _call(client, "get", "/api/editor/takes/1", token)
    assert ApiToken.objects.get().last_used_at is not None


def test_cli_api_token(editor, capsys, client):
    assert main(["api-token", "create", "ed", "--name", "ci"]) == 0
    raw = capsys.readouterr().out.strip()
    r = _call(client, "post", "/api/symposia", raw, SYMPOSIUM)
    assert r.status_code == 201
    assert main(["api-token", "list"]) == 0
    assert raw[:10] in capsys.readouterr().out
    assert main(["api-token", "create", "nobody"]) == 1
    assert "no user called 'nobody'" in capsys.readouterr().err
    assert main(["api-token", "revoke", raw[:10]]) == 0
    _error(
        _call(client, "patch", "/api/symposia/tidal-accord", raw, {"intro": "x"}),
        401,
        "unauthorized",
    )
