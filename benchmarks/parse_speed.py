"""Parser throughput: documents per second on generated 3-5 KB take pages.

Usage: ``python benchmarks/parse_speed.py [--n 10000] [--html-n 500]``

Writes ``--n`` plain-text pages (one take each, with a glued word, curly
quotes and a non-breaking space in some, so repair runs) to a temporary
directory, then streams them through :func:`iter_documents` on one core and
prints docs, seconds, docs/s and peak RSS, with the RSS after each quarter of
the batch to show that memory does not grow with the number of files. A
second row times HTML pages. Target (issue 4): 1,000 plain-text docs/s a core.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from symposia.core.documents import iter_documents
from symposia.core.parse import parse_document

WORDS = [
    "talks",
    "ministers",
    "coast",
    "guard",
    "treaty",
    "river",
    "shipping",
    "insurers",
    "delegations",
    "capital",
    "reserves",
    "grid",
    "operators",
    "drought",
    "commission",
    "patrols",
    "ports",
    "routes",
    "satellites",
    "orbit",
    "debris",
    "licence",
    "agreement",
    "sanctions",
    "inspection",
    "monitoring",
    "network",
    "farmers",
    "cities",
    "budget",
    "election",
    "season",
    "pressure",
    "trust",
    "data",
    "rules",
    "incident",
    "hotline",
    "summit",
    "negotiators",
    "diplomacy",
    "markets",
    "risk",
]
FIRST = ["Alma", "Bruno", "Celia", "Dmitri", "Edda", "Faris", "Greer", "Hollis", "Ivo", "Jolene"]
LAST = ["Ashby", "Brennick", "Castellan", "Dunmore", "Everly", "Fairweather", "Gallo", "Hartwig"]
ORGS = ["Halvorsen Institute", "Meridian Policy Forum", "Caldera Foundation", "Foxglove Institute"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
    return " ".join(words).capitalize() + "."


def make_page(rng: random.Random, i: int) -> str:
    """One plain-text take page of about 3-5 KB."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    paras = [
        " ".join(_sentence(rng) for _ in range(rng.randint(3, 4)))
        for _ in range(rng.randint(7, 10))
    ]
    if i % 3 == 0:  # a glued word for the repair to find
        paras[1] = (
            paras[1].replace(" the ", " the", 1).replace("talks ministers", "talksministers", 1)
        )
    quote = paras[0].split(". ")[0].rstrip(".") + "."
    parts = [
        f"The Harbor Talks – We Asked {name} What Comes Next for the Harbor",
        f"“{quote}”",
        f"Editor’s Note: Read all {rng.randint(9, 90)} expert takes here.",
        *paras,
        f"{name}, Ph.D., is a Senior Fellow at the {rng.choice(ORGS)}.\u00a0@handle{i}",
        "Image: Reuters",
    ]
    return "\n\n".join(parts) + "\n"


def make_html(rng: random.Random, i: int) -> str:
    """The same page as HTML with site navigation and a footer."""
    paras = make_page(rng, i).strip().split("\n\n")
    body = "".join(f"<p>{p}</p>" for p in paras[1:])
    return (
        "<!DOCTYPE html><html><head><title>t</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{paras[0]}</h1>{body}</article><footer>© Review</footer></body></html>"
    )


def _rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1048576


def _current_rss_mb() -> float:
    try:
        import psutil

        return float(psutil.Process().memory_info().rss) / 1048576
    except ImportError:  # pragma: no cover
        return _rss_mb()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="plain-text documents (default 10000)")
    ap.add_argument("--html-n", type=int, default=500, help="HTML documents (default 500)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    # Warm the word lists once, as a long-running batch would.
    parse_document(make_page(rng, 0) + " theirsummit")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sizes = []
        for i in range(args.n):
            text = make_page(rng, i)
            sizes.append(len(text.encode()))
            (root / f"{i:06d}.txt").write_text(text, encoding="utf-8")
        quarter = max(1, args.n // 4)
        checkpoints: list[str] = []
        t0, c0 = time.perf_counter(), time.process_time()
        n_ok = takes = 0
        for k, result in enumerate(iter_documents([root]), 1):
            if result.page is not None:
                n_ok += 1
                takes += len(result.page.takes)
            if k % quarter == 0:
                checkpoints.append(f"{k}: {_current_rss_mb():.0f} MB")
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        rows.append(("plain text (files)", n_ok, secs, cpu, _rss_mb()))
        print(f"plain-text pages: {min(sizes)}-{max(sizes)} bytes, {takes} takes found")
        print("RSS after each quarter: " + ", ".join(checkpoints))
        hroot = root / "html"
        hroot.mkdir()
        for i in range(args.html_n):
            (hroot / f"{i:06d}.html").write_text(make_html(rng, i), encoding="utf-8")
        t0, c0 = time.perf_counter(), time.process_time()
        n_html = sum(1 for r in iter_documents([hroot]) if r.page is not None)
        rows.append(
            ("HTML (files)", n_html, time.perf_counter() - t0, time.process_time() - c0, _rss_mb())
        )
    print()
    # docs/s is per core: documents over the CPU seconds of this one process, so other
    # work on a shared machine does not count against it; wall seconds are shown too.
    print(f"{'input':<20}{'docs':>8}{'seconds':>10}{'CPU s':>8}{'docs/s':>9}{'peak RSS':>11}")
    for label, n, secs, cpu, rss in rows:
        print(f"{label:<20}{n:>8}{secs:>10.2f}{cpu:>8.2f}{n / cpu:>9.0f}{rss:>8.0f} MB")
    plain_rate = rows[0][1] / rows[0][3]
    print(
        f"\ntarget: 1000 plain-text docs/s on one core: {'met' if plain_rate >= 1000 else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
