"""Benchmark: the diversity dashboard of a symposium with 500 invitees (target <= 200 ms).

Builds, on a fresh SQLite database, a roster of 20,000 fictional experts
(see ``roster_import.py``), a symposium whose panel has 500 of them in every
state (invited, opened, drafting, submitted, published, declined, bounced),
takes for those who answered, and five targets (gender, region, country,
sector mix, Washington think tanks). Then times, over repeated runs:

* ``diversity.build``: stage counts, gaps, chart and suggestions from the roster;
* the whole page, GET /editor/s/<slug>/panel/diversity/ through Django's test client.

    python benchmarks/dashboard.py
    python benchmarks/dashboard.py --invitees 100 --roster 2000 --runs 5

It prints a table; it is not a timed test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from roster_import import fictional_rows, setup_django, to_csv

STATES = (
    ("invited", 0.30),
    ("opened", 0.10),
    ("drafting", 0.08),
    ("submitted", 0.20),
    ("published", 0.20),
    ("declined", 0.08),
    ("bounced", 0.04),
)


def build_fixture(invitees: int, roster_size: int, seed: int) -> str:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from symposia.web.editorial.models import SymposiumRole
    from symposia.web.panel import roster
    from symposia.web.panel.models import DiversityTarget, Expert, Invitation, hash_token
    from symposia.web.publishing.models import Symposium
    from symposia.web.takes.models import Take

    roster.apply(to_csv(fictional_rows(roster_size, seed)), "bench.csv")
    s = Symposium.objects.create(
        slug="bench",
        series="The Benchmark Round",
        question="Where do the talks go next?",
        question_phrase="Where the Talks Go Next",
        status=Symposium.Status.OPEN,
        closes_at=timezone.now() + timedelta(days=10),
    )
    rng = random.Random(seed)
    ids = list(Expert.objects.values_list("pk", flat=True))
    chosen = rng.sample(ids, invitees)
    states = [name for name, share in STATES for _ in range(round(share * invitees))]
    states = (states + ["invited"] * invitees)[:invitees]
    now = timezone.now()
    Invitation.objects.bulk_create(
        Invitation(
            symposium=s,
            expert_id=pk,
            token_hash=hash_token(f"bench-{pk}"),
            expires_at=now + timedelta(days=30),
            state=state,
            sent_at=now,
        )
        for pk, state in zip(chosen, states, strict=True)
    )
    takes = []
    for pk, state in zip(chosen, states, strict=True):
        if state in ("submitted", "published"):
            takes.append(
                Take(
                    symposium=s,
                    expert_id=pk,
                    body="The talks will resume. Both sides need them.",
                    status=Take.Status.PUBLISHED if state == "published" else Take.Status.REVIEW,
                    publish_at=now - timedelta(hours=1) if state == "published" else None,
                )
            )
    Take.objects.bulk_create(takes)
    targets = [
        ("women", {"gender": ["woman", "female"]}, "at_least", 40),
        ("in East Asia", {"region": ["East Asia"]}, "at_least", 30),
        ("based in Korea", {"country": ["KR"]}, "at_least", 20),
        ("universities", {"sector": ["university"]}, "at_least", 25),
        (
            "Washington think tanks",
            {"sector": ["think_tank"], "city": ["Washington"]},
            "at_most",
            5,
        ),
    ]
    for n, (label, conditions, op, percent) in enumerate(targets):
        DiversityTarget.objects.create(
            symposium=s, label=label, conditions=conditions, op=op, percent=percent, position=n
        )
    user = User.objects.create_user("bench", "bench@example.org", "bench-password-2026")
    SymposiumRole.objects.create(user=user, symposium=s, role="admin")
    return s.slug


class _Counter:
    """A database execute wrapper that records every statement."""

    def __init__(self, sink: list[str]) -> None:
        self.sink = sink

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.sink.append(sql)
        return execute(sql, params, many, context)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--invitees", type=int, default=500)
    ap.add_argument("--roster", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="symposia-bench-") as tmp:
        setup_django(tmp)
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)  # as `symposia serve` does
        from django.contrib.auth.models import User
        from django.db import connection
        from django.test import Client

        from symposia.web.panel import diversity
        from symposia.web.publishing.models import Symposium

        t0 = time.perf_counter()
        slug = build_fixture(args.invitees, args.roster, args.seed)
        setup_s = time.perf_counter() - t0
        s = Symposium.objects.get(slug=slug)
        client = Client()
        client.force_login(User.objects.get(username="bench"))
        url = f"/editor/s/{slug}/panel/diversity/"
        assert client.get(url).status_code == 200  # warm up templates and caches

        rows = []
        for label, fn in (
            ("diversity.build", lambda: diversity.build(s)),
            ("GET dashboard page", lambda: client.get(url)),
        ):
            times = []
            queries: list[str] = []
            with connection.execute_wrapper(_Counter(queries)):
                fn()
            for _ in range(args.runs):
                t = time.perf_counter()
                fn()
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            rows.append((label, statistics.median(times), p95, max(times), len(queries)))
        board = diversity.build(s)

    print(
        f"diversity dashboard: {args.invitees} invitees, roster of {args.roster:,}, "
        f"{len(board.targets)} targets, {args.runs} runs (fixture built in {setup_s:.1f} s)"
    )
    print(f"{'what':<22} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for label, med, p95, worst, q in rows:
        print(f"{label:<22} {med:10.1f} {p95:8.1f} {worst:8.1f} {q:8d}")
    print(
        "stages: "
        + ", ".join(f"{k} {v}" for k, v in board.totals.items())
        + f"; suggestions: {len(board.suggestions)}; target: page <= 200 ms"
    )


if __name__ == "__main__":
    main()
