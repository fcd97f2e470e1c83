"""The demo loader: complete, idempotent, atomic; and served by the real server."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from symposia.errors import InputError

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "src" / "symposia" / "demo" / "data"


def _snapshot():
    from symposia.web.panel.models import Expert
    from symposia.web.publishing.models import Symposium
    from symposia.web.takes.models import Take, TakeRevision

    return {
        "symposia": list(Symposium.objects.values_list("slug", "updated_at")),
        "experts": sorted(Expert.objects.values_list("slug", "updated_at")),
        "takes": sorted(
            Take.objects.values_list("expert__slug", "content_hash", "publish_at", "updated_at")
        ),
        "revisions": TakeRevision.objects.count(),
    }


def test_demo_loads_every_expert_and_take():
    from symposia.web.publishing.demo import load_demo
    from symposia.web.takes.models import Take

    report = load_demo()
    experts = json.loads((DATA / "experts.json").read_text())
    assert report.experts == len(experts) >= 30
    assert Take.objects.public().count() == len(experts)
    assert report.created == 1 + 2 * len(experts)


def test_loading_twice_changes_nothing():
    from symposia.web.publishing.demo import load_demo

    load_demo()
    before = _snapshot()
    report = load_demo()
    assert report.created == report.updated == 0
    assert _snapshot() == before


def test_a_broken_demo_file_writes_nothing(tmp_path):
    from symposia.web.publishing.demo import load_demo
    from symposia.web.publishing.models import Symposium

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    first = sorted((copy / "takes").iterdir())[-1]
    lines = first.read_text().splitlines()
    lines.insert(1, "Bogus-Header: nope")
    first.write_text("\n".join(lines))
    with pytest.raises(InputError) as err:
        load_demo(copy)
    assert first.name in str(err.value)
    assert Symposium.objects.count() == 0


def test_editor_account_is_stable():
    from django.contrib.auth import authenticate

    from symposia.web.publishing.demo import ensure_demo_editor

    user, password = ensure_demo_editor()
    assert ensure_demo_editor() == (user, password)
    assert authenticate(username=user, password=password) is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_make_demo_path_serves_the_hub_with_gunicorn(tmp_path):
    """`symposia demo load` then `symposia serve`: the real server shows every demo take."""
    env = {**os.environ, "SYMPOSIA_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    exe = str(Path(sys.executable).parent / "symposia")
    r = subprocess.run([exe, "demo", "load"], env=env, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    port = _free_port()
    server = subprocess.Popen(
        [exe, "serve", "--port", str(port), "--no-task-worker", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        html = ""
        for _ in range(100):
            try:
                html = (
                    urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/s/after-ulaanbaatar/", timeout=5
                    )
                    .read()
                    .decode()
                )
                break
            except OSError:
                time.sleep(0.2)
        n = len(json.loads((DATA / "experts.json").read_text()))
        assert f"<strong>{n}</strong> expert takes" in html
        assert html.count('class="take-card"') == n
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/symposia/site.css", timeout=5)
        assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_demo_has_a_stance_poll_and_inferred_forecasts(client):
    from symposia.web.forecasts.models import Forecast, Stance
    from symposia.web.publishing.demo import load_demo

    load_demo()
    key = json.loads((DATA / "key.json").read_text())
    sides = key["contested"][0]["sides"]
    answers = list(Stance.objects.values_list("answer", flat=True))
    assert answers.count("agree") == len(sides[0]["experts"])
    assert answers.count("disagree") == len(sides[1]["experts"])
    forecasts = Forecast.objects.select_related("source_take")
    assert forecasts and all(f.inferred for f in forecasts)
    for f in forecasts:  # the inferred sentence is verbatim in the expert's take
        assert f.source_take.body[f.source_start : f.source_end] == f.rationale
    hub = client.get("/s/after-ulaanbaatar/").content.decode()
    assert "/s/after-ulaanbaatar/forecasts/" in hub and "/s/after-ulaanbaatar/stances/" in hub
    load_demo()
    assert Forecast.objects.count() == len(forecasts) and Stance.objects.count() == len(answers)


def test_a_misquoted_poll_sentence_writes_nothing(tmp_path):
    from symposia.web.publishing.demo import load_demo
    from symposia.web.publishing.models import Symposium

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    polls = json.loads((copy / "polls.json").read_text())
    polls["forecasts"][0]["inferred_from"][0]["text"] = "A sentence nobody wrote."
    (copy / "polls.json").write_text(json.dumps(polls))
    with pytest.raises(InputError, match=re.escape("polls.json: forecasts[0].inferred_from[0]")):
        load_demo(copy)
    assert Symposium.objects.count() == 0
