"""`symposia ingest` killed with SIGKILL mid-run, then rerun, equals one uninterrupted run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures.ingest.generate import generate

BIN = str(Path(sys.executable).parent / "symposia")
SETUP = (
    "from symposia.web import bootstrap; bootstrap.setup();"
    "from django.core.management import call_command; call_command('migrate', verbosity=0);"
    "from symposia.web.publishing.models import Symposium;"
    "Symposium.objects.get_or_create("
    "slug='bulk', series='Bulk', question='Q?', question_phrase='Q')"
)


def _env(data: Path) -> dict[str, str]:
    env = {**os.environ, "SYMPOSIA_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    return env


def _snapshot(data: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(data / "symposia.sqlite3")
    q = {
        "experts": "SELECT slug, name, title, affiliation FROM panel_expert ORDER BY slug",
        "takes": "SELECT e.slug, t.content_hash, t.status, t.source_ref, t.version, "
        "t.release_order "
        "FROM takes_take t JOIN panel_expert e ON e.id = t.expert_id ORDER BY e.slug",
        "revisions": "SELECT e.slug, r.number, r.kind FROM takes_takerevision r "
        "JOIN takes_take t ON t.id = r.take_id JOIN panel_expert e ON e.id = t.expert_id "
        "ORDER BY 1, 2",
        "ledger": "SELECT sha256, path, result FROM takes_ingestedfile ORDER BY path",
    }
    out = {k: con.execute(v).fetchall() for k, v in q.items()}
    con.close()
    return out


@pytest.mark.slow
def test_kill_9_then_rerun_equals_an_uninterrupted_run(tmp_path):
    docs = tmp_path / "docs"
    generate(docs, 1000)
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        subprocess.run([sys.executable, "-c", SETUP], env=_env(d), check=True, timeout=120)

    proc = subprocess.Popen(
        [BIN, "ingest", str(docs), "--symposium", "bulk"],
        env=_env(a),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = a / "symposia.sqlite3"
    deadline = time.time() + 120
    done = 0
    while time.time() < deadline:
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
            done = con.execute("SELECT count(*) FROM takes_ingestedfile").fetchone()[0]
            con.close()
        except sqlite3.OperationalError:
            pass
        if done >= 150:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    partial = _snapshot(a)
    assert 150 <= len(partial["ledger"]) < 1000, "the kill did not land mid-run"

    subprocess.run(
        [BIN, "ingest", str(docs), "--symposium", "bulk"],
        env=_env(a),
        check=True,
        timeout=600,
        capture_output=True,
    )
    subprocess.run(
        [BIN, "ingest", str(docs), "--symposium", "bulk"],
        env=_env(b),
        check=True,
        timeout=600,
        capture_output=True,
    )
    resumed, clean = _snapshot(a), _snapshot(b)
    assert len(clean["ledger"]) == 1000 and len(clean["takes"]) > 900
    assert resumed == clean
