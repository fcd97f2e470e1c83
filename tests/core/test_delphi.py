"""Delphi statistics: quartiles, agreement, change between rounds, Kendall's W, stop rule."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symposia.core.delphi import (
    Agreement,
    Concordance,
    GroupFeedback,
    RoundStats,
    Spread,
    ThemeCount,
    Thresholds,
    agreements,
    changes,
    chi2_sf,
    concordance,
    consensus_checks,
    consensus_reached,
    feedback,
    forecast_spread,
    kendall_w,
    midranks,
    quartiles,
    stop_decision,
)
from symposia.core.stance import Likert, StanceAnswer
from symposia.errors import InputError

SA, A, U, D, SD, NO = (
    Likert.STRONGLY_AGREE,
    Likert.AGREE,
    Likert.UNCERTAIN,
    Likert.DISAGREE,
    Likert.STRONGLY_DISAGREE,
    Likert.NO_OPINION,
)


def _ans(expert: str, answer: Likert, statement: str = "s1") -> StanceAnswer:
    return StanceAnswer(expert=expert, statement=statement, answer=answer)


# --- quartiles ---------------------------------------------------------------------------------


def test_quartiles_by_hand() -> None:
    assert quartiles([0.5, 0.1, 0.3, 0.2, 0.4]) == pytest.approx((0.2, 0.3, 0.4))
    # (n - 1) * 0.25 = 0.75: a quarter of the way from 1 to 2 ... three quarters.
    assert quartiles([4, 1, 3, 2]) == pytest.approx((1.75, 2.5, 3.25))
    assert quartiles([0.7]) == (0.7, 0.7, 0.7)


@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=40))
def test_quartiles_match_numpy(values: list[float]) -> None:
    q1, med, q3 = quartiles(values)
    expected = np.percentile(values, [25, 50, 75])
    assert (q1, med, q3) == pytest.approx(tuple(expected), abs=1e-12)
    assert q1 <= med <= q3


def test_spread_and_its_errors() -> None:
    s = forecast_spread("q", [0.2, 0.3, 0.6, 0.9])
    assert s.n == 4 and s.iqr == pytest.approx(0.675 - 0.275)
    assert forecast_spread("q", []).iqr is None
    with pytest.raises(InputError, match="not a probability"):
        forecast_spread("q", [0.2, 1.4])
    assert forecast_spread("n", [10, 300], scale="value").iqr == pytest.approx(145)
    with pytest.raises(InputError, match="at least one value"):
        quartiles([])
    with pytest.raises(InputError, match="finite"):
        quartiles([1.0, math.nan])


# --- agreement and change between rounds ----------------------------------------------------------


def test_agreement_shares_and_majority_side() -> None:
    rows = [_ans("a", SA), _ans("b", A), _ans("c", D), _ans("d", U), _ans("e", NO)]
    (g,) = agreements(rows)
    assert g.n == 4 and g.n_no_opinion == 1
    assert g.agree == 0.5 and g.disagree == 0.25 and g.uncertain == 0.25
    assert g.net == 0.25 and g.majority_share == 0.5 and g.majority_side == "agree"
    (r,) = agreements([_ans("a", SD), _ans("b", D), _ans("c", A)])
    assert r.majority_side == "disagree" and r.majority_share == pytest.approx(2 / 3)
    (e,) = agreements([_ans("a", NO)])
    assert e.n == 0 and e.majority_side == "split" and e.majority_share == 0


def test_an_expert_answering_twice_in_a_round_is_an_error() -> None:
    with pytest.raises(InputError, match="twice"):
        agreements([_ans("a", A), _ans("a", D)])


def test_changes_count_who_moved_and_where() -> None:
    before = [
        _ans("a", D),
        _ans("b", U),
        _ans("c", A),
        _ans("d", SA),
        _ans("e", NO),
        _ans("f", A),  # does not answer round 2
        _ans("a", A, "s2"),
    ]
    after = [
        _ans("a", A),  # up
        _ans("b", A),  # up
        _ans("c", A),  # same
        _ans("d", A),  # down (strongly agree -> agree)
        _ans("e", U),  # from no opinion
        _ans("g", SA),  # new
    ]
    s1, s2 = changes(before, after)
    assert s1.statement == "s1" and s2.statement == "s2"
    assert (s1.toward_agree, s1.toward_disagree, s1.unchanged) == (2, 1, 1)
    assert (s1.from_no_opinion, s1.to_no_opinion, s1.new, s1.dropped) == (1, 0, 1, 1)
    assert s1.n_both == 5 and s1.moved == 4
    # Round 1: 3 agree of 5 opinions; round 2: 5 agree of 6.
    assert s1.previous.agree == pytest.approx(3 / 5)
    assert s1.current.agree == pytest.approx(5 / 6)
    assert s1.delta_agree == pytest.approx(5 / 6 - 3 / 5)
    assert s1.delta_net == pytest.approx((5 / 6) - (3 / 5 - 1 / 5))
    # s2 was answered in round 1 only.
    assert s2.current.n == 0 and s2.dropped == 1 and s2.moved == 0


def test_moving_to_no_opinion_is_counted_apart() -> None:
    (c,) = changes([_ans("a", A)], [_ans("a", NO)])
    assert c.to_no_opinion == 1 and c.toward_disagree == 0 and c.moved == 1


# --- Kendall's W -------------------------------------------------------------------------------


def test_kendall_w_by_hand_without_ties() -> None:
    # Rank sums 4, 6, 8, 12; mean 7.5; S = 12.25 + 2.25 + 0.25 + 20.25 = 35.
    # W = 12 * 35 / (3^2 * (4^3 - 4)) = 420 / 540 = 7/9; chi2 = 3 * 3 * 7/9 = 7.
    ranks = [[1, 2, 3, 4], [2, 1, 3, 4], [1, 3, 2, 4]]
    assert kendall_w(ranks) == pytest.approx(7 / 9)
    c = concordance(
        "q",
        ["w", "x", "y", "z"],
        [["w", "x", "y", "z"], ["x", "w", "y", "z"], ["w", "y", "x", "z"]],
    )
    assert c.w == pytest.approx(7 / 9) and c.chi2 == pytest.approx(7.0) and c.df == 3
    # chi-square with 3 df beyond 7: 0.0719 (any table).
    assert c.p_value == pytest.approx(0.07190, abs=5e-5)
    assert c.mean_ranks == [("w", 4 / 3), ("x", 2.0), ("y", 8 / 3), ("z", 4.0)]


def test_kendall_w_by_hand_with_ties() -> None:
    # Rank sums 4, 5.5, 8.5; mean 6; S = 4 + 0.25 + 6.25 = 10.5.
    # One tie of two in the first ranking: T = 2^3 - 2 = 6.
    # W = 12 * 10.5 / (9 * 24 - 3 * 6) = 126 / 198 = 7/11 (126/216 without the correction).
    ranks = [[1, 2.5, 2.5], [1, 2, 3], [2, 1, 3]]
    assert kendall_w(ranks) == pytest.approx(7 / 11)
    assert midranks(["a", ("b", "c")], ["a", "b", "c"]) == [1, 2.5, 2.5]


def test_kendall_w_zero_when_rank_sums_are_equal() -> None:
    assert kendall_w([[1, 2, 3], [2, 3, 1], [3, 1, 2]]) == 0.0


def test_kendall_w_rejects_what_is_not_a_ranking() -> None:
    with pytest.raises(InputError, match="at least two rankings"):
        kendall_w([[1, 2, 3]])
    with pytest.raises(InputError, match="at least two items"):
        kendall_w([[1], [1]])
    with pytest.raises(InputError, match="ranks 2 items"):
        kendall_w([[1, 2, 3], [1, 2]])
    with pytest.raises(InputError, match="not a ranking"):
        kendall_w([[1, 2, 3], [0.2, 0.5, 0.9]])
    with pytest.raises(InputError, match="not a ranking"):
        kendall_w([[1, 2, 3], [1, 1, 3]])  # a tie must carry its mid-rank 1.5
    with pytest.raises(InputError, match="ties all items"):
        kendall_w([[2, 2, 2], [2, 2, 2]])


def test_midranks_rejects_bad_orderings() -> None:
    items = ["a", "b", "c"]
    with pytest.raises(InputError, match="leaves out 'c'"):
        midranks(["a", "b"], items)
    with pytest.raises(InputError, match="twice"):
        midranks(["a", "b", "a"], items)
    with pytest.raises(InputError, match="not one of"):
        midranks(["a", "b", "c", "d"], items)
    with pytest.raises(InputError, match="empty tie group"):
        midranks(["a", (), "b", "c"], items)
    with pytest.raises(InputError, match="distinct items"):
        concordance("q", ["a", "a"], [])


def test_concordance_with_one_ranking_has_no_w() -> None:
    c = concordance("q", ["a", "b"], [["b", "a"]])
    assert c.m == 1 and c.w is None and c.p_value is None
    assert c.mean_ranks == [("b", 1.0), ("a", 2.0)]
    assert concordance("q", ["a", "b"], []).mean_ranks == []


@st.composite
def rankings(draw: st.DrawFn, ties: bool = True) -> list[list[float]]:
    n = draw(st.integers(2, 7))
    m = draw(st.integers(2, 8))
    items = [f"i{k}" for k in range(n)]
    rows = []
    for _ in range(m):
        perm = draw(st.permutations(items))
        if ties:
            cuts = sorted(draw(st.sets(st.integers(1, n - 1), max_size=n - 1)))
            groups, start = [], 0
            for cut in [*cuts, n]:
                groups.append(tuple(perm[start:cut]))
                start = cut
        else:
            groups = list(perm)
        rows.append(midranks(groups, items))
    return rows


def _fully_tied(rows: list[list[float]]) -> bool:
    return all(len(set(r)) == 1 for r in rows)


@given(rankings())
def test_w_is_between_zero_and_one(rows: list[list[float]]) -> None:
    if _fully_tied(rows):
        with pytest.raises(InputError):
            kendall_w(rows)
        return
    assert 0.0 <= kendall_w(rows) <= 1.0


@given(rankings(), st.integers(2, 6))
def test_w_is_one_for_identical_rankings(rows: list[list[float]], m: int) -> None:
    same = [rows[0]] * m
    if _fully_tied(same):
        return
    assert kendall_w(same) == pytest.approx(1.0)


@given(rankings(), st.randoms(use_true_random=False))
def test_w_does_not_depend_on_how_items_or_experts_are_ordered(rows, rnd) -> None:
    if _fully_tied(rows):
        return
    cols = list(range(len(rows[0])))
    rnd.shuffle(cols)
    relabelled = [[r[c] for c in cols] for r in rows]
    rnd.shuffle(relabelled)
    assert kendall_w(relabelled) == pytest.approx(kendall_w(rows))


@given(rankings(ties=False))
def test_w_without_ties_agrees_with_mean_spearman(rows: list[list[float]]) -> None:
    # Without ties W = ((m - 1) * mean pairwise Spearman rho + 1) / m (Kendall 1939).
    m = len(rows)
    rhos = [float(np.corrcoef(rows[i], rows[j])[0, 1]) for i in range(m) for j in range(i + 1, m)]
    assert kendall_w(rows) == pytest.approx(((m - 1) * float(np.mean(rhos)) + 1) / m, abs=1e-9)


def test_chi2_sf_closed_forms() -> None:
    # With 2 degrees of freedom the survival function is exp(-x / 2).
    for x in (0.1, 1.0, 5.0, 20.0, 80.0):
        assert chi2_sf(x, 2) == pytest.approx(math.exp(-x / 2), rel=1e-10)
    # With 1 degree of freedom it is erfc(sqrt(x / 2)).
    for x in (0.01, 0.5, 3.84, 12.0):
        assert chi2_sf(x, 1) == pytest.approx(math.erfc(math.sqrt(x / 2)), rel=1e-9)
    assert chi2_sf(0.0, 4) == 1.0
    with pytest.raises(InputError):
        chi2_sf(1.0, 0)


def test_chi2_sf_matches_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")

    @settings(max_examples=80, deadline=None)
    @given(st.floats(0.001, 200), st.integers(1, 60))
    def check(x: float, df: int) -> None:
        assert chi2_sf(x, df) == pytest.approx(float(stats.chi2.sf(x, df)), rel=1e-8, abs=1e-300)

    check()


# --- the stop rule -----------------------------------------------------------------------------


def _agree(statement: str, agree: float, disagree: float = 0.0, n: int = 10) -> Agreement:
    return Agreement(statement, n, 0, agree, disagree, 1 - agree - disagree, agree - disagree)


def test_consensus_needs_every_check_to_pass() -> None:
    t = Thresholds(agreement=0.75, iqr=0.2, kendall_w=0.7)
    ranking = Concordance("r", 5, 4, 0.8, 12.0, 3, 0.01, [])
    stats = RoundStats(
        2,
        statements=[_agree("s1", 0.8), _agree("s2", 0.1, 0.9)],  # a rejection is consensus too
        forecasts=[
            Spread("f", 9, 0.3, 0.35, 0.45, "probability"),
            Spread("n", 9, 10, 50, 400, "value"),  # numeric: shown, not part of the rule
        ],
        rankings=[ranking],
    )
    assert consensus_reached(stats, t)
    assert [c.kind for c in consensus_checks(stats, t)] == [
        "statement",
        "statement",
        "forecast",
        "ranking",
    ]
    wide = RoundStats(2, statements=stats.statements, forecasts=[Spread("f", 9, 0.1, 0.4, 0.7)])
    assert not consensus_reached(wide, t)
    split = RoundStats(2, statements=[_agree("s1", 0.6, 0.4)])
    assert not consensus_reached(split, t)
    weak = RoundStats(2, rankings=[Concordance("r", 5, 4, 0.5, 7.5, 3, 0.06, [])])
    assert not consensus_reached(weak, t)
    assert not consensus_reached(RoundStats(2), t)  # nothing measured
    silent = RoundStats(2, statements=[_agree("s1", 0.0, 0.0, n=0)])
    assert not consensus_reached(silent, t)


def test_too_few_answers_are_not_a_consensus() -> None:
    t = Thresholds(min_answers=3)
    assert not consensus_reached(RoundStats(2, statements=[_agree("s1", 1.0, n=2)]), t)
    assert consensus_reached(RoundStats(2, statements=[_agree("s1", 1.0, n=3)]), t)
    few = RoundStats(2, forecasts=[Spread("f", 2, 0.4, 0.4, 0.4)])
    assert not consensus_reached(few, t)
    assert consensus_reached(few, Thresholds(min_answers=2))
    pair = RoundStats(2, rankings=[Concordance("r", 2, 3, 1.0, 4.0, 2, 0.13, [])])
    assert not consensus_reached(pair, t)
    with pytest.raises(InputError, match="minimum answers"):
        Thresholds(min_answers=0)


def test_stop_decision() -> None:
    t = Thresholds()
    agreed = RoundStats(2, statements=[_agree("s1", 0.9)])
    d = stop_decision(agreed, t, max_rounds=3)
    assert d.stop and d.consensus and not d.rounds_exhausted
    assert "consensus reached in round 2" in d.reason
    open_ = RoundStats(2, statements=[_agree("s1", 0.5)])
    d = stop_decision(open_, t, max_rounds=3)
    assert not d.stop and "1 of 1 checks not met" in d.reason
    last = RoundStats(3, statements=[_agree("s1", 0.5)])
    d = stop_decision(last, t, max_rounds=3)
    assert d.stop and d.rounds_exhausted and not d.consensus
    with pytest.raises(InputError):
        stop_decision(open_, t, max_rounds=0)


def test_thresholds_are_checked() -> None:
    with pytest.raises(InputError, match="consensus threshold"):
        Thresholds(agreement=0)
    with pytest.raises(InputError, match="IQR width"):
        Thresholds(iqr=1.5)
    with pytest.raises(InputError, match="Kendall"):
        Thresholds(kendall_w=-0.1)


# --- feedback ----------------------------------------------------------------------------------


def test_feedback_has_counts_and_no_expert_ids() -> None:
    answers = [
        _ans("zephyrine-okonkwo", SA),
        _ans("bartholomew-ikeda", A),
        _ans("constance-varga", D),
        _ans("constance-varga", NO, "s2"),
    ]
    fb = feedback(
        1,
        themes=[ThemeCount("Sanctions relief", 2, 3)],
        answers=answers,
        spreads=[forecast_spread("q1", [0.2, 0.4, 0.5])],
        rankings=[concordance("r1", ["a", "b"], [["a", "b"], ["b", "a"]])],
        community={"q1": 0.41},
    )
    s1 = fb.stances[0]
    assert s1.counts == {
        "Strongly agree": 1,
        "Agree": 1,
        "Uncertain": 0,
        "Disagree": 1,
        "Strongly disagree": 0,
        "No opinion": 0,
    }
    assert fb.stances[1].n_no_opinion == 1 and fb.stances[1].n == 0
    assert fb.forecasts[0].community == 0.41 and fb.forecasts[0].median == 0.4
    assert fb.rankings[0].w == 0.0
    text = json.dumps(fb.to_dict())
    for who in ("zephyrine", "bartholomew", "constance"):
        assert who not in text
    assert GroupFeedback.from_dict(json.loads(text)) == fb


def test_feedback_rejects_bad_counts_and_stored_garbage() -> None:
    with pytest.raises(InputError, match="counts 4 of 3"):
        feedback(1, themes=[ThemeCount("x", 4, 3)])
    with pytest.raises(InputError, match="malformed"):
        GroupFeedback.from_dict({"round": 1})


@given(
    st.lists(
        st.tuples(st.sampled_from(["e1", "e2", "e3", "e4"]), st.sampled_from(list(Likert))),
        unique_by=lambda p: p[0],
    )
)
def test_feedback_counts_add_up(pairs: list[tuple[str, Likert]]) -> None:
    fb = feedback(1, answers=[_ans(e, a) for e, a in pairs])
    if not pairs:
        assert fb.stances == []
        return
    (d,) = fb.stances
    assert sum(d.counts.values()) == len(pairs)
    assert d.n + d.n_no_opinion == len(pairs)
