"""`symposia ingest`: published takes from files into a symposium in the database."""

from __future__ import annotations

from pathlib import Path

import typer

from symposia.cli.app import app


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or directories of takes (text or HTML)."),
    symposium: str = typer.Option(..., "--symposium", "-s", help="Slug of the symposium."),
    publish: bool = typer.Option(
        False, help="Publish new takes now instead of putting them in review."
    ),
) -> None:
    """Create or update experts and takes from published pages (idempotent, crash-safe)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.table import Table

    from symposia.core.documents import iter_paths
    from symposia.web import bootstrap

    bootstrap.check_database()
    from symposia.web.takes.ingest import ingest_paths

    err = Console(stderr=True)
    total = sum(1 for _ in iter_paths(paths))
    with Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=total < 20,
    ) as bar:
        task = bar.add_task("files", total=total)
        report = ingest_paths(
            paths, symposium, publish=publish, progress=lambda _doc: bar.advance(task)
        )
    table = Table(title=f"ingest into '{symposium}'")
    table.add_column("outcome")
    table.add_column("count", justify="right")
    for label, n in (
        ("new takes", report.count("new")),
        ("updated takes", report.count("updated")),
        ("duplicates (linked, not imported)", report.count("duplicate")),
        ("files already ingested", report.already),
        ("files skipped", len(report.skipped)),
    ):
        table.add_row(label, str(n))
    Console().print(table)
    for path, reason in report.skipped:
        err.print(f"skipped {path}: {reason}", markup=False, highlight=False)
    if report.failed:
        raise typer.Exit(code=1)
