"""Claim typing, estimative probability, hedges and horizons."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from symposia.core.claims import (
    CLAIM_TYPES,
    ESTIMATIVE_PROBABILITY,
    RuleClaimTyper,
    estimative_probability,
    find_hedges,
    find_horizon,
)

typer = RuleClaimTyper()


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The best case is a signed accord on the river by 2027.", "best_case"),
        ("In the best-case scenario, both sides return to the table.", "best_case"),
        ("At worst, the dispute turns into a border clash.", "worst_case"),
        ("The worst-case outcome would be a drought without any agreement.", "worst_case"),
        ("Velmark should invite the basin council to mediate.", "recommendation"),
        ("Both governments need to publish the flow data.", "recommendation"),
        ("It is essential that the monitoring stations reopen.", "recommendation"),
        ("I would urge the ministers to meet before the rains.", "recommendation"),
        ("Ostria will walk out of the talks before the summer.", "prediction"),
        ("The council is likely to extend its mandate next year.", "prediction"),
        ("I expect a new quota within six months.", "prediction"),
        ("Everything hinges on the dry season quota.", "factor"),
        ("Two factors will shape what comes next.", "factor"),
        ("The outcome depends on the election in Ostria.", "factor"),
        ("Whether the accord survives remains to be seen.", "uncertainty"),
        ("It is unclear who speaks for the Ostrian delegation.", "uncertainty"),
        ("It is impossible to say how the farmers will react.", "uncertainty"),
        ("The delegations met in a hotel by the river.", "assessment"),
        ("The talks have been badly prepared from the start.", "assessment"),
    ],
)
def test_rule_typer(sentence: str, kind: str) -> None:
    assert typer.type_sentence(sentence) == kind


def test_leading_should_is_a_conditional_not_advice() -> None:
    s = "Should the rains fail again, the farmers downstream will suffer most."
    assert typer.type_sentence(s) == "prediction"


def test_should_have_is_criticism_not_advice() -> None:
    s = "The ministers should have settled the quota years ago."
    assert typer.type_sentence(s) == "assessment"


def test_scenario_continues_into_the_next_sentence() -> None:
    sentences = [
        "In the worst case, the talks collapse this winter.",
        "Both armies could then move troops to the river.",
        "The council met twice last year.",
    ]
    assert typer.type_sentences(sentences) == ["worst_case", "worst_case", "assessment"]


def test_subordinate_clause_does_not_decide_the_type() -> None:
    s = "While it is hard to predict the talks, the ministers must publish the flow data."
    assert typer.type_sentence(s) == "recommendation"


def test_estimative_table_matches_the_documented_values() -> None:
    assert ESTIMATIVE_PROBABILITY["almost certain"] == 0.93
    assert ESTIMATIVE_PROBABILITY["likely"] == 0.75
    assert ESTIMATIVE_PROBABILITY["probably not"] == 0.3
    assert all(0 < p < 1 for p in ESTIMATIVE_PROBABILITY.values())


@pytest.mark.parametrize(
    ("sentence", "phrase", "p"),
    [
        ("The talks will almost certainly collapse.", "almost certainly", 0.93),
        ("A deal is likely before the rains.", "likely", 0.75),
        ("A deal is very likely before the rains.", "very likely", 0.87),
        ("A deal is unlikely this year.", "unlikely", 0.3),
        ("A deal is not likely this year.", "not likely", 0.3),
        ("Talks are more likely than not to resume.", "more likely than not", 0.6),
        ("I put a 70% chance on a new quota.", "70%", 0.7),
        ("There is a chance of about 40 percent that talks resume.", None, 0.4),
        ("It is a fifty-fifty proposition.", "fifty-fifty", 0.5),
    ],
)
def test_estimative_probability(sentence: str, phrase: str | None, p: float) -> None:
    found = estimative_probability(sentence)
    assert found is not None
    if phrase is not None:
        assert found[0].lower() == phrase.lower()
    assert found[1] == p


def test_no_estimative_phrase_means_no_probability() -> None:
    assert estimative_probability("Ostria will walk out of the talks.") is None
    assert estimative_probability("Certain factors matter more than others.") is None


@pytest.mark.parametrize(
    ("sentence", "text", "year"),
    [
        ("A signed accord by 2027 is possible.", "by 2027", 2027),
        ("I expect a deal in the next year.", "in the next year", None),
        ("Talks will resume within six months.", "within six months", None),
        ("The dam fills before the end of 2026.", "before the end of 2026", 2026),
        ("Prices will rise next year.", "next year", None),
        ("The quota matters in the long term.", "in the long term", None),
    ],
)
def test_horizons(sentence: str, text: str, year: int | None) -> None:
    h = find_horizon(sentence)
    assert h is not None
    assert h.text == text and sentence[h.start : h.end] == text and h.year == year


def test_past_dates_are_not_horizons() -> None:
    assert find_horizon("The river flooded the valley, as it was in 2017.") is None
    assert find_horizon("The talks went well.") is None


def test_hedges_are_found_in_order_without_repeats() -> None:
    s = "Perhaps the council might act, and perhaps it could, I think."
    assert find_hedges(s) == ["perhaps", "might", "could", "i think"]
    assert find_hedges("The dam is finished.") == []


@given(st.lists(st.text(max_size=200), max_size=8))
def test_typer_always_returns_a_known_type_per_sentence(sentences: list[str]) -> None:
    kinds = typer.type_sentences(sentences)
    assert len(kinds) == len(sentences)
    assert all(k in CLAIM_TYPES for k in kinds)


@given(st.text(max_size=300))
def test_probability_and_horizon_never_crash(text: str) -> None:
    found = estimative_probability(text)
    assert found is None or 0.0 <= found[1] <= 1.0
    h = find_horizon(text)
    assert h is None or text[h.start : h.end] == h.text


def test_scenario_does_not_carry_across_a_paragraph() -> None:
    typer = RuleClaimTyper()
    sentences = [
        "In the worst case, the river talks collapse before the spring.",
        "The barge toll would be a mistake.",
    ]
    assert typer.type_sentences(sentences) == ["worst_case", "worst_case"]
    assert typer.type_sentences(sentences, [True, True]) == ["worst_case", "assessment"]
