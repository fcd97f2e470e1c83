"""Reading forecast and resolution CSVs: scores end to end, and every kind of bad input."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest

from symposia.core.export import export_all
from symposia.core.forecast_io import (
    ScoringReportError,
    read_forecast_set,
    score_files,
    write_forecast_scores_csv,
    write_scores_csv,
)
from symposia.errors import NotFoundError, ScoringError


def _files(tmp_path: Path, forecasts: str, resolutions: str) -> tuple[Path, Path]:
    f = tmp_path / "forecasts.csv"
    r = tmp_path / "resolutions.csv"
    f.write_text(forecasts, encoding="utf-8")
    r.write_text(resolutions, encoding="utf-8")
    return f, r


BINARY = """question,expert,probability
q1,Ines Vahl,0.8
q1,Oren Malk,0.6
q1,Tal Brenn,0.3
q2,Ines Vahl,0.1
q2,Oren Malk,0.5
"""
RESOLVED = "question,outcome\nq1,1\nq2,0\n"


def _problems(exc: pytest.ExceptionInfo[ScoringReportError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


# ------------------------------------------------------------------ scoring


def test_binary_scores_hand_computed(tmp_path: Path) -> None:
    report = score_files(*_files(tmp_path, BINARY, RESOLVED))
    assert report.kind == "binary" and report.questions == 2
    by = {e.expert: e for e in report.experts}
    # Ines: Brier (0.04 + 0.01) / 2 = 0.025; log (ln 0.8 + ln 0.9) / 2
    assert by["Ines Vahl"].n == 2
    assert by["Ines Vahl"].brier == pytest.approx(0.025)
    assert by["Ines Vahl"].log_score == pytest.approx((math.log(0.8) + math.log(0.9)) / 2)
    # peer q1: 100 (ln 0.8 - (ln 0.6 + ln 0.3)/2) = 63.4256 ; q2: 100 (ln 0.9 - ln 0.5) = 58.7787
    assert by["Ines Vahl"].peer_score == pytest.approx((63.4256 + 58.7787) / 2, abs=1e-3)
    assert by["Tal Brenn"].n == 1 and by["Tal Brenn"].brier == pytest.approx(0.49)
    # peer scores of each question sum to zero over the experts
    for q in ("q1", "q2"):
        rows = [f for f in report.forecasts if f.question == q and "community" not in f.expert]
        assert sum(r.peer_score or 0.0 for r in rows) == pytest.approx(0.0, abs=1e-9)
    # leaderboard order: by peer score, ranked
    assert [(e.rank, e.expert) for e in report.experts] == [
        (1, "Ines Vahl"),
        (2, "Oren Malk"),
        (3, "Tal Brenn"),
    ]
    # community: median of q1 (0.3, 0.6, 0.8) = 0.6, of q2 (0.1, 0.5) = 0.3
    median = next(c for c in report.community if c.expert == "community (median)")
    assert median.brier == pytest.approx((0.16 + 0.09) / 2)
    assert [c.expert for c in report.community] == [
        "community (median)",
        "community (mean_log_odds)",
        "community (recency_weighted)",
    ]


def test_min_resolved_hides_rank(tmp_path: Path) -> None:
    report = score_files(*_files(tmp_path, BINARY, RESOLVED), min_resolved=2)
    assert [(e.rank, e.expert) for e in report.experts][-1] == (None, "Tal Brenn")


def test_time_averaged_binary(tmp_path: Path) -> None:
    forecasts = """question,expert,probability,time
q1,Ines Vahl,0.6,2019-01-03
q1,Ines Vahl,0.9,2019-01-07
q1,Oren Malk,0.5,2019-01-01
"""
    resolutions = "question,outcome,open,close,resolved\nq1,1,2019-01-01,2019-01-11,2019-01-12\n"
    report = score_files(*_files(tmp_path, forecasts, resolutions))
    assert report.time_averaged == 1
    ines = next(e for e in report.experts if e.expert == "Ines Vahl")
    # window 10 days: uniform 0.25 for 2 days, 0.16 for 4, 0.01 for 4 -> 1.18 / 10
    assert ines.brier == pytest.approx(0.118)
    assert ines.coverage == pytest.approx(0.8)
    # peer: days 1-3 Ines absent (0); days 3-7: 100 ln(0.6/0.5) = 18.232; days 7-11: 100 ln(0.9/0.5)
    expected = (4 * 100 * math.log(0.6 / 0.5) + 4 * 100 * math.log(0.9 / 0.5)) / 10
    assert ines.peer_score == pytest.approx(expected)


def test_time_without_close_scores_the_last_forecast(tmp_path: Path) -> None:
    forecasts = "question,expert,probability,time\nq1,Ines Vahl,0.2,10\nq1,Ines Vahl,0.7,20\n"
    report = score_files(*_files(tmp_path, forecasts, "question,outcome\nq1,1\n"))
    assert report.time_averaged == 0
    assert report.experts[0].brier == pytest.approx(0.09)


def test_inferred_forecasts_are_a_separate_pool(tmp_path: Path) -> None:
    forecasts = """question,expert,probability,kind
