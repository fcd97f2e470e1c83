"""Field-by-field accuracy of the take parser on the labelled dev set.

Usage: ``python benchmarks/parse_accuracy.py [--dir tests/fixtures/parse] [--verbose]``

Prints per-field accuracy (exact match after whitespace normalisation),
per-format rows, take boundaries on multi-expert pages, takes invented on
pages that hold none, repairs found and near-duplicates linked. Exits 1 when a
target from issue 4 is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from symposia.core.dedupe import find_near_duplicates
from symposia.core.documents import read_text
from symposia.core.parse import ParsedTake, parse_document
from symposia.core.text import normalize_ws

REPO = Path(__file__).resolve().parents[1]
FIELDS = [
    "name",
    "honorific",
    "title",
    "affiliation",
    "handle",
    "headline",
    "series",
    "question",
    "pull_quote",
    "editor_note",
    "announced_takes",
    "body",
    "bio",
    "caption",
    "image_credit",
]
TARGETS = {"name": 0.99, "affiliation": 0.95, "title": 0.90, "pull_quote": 0.98}


def _got(take: ParsedTake, key: str) -> object:
    e = take.expert
    if key in {"name", "honorific", "title", "affiliation", "handle"}:
        f = getattr(e, key)
    elif key == "announced_takes":
        return take.announced_takes
    elif key == "body":
        return [normalize_ws(p.value) for p in take.body]
    else:
        f = getattr(take, key)
    return None if f is None else normalize_ws(f.value)


def _want(exp: dict, key: str) -> object:
    v = exp[key]
    if key == "body":
        return [normalize_ws(p) for p in v]
    if isinstance(v, str):
        return normalize_ws(v)
    return v


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=REPO / "tests" / "fixtures" / "parse")
    ap.add_argument("--verbose", action="store_true", help="print every mismatch")
    args = ap.parse_args()
    rows = [json.loads(line) for line in (args.dir / "expected.jsonl").open(encoding="utf-8")]
    field_hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    fmt_rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    boundary = [0, 0]
    invented = 0
    negatives = 0
    repairs = [0, 0]
    all_takes: list[ParsedTake] = []
    owners: list[str] = []
    t0 = time.perf_counter()
    for row in rows:
        path = args.dir / "dev" / row["file"]
        text, _ = read_text(path)
        page = parse_document(text, source=str(path))
        fr = fmt_rows[row["format"]]
        fr["docs"] += 1
        want, got = row["takes"], page.takes
        fr["count_ok"] += int(len(want) == len(got))
        if not want:
            negatives += 1
            invented += len(got)
            if got and args.verbose:
                print(f"{row['file']}: invented {len(got)} take(s): {[t.expert.name for t in got]}")
        for i, exp in enumerate(want):
            take = got[i] if i < len(got) else None
            if "multi" in row["format"]:
                boundary[1] += 1
                if take is not None and _got(take, "body") == _want(exp, "body"):
                    boundary[0] += 1
            for key in FIELDS:
                if key not in exp:
                    continue
                value = _got(take, key) if take is not None else None
                ok = take is not None and value == _want(exp, key)
                field_hits[key][0] += int(ok)
                field_hits[key][1] += 1
                fr["fields"] += 1
                fr["fields_ok"] += int(ok)
                if not ok and args.verbose:
                    print(
                        f"{row['file']} take {i} {key}:\n"
                        f"   want {_want(exp, key)!r}\n   got  {value!r}"
                    )
        for after in row.get("repairs", []):
            repairs[1] += 1
            if any(r.after == after for r in page.repairs):
                repairs[0] += 1
            elif args.verbose:
                print(f"{row['file']}: repair to {after!r} not made")
        for t in got:
            all_takes.append(t)
            owners.append(row["file"])
    elapsed = time.perf_counter() - t0
    links = find_near_duplicates(all_takes)
    linked = {(owners[int(x.first)], owners[int(x.second)]) for x in links}  # type: ignore[call-overload]
    dup_want = [(r["duplicate_of"], r["file"]) for r in rows if r.get("duplicate_of")]
    dup_ok = sum(1 for pair in dup_want if pair in linked)
    false_links = len({p for p in linked if p[0] != p[1]} - set(dup_want))

    print(f"parse accuracy on {len(rows)} documents ({elapsed:.2f} s)\n")
    print(f"{'field':<18}{'correct':>9}{'total':>7}{'accuracy':>10}{'target':>8}")
    failed = False
    for key in FIELDS:
        ok, n = field_hits[key]
        if not n:
            continue
        target = TARGETS.get(key)
        miss = target is not None and ok / n < target
        failed |= miss
        print(
            f"{key:<18}{ok:>9}{n:>7}{ok / n:>10.1%}{'' if target is None else f'{target:.0%}':>8}"
            + ("  MISSED" if miss else "")
        )
    print()
    print(f"{'format':<22}{'docs':>5}{'count ok':>9}{'fields':>8}{'accuracy':>10}")
    for fmt in sorted(fmt_rows):
        fr = fmt_rows[fmt]
        acc = fr["fields_ok"] / fr["fields"] if fr["fields"] else 1.0
        print(f"{fmt:<22}{fr['docs']:>5}{fr['count_ok']:>9}{fr['fields']:>8}{acc:>10.1%}")
    print()
    b_acc = boundary[0] / boundary[1] if boundary[1] else 1.0
    failed |= b_acc < 0.95 or invented > 0
    print(
        f"take boundaries on multi-expert pages: {boundary[0]}/{boundary[1]} = {b_acc:.1%}"
        " (target 95%)"
    )
    print(f"takes invented on {negatives} pages without a take: {invented} (target 0)")
    print(f"glue repairs made: {repairs[0]}/{repairs[1]}")
    print(f"near-duplicates linked: {dup_ok}/{len(dup_want)}, other links: {false_links}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
