"""``symposia parse``: print the takes found in files and directories, no database needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from symposia.cli.app import app
from symposia.core.dedupe import DedupeIndex
from symposia.core.documents import DEFAULT_SUFFIXES, document_json, iter_documents
from symposia.errors import InputError


@app.command("parse")
def parse_cmd(
    paths: list[Path] = typer.Argument(
        ..., help="Files or directories of take pages (text or HTML)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array, one object a file."),
    as_jsonl: bool = typer.Option(
        False, "--jsonl", help="Print one JSON object a line, a line a file."
    ),
    max_mb: float = typer.Option(20.0, "--max-mb", help="Refuse files larger than this many MB."),
    no_glue: bool = typer.Option(False, "--no-glue", help="Do not repair words glued together."),
    all_files: bool = typer.Option(
        False, "--all-files", help="Inside directories read every file, not only .txt/.md/.html."
    ),
) -> None:
    """Parse take pages and print their structured takes.

    A file that cannot be read gets one line on stderr naming it and the
    reason; the others are still parsed, and the exit code is 1.
    """
    if as_json and as_jsonl:
        raise InputError("--json and --jsonl were both given", "choose one of them")
    index = DedupeIndex()
    failed = total = 0
    first = True
    if as_json:
        typer.echo("[")
    for result in iter_documents(
        paths,
        max_bytes=int(max_mb * 1024 * 1024),
        suffixes=frozenset() if all_files else DEFAULT_SUFFIXES,
        glue=not no_glue,
    ):
        total += 1
        if not result.ok:
            failed += 1
            typer.echo(f"error: {result.path}: {result.error}", err=True)
            continue
        obj = document_json(result, index)
        if as_jsonl:
            typer.echo(json.dumps(obj, ensure_ascii=False))
        elif as_json:
            text = json.dumps(obj, ensure_ascii=False, indent=2)
            typer.echo(("" if first else ",\n") + text, nl=False)
            first = False
        else:
            _print_text(obj)
    if as_json:
        typer.echo("\n]")
    # main() turns an InputError into one line and exit code 1.
    if failed:
        raise InputError(
            f"{failed} of {total} file(s) failed", "see the lines above for each reason"
        )
    if total == 0:
        raise InputError("no files found under the given paths", "give .txt, .md or .html files")


def _print_text(obj: dict[str, Any]) -> None:
    takes = obj["takes"]
    typer.echo(f"{obj['source']}: {obj['kind']}, {len(takes)} take(s)")
    for i, t in enumerate(takes, 1):
        e = t["expert"]
        role = ", ".join(x for x in (e["title"], e["affiliation"]) if x)
        words = sum(len(p.split()) for p in t["body"])
        typer.echo(f"  {i}. {e['name']}" + (f" ({role})" if role else "") + f", {words} words")
        for w in t["warnings"]:
            typer.echo(f"     warning: {w}")
    for w in obj["warnings"]:
        typer.echo(f"  warning: {w}")
