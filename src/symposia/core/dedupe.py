"""Exact and near-duplicate takes (syndicated or lightly reworded copies).

Takes are compared on word 5-gram shingles. MinHash signatures with LSH
banding find candidate pairs in roughly linear time; each candidate is then
confirmed with the exact Jaccard similarity of the two shingle sets, so a
link is never the product of a hash collision alone. An exact copy (same
:func:`content_hash`) is always linked.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from symposia.core import editorial
from symposia.core.parse_model import ParsedTake

_PRIME = (1 << 31) - 1
_WORD = re.compile(r"\w+")


def content_hash(take: ParsedTake | str) -> str:
    """sha256 (hex) of a take's body with whitespace normalised: equal for exact copies."""
    # The same identity as a stored Take's content_hash, so parsed and stored takes compare.
    return editorial.content_hash(take if isinstance(take, str) else take.body_text)


def shingles(text: str, k: int = 5) -> set[int]:
    """Hashes (crc32) of the word ``k``-grams of ``text``, case-folded.

    A text shorter than ``k`` words gives one shingle of all its words.
    """
    words = _WORD.findall(text.casefold())
    if not words:
        return set()
    if len(words) < k:
        return {zlib.crc32(" ".join(words).encode())}
    return {zlib.crc32(" ".join(words[i : i + k]).encode()) for i in range(len(words) - k + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    """Jaccard similarity of two sets (0.0 when both are empty)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """Take ``second`` duplicates take ``first`` (indices or keys, ``first`` seen earlier).

    Attributes:
        first: The earlier take.
        second: The later copy.
        similarity: Jaccard similarity of their 5-gram shingles.
        exact: Whether the whitespace-normalised bodies are identical.
    """

    first: object
    second: object
    similarity: float
    exact: bool


@dataclass
class DedupeIndex:
    """An incremental LSH index: add takes one by one, get the links to earlier ones.

    Args:
        threshold: Minimum Jaccard similarity for a near-duplicate link.
        bands: LSH bands; ``bands * rows`` MinHash values per take.
        rows: Rows per band. The defaults (16 x 4) find pairs above about 0.5.
        seed: Seed of the MinHash permutations (results are reproducible).
    """

    threshold: float = 0.6
    bands: int = 16
    rows: int = 4
    seed: int = 1234
    _a: np.ndarray = field(init=False, repr=False)
    _b: np.ndarray = field(init=False, repr=False)
    _buckets: dict[tuple[int, bytes], list[object]] = field(init=False, default_factory=dict)
    _sets: dict[object, set[int]] = field(init=False, default_factory=dict)
    _hashes: dict[str, object] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        n = self.bands * self.rows
        self._a = rng.integers(1, _PRIME, size=n, dtype=np.int64)
        self._b = rng.integers(0, _PRIME, size=n, dtype=np.int64)

    def signature(self, sh: set[int]) -> np.ndarray:
        """MinHash signature of a shingle set."""
        x = np.fromiter((s % _PRIME for s in sh), dtype=np.int64, count=len(sh))
        return ((self._a[:, None] * x[None, :] + self._b[:, None]) % _PRIME).min(axis=1)

    def add(self, key: object, text: str) -> list[DuplicateLink]:
        """Index ``text`` under ``key``; return its links to texts added before."""
        return self._match(key, text, store=True)

    def query(self, text: str, key: object = None) -> list[DuplicateLink]:
        """The links ``text`` would get, without adding it to the index."""
        return self._match(key, text, store=False)

    def _match(self, key: object, text: str, *, store: bool) -> list[DuplicateLink]:
        links: list[DuplicateLink] = []
        h = content_hash(text)
        if h in self._hashes:
            links.append(DuplicateLink(self._hashes[h], key, 1.0, True))
        elif store:
            self._hashes[h] = key
        sh = shingles(text)
        if store:
            self._sets[key] = sh
        if not sh:
            return links
        sig = self.signature(sh)
        seen = {link.first for link in links}
        candidates: list[object] = []
        for band in range(self.bands):
            chunk = sig[band * self.rows : (band + 1) * self.rows].tobytes()
            bucket = self._buckets.get((band, chunk), [])
            for other in bucket:
                if other not in seen:
                    seen.add(other)
                    candidates.append(other)
            if store:
                self._buckets.setdefault((band, chunk), bucket).append(key)
        for other in candidates:
            sim = jaccard(sh, self._sets[other])
            if sim >= self.threshold:
                links.append(DuplicateLink(other, key, round(sim, 4), False))
        return links


def find_near_duplicates(
    takes: Sequence[ParsedTake | str], *, threshold: float = 0.6
) -> list[DuplicateLink]:
    """Links between takes whose bodies are copies or near-copies of each other.

    Args:
        takes: Takes (or their body texts), in the order they were met.
        threshold: Minimum Jaccard similarity of word 5-gram shingles.

    Returns:
        One link for each later take that duplicates an earlier one, with
        ``first``/``second`` the indices in ``takes``.
    """
    index = DedupeIndex(threshold=threshold)
    out: list[DuplicateLink] = []
    for i, t in enumerate(takes):
        out.extend(index.add(i, t if isinstance(t, str) else t.body_text))
    return out


def canonical(n: int, links: Iterable[DuplicateLink]) -> list[int]:
    """For each of ``n`` takes, the index of the first take of its duplicate group."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for link in links:
        a, b = find(int(link.first)), find(int(link.second))  # type: ignore[call-overload]
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [find(i) for i in range(n)]
