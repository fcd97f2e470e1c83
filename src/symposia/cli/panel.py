"""Verbs of the panel: `symposia roster import|export`, `symposia invite`, `symposia remind`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from symposia.cli.app import app
from symposia.errors import InputError, NotFoundError

roster_app = typer.Typer(help="The roster of experts: import and export.", no_args_is_help=True)
app.add_typer(roster_app, name="roster")


def _setup() -> None:
    from symposia.web import bootstrap

    bootstrap.check_database()


def _merges(specs: list[str]) -> dict[int, int]:
    out: dict[int, int] = {}
    for spec in specs:
        line, _, expert = spec.partition("=")
        if not (line.strip().isdigit() and expert.strip().isdigit()):
            raise InputError(
                f"--merge {spec!r} is not LINE=EXPERT_ID",
                "write e.g. --merge 12=345 (line 12 of the file is expert #345)",
            )
        out[int(line)] = int(expert)
    return out


def _print_plan(preview: Any, show: int, dry_run: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    plan = preview.plan
    mapping = Table(title="Columns", show_header=True)
    mapping.add_column("column in the file")
    mapping.add_column("field")
    for header, field in preview.mapping.describe():
        mapping.add_row(header or "(no header)", field)
    console.print(mapping)
    counts = Table(title="Would change (dry run)" if dry_run else "Changes", show_header=True)
    counts.add_column("rows", justify="right")
    counts.add_column("new", justify="right")
    counts.add_column("updated", justify="right")
    counts.add_column("unchanged", justify="right")
    counts.add_column("rows with errors", justify="right")
    counts.add_column("to review", justify="right")
    c = plan.counts
    counts.add_row(
        *(str(c[k]) for k in ("rows", "create", "update", "unchanged", "error_rows", "review"))
    )
    console.print(counts)
    for label, items in (("error", plan.errors), ("warning", plan.warnings)):
        for item in items[:show]:
            typer.echo(f"{label}: {item}")
        if len(items) > show:
            typer.echo(f"... and {len(items) - show} more {label}s")
    for r in [r for r in plan.rows if r.action == "update"][:show]:
        changes = "; ".join(f"{ch.field}: {ch.old!r} -> {ch.new!r}" for ch in r.changes)
        typer.echo(f"update line {r.line}: {r.record.name} (by {r.matched_by}): {changes}")
    for m in plan.reviews[:show]:
        other = f"#{m.candidate_id}" if m.candidate_id else f"line {m.candidate_line}"
        typer.echo(
            f"review line {m.line}: {m.name} ({m.affiliation}) looks like {m.candidate_name} "
            f"({m.candidate_affiliation}, {other}): {m.reason}, {m.score:.2f}"
            + (f"; merge with --merge {m.line}={m.candidate_id}" if m.candidate_id else "")
        )
    if len(plan.reviews) > show:
        typer.echo(f"... and {len(plan.reviews) - show} more to review")
    if preview.opted_out:
        typer.echo(f"{preview.opted_out} address(es) opted out: imported, never emailed")


@roster_app.command("import")
def roster_import(
    file: Path = typer.Argument(..., help="CSV or XLSX file with a header row."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; write nothing."),
    map_: list[str] = typer.Option(
        [], "--map", help="COLUMN=FIELD to map a column ('COLUMN=-' skips it); repeatable."
    ),
    merge: list[str] = typer.Option(
        [], "--merge", help="LINE=EXPERT_ID: the row is that roster expert; repeatable."
    ),
    encoding: str = typer.Option("", help="Encoding of a CSV, e.g. cp1252 (default UTF-8)."),
    sheet: str = typer.Option("", help="Worksheet of an XLSX file (default the first)."),
    show: int = typer.Option(20, help="How many errors, updates and reviews to list."),
) -> None:
    """Import experts from CSV/XLSX: every row or, if any row is bad, none."""
    from symposia.core.roster import parse_overrides

    if not file.is_file():
        raise NotFoundError(f"{file} does not exist", "give the path of a .csv or .xlsx file")
    overrides = parse_overrides(map_)
    merges = _merges(merge)
    _setup()
    from symposia.web.panel import roster

    data = file.read_bytes()
    kwargs: dict[str, Any] = {
        "overrides": overrides,
        "merges": merges,
        "encoding": encoding or None,
        "sheet": sheet or None,
    }
    if dry_run:
        preview = roster.plan(data, file.name, **kwargs)
        _print_plan(preview, show, True)
        if not preview.plan.ok:
            typer.echo(
                f"{preview.plan.counts['error_rows']} row(s) with errors: "
                "the import would write nothing"
            )
        return
    try:
        preview = roster.apply(data, file.name, actor_label="command line", **kwargs)
    except roster.RowsHaveErrors as exc:
        _print_plan(exc.preview, show, False)
        raise
    _print_plan(preview, show, False)
    c = preview.plan.counts
    typer.echo(
        f"imported {file.name}: {c['create']} new, {c['update']} updated, "
        f"{c['unchanged']} unchanged"
    )


@roster_app.command("export")
def roster_export(
    file: str = typer.Argument(..., help="CSV file to write, or - for standard output."),
) -> None:
    """Export the whole roster as CSV (the format `symposia roster import` reads)."""
    _setup()
    from symposia.web.panel import roster

    if file == "-":
        n = roster.export_experts(sys.stdout)
        typer.echo(f"exported {n} experts", err=True)
        return
    path = Path(file)
    if not path.parent.is_dir():
        raise NotFoundError(
            f"the folder {path.parent} does not exist", "create it or pick another path"
        )
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        n = roster.export_experts(out)
    tmp.replace(path)  # a reader never sees half a file
    typer.echo(f"exported {n} experts to {path}")


def _symposium(slug: str) -> Any:
    from symposia.web.publishing.models import Symposium

    s = Symposium.objects.filter(slug=slug).first()
    if s is None:
        raise NotFoundError(f"no symposium called {slug!r}", "see the slugs at /editor/")
    return s


def _print_report(report: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=True)
    for col in ("expert", "email", "outcome", "why"):
        table.add_column(col)
    for o in report.outcomes:
        outcome = o.status.replace("_", " ") + (
            f" ({o.attempts} attempts)" if o.attempts > 1 else ""
        )
        table.add_row(o.expert, o.email or "-", outcome, o.reason)
    Console().print(table)
    typer.echo(report.summary())


@app.command()
def invite(
    slug: str = typer.Argument(..., help="The symposium's slug."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show who would get an email; send nothing."
    ),
    resend: bool = typer.Option(False, help="Also email experts already invited (a fresh link)."),
) -> None:
    """Email personal invitations to everyone on the panel not invited yet."""
    _setup()
    from symposia.web.panel import outreach, reminders

    symposium = _symposium(slug)
    report = outreach.send_invitations(
        symposium, dry_run=dry_run, resend=resend, actor_label="command line"
    )
    _print_report(report)
    if not dry_run and report.sent:
        reminders.schedule_reminders(symposium)
    if report.failed:
        raise InputError(
            f"{report.failed} invitation(s) were not sent",
            "check the SYMPOSIA_EMAIL_* settings and run `symposia invite` again; "
            "those sent are not sent twice",
        )


@app.command()
def remind(
    slug: str = typer.Argument(..., help="The symposium's slug."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show who would get a reminder."),
) -> None:
    """Send the reminders due now (SYMPOSIA_REMINDER_DAYS before the deadline)."""
    _setup()
    from symposia.web.panel import outreach

    report = outreach.send_reminders(_symposium(slug), dry_run=dry_run, actor_label="command line")
    _print_report(report)
    if report.failed:
        raise InputError(
            f"{report.failed} reminder(s) were not sent",
            "check the SYMPOSIA_EMAIL_* settings and run `symposia remind` again",
        )
