"""Diversity targets: matching, counts per stage, gaps, greedy suggestions, the SVG chart."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symposia.core.diversity import (
    AT_LEAST,
    AT_MOST,
    Condition,
    Target,
    evaluate,
    gap,
    largest_gap,
    suggest,
)
from symposia.core.diversity_svg import diversity_chart

WOMEN = Target("women", (Condition.of("gender", ["woman", "female"]),), AT_LEAST, 0.4)
REGION = Target("in East Asia", (Condition.of("region", ["East Asia"]),), AT_LEAST, 0.3)
DC_TANKS = Target(
    "Washington think tanks",
    (Condition.of("sector", ["think_tank"]), Condition.of("city", ["Washington"])),
    AT_MOST,
    0.5,
)


def m(gender="", region="", sector="", city="", languages=()):
    return {
        "gender": gender,
        "region": region,
        "sector": sector,
        "city": city,
        "country": "",
        "languages": list(languages),
        "expertise": [],
    }


def test_condition_folds_case_and_accents_and_knows_unknown():
    c = Condition.of("city", ["Zürich"])
    assert c.test(m(city="ZURICH")) is True
    assert c.test(m(city="Bern")) is False
    assert c.test(m()) is None
    langs = Condition.of("languages", ["ko"])
    assert langs.test(m(languages=["en", "KO"])) is True
    assert langs.test(m(languages=["en"])) is False


def test_bad_conditions_and_targets_are_refused():
    with pytest.raises(ValueError, match="not a target field"):
        Condition.of("shoe_size", ["42"])
    with pytest.raises(ValueError, match="lists no values"):
        Condition.of("gender", [" "])
    with pytest.raises(ValueError, match="share"):
        Target("x", WOMEN.conditions, AT_LEAST, 1.5)
    with pytest.raises(ValueError, match="op"):
        Target("x", WOMEN.conditions, "roughly", 0.5)


def test_target_needs_every_condition():
    assert DC_TANKS.test(m(sector="think_tank", city="Washington")) is True
    assert DC_TANKS.test(m(sector="university", city="Washington")) is False
    assert DC_TANKS.test(m(sector="think_tank")) is None


def test_counts_per_stage_on_a_fixture_panel():
    invited = [
        m("woman", "East Asia", "think_tank", "Seoul"),
        m("man", "North America", "think_tank", "Washington"),
        m("man", "North America", "think_tank", "Washington"),
        m("", "Europe", "university", "Oslo"),
        m("female", "East Asia", "ngo", "Tokyo"),
    ]
    answered = invited[:3]
    published = invited[:1]
    reports = evaluate(
        [WOMEN, REGION, DC_TANKS],
        {"published": published, "invited": invited, "answered": answered},
    )
    women = reports[0]
    assert [s.stage for s in women.stages] == ["invited", "answered", "published"]
    inv = women.stage("invited")
    assert (inv.matching, inv.unknown, inv.total, inv.met, inv.gap) == (2, 1, 5, True, 0)
    ans = women.stage("answered")
    assert (ans.matching, ans.total, ans.met) == (1, 3, False)
    assert ans.gap == 1  # (1 + 1) / (3 + 1) = 50% >= 40%
    dc = reports[2].stage("answered")
    assert (dc.matching, dc.met, dc.gap) == (2, False, 1)  # 2 of 4 = 50%
    assert reports[1].stage("published").met is True


def test_largest_gap_and_shortfall():
    invited = [m("man", "Europe"), m("man", "Europe"), m("woman", "East Asia")]
    reports = evaluate([WOMEN, REGION], {"invited": invited})
    worst = largest_gap(reports)
    assert worst is not None and worst.target is WOMEN
    assert worst.shortfall() == pytest.approx(0.4 - 1 / 3)
    assert largest_gap(evaluate([REGION], {"invited": invited})) is None


def test_gap_edge_cases():
    assert gap(AT_LEAST, 0.4, 0, 0) == 1
    assert gap(AT_LEAST, 0.0, 0, 0) == 0
    assert gap(AT_LEAST, 1.0, 3, 4) is None
    assert gap(AT_LEAST, 1.0, 4, 4) == 0
    assert gap(AT_MOST, 0.0, 1, 4) is None
    assert gap(AT_MOST, 0.5, 3, 4) == 2


@settings(max_examples=400, deadline=None)
@given(
    st.integers(0, 300),
    st.integers(0, 300),
    st.integers(0, 100),
    st.sampled_from([AT_LEAST, AT_MOST]),
)
def test_gap_is_the_smallest_number_of_additions(matching, extra, percent, op):
    total = matching + extra
    share = percent / 100
    g = gap(op, share, matching, total)

    def met_after(x: int) -> bool:
        if op == AT_LEAST:
            if total + x == 0:
                return share == 0  # an empty panel meets only "at least 0%"
            return (matching + x) / (total + x) >= share - 1e-9
        return total + x == 0 or matching / (total + x) <= share + 1e-9

    if g is None:
        assert not met_after(10_000)
        return
    assert met_after(g)
    if g > 0:
        assert not met_after(g - 1)


def test_suggest_closes_the_largest_gap_first_and_spreads():
    panel = [m("man", "Europe")] * 6
    candidates = [
        (1, m("man", "East Asia")),
        (2, m("woman", "Europe")),
        (3, m("woman", "East Asia")),
        (4, m("woman", "East Asia")),
        (5, m("man", "Europe")),
    ]
    picks = suggest([WOMEN, REGION], panel, candidates, k=5)
    ids = [p.id for p in picks]
    assert ids[:2] == [3, 4]  # each helps both targets
    assert 5 not in ids  # helps nothing
    assert set(picks[0].helps) == {"women", "in East Asia"}
    assert all(p.gain > 0 for p in picks)


def test_suggest_avoids_adding_to_an_exceeded_at_most():
    panel = [m(sector="think_tank", city="Washington")] * 3 + [m(sector="university", city="Oslo")]
    candidates = [
        (1, m(sector="think_tank", city="Washington")),
        (2, m(sector="ngo", city="Seoul")),
    ]
    picks = suggest([DC_TANKS], panel, candidates, k=2)
    assert [p.id for p in picks] == [2]
    assert picks[0].helps == ("Washington think tanks",)


def test_suggest_stops_when_every_target_is_met():
    panel = [m("woman", "East Asia")] * 2
    assert suggest([WOMEN, REGION], panel, [(1, m("woman", "East Asia"))]) == []
    assert suggest([], panel, [(1, m())]) == []


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(["woman", "man", ""]), max_size=12),
    st.lists(st.sampled_from(["woman", "man", ""]), max_size=12),
    st.integers(1, 6),
)
def test_suggestions_never_increase_the_shortfall(panel_genders, cand_genders, k):
    panel = [m(g) for g in panel_genders]
    candidates = list(enumerate(m(g) for g in cand_genders))
    picks = suggest([WOMEN], panel, candidates, k=k)
    assert len(picks) <= k
    assert len({p.id for p in picks}) == len(picks)
    members = list(panel)
    before = evaluate([WOMEN], {"invited": members})[0].shortfall()
    for p in picks:
        members.append(dict(candidates)[p.id])
        after = evaluate([WOMEN], {"invited": members})[0].shortfall()
        assert after < before or math.isclose(after, 0.0)
        before = after


def test_chart_is_valid_svg_with_a_bar_per_stage():
    invited = [m("woman"), m("man"), m("man")]
    reports = evaluate([WOMEN, DC_TANKS], {"invited": invited, "answered": invited[:1]})
    svg = diversity_chart(reports, "t")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "Diversity targets against the panel"
    bars = [r for r in root.iter(f"{ns}rect") if r.get("data-stage")]
    assert {b.get("data-stage") for b in bars} == {"invited", "answered"}
    assert "1 of 3 (33%)" in svg and "at least 40% women" in svg
    assert diversity_chart([]) == ""
