"""The lexicon outlook scorer and the per-expert verdict."""

from __future__ import annotations

import pytest

from symposia.core.outlook import LexiconOutlook, Polarity, decide_outlook

score = LexiconOutlook().polarity


def test_improvement_and_deterioration_words() -> None:
    assert score("Talks will resume and progress is likely.").net > 0
    assert score("The crisis will deepen and the talks will collapse.").net < 0


def test_a_negator_flips_the_word_after_it() -> None:
    assert score("There will be no agreement this year.").net < 0
    assert score("I see no crisis ahead.").net > 0
    assert score("It is difficult to be optimistic about the delta.").net < 0


@pytest.mark.parametrize(
    "sentence",
    [
        "Whether the canal reopens is impossible to say from here.",
        "It is too early to judge what the council will do.",
        "The vote could go either way.",
        "How the region responds remains to be seen.",
        "I put the odds at roughly even odds.",
        "My outlook is cautious: the vote opened a door, but only that.",
        "I honestly do not know which of the two is more likely.",
    ],
)
def test_no_direction_markers(sentence: str) -> None:
    assert score(sentence).mixed > 0


def test_verdict_sentences_are_recognised() -> None:
    assert score("I am, on balance, hopeful.").verdict
    assert score("Even so, I find it hard to be gloomy about the delta.").verdict
    gloomy = score("Even so, I find it hard to be gloomy about the delta.")
    assert gloomy.net > 0  # "hard to be gloomy" is the opposite of gloomy
    assert not score("The river rose in March.").verdict
    assert score("I am neither alarmed nor reassured by the vote.").verdict
    two_way = score("I see a painful couple of years followed by a healthier market.")
    assert two_way.positive > 0 and two_way.negative > 0


def test_a_verdict_outweighs_the_tone_of_the_rest() -> None:
    neg = Polarity(0.0, 1.0)
    verdict = score("I am, on balance, hopeful.")
    got = decide_outlook([neg, neg, neg, verdict], ["assessment"] * 3 + ["assessment"])
    assert got.outlook == "optimistic" and got.decider == 3


def test_no_signal_is_undetermined_not_invented() -> None:
    got = decide_outlook([Polarity(0.0, 0.0)], ["assessment"])
    assert got.outlook == "undetermined" and got.decider is None


def test_balance_inside_the_margin_is_mixed() -> None:
    got = decide_outlook([Polarity(1.0, 0.0), Polarity(0.0, 1.0)], ["prediction", "prediction"])
    assert got.outlook == "mixed"
