"""Fusing the lexical and dense rankings: weighted score fusion (the default) or reciprocal rank
fusion (Cormack et al. 2009), both with per-signal weights."""
from __future__ import annotations

from typing import Hashable, Sequence, TypeVar

import numpy as np

Key = TypeVar("Key", bound=Hashable)


def scaled_by_best(scores: np.ndarray) -> np.ndarray:
    """Scores divided by the best one (BM25 → 0..1 for one query); all zeros stay zeros."""
    scores = np.asarray(scores, dtype=np.float32)
    best = float(scores.max()) if scores.size else 0.0
    return scores / best if best > 0 else np.zeros_like(scores)


def score_fusion(signals: Sequence[np.ndarray], weights: Sequence[float]) -> np.ndarray:
    """Weighted mean of signals that are already on a 0..1 scale, one value per document.

    Unlike rank fusion it keeps margins: a document BM25 puts far ahead of the rest stays ahead
    when the dense similarities are close together, and the other way round.
    """
    if len(weights) != len(signals):
        raise ValueError("one weight per signal")
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    total = float(sum(weights))
    if not signals:
        return np.zeros(0, dtype=np.float32)
    fused = np.zeros(len(signals[0]), dtype=np.float32)
    if total == 0:
        return fused
    for signal, weight in zip(signals, weights):
        fused += weight * np.asarray(signal, dtype=np.float32)
    return fused / total


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[Key]],
    weights: Sequence[float] | None = None,
    k: int = 60,
) -> list[tuple[Key, float]]:
    """Fuse best-first rankings: score(d) = sum_i w_i / (k + rank_i(d)), rank from 1.

    Returns (key, score) best first; ties keep the order of first appearance.
    """
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    if k < 0:
        raise ValueError("k must not be negative")
    scores: dict[Key, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: item[1], reverse=True)
