"""Verbs of the public site: static export and editors' API tokens."""

from __future__ import annotations

from pathlib import Path

import typer

from symposia.cli.app import app

token_app = typer.Typer(help="Editors' API tokens (for the write endpoints).", no_args_is_help=True)
app.add_typer(token_app, name="api-token")


def _database() -> None:
    from symposia.web import bootstrap

    bootstrap.check_database()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


@app.command("export-site")
def export_site(
    slug: str = typer.Argument(..., help="The symposium to export."),
    directory: Path = typer.Argument(..., help="Directory to write the site into."),
    overwrite: bool = typer.Option(False, help="Replace DIRECTORY if it exists and is not empty."),
) -> None:
    """Write a symposium's public site (hub, takes, experts, synthesis, feeds) as static files."""
    _database()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from symposia.web.publishing.export import export_site as run

    report = run(slug, directory, overwrite=overwrite)
    typer.echo(
        f"exported '{report.slug}' to {report.directory}: {report.pages} pages, "
        f"{report.files} files, {report.bytes / 1024:.0f} KiB; "
        f"{report.live_links} links point at the live site"
    )


@token_app.command("create")
def token_create(
    username: str = typer.Argument(..., help="An editor (staff user)."),
    name: str = typer.Option("", help="What the token is for, shown in listings."),
) -> None:
    """Create an API token for an editor and print it (it is shown only this once)."""
    _database()
    from symposia.web.api.tokens import create_token

    issued = create_token(username, name)
    typer.echo(issued.raw)
    typer.echo(
        f"token {issued.prefix}… for '{issued.username}': send it as "
        "'Authorization: Bearer <token>'; it is not stored and cannot be shown again",
        err=True,
    )


@token_app.command("list")
def token_list() -> None:
    """List API tokens (prefix, user, name, created, last used); never the secrets."""
    _database()
    from symposia.web.api.tokens import list_tokens

    tokens = list_tokens()
    if not tokens:
        typer.echo("no API tokens")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("prefix", "user", "name", "created", "last used")
    for t in tokens:
        table.add_row(
            t.prefix,
            t.username,
            t.name,
            f"{t.created_at:%Y-%m-%d %H:%M}",
            f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never",
        )
    Console().print(table)


@token_app.command("revoke")
def token_revoke(prefix: str = typer.Argument(..., help="The token's prefix from `list`.")) -> None:
    """Delete the API token that starts with PREFIX; it stops working at once."""
    _database()
    from symposia.web.api.tokens import revoke_token

    n = revoke_token(prefix)
    typer.echo(f"revoked {n} token{'s' if n != 1 else ''}")
