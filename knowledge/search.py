"""KnowledgeBase: hybrid search (BM25 + dense, weighted score fusion) over the on-disk index.

The constructor only keeps the settings; ``warm_up()`` loads the index and the embedder once.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
import time
from pathlib import Path
from typing import Sequence

import numpy as np

from knowledge.analysis import Analyzer, pipeline, lemma_table
from knowledge.answer import compose_answer
from knowledge.dense import Embedder, make_embedder
from knowledge.fusion import reciprocal_rank_fusion, scaled_by_best, score_fusion
from knowledge.index import IndexNotFound, LoadedIndex, build_index, current_path, read_index
from knowledge.results import Answer, Hit, Retrieval, same_analysis
from core.settings import KnowledgeSettings

log = logging.getLogger("veivalg.knowledge")
QUERY_CACHE_SIZE = 2048
LEXICAL_WEIGHT_IN_RELEVANCE = 0.5

__all__ = ["Hit", "KnowledgeBase", "Retrieval", "same_analysis"]


class KnowledgeBase:
    """Search and answer over the portal articles.

    >>> kb = KnowledgeBase(KnowledgeSettings()); kb.warm_up()
    >>> kb.search("søknadsfrist samordna opptak", language="nb")[0].title
    """

    def __init__(self, settings: KnowledgeSettings | None = None, embedder: Embedder | None = None, *, build_if_missing: bool = True):
        self.settings = settings or KnowledgeSettings()
        self.embedder = embedder or make_embedder(self.settings)
        self.build_if_missing = build_if_missing
        self._index: LoadedIndex | None = None
        self._lock = threading.Lock()
        self._refresh_lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._checked_at = time.monotonic()

    # -- lifecycle -------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the current index (building it first if there is none) and the embedder."""
        with self._lock:
            if self._index is not None:
                return
            index_dir = Path(self.settings.index_dir)
            if current_path(index_dir) is None:
                if not self.build_if_missing:
                    raise IndexNotFound(f"no index in {index_dir}; run `python -m knowledge build`")
                # Lenient on first start: invalid files are left out (`check` lists them).
                build_index(self.settings, self.embedder, skip_invalid=True)
            self.embedder.warm_up()
            index = read_index(current_path(index_dir))
            embedded_with = index.manifest.get("embedder", {}).get("name")
            if embedded_with != self.embedder.name:
                raise ValueError(
                    f"index in {index.path} was embedded with {embedded_with!r} but the settings ask for "
                    f"{self.embedder.name!r}; run `python -m knowledge build`"
                )
            for language in {c.language for c in index.chunks} | {"nb"}:
                pipeline(language)
                lemma_table(language)
            self._index = index

    def refresh(self) -> bool:
        """Load a newer build if `current` moved (after a rebuild). True when it reloaded.

        Searches already running keep the index they started with (they hold a reference)."""
        path = current_path(Path(self.settings.index_dir))
        if self._index is not None and path is not None and path != self._index.path:
            with self._refresh_lock:
                if self._index is not None and path == self._index.path:
                    return False
                index = read_index(path)
                for language in {c.language for c in index.chunks}:
                    pipeline(language)
                    lemma_table(language)
                self._index = index
            return True
        return False

    def maybe_refresh(self) -> bool:
        """``refresh()`` at most every ``refresh_interval_s`` (one readlink; a reload only after
        a rebuild). Called by every search, so a long-running process sees new builds."""
        interval = self.settings.refresh_interval_s
        now = time.monotonic()
        if interval < 0 or self._index is None or now - self._checked_at < interval:
            return False
        self._checked_at = now
        try:
            return self.refresh()
        except (OSError, ValueError) as error:  # a half-deleted build: keep serving the old one
            log.warning("index refresh failed, keeping %s: %s", self._index.path, error)
            return False

    @property
    def index(self) -> LoadedIndex:
        if self._index is None:
            raise RuntimeError("KnowledgeBase.warm_up() has not been called")
        return self._index

    # -- search ----------------------------------------------------------------------------
    def search(
        self,
        query: str,
        language: str,
        k: int = 5,
        audience: str | None = None,
        county: str | None = None,
        *,
        context: str | None = None,
    ) -> list[Hit]:
        """Best chunks for the query, in the asked language first.

        Hits in the asked language come first as long as the best of them is relevant
        (``relevance >= answer_threshold``); otherwise hits in the fallback languages (nb, en)
        are mixed in by relevance, flagged ``other_language=True``. ``context`` is earlier
        conversation text that steers ranking for follow-up questions.
        """
        self.maybe_refresh()
        index = self.index  # one snapshot for the whole search (a refresh may swap self._index)
        if not index.chunks or not query.strip():
            return []
        return self._ranked(index, query, language, k, audience, county, context)

    def retrieve(
        self,
        query: str,
        language: str,
        k: int = 5,
        audience: str | None = None,
        county: str | None = None,
        *,
        context: str | None = None,
    ) -> Retrieval:
        """``search()`` with what an answer is composed from: the lead chunk of the best hit's
        article, the query's terms, analysers and the lexical statistics of the same snapshot."""
        self.maybe_refresh()
        index = self.index
        if not index.chunks or not query.strip():
            return Retrieval(query, language)
        hits = self._ranked(index, query, language, k, audience, county, context)
        if not hits:
            return Retrieval(query, language)
        lead = self._lead_hit(index, hits[0])
        languages = dict.fromkeys([language, *(h.language for h in hits), *([lead.language] if lead else [])])
        analyzers = tuple(Analyzer(lang, index.compounds) for lang in languages)
        return Retrieval(
            query=query,
            language=language,
            hits=tuple(hits),
            lead=lead,
            query_terms=tuple(analyzers[0].terms(query)),
            analyzers=analyzers,
            lexical=index.lexical,
        )

    def _ranked(
        self, index: LoadedIndex, query: str, language: str, k: int, audience: str | None, county: str | None,
        context: str | None,
    ) -> list[Hit]:
        signals = self._signals(index, query, language, context)
        allowed = np.array([self._passes(c, audience, county) for c in index.chunks], dtype=bool)
        languages = np.array([c.language for c in index.chunks])
        primary = self._rank(signals, allowed & (languages == language), k, other_language=False)
        fallback_languages = [lang for lang in self.settings.fallback_languages if lang != language]
        confident = bool(primary) and primary[0].relevance >= self.settings.answer_threshold
        if confident and language in self.settings.fallback_languages:
            return primary
        fallback = self._rank(signals, allowed & np.isin(languages, fallback_languages), k, other_language=True)
        # Relevance in the asked language mixes dense similarity with term coverage; a fallback
        # hit in another language has only the dense part. Compared on the scale they share, so a
        # question in bokmål is not answered from an English article that merely embeds closer.
        def comparable(hit: Hit) -> float:
            return hit.relevance if hit.other_language else max(hit.relevance, hit.dense)

        if confident:
            # A language with few articles (uk, pl, ar) always has *some* relevant-looking hit;
            # a fallback article that is clearly closer wins (e.g. Samordna opptak asked in uk).
            best = comparable(primary[0])
            better = [h for h in fallback if h.relevance >= best + self.settings.fallback_margin]
            if not better:
                return primary
            fallback = better
        merged = sorted(primary + fallback, key=lambda h: (comparable(h), h.score), reverse=True)
        return merged[:k]

    @staticmethod
    def _passes(chunk, audience: str | None, county: str | None) -> bool:
        if audience is not None and audience not in chunk.audience:
            return False
        if county is not None and chunk.counties and county not in chunk.counties:
            return False
        return True

    def analyzer(self, language: str) -> Analyzer:
        return Analyzer(language, self.index.compounds)

    def _signals(self, index: LoadedIndex, query: str, language: str, context: str | None) -> dict:
        analyzer = Analyzer(language, index.compounds)
        terms, parts = analyzer.analyse(query)
        texts = [query] + ([f"{context}\n{query}"] if context else [])
        vectors = self.embed_queries(texts)
        signals = {
            "index": index,
            "language": language,
            "terms": terms + parts,
            "lexical": index.lexical.scores(terms, parts),
            "dense": index.vectors.similarities(vectors[0]),
        }
        if context:
            context_terms, context_parts = analyzer.analyse(context)
            signals["context_lexical"] = index.lexical.scores(terms + context_terms, parts + context_parts)
            signals["context_dense"] = index.vectors.similarities(vectors[1])
        return signals

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors, from a small LRU cache when the same text was embedded recently
        (search and answer embed the same question; citizens repeat common questions)."""
        if not texts:
            return np.zeros((0, self.embedder.dim), np.float32)
        with self._cache_lock:
            found = {t: self._query_cache[t] for t in texts if t in self._query_cache}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            found.update(zip(missing, self.embedder.embed_queries(missing)))
        with self._cache_lock:
            for text in texts:
                self._query_cache[text] = found[text]
                self._query_cache.move_to_end(text)
            while len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return np.vstack([found[t] for t in texts])

    def dense_confidence(self, similarity: float | np.ndarray) -> float | np.ndarray:
        low, high = self.embedder.similarity_range
        return np.clip((np.asarray(similarity) - low) / (high - low), 0.0, 1.0)

    def relevance(self, signals: dict, row: int) -> float:
        """0..1: calibrated dense similarity, averaged with the query's term coverage when the
        chunk is in a language whose terms can meet the query's."""
        index = signals["index"]
        chunk = index.chunks[row]
        dense = float(self.dense_confidence(signals["dense"][row]))
        if "context_dense" in signals:
            dense = max(dense, 0.8 * float(self.dense_confidence(signals["context_dense"][row])))
        if not same_analysis(signals["language"], chunk.language) or not signals["terms"]:
            return dense
        coverage = index.lexical.coverage(signals["terms"], index.lexical.terms_of(row))
        w = LEXICAL_WEIGHT_IN_RELEVANCE
        return (1 - w) * dense + w * coverage

    def _rank(self, signals: dict, mask: np.ndarray, k: int, other_language: bool) -> list[Hit]:
        rows = np.flatnonzero(mask)
        if rows.size == 0:
            return []
        if self.settings.fusion == "rrf":
            fused = self._rank_fusion(signals, rows)[:k]
        else:
            fused = self._score_fusion(signals, rows)[:k]
        hits = []
        for row, score in fused:
            chunk = signals["index"].chunks[row]
            hits.append(
                Hit(
                    chunk_id=chunk.chunk_id,
                    article_id=chunk.article_id,
                    title=chunk.title,
                    heading=chunk.heading,
                    text=chunk.body,
                    language=chunk.language,
                    source_url=chunk.source_url,
                    reviewed=chunk.reviewed,
                    score=float(score),
                    relevance=round(self.relevance(signals, int(row)), 4),
                    other_language=other_language,
                    audience=chunk.audience,
                    counties=chunk.counties,
                    topics=chunk.topics,
                    dense=round(float(self.dense_confidence(signals["dense"][int(row)])), 4),
                )
            )
        return hits

    def _weighted_signals(self, signals: dict) -> list[tuple[str, float]]:
        """(signal name, weight) of the signals to fuse; context ones only for follow-ups."""
        lexical_weight = self.settings.lexical_weight_for(signals["language"])
        pairs = [("lexical", lexical_weight), ("dense", self.settings.dense_weight)]
        if "context_lexical" in signals:
            hint = self.settings.topic_hint_weight
            pairs += [("context_lexical", lexical_weight * hint), ("context_dense", self.settings.dense_weight * hint)]
        return pairs

    def _score_fusion(self, signals: dict, rows: np.ndarray) -> list[tuple[int, float]]:
        """Weighted mean of BM25 scaled by the best candidate and the calibrated dense similarity."""
        names, weights = zip(*self._weighted_signals(signals))
        scaled = [
            scaled_by_best(signals[name][rows]) if name.endswith("lexical") else self.dense_confidence(signals[name][rows])
            for name in names
        ]
        fused = score_fusion(scaled, weights)
        order = np.argsort(-fused, kind="stable")
        return [(int(rows[i]), float(fused[i])) for i in order]

    def _rank_fusion(self, signals: dict, rows: np.ndarray) -> list[tuple[int, float]]:
        """Weighted RRF over the top ``candidates`` of each signal (``fusion="rrf"``)."""
        rankings, weights = [], []
        for name, weight in self._weighted_signals(signals):
            scores = signals[name]
            order = rows[np.argsort(-scores[rows], kind="stable")]
            if name.endswith("lexical"):
                order = order[scores[order] > 0]
            rankings.append(order[: self.settings.candidates].tolist())
            weights.append(weight)
        return reciprocal_rank_fusion(rankings, weights, k=self.settings.rrf_k)

    def lead_hit(self, hit: Hit) -> Hit | None:
        """The first chunk (lead paragraph) of the hit's article, or None when the hit is it."""
        return self._lead_hit(self.index, hit)

    @staticmethod
    def _lead_hit(index: LoadedIndex, hit: Hit) -> Hit | None:
        if hit.chunk_id.endswith("#0"):
            return None
        row = index.rows.get(f"{hit.article_id}#0")
        if row is None:
            return None
        chunk = index.chunks[row]
        return Hit(
            chunk_id=chunk.chunk_id, article_id=chunk.article_id, title=chunk.title, heading=chunk.heading,
            text=chunk.body, language=chunk.language, source_url=chunk.source_url, reviewed=chunk.reviewed,
            score=0.0, relevance=hit.relevance, other_language=hit.other_language, audience=chunk.audience,
            counties=chunk.counties, topics=chunk.topics, dense=hit.dense,
        )

    # -- answers ---------------------------------------------------------------------------
    def answer(self, question: str, language: str, topic_hint: str | None = None, *, audience: str | None = None, county: str | None = None) -> Answer:
        """One to three sentences that answer the question, with sources and a confidence.

        ``topic_hint`` is the conversation's earlier question; it steers the search (as its
        ``context``) for a follow-up such as "and the deadline?"."""
        hint = topic_hint.strip() if topic_hint and topic_hint.strip() else None
        retrieval = self.retrieve(question, language, k=3, audience=audience, county=county, context=hint)
        return compose_answer(
            retrieval,
            threshold=self.settings.answer_threshold,
            max_sentences=self.settings.answer_max_sentences,
        )