q1,Ines Vahl,0.8,
q1,Oren Malk,0.6,stated
q1,Tal Brenn,0.3,
q2,Ines Vahl,0.1,Stated
q2,Oren Malk,0.5,
q1,Ines Vahl,0.95,inferred
"""
    report = score_files(*_files(tmp_path, forecasts, RESOLVED))
    inferred = [e for e in report.experts if e.kind == "inferred"]
    assert [(e.expert, e.n) for e in inferred] == [("Ines Vahl", 1)]
    assert inferred[0].peer_score == 0.0  # alone in its pool
    stated = next(e for e in report.experts if e.expert == "Ines Vahl" and e.kind == "stated")
    assert stated.brier == pytest.approx(0.025)  # unchanged by the inferred forecast


def test_multiple_choice(tmp_path: Path) -> None:
    forecasts = """question,expert,option,probability
m1,Ines Vahl,talks,0.7
m1,Ines Vahl,freeze,0.2
m1,Ines Vahl,crisis,0.1
m1,Oren Malk,talks,0.333
m1,Oren Malk,freeze,0.333
m1,Oren Malk,crisis,0.333
"""
    report = score_files(*_files(tmp_path, forecasts, "question,outcome\nm1,talks\n"))
    by = {e.expert: e for e in report.experts}
    # Ines: (0.3^2 + 0.2^2 + 0.1^2) = 0.14 ; Oren rescaled to 1/3 each: (2/3)^2 + 2 (1/3)^2 = 2/3
    assert by["Ines Vahl"].brier == pytest.approx(0.14)
    assert by["Oren Malk"].brier == pytest.approx(2 / 3)
    assert by["Oren Malk"].baseline_score == pytest.approx(0.0, abs=1e-9)  # uniform over 3
    # baseline: 100 (log2 0.7 + log2 3) / log2 3
    assert by["Ines Vahl"].baseline_score == pytest.approx(
        100 * (math.log2(0.7) + math.log2(3)) / math.log2(3)
    )
    assert by["Ines Vahl"].peer_score == pytest.approx(100 * math.log(0.7 * 3))


def test_quantiles(tmp_path: Path) -> None:
    forecasts = """question,expert,quantile,value
v1,Ines Vahl,0.1,0
v1,Ines Vahl,0.9,10
v1,Oren Malk,0.5,20
"""
    report = score_files(*_files(tmp_path, forecasts, "question,outcome\nv1,5\n"))
    by = {e.expert: e for e in report.experts}
    # Ines: CRPS 1.033333 (see test_scoring) ; pinball (0.1*5 + 0.1*5)/2 = 0.5
    assert by["Ines Vahl"].crps == pytest.approx(1.0333333)
    assert by["Ines Vahl"].pinball == pytest.approx(0.5)
    assert by["Oren Malk"].crps == pytest.approx(15.0)
    assert by["Ines Vahl"].rank == 1 and by["Ines Vahl"].brier is None
    # forecasters use different levels, so there is no community row for v1
    assert report.community == ()


def test_csv_export(tmp_path: Path) -> None:
    report = score_files(*_files(tmp_path, BINARY, RESOLVED))
    buf = io.StringIO()
    write_scores_csv(report, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert [r["expert"] for r in rows[:3]] == ["Ines Vahl", "Oren Malk", "Tal Brenn"]
    assert rows[-1]["kind"] == "community"
    assert float(rows[0]["brier"]) == report.experts[0].brier
    buf2 = io.StringIO()
    write_forecast_scores_csv(report, buf2)
    assert len(list(csv.DictReader(io.StringIO(buf2.getvalue())))) == 5 + 6
    written = export_all(report, tmp_path / "out", n_boot=50)
    assert {p.name for p in written} == {
        "scores.csv",
        "forecast_scores.csv",
        "track_records.csv",
        "leaderboard.csv",
        "calibration.csv",
        "calibration.svg",
    }
    assert all(p.stat().st_size > 0 for p in written)


# -------------------------------------------------------------- bad input


def test_probability_outside_unit_interval(tmp_path: Path) -> None:
    bad = BINARY.replace("q1,Oren Malk,0.6", "q1,Oren Malk,1.2").replace("0.1", "abc")
    with pytest.raises(ScoringReportError) as exc:
        score_files(*_files(tmp_path, bad, RESOLVED))
    msg = str(exc.value)
    assert "forecasts.csv:3: probability: 1.2 is outside [0, 1]" in msg
    assert "forecasts.csv:5: probability: 'abc' is not a number" in msg
    assert "nothing was imported" in msg
    assert isinstance(exc.value, ScoringError)


def test_percentages_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ScoringReportError, match=r"forecasts.csv:2: probability: '80%'.*0\.7"):
        score_files(*_files(tmp_path, BINARY.replace("0.8", "80%"), RESOLVED))


def test_multiple_choice_not_summing_to_one_shows_the_sum(tmp_path: Path) -> None:
    forecasts = """question,expert,option,probability
