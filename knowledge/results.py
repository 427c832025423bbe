"""What a search hands on and what an answer gives back: plain frozen values, no behaviour that
loads anything. ``search.py`` produces a ``Retrieval``; ``answer.py`` turns it into an
``Answer`` without calling back into the knowledge base."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

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
    review_by: str = ""  # ISO date the next review is due ("" when unknown)
    # The chunk body's sentences as split at build time, and one e5 passage vector per sentence
    # (rows in the same order; None when the index has none). Answers rank sentences with them.
    sentences: tuple[str, ...] = ()
    sentence_vectors: np.ndarray | None = field(default=None, compare=False, repr=False)
    question_match: float = 0.0  # 0..1: how closely the query matches an editor's question for this chunk

    def stale_on(self, today: str) -> bool:
        """Whether the article was due for review before ``today`` (ISO date)."""
        return bool(self.review_by) and self.review_by < today


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
    # Every chunk of the top hit's article, in reading order (the answer may sit in a section the
    # search ranked lower: "the right article, the wrong sentences").
    article: tuple[Hit, ...] = ()
    query_terms: tuple[str, ...] = ()  # the query's stemmed lemmas with compound parts (Analyzer.terms)
    analyzers: tuple[Analyzer, ...] = ()
    lexical: LexicalIndex | None = None
    # The query's e5 vector (unit length), for ranking sentences; None when there is none.
    query_vector: np.ndarray | None = field(default=None, compare=False, repr=False)
    similarity_range: tuple[float, float] = (0.78, 0.90)  # the embedder's "unrelated" .. "about this" cosines
    today: str = ""  # ISO date the search ran (articles past review_by are stale)
    # What backs the top hit beyond its vector (``evidence``): the share of the query's idf mass
    # whose words its article has (None when the article's language is analysed differently),
    # and how far its article stands out from the others of its language (None: not measured).
    article_coverage: float | None = None
    distinctiveness: float | None = None

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
    # The heading of the section the answer quotes ("" for the article's lead). The portal pages
    # the articles cite have no anchors we know of, so ``url`` is the page and the section is
    # shown beside the title ("Title – Section").
    section: str = ""
    review_by: str = ""
    stale: bool = False  # past review_by when the answer was composed


@dataclass(frozen=True)
class Answer:
    text: str
    sources: tuple[Source, ...]
    confidence: float  # 0..1
    other_language: bool  # the answer comes from an article in another language than asked
    article_ids: tuple[str, ...]
    threshold: float = 0.5
    language: str = ""  # the asked language
    source_language: str = ""  # the language of the quoted article
    # The quoted article was due for review before today: it is quoted, with the date it was last
    # checked (``reviewed``), and the action offers a counsellor beside it (see ``notes``).
    stale: bool = False
    reviewed: str = ""  # ISO date the quoted article was last checked
    # Ready-made notices in the asked language to show under the answer, in this order: the
    # other-language note ("Svaret kommer fra en artikkel på engelsk."), the stale note.
    notes: tuple[str, ...] = ()

    @property
    def confident(self) -> bool:
        return bool(self.text) and self.confidence >= self.threshold
