"""Delphi rows the database refuses, pseudonyms, and round emails that cannot go out."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.db import IntegrityError, transaction
from django.utils import timezone

from symposia.web.delphi import mail as delphi_mail
from symposia.web.delphi import pseudonyms, services
from symposia.web.delphi.models import DelphiRound, Pseudonym, Ranking, Response, Revision
from symposia.web.forecasts.models import Stance
from symposia.web.panel.models import Invitation, OptOut, OutreachEvent, email_hash
from tests.web.delphi_support import Panel, build_panel

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(make_symposium, make_expert, make_take) -> Panel:
    return build_panel(make_symposium, make_expert, make_take)


def _round(panel: Panel, **kw) -> DelphiRound:
    defaults = {"symposium": panel.symposium, "number": 2, "opened_at": timezone.now()}
    defaults.update(kw)
    return DelphiRound.objects.create(**defaults)


@pytest.mark.parametrize(
    "kw",
    [
        {"number": 1},
        {"max_rounds": 1},
        {"consensus_threshold": 0.0},
        {"consensus_threshold": 1.2},
        {"iqr_width": -0.1},
        {"kendall_threshold": 2.0},
        {"min_answers": 0},
        {"closes_at": timezone.now() - timedelta(days=1)},
    ],
)
def test_bad_rounds_are_refused_by_the_database(panel, kw):
    with pytest.raises(IntegrityError), transaction.atomic():
        _round(panel, **kw)


def test_one_open_round_and_one_row_per_number(panel):
    _round(panel)
    with pytest.raises(IntegrityError), transaction.atomic():
        _round(panel, number=3)  # round 2 is still open
    with pytest.raises(IntegrityError), transaction.atomic():
        _round(panel, status="closed")  # a second round 2
    DelphiRound.objects.update(status="closed")
    _round(panel, number=3)


def test_a_changed_answer_without_reason_is_refused_by_the_database(panel):
    response = Response.objects.create(
        symposium=panel.symposium, round=2, expert=panel.experts[0], submitted_at=timezone.now()
    )
    stance = Stance.objects.create(
        statement=panel.statements[0], expert=panel.experts[0], answer="agree", round=2
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(response=response, kind="stance", stance=stance, changed=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(response=response, kind="forecast", stance=stance, changed=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            symposium=panel.symposium, round=2, expert=panel.experts[0], submitted_at=timezone.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Ranking.objects.create(question=panel.ranking, expert=panel.experts[0], round=0, order=[])
    Revision.objects.create(
        response=response, kind="stance", stance=stance, changed=True, reason="New facts."
    )


def test_pseudonyms_are_unique_stable_and_never_reused(panel, make_expert):
    s = panel.symposium
    first = pseudonyms.numbers(s)
    assert sorted(first.values()) == [1, 2, 3, 4]
    assert set(first) == {e.pk for e in panel.experts}
    assert pseudonyms.numbers(s) == first
    newcomer = make_expert(name="Perpetua Quist", slug="perpetua-quist")
    Stance.objects.create(statement=panel.statements[0], expert=newcomer, answer="agree")
    second = pseudonyms.numbers(s)
    assert second[newcomer.pk] == 5 and {k: second[k] for k in first} == first
    with pytest.raises(IntegrityError), transaction.atomic():
        Pseudonym.objects.create(symposium=s, expert=newcomer, number=1)
    attributed = pseudonyms.namer(s, anonymous=False)
    assert (
        attributed.name(newcomer) == "Perpetua Quist"
        and attributed.key(newcomer) == "perpetua-quist"
    )
    anonymous = pseudonyms.namer(s, anonymous=True)
    assert anonymous.name(newcomer) == "Expert 5" and anonymous.key(newcomer) == "expert-5"


class _RefusesOne(EmailBackend):
    """Accepts every message but those to one address, which the server refuses for good."""

    def send_messages(self, messages):
        for m in messages:
            if m.to[0].startswith("constance"):
                raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"no such user")})
        return super().send_messages(messages)


class _ServerDown(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPAuthenticationError(535, b"bad credentials")


def _opened_round(panel: Panel) -> DelphiRound:
    return services.start_round(
        panel.symposium, threshold=0.75, iqr_width=0.2, kendall_threshold=0.7, max_rounds=3
    )


def test_round_links_skip_who_cannot_be_mailed(panel, settings, mailoutbox):
    settings.EMAIL_BACKEND = f"{__name__}._RefusesOne"
    r = _opened_round(panel)
    Invitation.objects.filter(expert=panel.experts[0]).update(state=Invitation.State.BOUNCED)
    OptOut.objects.create(email_hash=email_hash(panel.experts[1].email))
    before = Invitation.objects.get(expert=panel.experts[2]).token_hash
    sent = delphi_mail.send_round_links(r, sleep=lambda s: None)
    assert sent.sent == [panel.experts[3].name]
    reasons = dict(sent.skipped)
    assert "bounced" in reasons[panel.experts[0].name]
    assert reasons[panel.experts[1].name] == "opted out"
    assert "refused the recipient" in reasons[panel.experts[2].name]
    # The refused expert's earlier link still works: nothing was stored.
    assert Invitation.objects.get(expert=panel.experts[2]).token_hash == before
    assert OutreachEvent.objects.filter(kind="invitation_failed").count() == 1
    (message,) = mailoutbox
    assert "/round/" in message.body and "List-Unsubscribe" in message.extra_headers


def test_a_failing_mail_server_stops_the_batch(panel, settings):
    settings.EMAIL_BACKEND = f"{__name__}._ServerDown"
    sent = delphi_mail.send_round_links(_opened_round(panel), sleep=lambda s: None)
    assert sent.sent == []
    reasons = [why for _name, why in sent.skipped]
    assert "refused the login" in reasons[0]
    assert all(why.startswith("not attempted") for why in reasons[1:])
