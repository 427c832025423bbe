"""KnowledgeBase: hybrid search (BM25 + dense, weighted score fusion) over the on-disk index.

The constructor only keeps the settings; ``warm_up()`` loads the index and the embedder once.
"""
from __future__ import annotations


import dataclasses
import datetime as dt
import logging
import re
import threading
from collections import OrderedDict
import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from knowledge.analysis import Analyzer, pipeline, lemma_table
from knowledge.answer import compose_answer
from knowledge.answer_types import question_types, without_cue_words
from knowledge.conditions import Conditions, agreement, query_conditions
from knowledge.dense import Embedder, cosines, make_embedder
from knowledge.evidence import ArticleTerms, article_coverage, distinctiveness
from knowledge.fusion import reciprocal_rank_fusion, scaled_by_best, score_fusion
from knowledge.index import IndexNotFound, LoadedIndex, build_index, current_path, read_index
from knowledge.origin import generic_origin
from knowledge.results import NORWEGIAN, Answer, Hit, Retrieval, same_analysis
from core.settings import KnowledgeSettings

log = logging.getLogger("veivalg.knowledge")
QUERY_CACHE_SIZE = 2048
LEXICAL_WEIGHT_IN_RELEVANCE = 0.5
# Ukrainian, Polish and Arabic have only light stemming (no lemma tables), so a question and the
# sentence that answers it often share few terms: their relevance leans on the dense similarity.
LEXICAL_WEIGHT_IN_RELEVANCE_BY_LANGUAGE = {"uk": 0.15, "pl": 0.2, "ar": 0.2}

