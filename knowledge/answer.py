"""Answers: pick the one to three sentences that best answer a question, cite their articles,
and say how confident we are (0..1)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from knowledge.chunking import split_sentences

if TYPE_CHECKING:  # pragma: no cover
    from knowledge.search import Hit, KnowledgeBase

# Sentence score = weights · (dense similarity, term coverage, chunk rank, lead sentence)
SENTENCE_WEIGHTS = {"dense": 0.5, "lexical": 0.3, "chunk": 0.15, "lead": 0.05}
KEEP_RATIO = 0.85  # further sentences must score at least this share of the best one
CHUNK_RATIO = 0.85  # a second chunk is used when its relevance is this close to the best


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    reviewed: str  # ISO date the article was last reviewed
    article_id: str
    language: str


@dataclass(frozen=True)
class Answer:
    text: str
    sources: tuple[Source, ...]
    confidence: float  # 0..1
    other_language: bool  # the answer comes from an article in another language than asked
    article_ids: tuple[str, ...]
    threshold: float = 0.5

    @property
    def confident(self) -> bool:
        return bool(self.text) and self.confidence >= self.threshold


@dataclass(frozen=True)
class _Candidate:
    hit_rank: int
    position: int
    text: str
    hit: "Hit"
    score: float
    relevance: float


def compose_answer(
    kb: "KnowledgeBase",
    question: str,
    language: str,
    topic_hint: str | None = None,
    audience: str | None = None,
    county: str | None = None,
) -> Answer:
    from knowledge.search import same_analysis

    threshold = kb.settings.answer_threshold
    hint = topic_hint.strip() if topic_hint and topic_hint.strip() else None
    hits = kb.search(question, language, k=3, audience=audience, county=county, context=hint)
    if not hits:
        return Answer("", (), 0.0, False, (), threshold)
    top = hits[0]
    chosen = [top] + [
        h for h in hits[1:] if h.relevance >= CHUNK_RATIO * top.relevance and h.other_language == top.other_language
    ][:1]

    sentences: list[tuple[int, int, str, "Hit"]] = []
    for rank, hit in enumerate(chosen):
        for position, sentence in enumerate(split_sentences(hit.text)):
            sentences.append((rank, position, sentence, hit))
    if not sentences:
        return Answer("", (), 0.0, False, (), threshold)

    queries = [question] + ([f"{hint}\n{question}"] if hint else [])
    query_vectors = kb.embedder.embed_queries(queries)
    sentence_vectors = kb.embedder.embed_passages([f"{hit.title}. {text}" for _, _, text, hit in sentences])
    similarities = sentence_vectors @ query_vectors.T  # (sentences, queries)
    dense = np.asarray(kb.dense_confidence(similarities[:, 0]), dtype=float)
    if hint:
        dense = np.maximum(dense, 0.8 * np.asarray(kb.dense_confidence(similarities[:, 1]), dtype=float))

    query_terms = kb.analyzer(language).terms(question)
    lexical = kb.index.lexical
    candidates: list[_Candidate] = []
    for i, (rank, position, text, hit) in enumerate(sentences):
        comparable = same_analysis(language, hit.language) and bool(query_terms)
        coverage = lexical.coverage(query_terms, kb.analyzer(hit.language).terms(text)) if comparable else 0.0
        w = SENTENCE_WEIGHTS
        # Without comparable terms (another language) the dense part carries the lexical weight.
        content = w["dense"] * dense[i] + w["lexical"] * coverage if comparable else (w["dense"] + w["lexical"]) * dense[i]
        score = content + w["chunk"] * (1.0 if rank == 0 else 0.5) + w["lead"] * (1.0 if position == 0 else 0.0)
        relevance = 0.5 * dense[i] + 0.5 * coverage if comparable else dense[i]
        candidates.append(_Candidate(rank, position, text, hit, float(score), float(relevance)))

    best = max(candidates, key=lambda c: c.score)
    others = [
        c for c in sorted(candidates, key=lambda c: c.score, reverse=True) if c is not best and c.score >= KEEP_RATIO * best.score
    ][: kb.settings.answer_max_sentences - 1]
    # The best sentence leads; the supporting ones follow in reading order.
    picked = [best] + sorted(others, key=lambda c: (c.hit_rank, c.position))

    sources: list[Source] = []
    for candidate in picked:
        hit = candidate.hit
        if hit.article_id not in [s.article_id for s in sources]:
            sources.append(Source(hit.title, hit.source_url, hit.reviewed, hit.article_id, hit.language))
    confidence = float(np.clip(0.6 * top.relevance + 0.4 * best.relevance, 0.0, 1.0))
    return Answer(
        text=" ".join(c.text for c in picked),
        sources=tuple(sources),
        confidence=round(confidence, 3),
        other_language=top.other_language,
        article_ids=tuple(s.article_id for s in sources),
        threshold=threshold,
    )
