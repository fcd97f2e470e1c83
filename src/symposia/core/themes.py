"""Themes: clustering sentence vectors, labelling clusters, picking quotes.

The default clusterer ("agglomerative") runs average-linkage agglomerative
clustering with a cosine distance threshold on normalised vectors, so the
number of themes follows the data and a panel of ten takes works as well as
one of ten thousand. Up to ``exact_limit`` sentences it clusters them
directly (scipy, O(n^2) memory); above that it first summarises them with
mini-batch k-means (a fixed number of centroids, linear in n) and
agglomerates the centroids, which keeps time near O(n log n) and memory flat.

The default labeler ("ctfidf") scores words and bigrams with class-based
TF-IDF (BERTopic's c-TF-IDF: term frequency in the cluster times the log of
the average cluster size over the term's total frequency) and joins the top
phrases into a short label.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray


@runtime_checkable
class Clusterer(Protocol):
    """Groups normalised vectors; returns one integer label per row."""

    name: str
    version: str

    def cluster(self, vectors: NDArray[np.float32], seed: int) -> NDArray[np.int64]:
        """Cluster labels ``0..k-1`` in order of first appearance."""
        ...

    def params(self) -> dict[str, Any]:
        """Parameters for the reproducibility record."""
        ...


@runtime_checkable
class Labeler(Protocol):
    """Names clusters from their sentences."""

    name: str
    version: str

    def label(
        self, clusters: Sequence[Sequence[str]], background: Sequence[str] = ()
    ) -> list[tuple[str, list[str]]]:
        """For each cluster, a short label and its key phrases.

        ``background`` holds the other sentences of the panel, which a
        labeler may use to tell what is distinctive about each cluster.
        """
        ...


def spherical_kmeans(
    vectors: NDArray[np.float32],
    k: int,
    seed: int,
    epochs: int = 3,
    batch: int = 4096,
) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """Mini-batch k-means on the unit sphere (cosine), in float32 with BLAS.

    Centres start at ``k`` distinct rows drawn with ``seed``; each batch
    moves the centres it is assigned to by a step of 1/count (Sculley's
    mini-batch update) and renormalises them. Cost is ``epochs * n * k * d``
    multiply-adds: linear in n for a fixed ``k``.

    Returns:
        The ``(k, d)`` unit centres and each row's centre.
    """
    rng = np.random.default_rng(seed)
    x = np.ascontiguousarray(vectors, dtype=np.float32)
    n = len(x)
    centres = x[rng.choice(n, size=k, replace=False)].copy()
    counts = np.zeros(k, dtype=np.float64)
    for _ in range(epochs):
        order = rng.permutation(n)
        for b0 in range(0, n, batch):
            rows = x[order[b0 : b0 + batch]]
            nearest = np.argmax(rows @ centres.T, axis=1)
            for c, members in _group(nearest):
                counts[c] += len(members)
                step = len(members) / counts[c]
                centres[c] += np.float32(step) * (rows[members].mean(axis=0) - centres[c])
            centres /= np.clip(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12, None)
    assign = np.empty(n, dtype=np.int64)
    for b0 in range(0, n, batch):
        assign[b0 : b0 + batch] = np.argmax(x[b0 : b0 + batch] @ centres.T, axis=1)
    return centres, assign


def _group(labels: NDArray[np.int64]) -> list[tuple[int, NDArray[np.int64]]]:
    """Row indices per label, for the labels present."""
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    return [(int(labels[g[0]]), g) for g in np.split(order, bounds)]


def _relabel_in_order(labels: NDArray[np.int64]) -> NDArray[np.int64]:
    """Renumber labels 0..k-1 in order of first appearance (stable output)."""
    mapping: dict[int, int] = {}
    out = np.empty(len(labels), dtype=np.int64)
    for i, lab in enumerate(labels.tolist()):
        out[i] = mapping.setdefault(lab, len(mapping))
    return out


class AgglomerativeClusterer:
    """Average-linkage clustering with a cosine distance threshold ("agglomerative").

    Args:
        distance_threshold: Clusters merge while their average cosine
            distance stays below this.
        exact_limit: Above this many vectors, cluster k-means centroids.
        centroids: How many k-means centroids to summarise large inputs with.
    """

    name = "agglomerative"
    version = "1"

    def __init__(
        self,
        distance_threshold: float = 0.6,
        exact_limit: int = 5000,
        centroids: int = 1500,
        max_share: float = 0.15,
    ) -> None:
        self.distance_threshold = distance_threshold
        self.exact_limit = exact_limit
        self.centroids = centroids
        self.max_share = max_share

    def params(self) -> dict[str, Any]:
        """Parameters for the reproducibility record."""
        return {
            "distance_threshold": self.distance_threshold,
            "exact_limit": self.exact_limit,
            "centroids": self.centroids,
            "max_share": self.max_share,
            "linkage": "average",
            "metric": "cosine",
        }

    def cluster(self, vectors: NDArray[np.float32], seed: int) -> NDArray[np.int64]:
        """Cluster rows of ``vectors``; see the class docstring for the method."""
        n = len(vectors)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        if n == 1:
            return np.zeros(1, dtype=np.int64)
        if n <= self.exact_limit:
            return _relabel_in_order(self._split_large(vectors, self._agglomerate(vectors)))
        k = min(self.centroids, n // 2)
        centres, assign = spherical_kmeans(vectors, k, seed)
        used = np.unique(assign)
        norms = np.linalg.norm(centres[used], axis=1, keepdims=True)
        unit_centres = centres[used] / np.clip(norms, 1e-12, None)
        counts = np.bincount(assign, minlength=k)[used]
        centre_labels = self._split_large(unit_centres, self._agglomerate(unit_centres), counts)
        lookup = np.full(k, -1, dtype=np.int64)
        lookup[used] = centre_labels
        return _relabel_in_order(lookup[assign])

    def subcluster(self, vectors: NDArray[np.float32], share: float) -> NDArray[np.int64] | None:
        """Cluster one theme's rows at ``share`` of the threshold; ``None`` above ``exact_limit``.

        Exact clustering needs memory quadratic in the rows, so a theme larger
        than ``exact_limit`` sentences is not split (its views held by one or
        two experts are then only found among the clusters outside themes).
        """
        if len(vectors) > self.exact_limit:
            return None
        return _relabel_in_order(self._agglomerate(vectors, self.distance_threshold * share))

    def _split_large(
        self,
        vectors: NDArray[np.float32],
        labels: NDArray[np.int64],
        weights: NDArray[np.int64] | None = None,
    ) -> NDArray[np.int64]:
        """Re-cluster, with a tighter threshold, any cluster above ``max_share`` of rows.

        Average linkage can chain the panel's common vocabulary ("Seoul",
        "Pyongyang") into one cluster that everybody "holds"; such a cluster
        says nothing, so it is split (at most three times, 10% tighter each).
        ``weights`` counts the sentences behind each row (for k-means centroids).
        """
        labels = labels.copy()
        n = int(weights.sum()) if weights is not None else len(labels)
        threshold = self.distance_threshold
        for _ in range(3):
            sizes = np.bincount(labels, weights=weights)
            big = [int(c) for c in np.flatnonzero(sizes > max(self.max_share * n, 20))]
            if not big:
                break
            threshold *= 0.9
            for c in big:
                rows = np.flatnonzero(labels == c)
                sub = self._agglomerate(vectors[rows], threshold)
                labels[rows] = labels.max() + sub
        return labels

    def _agglomerate(
        self, vectors: NDArray[np.float32], threshold: float | None = None
    ) -> NDArray[np.int64]:
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        if len(vectors) < 2:
            return np.zeros(len(vectors), dtype=np.int64)
        # Cosine distance of unit vectors through one matrix product (BLAS), not pdist.
        unit = vectors.astype(np.float64)
        norms = np.linalg.norm(unit, axis=1, keepdims=True)
        unit = unit / np.clip(norms, 1e-12, None)
        square = 1.0 - unit @ unit.T
        np.fill_diagonal(square, 0.0)
        np.clip(square, 0.0, 2.0, out=square)
        # Round so that ties break the same way whatever the BLAS did.
        np.round(square, 6, out=square)
        square = np.maximum(square, square.T)
        dist = squareform(square, checks=False)
        del square
        tree = linkage(dist, method="average")
        return np.asarray(
            fcluster(tree, t=threshold or self.distance_threshold, criterion="distance"),
            dtype=np.int64,
        )


def smooth_with_neighbours(
    vectors: NDArray[np.float32], joined: Sequence[bool], weight: float
) -> NDArray[np.float32]:
    """Add ``weight`` times each neighbour's vector, then renormalise.

    An argument runs over several sentences, so a sentence is clustered
    with a little of the sentences around it in the same paragraph.

    Args:
        vectors: Normalised sentence vectors, in reading order.
        joined: ``joined[i]`` is True when row ``i`` and row ``i + 1`` are
            neighbours (same take, same paragraph); length ``len(vectors) - 1``.
        weight: Share of each neighbour added (0 leaves vectors unchanged).
    """
    if weight <= 0 or len(vectors) < 2:
        return vectors
    out = vectors.astype(np.float32).copy()
    link = np.asarray(joined, dtype=np.float32)[:, None] * np.float32(weight)
    out[:-1] += link * vectors[1:]
    out[1:] += link * vectors[:-1]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return (out / np.clip(norms, 1e-12, None)).astype(np.float32)


_STOP_TEXT = """
    a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can cannot could couldn't did didn't do does
    doesn't doing don't down during each even ever every few for from further had hadn't has
    hasn't have haven't having he he'd he'll he's her here here's hers herself him himself
    his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just
    let's like made make makes many may me might more most much must mustn't my myself need
    needs neither no nor not now of off on once one only or other ought our ours ourselves
    out over own perhaps rather same say says shall shan't she she'd she'll she's should
    shouldn't so some still such than that that's the their theirs them themselves then
    there there's these they they'd they'll they're they've this those though through thus
    to too toward towards under until up upon us very was wasn't we we'd we'll we're we've
    were weren't what what's when when's where where's whether which while who who's whom
    why why's will with within without won't would wouldn't yet you you'd you'll you're
    you've your yours yourself yourselves two three first second next last new well less
    least already another around across since way ways whose get gets got going likely
    unlikely really much almost
