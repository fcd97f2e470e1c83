"""Synthesis stages by name: every stage kind has an offline default.

A stage is created from its kind and name with keyword parameters, so a
setting such as ``embedder="hashing"`` or a Dask worker that only receives
``("embedder", "minilm", {...})`` can build the same object. Other packages
may :func:`register` their own stages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from symposia.errors import ConfigError

#: The stage kinds and the name of each kind's offline default.
DEFAULTS: dict[str, str] = {
    "segmenter": "sentences",
    "claim_typer": "rules",
    "embedder": "minilm",
    "clusterer": "agglomerative",
    "labeler": "ctfidf",
    "outlook": "lexicon",
}

_FACTORIES: dict[str, dict[str, Callable[..., Any]]] = {kind: {} for kind in DEFAULTS}


def register(kind: str, name: str, factory: Callable[..., Any]) -> None:
    """Make ``factory(**params)`` available as stage ``name`` of ``kind``."""
    if kind not in _FACTORIES:
        raise ConfigError(
            f"unknown stage kind {kind!r}", f"use one of: {', '.join(sorted(_FACTORIES))}"
        )
    _FACTORIES[kind][name] = factory


def names(kind: str) -> list[str]:
    """The registered names of one stage kind, sorted."""
    _ensure_builtins()
    return sorted(_FACTORIES.get(kind, {}))


def create(kind: str, name: str | None = None, **params: Any) -> Any:
    """Build the stage ``name`` (default: the offline default) of ``kind``.

    Raises:
        ConfigError: if the kind or name is unknown; the message lists the
            valid names.
    """
    _ensure_builtins()
    if kind not in _FACTORIES:
        raise ConfigError(
            f"unknown stage kind {kind!r}", f"use one of: {', '.join(sorted(_FACTORIES))}"
        )
    chosen = name or DEFAULTS[kind]
    factory = _FACTORIES[kind].get(chosen)
    if factory is None:
        raise ConfigError(
            f"unknown {kind.replace('_', ' ')} {chosen!r}",
            f"use one of: {', '.join(sorted(_FACTORIES[kind]))}",
        )
    try:
        return factory(**params)
    except TypeError as exc:
        raise ConfigError(
            f"bad parameters for the {kind.replace('_', ' ')} {chosen!r}: {exc}",
            "check the stage parameters in the synthesis settings",
        ) from exc


_LOADED = False


def _ensure_builtins() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    from symposia.core import claims, embed, outlook, segment, themes

    register("segmenter", "sentences", segment.SentenceSegmenter)
    register("claim_typer", "rules", claims.RuleClaimTyper)
    register("embedder", "minilm", embed.MiniLMEmbedder)
    register("embedder", "hashing", embed.HashingEmbedder)

    def _minilm_fp32(**params: Any) -> Any:
        return embed.MiniLMEmbedder(**{"compute": "fp32", **params})

    register("embedder", "minilm-fp32", _minilm_fp32)
    register("clusterer", "agglomerative", themes.AgglomerativeClusterer)
    register("labeler", "ctfidf", themes.CtfidfLabeler)
    register("outlook", "lexicon", outlook.LexiconOutlook)

    def _llm_typer(**params: Any) -> Any:
        from symposia.core.llm import LLMClaimTyper

        return LLMClaimTyper(**params)

    def _llm_labeler(**params: Any) -> Any:
        from symposia.core.llm import LLMLabeler

        return LLMLabeler(**params)

    register("claim_typer", "llm", _llm_typer)
    register("labeler", "llm", _llm_labeler)
