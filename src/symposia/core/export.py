"""CSV export of scores, track records, calibration tables and leaderboards.

Every writer takes a path or an open text file, writes a header row, and
leaves cells empty for values that do not apply. Numbers are written in full
precision (``repr``) so a re-import gives the same floats.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from symposia.core.calibration import CalibrationTable
from symposia.core.scorecard import ScoreReport
from symposia.core.trackrecord import LeaderboardEntry, TrackRecord

Target = str | Path | IO[str]

SCORE_COLUMNS = (
    "rank",
    "expert",
    "kind",
    "n",
    "brier",
    "log_score",
    "baseline_score",
    "peer_score",
    "pinball",
    "crps",
    "coverage",
)
FORECAST_SCORE_COLUMNS = (
    "question",
    "expert",
    "kind",
    "forecast",
    "outcome",
    "brier",
    "log_score",
    "baseline_score",
    "peer_score",
    "pinball",
    "crps",
    "coverage",
)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)


@contextmanager
def _writer(target: Target) -> Iterator[Any]:
    if isinstance(target, str | Path):
        with Path(target).open("w", encoding="utf-8", newline="") as fh:
            yield csv.writer(fh, lineterminator="\n")
    else:
        yield csv.writer(target, lineterminator="\n")


def write_rows(target: Target, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a header and rows as CSV (None as an empty cell)."""
    with _writer(target) as w:
        w.writerow(header)
        for row in rows:
            w.writerow([_cell(v) for v in row])


def write_scores_csv(report: ScoreReport, target: Target) -> None:
    """One row per expert and pool in leaderboard order, then the community rows.

    Community rows have ``kind`` set to ``community``.
    """
    rows = [[getattr(e, c) for c in SCORE_COLUMNS] for e in report.experts]
    for c in report.community:
        row = [getattr(c, col) for col in SCORE_COLUMNS]
        row[SCORE_COLUMNS.index("kind")] = "community"
        rows.append(row)
    write_rows(target, SCORE_COLUMNS, rows)


def write_forecast_scores_csv(report: ScoreReport, target: Target) -> None:
    """One row per question and forecaster (community rows included), sorted by question."""
    write_rows(
        target,
        FORECAST_SCORE_COLUMNS,
        ([getattr(f, c) for c in FORECAST_SCORE_COLUMNS] for f in report.forecasts),
    )


def write_calibration_csv(table: CalibrationTable, target: Target) -> None:
    """One row per calibration bin."""
    write_rows(
        target,
        ("lower", "upper", "count", "mean_forecast", "observed", "observed_low", "observed_high"),
        (
            (
                b.lower,
                b.upper,
                b.count,
                b.mean_forecast,
                b.observed,
                b.observed_low,
                b.observed_high,
            )
            for b in table.bins
        ),
    )


def write_track_records_csv(records: Sequence[TrackRecord], target: Target) -> None:
    """One row per expert and pool with the bootstrap intervals."""
    write_rows(
        target,
        (
            "expert",
            "kind",
            "n",
            "n_questions",
            "mean_brier",
            "brier_low",
            "brier_high",
            "mean_log_score",
            "mean_peer",
            "peer_low",
            "peer_high",
        ),
        (
            (
                r.expert,
                r.kind,
                r.n,
                r.n_questions,
                r.mean_brier,
                r.brier_ci[0],
                r.brier_ci[1],
                r.mean_log_score,
                r.mean_peer,
                r.peer_ci[0],
                r.peer_ci[1],
            )
            for r in records
        ),
    )


def write_leaderboard_csv(entries: Sequence[LeaderboardEntry], target: Target) -> None:
    """One row per leaderboard entry; ``rank`` is empty below the minimum."""
    write_rows(
        target,
        ("rank", "expert", "n_questions", "mean_peer", "peer_low", "peer_high", "mean_brier"),
        (
            (e.rank, e.expert, e.n_questions, e.mean_peer, e.peer_ci[0], e.peer_ci[1], e.mean_brier)
            for e in entries
        ),
    )


def export_all(
    report: ScoreReport, directory: str | Path, n_boot: int = 1000, seed: int = 0
) -> list[Path]:
    """Write every table of a report into ``directory`` (created if missing).

    Files: ``scores.csv`` and ``forecast_scores.csv`` always; for binary and
    multiple-choice questions also ``track_records.csv`` and
    ``leaderboard.csv`` (pool by pool, ``min_resolved`` from the report); for
    binary questions ``calibration.csv`` (all stated forecasts) and
    ``calibration.svg``.

    Returns:
        The paths written, in that order.
    """
    from symposia.core.calibration import calibration_svg, calibration_table
    from symposia.core.trackrecord import leaderboard, track_records

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "scores.csv", out / "forecast_scores.csv"]
    write_scores_csv(report, written[0])
    write_forecast_scores_csv(report, written[1])
    table = report.resolved
    if table is None or len(table) == 0:
        return written
    records = track_records(table, n_boot=n_boot, seed=seed)
    write_track_records_csv(records, out / "track_records.csv")
    board = [
        e
        for kind in ("stated", "inferred")
        for e in leaderboard(records, report.min_resolved, kind)
    ]
    write_leaderboard_csv(board, out / "leaderboard.csv")
    written += [out / "track_records.csv", out / "leaderboard.csv"]
    if report.kind == "binary":
        stated = ~table.inferred
        calib = calibration_table(table.probability[stated], table.outcome[stated])
        write_calibration_csv(calib, out / "calibration.csv")
        (out / "calibration.svg").write_text(
            calibration_svg(calib, title="Calibration of all stated forecasts"), encoding="utf-8"
        )
        written += [out / "calibration.csv", out / "calibration.svg"]
    return written
