"""Clustering, c-TF-IDF labels and representative quotes."""

from __future__ import annotations

import numpy as np
import pytest

from symposia.core import registry
from symposia.core.themes import (
    AgglomerativeClusterer,
    CtfidfLabeler,
    phrases,
    representative_indices,
)
from symposia.errors import ConfigError


def _blobs(n_per: int, centres: int, dim: int = 16, seed: int = 1) -> tuple[np.ndarray, list[int]]:
    rng = np.random.default_rng(seed)
    base = np.eye(dim, dtype=np.float32)[:centres]
    rows, truth = [], []
    for c in range(centres):
        pts = base[c] + 0.05 * rng.standard_normal((n_per, dim)).astype(np.float32)
        rows.append(pts)
        truth += [c] * n_per
    vecs = np.concatenate(rows)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs.astype(np.float32), truth


def _same_partition(a: list[int], b: list[int]) -> bool:
    pairs = {(x, y) for x, y in zip(a, b, strict=True)}
    return len({x for x, _ in pairs}) == len(pairs) == len({y for _, y in pairs})


def test_separated_blobs_are_recovered() -> None:
    vecs, truth = _blobs(20, 3)
    labels = AgglomerativeClusterer(distance_threshold=0.5).cluster(vecs, seed=0)
    assert _same_partition(labels.tolist(), truth)
    assert labels[0] == 0  # labels are numbered in order of first appearance


def test_tiny_inputs_do_not_fail() -> None:
    c = AgglomerativeClusterer()
    assert c.cluster(np.zeros((0, 4), dtype=np.float32), 0).tolist() == []
    assert c.cluster(np.ones((1, 4), dtype=np.float32) / 2, 0).tolist() == [0]
    two = np.array([[1, 0], [0, 1]], dtype=np.float32)
    assert sorted(c.cluster(two, 0).tolist()) == [0, 1]


def test_large_inputs_go_through_kmeans_centroids_and_stay_deterministic() -> None:
    vecs, truth = _blobs(200, 4)
    c = AgglomerativeClusterer(distance_threshold=0.5, exact_limit=100, centroids=40)
    a = c.cluster(vecs, seed=3)
    b = c.cluster(vecs, seed=3)
    assert np.array_equal(a, b)
    assert _same_partition(a.tolist(), truth)


def test_ctfidf_labels_pick_distinctive_phrases() -> None:
    clusters = [
        ["The water quota for the dry season is unfair.", "A dry season quota must change."],
        ["The Harrow dam threatens the river.", "Work on the Harrow dam continues."],
    ]
    labels = CtfidfLabeler().label(clusters, background=["The river talks continue."])
    assert "quota" in labels[0][0] or "dry season" in labels[0][0]
    assert "harrow" in labels[1][0]
    assert all(len(keys) <= 6 for _, keys in labels)


def test_ctfidf_handles_clusters_without_content_words() -> None:
    assert CtfidfLabeler().label([["It is what it is."]])[0] == ("(no content words)", [])


def test_phrases_drop_stop_words_and_general_words_and_keep_longer_phrases() -> None:
    assert phrases("The dry season quota's end") == [
        "dry",
        "dry season",
        "dry season quota",
        "season",
        "season quota",
        "season quota end",
        "quota",
        "quota end",
    ]  # "end" alone names nothing; inside "quota end" it may
    assert phrases("I think the river will end") == ["river"]  # stop words break phrases


def test_ctfidf_label_prefers_shared_phrases_and_does_not_repeat_a_word() -> None:
    docs = [
        "South Korea should reopen the hotline.",
        "South Korea must act on the hotline now.",
        "The South Korean government can restore the hotline.",
        "A hotline would calm the border.",
    ]
    other = ["Sanctions relief depends on Yongbyon.", "Yongbyon inspectors must return."]
    (label, keys), _ = CtfidfLabeler().label([docs, other])
    assert "south korea" in keys and "hotline" in keys
    # "south korean" repeats a word of "south korea"; "calm the border" is one sentence's.
    assert "south korean" not in keys and "south" not in keys
    assert label.count("·") == 2


def test_representative_quotes_come_from_different_owners() -> None:
    vecs, _ = _blobs(6, 1)
    owners = ["a", "a", "b", "b", "c", "d"]
    picks = representative_indices(vecs, list(range(6)), owners, k_max=4)
    assert len(picks) == 4
    assert len({owners[i] for i in picks}) == 4
    two = representative_indices(vecs, [0, 1], owners, k_max=4)
    assert len(two) == 1  # one owner: one quote, never the same expert twice


def test_registry_builds_stages_by_name_and_rejects_unknown() -> None:
    assert isinstance(registry.create("clusterer"), AgglomerativeClusterer)
    c = registry.create("clusterer", "agglomerative", distance_threshold=0.3)
    assert c.distance_threshold == 0.3
    assert "hashing" in registry.names("embedder")
    with pytest.raises(ConfigError, match="use one of"):
        registry.create("clusterer", "kmeans-of-doom")
    with pytest.raises(ConfigError, match="bad parameters"):
        registry.create("clusterer", "agglomerative", nonsense=1)
    with pytest.raises(ConfigError, match="unknown stage kind"):
        registry.create("mystery")