"""
#: Words left out of theme labels.
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")


_GENERIC_TEXT = """
    think thinks thought know knows knew say said says tell told see seen saw come comes came
    go goes went gone take takes took taken give gives gave given put puts keep keeps kept hold
    holds held end ends ended meet meets met ask asks asked answer answered want wants wanted
    need needed find found call called calls become became leave left look looks seem seems
    use used try tried work works mean means show shows turn turns begin began start started
    believe expect expects expected hope fear decide decides decided argue argues argued
    close closer better best worse worst larger large small big good bad great real clear
    simply always never often therefore indeed instead again ever far long short hard
    thing things point points case cases fact part parts kind lot time times year years day
    days today decade decades question questions issue issues matter matters story line side
    sides none plan plans project projects concern concerns lesson lessons colleague colleagues
    headline headlines view views sense step steps place places number numbers level levels
    something anything nothing everything someone anyone everyone nobody people world
"""
#: Words too general to name a theme ("think", "year", "point"), on top of :data:`STOP_WORDS`.
GENERIC_WORDS: frozenset[str] = frozenset(_GENERIC_TEXT.split())


def _content_words(text: str) -> list[str | None]:
    """Lower-case words of ``text``; stop words become ``None`` (phrase breaks)."""
    words = [w.lower().replace("’", "'") for w in _TOKEN.findall(text.replace("’", "'"))]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    return [None if w in STOP_WORDS or len(w) < 3 else w for w in words]


def phrases(text: str) -> list[str]:
    """Content words and two- and three-word phrases of ``text`` for labelling (see below)."""
    return list(_phrases(text))


# Themes, views, recommendation groups and their backgrounds label the same
# sentences again and again: each sentence's phrases are worked out once.
@functools.lru_cache(maxsize=1 << 16)
def _phrases(text: str) -> tuple[str, ...]:
    """Content words and two- and three-word phrases of ``text`` for labelling.

    A phrase never spans a stop word. A single word that is too general to
    name anything ("think", "year") is left out, but may sit inside a phrase
    ("six months", "end-of-war declaration").
    """
    words = _content_words(text)
    out: list[str] = []
    for i, w in enumerate(words):
        if w is None:
            continue
        if w not in GENERIC_WORDS:
            out.append(w)
        for n in (2, 3):
            gram = words[i : i + n]
            if len(gram) == n and all(g is not None for g in gram):
                # A phrase made only of general words ("think better") names nothing.
                if all(g in GENERIC_WORDS for g in gram):
                    continue
                out.append(" ".join(g for g in gram if g is not None))
    return tuple(out)


def _stem(word: str) -> str:
    """A crude stem for spotting repeats in a label ("korea"/"korean", "sanction"/"sanctions")."""
    for suffix in ("ians", "ian", "ans", "an", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


class CtfidfLabeler:
    """Class-based TF-IDF labels ("ctfidf").

    Args:
        top: Key phrases kept per cluster.
        label_terms: Phrases joined into the short label.
    """

    name = "ctfidf"
    version = "2"

    #: Score multiplier of two- and three-word phrases over single words.
    PHRASE_BONUS = {1: 1.0, 2: 1.5, 3: 1.8}

    def __init__(self, top: int = 6, label_terms: int = 3) -> None:
        self.top = top
        self.label_terms = label_terms

    def label(
        self, clusters: Sequence[Sequence[str]], background: Sequence[str] = ()
    ) -> list[tuple[str, list[str]]]:
        """Label each cluster with its highest c-TF-IDF phrases.

        ``background`` counts as one more class, so phrases common to the
        whole panel score low everywhere. In a cluster of three or more
        sentences a phrase must occur in two of them (one sentence's wording
        does not name a theme); phrases score higher the longer they are
        (:attr:`PHRASE_BONUS`), and a phrase that repeats a word of a better
        one ("south korean" after "south korea") is skipped.
        """
        per_doc = [[set(_phrases(text)) for text in docs] for docs in clusters]
        counts = [Counter(p for text in docs for p in _phrases(text)) for docs in clusters]
        total: Counter[str] = Counter(p for text in background for p in _phrases(text))
        for c in counts:
            total.update(c)
        sizes = [sum(c.values()) for c in counts]
        avg = (sum(sizes) / len(sizes)) if sizes else 1.0
        out: list[tuple[str, list[str]]] = []
        for c, size, docs in zip(counts, sizes, per_doc, strict=True):
            support = Counter(p for d in docs for p in d)
            base = [
                (
                    (n / size) * math.log(1 + avg / total[t]) * self.PHRASE_BONUS[t.count(" ") + 1],
                    t,
                )
                for t, n in c.items()
            ]
            keys: list[str] = []
            # Phrases used in two sentences first; one sentence's words only fill up.
            for need in (2, 1) if len(docs) >= 3 else (1,):
                # A three-word phrase from a single sentence is that sentence's wording.
                scored = sorted(
                    (
                        (v, t)
                        for v, t in base
                        if support[t] >= need and t not in keys and (need > 1 or t.count(" ") < 2)
                    ),
                    key=lambda x: (-round(x[0], 9), x[1]),
                )
                self._pick(scored, keys)
                if len(keys) >= self.label_terms:
                    break
            if not keys:
                out.append(("(no content words)", []))
                continue
            out.append((" · ".join(keys[: self.label_terms]), keys))
        return out

    def _pick(self, scored: list[tuple[float, str]], keys: list[str]) -> None:
        """Add ``scored`` terms to ``keys`` (in place), best first, without repeating a word.

        A phrase that contains a kept single word takes its place ("south"
        becomes "south korea"); any other repeat ("south korean") is skipped.
        """
        for _, term in scored:
            if len(keys) >= self.top:
                return
            stems = _stems(term)
            overlap = [k for k in keys if _stems(k) & stems]
            if not overlap:
                keys.append(term)
            elif len(overlap) == 1 and " " not in overlap[0] and _stems(overlap[0]) < stems:
                keys[keys.index(overlap[0])] = term


def _stems(term: str) -> set[str]:
    return {_stem(w) for w in term.split(" ")}


def representative_indices(
    vectors: NDArray[np.float32],
    members: Sequence[int],
    owners: Sequence[str],
    k_max: int = 4,
    weights: Sequence[float] | None = None,
) -> list[int]:
    """Up to ``k_max`` members closest to the cluster centroid, one per owner.

    Args:
        vectors: All sentence vectors.
        members: Row indices of the cluster.
        owners: Owner (expert) of every row of ``vectors``.
        k_max: At most this many quotes.
        weights: Optional preference per row of ``vectors`` multiplied into
            the similarity (e.g. claims over scene-setting).

    Returns:
        Row indices, most central first; each from a different owner.
    """
    if not members:
        return []
    idx = np.asarray(members, dtype=np.int64)
    centroid = vectors[idx].mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    if norm > 0:
        centroid = centroid / norm
    sims = vectors[idx] @ centroid
    if weights is not None:
        sims = sims * np.asarray([weights[i] for i in idx], dtype=np.float32)
    sims = np.round(sims, 6)
    order = sorted(range(len(idx)), key=lambda j: (-float(sims[j]), int(idx[j])))
    chosen: list[int] = []
    seen: set[str] = set()
    for j in order:
        row = int(idx[j])
        if owners[row] in seen:
            continue
        seen.add(owners[row])
        chosen.append(row)
        if len(chosen) >= k_max:
            break
    return chosen
