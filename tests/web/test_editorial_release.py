"""Release: staggered schedule from the dashboard and the CLI, reordering, going public on time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from symposia.cli import main
from symposia.web.editorial.models import TakeEvent
from symposia.web.takes.models import Take
from tests.web import editorial_support as support

# Shared fixtures: pytest finds them as attributes of this module.
editor = support.editor
editor_client = support.editor_client
symposium = support.symposium

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(symposium, make_take, make_expert):
    names = ["Ada Berg", "Bo Chen", "Cai Dahl", "Dag Eke", "Eva Falk"]
    return [
        make_take(
            symposium,
            make_expert(name=n, slug=n.lower().replace(" ", "-")),
            status="approved",
            publish_at=None,
        )
        for n in names
    ]


def _queue(symposium):
    return list(
        Take.objects.filter(symposium=symposium)
        .order_by("release_order", "publish_at")
        .values_list("expert__slug", "publish_at")
    )


def test_schedule_button_staggers_approved_takes(symposium, editor_client, approved, make_take):
    make_take(symposium, status="review", publish_at=None)  # not signed off: left out
    r = editor_client.post(
        f"/editor/s/{symposium.slug}/schedule/",
        {"start": "2099-12-01T09:00", "per_day": 2, "spacing_minutes": 90},
    )
    assert r.status_code == 302
    got = [t for t in _queue(symposium) if t[1] is not None]
    assert [slug for slug, _ in got] == ["ada-berg", "bo-chen", "cai-dahl", "dag-eke", "eva-falk"]
    assert [when for _, when in got] == [
        datetime(2099, 12, 1, 9, 0, tzinfo=UTC),
        datetime(2099, 12, 1, 10, 30, tzinfo=UTC),
        datetime(2099, 12, 2, 9, 0, tzinfo=UTC),
        datetime(2099, 12, 2, 10, 30, tzinfo=UTC),
        datetime(2099, 12, 3, 9, 0, tzinfo=UTC),
    ]
    assert Take.objects.filter(symposium=symposium, status="scheduled").count() == 5
    assert TakeEvent.objects.filter(kind="scheduled").count() == 5
    page = editor_client.get(f"/editor/s/{symposium.slug}/").content.decode()
    assert "Scheduled 5 takes from 01 Dec 2099 09:00 to 03 Dec 2099 09:00 UTC." in page
    assert "1 not approved yet were left out." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "2001-01-01T09:00", "per_day": 8, "spacing_minutes": 60}, "in the past"),
        ({"start": "", "per_day": 8, "spacing_minutes": 60}, "This field is required"),
        ({"start": "2099-12-01T09:00", "per_day": 0, "spacing_minutes": 60}, "greater than"),
        ({"start": "2099-12-01T22:00", "per_day": 8, "spacing_minutes": 60}, "past midnight"),
        (
            {"start": "2099-12-01T09:00", "per_day": 2, "spacing_minutes": 60, "times": "9am"},
            "not a time of day",
        ),
    ],
)
def test_bad_schedule_forms(symposium, editor_client, approved, data, message):
    r = editor_client.post(f"/editor/s/{symposium.slug}/schedule/", data)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not Take.objects.filter(status="scheduled").exists()


def test_fixed_times_of_day(symposium, editor_client, approved):
    r = editor_client.post(
        f"/editor/s/{symposium.slug}/schedule/",
        {
            "start": "2099-12-01T10:00",
            "per_day": 8,
            "spacing_minutes": 60,
            "times": "09:00, 12:00, 15:00",
        },
    )
    assert r.status_code == 302
    hours = [w.strftime("%d %H") for _, w in _queue(symposium)]
    assert hours == ["01 12", "01 15", "02 09", "02 12", "02 15"]


def test_reorder_with_up_and_down_swaps_times(symposium, editor_client, approved):
    editor_client.post(
        f"/editor/s/{symposium.slug}/schedule/",
        {"start": "2099-12-01T09:00", "per_day": 8, "spacing_minutes": 60},
    )
    eva = Take.objects.get(expert__slug="eva-falk")
    r = editor_client.post(f"/editor/s/{symposium.slug}/takes/{eva.pk}/up/")
    assert r.status_code == 302
    q = _queue(symposium)
    assert [s for s, _ in q] == ["ada-berg", "bo-chen", "cai-dahl", "eva-falk", "dag-eke"]
    assert q[3][1] == datetime(2099, 12, 1, 12, 0, tzinfo=UTC)
    ada = Take.objects.get(expert__slug="ada-berg")
    editor_client.post(f"/editor/s/{symposium.slug}/takes/{ada.pk}/up/")  # already first
    assert _queue(symposium)[0][0] == "ada-berg"
    r = editor_client.post(f"/editor/s/{symposium.slug}/takes/{ada.pk}/down/")
    assert [s for s, _ in _queue(symposium)][:2] == ["bo-chen", "ada-berg"]
    assert TakeEvent.objects.filter(kind="reordered").count() == 2  # the no-op is not logged


def test_set_and_clear_one_publish_at(symposium, editor_client, approved):
    take = approved[0]
    url = f"/editor/s/{symposium.slug}/takes/{take.pk}/"
    r = editor_client.post(url + "publish-at/", {"publish_at": "2001-05-01T09:00"})
    assert r.status_code == 400 and "is in the past" in r.content.decode()
    assert 'value="2001-05-01T09:00' in r.content.decode()  # what was typed is kept
    r = editor_client.post(url + "publish-at/", {"publish_at": ""})
    assert r.status_code == 400 and "This field is required" in r.content.decode()
    take.refresh_from_db()
    assert take.status == "approved" and take.publish_at is None
    r = editor_client.post(url + "publish-at/", {"publish_at": "2099-05-01T09:00"})
    assert r.status_code == 302
    take.refresh_from_db()
    assert take.status == "scheduled" and take.publish_at.year == 2099
    assert editor_client.post(url + "unschedule/").status_code == 302
    take.refresh_from_db()
    assert take.status == "approved" and take.publish_at is None
    assert editor_client.post(url + "unschedule/").status_code == 409


def test_a_take_in_review_cannot_be_scheduled(symposium, editor_client, make_take):
    take = make_take(symposium, status="review", publish_at=None)
    r = editor_client.post(
        f"/editor/s/{symposium.slug}/takes/{take.pk}/publish-at/",
        {"publish_at": "2099-05-01T09:00"},
    )
    assert r.status_code == 409 and "only approved takes" in r.content.decode()


def test_scheduled_take_goes_public_at_its_time(
    symposium, editor_client, approved, client, monkeypatch
):
    start = timezone.now() + timedelta(hours=1)
    editor_client.post(
        f"/editor/s/{symposium.slug}/schedule/",
        {"start": start.strftime("%Y-%m-%dT%H:%M:%S"), "per_day": 2, "spacing_minutes": 60},
    )
    hub = f"/s/{symposium.slug}/"
    html = client.get(hub).content.decode()
    assert "<strong>0</strong> expert takes" in html and "Ada Berg" not in html
    first = Take.objects.get(expert__slug="ada-berg")
    assert client.get(first.get_absolute_url()).status_code == 404
    # Two and a half hours later two takes are public, the others still wait; no job ran.
    later = timezone.now() + timedelta(minutes=150)
    monkeypatch.setattr(timezone, "now", lambda: later)
    cache.clear()
    html = client.get(hub).content.decode()
    assert "<strong>2</strong> expert takes" in html
    assert "Ada Berg" in html and "Bo Chen" in html and "Cai Dahl" not in html
    assert client.get(first.get_absolute_url()).status_code == 200


# -- the command line ---------------------------------------------------------------------------


def test_cli_schedule_with_order(symposium, approved, capsys):
    code = main(
        [
            "schedule",
            symposium.slug,
            "--start",
            "2099-12-01T09:00",
            "--per-day",
            "8",
            "--order",
            "eva-falk,cai-dahl",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert [s for s, _ in _queue(symposium)] == [
        "eva-falk",
        "cai-dahl",
        "ada-berg",
        "bo-chen",
        "dag-eke",
    ]
    assert "2099-12-01 09:00" in out and "eva-falk" in out
    assert TakeEvent.objects.filter(kind="scheduled", actor_label="command line").count() == 5


def test_cli_dry_run_saves_nothing(symposium, approved, capsys):
    assert main(["schedule", symposium.slug, "--start", "2099-12-01T09:00", "--dry-run"]) == 0
    assert "Plan (not saved)" in capsys.readouterr().out
    assert not Take.objects.filter(status="scheduled").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-symposium", "--start", "2099-12-01T09:00"], "no symposium called"),
        (["harbor-talks", "--start", "2001-12-01T09:00"], "in the past"),
        (["harbor-talks", "--start", "soon"], "not a date and time"),
        (["harbor-talks", "--start", "2099-12-01T09:00", "--order", "nobody"], "'nobody'"),
        (["harbor-talks", "--start", "2099-12-01T09:00", "--times", "9am"], "not a time of day"),
    ],
)
def test_cli_bad_input_is_one_line(symposium, approved, capsys, args, message):
    assert main(["schedule", *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert not Take.objects.filter(status="scheduled").exists()
