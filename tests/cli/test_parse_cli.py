"""symposia parse: JSON per file, one error line per bad file, exit code 1 when any failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symposia.cli import main

TAKE = (
    "The Harbour Talks – We Asked Odalys Fenwick What Comes Next\n\n"
    "“Insurers have raised premiums twice this year.”\n\n"
    "Insurers have raised premiums twice this year. Shipping lines are planning longer routes "
    "and the talks have stalled for a second season, which worries the ports.\n\n"
    "Odalys Fenwick is a Senior Fellow at the Quayside Institute. @ofenwick\n\n"
    "Image: Fictional Wire\n"
)


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(TAKE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TAKE.replace("Odalys", "Odalys"), encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.html").write_text(
        "<html><body><article>"
        + "".join(f"<p>{p}</p>" for p in TAKE.split("\n\n"))
        + "</article></body></html>",
        encoding="utf-8",
    )
    return tmp_path


def test_jsonl_one_object_a_file(batch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(batch), "--jsonl"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    objs = [json.loads(x) for x in lines]
    assert [Path(o["source"]).name for o in objs] == ["a.txt", "b.txt", "c.html"]
    take = objs[0]["takes"][0]
    assert take["expert"] == {
        "name": "Odalys Fenwick",
        "honorific": None,
        "title": "Senior Fellow",
        "affiliation": "Quayside Institute",
        "handle": "@ofenwick",
    }
    assert take["image_credit"] == "Fictional Wire"
    assert take["pull_quote"] == "Insurers have raised premiums twice this year."
    assert objs[0]["span_basis"] == "input" and objs[2]["span_basis"] == "extracted_text"
    # The second file is an exact copy of the first: linked, not a new take.
    assert objs[1]["takes"][0]["duplicate_of"]["source"].endswith("a.txt")
    assert objs[1]["takes"][0]["duplicate_of"]["exact"] is True
    assert objs[0]["takes"][0]["duplicate_of"] is None
    s = take["spans"]["expert.name"]
    assert TAKE[s[0] : s[1]] == "Odalys Fenwick"


def test_json_is_one_array(batch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(batch / "a.txt"), str(batch / "b.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and len(data) == 2


def test_text_output(batch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(batch / "a.txt")]) == 0
    out = capsys.readouterr().out
    assert "Odalys Fenwick (Senior Fellow, Quayside Institute)" in out


def test_bad_files_fail_the_exit_code_but_not_the_batch(
    batch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (batch / "empty.txt").write_bytes(b"")
    (batch / "bin.txt").write_bytes(bytes(range(256)) * 4)
    code = main(["parse", str(batch), str(batch / "nope.txt"), "--jsonl"])
    assert code == 1
    captured = capsys.readouterr()
    assert len(captured.out.strip().splitlines()) == 3  # the good files are still printed
    err = captured.err.strip().splitlines()
    assert any("empty.txt" in e and "empty" in e for e in err)
    assert any("bin.txt" in e and "binary" in e for e in err)
    assert any("nope.txt" in e and "no such file" in e for e in err)
    assert err[-1].startswith("error: 3 of 6 file(s) failed")
    assert "Traceback" not in captured.err


def test_json_and_jsonl_together_is_a_usage_error(batch: Path) -> None:
    assert main(["parse", str(batch), "--json", "--jsonl"]) != 0


def test_empty_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path)]) == 1
    assert "no files found" in capsys.readouterr().err
