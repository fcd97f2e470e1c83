"""Forecasts in the platform: recording, resolving, inferring, scoring, pages, CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from symposia.errors import InputError
from symposia.web.forecasts import services
from symposia.web.forecasts.models import (
    Forecast,
    ForecastQuestion,
    Resolution,
    Stance,
    StanceStatement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(make_symposium):
    now = timezone.now()
    return ForecastQuestion.objects.create(
        symposium=make_symposium(),
        slug="talks-resume",
        title="Will talks resume by June?",
        resolution_criteria="Both governments confirm a formal round.",
        close_at=now + timedelta(days=10),
        resolve_by=now + timedelta(days=100),
    )


def _ago():
    return timezone.now() - timedelta(hours=1)


def _close(q):
    """Move a question's close into the past, as time passing would."""
    now = timezone.now()
    ForecastQuestion.objects.filter(pk=q.pk).update(close_at=now - timedelta(seconds=1))
    q.refresh_from_db()


def test_updates_are_kept_and_late_forecasts_refused(question, make_expert):
    e = make_expert()
    services.record_forecast(question, e, probability=0.3)
    services.record_forecast(question, e, probability=0.6, rationale="new talks announced")
    assert list(Forecast.objects.filter(expert=e).values_list("probability", flat=True)) == [
        0.3,
        0.6,
    ]
    [standing] = services.standing_forecasts(question)
    assert standing.forecast.probability == 0.6 and standing.updates == 2
    with pytest.raises(InputError, match="closed at"):
        services.record_forecast(
            question, e, probability=0.5, now=question.close_at + timedelta(seconds=1)
        )


@pytest.mark.parametrize("p", [-0.1, 1.5, None])
def test_binary_probability_must_be_in_unit_interval(question, make_expert, p):
    with pytest.raises(InputError, match="not in \\[0, 1\\]"):
        services.record_forecast(question, make_expert(), probability=p)


def test_multiple_choice_must_sum_to_one(question, make_expert):
    question.kind = ForecastQuestion.Kind.MULTIPLE_CHOICE
    question.options = ["freeze", "deal", "nothing"]
    question.save()
    with pytest.raises(InputError, match=r"sum to 0\.900"):
        services.record_forecast(
            question, make_expert(), probabilities={"freeze": 0.5, "deal": 0.4}
        )
    f = services.record_forecast(
        question, make_expert(), probabilities={"freeze": 0.5, "deal": 0.5}
    )
    assert f.probabilities == {"freeze": 0.5, "deal": 0.5}


def test_resolution_waits_for_close_and_corrections_need_a_reason(question, admin_user):
    with pytest.raises(InputError, match="still open"):
        services.resolve(question, "yes", source_note="Joint statement")
    _close(question)
    with pytest.raises(InputError, match="source note"):
        services.resolve(question, "yes", source_note=" ")
    services.resolve(question, "yes", source_note="Joint statement", user=admin_user)
    with pytest.raises(InputError, match="give a reason"):
        services.resolve(question, "no", source_note="Retraction")
    services.resolve(question, "no", source_note="Retraction", reason="the round was cancelled")
    log = list(Resolution.objects.filter(question=question).order_by("resolved_at"))
    assert [(r.outcome, r.is_current) for r in log] == [("yes", False), ("no", True)]


def test_scores_match_the_core_by_hand(question, make_expert):
    a, b = make_expert(slug="alpha"), make_expert(slug="beta")
    t0 = timezone.now() - timedelta(days=5)
    services.record_forecast(question, a, probability=0.8, now=t0)
    services.record_forecast(question, b, probability=0.4, now=t0)
    _close(question)
    services.resolve(question, "yes", source_note="statement")
    report = services.score_questions(pk=question.pk)
    scores = {e.expert: e for e in report.experts}
    # Both forecasts stand the whole window, so time averaging gives the plain scores.
    assert scores["alpha"].brier == pytest.approx((1 - 0.8) ** 2)
    assert scores["beta"].brier == pytest.approx((1 - 0.4) ** 2)
    assert scores["alpha"].peer_score == pytest.approx(-scores["beta"].peer_score)
    assert scores["alpha"].peer_score > 0


def test_inferred_forecast_from_a_take(question, make_take):
    take = make_take(
        question.symposium, body="Talks will almost certainly resume by June. Nothing else."
    )
    end = take.body.index(".") + 1
    inferred = services.infer_forecast(take, 0, end, question)
    assert inferred.phrase == "almost certainly"
    f = inferred.forecast
    assert f.inferred and f.probability == pytest.approx(0.93) and f.source_take == take
    assert take.body[f.source_start : f.source_end] == "Talks will almost certainly resume by June."
    with pytest.raises(InputError, match="no words of estimative probability"):
        services.infer_forecast(take, end + 1, len(take.body), question)
    with pytest.raises(InputError, match="outside the take"):
        services.infer_forecast(take, 0, 10_000, question)


