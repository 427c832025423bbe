"""Stratified, seeded samples of closed conversations (pure: no Redis).

A conversation's stratum is its combination of values along the chosen dimensions (need,
language, outcome, handed over or not, channel). Only the combinations present in the
population count. Allocation:

- ``proportional``: each stratum gets its share of the sample size, rounded by largest
  remainder; when the size allows, every stratum gets at least one conversation (taken from the
  largest strata), and no stratum more than it holds;
- ``equal``: the same number from each stratum (as far as each holds), the rest one by one to
  the strata that still have conversations, in a seeded order.

Within a stratum the conversations are drawn with ``random.Random`` seeded by the seed and the
stratum, from the stratum's conversations sorted by id: the same seed on the same data gives the
same sample, whatever order Redis returned them in. When the size is smaller than the number of
strata, the largest strata get one each (ties broken by the seeded order) and the summary says
which were left out.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

DIMENSIONS = ("need", "language", "outcome", "handed_over", "channel")
Allocation = Literal["proportional", "equal"]


class Facts(Protocol):
    session_id: str
    need: str
    language: str
    outcome: str
    handed_over: bool
    channel: str


@dataclass(frozen=True)
class Stratum:
    values: dict[str, str]
    population: int
    drawn: int


@dataclass(frozen=True)
class Draw:
    chosen: list[str]  # session ids, in the order the evaluators step through them
    strata: list[Stratum]


def value_of(facts: Facts, dimension: str) -> str:
    value = getattr(facts, dimension)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def matches(facts: Facts, filters: dict[str, Sequence[str]]) -> bool:
    """Every dimension with a non-empty list of allowed values must hold one of them."""
    return all(not allowed or value_of(facts, dimension) in allowed for dimension, allowed in filters.items())


def _rng(seed: int, *parts: str) -> random.Random:
    return random.Random(":".join((str(seed), *parts)))


def allocate(sizes: dict[tuple[str, ...], int], size: int, allocation: Allocation, seed: int) -> dict[tuple[str, ...], int]:
    """How many to draw from each stratum (its key -> population) for a sample of ``size``."""
    strata = sorted(sizes)
    total = sum(sizes.values())
    n = min(size, total)
    order = strata[:]
    _rng(seed, "order").shuffle(order)
    rank = {key: i for i, key in enumerate(order)}  # the seeded tie-break
    if n == 0:
        return {key: 0 for key in strata}
    if n < len(strata):  # not every stratum can be in it: the largest get one each
        chosen = sorted(strata, key=lambda key: (-sizes[key], rank[key]))[:n]
        return {key: int(key in chosen) for key in strata}
    if allocation == "equal":
        counts = {key: min(sizes[key], n // len(strata)) for key in strata}
        while sum(counts.values()) < n:
            for key in order:
                if sum(counts.values()) < n and counts[key] < sizes[key]:
                    counts[key] += 1
        return counts
    quota = {key: n * sizes[key] / total for key in strata}
    counts = {key: min(sizes[key], max(1, int(quota[key]))) for key in strata}
    while sum(counts.values()) < n:  # largest remainder first
        key = max((k for k in strata if counts[k] < sizes[k]), key=lambda k: (quota[k] - counts[k], -rank[k]))
        counts[key] += 1
    while sum(counts.values()) > n:  # the minimum of one pushed it over: take from the most over quota
        key = min((k for k in strata if counts[k] > 1), key=lambda k: (quota[k] - counts[k], rank[k]))
        counts[key] -= 1
    return counts


def draw(population: Sequence[Facts], dimensions: Sequence[str], size: int, allocation: Allocation,
         seed: int) -> Draw:
    """A stratified sample of ``size`` session ids from ``population`` (already filtered)."""
    unknown = set(dimensions) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown dimensions {sorted(unknown)}")
    groups: dict[tuple[str, ...], list[str]] = {}
    for facts in population:
        groups.setdefault(tuple(value_of(facts, d) for d in dimensions), []).append(facts.session_id)
    counts = allocate({key: len(ids) for key, ids in groups.items()}, size, allocation, seed)
    chosen: list[str] = []
    for key in sorted(groups):
        members = sorted(groups[key])
        chosen += _rng(seed, "stratum", *key).sample(members, counts[key])
    chosen.sort()
    _rng(seed, "sequence").shuffle(chosen)  # strata mixed, so an evaluator does not read one kind at a time
    strata = [Stratum(dict(zip(dimensions, key)), len(groups[key]), counts[key]) for key in sorted(groups)]
    return Draw(chosen, strata)
