"""Verbs that run the web platform: migrate, serve, demo, manage."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import sys

import typer

from symposia.cli.app import app
from symposia.errors import ConfigError

demo_app = typer.Typer(help="The fictional demo symposium.", no_args_is_help=True)
app.add_typer(demo_app, name="demo")


@app.command()
def migrate() -> None:
    """Create or update the database tables."""
    from symposia.web import bootstrap

    bootstrap.check_database(require_migrated=False)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    typer.echo("database is up to date")


def check_port_free(host: str, port: int) -> None:
    """Raise ConfigError when another process listens on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(
                    f"port {port} on {host} is already in use",
                    f"stop the other server or pass --port {port + 1}",
                ) from None
            raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror})") from None


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(2, help="gunicorn worker processes."),
    task_worker: bool = typer.Option(
        True, help="Also run the background task worker (synthesis jobs, emails)."
    ),
) -> None:
    """Serve the site with gunicorn (static files by whitenoise)."""
    from symposia.web import bootstrap

    check_port_free(host, port)
    bootstrap.check_database(require_migrated=False)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which(
        "gunicorn"
    )
    if gunicorn is None:
        raise ConfigError("gunicorn is not installed", "run: pip install 'symposia[web]'")
    if task_worker:
        import subprocess

        # The worker runs beside gunicorn and stops with it.
        subprocess.Popen(
            [sys.executable, "-m", "django", "db_worker", "--interval", "1"],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "symposia.web.settings"},
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symposia.web.settings")
    os.execv(
        gunicorn,
        [
            gunicorn,
            "symposia.web.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ],
    )


@demo_app.command("load")
def demo_load(
    editor: bool = typer.Option(
        True,
        help="Create the demo editor account 'editor' (password printed, kept in the data dir).",
    ),
) -> None:
    """Load the fictional demo symposium (idempotent: loading twice changes nothing)."""
    from symposia.web import bootstrap

    bootstrap.check_database(require_migrated=False)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from symposia.web.publishing.demo import ensure_demo_editor, load_demo

    report = load_demo()
    typer.echo(
        f"demo symposium '{report.slug}': {report.experts} experts, {report.takes} takes "
        f"({report.created} created, {report.updated} updated, {report.unchanged} unchanged)"
    )
    if editor:
        user, password = ensure_demo_editor()
        typer.echo(f"editor login: user '{user}', password '{password}'")


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `symposia manage createsuperuser`."""
    from symposia.web import bootstrap

    bootstrap.setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["symposia manage", *ctx.args])


@demo_app.command("first-take-url")
def demo_first_take_url() -> None:
    """Print the path of the demo's first published take."""
    from symposia.web import bootstrap

    bootstrap.setup()
    from symposia.web.publishing.demo import first_take_path

    typer.echo(first_take_path())


synthesis_app = typer.Typer(help="Synthesis runs stored in the platform.", no_args_is_help=True)
app.add_typer(synthesis_app, name="synthesis")


@synthesis_app.command("run")
def synthesis_run(
    slug: str = typer.Argument(..., help="Symposium slug."),
    region: str = typer.Option("", help="Only takes by experts from this region."),
    sector: str = typer.Option("", help="Only takes by experts from this sector."),
) -> None:
    """Synthesize a symposium's published takes now and store the run for its synthesis page."""
    from symposia.web import bootstrap

    bootstrap.check_database()
    from symposia.errors import SynthesisError
    from symposia.web.publishing.models import Symposium
    from symposia.web.synthesis.models import SynthesisRun
    from symposia.web.synthesis.services import run_synthesis

    symposium = Symposium.objects.filter(slug=slug).first()
    if symposium is None:
        raise SynthesisError(f"no symposium with slug {slug!r}", "check the slug on the home page")
    filters = {k: v for k, v in (("region", region), ("sector", sector)) if v}
    run = run_synthesis(
        SynthesisRun.objects.create(symposium=symposium, settings={"filters": filters})
    )
    if run.status != SynthesisRun.Status.DONE:
        raise SynthesisError(f"synthesis of {slug!r} failed: {run.error}")
    panel = (run.result or {}).get("panel", {})
    typer.echo(
        f"synthesis run {run.pk} of '{slug}': {len((run.result or {}).get('themes', []))} themes "
        f"from {panel.get('experts', panel.get('size', '?'))} experts; page: /s/{slug}/synthesis/"
    )


forecasts_app = typer.Typer(
    help="Forecasts, resolutions, scores and stances.", no_args_is_help=True
)
app.add_typer(forecasts_app, name="forecasts")


@forecasts_app.command("export")
def forecasts_export(
    slug: str = typer.Argument(..., help="Symposium slug."),
    directory: str = typer.Argument(..., help="Directory to write the CSV files into."),
) -> None:
    """Write forecasts, resolutions, resolution log, scores and stances of a symposium as CSV.

    forecasts.csv and resolutions.csv use the columns `symposia score` reads.
    """
    from pathlib import Path

    from symposia.web import bootstrap

    bootstrap.check_database()
    from symposia.errors import NotFoundError
    from symposia.web.forecasts.export import EXPORTS
    from symposia.web.publishing.models import Symposium

    symposium = Symposium.objects.filter(slug=slug).first()
    if symposium is None:
        raise NotFoundError(f"no symposium with slug {slug!r}", "check the slug on the home page")
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for name, make in EXPORTS.items():
        target = out / f"{name}.csv"
        tmp = target.with_suffix(".csv.tmp")
        tmp.write_text(make(symposium), encoding="utf-8")
        tmp.replace(target)  # never a half-written file
        typer.echo(f"wrote {target}")
