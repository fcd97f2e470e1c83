"""Synthetic corpora for benchmarks: new takes recombined from demo sentences.

:func:`generate_takes` builds any number of takes of about ``words`` words
each from the sentences of a source set of takes (by default the demo
symposium's). Each new take follows one source take's voice (half its
sentences, in order) and borrows the rest from others, so themes recur across
the panel as they do in a real one. Most sentences (``splice``, 80%) are
spliced from the first clause of one sentence and the rest of another, so
the number of distinct sentences grows with the corpus, as it would with
real takes, and the embedding cache does not make large corpora free.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

from symposia.core.report import ExpertRef, TakeInput
from symposia.core.segment import is_bio
from symposia.core.text import split_sentences
from symposia.errors import NotFoundError

_HEADER = re.compile(r"\A(?:[A-Z][A-Za-z-]*: [^\n]*\n)+\n")


def demo_takes_dir() -> Path:
    """The folder of demo takes shipped in the package."""
    return Path(__file__).resolve().parents[1] / "demo" / "data" / "takes"


def load_source_takes(folder: Path | None = None) -> list[TakeInput]:
    """Read a folder of ``<slug>.txt`` takes (header block, blank line, body).

    Raises:
        NotFoundError: when the folder has no takes.
    """
    import json

    folder = folder or demo_takes_dir()
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        raise NotFoundError(f"no takes (*.txt) in {folder}", "pass a folder of takes")
    meta: dict[str, dict[str, str]] = {}
    experts_file = folder.parent / "experts.json"
    if experts_file.is_file():
        meta = {e["slug"]: e for e in json.loads(experts_file.read_text(encoding="utf-8"))}
    out = []
    for f in files:
        raw = f.read_text(encoding="utf-8")
        header = _HEADER.match(raw)
        body = raw[header.end() :] if header else raw
        m = meta.get(f.stem, {})
        expert = ExpertRef(
            f.stem,
            m.get("name", f.stem),
            m.get("region", ""),
            m.get("sector", ""),
            m.get("gender", ""),
        )
        out.append(TakeInput(f.stem, expert, body.strip()))
    return out


_JOINS = re.compile(r", |; | and | but | while | because | so that ")


def _splice(a: str, b: str) -> str | None:
    """The first clause of ``a`` with the rest of ``b`` after its first clause break."""
    ja = next((m for m in _JOINS.finditer(a) if m.start() >= 15), None)
    jb = next((m for m in _JOINS.finditer(b) if m.start() < len(b) - 15), None)
    if ja is None or jb is None:
        return None
    return a[: ja.start()] + b[jb.start() :]


def generate_takes(
    n: int,
    words: int = 600,
    seed: int = 0,
    sources: Sequence[TakeInput] | None = None,
    splice: float = 0.8,
) -> list[TakeInput]:
    """``n`` synthetic takes of about ``words`` words each (deterministic for a seed).

    Args:
        n: Number of takes.
        words: Target length of each take in words.
        seed: Random seed; the same seed gives the same corpus.
        sources: Takes to recombine (default: the demo symposium's).
        splice: Share of sentences spliced from two source sentences.
    """
    sources = list(sources) if sources is not None else load_source_takes()
    per_take: list[list[str]] = []
    for take in sources:
        sents = [s.of(take.text) for s in split_sentences(take.text)]
        per_take.append([s for s in sents if not is_bio(s, take.expert.name)])
    pool = [s for sents in per_take for s in sents]
    regions = sorted({t.expert.region for t in sources if t.expert.region}) or ["unknown"]
    sectors = sorted({t.expert.sector for t in sources if t.expert.sector}) or ["unknown"]
    genders = sorted({t.expert.gender for t in sources if t.expert.gender}) or [""]
    rng = random.Random(seed)
    out: list[TakeInput] = []
    for i in range(n):
        voice = per_take[rng.randrange(len(per_take))]
        paragraphs: list[list[str]] = [[]]
        count = 0
        k = 0
        while count < words:
            if rng.random() < 0.5 and voice:
                sentence = voice[k % len(voice)]
                k += 1
            else:
                sentence = pool[rng.randrange(len(pool))]
            if rng.random() < splice:
                for _ in range(4):  # a few partners, since not every sentence has a clause break
                    spliced = _splice(sentence, pool[rng.randrange(len(pool))])
                    if spliced is not None:
                        sentence = spliced
                        break
            paragraphs[-1].append(sentence)
            count += len(sentence.split())
            if len(paragraphs[-1]) >= rng.randint(3, 6):
                paragraphs.append([])
        text = "\n\n".join(" ".join(p) for p in paragraphs if p)
        slug = f"synthetic-{i:05d}"
        expert = ExpertRef(
            slug,
            f"Synthetic Expert {i:05d}",
            regions[rng.randrange(len(regions))],
            sectors[rng.randrange(len(sectors))],
            genders[rng.randrange(len(genders))],
        )
        out.append(TakeInput(slug, expert, text))
    return out
