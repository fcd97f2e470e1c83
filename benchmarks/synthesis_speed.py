"""Speed and memory of the synthesis on generated corpora.

    .venv/bin/python benchmarks/synthesis_speed.py --sizes 80,1000
    .venv/bin/python benchmarks/synthesis_speed.py --sizes 10000 --workers 2

For each size, a corpus of ~600-word takes is generated from the demo
sentences (symposia.core.corpus) and written to a temporary folder; then two
fresh Python processes run the full synthesis (including ``to_json``):

* cold: empty embedding cache, so the time includes loading the model and
  embedding every distinct sentence;
* warm: the cache from the cold run, so nothing is embedded.

Each run reports wall time, CPU time (user + system, all threads: on a
shared machine the wall time grows with other load, the CPU time much less),
its own peak RSS and, for the cold run, the
distinct sentences embedded per second of the embedding stage. The last
column divides the cold time by n log n (relative to the first size) to show
how time grows. Targets on 2 cores: 80 takes <= 10 s cold and <= 3 s warm;
10,000 takes <= 15 min and <= 4 GB RSS.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _child(corpus: Path, cache: Path, embedder: str, workers: int) -> None:
    from symposia.core.synthesis import SynthesisSettings, synthesize

    takes = pickle.loads(corpus.read_bytes())
    marks: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        marks.setdefault(f"{stage}_start", time.perf_counter())
        marks[f"{stage}_end"] = time.perf_counter()

    embedded: list[int] = []
    t0 = time.perf_counter()
    report = synthesize(
        takes,
        SynthesisSettings(embedder=embedder, cache_dir=cache, workers=workers),
        progress,
        embed_counter=embedded.append,
    )
    data = report.to_json()
    wall = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    embed_s = marks.get("embed_end", t0) - marks.get("embed_start", t0)
    print(
        json.dumps(
            {
                "wall": wall,
                "rss_mb": usage.ru_maxrss / 1024,
                "cpu_s": usage.ru_utime + usage.ru_stime,
                "embedded": embedded[0] if embedded else 0,
                "embed_s": embed_s,
                "sentences": report.panel["sentences"],
                "themes": len(report.themes),
                "json_mb": len(data.encode()) / 1e6,
            }
        )
    )


def _run(corpus: Path, cache: Path, embedder: str, workers: int) -> dict[str, float]:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        str(corpus),
        "--cache",
        str(cache),
        "--embedder",
        embedder,
        "--workers",
        str(workers),
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"benchmark run failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_s"] = elapsed
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="80,1000")
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--embedder", default="minilm")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--child", type=Path)
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.cache, args.embedder, args.workers)
        return

    from symposia.core.corpus import generate_takes

    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(
        f"embedder={args.embedder} workers={args.workers} words/take~{args.words} "
        "(cold = empty cache, model load included; warm = cached vectors)"
    )
    header = (
        "| takes | sentences | distinct embedded | cold s | cold s incl. start-up | cold CPU s "
        "| warm s | warm CPU s | cold peak RSS MB | warm peak RSS MB | embedded/s | themes "
        "| JSON MB | cold s / n log n (rel.) |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    base = None
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="symposia-bench-") as tmp:
            corpus = Path(tmp) / "corpus.pkl"
            corpus.write_bytes(pickle.dumps(generate_takes(n, words=args.words, seed=n)))
            cache = Path(tmp) / "cache"
            cold = _run(corpus, cache, args.embedder, args.workers)
            warm = _run(corpus, cache, args.embedder, args.workers)
        nlogn = n * math.log(max(n, 2))
        ratio = cold["wall"] / nlogn
        base = base or ratio
        rate = cold["embedded"] / cold["embed_s"] if cold["embed_s"] > 0 else float("nan")
        print(
            f"| {n} | {cold['sentences']} | {cold['embedded']} | {cold['wall']:.1f} | "
            f"{cold['process_s']:.1f} | {cold['cpu_s']:.1f} | "
            f"{warm['wall']:.1f} | {warm['cpu_s']:.1f} | {cold['rss_mb']:.0f} | "
            f"{warm['rss_mb']:.0f} | {rate:.0f} | "
            f"{cold['themes']} | {cold['json_mb']:.1f} | {ratio / base:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
