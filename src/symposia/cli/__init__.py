"""The ``symposia`` command line: a thin Typer wrapper over the library.

Each verb lives in a module of this package named for what it does and maps
to one library function. :func:`main` turns every :class:`SymposiaError` into
one line on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import sys

import typer

from symposia import __version__
from symposia.cli.app import app
from symposia.errors import SymposiaError

# Verb modules register themselves on ``app`` when imported.
from symposia.cli import web as _web  # noqa: F401  isort: skip
from symposia.cli import ingest as _ingest  # noqa: F401  isort: skip
from symposia.cli import panel as _panel  # noqa: F401  isort: skip
from symposia.cli import editorial as _editorial  # noqa: F401  isort: skip
from symposia.cli import publishing as _publishing  # noqa: F401  isort: skip
from symposia.cli import parse as _parse  # noqa: F401  isort: skip
from symposia.cli import score as _score  # noqa: F401  isort: skip
from symposia.cli import model as _model  # noqa: F401  isort: skip
from symposia.cli import synthesize as _synthesize  # noqa: F401  isort: skip


def _version(value: bool) -> None:
    if value:
        typer.echo(f"symposia {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Run expert symposia end to end."""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``symposia`` console script."""
    try:
        # Without standalone mode click returns the exit code of typer.Exit instead of exiting.
        rc = app(args=argv, prog_name="symposia", standalone_mode=False)
    except SymposiaError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 1
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except typer.Abort:
        typer.echo("aborted", err=True)
        return 1
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return 130
    except Exception as exc:
        # Usage errors come from Typer's bundled click; recognise them by their interface.
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            return code
        raise
    return rc if isinstance(rc, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
