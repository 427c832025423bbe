"""Reciprocal rank fusion (Cormack et al. 2009), with optional per-ranking weights."""
from __future__ import annotations

from typing import Hashable, Sequence, TypeVar

Key = TypeVar("Key", bound=Hashable)


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
