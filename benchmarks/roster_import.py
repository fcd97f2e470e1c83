"""Benchmark: import a roster of 20,000 fictional experts (target <= 20 s on 2 cores).

Generates (seeded) a CSV of invented people at invented institutions, with
the mess real rosters have: accents, honorifics, country names instead of
codes, a few near-duplicates for the fuzzy matcher. Then times, on a fresh
SQLite database:

* the dry run (read, map, validate, plan with de-duplication; nothing written),
* the import into an empty roster (all-or-nothing, one transaction),
* the same file again (every row matched, nothing changes),
* 20,000 other experts into the roster of 20,000 (fuzzy matching against it).

    python benchmarks/roster_import.py            # 20,000 rows
    python benchmarks/roster_import.py --n 2000   # a quick run

It prints a table; it is not a timed test.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

_SYLLABLES = (
    "ka", "min", "so", "jun", "ha", "ri", "ta", "lo", "ve", "na", "sel", "dor", "bri", "an",
    "el", "mo", "ku", "ze", "fa", "tin", "ro", "ga", "li", "yu", "he", "on", "mar", "ste",
    "vik", "ola", "ine", "paz", "qui", "bel", "da", "wen", "xia", "tor", "ul", "ema",
)  # fmt: skip
_ACCENTED = {"e": "é", "o": "ö", "a": "å", "u": "ü", "i": "í"}
_KINDS = ("Institute", "Centre", "University", "Foundation", "Council", "Forum", "Academy")
_COUNTRIES = (
    "KR", "US", "JP", "CN", "DE", "FR", "GB", "IN", "BR", "AU", "SG", "MN", "TW", "CA", "NO",
    "South Korea", "United States", "Japan", "Mongolia", "Viet Nam",
)  # fmt: skip
_SECTORS = ("think tank", "university", "ngo", "business", "journalism", "former government")
_GENDERS = ("woman", "man", "", "nonbinary", "female", "male")
_CITIES = ("Seoul", "Washington", "Tokyo", "Berlin", "Busan", "Oslo", "Canberra", "Ulaanbaatar")
HEADER = (
    "Full name", "E-mail", "Organisation", "City", "Country", "Sector", "Gender",
    "Show gender", "Languages", "Expertise",
)  # fmt: skip


def _word(rng: random.Random, parts: int) -> str:
    w = "".join(rng.choice(_SYLLABLES) for _ in range(parts))
    if rng.random() < 0.08:
        w = "".join(_ACCENTED.get(c, c) if rng.random() < 0.3 else c for c in w)
    return w.capitalize()


def fictional_rows(n: int, seed: int = 7, email_prefix: str = "p") -> list[list[str]]:
    """``n`` invented roster rows; about 1% are near-duplicates of earlier rows."""
    rng = random.Random(seed)
    firsts = [_word(rng, rng.randint(1, 3)) for _ in range(2500)]
    lasts = [_word(rng, rng.randint(1, 3)) for _ in range(4000)]
    orgs = [f"{_word(rng, 2)} {rng.choice(_KINDS)}" for _ in range(1500)]
    rows: list[list[str]] = []
    seen: set[tuple[str, str]] = set()
    for i in range(n):
        while True:
            if rows and rng.random() < 0.01:
                base = rng.choice(rows)
                name = base[0][:-1] if len(base[0]) > 6 else base[0] + "a"  # a typo
                org = base[2]
            else:
                name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
                if rng.random() < 0.05:
                    name = "Dr. " + name
                org = rng.choice(orgs)
            # Two rows of one name at one institution are one person: keep the file importable.
            if (name.removeprefix("Dr. "), org) not in seen:
                seen.add((name.removeprefix("Dr. "), org))
                break
        rows.append(
            [
                name,
                f"{email_prefix}{i}@example.org" if rng.random() < 0.9 else "",
                org,
                rng.choice(_CITIES),
                rng.choice(_COUNTRIES),
                rng.choice(_SECTORS),
                rng.choice(_GENDERS),
                rng.choice(("yes", "no", "")),
                rng.choice(("en", "en; ko", "ko", "ja; en", "mn; ru; en")),
                rng.choice(("nuclear; sanctions", "trade", "alliances; security", "")),
            ]
        )
    return rows


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(HEADER)
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def setup_django(data_dir: str) -> None:
    """A throwaway SQLite database with every migration applied."""
    os.environ["SYMPOSIA_DATA_DIR"] = data_dir
    os.environ.setdefault("SYMPOSIA_EMBEDDER", "hashing")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from symposia.web import bootstrap

    bootstrap.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000, help="rows per file")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="symposia-bench-") as tmp:
        setup_django(tmp)
        from symposia.web.panel import roster
        from symposia.web.panel.models import Expert

        first = to_csv(fictional_rows(args.n, args.seed))
        second = to_csv(fictional_rows(args.n, args.seed + 1, email_prefix="q"))
        results = []

        def timed(label: str, fn):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            preview = fn()
            seconds = time.perf_counter() - t0
            c = preview.plan.counts
            results.append((label, seconds, c, Expert.objects.count()))

        timed("dry run, empty roster", lambda: roster.plan(first, "first.csv"))
        timed("import into empty roster", lambda: roster.apply(first, "first.csv"))
        timed("same file again", lambda: roster.apply(first, "first.csv"))
        timed("other file into full roster", lambda: roster.apply(second, "second.csv"))

    print(
        f"roster import, {args.n:,} rows per file, {len(first) / 1e6:.1f} MB CSV (seed {args.seed})"
    )
    print(
        f"{'step':<30} {'seconds':>8} {'rows/s':>8} {'new':>7} {'updated':>8} "
        f"{'same':>7} {'review':>7} {'roster':>7}"
    )
    for label, seconds, c, total in results:
        print(
            f"{label:<30} {seconds:8.2f} {c['rows'] / seconds:8.0f} {c['create']:7d} "
            f"{c['update']:8d} {c['unchanged']:7d} {c['review']:7d} {total:7d}"
        )
    print(f"peak memory {peak_rss_mb():.0f} MB; target: import of 20,000 rows <= 20 s")


if __name__ == "__main__":
    main()
