"""Stance polls: parsing answers, statistics, breakdowns, the bar chart and CSV."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from symposia.core.stance import (
    OPINIONS,
    UNKNOWN_GROUP,
    Likert,
    StanceAnswer,
    stance_bars_svg,
    stance_breakdown,
    stance_stats,
    statement_stats,
    write_stance_csv,
)
from symposia.errors import InputError

SVG = "{http://www.w3.org/2000/svg}"
SA, A, U, D, SD, NO = (
    Likert.STRONGLY_AGREE,
    Likert.AGREE,
    Likert.UNCERTAIN,
    Likert.DISAGREE,
    Likert.STRONGLY_DISAGREE,
    Likert.NO_OPINION,
)


def _answers() -> list[StanceAnswer]:
    rows = [
        ("Ines Vahl", SA, 9, "Europe", "academia"),
        ("Oren Malk", A, 6, "Europe", "think_tank"),
        ("Tal Brenn", A, None, "Asia", "government"),
        ("Uma Coste", U, 3, "Asia", "academia"),
        ("Ravi Lund", D, 8, "Americas", "think_tank"),
        ("Sela Quinn", NO, None, "", "media"),
    ]
    return [
        StanceAnswer(name, "s1", ans, conf, "", {"region": region, "sector": sector})
        for name, ans, conf, region, sector in rows
    ]


def test_likert_parse() -> None:
    assert Likert.parse("Strongly agree") is SA
    assert Likert.parse("strongly_DISAGREE") is SD
    assert Likert.parse("  no   opinion ") is NO
    with pytest.raises(InputError, match=r"not a stance answer.*Strongly agree"):
        Likert.parse("kind of")


def test_confidence_must_be_1_to_10() -> None:
    with pytest.raises(InputError, match="from 1 to 10"):
        StanceAnswer("Ines Vahl", "s1", A, 11)
    with pytest.raises(InputError, match="from 1 to 10"):
        StanceAnswer("Ines Vahl", "s1", A, 0)


def test_statement_stats_hand_computed() -> None:
    s = statement_stats("s1", _answers())
    # 6 answers, 1 no opinion -> 5 with an opinion: SA 1, A 2, U 1, D 1
    assert (s.n_answers, s.n_no_opinion, s.n) == (6, 1, 5)
    assert s.counts == {SA: 1, A: 2, U: 1, D: 1, SD: 0}
    assert s.shares[A] == pytest.approx(0.4)
    # agree 3/5 = 0.6, disagree 1/5 = 0.2 -> net 0.4, polarization 0.2
    assert s.agree == pytest.approx(0.6) and s.disagree == pytest.approx(0.2)
    assert s.net_agreement == pytest.approx(0.4)
    assert s.polarization == pytest.approx(0.2)
    # weighted: SA 9, A 6 (Tal gave none), U 3, D 8: total 26
    assert s.n_weighted == 4
    assert s.weighted_shares[SA] == pytest.approx(9 / 26)
    assert s.weighted_shares[D] == pytest.approx(8 / 26)
    assert s.weighted_net_agreement == pytest.approx((9 + 6 - 8) / 26)
    # mean confidence of answers that gave one: (9 + 6 + 3 + 8) / 4 = 6.5
    assert s.mean_confidence == pytest.approx(6.5)


def test_no_opinions_only() -> None:
    s = statement_stats("s2", [StanceAnswer("Ines Vahl", "s2", NO)])
    assert s.n == 0 and s.net_agreement == 0.0 and s.polarization == 0.0
    assert all(v == 0.0 for v in s.shares.values())
    assert s.mean_confidence is None


@given(st.lists(st.tuples(st.sampled_from(list(Likert)), st.integers(1, 10)), max_size=60))
def test_shares_sum_to_one_and_bounds(rows: list[tuple[Likert, int]]) -> None:
    s = statement_stats("s", [StanceAnswer(f"e{i}", "s", a, c) for i, (a, c) in enumerate(rows)])
    if s.n:
        assert sum(s.shares.values()) == pytest.approx(1.0)
        assert sum(s.weighted_shares.values()) == pytest.approx(1.0)
    assert -1.0 - 1e-12 <= s.net_agreement <= 1.0 + 1e-12
    assert 0.0 <= s.polarization <= 0.5 + 1e-12
    assert s.polarization == pytest.approx(min(s.agree, s.disagree))


def test_stance_stats_per_statement_in_order() -> None:
    extra = [StanceAnswer("Ines Vahl", "s0", SD, 4)]
    stats = stance_stats([*_answers(), *extra])
    assert [s.statement for s in stats] == ["s1", "s0"]
    assert stats[1].net_agreement == pytest.approx(-1.0)


def test_breakdown_by_region_and_sector() -> None:
    by_region = stance_breakdown(_answers(), "region")["s1"]
    assert list(by_region) == ["Americas", "Asia", "Europe", UNKNOWN_GROUP]
    assert by_region["Europe"].net_agreement == pytest.approx(1.0)
    assert by_region["Asia"].shares[A] == pytest.approx(0.5)
    assert by_region[UNKNOWN_GROUP].n_no_opinion == 1
    by_sector = stance_breakdown(_answers(), lambda a: a.groups.get("sector"))["s1"]
    assert by_sector["think_tank"].polarization == pytest.approx(0.5)  # one agree, one disagree
    assert sum(g.n_answers for g in by_sector.values()) == 6


def test_bars_svg_structure_and_titles() -> None:
    stats = stance_stats(_answers())
    out = stance_bars_svg(stats, title="Panel on <tariffs>")
    root = ET.fromstring(out)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Panel on <tariffs>"  # type: ignore[union-attr]
    rects = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    titles = [r.find(f"{SVG}title").text for r in rects]  # type: ignore[union-attr]
    # four non-empty segments in bar order, each with its count and share
    assert titles == [
        "Strongly agree: 1 of 5 (20%)",
        "Agree: 2 of 5 (40%)",
        "Uncertain: 1 of 5 (20%)",
        "Disagree: 1 of 5 (20%)",
    ]
    widths = [float(r.get("width", 0)) for r in rects]
    assert widths[1] == pytest.approx(2 * widths[0], rel=1e-2)
    assert "script" not in out.lower()
    # legend lists all five opinions
    legend = {t.text for t in root.iter(f"{SVG}text")}
    assert {a.value for a in OPINIONS} <= legend


def test_bars_svg_weighted_and_breakdown() -> None:
    groups = list(stance_breakdown(_answers(), "region")["s1"].values())
    root = ET.fromstring(stance_bars_svg(groups, weighted=True))
    bars = root.findall(f"{SVG}g")
    assert len(bars) == 4
    assert "no opinion" in (bars[-1].find(f"{SVG}title").text or "")  # type: ignore[union-attr]


def test_write_stance_csv() -> None:
    buf = io.StringIO()
    write_stance_csv(stance_stats(_answers()), buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert rows[0]["statement"] == "s1"
    assert rows[0]["count_agree"] == "2"
    assert float(rows[0]["net_agreement"]) == pytest.approx(0.4)
