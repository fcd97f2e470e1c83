"""``symposia score``: table, JSON, export, and bad input as one error line."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from symposia.cli import main

FORECASTS = """question,expert,probability
q1,Ines Vahl,0.8
q1,Oren Malk,0.6
q1,Tal Brenn,0.3
q2,Ines Vahl,0.1
q2,Oren Malk,0.5
"""
RESOLUTIONS = "question,outcome\nq1,1\nq2,0\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    f = tmp_path / "forecasts.csv"
    r = tmp_path / "resolutions.csv"
    f.write_text(FORECASTS, encoding="utf-8")
    r.write_text(RESOLUTIONS, encoding="utf-8")
    return str(f), str(r)


def test_json_output(files: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", *files, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["questions"] == 2
    experts = data["experts"]
    assert [e["expert"] for e in experts] == ["Ines Vahl", "Oren Malk", "Tal Brenn"]
    for e in experts:
        assert {"expert", "n", "brier", "log_score", "peer_score"} <= set(e)
    ines = experts[0]
    # Brier (0.04 + 0.01) / 2 ; log (ln 0.8 + ln 0.9) / 2
    assert ines["n"] == 2
    assert ines["brier"] == pytest.approx(0.025)
    assert ines["log_score"] == pytest.approx((math.log(0.8) + math.log(0.9)) / 2)
    assert sum(e["peer_score"] * e["n"] for e in experts) == pytest.approx(0.0, abs=1e-9)
    assert data["community"]["expert"] == "community (recency_weighted)"
    assert data["community"]["n"] == 2
    assert len(data["aggregates"]) == 3


def test_json_is_stable(files: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    main(["score", *files, "--json"])
    first = capsys.readouterr().out
    main(["score", *files, "--json"])
    assert capsys.readouterr().out == first


def test_table_output(files: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", *files, "--min-resolved", "2"]) == 0
    out = capsys.readouterr().out
    for name in ("Ines Vahl", "Oren Malk", "Tal Brenn", "community (median)", "peer_score"):
        assert name in out
    tal = next(line for line in out.splitlines() if "Tal Brenn" in line)
    assert tal.split("│")[1].strip() == "-"  # below --min-resolved: no rank
    assert "0.0250" in out  # Ines' mean Brier


def test_export(files: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "export"
    assert main(["score", *files, "--json", "--export", str(out_dir)]) == 0
    assert (out_dir / "scores.csv").read_text().startswith("rank,expert,kind,n,brier")
    assert (out_dir / "calibration.svg").read_text().startswith("<svg")
    assert "wrote" in capsys.readouterr().err


def test_bad_input_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "forecasts.csv"
    r = tmp_path / "resolutions.csv"
    f.write_text(FORECASTS.replace("0.6", "1.6"), encoding="utf-8")
    r.write_text(RESOLUTIONS, encoding="utf-8")
    assert main(["score", str(f), str(r)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: 1 problem in")
    assert "forecasts.csv:3: probability: 1.6 is outside [0, 1]" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_strict_and_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "forecasts.csv"
    r = tmp_path / "resolutions.csv"
    f.write_text(FORECASTS.replace("0.8", "1"), encoding="utf-8")
    r.write_text(RESOLUTIONS, encoding="utf-8")
    assert main(["score", str(f), str(r), "--json"]) == 0
    captured = capsys.readouterr()
    assert "warning:" in captured.err and "(line 2)" in captured.err
    assert json.loads(captured.out)["warnings"]
    assert main(["score", str(f), str(r), "--strict"]) == 1
    assert "forecasts.csv:2: probability: is exactly 0 or 1" in capsys.readouterr().err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]) == 1
    assert "no such file" in capsys.readouterr().err
