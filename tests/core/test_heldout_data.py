"""The labelled symposia stay consistent: key sentences verbatim, claims follow the splitter."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "labelled_set.py"
SETS = [
    ROOT / "benchmarks" / "heldout",
    ROOT / "benchmarks" / "heldout2",
    ROOT / "src" / "symposia" / "demo" / "data",
]


def _check(*folders: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, folders)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_labelled_set_is_consistent(folder: Path) -> None:
    proc = _check(folder)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "claim types:" in proc.stdout


def test_checker_rejects_a_key_sentence_that_is_not_in_the_take(tmp_path: Path) -> None:
    copy = tmp_path / "heldout"
    shutil.copytree(SETS[0], copy)
    key = json.loads((copy / "key.json").read_text(encoding="utf-8"))
    first = key["themes"][0]
    first["evidence"].setdefault(first["experts"][0], []).append("A sentence nobody wrote.")
    (copy / "key.json").write_text(json.dumps(key), encoding="utf-8")
    proc = _check(copy)
    assert proc.returncode != 0
    assert "nobody wrote" in proc.stdout + proc.stderr
    assert proc.stderr.count("\n") <= 1  # one line, no traceback


def test_checker_names_a_missing_file_and_a_broken_json_line(tmp_path: Path) -> None:
    missing = _check(tmp_path)
    assert missing.returncode != 0 and "experts.json is missing" in missing.stderr
    assert "Traceback" not in missing.stderr
    copy = tmp_path / "broken"
    shutil.copytree(SETS[0], copy)
    lines = (copy / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    (copy / "claims.jsonl").write_text("\n".join([*lines, '{"expert": ']), encoding="utf-8")
    broken = _check(copy)
    assert broken.returncode != 0
    assert f"claims.jsonl line {len(lines) + 1}: not valid JSON" in broken.stderr
    assert "Traceback" not in broken.stderr
