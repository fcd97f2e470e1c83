"""The editors' panel API at /api/panel/: roster, invitations, reminders, diversity, log."""

from __future__ import annotations

import base64
import csv
import io
import json

import pytest
from django.test import Client

from symposia.web.api.models import ApiToken
from symposia.web.panel.models import DiversityTarget, Expert, Invitation, OutreachEvent
from tests.web import editorial_support as support
from tests.web.editorial_support import make_user
from tests.web.panel_support import on_panel

# Shared fixtures: pytest finds them as attributes of this module.
editor = support.editor
symposium = support.symposium

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    _token, raw = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(client: Client, path: str, body: dict):
    return client.post(path, json.dumps(body), content_type="application/json")


@pytest.fixture
def api(editor):
    return client_for(editor)


def test_needs_a_token_and_a_role(symposium, db):
    assert Client().get("/api/panel/roster").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer nope").get("/api/panel/roster").status_code == 401
    nobody = client_for(make_user("nobody", group=None))
    r = nobody.get("/api/panel/roster")
    assert r.status_code == 403 and r.json()["error"] == "forbidden"
    other = client_for(make_user("otto"))
    r = other.get(f"/api/panel/symposia/{symposium.slug}/invitations")
    assert r.status_code == 403 and "not an editor" in r.json()["detail"]
    assert other.get("/api/panel/symposia/missing/invitations").status_code == 404


def test_roster_import_dry_run_then_run(api):
    content = "Name,Email,Country\nRuna Esker,runa@example.org,NO\nIda Marr,bad,XX\n"
    r = post(api, "/api/panel/roster/import", {"filename": "r.csv", "content": content})
    body = r.json()
    assert r.status_code == 200 and body["dry_run"] and not body["ok"]
    assert [(e["line"], e["field"]) for e in body["errors"]] == [(3, "email"), (3, "country")]
    r = post(
        api, "/api/panel/roster/import", {"filename": "r.csv", "content": content, "dry_run": False}
    )
    assert r.status_code == 422 and not r.json()["imported"]
    assert not Expert.objects.exists()
    good = content.splitlines()[0] + "\n" + content.splitlines()[1] + "\n"
    r = post(
        api, "/api/panel/roster/import", {"filename": "r.csv", "content": good, "dry_run": False}
    )
    assert r.status_code == 200 and r.json()["imported"] and r.json()["counts"]["create"] == 1
    assert Expert.objects.get().region == "Europe"


def test_roster_import_of_xlsx_and_bad_base64(api, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["Full name", "Organisation"])
    book.active.append(["Runa Esker", "Fjord Policy Centre"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    encoded = base64.b64encode(path.read_bytes()).decode()
    r = post(api, "/api/panel/roster/import", {"filename": "r.xlsx", "content_base64": encoded})
    assert r.status_code == 200 and r.json()["counts"]["create"] == 1
    r = post(api, "/api/panel/roster/import", {"filename": "r.xlsx", "content_base64": "%%%"})
    assert r.status_code == 400
    r = post(api, "/api/panel/roster/import", {"filename": "r.csv", "content": ""})
    assert r.status_code == 422 and "is empty" in r.json()["detail"]


def test_roster_list_and_export(api, make_expert):
    make_expert(name="Runa Esker", email="runa@example.org", gender="woman", region="Europe")
    make_expert(name="Kasimir Vale", email="k@example.org", region="East Asia")
    r = api.get("/api/panel/roster", {"region": "Europe"})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1 and body["items"][0]["email"] == "runa@example.org"
    r = api.get("/api/panel/roster/export")
    rows = list(csv.DictReader(io.StringIO(r.content.decode())))
    assert [row["name"] for row in rows] == ["Kasimir Vale", "Runa Esker"]


def test_panel_invite_remind_and_bounce(api, symposium, make_expert, mailoutbox):
    runa = make_expert(name="Runa Esker", email="runa@example.org")
    ida = make_expert(name="Ida Marr", email="")
    base = f"/api/panel/symposia/{symposium.slug}"
    r = post(api, f"{base}/invitations", {"experts": [runa.slug, ida.slug]})
    assert r.status_code == 200 and sorted(r.json()["added"]) == sorted([runa.slug, ida.slug])
    r = post(api, f"{base}/invitations", {"experts": ["no-such-expert"]})
    assert r.status_code == 404
    dry = post(api, f"{base}/invitations/send", {}).json()
    assert dry["dry_run"] and mailoutbox == []
    assert [(o["expert"], o["status"]) for o in dry["outcomes"]] == [
        ("Ida Marr", "skipped"),
        ("Runa Esker", "would_send"),
    ]
    sent = post(api, f"{base}/invitations/send", {"dry_run": False}).json()
    assert sent["sent"] == 1 and [m.to for m in mailoutbox] == [["runa@example.org"]]
    listed = api.get(f"{base}/invitations").json()
    assert {i["name"]: i["state"] for i in listed} == {
        "Ida Marr": "not_invited",
        "Runa Esker": "invited",
    }
    reminders = post(api, f"{base}/reminders/send", {})
    assert reminders.status_code == 422 and "has no deadline" in reminders.json()["detail"]
    inv = Invitation.objects.get(expert=runa)
    r = post(api, f"/api/panel/invitations/{inv.pk}/bounce", {"detail": "550 unknown user"})
    assert r.status_code == 200 and r.json()["state"] == "bounced"
    log = api.get(f"{base}/outreach").json()
    assert [e["kind"] for e in log["items"]] == ["bounced", "invitation_sent"]
    assert api.get(f"{base}/outreach", {"kind": "nonsense"}).status_code == 400
    declined = on_panel(make_expert, symposium, "declined")
    r = post(api, f"/api/panel/invitations/{declined.pk}/bounce", {})
    assert r.status_code == 409
    assert OutreachEvent.objects.filter(kind="bounced").count() == 1


def test_diversity_targets_through_the_api(api, symposium, make_expert):
    base = f"/api/panel/symposia/{symposium.slug}/diversity"
    on_panel(make_expert, symposium, "invited", gender="woman", region="East Asia")
    on_panel(make_expert, symposium, "invited", gender="man", region="Europe")
    make_expert(name="Lea Park", gender="woman", email="lea@example.org")
    r = post(
        api,
        f"{base}/targets",
        {"label": "women", "percent": 60, "conditions": {"gender": ["woman"]}},
    )
    assert r.status_code == 201 and r.json()["sentence"] == "at least 60% women"
    bad = post(
        api, f"{base}/targets", {"label": "x", "percent": 10, "conditions": {"salary": ["hi"]}}
    )
    assert bad.status_code == 422 and "not a field a target can count" in bad.json()["detail"]
    over = post(
        api, f"{base}/targets", {"label": "x", "percent": 120, "conditions": {"gender": ["w"]}}
    )
    assert over.status_code == 422
    body = api.get(base).json()
    (target,) = body["targets"]
    invited = target["stages"][0]
    assert (invited["matching"], invited["total"], invited["met"], invited["gap"]) == (
        1,
        2,
        False,
        1,
    )
    assert body["largest_gap"] == "at least 60% women"
    assert [s["name"] for s in body["suggestions"]] == ["Lea Park"]
    tid = DiversityTarget.objects.get().pk
    assert api.delete(f"{base}/targets/{tid}").status_code == 204
    assert api.delete(f"{base}/targets/{tid}").status_code == 404
