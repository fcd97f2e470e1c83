"""The real pipeline on the demo symposium, against its answer key.

These guard what ``benchmarks/synthesis_quality.py`` measures: the demo key
was in view while the rules were written, so the thresholds here are
regression guards, not evidence of quality (the benchmark's held-out set is).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from symposia.core.corpus import demo_takes_dir, load_source_takes
from symposia.core.report import Synthesis, verify_quotes
from symposia.core.synthesis import SynthesisSettings, synthesize

from .test_embed import _model_available

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not _model_available(), reason="the MiniLM model is not installed"),
]


@pytest.fixture(scope="module")
def key() -> dict[str, Any]:
    return json.loads((demo_takes_dir().parent / "key.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Synthesis:
    cache = tmp_path_factory.mktemp("cache")
    return synthesize(load_source_takes(), SynthesisSettings(cache_dir=cache))


def _f1(a: set[str], b: set[str]) -> float:
    tp = len(a & b)
    return 0.0 if not tp else 2 * tp / (len(a) + len(b))


def test_the_contested_question_is_found_with_its_two_sides(
    report: Synthesis, key: dict[str, Any]
) -> None:
    gold = key["contested"][0]["sides"]
    assert len(report.contested) == 1
    sides = {s.position: set(s.experts) for s in report.contested[0].sides}
    score = (
        _f1(sides["for"], set(gold[0]["experts"])) + _f1(sides["against"], set(gold[1]["experts"]))
    ) / 2
    assert score >= 0.9
    verify_quotes(report)


def test_minority_views_are_few_and_include_the_declaration_first_view(
    report: Synthesis, key: dict[str, Any]
) -> None:
    assert 1 <= len(report.minority) <= SynthesisSettings().max_minority
    evidence = {
        (e, s)
        for m in key["minority"]
        if m["id"] == "peace-declaration-first"
        for e, ss in m["evidence"].items()
        for s in ss
    }
    assert any((q.expert, q.text) in evidence for m in report.minority for q in m.quotes)
    for m in report.minority:
        assert 1 <= m.holders.count <= 2 and len(m.quotes) >= 1


def test_theme_labels_do_not_repeat_a_word(report: Synthesis) -> None:
    for theme in report.themes:
        words = [w for phrase in theme.label.split(" · ") for w in phrase.split()]
        assert len(words) == len(set(words)), theme.label
