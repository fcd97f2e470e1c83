"""Delphi round 2 in the platform: opening, feedback, revised answers with reasons, stop rule."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from symposia.web.delphi import services, stats
from symposia.web.delphi.models import DelphiRound, Ranking, Response, Revision
from symposia.web.forecasts.models import Forecast, Stance
from symposia.web.panel.models import Invitation
from tests.web.delphi_support import (
    ITEMS,
    PEOPLE,
    Panel,
    build_panel,
    editor_client,
    open_round_form,
    round_link,
)
from tests.web.editorial_support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(make_symposium, make_expert, make_take) -> Panel:
    return build_panel(make_symposium, make_expert, make_take)


def _url(panel: Panel, what: str = "") -> str:
    return f"/editor/s/{panel.symposium.slug}/delphi/{what}"


def _open_round_2(panel: Panel, **form: str) -> dict[str, Client]:
    """Open round 2 as the editor; return a signed-in browser per expert email."""
    r = editor_client(panel).post(_url(panel, "open/"), open_round_form(**form))
    assert r.status_code == 302, r.content.decode()[:800]
    clients = {}
    for message in mail.outbox:
        path = round_link(message)
        c = Client()
        assert c.get(path).status_code == 200
        r = c.post(path)
        assert r.status_code == 302
        clients[message.to[0]] = (c, r["Location"])
    return clients


def _answers(panel: Panel, a1: str, a2: str, prob: str, order: list[str], **reasons: str) -> dict:
    """The form of statements 1 and 2, the forecast (percent) and the ranking; reasons by key."""
    st1, st2 = panel.statements
    data = {
        f"stance-{st1.pk}": a1,
        f"stance-{st2.pk}": a2,
        f"confidence-{st1.pk}": "6",
        f"forecast-{panel.question.pk}": prob,
    }
    for i, item in enumerate(ITEMS):
        data[f"rank-{panel.ranking.pk}-{i}"] = str(order.index(item) + 1)
    names = {
        "s1": f"reason-stance-{st1.pk}",
        "s2": f"reason-stance-{st2.pk}",
        "p": f"reason-forecast-{panel.question.pk}",
        "rank": f"reason-ranking-{panel.ranking.pk}",
    }
    for key, text in reasons.items():
        data[names[key]] = text
    return data


def _email(panel: Panel, i: int) -> str:
    return panel.experts[i].email


# --- access ------------------------------------------------------------------------------------


def test_the_editor_page_needs_a_role_on_the_symposium(panel):
    assert Client().get(_url(panel)).status_code == 302  # to the log-in page
    stranger = Client()
    stranger.force_login(make_user("otto-stranger"))
    r = stranger.get(_url(panel))
    assert r.status_code == 403
    assert editor_client(panel).get(_url(panel)).status_code == 200
    assert editor_client(panel).get("/editor/s/no-such-thing/delphi/").status_code == 404


def test_round_2_needs_a_synthesis_first(make_symposium, make_expert, make_take):
    panel = build_panel(make_symposium, make_expert, make_take, synthesis=False)
    page = editor_client(panel).get(_url(panel)).content.decode()
    assert "Run the synthesis of the takes first" in page
    r = editor_client(panel).post(_url(panel, "open/"), open_round_form())
    assert r.status_code == 409
    assert "no finished synthesis" in r.content.decode()
    assert not DelphiRound.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("threshold", "abc", "is not a number"),
        ("threshold", "-0.5", "consensus threshold"),
        ("iqr_width", "150", "IQR width"),
        ("max_rounds", "two", "not a whole number"),
        ("max_rounds", "1", "would exceed the maximum"),
        ("closes_at", "next tuesday", "not a date and time"),
        ("closes_at", "2001-01-01 10:00", "in the past"),
    ],
)
def test_bad_round_settings_are_a_400_that_says_why(panel, field, value, message):
    r = editor_client(panel).post(_url(panel, "open/"), open_round_form(**{field: value}))
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not DelphiRound.objects.exists()


# --- opening round 2 ---------------------------------------------------------------------------


def test_opening_round_2_stores_anonymised_feedback_and_emails_the_panel(panel):
    _open_round_2(panel)
    r = DelphiRound.objects.get()
    assert (r.number, r.status, r.max_rounds) == (2, "open", 3)
    assert r.synthesis_run == panel.run
    fb = r.feedback
    assert fb["round"] == 1
    assert [(t["label"], t["count"], t["of"]) for t in fb["themes"]] == [
        ("Tariff relief first", 3, 4),
        ("Ports as leverage", 1, 4),
    ]
    s1, s2 = fb["stances"]
    assert s1["counts"]["Agree"] == 2 and s1["counts"]["Disagree"] == 1
    assert s1["counts"]["Uncertain"] == 1 and s1["n"] == 4
    assert s2["counts"]["No opinion"] == 1 and s2["n"] == 3
    (f,) = fb["forecasts"]
    assert (f["q1"], f["median"], f["q3"]) == pytest.approx((0.35, 0.5, 0.675))
    assert f["community"] is not None and 0.2 <= f["community"] <= 0.9
    (k,) = fb["rankings"]
    assert k["w"] == pytest.approx(168 / 216) and k["m"] == 3
    text = json.dumps(fb)
    for name, slug, aff, _title, handle in PEOPLE:
        for secret in (name, slug, aff, handle):
            assert secret not in text
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.email for e in panel.experts)
    assert "Round 2" in mail.outbox[0].subject


def test_a_round_link_works_once_and_binds_the_browser_to_its_invitation(panel):
    editor_client(panel).post(_url(panel, "open/"), open_round_form())
    path = round_link(mail.outbox[0])
    c = Client()
    assert "Continue" in c.get(path).content.decode()
    r = c.post(path)
    inv = Invitation.objects.get(expert__email=mail.outbox[0].to[0])
    assert r["Location"] == f"/respond/round/{inv.pk}/"
    assert Client().post(path).status_code == 410  # used
    assert Client().get("/respond/not-a-token/round/").status_code == 404
    other = next(i for i in panel.invitations if i.pk != inv.pk)
    assert c.get(f"/respond/round/{other.pk}/").status_code == 403
    assert Client().get(f"/respond/round/{inv.pk}/").status_code == 403


def test_the_expert_sees_the_group_feedback_and_their_own_answers(panel):
    clients = _open_round_2(panel)
    c, page = clients[_email(panel, 0)]
    html = c.get(page).content.decode()
    assert "What the panel said in round 1" in html
    assert "Tariff relief first" in html and "3 of 4" in html
    assert "Your last answer: Agree" in html
    assert "Your last forecast: 20%" in html
    assert "35%–68%" in html  # the middle half of the forecasts
    for name, _slug, aff, _t, _h in PEOPLE[1:]:
        assert name not in html and aff not in html


# --- answering round 2 -------------------------------------------------------------------------


def test_a_changed_answer_needs_a_reason(panel):
    clients = _open_round_2(panel)
    c, page = clients[_email(panel, 0)]
    data = _answers(panel, "agree", "agree", "35", ITEMS)  # s2 and the forecast changed
    r = c.post(page, data)
    assert r.status_code == 400
    html = r.content.decode()
    assert "without a reason" in html and "Tariffs fall before ports reopen" in html
    assert "Will the ports reopen by December?" in html
    assert 'value="35"' in html  # what the expert typed is kept
    assert not Response.objects.exists() and not Stance.objects.filter(round=2).exists()


def test_revised_answers_are_stored_with_their_reasons(panel):
    clients = _open_round_2(panel)
    c, page = clients[_email(panel, 0)]
    before = Forecast.objects.count()
    r = c.post(
        page,
        _answers(
            panel, "agree", "agree", "35", ITEMS, s2="The port deal changes it.", p="Same reason."
        ),
    )
    assert r.status_code == 302
    response = Response.objects.get()
    assert (response.round, response.expert) == (2, panel.experts[0])
    revs = {(rv.kind, rv.changed): rv for rv in Revision.objects.filter(response=response)}
    st2 = revs[("stance", True)]
    assert st2.stance.answer == "agree" and st2.stance.round == 2
    assert st2.previous == {"answer": "strongly_agree", "confidence": 5}
    assert st2.reason == "The port deal changes it."
    assert revs[("stance", False)].reason == ""
    fc = revs[("forecast", True)]
    assert fc.forecast.probability == pytest.approx(0.35) and fc.previous == pytest.approx(0.2)
    assert Forecast.objects.count() == before + 1
    assert revs[("ranking", False)].ranking.order == ITEMS
    html = c.get(page).content.decode()
    assert "You answered round 2" in html
    again = c.post(page, _answers(panel, "agree", "agree", "35", ITEMS))
    assert again.status_code == 409


def test_a_kept_forecast_is_not_stored_twice(panel):
    clients = _open_round_2(panel)
    c, page = clients[_email(panel, 1)]
    before = Forecast.objects.count()
    r = c.post(page, _answers(panel, "agree", "disagree", "40", ITEMS))
    assert r.status_code == 302
    rev = Revision.objects.get(kind="forecast")
    assert not rev.changed and rev.forecast.made_at < DelphiRound.objects.get().opened_at
    assert Forecast.objects.count() == before
    assert stats.forecasts_of_round(panel.symposium, 2)[panel.question.pk] == {
        panel.experts[1].pk: rev.forecast
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("stance", "maybe", "is not an answer"),
        ("forecast", "140", "is not between 0 and 100"),
        ("forecast", "lots", "is not a number"),
        ("confidence", "11", "is not between 1 and 10"),
        ("rank", "same", "different place"),
    ],
)
def test_bad_answers_are_a_400_that_says_why(panel, field, value, message):
    clients = _open_round_2(panel)
    c, page = clients[_email(panel, 1)]
    data = _answers(panel, "agree", "disagree", "40", ITEMS)
    st1 = panel.statements[0]
    if field == "stance":
        data[f"stance-{st1.pk}"] = value
    elif field == "forecast":
        data[f"forecast-{panel.question.pk}"] = value
    elif field == "confidence":
        data[f"confidence-{st1.pk}"] = value
    else:
        for i in range(len(ITEMS)):
            data[f"rank-{panel.ranking.pk}-{i}"] = "1"
    r = c.post(page, data)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not Response.objects.exists()


def test_an_empty_form_and_a_closed_round_are_refused(panel):
    clients = _open_round_2(panel)
    c, page = clients[_email(panel, 2)]
    r = c.post(page, {})
    assert r.status_code == 400 and "nothing was answered" in r.content.decode()
    now = timezone.now()
    DelphiRound.objects.update(
        opened_at=now - timedelta(days=1), closes_at=now - timedelta(seconds=1)
    )
    r = c.post(page, _answers(panel, "agree", "disagree", "60", ITEMS))
    assert r.status_code == 403
    assert "No round is open" in c.get(page).content.decode()


# --- statistics and the stop rule ----------------------------------------------------------------


def _round_2_answers(panel: Panel, clients) -> None:
    plans = [
        (0, _answers(panel, "agree", "agree", "35", ITEMS, s2="Deal.", p="Deal.")),
        (1, _answers(panel, "agree", "disagree", "40", ITEMS)),
        (
            2,
            _answers(
                panel,
                "agree",
                "disagree",
                "50",
                [ITEMS[1], ITEMS[0], ITEMS[2]],
                s1="Convinced.",
                p="Less sure.",
            ),
        ),
    ]
    for i, data in plans:
        c, page = clients[_email(panel, i)]
        r = c.post(page, data)
        assert r.status_code == 302, r.content.decode()[:600]


def test_statistics_between_rounds(panel):
    clients = _open_round_2(panel)
    _round_2_answers(panel, clients)
    s = panel.symposium
    c1, c2 = stats.statement_changes(s, 2)
    # Statement 1: agree 2 of 4 in round 1; 3 of 3 in round 2; one expert moved up, one dropped.
    assert c1.previous.agree == 0.5 and c1.current.agree == 1.0
    assert (c1.toward_agree, c1.toward_disagree, c1.unchanged, c1.dropped) == (1, 0, 2, 1)
    # Statement 2: strongly agree -> agree is a move towards disagreement.
    assert (c2.toward_agree, c2.toward_disagree, c2.unchanged) == (0, 1, 2)
    (spread,) = stats.round_stats(s, 2).forecasts
    assert (spread.q1, spread.median, spread.q3) == pytest.approx((0.375, 0.4, 0.45))
    (w,) = stats.round_stats(s, 2).rankings
    assert w.w == pytest.approx(168 / 216)
    d = stats.decision(s, 2)
    assert not d.stop and "1 of 4 checks not met" in d.reason  # statement 2 is split 1:2
    html = editor_client(panel).get(_url(panel)).content.decode()
    assert "Round 2: continue." in html
    assert "1 / 0 / 2" in html  # moved to agree / to disagree / kept
    assert "0.075" in html and "0.325" in html  # IQR now and in round 1
    assert "0.778" in html  # Kendall's W
    assert "Convinced." in html  # reasons, without names
    for name, *_ in PEOPLE:
        assert name not in html.split('id="round-2"')[1].split("</section>")[0]


def test_closing_the_last_round_stops_the_delphi(panel):
    clients = _open_round_2(panel, max_rounds="2")
    _round_2_answers(panel, clients)
    r = editor_client(panel).post(_url(panel, "close/"))
    assert r.status_code == 302
    rnd = DelphiRound.objects.get()
    assert rnd.status == "closed" and rnd.decision["stop"] and rnd.decision["rounds_exhausted"]
    r = editor_client(panel).post(_url(panel, "open/"), open_round_form(max_rounds="3"))
    assert r.status_code == 409 and "decision to stop" in r.content.decode()
    assert editor_client(panel).post(_url(panel, "close/")).status_code == 409


def test_consensus_stops_before_the_rounds_run_out(panel):
    clients = _open_round_2(panel, threshold="0.6", iqr_width="0.5", kendall_threshold="0.5")
    _round_2_answers(panel, clients)
    d = stats.decision(panel.symposium, 2)
    assert d.consensus and d.stop and not d.rounds_exhausted
    editor_client(panel).post(_url(panel, "close/"))
    assert "decision to stop" in editor_client(panel).get(_url(panel)).content.decode()


def test_round_3_opens_after_round_2_closes_without_consensus(panel):
    clients = _open_round_2(panel)
    _round_2_answers(panel, clients)
    ed = editor_client(panel)
    r = ed.post(_url(panel, "open/"), open_round_form())
    assert r.status_code == 409 and "still open" in r.content.decode()
    ed.post(_url(panel, "close/"))
    mail.outbox.clear()
    r = ed.post(_url(panel, "open/"), open_round_form())
    assert r.status_code == 302
    r3 = DelphiRound.objects.get(number=3)
    assert r3.feedback["round"] == 2
    s1 = r3.feedback["stances"][0]
    assert s1["counts"]["Agree"] == 3 and s1["n"] == 3
    # Round 3 invites everyone who took part, the silent expert of round 2 too.
    assert len(mail.outbox) == 4
    # In round 3 "previous" is round 2 for those who answered it, round 1 for the others.
    prev = services.previous_answers(panel.symposium, panel.experts[3], 3)
    assert prev.stances[panel.statements[0].pk].round == 1


def test_round_one_answers_through_the_round_page_before_any_round(panel, make_expert):
    newcomer = make_expert(
        name="Odalys Fenwick-Hart", slug="odalys-fenwick-hart", email="odalys@example.org"
    )
    _inv, raw = Invitation.create_with_token(symposium=panel.symposium, expert=newcomer)
    c = Client()
    r = c.post(f"/respond/{raw}/round/")
    assert r.status_code == 302
    html = c.get(r["Location"]).content.decode()
    assert "What the panel said" not in html and "If you changed it: why?" not in html
    r = c.post(r["Location"], _answers(panel, "agree", "agree", "55", ITEMS))
    assert r.status_code == 302
    assert Stance.objects.filter(expert=newcomer, round=1).count() == 2
    assert Ranking.objects.get(expert=newcomer).round == 1
    assert stats.round_stats(panel.symposium, 1).rankings[0].m == 4
    # After the symposium's deadline round 1 takes no more answers.
    panel.symposium.closes_at = timezone.now() - timedelta(minutes=1)
    panel.symposium.save()
    assert services.answering_round(panel.symposium) is None


def test_ranking_questions_are_added_by_the_editor(panel):
    ed = editor_client(panel)
    r = ed.post(_url(panel, "rankings/"), {"prompt": "Order the risks", "items": "War\nFlood\n"})
    assert r.status_code == 302
    assert panel.symposium.ranking_questions.get(slug="order-the-risks").items == ["War", "Flood"]
    r = ed.post(_url(panel, "rankings/"), {"prompt": "Order", "items": "Only one"})
    assert r.status_code == 400 and "two or more different items" in r.content.decode()
    r = ed.post(_url(panel, "rankings/"), {"prompt": "", "items": "a\nb"})
    assert r.status_code == 400
    _open_round_2(panel)
    r = ed.post(_url(panel, "rankings/"), {"prompt": "Late", "items": "a\nb"})
    assert r.status_code == 400 and "before round 2 opens" in r.content.decode()


def test_round_one_forecasts_end_when_round_2_opens(panel):
    s = panel.symposium
    assert len(stats.forecasts_of_round(s, 1)[panel.question.pk]) == 4
    _open_round_2(panel)
    Forecast.objects.create(
        question=panel.question, expert=panel.experts[3], probability=0.99, made_at=timezone.now()
    )
    values = stats.forecasts_of_round(s, 1)[panel.question.pk]
    assert values[panel.experts[3].pk].probability == 0.9
