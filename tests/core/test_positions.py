"""For-or-against cues and the contested section built from them."""

from __future__ import annotations

import pytest

from symposia.core.positions import Position, position, side_of
from symposia.core.report import verify_quotes
from symposia.core.synthesis import SynthesisSettings, synthesize

from .synth_fixtures import contested_takes, fictional_takes


@pytest.mark.parametrize(
    "sentence",
    [
        "The capital should resist the temptation to act alone.",
        "Building the second dam would be a mistake.",
        "I am less persuaded by the case for a new canal.",
        "The plan is understandable but unwise.",
        "Nor should the council move first.",
        "A separate track would hand the other side a divided front.",
        "For the same reason, the deepening should be shelved.",
        "The new levy looks to me like a bad bargain.",
    ],
)
def test_opposition_cues(sentence: str) -> None:
    got = position(sentence)
    assert got.against >= 1 and got.support == 0


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry cannot wait for the treaty to mature.",
        "The council should not wait for the capital's permission.",
        "They should go ahead.",
        "There is no excuse for further delay on the canal.",
        "A levy on barges makes sense on those terms.",
        "The province deserves support rather than suspicion.",
        "It should build its own track rather than wait for the others.",
    ],
)
def test_support_cues(sentence: str) -> None:
    got = position(sentence)
    assert got.support >= 1 and got.against == 0


@pytest.mark.parametrize(
    "sentence",
    [
        "The council should fund rail sidings along the river.",
        "Freight rates rose eightfold in January.",
        "Some in the ministry argue that the canal would be a mistake.",
    ],
)
def test_neutral_and_reported_sentences_carry_no_cue(sentence: str) -> None:
    assert position(sentence) == Position(0, 0)


def test_side_of_weighs_cues_and_counts_plain_advocacy_only_without_opposition() -> None:
    against, support, none = Position(1, 0), Position(0, 1), Position(0, 0)
    assert side_of([against, none], advocates=True) == -1
    assert side_of([support], advocates=False) == 1
    assert side_of([none], advocates=True) == 1
    assert side_of([none], advocates=False) == 0
    assert side_of([against, support], advocates=True) == 0  # a tie takes no side


def test_contested_point_has_both_sides_with_counts_and_verbatim_quotes(tmp_path) -> None:
    takes, pro, con = contested_takes()
    report = synthesize(takes, SynthesisSettings(embedder="hashing", cache_dir=tmp_path))
    verify_quotes(report)
    toll = [c for c in report.contested if "toll" in c.label or "canal" in c.label]
    assert len(toll) == 1, [c.label for c in report.contested]
    sides = {s.position: s for s in toll[0].sides}
    assert sides["for"].experts == sorted(pro)
    assert sides["against"].experts == sorted(con)
    assert sides["for"].holders.count == 4 and sides["against"].holders.count == 3
    assert sides["against"].holders.of == len(takes)
    for side in toll[0].sides:
        assert side.quotes and {q.expert for q in side.quotes} <= set(side.experts)
    theme = next(t for t in report.themes if t.id == toll[0].theme)
    assert theme.status == "contested"


def test_a_panel_that_only_agrees_has_no_contested_point(tmp_path) -> None:
    report = synthesize(
        fictional_takes(), SynthesisSettings(embedder="hashing", cache_dir=tmp_path)
    )
    assert report.contested == []
