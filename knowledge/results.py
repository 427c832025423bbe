"""What a search hands on and what an answer gives back: plain frozen values, no behaviour that
loads anything. ``search.py`` produces a ``Retrieval``; ``answer.py`` turns it into an
``Answer`` without calling back into the knowledge base."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from knowledge.analysis import Analyzer
    from knowledge.lexical import LexicalIndex

NORWEGIAN = frozenset({"nb", "nn"})


def same_analysis(query_language: str, document_language: str) -> bool:
    """Whether query terms and document terms come from the same analysis (so they can meet)."""
    if query_language == document_language:
        return True
    return query_language in NORWEGIAN and document_language in NORWEGIAN


@dataclass(frozen=True)
class Hit:
    chunk_id: str
    article_id: str
    title: str
    heading: str
    text: str  # the chunk body (plain text)
    language: str
    source_url: str
    reviewed: str  # ISO date
    score: float  # fused score (only comparable within one search)
    relevance: float  # 0..1, comparable across searches: dense similarity + term coverage
    other_language: bool  # True when the hit is a fallback in another language than asked
    audience: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    dense: float = 0.0  # 0..1 calibrated dense similarity alone: the one scale shared by all languages


@dataclass(frozen=True)
class Retrieval:
    """One search with everything an answer is composed from.

    ``analyzers`` hold one analyser for the query's language and one for each hit's language;
    ``lexical`` is the lexical index of the same index snapshot the hits come from (its idf
    statistics weigh term coverage). A search that found nothing has no hits, terms or index.
    """

    query: str
    language: str
    hits: tuple[Hit, ...] = ()
    lead: Hit | None = None  # the lead chunk of the top hit's article, when the top hit is a later section
    query_terms: tuple[str, ...] = ()  # the query's stemmed lemmas with compound parts (Analyzer.terms)
    analyzers: tuple[Analyzer, ...] = ()
    lexical: LexicalIndex | None = None

    def analyzer(self, language: str) -> Analyzer:
        for analyzer in self.analyzers:
            if analyzer.language == language:
                return analyzer
        raise KeyError(f"no analyser for {language!r} in this retrieval")

    def terms_meet(self, hit: Hit) -> bool:
        """Whether the query's terms can be compared with the terms of the hit's text."""
        return same_analysis(self.language, hit.language) and bool(self.query_terms)

    def coverage(self, document_terms: Sequence[str] | set[str]) -> float:
        """Share of the query's idf mass found in the document terms (0..1)."""
        if self.lexical is None:
            return 0.0
        return self.lexical.coverage(self.query_terms, document_terms)


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    reviewed: str  # ISO date the article was last reviewed
    article_id: str
    language: str
    topics: tuple[str, ...] = ()


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
