"""``symposia score``: score a forecasts CSV against a resolutions CSV, no database needed."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from symposia.cli.app import app
from symposia.core.forecast_io import score_files
from symposia.core.scorecard import ExpertScore, ScoreReport


def _fmt(x: float | None, digits: int) -> str:
    return "" if x is None else f"{x:.{digits}f}"


def _table(report: ScoreReport) -> Table:
    quantile = report.kind == "quantile"
    pools = {e.kind for e in report.experts}
    table = Table(
        title=f"{report.questions} {report.kind.replace('_', '-')} "
        + ("question" if report.questions == 1 else "questions")
        + (f", {report.time_averaged} time-averaged" if report.time_averaged else ""),
        title_justify="left",
    )
    table.add_column("rank", justify="right")
    table.add_column("expert")
    if len(pools) > 1:
        table.add_column("kind")
    table.add_column("n", justify="right")
    metrics: list[tuple[str, str, int]] = (
        [("pinball", "pinball", 3), ("crps", "crps", 3)]
        if quantile
        else [
            ("brier", "brier", 4),
            ("log_score", "log_score", 4),
            ("baseline_score", "baseline", 1),
            ("peer_score", "peer_score", 1),
        ]
    )
    for _, head, _ in metrics:
        table.add_column(head, justify="right")
    if report.time_averaged:
        table.add_column("coverage", justify="right")

    def add(row: ExpertScore, end_section: bool = False) -> None:
        cells = ["-" if row.rank is None else str(row.rank), row.expert]
        if len(pools) > 1:
            cells.append(row.kind)
        cells.append(str(row.n))
        cells += [_fmt(getattr(row, attr), d) for attr, _, d in metrics]
        if report.time_averaged:
            cells.append(f"{row.coverage:.0%}")
        table.add_row(*cells, end_section=end_section)

    for i, row in enumerate(report.experts):
        add(row, end_section=i == len(report.experts) - 1)
    for row in report.community:
        add(row)
    return table


@app.command()
def score(
    forecasts: Path = typer.Argument(
        ..., help="Forecasts CSV: question,expert,probability[,time]."
    ),
    resolutions: Path = typer.Argument(..., help="Resolutions CSV: question,outcome[,close]."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    min_resolved: int = typer.Option(
        1, "--min-resolved", min=0, help="Questions an expert needs before getting a rank."
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Refuse probabilities of exactly 0 or 1 instead of clipping them."
    ),
    export: Path | None = typer.Option(
        None, "--export", help="Also write every table as CSV (and the calibration SVG) here."
    ),
) -> None:
    """Score forecasts against resolutions: Brier, log, baseline and peer scores per expert."""
    report = score_files(forecasts, resolutions, min_resolved=min_resolved, strict=strict)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if export is not None:
        from symposia.core.export import export_all

        for path in export_all(report, export):
            typer.echo(f"wrote {path}", err=True)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        Console(width=120).print(_table(report))
