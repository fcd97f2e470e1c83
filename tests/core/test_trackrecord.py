"""Track records, bootstrap intervals, calibration tables and plots, the leaderboard."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symposia.core.calibration import calibration_svg, calibration_table, wilson_interval
from symposia.core.trackrecord import (
    ResolvedForecasts,
    ScoredForecast,
    bootstrap_mean_ci,
    leaderboard,
    rank_entries,
    track_records,
)

SVG = "{http://www.w3.org/2000/svg}"


def _rec(
    expert: str, q: str, p: float, o: int, peer: float, inferred: bool = False
) -> ScoredForecast:
    brier = (p - o) ** 2
    lp = math.log(p if o else 1 - p)
    return ScoredForecast(expert, q, p, o, brier, lp, peer, inferred)


def _table() -> ResolvedForecasts:
    return ResolvedForecasts.from_records(
        [
            _rec("Ines Vahl", "harbor/q1", 0.8, 1, 20.0),
            _rec("Ines Vahl", "harbor/q2", 0.3, 0, 10.0),
            _rec("Ines Vahl", "tides/q1", 0.6, 1, -6.0),
            _rec("Ines Vahl", "tides/q2", 0.9, 1, 30.0, inferred=True),
            _rec("Oren Malk", "harbor/q1", 0.4, 1, -20.0),
            _rec("Oren Malk", "harbor/q2", 0.5, 0, -10.0),
        ]
    )


def test_track_records_hand_computed_means_and_pools() -> None:
    recs = track_records(_table(), n_boot=200)
    assert [(r.expert, r.kind) for r in recs] == [
        ("Ines Vahl", "stated"),
        ("Ines Vahl", "inferred"),
        ("Oren Malk", "stated"),
    ]
    ines = recs[0]
    # Brier: 0.04, 0.09, 0.16 -> mean 0.29 / 3 = 0.096667 ; peer (20 + 10 - 6) / 3 = 8
    assert ines.n == 3 and ines.n_questions == 3
    assert ines.mean_brier == pytest.approx(0.29 / 3)
    assert ines.mean_peer == pytest.approx(8.0)
    assert ines.mean_log_score == pytest.approx((math.log(0.8) + math.log(0.7) + math.log(0.6)) / 3)
    # the inferred forecast is a record of its own, not mixed into the stated one
    assert recs[1].n == 1 and recs[1].mean_peer == 30.0 and recs[1].peer_ci == (30.0, 30.0)
    # bootstrap interval lies within the range of the data and contains the mean
    lo, hi = ines.peer_ci
    assert -6.0 <= lo <= 8.0 <= hi <= 20.0 + 1e-9
    # calibration per record: bins 0.3, 0.6, 0.8
    counts = {b.lower: b.count for b in ines.calibration.bins if b.count}
    assert counts == pytest.approx({0.3: 1, 0.6: 1, 0.8: 1})


def test_bootstrap_is_reproducible_and_per_expert() -> None:
    a = track_records(_table(), n_boot=300, seed=5)
    b = track_records(_table(), n_boot=300, seed=5, workers=1)
    assert [r.peer_ci for r in a] == [r.peer_ci for r in b]
    c = track_records(_table(), n_boot=300, seed=6)
    assert [r.peer_ci for r in a] != [r.peer_ci for r in c]
    # adding an expert leaves the others' intervals unchanged (seeded by name)
    more = ResolvedForecasts.from_records(
        [*_records_of(_table()), _rec("Zed Arlo", "harbor/q1", 0.7, 1, 5.0)]
    )
    d = track_records(more, n_boot=300, seed=5)
    assert [r.peer_ci for r in d if r.expert != "Zed Arlo"] == [r.peer_ci for r in a]


def _records_of(t: ResolvedForecasts) -> list[ScoredForecast]:
    return [
        ScoredForecast(
            t.experts[t.expert_idx[i]],
            t.questions[t.question_idx[i]],
            float(t.probability[i]),
            float(t.outcome[i]),
            float(t.brier[i]),
            float(t.log_score[i]),
            float(t.peer_score[i]),
            bool(t.inferred[i]),
        )
        for i in range(len(t))
    ]


def test_bootstrap_ci_covers_a_known_mean() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(10.0, 2.0, size=400)
    (lo, hi), (lo2, hi2) = bootstrap_mean_ci(np.c_[x, -x], n_boot=2000)
    # standard error 2/sqrt(400) = 0.1 -> a 95% interval about +-0.2 around the sample mean
    assert lo < x.mean() < hi
    assert 0.3 < hi - lo < 0.5
    assert (lo2, hi2) == pytest.approx((-hi, -lo), abs=1e-9)
    with pytest.raises(ValueError, match="confidence"):
        bootstrap_mean_ci(x, confidence=1.0)
    with pytest.raises(ValueError, match="at least one"):
        bootstrap_mean_ci([])


def test_rank_entries_ties_and_ineligible() -> None:
    keys = [(-5.0, 0.1), (-9.0, 0.2), (-5.0, 0.1), (-1.0, 0.3), (-20.0, 0.0)]
    ranks = rank_entries(keys, [True, True, True, True, False])
    assert ranks == [2, 1, 2, 4, None]


def test_leaderboard_hides_rank_below_min_resolved() -> None:
    recs = track_records(_table(), n_boot=100)
    board = leaderboard(recs, min_resolved=3)
    assert [(e.rank, e.expert) for e in board] == [(1, "Ines Vahl"), (None, "Oren Malk")]
    everyone = leaderboard(recs, min_resolved=2)
    assert [(e.rank, e.expert) for e in everyone] == [(1, "Ines Vahl"), (2, "Oren Malk")]
    inferred = leaderboard(recs, min_resolved=1, kind="inferred")
    assert [(e.rank, e.expert) for e in inferred] == [(1, "Ines Vahl")]
    with pytest.raises(ValueError, match="min_resolved"):
        leaderboard(recs, min_resolved=-1)


def test_calibration_table_hand_computed() -> None:
    p = [0.05, 0.08, 0.72, 0.75, 0.78, 1.0]
    o = [0, 0, 1, 0, 1, 1]
    t = calibration_table(p, o, bins=10)
    assert t.n == 6 and len(t.bins) == 10
    b0, b7, b9 = t.bins[0], t.bins[7], t.bins[9]
    assert (b0.count, b0.observed) == (2, 0.0)
    assert b0.mean_forecast == pytest.approx(0.065)
    # bin [0.7, 0.8): 0.72, 0.75, 0.78 -> mean 0.75, observed 2/3
    assert b7.count == 3 and b7.mean_forecast == pytest.approx(0.75)
    assert b7.observed == pytest.approx(2 / 3)
    assert (b9.count, b9.observed) == (1, 1.0)  # 1.0 falls in the last bin
    assert t.bins[3].count == 0 and t.bins[3].observed is None
    assert b7.observed_low is not None and b7.observed_low < 2 / 3 < (b7.observed_high or 0)


def test_wilson_interval_known_value() -> None:
    # 8 of 10, z = 1.96: centre (0.8 + 0.19208) / 1.38415 = 0.71674,
    # half 1.96 * sqrt(0.016 + 0.0096040) / 1.38415 = 0.22664 -> (0.4902, 0.9433)
    lo, hi = wilson_interval(8, 10)
    assert (lo, hi) == pytest.approx((0.4902, 0.9433), abs=1e-4)


@given(st.lists(st.tuples(st.floats(0, 1), st.integers(0, 1)), min_size=1, max_size=80))
def test_calibration_counts_add_up(rows: list[tuple[float, int]]) -> None:
    t = calibration_table([r[0] for r in rows], [r[1] for r in rows], bins=5)
    assert sum(b.count for b in t.bins) == len(rows) == t.n


def test_calibration_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        calibration_table([1.5], [1])
    with pytest.raises(ValueError, match="0 or 1"):
        calibration_table([0.5], [2])
    with pytest.raises(ValueError, match="bins"):
        calibration_table([0.5], [1], bins=0)


def test_calibration_svg_is_valid_and_labelled() -> None:
    t = calibration_table([0.05, 0.08, 0.72, 0.75, 0.78, 1.0], [0, 0, 1, 0, 1, 1])
    out = calibration_svg(t, title="Ines <Vahl> & co")
    root = ET.fromstring(out)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "Ines <Vahl> & co"  # type: ignore[union-attr]
    circles = root.findall(f".//{SVG}circle")
    assert len(circles) == 3  # one per non-empty bin
    radii = sorted(float(c.get("r", 0)) for c in circles)
    assert radii[-1] > radii[0]  # area grows with count (3 vs 1)
    counts = sorted(int(e.text or 0) for e in root.iter(f"{SVG}text") if e.get("class") == "count")
    assert counts == [1, 2, 3]
    assert "script" not in out.lower()
    assert any("diagonal" in (e.text or "") or "perfect" in (e.text or "") for e in root.iter())


def test_calibration_svg_empty_table() -> None:
    root = ET.fromstring(calibration_svg(calibration_table([], [])))
    assert root.findall(f".//{SVG}circle") == []
