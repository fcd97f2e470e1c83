"""Database constraints hold in the database itself, not only in forms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from symposia.core.editorial import content_hash
from symposia.web.forecasts.models import Forecast, ForecastQuestion, Stance, StanceStatement
from symposia.web.panel.models import Invitation
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take, TakeRevision

pytestmark = pytest.mark.django_db


def test_symposium_slug_is_unique(make_symposium):
    make_symposium(slug="one")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_symposium(slug="one")


def test_symposium_cannot_close_before_it_opens(make_symposium):
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_symposium(opens_at=now, closes_at=now - timedelta(days=1))


def test_one_take_per_expert_per_symposium(make_symposium, make_expert, make_take):
    s = make_symposium()
    e = make_expert()
    make_take(s, e)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_take(s, e)
    # The same expert may answer another symposium.
    make_take(make_symposium(slug="other"), e)
    assert Take.objects.filter(expert=e).count() == 2


def test_take_body_may_not_be_empty(make_symposium, make_take):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_take(make_symposium(), body="")


def test_scheduled_take_needs_publish_at(make_symposium, make_take):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_take(make_symposium(), status=Take.Status.SCHEDULED, publish_at=None)


def test_content_hash_follows_the_body(make_symposium, make_take):
    t = make_take(make_symposium(), body="One  paragraph.\n\nTwo.")
    assert t.content_hash == content_hash("One paragraph. Two.")
    t.body = "Changed."
    t.save()
    t.refresh_from_db()
    assert t.content_hash == content_hash("Changed.")


def test_public_filters_drafts_and_future_schedules(make_symposium, make_take):
    s = make_symposium()
    now = timezone.now()
    visible = make_take(s)
    make_take(s, status=Take.Status.DRAFT)
    due = make_take(s, status=Take.Status.SCHEDULED, publish_at=now - timedelta(minutes=1))
    make_take(s, status=Take.Status.SCHEDULED, publish_at=now + timedelta(days=1))
    assert set(Take.objects.public()) == {visible, due}
    assert visible.is_public() and due.is_public()


def test_revisions_are_numbered(make_symposium, make_take):
    t = make_take(make_symposium())
    r1 = TakeRevision.record(t, TakeRevision.Kind.SUBMITTED)
    t.body = "Edited body."
    t.save()
    r2 = TakeRevision.record(t, TakeRevision.Kind.EDITED)
    assert (r1.number, r2.number) == (1, 2)
    assert r2.body == "Edited body." and r1.body != r2.body
    with pytest.raises(IntegrityError), transaction.atomic():
        TakeRevision.objects.create(take=t, number=2, kind="edited", body="x")


def test_invitation_token_is_stored_only_as_hash(make_symposium, make_expert):
    inv, raw = Invitation.create_with_token(symposium=make_symposium(), expert=make_expert())
    assert raw not in inv.token_hash and len(inv.token_hash) == 64
    assert Invitation.for_token(raw) == inv
    assert Invitation.for_token(raw + "x") is None


def test_invitation_expires_and_can_be_revoked(make_symposium, make_expert):
    inv, raw = Invitation.create_with_token(
        symposium=make_symposium(), expert=make_expert(), valid_for=timedelta(days=1)
    )
    assert Invitation.for_token(raw, now=timezone.now() + timedelta(days=2)) is None
    inv.state = Invitation.State.REVOKED
    inv.save()
    assert Invitation.for_token(raw) is None


def test_rotated_token_invalidates_old_link(make_symposium, make_expert):
    inv, raw = Invitation.create_with_token(symposium=make_symposium(), expert=make_expert())
    new = inv.rotate_token()
    assert Invitation.for_token(raw) is None
    assert Invitation.for_token(new) == inv


def test_expert_email_unique_when_set(make_expert):
    make_expert(email="")
    make_expert(email="")  # blank emails do not collide
    make_expert(email="a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_expert(email="a@example.org")


def _question(symposium):
    now = timezone.now()
    return ForecastQuestion.objects.create(
        symposium=symposium,
        slug="q1",
        title="Will talks resume?",
        resolution_criteria="Official statement.",
        close_at=now,
        resolve_by=now + timedelta(days=365),
    )


@pytest.mark.parametrize("p", [-0.01, 1.01])
def test_probability_must_be_in_unit_interval(make_symposium, make_expert, p):
    q = _question(make_symposium())
    with pytest.raises(IntegrityError), transaction.atomic():
        Forecast.objects.create(
            question=q, expert=make_expert(), probability=p, made_at=timezone.now()
        )


def test_probability_bounds_are_allowed(make_symposium, make_expert):
    q = _question(make_symposium())
    e = make_expert()
    now = timezone.now()
    Forecast.objects.create(question=q, expert=e, probability=0.0, made_at=now)
    Forecast.objects.create(
        question=q, expert=e, probability=1.0, made_at=now + timedelta(seconds=1)
    )
    assert Forecast.objects.filter(question=q).count() == 2


def test_question_resolves_after_close(make_symposium):
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        ForecastQuestion.objects.create(
            symposium=make_symposium(),
            slug="q",
            title="t",
            resolution_criteria="c",
            close_at=now,
            resolve_by=now - timedelta(days=1),
        )


def test_stance_confidence_between_1_and_10(make_symposium, make_expert):
    st = StanceStatement.objects.create(symposium=make_symposium(), text="Sanctions work.")
    e = make_expert()
    Stance.objects.create(statement=st, expert=e, answer="agree", confidence=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stance.objects.create(statement=st, expert=make_expert(), answer="agree", confidence=11)


def test_status_choices_cover_the_workflow():
    assert [c for c, _ in Take.Status.choices] == [
        "draft",
        "review",
        "signoff",
        "approved",
        "scheduled",
        "published",
    ]
    assert Symposium.Anonymity.ATTRIBUTED == "attributed"