def test_inferred_and_stated_are_scored_separately(question, make_take, make_expert):
    take = make_take(question.symposium, body="Talks will likely resume by June.")
    services.infer_forecast(take, 0, len(take.body), question)
    services.record_forecast(question, make_expert(slug="stater"), probability=0.7, now=_ago())
    _close(question)
    services.resolve(question, "yes", source_note="statement")
    pools = {(r.expert, r.kind) for r in services.all_track_records()}
    assert pools == {(take.expert.slug, "inferred"), ("stater", "stated")}


def test_question_page_marks_inferred_forecasts(client, question, make_take, make_expert):
    take = make_take(question.symposium, body="Talks will likely resume by June.")
    services.infer_forecast(take, 0, len(take.body), question)
    services.record_forecast(question, make_expert(name="Stated Person"), probability=0.7)
    html = client.get(f"/s/{question.symposium.slug}/forecasts/{question.slug}/").content.decode()
    assert "inferred</span>" in html and "Stated Person" in html
    assert f"?hl=0-{len(take.body)}#hl" in html
    assert "<svg" in html and "Community forecast" in html


def test_track_record_and_leaderboard_pages(client, question, make_expert, settings):
    settings.SYMPOSIA_MIN_RESOLVED = 2
    e = make_expert(slug="solo", name="Solo Forecaster")
    services.record_forecast(question, e, probability=0.9, now=_ago())
    services.record_forecast(question, make_expert(slug="other"), probability=0.2, now=_ago())
    _close(question)
    services.resolve(question, "yes", source_note="statement")
    html = client.get("/experts/solo/record/").content.decode()
    assert "1 resolved question" in html and "not ranked" in html and "<svg" in html
    board = client.get("/leaderboard/").content.decode()
    assert "Solo Forecaster" in board and "<td>—</td>" in board  # below the minimum: no rank


def test_stance_page_computes_shares(client, make_symposium, make_expert):
    s = make_symposium()
    st = StanceStatement.objects.create(symposium=s, text="Sanctions relief should come first.")
    for answer, region in [
        ("agree", "Europe"),
        ("strongly_agree", "Europe"),
        ("disagree", "East Asia"),
        ("no_opinion", "East Asia"),
    ]:
        Stance.objects.create(
            statement=st, expert=make_expert(region=region), answer=answer, confidence=5
        )
    html = client.get(f"/s/{s.slug}/stances/").content.decode()
    # 3 with an opinion: 2 agree, 1 disagree -> net 0.33, polarization 0.33
    assert "<td>0.67</td><td>0.33</td><td>0.33</td><td>0.33</td>" in html
    assert "East Asia" in html and "<svg" in html


def test_resolve_page_needs_staff_and_reports_errors(client, admin_client, question):
    url = f"/s/{question.symposium.slug}/forecasts/{question.slug}/resolve/"
    assert client.post(url, {"outcome": "yes", "source_note": "x"}).status_code == 302
    r = admin_client.post(url, {"outcome": "yes", "source_note": "x"})
    assert r.status_code == 400 and "still open" in r.content.decode()
    _close(question)
    assert admin_client.post(url, {"outcome": "yes", "source_note": "x"}).status_code == 302
    assert Resolution.objects.get().outcome == "yes"


def test_csv_export_round_trips_through_symposia_score(client, question, make_expert, tmp_path):
    from symposia.core.forecast_io import score_files

    services.record_forecast(question, make_expert(slug="a1"), probability=0.8, now=_ago())
    services.record_forecast(question, make_expert(slug="b1"), probability=0.3, now=_ago())
    _close(question)
    services.resolve(question, "yes", source_note="statement")
    slug = question.symposium.slug
    for name in ("forecasts", "resolutions"):
        r = client.get(f"/s/{slug}/export/{name}.csv")
        assert r["Content-Type"].startswith("text/csv")
        (tmp_path / f"{name}.csv").write_bytes(r.content)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "forecasts.csv").read_text())))
    assert [(r["expert"], r["kind"]) for r in rows] == [("a1", "stated"), ("b1", "stated")]
    report = score_files(tmp_path / "forecasts.csv", tmp_path / "resolutions.csv")
    web = services.score_questions(pk=question.pk)

    def scores(r):  # ranks depend on the min_resolved setting, the scores must not
        return [{k: v for k, v in e.items() if k != "rank"} for e in r.to_dict()["experts"]]

    assert scores(report) == scores(web)
    assert client.get(f"/s/{slug}/export/nope.csv").status_code == 404
