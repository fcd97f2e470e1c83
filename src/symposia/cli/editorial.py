"""Verbs of the editorial workflow: `symposia schedule`."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import typer

from symposia.cli.app import app
from symposia.errors import InputError


def _parse_start(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"--start {value!r} is not a date and time",
            "write it as 2026-12-01T09:00 (UTC unless it ends with an offset such as +09:00)",
        ) from None


def _parse_times(value: str) -> list[time] | None:
    if not value.strip():
        return None
    out = []
    for part in (p.strip() for p in value.split(",") if p.strip()):
        try:
            out.append(time.fromisoformat(part))
        except ValueError:
            raise InputError(
                f"--times has {part!r}, which is not a time of day", "write e.g. 09:00,12:00,15:00"
            ) from None
    return out


@app.command()
def schedule(
    slug: str = typer.Argument(..., help="The symposium's slug."),
    start: str = typer.Option(..., help="First release, e.g. 2026-12-01T09:00 (UTC by default)."),
    per_day: int = typer.Option(8, "--per-day", help="Takes released each day."),
    order: str = typer.Option(
        "", help="Expert slugs to release first, comma-separated: a,b,c (the rest follow)."
    ),
    times: str = typer.Option(
        "", help="Fixed times of day, comma-separated (as many as --per-day): 09:00,13:00."
    ),
    spacing: int = typer.Option(60, help="Minutes between two releases of one day."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the plan without saving it."),
) -> None:
    """Schedule a staggered release of a symposium's approved takes."""
    from rich.console import Console
    from rich.table import Table

    from symposia.web import bootstrap

    bootstrap.check_database()
    from symposia.web.editorial.release import get_symposium, schedule_release

    fixed = _parse_times(times)
    plan = schedule_release(
        get_symposium(slug),
        _parse_start(start),
        len(fixed) if fixed else per_day,
        order=[s.strip() for s in order.split(",") if s.strip()] or None,
        times=fixed,
        spacing=timedelta(minutes=spacing),
        dry_run=dry_run,
    )
    table = Table(title=f"{'Plan (not saved)' if dry_run else 'Scheduled'}: {slug}")
    table.add_column("#", justify="right")
    table.add_column("expert")
    table.add_column("publish at (UTC)")
    for i, (take, when) in enumerate(plan.slots, 1):
        table.add_row(str(i), take.expert.slug, when.strftime("%Y-%m-%d %H:%M"))
    console = Console()
    console.print(table)
    for take, why in plan.skipped:
        console.print(f"left out {take.expert.slug}: {why}")
