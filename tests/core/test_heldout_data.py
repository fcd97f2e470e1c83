"""The held-out labelled symposium stays consistent (every key sentence verbatim, etc.)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "heldout" / "validate.py"


def test_heldout_set_validates() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "experts" in proc.stdout


def test_validator_rejects_a_key_sentence_that_is_not_in_the_take(tmp_path: Path) -> None:
    import json
    import shutil

    copy = tmp_path / "heldout"
    shutil.copytree(SCRIPT.parent, copy)
    key = json.loads((copy / "key.json").read_text(encoding="utf-8"))
    first = key["themes"][0]
    expert = first["experts"][0]
    first["evidence"].setdefault(expert, []).append("A sentence nobody wrote.")
    (copy / "key.json").write_text(json.dumps(key), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(copy / "validate.py")], capture_output=True, text=True, check=False
    )
    assert proc.returncode != 0
    assert "nobody wrote" in (proc.stdout + proc.stderr)
