"""Load test of the public site on the real server (gunicorn) over loopback.

Usage: ``python benchmarks/web_load.py [--requests 3000] [--concurrency 8] [--workers 2]``

Builds a fictional 80-take symposium in a throw-away data directory, measures
in-process how long the hub and a take page take to render uncached and how many
database queries each needs, then starts gunicorn the way ``symposia serve``
does and sends a bounded number of requests to the hub and a take page (cached)
and to the hub with an uncacheable query string (rendered every time). Prints
requests/s and p50/p99 latency.

Targets (issue 6, on 2 cores): cached pages >= 800 requests/s with p99 <= 50 ms;
the hub renders in <= 30 ms uncached; the query count does not grow with takes.
The load generator runs on the same machine, so it takes CPU from the server:
the figures are a floor. Debian's ``wrk`` is used when installed (``--tool``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SLUG = "lantern-straits"
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "sa",
    "tu",
    "vel",
    "dor",
    "an",
    "is",
    "ebb",
    "or",
    "ul",
    "fen",
    "gar",
    "hal",
]
REGIONS = ["Europe", "East Asia", "North America", "South Asia", "Africa", "Latin America"]
SECTORS = ["think_tank", "university", "former_government", "journalism", "business", "ngo"]
SENTENCES = [
    "The straits agreement changed less than the ceremony suggested.",
    "Both capitals will likely keep their fleets at home through next year.",
    "Sanctions relief should come in small, verifiable steps.",
    "In the best case, a standing hotline opens before the winter.",
    "The worst case is a return to patrol incidents and rushed statements.",
    "Fisheries talks may prove the quiet channel that holds everything together.",
    "Regional partners want predictability more than a grand bargain.",
]


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()

    return f"{word()} {word()}"


def build_site(n: int) -> tuple[str, str]:
    """An n-take fictional symposium; returns the hub path and a take path."""
    from datetime import timedelta

    from django.utils import timezone

    from symposia.web.panel.models import Expert
    from symposia.web.publishing import display
    from symposia.web.publishing.models import Symposium
    from symposia.web.takes.models import Take

    rng = random.Random(6)
    s = Symposium.objects.create(
        slug=SLUG,
        series="The Lantern Straits Panel",
        question="What follows the Lantern Straits agreement?",
        question_phrase="What Follows the Lantern Straits Agreement",
        intro="We asked our panel of experts.\n\nEvery answer is below.",
        status=Symposium.Status.PUBLISHED,
        is_fictional=True,
    )
    start = timezone.now() - timedelta(days=3)
    takes = []
    for i in range(n):
        name = _name(rng)
        e = Expert.objects.create(
            slug=f"expert-{i}",
            name=name,
            title="Senior Fellow",
            affiliation="Harbor Institute",
            region=REGIONS[i % len(REGIONS)],
            sector=SECTORS[i % len(SECTORS)],
            gender=rng.choice(["woman", "man", "non-binary"]),
            show_gender=i % 3 != 0,
        )
        body = "\n\n".join(" ".join(rng.sample(SENTENCES, 4)) for _ in range(rng.randint(5, 9)))
        takes.append(
            Take.objects.create(
                symposium=s,
                expert=e,
                pull_quote=rng.choice(SENTENCES),
                body=body,
                bio_line=f"{name} is a Senior Fellow at Harbor Institute.",
                status=Take.Status.PUBLISHED,
                publish_at=start + timedelta(minutes=i),
                release_order=i,
            )
        )
    return s.get_absolute_url(), display.take_path(takes[n // 2])


def measure_render(hub_path: str, take_path: str, runs: int) -> dict[str, tuple[float, float, int]]:
    """Uncached render time (p50, p99 in ms) and query count of the two pages, in-process."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from symposia.web.publishing import views

    rf = RequestFactory()
    out = {}
    for label, path, view, kwargs in (
        ("hub", hub_path, views.hub, {"slug": SLUG}),
        ("take", take_path, views.take, {"slug": SLUG, "expert": take_path.split("/")[-2]}),
    ):
        inner = view.__wrapped__  # the view without the page cache
        times = []
        queries = 0
        for i in range(runs + 3):
            request = rf.get(path)
            request.user = AnonymousUser()
            with CaptureQueriesContext(connection) as q:
                t0 = time.perf_counter()
                response = inner(request, **kwargs)
                elapsed = (time.perf_counter() - t0) * 1000
            assert response.status_code == 200, (path, response.status_code)
            if i >= 3:  # the first renders compile templates
                times.append(elapsed)
                queries = len(q)
        times.sort()
        out[label] = (statistics.median(times), times[int(len(times) * 0.99) - 1], queries)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _one(port: int, path: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    data = await reader.read()
    writer.close()
    status = int(data[9:12]) if data[:5] == b"HTTP/" else 0
    return (time.perf_counter() - t0) * 1000, status


async def _load(port: int, path: str, total: int, concurrency: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    bad: list[int] = []
    remaining = iter(range(total))

    async def worker() -> None:
        for _ in remaining:
            ms, status = await _one(port, path)
            latencies.append(ms)
            if status != 200:
                bad.append(status)

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - t0
    if bad:
        raise SystemExit(f"{len(bad)} of {total} requests to {path} failed (e.g. HTTP {bad[0]})")
    return total / wall, sorted(latencies)


def load_python(port: int, path: str, total: int, concurrency: int) -> tuple[float, float, float]:
    rps, lat = asyncio.run(_load(port, path, total, concurrency))
    return rps, statistics.median(lat), lat[max(0, int(len(lat) * 0.99) - 1)]


def load_wrk(port: int, path: str, total: int, concurrency: int) -> tuple[float, float, float]:
    # wrk runs for a time, not a count: give it about as long as `total` requests need.
    seconds = max(3, total // 800)
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, concurrency)}",
            f"-c{concurrency}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            "Connection: close",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        m = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return rps, ms("50"), ms("99")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takes", type=int, default=80)
    parser.add_argument("--requests", type=int, default=3000, help="Requests per page.")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument("--renders", type=int, default=40, help="In-process renders per page.")
    parser.add_argument(
        "--tool",
        choices=("auto", "python", "wrk"),
        default="auto",
        help="Load generator: Debian's wrk (lighter, so the server gets more CPU) or Python; "
        "auto picks wrk when installed.",
    )
    args = parser.parse_args()
    if args.tool == "auto":
        args.tool = "wrk" if shutil.which("wrk") else "python"
    if args.tool == "wrk" and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk, or use --tool python")

    data = Path(tempfile.mkdtemp(prefix="symposia-bench-"))
    port = _free_port()
    os.environ.update(
        SYMPOSIA_DATA_DIR=str(data),
        SYMPOSIA_DEBUG="0",
        SYMPOSIA_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SYMPOSIA_SITE_URL=f"http://127.0.0.1:{port}",
        DJANGO_SETTINGS_MODULE="symposia.web.settings",
    )
    os.environ.pop("DATABASE_URL", None)
    from symposia.web import bootstrap

    bootstrap.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    hub_path, take_path = build_site(args.takes)
    render = measure_render(hub_path, take_path, args.renders)

    from django.db import connections

    connections.close_all()
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    server = subprocess.Popen(
        [
            gunicorn,
            "symposia.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=os.environ.copy(),
    )
    try:
        deadline = time.time() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        load = load_wrk if args.tool == "wrk" else load_python
        rows = []
        for label, path, cached in (
            ("hub (cached)", hub_path, True),
            ("take (cached)", take_path, True),
            ("hub (uncached)", hub_path + "?nocache=1", False),
        ):
            n = args.requests if cached else max(200, args.requests // 10)
            load(port, path, 50, args.concurrency)  # warm every worker's cache
            rps, p50, p99 = load(port, path, n, args.concurrency)
            rows.append((label, n, rps, p50, p99, cached))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)

    print(
        f"symposia web load: {args.takes}-take symposium, gunicorn {args.workers} sync workers, "
        f"{os.cpu_count()} CPUs, client={args.tool}, concurrency {args.concurrency}"
    )
    print()
    print("| page | renders | p50 ms | p99 ms | queries | target |")
    print("|---|---:|---:|---:|---:|---|")
    for label, (p50, p99, q) in render.items():
        target = "p50 <= 30 ms: " + ("met" if p50 <= 30 else "MISSED") if label == "hub" else ""
        row = f"{label} (uncached, in-process) | {args.renders} | {p50:.1f} | {p99:.1f} | {q}"
        print(f"| {row} | {target} |")
    print()
    print("| page | requests | requests/s | p50 ms | p99 ms | target |")
    print("|---|---:|---:|---:|---:|---|")
    for label, n, rps, p50, p99, cached in rows:
        target = ""
        if cached:
            ok = rps >= 800 and p99 <= 50
            target = ">= 800/s, p99 <= 50 ms: " + ("met" if ok else "MISSED")
        print(f"| {label} | {n} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