m1,Ines Vahl,talks,0.5
m1,Ines Vahl,freeze,0.2
m1,Ines Vahl,crisis,0.1
"""
    with pytest.raises(ScoringReportError) as exc:
        score_files(*_files(tmp_path, forecasts, "question,outcome\nm1,talks\n"))
    assert "forecasts.csv:2: probability:" in str(exc.value)
    assert "(lines 2-4) sum to 0.8, not 1" in str(exc.value)


def test_multiple_choice_outcome_must_be_an_option(tmp_path: Path) -> None:
    forecasts = "question,expert,option,probability\nm1,Ines Vahl,talks,1\n"
    with pytest.raises(ScoringReportError, match=r"resolutions.csv:2: outcome: 'war' is not an"):
        score_files(*_files(tmp_path, forecasts, "question,outcome\nm1,war\n"))


def test_zero_or_one_warns_or_is_refused_when_strict(tmp_path: Path) -> None:
    bad = BINARY.replace("0.8", "1").replace("0.1", "0")
    files = _files(tmp_path, bad, RESOLVED)
    report = score_files(*files)
    assert len(report.warnings) == 1
    assert "forecasts.csv: 2 forecasts of exactly 0 or 1 (lines 2, 5) clipped" in report.warnings[0]
    ines = next(e for e in report.experts if e.expert == "Ines Vahl")
    assert ines.log_score == pytest.approx(math.log(0.999))
    with pytest.raises(ScoringReportError) as exc:
        score_files(*files, strict=True)
    assert [p.line for p in exc.value.problems] == [2, 5]
    assert "forecasts.csv:2: probability: is exactly 0 or 1" in str(exc.value)


def test_unknown_question_ids(tmp_path: Path) -> None:
    bad = BINARY + "q9,Ines Vahl,0.4\n"
    with pytest.raises(ScoringReportError) as exc:
        score_files(*_files(tmp_path, bad, RESOLVED))
    assert _problems(exc) == [
        f"{tmp_path / 'forecasts.csv'}:7: question: unknown question 'q9': it is not in "
        f"{tmp_path / 'resolutions.csv'} -- add its resolution to "
        f"{tmp_path / 'resolutions.csv'}, or fix the id"
    ]


def test_resolution_before_close(tmp_path: Path) -> None:
    res = "question,outcome,close,resolved\nq1,1,2019-02-01,2019-01-20\nq2,0,,\n"
    with pytest.raises(ScoringReportError) as exc:
        score_files(*_files(tmp_path, BINARY, res))
    msg = str(exc.value)
    assert "resolutions.csv:2: resolved: is before close" in msg
    # the forecasts on q1 are not reported again as unknown questions
    assert len(exc.value.problems) == 1


def test_forecast_after_close_is_refused(tmp_path: Path) -> None:
    forecasts = "question,expert,probability,time\nq1,Ines Vahl,0.6,2019-01-05\n"
    forecasts += "q1,Oren Malk,0.7,2019-02-03T10:00:00Z\n"
    res = "question,outcome,close\nq1,1,2019-02-01\n"
    with pytest.raises(ScoringReportError) as exc:
        score_files(*_files(tmp_path, forecasts, res))
    assert [p.line for p in exc.value.problems] == [3]
    assert "forecasts.csv:3: time: forecast made after question 'q1' closed" in str(exc.value)


def test_forecast_before_open_and_bad_window(tmp_path: Path) -> None:
    forecasts = "question,expert,probability,time\nq1,Ines Vahl,0.6,2018-12-01\n"
    res = "question,outcome,open,close\nq1,1,2019-01-01,2019-02-01\nq2,0,2019-03-01,2019-02-01\n"
    with pytest.raises(ScoringReportError) as exc:
        score_files(*_files(tmp_path, forecasts, res))
    text = _problems(exc)
    assert any(
        "forecasts.csv:2: time: forecast made before question 'q1' opened" in t for t in text
    )
    assert any("resolutions.csv:3: close: is not after open" in t for t in text)


def test_duplicate_rows(tmp_path: Path) -> None:
    bad = BINARY + "q1,Oren Malk,0.65\n"
    with pytest.raises(ScoringReportError, match=r"forecasts.csv:7: row: duplicate of line 3"):
        score_files(*_files(tmp_path, bad, RESOLVED))
    timed = "question,expert,probability,time\nq1,Ines Vahl,0.6,5\nq1,Ines Vahl,0.7,5\n"
    with pytest.raises(ScoringReportError, match=r"forecasts.csv:3: row: duplicate of line 2"):
        score_files(*_files(tmp_path, timed, RESOLVED))
    mc = "question,expert,option,probability\nm1,Ines Vahl,a,0.5\nm1,Ines Vahl,a,0.5\n"
    with pytest.raises(ScoringReportError, match=r"forecasts.csv:3: row: duplicate of line 2"):
        score_files(*_files(tmp_path, mc, "question,outcome\nm1,a\n"))
    with pytest.raises(ScoringReportError, match=r"resolutions.csv:3: question: 'q1' is resolved"):
        score_files(*_files(tmp_path, BINARY, "question,outcome\nq1,1\nq1,0\nq2,0\n"))


def test_resolution_not_zero_or_one(tmp_path: Path) -> None:
    with pytest.raises(
        ScoringReportError, match=r"resolutions.csv:3: outcome: 'yes' is not 0 or 1"
    ):
        score_files(*_files(tmp_path, BINARY, "question,outcome\nq1,1\nq2,yes\n"))


def test_quantile_values_must_not_decrease(tmp_path: Path) -> None:
    forecasts = "question,expert,quantile,value\nv1,Ines Vahl,0.1,9\nv1,Ines Vahl,0.9,3\n"
    with pytest.raises(ScoringReportError, match=r"forecasts.csv:3: value: 3 at quantile 0.9"):
        score_files(*_files(tmp_path, forecasts, "question,outcome\nv1,5\n"))
    bad_level = "question,expert,quantile,value\nv1,Ines Vahl,1.5,9\n"
    with pytest.raises(ScoringReportError, match=r"forecasts.csv:2: quantile: 1.5 is not"):
        score_files(*_files(tmp_path, bad_level, "question,outcome\nv1,5\n"))


def test_header_problems(tmp_path: Path) -> None:
    with pytest.raises(ScoringReportError, match=r"forecasts.csv:1: header: missing column"):
        score_files(*_files(tmp_path, "question,expert\nq1,Ines Vahl\n", RESOLVED))
    with pytest.raises(ScoringReportError, match=r"forecasts.csv:1: header: unknown column 'tiem'"):
        score_files(*_files(tmp_path, "question,expert,probability,tiem\n", RESOLVED))
    with pytest.raises(ScoringReportError, match=r"resolutions.csv:1: header: the file is empty"):
        score_files(*_files(tmp_path, BINARY, ""))


def test_row_shape_encoding_and_empty_fields(tmp_path: Path) -> None:
    bad = BINARY + "q2,Tal Brenn\n" + ",Tal Brenn,0.5\n"
    with pytest.raises(ScoringReportError) as exc:
        score_files(*_files(tmp_path, bad, RESOLVED))
    assert [p.line for p in exc.value.problems] == [7, 8]
    assert "has 2 fields, the header has 3" in str(exc.value)
    f, r = _files(tmp_path, BINARY, RESOLVED)
    f.write_bytes(BINARY.encode() + b"q2,Tal Brenn,\xff\n")
    with pytest.raises(ScoringReportError, match=r"forecasts.csv:7: file: is not UTF-8"):
        score_files(f, r)


def test_all_problems_are_collected_and_nothing_returned(tmp_path: Path) -> None:
    rows = "".join(f"q1,Expert {i},{1.5 + i}\n" for i in range(12))
    with pytest.raises(ScoringReportError) as exc:
        read_forecast_set(*_files(tmp_path, "question,expert,probability\n" + rows, RESOLVED))
    assert len(exc.value.problems) == 12
    assert "12 problems" in str(exc.value) and "and 4 more" in str(exc.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no such file"):
        score_files(tmp_path / "nope.csv", tmp_path / "nope2.csv")
