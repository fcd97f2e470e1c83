"""Embedding fan-out on Dask: a local cluster, or any cluster by address.

With ``workers=N`` the cache misses are split into chunks and embedded on a
``distributed.LocalCluster`` of N worker processes; with ``dask_address`` the
same chunks go to an existing scheduler (``dask scheduler`` plus
``dask worker`` on other machines that have ``symposia[nlp]`` and the
tokenizer installed). Each worker builds the embedder once from its registry
name and parameters, so only sentence strings and vectors cross the network.
Results come back in input order, so the report is the same as without Dask.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from symposia.errors import MissingExtraError

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: Sentences per task sent to a worker.
CHUNK = 1024

_WORKER_EMBEDDERS: dict[tuple[str, str], Any] = {}


def _embed_chunk(name: str, params: dict[str, Any], texts: list[str]) -> NDArray[np.float32]:
    """Runs on a worker: build (once) the named embedder and embed one chunk."""
    from symposia.core import registry

    key = (name, repr(sorted(params.items())))
    embedder = _WORKER_EMBEDDERS.get(key)
    if embedder is None:
        embedder = registry.create("embedder", name, **params)
        _WORKER_EMBEDDERS[key] = embedder
    return embedder.embed(texts)


def dask_embedder(
    name: str, params: dict[str, Any], workers: int, address: str | None = None
) -> tuple[Callable[[Sequence[str]], NDArray[np.float32]], Callable[[], None]]:
    """An embedding function that fans out on Dask, and a function that shuts it down.

    Args:
        name: Embedder registry name ("minilm").
        params: Embedder parameters.
        workers: Local worker processes to start (ignored with ``address``).
        address: Scheduler address of an existing cluster, e.g. ``tcp://host:8786``.

    Raises:
        MissingExtraError: when dask.distributed is not installed.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise MissingExtraError("dask[distributed]", "dask", "--workers") from exc
    cluster = None
    if address:
        client = Client(address)
    else:
        n = max(1, workers)
        cores = os.cpu_count() or 1
        worker_params = dict(params)
        if name == "minilm":
            # Share the cores: N workers with two threads each on two cores thrash.
            worker_params.setdefault("threads", max(1, cores // n))
        params = worker_params
        cluster = LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        )
        client = Client(cluster)

    def run(texts: Sequence[str]) -> NDArray[np.float32]:
        chunks = [list(texts[i : i + CHUNK]) for i in range(0, len(texts), CHUNK)]
        futures = client.map(
            _embed_chunk, [name] * len(chunks), [params] * len(chunks), chunks, pure=False
        )
        parts = client.gather(futures)
        if not parts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.concatenate(parts, axis=0).astype(np.float32)

    def close() -> None:
        client.close()
        if cluster is not None:
            cluster.close()

    return run, close