# Re-ranking of the best fused candidates by what the question asks and combines (see
# bench/answers.py). Each is a share of the fused score added or taken away:
RERANK_CANDIDATES = 30  # per language list, before the top k are kept
QUESTION_WEIGHT = 0.35  # x the calibrated match with an editor's question mapped to the chunk
QUESTION_ARTICLE_SHARE = 0.3  # ... and this share of it for the article's other chunks
ANSWER_TYPE_WEIGHT = 0.12  # the chunk holds the kind of fact asked for (a date for "when" ...)
CONDITION_WEIGHT = 0.25  # x agreement (0..1) of level and audience with the article
CONFLICT_WEIGHT = 0.6  # x disagreement (-1..0)
AUDIENCE_WEIGHT = 0.05  # the triage's audience is among the article's
STALE_PENALTY = 0.05  # the article is past its review date
CROSS_LANGUAGE_OFFSET = 0.2
# Norwegian words in a question asked in Ukrainian, Polish or Arabic get their own BM25 signal.
MIXED_LANGUAGE_QUERIES = frozenset({"uk", "pl", "ar"})
NORWEGIAN_WORDS_WEIGHT = 0.25
# A hit this much more relevant than the first one of the fused ranking leads the answer.
LEAD_BY_RELEVANCE = 0.3
RELEVANCE_POOL = 5  # retrieve() looks this far down the fused ranking for a far more relevant hit
LEXICAL_SIGNALS = frozenset({"lexical", "context_lexical", "names"})
SENTENCE_DENSE_WEIGHT = 0.5  # the chunk's best sentence's similarity, beside the chunk's own  # what a fallback hit of another article gets before it is compared
MAX_BONUS = QUESTION_WEIGHT + ANSWER_TYPE_WEIGHT + CONDITION_WEIGHT + AUDIENCE_WEIGHT
# An editor's question is embedded as a query: query-to-query cosines run higher than
# query-to-passage ones, so they get their own "unrelated" .. "the same question" range.
QUESTION_SIMILARITY_RANGE = (0.86, 0.96)

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
        # Per loaded index: arrays and tables every search reads (built once, see ``_tables_of``).
        self._tables: tuple[LoadedIndex, dict] | None = None
        self._checked_at = time.monotonic()
        # Today's date (ISO), for articles past their review date; tests pass a fixed day.
        self.today: Callable[[], str] = lambda: dt.date.today().isoformat()

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
            index.lexical.prepare_corrections()
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
        conversation text that steers ranking for follow-up questions. ``audience`` keeps only
        articles for that audience; ``county`` keeps national articles and those of the county.
        """
        self.maybe_refresh()
        index = self.index  # one snapshot for the whole search (a refresh may swap self._index)
        if not index.chunks or not query.strip():
            return []
        hits, _ = self._ranked(index, query, language, k, audience, county, context)
        return hits

    def retrieve(
        self,
        query: str,
        language: str,
        k: int = 5,
        audience: str | None = None,
        county: str | None = None,
        *,
        context: str | None = None,
        prefer_audience: str | None = None,
    ) -> Retrieval:
        """``search()`` with what an answer is composed from: the lead chunk of the best hit's
        article, the query's terms and vector, analysers and the lexical statistics of the same
        snapshot. ``prefer_audience`` (the triage's audience) favours that audience's articles
        without leaving the others out (``audience`` filters)."""
        self.maybe_refresh()
        index = self.index
        if not index.chunks or not query.strip():
            return Retrieval(query, language)
        # A few more hits than asked for: the chunk an editor's question names can rank just below
        # the first k when other articles share more of the question's words ("... degree").
        hits, signals = self._ranked(index, query, language, max(k, RELEVANCE_POOL), audience, county, context,
                                     prefer_audience)
        if not hits:
            return Retrieval(query, language)
        hits = self._most_relevant_first(hits)[:k]
        lead = self._lead_hit(index, hits[0])
        languages = dict.fromkeys([language, *(h.language for h in hits), *([lead.language] if lead else [])])
        analyzers = tuple(Analyzer(lang, index.compounds) for lang in languages)
        query_terms = tuple(analyzers[0].terms(generic_origin(query, language)))
        query_terms = tuple(index.lexical.corrected(query_terms))
        coverage, distinct = self._evidence(index, signals, hits[0], query_terms)
        return Retrieval(
            query=query,
            language=language,
            hits=tuple(hits),
            lead=lead,
            query_terms=query_terms,
            analyzers=analyzers,
            lexical=index.lexical,
            query_vector=signals["query_vector"],
            similarity_range=tuple(self.embedder.similarity_range),
            today=signals["today"],
            article=self._article_hits(signals, hits[0]),
            article_coverage=coverage,
            distinctiveness=distinct,
        )

    def _evidence(self, index: LoadedIndex, signals: dict, top: Hit, query_terms: tuple[str, ...]) -> tuple[float | None, float | None]:
        """The top hit's article: its coverage of the query's words (where the analyses meet) and
        how far it stands out from the other articles of its language (``knowledge.evidence``)."""
        tables = self._tables_of(index)
        coverage = None
        if query_terms and same_analysis(signals["language"], top.language):
            article = tables["article_terms"].of(top.article_id)
            coverage = article_coverage(index.lexical, query_terms, article)
            if "context_terms" in signals:  # a follow-up ("and how long?") leans on the earlier turns
                coverage = max(coverage, article_coverage(index.lexical, signals["context_terms"], article))
        number = tables["article_number"].get(top.article_id)
        distinct = None
        if number is not None:
            in_language = tables["languages"] == top.language
            distinct = distinctiveness(signals["dense"], tables["article_index"], in_language, number)
            if "context_dense" in signals:
                distinct = max(distinct, distinctiveness(signals["context_dense"], tables["article_index"], in_language, number))
        return coverage, distinct

    def _tables_of(self, index: LoadedIndex) -> dict:
        """Arrays over the index's chunks that do not change between searches, built once per index."""
        cached = self._tables
        if cached is not None and cached[0] is index:
            return cached[1]
        numbers: dict[str, int] = {}
        for chunk in index.chunks:
            numbers.setdefault(chunk.article_id, len(numbers))
        tables = {
            "languages": np.array([c.language for c in index.chunks]),
            "article_number": numbers,
            "article_index": np.array([numbers[c.article_id] for c in index.chunks], dtype=np.int64),
            "article_terms": ArticleTerms(index.lexical, index.article_rows),
            "everyone": np.ones(len(index.chunks), dtype=bool),
            # Per language, every chunk's text lower-cased in one string: is a word the question
            # names anywhere in that language's articles?
            "texts": {lang: "\n".join(f"{c.title} {c.heading} {c.body}".lower() for c in index.chunks if c.language == lang)
                      for lang in dict.fromkeys(c.language for c in index.chunks)},
        }
        self._tables = (index, tables)
        return tables

    def _ranked(
        self, index: LoadedIndex, query: str, language: str, k: int, audience: str | None, county: str | None,
        context: str | None, prefer_audience: str | None = None,
    ) -> tuple[list[Hit], dict]:
        signals = self._signals(index, query, language, context)
        signals["conditions"] = query_conditions(query, language, prefer_audience)
        signals["types"] = question_types(query, language)
        signals["prefer_audience"] = prefer_audience
        signals["today"] = self.today()
        tables = self._tables_of(index)
        if audience is None and county is None:
            allowed = tables["everyone"]
        else:
            allowed = np.array([self._passes(c, audience, county) for c in index.chunks], dtype=bool)
        languages = tables["languages"]
        primary = self._rank(signals, allowed & (languages == language), k, other_language=False)
        fallback_languages = [lang for lang in self.settings.fallback_languages if lang != language]
        confident = bool(primary) and primary[0].relevance >= self.settings.answer_threshold
        if confident and language in self.settings.fallback_languages:
            return primary, signals
        fallback = self._rank(signals, allowed & np.isin(languages, fallback_languages), k, other_language=True)
        # Relevance in the asked language mixes dense similarity with term coverage; a fallback
        # hit in another language has only the dense part. Compared on the scale they share, so a
        # question in bokmål is not answered from an English article that merely embeds closer.
        # What the re-ranking found (the kind of fact asked for, an editor's question, the level
        # and audience) counts on both sides: the right article in another language beats a wrong
        # one in the asked language.
        def comparable(hit: Hit) -> float:
            # Without Norwegian words named in the question both readings agree: no second computation.
            relevance = (self.relevance(signals, index.rows[hit.chunk_id], named=False)
                         if signals.get("names_terms") else hit.relevance)
            # Where the analyses meet (a nynorsk question, a bokmål article) the fallback hit's
            # relevance holds the same term coverage as the asked language's: the same scale.
            shared = not hit.other_language or same_analysis(language, hit.language)
            base = max(relevance, hit.dense) if shared else relevance
            return base + signals["bonus"].get(hit.chunk_id, 0.0)

        def named_first(result: list[Hit]) -> list[Hit]:
            # A Norwegian name the question gives ("Y-veien") that no article in the asked language
            # holds: the person asks about that thing, and only another language's article knows
            # it. When the best hit does not name them all (other words of the question pulled the
            # ranking elsewhere), the articles that name the most of them come first.
            unknown = [w.lower() for w in signals.get("named_words", ())
                       if w.lower() not in tables["texts"].get(language, "")]
            if not unknown or not result or all(
                w in f"{result[0].title} {result[0].heading} {result[0].text}".lower() for w in unknown
            ):
                return result
            named = self._naming_hits(index, signals, unknown, allowed & np.isin(languages, fallback_languages), k)
            # Their relevance with the name counted: without it a uk/pl/ar question is far from a
            # bokmål text by its vector alone, and the article about the named thing was dropped.
            named = [h for h in named
                     if h.relevance + self._cross_language_offset(language, h) >= self.settings.answer_threshold]
            if not named:
                return result
            chosen = {h.chunk_id for h in named}
            return (named + [h for h in result if h.chunk_id not in chosen])[:k]

        if confident:
            # A language with few articles (uk, pl, ar) always has *some* relevant-looking hit;
            # a fallback article that is clearly closer wins (e.g. Samordna opptak asked in uk).
            # Across languages e5 similarities run lower than within one, so a fallback hit of
            # *another* article gets CROSS_LANGUAGE_OFFSET before the comparison; a translation
            # of the article already found never replaces it.
            best = comparable(primary[0])
            found = self._group(index, primary[0].article_id)
            better = [
                h for h in fallback
                if self._group(index, h.article_id) != found
                and comparable(h) + self._cross_language_offset(language, h) >= best + self.settings.fallback_margin
            ]
            if not better:
                return named_first(primary), signals
            fallback = better
        found = self._group(index, primary[0].article_id) if primary else None

        def merged_key(hit: Hit) -> tuple[float, float]:
            other = hit.other_language and self._group(index, hit.article_id) != found
            return comparable(hit) + (self._cross_language_offset(language, hit) if other else 0.0), hit.score

        merged = sorted(primary + fallback, key=merged_key, reverse=True)
        return named_first(merged[:k]), signals

    @staticmethod
    def _most_relevant_first(hits: list[Hit]) -> list[Hit]:
        """The fused ranking orders by evidence of being on the topic; a hit further down that is
        far more relevant to the question itself (it matches an editor's question for it, or
        covers the question's terms much better) is the chunk the answer is built from."""
        best = max(hits, key=lambda h: h.relevance)
        if best is hits[0] or best.other_language != hits[0].other_language \
                or best.relevance < hits[0].relevance + LEAD_BY_RELEVANCE:
            return hits
        return [best] + [h for h in hits if h is not best]

    def _naming_hits(self, index: LoadedIndex, signals: dict, words: list[str], mask: np.ndarray, k: int) -> list[Hit]:
        """The chunks (of ``mask``) that hold the named words: those that hold the most of them
        first, then those where the names weigh most (the article about "opptaksprøve" before one
        that mentions it in passing), then the most relevant."""
        held: dict[int, int] = {}
        for row in np.flatnonzero(mask):
            chunk = index.chunks[int(row)]
            text = f"{chunk.title} {chunk.heading} {chunk.body}".lower()
            count = sum(w in text for w in words)
            if count:
                held[int(row)] = count
        names = signals.get("names")
        relevance = {row: self.relevance(signals, row) for row in held}
        ranked = sorted(held, key=lambda row: (held[row], float(names[row]) if names is not None else 0.0,
                                               relevance[row]), reverse=True)[:k]
        return [self._hit(signals, row, relevance[row], True) for row in ranked]

    @staticmethod
    def _cross_language_offset(language: str, hit: Hit) -> float:
        """What a fallback hit gets before it is compared with a hit in the asked language: only
        for the languages with few articles of their own (uk, pl, ar), and only across scripts of
        analysis (a nynorsk question is not answered from English because e5 likes it)."""
        if language not in MIXED_LANGUAGE_QUERIES or same_analysis(language, hit.language):
            return 0.0
        return CROSS_LANGUAGE_OFFSET

    @staticmethod
    def _group(index: LoadedIndex, article_id: str) -> str:
        """The bokmål original's id for a translation (an article and its translations share it)."""
        return index.groups.get(article_id, article_id)

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
        # "my degree from Syria" is searched as the articles put it: "from abroad" (knowledge.origin).
        query = generic_origin(query, language)
        context = generic_origin(context, language) if context else context
        analyzer = Analyzer(language, index.compounds)
        terms, parts = analyzer.analyse(without_cue_words(query))
        terms = index.lexical.corrected(terms)  # "permitert" is searched as the articles spell it
        texts = [query] + ([context] if context else [])
        vectors = self.embed_queries(texts)
        if context:
            # The follow-up read with what came before: the mean of the two vectors (the earlier
            # question's is usually cached from its own turn) instead of embedding both texts again
            # as one (e5 costs about a millisecond per token here).
            both = vectors[0] + vectors[1]
            vectors = np.vstack([vectors[0], both / max(float(np.linalg.norm(both)), 1e-9)])
        signals = {
            "index": index,
            "language": language,
            "terms": terms + parts,
            "lexical": index.lexical.scores(terms, parts),
            "dense": index.vectors.similarities(vectors[0]),
            "query_vector": vectors[0],
            "questions": self._question_matches(index, vectors[0], terms + parts, language),
            "bonus": {},
        }
        if SENTENCE_DENSE_WEIGHT and index.sentence_vectors is not None and len(index.sentence_vectors):
            signals["sentence_dense"] = self._best_sentences(index, vectors[0])
        norwegian = self._norwegian_words(index, query, language)
        if norwegian:
            signals["named_words"] = tuple(norwegian)
            names_terms, names_parts = Analyzer("nb", index.compounds).analyse(" ".join(norwegian))
            signals["names"] = index.lexical.scores(names_terms, names_parts)
            signals["names_terms"] = names_terms + names_parts
        if context:
            context_terms, context_parts = analyzer.analyse(context)
            signals["context_lexical"] = index.lexical.scores(terms + context_terms, parts + context_parts)
            signals["context_terms"] = terms + parts + context_terms + context_parts
            signals["context_dense"] = index.vectors.similarities(vectors[1])
        return signals

    @staticmethod
    def _best_sentences(index: LoadedIndex, vector: np.ndarray) -> np.ndarray:
        """Per chunk, the cosine of its sentence closest to the query (a chunk with one sentence
        that says just what was asked ranks up, however long the rest of it is)."""
        similarities = cosines(index.sentence_vectors, vector)
        offsets = index.sentence_offsets
        best = np.full(len(index.chunks), -1.0, dtype=np.float32)
        filled = offsets[1:] > offsets[:-1]
        best[filled] = np.maximum.reduceat(similarities, offsets[:-1][filled])
        return best

    def _norwegian_words(self, index: LoadedIndex, query: str, language: str) -> list[str]:
        """Norwegian words in a question in another language ("Скільки триває introduksjonsprogrammet?",
        "kto wydaje skattekort?"): immigrants often name the Norwegian thing they ask about. They
        are matched with the bokmål analysis, so they also find articles in bokmål and English."""
        if language not in MIXED_LANGUAGE_QUERIES:
            return []
        words = re.findall(r"[^\W\d_][\w-]*", query)
        vocabulary = index.compounds.vocabulary
        bokmal = None
        found = []
        for w in words:
            if len(w) < 5:
                continue
            if w.lower() in vocabulary:
                found.append(w)
            elif "-" in w.strip("-"):  # a hyphenated name ("Y-veien") is not in the vocabulary of plain words
                if bokmal is None:
                    bokmal = self._tables_of(index)["texts"].get("nb", "")
                if w.lower() in bokmal:
                    found.append(w)
        return found

    def remember_query_vector(self, text: str, vector: np.ndarray) -> bool:
        """Take a query vector computed elsewhere with the same model (Rasa's e5 featuriser embeds
        every citizen message; the action server gets that vector with the parsed message), so
        the same text is not embedded twice. Refused (False) when its shape does not fit."""
        vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        if not text or vector.shape != (self.embedder.dim,) or not np.isfinite(vector).all():
            return False
        norm = float(np.linalg.norm(vector))
        if norm < 1e-6:
            return False
        with self._cache_lock:
            self._query_cache[text] = vector / norm
            self._query_cache.move_to_end(text)
            while len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return True

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

    def relevance(self, signals: dict, row: int, *, named: bool = True) -> float:
        """0..1: calibrated dense similarity, averaged with the query's term coverage when the
        chunk is in a language whose terms can meet the query's. ``named``: a Norwegian chunk's
        coverage of the Norwegian words in a uk/pl/ar question counts too (for the confidence of
        an answer; the ranking across languages compares without it, see ``_ranked``)."""
        index = signals["index"]
        chunk = index.chunks[row]
        dense = float(self.dense_confidence(signals["dense"][row]))
        if "context_dense" in signals:
            dense = max(dense, 0.8 * float(self.dense_confidence(signals["context_dense"][row])))
        asked = float(signals["questions"][row]) if len(signals.get("questions", ())) else 0.0
        if not same_analysis(signals["language"], chunk.language) or not signals["terms"]:
            named_words = signals.get("names_terms")
            if named and chunk.language in NORWEGIAN and named_words:
                # The Norwegian words of a question in uk/pl/ar ("skattekort") meet a Norwegian
                # chunk's terms like a Norwegian question's would (one analysis, same weight).
                coverage = index.lexical.coverage(named_words, index.lexical.terms_of(row))
                dense = max(dense, (1 - LEXICAL_WEIGHT_IN_RELEVANCE) * dense + LEXICAL_WEIGHT_IN_RELEVANCE * coverage)
            return max(dense, asked)
        coverage = index.lexical.coverage(signals["terms"], index.lexical.terms_of(row))
        w = LEXICAL_WEIGHT_IN_RELEVANCE_BY_LANGUAGE.get(signals["language"], LEXICAL_WEIGHT_IN_RELEVANCE)
        return max((1 - w) * dense + w * coverage, asked)

    def _rank(self, signals: dict, mask: np.ndarray, k: int, other_language: bool) -> list[Hit]:
        rows = np.flatnonzero(mask)
        if rows.size == 0:
            return []
        if self.settings.fusion == "rrf":
            fused = self._rank_fusion(signals, rows)
        else:
            fused = self._score_fusion(signals, rows)
        fused = self._reranked(signals, fused[: max(k, RERANK_CANDIDATES)])[:k]
        return [self._hit(signals, int(row), float(score), other_language) for row, score in fused]

    def _hit(self, signals: dict, row: int, score: float, other_language: bool) -> Hit:
        index = signals["index"]
        chunk = index.chunks[row]
        questions = signals["questions"]
        return Hit(
            chunk_id=chunk.chunk_id,
            article_id=chunk.article_id,
            title=chunk.title,
            heading=chunk.heading,
            text=chunk.body,
            language=chunk.language,
            source_url=chunk.source_url,
            reviewed=chunk.reviewed,
            score=score,
            relevance=round(self.relevance(signals, row), 4),
            other_language=other_language,
            audience=chunk.audience,
            counties=chunk.counties,
            topics=chunk.topics,
            dense=round(float(self.dense_confidence(signals["dense"][row])), 4),
            review_by=chunk.review_by,
            sentences=chunk.sentences,
            sentence_vectors=index.sentence_vectors_of(row),
            question_match=round(float(questions[row]), 4) if len(questions) else 0.0,
        )

    def _article_hits(self, signals: dict, top: Hit) -> tuple[Hit, ...]:
        """Every chunk of the top hit's article, in reading order, scored for this query."""
        index = signals["index"]
        return tuple(self._hit(signals, row, 0.0, top.other_language) for row in index.article_rows.get(top.article_id, []))

    def _question_matches(self, index: LoadedIndex, vector: np.ndarray, terms: list[str], language: str) -> np.ndarray:
        """Per chunk row, 0..1: how closely the query matches an editor's question (front matter
        ``questions:``) mapped to that chunk; the article's other chunks get a share of it."""
        if not index.questions or index.question_vectors is None or not len(index.question_vectors):
            return np.zeros(0, dtype=np.float32)
        low, high = QUESTION_SIMILARITY_RANGE
        similarity = np.clip((cosines(index.question_vectors, vector) - low) / (high - low), 0.0, 1.0)
        scores = np.zeros(len(index.chunks), dtype=np.float32)
        article_best: dict[str, float] = {}
        for question, value in zip(index.questions, similarity):
            value = float(value)
            if value <= 0.0:
                continue
            if terms and question.terms and same_analysis(language, question.language):
                # The same words as the editor's question confirm a close vector; a word the
                # editor's question needs and the query lacks ("... med realkompetanse") weakens it.
                value = (0.7 * value + 0.15 * index.lexical.coverage(terms, question.terms)
                         + 0.15 * index.lexical.coverage(question.terms, terms))
            scores[question.row] = max(scores[question.row], value)
            article_best[question.article_id] = max(article_best.get(question.article_id, 0.0), value)
        for article_id, best in article_best.items():
            rows = index.article_rows.get(article_id, [])
            scores[rows] = np.maximum(scores[rows], QUESTION_ARTICLE_SHARE * best)
        return scores

    def _reranked(self, signals: dict, fused: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """The fused candidates re-ordered by what the question asks and combines: a chunk that
        holds the kind of fact asked for, matches an editor's question, or fits the level and
        audience the question names rises; a stale article sinks a little. The adjustment of each
        chunk is kept in ``signals["bonus"]`` (comparing hits across languages uses it)."""
        if not fused:
            return fused
        index = signals["index"]
        kinds: tuple[str, ...] = signals["types"]
        conditions: Conditions = signals["conditions"]
        preferred = signals["prefer_audience"]
        today = signals["today"]
        questions = signals["questions"]
        top = max(score for _, score in fused) or 1.0
        adjusted = []
        for row, score in fused:
            chunk = index.chunks[row]
            bonus = 0.0
            if len(questions):
                bonus += QUESTION_WEIGHT * float(questions[row])
            if kinds and kinds[0] in chunk.kinds:
                bonus += ANSWER_TYPE_WEIGHT
            if not conditions.empty:
                fit = agreement(conditions, chunk.topics, chunk.audience)
                # An article only for the other level than the one the question names is almost
                # surely the wrong one ("the deadline for university" is not the upper-secondary one).
                bonus += (CONDITION_WEIGHT if fit >= 0 else CONFLICT_WEIGHT) * fit
            if preferred and preferred in chunk.audience:
                bonus += AUDIENCE_WEIGHT
            if chunk.review_by and chunk.review_by < today:
                bonus -= STALE_PENALTY
            signals["bonus"][chunk.chunk_id] = bonus
            # Divided by the largest possible bonus, so a fused score stays within 0..1.
            adjusted.append((row, max(0.0, score + bonus * top) / (1.0 + MAX_BONUS)))
        adjusted.sort(key=lambda pair: pair[1], reverse=True)
        return adjusted

    def _weighted_signals(self, signals: dict) -> list[tuple[str, float]]:
        """(signal name, weight) of the signals to fuse; context ones only for follow-ups."""
        lexical_weight = self.settings.lexical_weight_for(signals["language"])
        pairs = [("lexical", lexical_weight), ("dense", self.settings.dense_weight)]
        if "names" in signals:
            pairs.append(("names", NORWEGIAN_WORDS_WEIGHT))
        if "sentence_dense" in signals:
            pairs.append(("sentence_dense", SENTENCE_DENSE_WEIGHT))
        if "context_lexical" in signals:
            hint = self.settings.topic_hint_weight
            pairs += [("context_lexical", lexical_weight * hint), ("context_dense", self.settings.dense_weight * hint)]
        return pairs

    def _score_fusion(self, signals: dict, rows: np.ndarray) -> list[tuple[int, float]]:
        """Weighted mean of BM25 scaled by the best candidate and the calibrated dense similarity."""
        names, weights = zip(*self._weighted_signals(signals))
        scaled = [
            scaled_by_best(signals[name][rows]) if name in LEXICAL_SIGNALS else self.dense_confidence(signals[name][rows])
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
            if name in LEXICAL_SIGNALS:
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
            counties=chunk.counties, topics=chunk.topics, dense=hit.dense, review_by=chunk.review_by,
            sentences=chunk.sentences, sentence_vectors=index.sentence_vectors_of(row),
        )

    # -- answers ---------------------------------------------------------------------------
    def answer(
        self,
        question: str,
        language: str,
        topic_hint: str | None = None,
        *,
        audience: str | None = None,
        county: str | None = None,
        context: str | None = None,
        focus: str | None = None,
    ) -> Answer:
        """One to three sentences that answer the question, with sources and a confidence.

        ``topic_hint`` is the conversation's earlier question; it steers the search (as its
        ``context``) for a follow-up such as "and the deadline?"; ``context`` is more earlier
        conversation text to the same end. ``audience`` and ``county`` come from the triage when
        known: the audience's articles are preferred (others still count), the county keeps
        national articles and its own. ``focus`` (a follow-up's own words, when the question
        searched for also holds what came before) is what the answer's sentences are chosen by:
        their words, not the earlier turn's."""
        parts = [p.strip() for p in (topic_hint, context) if p and p.strip()]
        hint = "\n".join(dict.fromkeys(parts)) or None
        retrieval = self.retrieve(question, language, k=3, county=county, context=hint, prefer_audience=audience)
        if focus and retrieval.hits:
            terms = tuple(retrieval.analyzer(language).terms(focus))
            if terms:
                retrieval = dataclasses.replace(retrieval, query_terms=terms)
        return compose_answer(
            retrieval,
            threshold=self.settings.answer_threshold,
            max_sentences=self.settings.answer_max_sentences,
        )
