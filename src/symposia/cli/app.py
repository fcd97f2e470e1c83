"""The Typer application every verb module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="symposia",
    help="Run expert symposia end to end: panel, collection, publishing, synthesis, scoring.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
