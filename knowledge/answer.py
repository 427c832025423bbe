"""Answers: pick the one to three sentences that best answer a question, cite their articles,
and say how confident we are (0..1)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from knowledge.chunking import split_sentences
from knowledge.results import Answer, Hit, Retrieval, Source

__all__ = ["Answer", "Source", "compose_answer", "fold"]

# Sentence score = weights · (term coverage, named entities, chunk relevance, article lead,
# section lead). No sentence is embedded at question time: the dense signal comes in through
# the chunk's relevance, which keeps an answer at a few milliseconds (see bench/retrieval.py).
SENTENCE_WEIGHTS = {"coverage": 0.35, "entity": 0.25, "chunk": 0.25, "article_lead": 0.10, "section_lead": 0.05}
KEEP_RATIO = 0.85  # further sentences must score at least this share of the best one
NEXT_RATIO = 0.65  # ... or this share when it directly follows the best sentence
CHUNK_RATIO = 0.85  # a second chunk is used when its relevance is this close to the best
MIN_WORDS = 4  # shorter lines (list fragments) are only used when nothing else matches
# A word written with a capital inside a question ("Lånekassen", "HK-dir", "NAV") names an
# entity; a sentence that names it answers better than one that only says "there".
ENTITY_WORD = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-ZÆØÅ\u0400-\u042F][\w-]*[\w]", re.UNICODE)


@dataclass(frozen=True)
class _Candidate:
    hit_rank: int
    position: int  # sentence position within its chunk
    text: str
    hit: Hit
    score: float
    relevance: float


def _chunk_position(hit: Hit) -> int:
    return int(hit.chunk_id.rsplit("#", 1)[1])


FOLD = str.maketrans("æøåäöüé", "aoaaoue")


def fold(text: str) -> str:
    """Lowercase without Norwegian letters: "Lånekassen" meets "lanekassen.no"."""
    return text.lower().translate(FOLD)


def _entity_stems(retrieval: Retrieval) -> list[str]:
    """Folded stems of the entities the question names (matched as substrings of a sentence,
    so a web address such as lanekassen.no counts as naming Lånekassen)."""
    words = " ".join(w for w in ENTITY_WORD.findall(retrieval.query.strip()) if len(w) > 1)
    if not words:
        return []
    return [fold(t) for t in dict.fromkeys(retrieval.analyzer(retrieval.language).terms(words)) if len(t) >= 2]


def compose_answer(retrieval: Retrieval, *, threshold: float, max_sentences: int) -> Answer:
    """One to ``max_sentences`` sentences from the retrieved chunks that answer the query, with
    their articles as sources and a confidence; empty when the search found nothing."""
    hits = retrieval.hits
    if not hits:
        return Answer("", (), 0.0, False, (), threshold)
    top = hits[0]
    chosen = [top] + [
        h for h in hits[1:] if h.relevance >= CHUNK_RATIO * top.relevance and h.other_language == top.other_language
    ][:1]
    # The article's lead paragraph is its short answer (content/README.md): when the best
    # chunk is a later section, the lead of the same article competes too.
    lead = retrieval.lead
    if lead is not None and lead.chunk_id not in {h.chunk_id for h in chosen}:
        chosen.append(lead)

    entity_stems = _entity_stems(retrieval)
    w = SENTENCE_WEIGHTS
    candidates: list[_Candidate] = []
    for rank, hit in enumerate(chosen):
        comparable = retrieval.terms_meet(hit)
        analyzer = retrieval.analyzer(hit.language)
        chunk_relevance = hit.relevance if hit is not lead or lead is top else 0.9 * top.relevance
        article_lead = hit.chunk_id.endswith("#0")
        for position, text in enumerate(split_sentences(hit.text)):
            terms = analyzer.terms(text) if comparable else []
            coverage = retrieval.coverage(terms) if comparable else 0.0
            folded = fold(text)
            entity = sum(stem in folded for stem in entity_stems) / len(entity_stems) if entity_stems else 0.0
            if comparable:
                content = w["coverage"] * coverage + w["entity"] * (entity if entity_stems else coverage)
            else:  # another language: no terms to compare, the chunk's dense relevance decides
                content = (w["coverage"] + w["entity"]) * chunk_relevance
            score = (
                content
                + w["chunk"] * chunk_relevance
                + w["article_lead"] * (1.0 if article_lead and position == 0 else 0.0)
                + w["section_lead"] * (1.0 if position == 0 else 0.0)
            )
            if len(text.split()) < MIN_WORDS:
                score *= 0.5
            relevance = 0.5 * chunk_relevance + 0.5 * coverage if comparable else chunk_relevance
            candidates.append(_Candidate(rank, position, text, hit, float(score), float(relevance)))
    if not candidates:
        return Answer("", (), 0.0, False, (), threshold)

    best = max(candidates, key=lambda c: c.score)

    def keep(c: _Candidate) -> bool:
        # The sentence right after the best one continues its thought (an article's short
        # answer is two or three sentences), so it needs a lower share of the best score.
        follows = c.hit.chunk_id == best.hit.chunk_id and c.position == best.position + 1
        return c.score >= (NEXT_RATIO if follows else KEEP_RATIO) * best.score

    others = [
        c for c in sorted(candidates, key=lambda c: c.score, reverse=True)
        if c is not best and c.text != best.text and keep(c)
    ][: max_sentences - 1]
    # The best sentence leads; the supporting ones follow in reading order.
    picked = [best] + sorted(others, key=lambda c: (c.hit.article_id != best.hit.article_id, c.hit.article_id, _chunk_position(c.hit), c.position))

    sources: list[Source] = []
    for candidate in picked:
        hit = candidate.hit
        if hit.article_id not in [s.article_id for s in sources]:
            sources.append(Source(hit.title, hit.source_url, hit.reviewed, hit.article_id, hit.language, hit.topics))
    confidence = float(np.clip(0.6 * top.relevance + 0.4 * best.relevance, 0.0, 1.0))
    return Answer(
        text=" ".join(c.text for c in picked),
        sources=tuple(sources),
        confidence=round(confidence, 3),
        other_language=top.other_language,
        article_ids=tuple(s.article_id for s in sources),
        threshold=threshold,
    )
