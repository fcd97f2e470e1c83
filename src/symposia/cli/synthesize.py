"""``symposia synthesize SLUG|PATH...``: what a panel said, as JSON and HTML."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

import typer

from symposia.cli.app import app
from symposia.core.report import ExpertRef, TakeInput
from symposia.errors import InputError, MissingExtraError, NotFoundError, SymposiaError

_SUFFIXES = {".txt", ".html", ".htm", ".md"}
_HEADER = re.compile(r"\A(?:[A-Z][A-Za-z-]*: [^\n]*\n)+\n")


@app.command("synthesize")
def synthesize_cmd(
    sources: list[str] = typer.Argument(
        ..., help="Symposium slugs (needs the web platform) or files/folders of takes."
    ),
    out: Path | None = typer.Option(None, "--out", help="Write the JSON report here."),
    html: Path | None = typer.Option(None, "--html", help="Write a standalone HTML page here."),
    workers: int = typer.Option(0, "--workers", help="Embed on a local Dask cluster of N."),
    dask_address: str | None = typer.Option(
        None, "--dask-address", help="Embed on an existing Dask scheduler (tcp://host:8786)."
    ),
    embedder: str = typer.Option("minilm", "--embedder", help="Embedder stage name."),
    region: str = typer.Option("", "--region", help="Only experts from this region."),
    sector: str = typer.Option("", "--sector", help="Only experts from this sector."),
    gender: str = typer.Option("", "--gender", help="Only experts of this gender."),
    cache_dir: Path | None = typer.Option(None, "--cache-dir", help="Embedding cache folder."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the cache."),
    llm: bool = typer.Option(False, "--llm", help="Use the LLM backend (SYMPOSIA_LLM_*)."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
) -> None:
    """Synthesize takes into themes, counts, outlook, predictions and a brief."""
    from symposia.core.synthesis import LLMSettings, SynthesisSettings, synthesize

    takes = collect_takes(sources, region=region, sector=sector, gender=gender)
    settings = SynthesisSettings(
        embedder=embedder,
        cache_dir=cache_dir,
        use_cache=not no_cache,
        workers=workers,
        dask_address=dask_address,
        llm=LLMSettings(enabled=llm),
    )
    report = _run_with_progress(synthesize, takes, settings, quiet)
    data = report.to_json()
    if html is not None:
        from symposia.core.report_html import render_html

        _write(html, render_html(report))
    if out is not None:
        _write(out, data)
    if out is None and html is None:
        sys.stdout.write(data)
        return
    typer.echo(
        f"{report.panel['experts']} experts, {len(report.themes)} themes, "
        f"{len(report.predictions)} predictions; "
        + ", ".join(str(p) for p in (out, html) if p is not None),
        err=True,
    )


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}", "choose a writable path") from exc


def _run_with_progress(fn: Any, takes: list[TakeInput], settings: Any, quiet: bool) -> Any:
    if quiet:
        return fn(takes, settings)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description:<9}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        return fn(takes, settings, progress)


def collect_takes(
    sources: list[str], *, region: str = "", sector: str = "", gender: str = ""
) -> list[TakeInput]:
    """Takes from slugs and paths, filtered by region, sector and gender."""
    takes: list[TakeInput] = []
    for source in sources:
        path = Path(source)
        if path.exists():
            takes.extend(_takes_from_path(path))
        elif "/" in source or "\\" in source or path.suffix.lower() in _SUFFIXES:
            raise NotFoundError(f"no such file or folder: {source}", "check the path")
        else:
            takes.extend(_takes_from_slug(source, region=region, sector=sector, gender=gender))
    filters = {"region": region, "sector": sector, "gender": gender}
    wanted = {k: v.casefold() for k, v in filters.items() if v}
    if wanted:
        if any(not getattr(t.expert, k) for t in takes for k in wanted):
            missing = ", ".join(f"--{k}" for k in wanted)
            raise InputError(
                f"{missing} needs each expert's {'/'.join(wanted)}, which some takes lack",
                "put an experts.json (a list of {slug, name, region, sector, gender}) next to "
                "the takes or in their parent folder",
            )
        takes = [
            t for t in takes if all(getattr(t.expert, k).casefold() == v for k, v in wanted.items())
        ]
        if not takes:
            raise NotFoundError(
                "no take matches " + ", ".join(f"--{k} {v!r}" for k, v in filters.items() if v),
                "check the spelling against the experts' metadata",
            )
    return takes


def _takes_from_slug(slug: str, **filters: str) -> list[TakeInput]:
    if importlib.util.find_spec("django") is None:
        raise MissingExtraError("django", "web", f"synthesizing the symposium {slug!r}")
    try:
        from symposia.web.services import takes_for_synthesis
    except ImportError as exc:
        raise SymposiaError(
            f"{slug!r} is not a file or folder, and SLUG {slug} needs the web platform",
            "pip install 'symposia[web]'",
        ) from exc
    return list(takes_for_synthesis(slug, **filters))


def _metadata(folder: Path) -> dict[str, dict[str, Any]]:
    for candidate in (folder / "experts.json", folder.parent / "experts.json"):
        if candidate.is_file():
            try:
                rows = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InputError(f"{candidate} is not valid JSON: {exc}", "fix the file") from exc
            if isinstance(rows, list):
                return {str(r.get("slug")): r for r in rows if isinstance(r, dict)}
    return {}


def _takes_from_path(path: Path) -> list[TakeInput]:
    files = (
        sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES)
        if path.is_dir()
        else [path]
    )
    if not files:
        raise NotFoundError(f"no .txt, .html or .md files in {path}", "point at a folder of takes")
    meta = _metadata(path if path.is_dir() else path.parent)
    out: list[TakeInput] = []
    for file in files:
        try:
            raw = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {file} as UTF-8 text: {exc}", "convert it") from exc
        out.extend(_parse(file, raw, meta))
    return out


def _expert(slug: str, name: str, meta: dict[str, dict[str, Any]]) -> ExpertRef:
    m = meta.get(slug, {})
    return ExpertRef(
        id=slug,
        name=str(m.get("name") or name),
        region=str(m.get("region") or ""),
        sector=str(m.get("sector") or ""),
        gender=str(m.get("gender") or ""),
    )


def _parse(file: Path, raw: str, meta: dict[str, dict[str, Any]]) -> list[TakeInput]:
    """One file: through the parser when it is installed, else one take per file."""
    takes = _parsed(file, raw, meta) if importlib.util.find_spec("symposia.core.parse") else []
    if takes:
        return takes
    # Fallback (and the demo's own format): a "Key: value" header block, then the body.
    header = _HEADER.match(raw)
    body = raw[header.end() :] if header else raw
    return [TakeInput(file.stem, _expert(file.stem, file.stem, meta), body)]


def _parsed(file: Path, raw: str, meta: dict[str, dict[str, Any]]) -> list[TakeInput]:
    from symposia.core import parse

    try:
        page = parse.parse_document(raw, source=str(file))
    except SymposiaError:
        return []  # empty, too long, not a take page: the fallback reads it as plain text
    takes = []
    for n, take in enumerate(page.takes, start=1):
        name = take.expert.name.value if take.expert.name else ""
        single = len(page.takes) == 1
        if single and (file.stem in meta or not name):
            slug = file.stem
        else:
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or f"{file.stem}-{n}"
        text = take.body_text
        if text.strip():
            tid = file.stem if single else f"{file.stem}#{n}"
            takes.append(TakeInput(tid, _expert(slug, name or slug, meta), text))
    return takes
